"""The first-run wizard: welcome, what stays on this computer, how to unlock, the recovery code, done.

Also used to add a profile for another person (a parent, each teen) from the profiles dialog."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QLabel,
    QLineEdit,
    QMessageBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from privacyapp.core.errors import PrivacyAppError
from privacyapp.core.redact import Secret
from privacyapp.i18n import N_, _
from privacyapp.ui.dialogs.new_passphrase import NewPassphraseForm
from privacyapp.ui.dialogs.recovery import RecoveryCodeView
from privacyapp.ui.pages.common import label
from privacyapp.ui.state.keys import KeysState
from privacyapp.ui.state.session import Session

STAYS_HERE = [  # shown with _()
    N_("Your checklist progress, your notes and the list of your accounts are kept in one file on this computer."),
    N_("That file is encrypted: without your passphrase or this computer's keyring it cannot be read."),
    N_(
        "privacyapp never keeps your passwords. When you check one, only the first 5 characters of a scrambled "
        "code of it are sent, and only when you ask."
    ),
    N_("Nothing is sent anywhere in the background, and there is no tracking of any kind."),
]


class WelcomePage(QWizardPage):
    def __init__(self, first_run: bool, session: Session) -> None:
        super().__init__()
        self._session = session
        self.setTitle(_("Welcome to privacyapp") if first_run else _("A new profile"))
        layout = QVBoxLayout(self)
        layout.addWidget(
            label(
                _(
                    "privacyapp helps you protect your accounts, one clear step at a time. First, a profile: "
                    "it keeps your progress and your notes."
                )
                if first_run
                else _("Each person on this computer can have their own profile, with their own passphrase.")
            )
        )
        layout.addWidget(label(_("What should this profile be called? (Your first name is fine.)")))
        # Translators: the name offered for the first profile, which the person can change
        self.name = QLineEdit(_("Me") if first_run else "")
        self.name.setAccessibleName(_("Profile name"))
        self.name.setMaxLength(40)
        layout.addWidget(self.name)
        self.problem = QLabel("")
        self.problem.setWordWrap(True)
        layout.addWidget(self.problem)
        self.registerField("name", self.name)
        self.name.textChanged.connect(lambda _text: self.completeChanged.emit())

    def isComplete(self) -> bool:
        return bool(self.name.text().strip())

    def validatePage(self) -> bool:
        try:
            self._session.manager.check_new_name(self.name.text())  # also "Dana" when "dana" exists
        except PrivacyAppError as exc:
            self.problem.setText(exc.message)
            return False
        return True


class StaysHerePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("What stays on this computer"))
        layout = QVBoxLayout(self)
        for line in STAYS_HERE:
            # Translators: one point of a bulleted list
            layout.addWidget(label(_("•  {line}").format(line=_(line))))
        layout.addStretch(1)


class UnlockChoicePage(QWizardPage):
    """Keyring or passphrase; creates the profile when the user goes on."""

    def __init__(self, session: Session, keys: KeysState, others: bool) -> None:
        super().__init__()
        self.session = session
        self.keys = keys
        self.others = others  # the computer already has another profile: recommend the passphrase
        self.setTitle(_("How do you want to unlock it?"))
        self.setCommitPage(True)  # the profile exists after this page: no going back to rename it here
        layout = QVBoxLayout(self)
        self.keyring = QRadioButton(_("Open without asking, with this computer's keyring"))
        self.keyring.setAccessibleName(_("Unlock with the keyring"))
        self.passphrase_only = QRadioButton(_("Ask for a passphrase each time"))
        self.passphrase_only.setAccessibleName(_("Unlock with a passphrase"))
        group = QButtonGroup(self)
        group.addButton(self.keyring)
        group.addButton(self.passphrase_only)
        self.keyring_note = label("")
        layout.addWidget(self.keyring)
        layout.addWidget(self.keyring_note)
        layout.addWidget(self.passphrase_only)
        self.passphrase_intro = label("")
        layout.addWidget(self.passphrase_intro)
        self.form = NewPassphraseForm(session.tasks)
        layout.addWidget(self.form)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setAccessibleName(_("Creating the profile"))
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.keyring.toggled.connect(self._update)
        self.code: Secret | None = None
        self._creating = False

    def initializePage(self) -> None:
        from privacyapp.ui.pages.settings import KEYRING_MEANS

        status = self.keys.keyring_status
        works = status is not None and status.works
        self.keyring.setEnabled(works)
        if status is None:
            self.keyring_note.setText(_("Checking the keyring… You can use a passphrase instead."))
        elif not works:
            # Translators: {problem} is the sentence that says why the keyring cannot be used
            self.keyring_note.setText(_("{problem} You can use a passphrase instead.").format(problem=status.detail))
        elif self.others:
            self.keyring_note.setText(
                _(
                    "Opens without a passphrase for anyone who can use this computer account. Choose it only if "
                    "nobody else uses this computer account. This computer already has another profile, so a "
                    "passphrase is recommended: it keeps this one yours."
                )
            )
        else:
            self.keyring_note.setText(_(KEYRING_MEANS))  # marked with N_() where it is defined, translated here
        (self.keyring if works and not self.others else self.passphrase_only).setChecked(True)
        self._update()

    def _update(self) -> None:
        self.passphrase_intro.setText(
            _(
                "You can also set a passphrase, to open the profile if the keyring is ever lost "
                "(leave it empty to skip):"
            )
            if self.keyring.isChecked()
            else _("Choose a passphrase: a few random words are easy to remember and hard to guess.")
        )

    def validatePage(self) -> bool:
        if self.code is not None:
            return True
        if self._creating:
            return False
        use_keyring = self.keyring.isChecked()
        passphrase = None
        if not use_keyring or self.form.first.edit.text():
            passphrase = self.form.passphrase()
            if passphrase is None:
                return False
        self._creating = True
        # no Cancel while the profile is made: it would be made anyway, and its recovery code never shown
        self.wizard().button(QWizard.WizardButton.CancelButton).setEnabled(False)
        self.status.setText(_("Creating your profile… (a few seconds: the key is made slow to guess on purpose)"))
        self.wizard().button(QWizard.WizardButton.NextButton).setEnabled(False)
        keystore = self.keys.keystore if use_keyring else None
        self.session.create_profile(str(self.field("name")), passphrase, keystore, self.keys.kdf_params, self._created)
        return False

    @property
    def creating(self) -> bool:
        return self._creating

    def _created(self, result: object) -> None:
        self._creating = False
        self.wizard().button(QWizard.WizardButton.NextButton).setEnabled(True)
        self.wizard().button(QWizard.WizardButton.CancelButton).setEnabled(True)
        if isinstance(result, Secret):
            self.code = result
            self.status.setText("")
            self.form.first.clear()
            self.form.second.clear()
            self.wizard().next()
            return
        message = result.one_line() if isinstance(result, PrivacyAppError) else _("The profile could not be created.")
        self.status.setText(message)


class RecoveryPage(QWizardPage):
    def __init__(self, choice: UnlockChoicePage) -> None:
        super().__init__()
        self._choice = choice
        self.setTitle(_("Your recovery code"))
        layout = QVBoxLayout(self)
        self.view = RecoveryCodeView()
        layout.addWidget(self.view)
        layout.addStretch(1)
        self.view.written_down.toggled.connect(lambda _on: self.completeChanged.emit())

    def initializePage(self) -> None:
        if self._choice.code is not None:
            self.view.set_code(self._choice.code)
        # said here, because Cancel from this page on no longer undoes it (see OnboardingWizard.reject)
        self.setSubTitle(_("Your profile “{name}” is created and open.").format(name=self.field("name")))

    def isComplete(self) -> bool:
        return self.view.written_down.isChecked()


class DonePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("You are all set"))
        layout = QVBoxLayout(self)
        layout.addWidget(
            label(
                # Translators: “Lock now” is the name of the button in the main window's sidebar
                _(
                    "Your profile is ready. privacyapp saves every change by itself. Use “Lock now” when you step "
                    "away; it also locks by itself after a while without use."
                )
            )
        )
        layout.addStretch(1)


class OnboardingWizard(QWizard):
    def __init__(
        self, session: Session, keys: KeysState, *, first_run: bool = True, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Welcome to privacyapp") if first_run else _("New profile"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setMinimumSize(620, 520)
        self.choice = UnlockChoicePage(session, keys, others=not first_run)
        self.recovery = RecoveryPage(self.choice)
        for page in (WelcomePage(first_run, session), StaysHerePage(), self.choice, self.recovery, DonePage()):
            self.addPage(page)
        self.close_question: QMessageBox | None = None
        # Cancel, Escape and the window's close button ask first on the recovery-code page; reject() itself does
        # not, since the app calls it too (on lock and quit), when nobody is there to answer
        cancel = self.button(QWizard.WizardButton.CancelButton)
        cancel.clicked.disconnect()
        cancel.clicked.connect(self._cancel)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage)
        self.setButtonText(QWizard.WizardButton.CommitButton, _("Create my profile"))

    def reject(self) -> None:
        if self.choice.creating:
            return  # Escape while the profile is made: it is made anyway, and its recovery code must be shown
        super().reject()

    def _cancel(self) -> None:
        if self.currentPage() is self.recovery and not self.choice.creating and not self._close_after_creation():
            return
        self.reject()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and not event.modifiers():
            self._cancel()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if event.spontaneous() and self.currentPage() is self.recovery and not self._close_after_creation():
            event.ignore()
            return
        super().closeEvent(event)

    def _close_after_creation(self) -> bool:
        """Cancel on the recovery-code page: the profile exists and is open, and stays (deleting what the person
        just made, passphrase and all, would be the bigger surprise). Say so, and that the code is shown only here;
        they can go back to it, or close and make a new code later in Settings."""
        question = QMessageBox(self)
        question.setIcon(QMessageBox.Icon.Warning)
        question.setWindowTitle(_("Close without the recovery code?"))
        question.setText(
            _("Your profile “{name}” is already created, and it stays: closing this window does not undo that.").format(
                name=self.field("name")
            )
        )
        question.setInformativeText(
            # Translators: “New recovery code…” is the name of a button in Settings
            _(
                "Its recovery code is shown only on this page. Without it, a forgotten passphrase cannot be "
                "replaced. You can make a new code later in Settings, with “New recovery code…”."
            )
        )
        close = question.addButton(_("Close anyway"), QMessageBox.ButtonRole.DestructiveRole)
        back = question.addButton(_("Back to the code"), QMessageBox.ButtonRole.RejectRole)
        question.setDefaultButton(back)
        self.close_question = question
        try:
            question.exec()
            return question.clickedButton() is close
        finally:
            self.close_question = None
            question.deleteLater()

    @property
    def created(self) -> bool:
        return self.choice.code is not None
