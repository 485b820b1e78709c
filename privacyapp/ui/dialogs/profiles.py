"""Profiles on this computer: open one, add one, rename or delete one (with its backups and keyring entry)."""

from __future__ import annotations

from typing import TYPE_CHECKING

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
from privacyapp.i18n import _
from privacyapp.ui.pages.common import label
from privacyapp.ui.state.keys import KeysState
from privacyapp.ui.state.session import Session
from privacyapp.ui.tasks import Failed, Ok, Outcome

if TYPE_CHECKING:
    from privacyapp.core.profile.manager import ProfileInfo


class ProfilesDialog(QDialog):
    """`chosen` names the profile to open after accept(); `new_profile` asks for the wizard."""

    def __init__(self, session: Session, keys: KeysState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.keys = keys
        self.chosen: str | None = None
        self.new_profile = False
        self.setWindowTitle(_("Profiles"))
        self.setMinimumSize(460, 340)
        layout = QVBoxLayout(self)
        layout.addWidget(label(_("Each person on this computer can have their own profile.")))
        self.list = QListWidget()
        self.list.setAccessibleName(_("Profiles"))
        self.list.itemDoubleClicked.connect(lambda _item: self._open())
        layout.addWidget(self.list)
        row = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, text, name, slot in (
            ("new", _("New profile…"), _("New profile"), self._new),
            ("rename", _("Rename…"), _("Rename"), self._rename),
            ("delete", _("Delete…"), _("Delete"), self._delete),
            ("open", _("Open"), _("Open"), self._open),
        ):
            button = QPushButton(text)
            button.setAccessibleName(name)
            button.clicked.connect(slot)
            self.buttons[key] = button
            if key == "open":
                row.addStretch(1)
                button.setDefault(True)
            row.addWidget(button)
        layout.addLayout(row)
        self.refresh()

    def refresh(self) -> None:
        """List the profiles (reading their headers: in the background)."""
        for key in ("rename", "delete", "open"):
            self.buttons[key].setEnabled(False)
        self.session.list_profiles(self, self._fill)

    def _fill(self, profiles: list[ProfileInfo], _last: str | None) -> None:
        self.list.clear()
        current = self.session.profile_name
        for info in profiles:
            if info.name == current and info.problem:
                # Translators: a profile in the list, open now; {problem} says what is wrong with its file
                text = _("{name}   (open now)   ({problem})").format(name=info.name, problem=info.problem)
            elif info.name == current:
                text = _("{name}   (open now)").format(name=info.name)
            elif info.problem:
                # Translators: a profile in the list; {problem} says why it cannot be opened
                text = _("{name}   ({problem})").format(name=info.name, problem=info.problem)
            else:
                text = info.name
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
        if self.session.profile_name == name:
            QMessageBox.information(self, _("Rename"), _("Lock or switch away from this profile before renaming it."))
            return
        new, ok = QInputDialog.getText(
            self, _("Rename profile"), _("New name for “{name}”:").format(name=name), text=name
        )
        if ok and new.strip() and new.strip() != name:

            def renamed(outcome: Outcome[object]) -> None:
                if isinstance(outcome, Failed):
                    error = outcome.error
                    text = error.one_line() if isinstance(error, PrivacyAppError) else _("It could not be renamed.")
                    QMessageBox.warning(self, _("Rename"), text)
                self.refresh()

            self.session.rename_profile(name, new, self, renamed)

    def _delete(self) -> None:
        name = self.selected()
        if name is None:
            return
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(_("Delete profile"))
        box.setText(_("Delete the profile “{name}”?").format(name=name))
        box.setInformativeText(
            _(
                "Its progress, notes, accounts and backups are deleted from this computer, and its key is removed "
                "from the keyring. This cannot be undone."
            )
        )
        delete = box.addButton(_("Delete “{name}”").format(name=name), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is not delete:
            return
        self.setEnabled(False)

        def deleted(outcome: Outcome[str]) -> None:
            self.setEnabled(True)
            if isinstance(outcome, Ok):
                if outcome.value:
                    QMessageBox.information(self, _("Delete profile"), outcome.value)
            else:
                error = outcome.error
                fallback = _("The profile could not be deleted.")
                text = error.one_line() if isinstance(error, PrivacyAppError) else fallback
                QMessageBox.warning(self, _("Delete profile"), text)
            self.refresh()

        self.session.delete_profile(name, self.keys.keystore, self, deleted)
