"""Settings: the profile, how it unlocks, its backups, and moving it to another computer."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QSpinBox,
    QWidget,
)

from privacyapp.core.errors import PrivacyAppError
from privacyapp.core.redact import Secret
from privacyapp.ui.dialogs.new_passphrase import NewPassphraseDialog
from privacyapp.ui.dialogs.recovery import RecoveryCodeDialog
from privacyapp.ui.pages.common import Card, Page, button, label
from privacyapp.ui.session import Session

SLOT_WORDS = {"keyring": "this computer's keyring", "passphrase": "a passphrase"}


def _problem(result: object) -> str | None:
    if isinstance(result, PrivacyAppError):
        return result.one_line()
    if isinstance(result, BaseException):
        return "That did not work. Nothing was changed."
    return None


class SettingsPage(Page):
    def __init__(self, session: Session, switch_profile: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__("Settings", "Your profile, how it unlocks, and its backups.", parent)
        self.session = session

        profile = Card("Profile")
        self.profile_line = label("")
        profile.body.addWidget(self.profile_line)
        row = QHBoxLayout()
        switch = button("Switch or add profiles…", "Switch or add profiles")
        switch.clicked.connect(switch_profile)
        lock = button("Lock now", "Lock now")
        lock.clicked.connect(session.close_profile)
        row.addWidget(switch)
        row.addWidget(lock)
        row.addStretch(1)
        profile.body.addLayout(row)
        idle_row = QHBoxLayout()
        idle_row.addWidget(label("Lock by itself after this many minutes without use (0: never):", wrap=False))
        self.idle = QSpinBox()
        self.idle.setRange(0, 240)
        self.idle.setAccessibleName("Minutes before locking by itself")
        self.idle.valueChanged.connect(self._idle_changed)
        idle_row.addWidget(self.idle)
        idle_row.addStretch(1)
        profile.body.addLayout(idle_row)
        self.content.addWidget(profile)

        unlocking = Card("Unlocking")
        self.slots_line = label("")
        unlocking.body.addWidget(self.slots_line)
        row = QHBoxLayout()
        self.passphrase_button = button("Change passphrase…", "Change passphrase")
        self.passphrase_button.clicked.connect(self._change_passphrase)
        self.keyring_button = button("Use the keyring", "Use the keyring")
        self.keyring_button.clicked.connect(self._toggle_keyring)
        recovery = button("New recovery code…", "Make a new recovery code")
        recovery.clicked.connect(self._new_recovery_code)
        for widget in (self.passphrase_button, self.keyring_button, recovery):
            row.addWidget(widget)
        row.addStretch(1)
        unlocking.body.addLayout(row)
        self.content.addWidget(unlocking)

        backups = Card("Backups")
        backups.body.addWidget(
            label("privacyapp keeps the last 3 versions of your profile, plus one a day for a week.")
        )
        self.backups = QListWidget()
        self.backups.setAccessibleName("Backups")
        self.backups.setFixedHeight(120)
        backups.body.addWidget(self.backups)
        restore = button("Restore selected…", "Restore the selected backup")
        restore.clicked.connect(self._restore)
        restore_row = QHBoxLayout()
        restore_row.addWidget(restore)
        restore_row.addStretch(1)
        backups.body.addLayout(restore_row)
        self.content.addWidget(backups)

        self.password_checks = PasswordChecksCard(session)
        self.content.addWidget(self.password_checks)

        move = Card("Move to another computer")
        move.body.addWidget(
            label("Export your profile to a file sealed with a passphrase, then import it on the other computer.")
        )
        row = QHBoxLayout()
        export = button("Export…", "Export the profile")
        export.clicked.connect(self._export)
        row.addWidget(export)
        import_button = button("Import…", "Import a profile")
        import_button.clicked.connect(self._import)
        row.addWidget(import_button)
        row.addStretch(1)
        move.body.addLayout(row)
        self.content.addWidget(move)
        self.finish()

        # bound methods, not lambdas: Qt drops these connections when the page is deleted
        session.profileOpened.connect(self._profile_opened)
        session.slotsChanged.connect(self.refresh)
        session.saveStateChanged.connect(self._save_state_changed)
        self.refresh()

    def _profile_opened(self, _name: str) -> None:
        self.refresh()

    def _save_state_changed(self, _state: str) -> None:
        self._refresh_backups()

    # --- showing ---------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        store = self.session.store
        if store is None:
            return
        note = "  It was saved by a newer privacyapp, so it is open read-only." if store.read_only else ""
        self.profile_line.setText(f"You are using the profile “{store.folder.name}”.{note}")
        self.idle.blockSignals(True)
        self.idle.setValue(self.session.auto_lock_minutes)
        self.idle.blockSignals(False)
        kinds = store.slot_kinds()
        ways = " and ".join(SLOT_WORDS[k] for k in ("keyring", "passphrase") if k in kinds)
        self.slots_line.setText(f"It opens with {ways}, or with its recovery code.")
        self.passphrase_button.setText("Change passphrase…" if "passphrase" in kinds else "Set a passphrase…")
        self.keyring_button.setText("Stop using the keyring" if "keyring" in kinds else "Use the keyring")
        self._refresh_backups()

    def _refresh_backups(self) -> None:
        store = self.session.store
        self.backups.clear()
        if store is None:
            return
        self._backup_list = store.backups()
        for backup in self._backup_list:
            when = backup.saved.astimezone().strftime("%d %b %Y, %H:%M:%S")
            self.backups.addItem(f"{when}   ({max(1, backup.size // 1024)} KB)")

    # --- actions ---------------------------------------------------------------------------------------------
    def _idle_changed(self, minutes: int) -> None:
        if self.session.data is not None:
            self.session.update(settings={**self.session.data.settings, "auto_lock_minutes": minutes})

    def _report(self, title: str, success: str) -> Callable[[Any], None]:
        def done(result: Any) -> None:
            problem = _problem(result)
            if problem:
                QMessageBox.warning(self, title, problem)
            elif success:
                QMessageBox.information(self, title, success)

        return done

    def _change_passphrase(self) -> None:
        store = self.session.store
        if store is None:
            return
        if "passphrase" in store.slot_kinds():
            current, ok = QInputDialog.getText(
                self, "Change passphrase", "Your current passphrase:", QLineEdit.EchoMode.Password
            )
            if not ok:
                return
            if not store.verify_passphrase(Secret(current)):
                QMessageBox.warning(self, "Change passphrase", "That is not the current passphrase.")
                return
        dialog = NewPassphraseDialog(self.session.tasks, "New passphrase", "Choose the new passphrase.", self)
        if dialog.exec() and dialog.value is not None:
            value, kdf = dialog.value, self.session.kdf_params
            self.session.run_on_store(
                "set-passphrase",
                lambda s: s.set_passphrase(value, kdf()),
                self._report("Passphrase", "The new passphrase is set."),
            )

    def _toggle_keyring(self) -> None:
        store = self.session.store
        if store is None:
            return
        keystore = self.session.keystore
        if "keyring" in store.slot_kinds():
            self.session.run_on_store(
                "remove-keyring", lambda s: s.remove_keyring(keystore), self._report("Keyring", "")
            )
        else:
            self.session.run_on_store("add-keyring", lambda s: s.add_keyring(keystore), self._report("Keyring", ""))

    def _new_recovery_code(self) -> None:
        answer = QMessageBox.question(
            self,
            "New recovery code",
            "Make a new recovery code? The old one will stop working.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return

        def done(result: Any) -> None:
            if isinstance(result, Secret):
                RecoveryCodeDialog(result, self).exec()
            else:
                self._report("New recovery code", "")(result)

        self.session.run_on_store("recovery-code", lambda s: s.new_recovery_code(), done)

    def _restore(self) -> None:
        row = self.backups.currentRow()
        if row < 0 or row >= len(self._backup_list):
            QMessageBox.information(self, "Restore", "Choose a backup in the list first.")
            return
        backup = self._backup_list[row]
        when = backup.saved.astimezone().strftime("%d %B %Y at %H:%M")
        answer = QMessageBox.question(
            self,
            "Restore a backup",
            f"Go back to the version saved on {when}? Changes made since then will be undone "
            "(the current version is kept as a backup, so you can come back to it).",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.session.run_on_store("restore", lambda s: s.restore(backup), self._report("Restore", ""))

    def _export(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, "Export profile", str(Path.home() / "privacyapp-profile.pvault"), "privacyapp profile (*.pvault)"
        )
        if not path:
            return
        dialog = NewPassphraseDialog(
            self.session.tasks,
            "Passphrase for the export",
            "The export file is sealed with this passphrase. You will type it on the other computer.",
            self,
        )
        if not dialog.exec() or dialog.value is None:
            return
        value, kdf, target = dialog.value, self.session.kdf_params, Path(path)

        def export(store: Any) -> None:
            from privacyapp.core.profile.disk import Disk

            target.unlink(missing_ok=True)  # the file dialog already asked whether to replace it
            Disk().write_new(target, store.export_bytes(value, kdf()))

        self.session.run_on_store("export", export, self._report("Export", f"Exported to {target}."))

    def _import(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, "Import profile", str(Path.home()), "privacyapp profile (*.pvault);;All files (*)"
        )
        if not path:
            return
        export_passphrase, ok = QInputDialog.getText(
            self, "Import profile", "The passphrase the export was sealed with:", QLineEdit.EchoMode.Password
        )
        if not ok or not export_passphrase:
            return
        name, ok = QInputDialog.getText(self, "Import profile", "A name for the imported profile:")
        if not ok or not name.strip():
            return
        status = self.session.keyring_status
        use_keyring = status is not None and status.works
        passphrase = None
        if not use_keyring:
            dialog = NewPassphraseDialog(
                self.session.tasks, "Passphrase", "This computer has no keyring: choose a passphrase.", self
            )
            if not dialog.exec() or dialog.value is None:
                return
            passphrase = dialog.value

        def done(result: Any) -> None:
            if isinstance(result, Secret):
                RecoveryCodeDialog(result, self).exec()
            else:
                self._report("Import", "")(result)

        self.session.import_profile(Path(path), Secret(export_passphrase), name, passphrase, use_keyring, done)


class PasswordChecksCard(Card):
    """Settings for breach checks: online or not, an offline hash file, and what was sent this session."""

    def __init__(self, session: Session) -> None:
        super().__init__("Checking passwords for leaks")
        self.session = session
        self.body.addWidget(
            label(
                "Online checks send only the first 5 characters of a scrambled code (SHA-1 hash) of a password, and "
                "only when you press “Check for leaks”. With an offline hash file nothing is sent at all."
            )
        )
        row = QHBoxLayout()
        self.mode = QComboBox()
        self.mode.setAccessibleName("Online checks")
        for value, text in (
            ("ask", "Ask me the first time"),
            ("allowed", "Allow online checks"),
            ("forbidden", "Never check online"),
        ):
            self.mode.addItem(text, value)
        self.mode.currentIndexChanged.connect(self._mode_changed)
        row.addWidget(label("Online checks:", wrap=False))
        row.addWidget(self.mode)
        row.addStretch(1)
        self.body.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(label("Service address:", wrap=False))
        self.address = QLineEdit()
        self.address.setAccessibleName("Pwned Passwords service address")
        self.address.setToolTip("An organisation can use its own copy of the service (a mirror) here")
        self.address.editingFinished.connect(self._address_changed)
        row.addWidget(self.address, 1)
        self.body.addLayout(row)
        self.address_problem = label("", style="muted")
        self.address_problem.hide()
        self.body.addWidget(self.address_problem)
        row = QHBoxLayout()
        self.offline = label("", wrap=True)
        self.offline.setAccessibleName("Offline hash file")
        choose = button("Choose a file…", "Choose an offline hash file")
        choose.clicked.connect(self._choose_file)
        clear = button("Stop using it", "Stop using the offline hash file")
        clear.clicked.connect(lambda: session.set_offline_source(""))
        row.addWidget(self.offline, 1)
        row.addWidget(choose)
        row.addWidget(clear)
        self.body.addLayout(row)
        self.body.addWidget(label("Sent this session:", style="card-title"))
        self.activity = QListWidget()
        self.activity.setAccessibleName("Network activity this session")
        self.activity.setFixedHeight(90)
        self.body.addWidget(self.activity)
        session.dataChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        self.mode.blockSignals(True)
        self.mode.setCurrentIndex(max(0, self.mode.findData(self.session.online_checks)))
        self.mode.blockSignals(False)
        if not self.address.hasFocus():
            self.address.setText(self.session.pwned_passwords_url)
        path = self.session.offline_source_path
        self.offline.setText(f"Offline hash file: {path}" if path else "No offline hash file (checks go online).")
        self.activity.clear()
        for request in self.session.network_log:
            when = request.time.astimezone().strftime("%H:%M:%S")
            self.activity.addItem(f"{when}  {request.host}{request.path}  ({request.outcome})")
        if not self.session.network_log:
            self.activity.addItem("Nothing: privacyapp has sent no request this session.")

    def _address_changed(self) -> None:
        url = self.address.text().strip()
        if url == self.session.pwned_passwords_url:
            return
        local = url.startswith(("http://127.0.0.1", "http://localhost", "http://[::1]"))
        if url and not (url.startswith("https://") or local):
            self.address_problem.setText("Use an https:// address, so that what is sent cannot be read on the way.")
            self.address_problem.show()
            return
        self.address_problem.hide()
        self.session.set_pwned_passwords_url(url)

    def _mode_changed(self) -> None:
        self.session.set_online_checks(str(self.mode.currentData()))

    def _choose_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, "Pwned Passwords hash file", str(Path.home()))
        if path:
            self.session.set_offline_source(path)
