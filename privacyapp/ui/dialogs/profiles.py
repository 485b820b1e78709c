"""Profiles on this computer: open one, add one, rename or delete one (with its backups and keyring entry)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QListWidget,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from privacyapp.core.errors import PrivacyAppError
from privacyapp.ui.pages.common import label
from privacyapp.ui.session import Session


class ProfilesDialog(QDialog):
    """`chosen` names the profile to open after accept(); `new_profile` asks for the wizard."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.chosen: str | None = None
        self.new_profile = False
        self.setWindowTitle("Profiles")
        self.setMinimumSize(460, 340)
        layout = QVBoxLayout(self)
        layout.addWidget(label("Each person on this computer can have their own profile."))
        self.list = QListWidget()
        self.list.setAccessibleName("Profiles")
        self.list.itemDoubleClicked.connect(lambda _item: self._open())
        layout.addWidget(self.list)
        row = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, text, slot in (
            ("new", "New profile…", self._new),
            ("rename", "Rename…", self._rename),
            ("delete", "Delete…", self._delete),
            ("open", "Open", self._open),
        ):
            button = QPushButton(text)
            button.setAccessibleName(text.rstrip("…"))
            button.clicked.connect(slot)
            self.buttons[key] = button
            if key == "open":
                row.addStretch(1)
                button.setDefault(True)
            row.addWidget(button)
        layout.addLayout(row)
        self.refresh()

    def refresh(self) -> None:
        self.list.clear()
        current = self.session.store.folder.name if self.session.store else None
        for info in self.session.profiles():
            text = info.name + ("   (open now)" if info.name == current else "")
            if info.problem:
                text += f"   ({info.problem})"
            self.list.addItem(text)
            self.list.item(self.list.count() - 1).setData(256, info.name)  # Qt.UserRole
        if self.list.count():
            self.list.setCurrentRow(0)
        for key in ("rename", "delete", "open"):
            self.buttons[key].setEnabled(self.list.count() > 0)

    def selected(self) -> str | None:
        item = self.list.currentItem()
        return str(item.data(256)) if item is not None else None

    def _open(self) -> None:
        self.chosen = self.selected()
        if self.chosen:
            self.accept()

    def _new(self) -> None:
        self.new_profile = True
        self.accept()

    def _rename(self) -> None:
        name = self.selected()
        if name is None:
            return
        if self.session.store is not None and self.session.store.folder.name == name:
            QMessageBox.information(self, "Rename", "Lock or switch away from this profile before renaming it.")
            return
        new, ok = QInputDialog.getText(self, "Rename profile", f"New name for “{name}”:", text=name)
        if ok and new.strip() and new.strip() != name:
            try:
                self.session.manager.rename(name, new)
            except PrivacyAppError as exc:
                QMessageBox.warning(self, "Rename", exc.one_line())
            self.refresh()

    def _delete(self) -> None:
        name = self.selected()
        if name is None:
            return
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Delete profile")
        box.setText(f"Delete the profile “{name}”?")
        box.setInformativeText(
            "Its progress, notes, accounts and backups are deleted from this computer, and its key is removed "
            "from the keyring. This cannot be undone."
        )
        delete = box.addButton(f"Delete “{name}”", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is not delete:
            return
        if self.session.store is not None and self.session.store.folder.name == name:
            self.session.close_profile()
        manager, keystore = self.session.manager, self.session.keystore
        self.setEnabled(False)

        def deleted(note: object) -> None:
            self.setEnabled(True)
            if note:
                QMessageBox.information(self, "Delete profile", str(note))
            self.refresh()

        def failed(exc: BaseException) -> None:
            self.setEnabled(True)
            text = exc.one_line() if isinstance(exc, PrivacyAppError) else "The profile could not be deleted."
            QMessageBox.warning(self, "Delete profile", text)
            self.refresh()

        # in the background: removing the keyring entry may wait on the keyring
        self.session.tasks.submit(lambda: manager.delete(name, keystore), deleted, failed, name="profile-delete")
