"""Start-up and locking: the onboarding wizard on first run, unlocking otherwise, switching profiles, locking
by itself after a while without use, and what to do when the file was changed by another program."""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from privacyapp.core.profile import vault
from privacyapp.ui.dialogs.profiles import ProfilesDialog
from privacyapp.ui.dialogs.unlock import UnlockDialog
from privacyapp.ui.main_window import MainWindow
from privacyapp.ui.onboarding import OnboardingWizard
from privacyapp.ui.session import Session

log = logging.getLogger(__name__)

IDLE_CHECK_MS = 15_000
ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class ProfileFlow(QObject):
    def __init__(self, session: Session, window: MainWindow) -> None:
        super().__init__(window)
        self.session = session
        self.window = window
        self.dialog: UnlockDialog | OnboardingWizard | ProfilesDialog | None = None
        self.last_activity = time.monotonic()
        session.profileClosed.connect(self._closed)
        session.conflictFound.connect(self._conflict)
        window.locked_page.unlock_button.clicked.connect(self.unlock_or_create)
        window.locked_page.profiles_button.clicked.connect(self.switch)
        window.lockRequested.connect(session.close_profile)
        window.switchRequested.connect(self.switch)
        self._idle = QTimer(self)
        self._idle.setInterval(IDLE_CHECK_MS)
        self._idle.timeout.connect(self.check_idle)

    def start(self) -> None:
        """After the first paint: the wizard on first run, else unlock the last profile used."""
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self._idle.start()
        self.window.locked_page.show_state(bool(self.session.profiles()))
        self.unlock_or_create()

    def unlock_or_create(self) -> None:
        name = self.session.last_profile()
        if name is None:
            self.onboard(first_run=True)
            return
        info = next((i for i in self.session.profiles() if i.name == name), None)
        if info is not None and "keyring" in info.slots:
            # the keyring may answer at once, or wait on a prompt: never on the GUI thread
            self.session.open_profile(
                name,
                vault.WithKeyring(self.session.keystore),
                lambda error: self.ask_passphrase(name) if error is not None else None,
            )
        else:
            self.ask_passphrase(name)

    def ask_passphrase(self, name: str | None = None) -> None:
        dialog = UnlockDialog(self.session, name, self.window)
        self._show(dialog)

    def onboard(self, *, first_run: bool) -> None:
        wizard = OnboardingWizard(self.session, first_run=first_run, parent=self.window)
        wizard.finished.connect(lambda _result: self.window.locked_page.show_state(bool(self.session.profiles())))
        self._show(wizard)

    def switch(self) -> None:
        dialog = ProfilesDialog(self.session, self.window)

        def finished(result: int) -> None:
            if not result:
                return
            if dialog.new_profile:
                self.onboard(first_run=False)
            elif dialog.chosen and (self.session.store is None or self.session.store.folder.name != dialog.chosen):
                self.session.close_profile()
                info = next((i for i in self.session.profiles() if i.name == dialog.chosen), None)
                if info is not None and "keyring" in info.slots:
                    chosen = dialog.chosen
                    self.session.open_profile(
                        chosen,
                        vault.WithKeyring(self.session.keystore),
                        lambda error: self.ask_passphrase(chosen) if error is not None else None,
                    )
                else:
                    self.ask_passphrase(dialog.chosen)

        dialog.finished.connect(finished)
        self._show(dialog)

    def _show(self, dialog: UnlockDialog | OnboardingWizard | ProfilesDialog) -> None:
        self.dialog = dialog
        dialog.open()

    def _closed(self) -> None:
        self.window.locked_page.show_state(bool(self.session.profiles()))
        self.window.set_locked(True)

    # --- locking by itself -----------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY:
            self.last_activity = time.monotonic()
        return False

    def check_idle(self) -> None:
        minutes = self.session.auto_lock_minutes
        if self.session.is_open and minutes > 0 and time.monotonic() - self.last_activity >= minutes * 60:
            log.info("locked after %s minutes without use", minutes)
            self.session.close_profile()

    # --- another program changed the file --------------------------------------------------------------------
    def _conflict(self, message: str) -> None:
        box = QMessageBox(self.window)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("The profile changed on disk")
        box.setText(message)
        mine = box.addButton("Keep my version", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Load the other version", QMessageBox.ButtonRole.RejectRole)

        def chosen(_result: int) -> None:
            if box.clickedButton() is mine:
                self.session.keep_mine()
            else:
                self.session.take_theirs()

        box.finished.connect(chosen)
        box.open()
