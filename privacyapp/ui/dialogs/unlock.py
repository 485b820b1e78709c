"""Unlocking a profile: passphrase, recovery code or keyring; a damaged file offers its newest backup."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from privacyapp.core.errors import ExitCode, PrivacyAppError
from privacyapp.core.profile import vault
from privacyapp.i18n import _
from privacyapp.ui import dates
from privacyapp.ui.pages.common import label
from privacyapp.ui.state.keys import KeysState
from privacyapp.ui.state.session import Session
from privacyapp.ui.tasks import Ok, Outcome
from privacyapp.ui.widgets.passphrase import PassphraseField

if TYPE_CHECKING:
    from privacyapp.core.profile.backups import Backup
    from privacyapp.core.profile.manager import ProfileInfo
    from privacyapp.core.profile.payload import ProfileData

ERROR_STYLE = "color: #dc2626;"


class UnlockDialog(QDialog):
    def __init__(
        self,
        session: Session,
        keys: KeysState,
        profiles: list[ProfileInfo],
        name: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.keys = keys
        self.setWindowTitle(_("Unlock your profile"))
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        self.intro = label(_("Your profile is locked. Type its passphrase to open it."))
        self.intro.setAccessibleName(_("What to type"))
        layout.addWidget(self.intro)
        form = QFormLayout()
        self.profiles = QComboBox()
        self.profiles.setAccessibleName(_("Profile"))
        self._infos = {info.name: info for info in profiles}
        self.profiles.addItems(list(self._infos))
        if name:
            self.profiles.setCurrentText(name)
        form.addRow(_("Profile:"), self.profiles)
        self.secret = PassphraseField(_("Passphrase"), show_name=_("Show passphrase"))
        self.secret_label = QLabel(_("Passphrase:"))
        form.addRow(self.secret_label, self.secret)
        layout.addLayout(form)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setAccessibleName(_("Unlock problem"))
        layout.addWidget(self.message)

        buttons = QHBoxLayout()
        self.use_recovery = QPushButton(_("Use the recovery code instead"))
        self.use_recovery.setCheckable(True)
        self.use_recovery.setAccessibleName(_("Use the recovery code instead"))
        self.use_recovery.toggled.connect(self._recovery_mode)
        self.use_keyring = QPushButton(_("Open with the keyring"))
        self.use_keyring.setAccessibleName(_("Unlock with the keyring"))
        self.use_keyring.setToolTip(
            _("This profile opens without a passphrase for anyone who can use this computer account.")
        )
        self.use_keyring.clicked.connect(lambda: self._unlock(vault.WithKeyring(self.keys.keystore)))
        self.restore = QPushButton(_("Restore the backup"))
        self.restore.setAccessibleName(_("Restore the newest backup that opens"))
        self.restore.hide()
        self.restore.clicked.connect(self._restore)
        self.unlock = QPushButton(_("Unlock"))
        self.unlock.setAccessibleName(_("Unlock"))
        self.unlock.setDefault(True)
        self.unlock.clicked.connect(self._unlock_typed)
        self.cancel = cancel = QPushButton(_("Cancel"))
        cancel.setAccessibleName(_("Cancel"))
        cancel.clicked.connect(self.reject)
        for button in (self.use_recovery, self.use_keyring):
            buttons.addWidget(button)
        buttons.addStretch(1)
        for button in (self.restore, cancel, self.unlock):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.profiles.currentTextChanged.connect(self._profile_changed)
        self._profile_changed(self.profiles.currentText())
        self._restorable: tuple[Backup, ProfileData] | None = None

    def _profile_changed(self, name: str) -> None:
        info = self._infos.get(name)
        self.use_keyring.setVisible(bool(info and "keyring" in info.slots))
        self.message.clear()
        self.restore.hide()

    def _recovery_mode(self, on: bool) -> None:
        self.secret_label.setText(_("Recovery code:") if on else _("Passphrase:"))
        self.intro.setText(
            _("Your profile is locked. Type the recovery code you wrote down when you made it.")
            if on
            else _("Your profile is locked. Type its passphrase to open it.")
        )
        self.secret.edit.setAccessibleName(_("Recovery code") if on else _("Passphrase"))
        self.secret.show_button.setAccessibleName(_("Show recovery code") if on else _("Show passphrase"))
        self.use_recovery.setText(_("Use the passphrase instead") if on else _("Use the recovery code instead"))
        self.secret.clear()

    def current_how(self) -> vault.Unlock | None:
        typed = self.secret.secret()
        if typed is None:
            return None
        return vault.WithRecoveryCode(typed) if self.use_recovery.isChecked() else vault.WithPassphrase(typed)

    def _unlock_typed(self) -> None:
        how = self.current_how()
        if how is None:
            self._say(_("Type the code first.") if self.use_recovery.isChecked() else _("Type the passphrase first."))
            return
        self._unlock(how)

    def _unlock(self, how: vault.Unlock) -> None:
        self._busy(True, _("Unlocking…"))
        self._how = how
        self.session.open_profile(self.profiles.currentText(), how, self._done)

    def _done(self, error: Exception | None) -> None:
        self._busy(False, "")
        if error is None:
            self.secret.clear()
            self.accept()
            return
        if isinstance(error, PrivacyAppError) and error.exit_code == ExitCode.DAMAGED:
            self._offer_backup(error)
            return
        # A wrong passphrase is not left in the field: the next try starts empty, and nobody can show it
        self.secret.clear()
        self.secret.edit.setFocus()
        self._say(error.one_line() if isinstance(error, PrivacyAppError) else _("The profile could not be opened."))

    def _offer_backup(self, error: PrivacyAppError) -> None:
        how = self._how
        self._say(_("The profile file is damaged. Looking for a backup that opens…"))

        def found(outcome: Outcome[tuple[Backup, ProfileData] | None]) -> None:
            result = outcome.value if isinstance(outcome, Ok) else None
            self._restorable = result
            if result is None:
                # Translators: {problem} is the sentence that says what is wrong with the profile file
                none_opens = _("{problem} No backup opens with this passphrase or key either.")
                self._say(none_opens.format(problem=error.message))
                return
            backup = result[0]
            when = dates.when(backup.saved)
            self._say(
                # Translators: {problem} says what is wrong with the profile file; {when} is a date and time
                _(
                    "{problem} The newest backup that opens was saved on {when}. "
                    "Changes made after that are not in it. The damaged file is kept, never deleted."
                ).format(problem=error.message, when=when)
            )
            self.restore.show()

        self.session.find_backup(self.profiles.currentText(), how, self, found)

    def _restore(self) -> None:
        if not self._restorable:
            return
        backup = self._restorable[0]
        self._busy(True, _("Restoring…"))

        def restored(outcome: Outcome[object]) -> None:
            if isinstance(outcome, Ok):
                self._unlock(self._how)
                return
            self._busy(False, "")
            if isinstance(outcome.error, PrivacyAppError):
                # Translators: {problem} is the sentence that says why
                self._say(_("The backup could not be restored. {problem}").format(problem=outcome.error.one_line()))
            else:
                self._say(_("The backup could not be restored."))

        self.session.put_back(self.profiles.currentText(), backup, self, restored)
        self.restore.hide()

    def _busy(self, busy: bool, text: str) -> None:
        # Cancel too: an unlock under way cannot be called back, so Cancel would only hide that it goes on
        for widget in (self.unlock, self.use_keyring, self.use_recovery, self.profiles, self.secret, self.cancel):
            widget.setEnabled(not busy)
        if text:
            self.message.setStyleSheet("")
            self.message.setText(text)

    def _say(self, text: str) -> None:
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setText(text)
        # A shown window does not grow by itself: make room for the words and for a button shown with them
        # (Restore the backup), once this turn's changes are made.
        QTimer.singleShot(0, self, self.adjustSize)
