"""Start-up and locking: the onboarding wizard on first run, unlocking otherwise, switching profiles, locking by
itself after a while without use, another program changing the file, and never losing the last changes on quit."""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox

from privacyapp.core.errors import PrivacyAppError
from privacyapp.core.profile import vault
from privacyapp.core.profile.backups import Backup
from privacyapp.core.profile.manager import ProfileInfo
from privacyapp.core.profile.store import ProfileStore
from privacyapp.i18n import _
from privacyapp.ui import dates
from privacyapp.ui.dialogs.profiles import ProfilesDialog
from privacyapp.ui.dialogs.unlock import UnlockDialog
from privacyapp.ui.main_window import BUILD_GAP_MS, MainWindow
from privacyapp.ui.onboarding import OnboardingWizard
from privacyapp.ui.state import States
from privacyapp.ui.state.pending_close import PendingClose
from privacyapp.ui.tasks import Failed, Ok, Outcome

if TYPE_CHECKING:
    from privacyapp.core.profile.backups import Backup
    from privacyapp.core.profile.store import ProfileStore

log = logging.getLogger(__name__)

IDLE_CHECK_MS = 15_000
WRITE_WAIT_S = 20.0  # on SIGTERM: how long the last save may take before it goes to the recovery folder
ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class ProfileFlow(QObject):
    def __init__(self, states: States, window: MainWindow) -> None:
        super().__init__(window)
        self.states = states
        self.session = states.session
        self.window = window
        self.dialog: QDialog | None = None
        self.last_activity = time.monotonic()
        self.pending: list[PendingClose] = []  # closed profiles whose last changes are not written yet
        self._quitting = False
        self._profiles: list[ProfileInfo] = []
        self._pages_imported = False
        session = self.session
        session.profileClosed.connect(self._closed)
        session.conflictFound.connect(self._conflict)
        session.lastSaveFailed.connect(self._last_save_failed)
        session.profileOpened.connect(self._opened)
        session.writesDone.connect(self._writes_done)
        window.locked_page.unlock_button.clicked.connect(self.unlock_or_create)
        window.locked_page.profiles_button.clicked.connect(self.switch)
        window.lockRequested.connect(session.close_profile)
        window.switchRequested.connect(self.switch)
        window.close_guard = self.may_close
        self._idle = QTimer(self)
        self._idle.setInterval(IDLE_CHECK_MS)
        self._idle.timeout.connect(self.check_idle)

    def start(self) -> None:
        """After the first paint: the wizard on first run, else unlock the last profile used."""
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self._idle.start()
        self.unlock_or_create()

    def _with_profiles(self, then: Callable[[list[ProfileInfo], str | None], None]) -> None:
        def listed(profiles: list[ProfileInfo], last: str | None) -> None:
            self._profiles = profiles
            keyring = [info.name for info in profiles if "keyring" in info.slots]
            self.window.locked_page.show_state([info.name for info in profiles], keyring)
            then(profiles, last)

        self.session.list_profiles(self, listed)

    def unlock_or_create(self) -> None:
        def chosen(profiles: list[ProfileInfo], last: str | None) -> None:
            if last is None:
                self.onboard(first_run=True)
            else:
                self.open(last)

        self._with_profiles(chosen)

    def open(self, name: str) -> None:
        info = next((i for i in self._profiles if i.name == name), None)
        if info is not None and "keyring" in info.slots:
            # the keyring may answer at once, or wait on a prompt: never on the GUI thread
            self.session.open_profile(
                name,
                vault.WithKeyring(self.states.keys.keystore),
                lambda error: self.ask_passphrase(name) if error is not None else None,
            )
        else:
            self.ask_passphrase(name)

    def ask_passphrase(self, name: str | None = None) -> None:
        self._show(UnlockDialog(self.session, self.states.keys, self._profiles, name, self.window))

    def onboard(self, *, first_run: bool) -> None:
        wizard = OnboardingWizard(self.session, self.states.keys, first_run=first_run, parent=self.window)
        wizard.finished.connect(lambda _result: self._with_profiles(lambda _p, _l: None))
        self._show(wizard)

    def switch(self) -> None:
        dialog = ProfilesDialog(self.session, self.states.keys, self.window)

        def finished(result: int) -> None:
            if not result:
                return
            if dialog.new_profile:
                self.session.close_profile()
                self.onboard(first_run=False)
            elif dialog.chosen and self.session.profile_name != dialog.chosen:
                self.session.close_profile()
                chosen = dialog.chosen
                self._with_profiles(lambda _p, _l: self.open(chosen))

        dialog.finished.connect(finished)
        self._show(dialog)

    def _show(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(functools.partial(self._dialog_closed, dialog))
        dialog.open()

    def _dialog_closed(self, dialog: QDialog, _result: int) -> None:
        """A closed dialog goes, with what was typed into it (a passphrase, a recovery code on a hidden page)."""
        if isinstance(dialog, UnlockDialog):
            dialog.secret.clear()
        dialog.deleteLater()  # after the other finished handlers, which still read it
        if self.dialog is dialog:
            self.dialog = None

    def _opened(self, name: str) -> None:
        self._offer_recovered(name)
        if not self._pages_imported:
            # Import the pages' modules while the person looks at Home, so that a page's first visit only builds
            # widgets. On the GUI thread, one module per turn of the event loop (a few ms each): a worker thread
            # importing them would hold the GIL in long stretches (unmarshalling, making Qt classes).
            self._pages_imported = True
            QTimer.singleShot(IMPORT_DELAY_MS, self, functools.partial(self._import_next, list(PAGE_MODULES)))

    def _import_next(self, modules: list[str]) -> None:
        import importlib

        if not modules:
            QTimer.singleShot(BUILD_GAP_MS, self.window, self.window.build_ahead)
            return
        name = modules.pop(0)
        try:
            importlib.import_module(name)
        except ImportError:  # a module renamed since this list was written: its page imports it on first visit
            log.debug("could not import %s ahead of time", name)
        # a timer, not a zero delay: Qt would run each next call in the same batch as this one (see build_ahead)
        QTimer.singleShot(1, self, functools.partial(self._import_next, modules))

    def _closed(self) -> None:
        """Locked, switched or deleted: dialogs of that profile close, pages forget, the lock screen shows."""
        for dialog in self.window.findChildren(QDialog):
            if dialog.isVisible() and not isinstance(dialog, ProfilesDialog):
                dialog.reject()
        self.window.set_locked(True)  # the pages forgot already (app.py connects profileClosed to forget_pages)
        self._with_profiles(lambda _profiles, _last: None)  # the lock screen's words fit what is there now

    # --- locking by itself -----------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY:
            self.last_activity = time.monotonic()
        return False

    def check_idle(self) -> None:
        minutes = self.states.settings.auto_lock_minutes
        if self.session.is_open and minutes > 0 and time.monotonic() - self.last_activity >= minutes * 60:
            log.info("locked after %s minutes without use", minutes)
            self.session.close_profile()

    # --- another program changed the file --------------------------------------------------------------------
    def _conflict(self, message: str) -> None:
        box = QMessageBox(self.window)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(_("The profile changed on disk"))
        box.setText(message)
        mine = box.addButton(_("Keep my version"), QMessageBox.ButtonRole.AcceptRole)
        theirs = box.addButton(_("Load the other version"), QMessageBox.ButtonRole.RejectRole)

        def chosen(_result: int) -> None:
            # Only a button decides: Escape, or the box closing on Lock, leaves both versions as they are.
            if box.clickedButton() is mine:
                self.session.keep_mine()
            elif box.clickedButton() is theirs:
                self.session.take_theirs()

        box.finished.connect(chosen)
        box.open()

    # --- never lose the last changes -------------------------------------------------------------------------
    def may_close(self) -> bool:
        """The window's close guard: close only once the profile is locked and its last changes are written (or
        the person chose what to do with them)."""
        if not self.session.is_open and not self.session.writing and not self.pending:
            return True
        self._quitting = True
        self.session.close_profile()  # the final save runs; the window closes once it is written
        QTimer.singleShot(0, self._writes_done)
        return False

    def _writes_done(self) -> None:
        """Quitting: close the window once nothing is left to write and nobody is being asked."""
        if self._quitting and not self.pending and not self.session.writing and not self.session.is_open:
            self.window.close()

    def _last_save_failed(self, pending: PendingClose) -> None:
        if pending not in self.pending:
            self.pending.append(pending)
        done = functools.partial(self._pending_done, pending)
        box = QMessageBox(self.window)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(_("Your last changes are not saved"))
        box.setText(
            _("The profile is locked, but its last changes could not be written: {reason}").format(
                reason=pending.message
            )
        )
        box.setInformativeText(
            _(
                "Try again (after freeing some space, for example), save a sealed copy somewhere else (it opens "
                "with the same passphrase), or discard the changes."
            )
        )
        retry = box.addButton(_("Try again"), QMessageBox.ButtonRole.AcceptRole)
        copy = box.addButton(_("Save a copy…"), QMessageBox.ButtonRole.ActionRole)
        discard = box.addButton(_("Discard the changes"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(retry)
        box.setEscapeButton(retry)  # Escape never discards

        def chosen(_result: int) -> None:
            clicked = box.clickedButton()
            if clicked is discard:
                if self._confirm_discard():
                    pending.discard()
                    done(True)
                else:
                    self._last_save_failed(pending)
            elif clicked is copy:
                path, _filter = QFileDialog.getSaveFileName(
                    self.window, _("Save a copy of the profile"), "privacyapp-unsaved.pvault",
                    _("privacyapp profile (*.pvault)"),
                )  # fmt: skip
                if path:
                    from pathlib import Path

                    pending.save_copy(Path(path), done)
                else:
                    self._last_save_failed(pending)
            else:  # Try again, Escape, or the box closed by a Lock: trying again loses nothing
                pending.retry(done)

        box.finished.connect(chosen)
        box.open()

    def _confirm_discard(self) -> bool:
        answer = QMessageBox.warning(
            self.window,
            _("Discard the changes?"),
            _("The changes made since the last save will be lost for good. Discard them?"),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard

    def _pending_done(self, pending: PendingClose, written: bool) -> None:
        if not written:
            self._last_save_failed(pending)  # still not written: ask again, with the new reason
            return
        if pending in self.pending:
            self.pending.remove(pending)
        self._writes_done()

    def terminate(self) -> None:
        """SIGTERM or logout: nobody can answer. Lock, wait a while for the last save, and if it fails seal the
        changes into the recovery folder (offered back at the next unlock)."""
        self.session.close_profile()
        if not self.session.wait_for_writes(WRITE_WAIT_S):
            self.session.seal_unwritten()  # still being written: seal a copy of what was on its way
        for pending in self.pending:
            try:
                kept = pending.save_to_recovery()
                log.warning("the last changes were kept in the recovery folder (%s)", kept.name if kept else "-")
            except OSError as exc:
                log.error("the last changes could not be kept anywhere: %s", exc.strerror or type(exc).__name__)
        self.pending.clear()

    def _offer_recovered(self, name: str) -> None:
        from privacyapp.core.profile import recovery

        data = self.session.paths.data

        def found(outcome: Outcome[list[Backup]]) -> None:
            if not isinstance(outcome, Ok) or not outcome.value or self.session.profile_name != name:
                return
            kept = outcome.value  # newest first
            answer = QMessageBox.question(
                self.window,
                _("Changes kept from last time"),
                _(
                    "privacyapp had to close on {when} before it could save your last changes, so it kept them "
                    "sealed in its recovery folder. Restore them now? (What is open now is kept as a backup. If "
                    "you say no, they stay there and are offered again next time.)"
                ).format(when=dates.when(kept[0].saved)),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return

            def restore(store: ProfileStore) -> None:
                store.restore(kept[0])
                for older in kept:  # the newest holds the latest changes: the others are done with too
                    recovery.forget(older)

            def restored(result: Outcome[None]) -> None:
                if isinstance(result, Failed):
                    error = result.error
                    reason = error.one_line() if isinstance(error, PrivacyAppError) else type(error).__name__
                    QMessageBox.warning(
                        self.window,
                        _("Changes kept from last time"),
                        _(
                            "They could not be restored: {reason} They stay in the recovery folder and are offered "
                            "again next time."
                        ).format(reason=reason),
                    )

            self.states.settings.on_store("restore-recovered", restore, self, restored)

        self.session.tasks.run(self, lambda: recovery.waiting(data, name), found, name="recovery-check")


# The pages' modules, leaves first, so that each turn imports about one module (see ProfileFlow._import_next).
PAGE_MODULES = (
    "privacyapp.core.breach_offline",
    "privacyapp.core.breach",
    "privacyapp.core.strength_worker",
    "privacyapp.core.audit",
    "privacyapp.core.checklist.export",
    "privacyapp.ui.widgets.passphrase",
    "privacyapp.ui.passwords.audit",
    "privacyapp.ui.pages.passwords",
    "privacyapp.ui.checklist.model",
    "privacyapp.ui.checklist.step_view",
    "privacyapp.ui.checklist.plan_panel",
    "privacyapp.ui.checklist.page",
    "privacyapp.ui.accounts.badge",
    "privacyapp.ui.accounts.model",
    "privacyapp.ui.accounts.map_items",
    "privacyapp.ui.accounts.map_view",
    "privacyapp.ui.accounts.link_dialog",
    "privacyapp.ui.accounts.detail",
    "privacyapp.ui.accounts.review",
    "privacyapp.ui.accounts.page",
    "privacyapp.ui.dialogs.new_passphrase",
    "privacyapp.ui.dialogs.recovery",
    "privacyapp.ui.pages.computer",
    "privacyapp.ui.pages.leak_checks",
    "privacyapp.ui.pages.settings",
)
IMPORT_DELAY_MS = 300  # after Home has shown
