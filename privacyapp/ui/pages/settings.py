"""Settings: the profile, how it unlocks, its backups, checking passwords, and moving it to another computer."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
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
from privacyapp.core.settings import MAX_AUTO_LOCK_MINUTES
from privacyapp.i18n import N_, _
from privacyapp.ui import dates
from privacyapp.ui.dialogs.new_passphrase import NewPassphraseDialog
from privacyapp.ui.dialogs.recovery import RecoveryCodeDialog
from privacyapp.ui.pages.common import Card, Page, button, label
from privacyapp.ui.pages.computer import ComputerCard
from privacyapp.ui.pages.leak_checks import PasswordChecksCard
from privacyapp.ui.state.network import NetworkLog
from privacyapp.ui.state.passwords import PasswordsState
from privacyapp.ui.state.settings import ProfileSettingsState
from privacyapp.ui.tasks import Failed, Ok, Outcome

if TYPE_CHECKING:
    from privacyapp.core.profile.backups import Backup

# What a keyring slot means, said the same way wherever the person chooses it (here, onboarding, the lock screen).
KEYRING_MEANS = N_(
    "Opens without a passphrase for anyone who can use this computer account. Choose it only if nobody else "
    "uses this computer account."
)


def _problem(outcome: Outcome[Any]) -> str | None:
    if isinstance(outcome, Failed):
        if isinstance(outcome.error, PrivacyAppError):
            return outcome.error.one_line()
        return _("That did not work. Nothing was changed.")
    return None


class SettingsPage(Page):
    def __init__(
        self,
        settings: ProfileSettingsState,
        passwords: PasswordsState,
        network: NetworkLog,
        import_profile: Callable[..., None],
        switch_profile: Callable[[], None],
        lock: Callable[[], None],
        data_folder: Path,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("Settings"), _("Your profile, how it unlocks, and its backups."), parent)
        self.settings = settings
        self._import_profile = import_profile
        self._backup_list: list[Backup] = []

        profile = Card(_("Profile"))
        self.profile_line = label("")
        profile.body.addWidget(self.profile_line)
        row = QHBoxLayout()
        switch = button(_("Switch or add profiles…"), _("Switch or add profiles"))
        switch.clicked.connect(switch_profile)
        lock_button = button(_("Lock now"), _("Lock now"))
        lock_button.clicked.connect(lock)
        row.addWidget(switch)
        row.addWidget(lock_button)
        row.addStretch(1)
        profile.body.addLayout(row)
        idle_row = QHBoxLayout()
        idle_row.addWidget(label(_("Lock by itself after this many minutes without use (0: never):"), wrap=False))
        self.idle = QSpinBox()
        self.idle.setRange(0, MAX_AUTO_LOCK_MINUTES)
        self.idle.setAccessibleName(_("Minutes before locking by itself"))
        self.idle.valueChanged.connect(self._idle_changed)
        idle_row.addWidget(self.idle)
        idle_row.addStretch(1)
        profile.body.addLayout(idle_row)
        self.content.addWidget(profile)

        unlocking = Card(_("Unlocking"))
        self.slots_line = label("")
        self.slots_line.setAccessibleName(_("How this profile opens"))
        unlocking.body.addWidget(self.slots_line)
        row = QHBoxLayout()
        self.passphrase_button = button(_("Change passphrase…"), _("Change passphrase"))
        self.passphrase_button.clicked.connect(self._change_passphrase)
        self.keyring_button = button(_("Open without asking…"), _("Open without asking"))
        self.keyring_button.clicked.connect(self._toggle_keyring)
        recovery = button(_("New recovery code…"), _("Make a new recovery code"))
        recovery.clicked.connect(self._new_recovery_code)
        for widget in (self.passphrase_button, self.keyring_button, recovery):
            row.addWidget(widget)
        row.addStretch(1)
        unlocking.body.addLayout(row)
        self.content.addWidget(unlocking)

        backups = Card(_("Backups"))
        backups.body.addWidget(
            label(
                _(
                    "privacyapp keeps the last 3 versions of your profile, two more spread in time (one at least 10 "
                    "minutes older and one at least an hour older again), plus one a day for a week."
                )
            )
        )
        self.backups = QListWidget()
        self.backups.setAccessibleName(_("Backups"))
        self.backups.setFixedHeight(120)
        backups.body.addWidget(self.backups)
        restore = button(_("Restore selected…"), _("Restore the selected backup"))
        restore.clicked.connect(self._restore)
        restore_row = QHBoxLayout()
        restore_row.addWidget(restore)
        restore_row.addStretch(1)
        backups.body.addLayout(restore_row)
        self.content.addWidget(backups)

        self.password_checks = PasswordChecksCard(passwords, network)
        self.content.addWidget(self.password_checks)

        move = Card(_("Move to another computer"))
        move.body.addWidget(
            label(_("Export your profile to a file sealed with a passphrase, then import it on the other computer."))
        )
        row = QHBoxLayout()
        export = button(_("Export…"), _("Export the profile"))
        export.clicked.connect(self._export)
        row.addWidget(export)
        import_button = button(_("Import…"), _("Import a profile"))
        import_button.clicked.connect(self._import)
        row.addWidget(import_button)
        row.addStretch(1)
        move.body.addLayout(row)
        self.content.addWidget(move)
        self.computer = ComputerCard(settings.keys, data_folder)
        self.content.addWidget(self.computer)
        self.finish()

        # bound methods: Qt drops them when the page is deleted
        settings.changed.connect(self.refresh)
        settings.backupsChanged.connect(self._refresh_backups)
        self.refresh()

    # --- showing ---------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        settings = self.settings
        name = settings.profile_name
        if name is None:
            return
        if settings.read_only:
            text = _("You are using the profile “{name}”. It was saved by a newer privacyapp, so it is open read-only.")
        else:
            text = _("You are using the profile “{name}”.")
        self.profile_line.setText(text.format(name=name))
        self.idle.blockSignals(True)
        self.idle.setValue(settings.auto_lock_minutes)
        self.idle.blockSignals(False)
        kinds = settings.slot_kinds
        if "keyring" in kinds:
            self.slots_line.setText(
                _(
                    "It opens without asking, through this computer's keyring: anyone who can use this computer "
                    "account can open it without a passphrase. Choose this only if nobody else uses this computer "
                    "account."
                )
            )
            self.keyring_button.setText(_("Always ask for the passphrase…"))
            self.keyring_button.setAccessibleName(_("Always ask for the passphrase"))
        else:
            self.slots_line.setText(
                _("It asks for its passphrase (or its recovery code) every time, in the app and on the command line.")
            )
            self.keyring_button.setText(_("Open without asking…"))
            self.keyring_button.setAccessibleName(_("Open without asking"))
        self.passphrase_button.setText(_("Change passphrase…") if "passphrase" in kinds else _("Set a passphrase…"))
        self._refresh_backups()

    def _refresh_backups(self) -> None:
        if self.settings.profile_name is not None:
            self.settings.backups(self, self._show_backups)

    def _show_backups(self, outcome: Outcome[list[tuple[Backup, int]]]) -> None:
        from privacyapp.core.profile.backups import CONFLICT

        picked = self.backups.currentRow()
        self.backups.clear()
        listed = outcome.value if isinstance(outcome, Ok) else []
        self._backup_list = [backup for backup, _size in listed]
        for backup, size_bytes in listed:
            when = dates.when(backup.saved, short=True)
            size = max(1, size_bytes // 1024)
            if backup.kind == CONFLICT:
                # Translators: a copy of the person's own version, kept when another program had changed the file
                text = _("{when}   ({size} KB)   your version from a conflict").format(when=when, size=size)
            else:
                text = _("{when}   ({size} KB)").format(when=when, size=size)
            self.backups.addItem(text)
        if not listed:
            self.backups.addItem(_("No backups yet: one is kept each time your changes are saved."))
            self.backups.item(0).setFlags(Qt.ItemFlag.NoItemFlags)  # words, not a backup to pick
        elif 0 <= picked < self.backups.count():
            self.backups.setCurrentRow(picked)

    def forget(self) -> None:
        """Lock or switch: nothing of the last profile stays here."""
        self.profile_line.setText("")
        self.slots_line.setText("")
        self.backups.clear()
        self._backup_list = []
        self.password_checks.forget()

    # --- actions ---------------------------------------------------------------------------------------------
    def _idle_changed(self, minutes: int) -> None:
        self.settings.set_auto_lock_minutes(minutes)

    def _report(self, title: str, success: str) -> Callable[[Outcome[Any]], None]:
        def done(outcome: Outcome[Any]) -> None:
            problem = _problem(outcome)
            if problem:
                QMessageBox.warning(self, title, problem)
            elif success:
                QMessageBox.information(self, title, success)

        return done

    def _change_passphrase(self) -> None:
        title = _("Change passphrase")
        if "passphrase" not in self.settings.slot_kinds:
            self._choose_new_passphrase()
            return
        current, ok = QInputDialog.getText(self, title, _("Your current passphrase:"), QLineEdit.EchoMode.Password)
        if not ok:
            return

        def verified(outcome: Outcome[bool]) -> None:
            if isinstance(outcome, Ok) and outcome.value:
                self._choose_new_passphrase()
            elif isinstance(outcome, Ok):
                QMessageBox.warning(self, title, _("That is not the current passphrase."))
            else:
                self._report(title, "")(outcome)

        # Argon2id takes a noticeable time: in the background, never on the GUI thread
        self.settings.verify_passphrase(Secret(current), self, verified)

    def _choose_new_passphrase(self) -> None:
        dialog = NewPassphraseDialog(self.settings.tasks, _("New passphrase"), _("Choose the new passphrase."), self)
        if dialog.exec() and dialog.value is not None:
            self.settings.set_passphrase(
                dialog.value, self, self._report(_("Passphrase"), _("The new passphrase is set."))
            )

    def _toggle_keyring(self) -> None:
        kinds = self.settings.slot_kinds
        if "keyring" in kinds:
            if "passphrase" not in kinds:
                QMessageBox.information(
                    self, _("Always ask"), _("Set a passphrase first: then the profile can ask for it every time.")
                )
                return
            self.settings.use_keyring(False, self, self._report(_("Always ask for the passphrase"), ""))
            return
        answer = QMessageBox.question(
            self,
            _("Open without asking?"),
            _(
                "This profile will open without a passphrase for anyone who can use this computer account. Choose "
                "it only if nobody else uses this computer account. Open it without asking from now on?"
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.settings.use_keyring(True, self, self._report(_("Open without asking"), ""))

    def _new_recovery_code(self) -> None:
        answer = QMessageBox.question(
            self, _("New recovery code"), _("Make a new recovery code? The old one will stop working.")
        )
        if answer != QMessageBox.StandardButton.Yes:
            return

        def done(outcome: Outcome[Secret]) -> None:
            if isinstance(outcome, Ok):
                RecoveryCodeDialog(outcome.value, self).exec()
            else:
                self._report(_("New recovery code"), "")(outcome)

        self.settings.new_recovery_code(self, done)

    def _restore(self) -> None:
        row = self.backups.currentRow()
        if row < 0 or row >= len(self._backup_list):
            QMessageBox.information(self, _("Restore"), _("Choose a backup in the list first."))
            return
        backup = self._backup_list[row]
        when = dates.when(backup.saved)
        answer = QMessageBox.question(
            self,
            _("Restore a backup"),
            # Translators: {when} is the date and time the backup was saved
            _(
                "Go back to the version saved on {when}? Changes made since then will be undone (the current "
                "version is kept as a backup, so you can come back to it)."
            ).format(when=when),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.settings.on_store("restore", lambda s: s.restore(backup), self, self._report(_("Restore"), ""))

    def _export(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self,
            _("Export profile"),
            str(Path.home() / "privacyapp-profile.pvault"),
            _("privacyapp profile (*.pvault)"),
        )
        if not path:
            return
        dialog = NewPassphraseDialog(
            self.settings.tasks,
            _("Passphrase for the export"),
            _("The export file is sealed with this passphrase. You will type it on the other computer."),
            self,
        )
        if not dialog.exec() or dialog.value is None:
            return
        value, kdf, target = dialog.value, self.settings.keys.kdf_params, Path(path)

        def export(store: Any) -> None:
            from privacyapp.core.profile.disk import Disk

            target.unlink(missing_ok=True)  # the file dialog already asked whether to replace it
            Disk().write_new(target, store.export_bytes(value, kdf()))

        done = self._report(_("Export"), _("Exported to {path}.").format(path=target))
        self.settings.on_store("export", export, self, done)

    def _import(self) -> None:
        title = _("Import profile")
        path, _filter = QFileDialog.getOpenFileName(
            self, title, str(Path.home()), _("privacyapp profile (*.pvault);;All files (*)")
        )
        if not path:
            return
        export_passphrase, ok = QInputDialog.getText(
            self, title, _("The passphrase the export was sealed with:"), QLineEdit.EchoMode.Password
        )
        if not ok or not export_passphrase:
            return
        name, ok = QInputDialog.getText(self, title, _("A name for the imported profile:"))
        if not ok or not name.strip():
            return
        dialog = NewPassphraseDialog(
            self.settings.tasks, _("Passphrase"), _("Choose a passphrase for the imported profile."), self
        )
        if not dialog.exec() or dialog.value is None:
            return

        def done(result: Secret | Exception) -> None:
            if isinstance(result, Secret):
                RecoveryCodeDialog(result, self).exec()
            else:
                self._report(title, "")(Failed(result))

        kdf = self.settings.keys.kdf_params
        self._import_profile(Path(path), Secret(export_passphrase), name, dialog.value, None, kdf, done)
