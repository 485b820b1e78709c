"""The composition root of the GUI: parses the command line, builds the concrete objects once, opens the window.

Start-up is kept lean: nothing that the first paint does not need is imported or run before it (the keyring
check, the single-instance server). `bench/startup.py` measures it.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from privacyapp import __version__
from privacyapp.core.paths import AppPaths, app_paths
from privacyapp.gui_args import parse_args
from privacyapp.i18n import _

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QWidget

    from privacyapp.core.checklist.model import Catalog
    from privacyapp.core.keyring_check import KeyringStatus
    from privacyapp.core.profile.crypto import KdfParams
    from privacyapp.core.profile.document import ProfileDocument
    from privacyapp.core.profile.keystore import KeyStore
    from privacyapp.core.profile.payload import ProfileData
    from privacyapp.core.services import ServiceCatalogue
    from privacyapp.ui.flow import ProfileFlow
    from privacyapp.ui.main_window import MainWindow
    from privacyapp.ui.state import States

log = logging.getLogger("privacyapp")


def main(argv: Sequence[str] | None = None) -> int:
    if getattr(sys, "frozen", False):  # a PyInstaller bundle: let the password-rating child start itself
        import multiprocessing

        multiprocessing.freeze_support()
    args = parse_args(sys.argv[1:] if argv is None else argv)
    paths = app_paths(args.data_dir)
    try:
        paths.ensure()
    except OSError as exc:
        print(f"privacyapp: cannot use the data folder {paths.data}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    from privacyapp.core.logsetup import configure_logging, hold_early_records, is_configured

    def open_log() -> None:
        if not is_configured(paths.log_file):
            configure_logging(paths.log_file, debug=args.debug, to_stderr=args.debug)

    hold_early_records(debug=args.debug)
    log.info("privacyapp %s starting, data in %s", __version__, paths.data)
    try:
        return run_gui(
            paths, args.qt_args, after_first_paint=open_log, quit_after_first_paint=args.quit_after_first_paint
        )
    finally:
        open_log()  # also when start-up failed before the first paint: the early records reach the file


def run_gui(
    paths: AppPaths,
    qt_args: list[str],
    *,
    after_first_paint: Callable[[], None] = lambda: None,
    quit_after_first_paint: bool = False,
) -> int:
    import gc

    # No cycle collection on the way to the first paint (~4 ms there, mostly over PySide6's import, and start-up
    # makes little garbage): right after it, app.finish_start_up() hands collection to the GUI-thread collector.
    gc.disable()

    from PySide6.QtCore import QTimer

    from privacyapp.ui.application import PrivacyApplication
    from privacyapp.ui.single_instance import SingleInstance

    app = PrivacyApplication(["privacyapp", *qt_args], log_file=str(paths.log_file), config_dir=str(paths.config))
    app.install_excepthook()
    instance = SingleInstance(paths.data / "instance.lock")
    if not instance.acquire():
        if instance.notify_first():
            log.info("privacyapp is already running; brought its window to the front")
            return 0
        print("privacyapp is already running but did not answer. Close it and try again.", file=sys.stderr)
        return 1

    # The states (and their modules) are built after the first paint: the lock screen does not need them.
    window, build_states = window_then_states(paths)
    instance.activation_requested.connect(window.bring_to_front)
    flows: list[ProfileFlow] = []

    def first_paint_done() -> None:
        if quit_after_first_paint:
            print(f"first-paint-ns {time.monotonic_ns()}", flush=True)
            app.quit()
            return
        after_first_paint()
        states = build_states()
        app.aboutToQuit.connect(states.passwords.shutdown)  # the window closed after the last save; stop the rater
        window.install_shortcuts()
        flow = start_flow(window, states)
        flows.append(flow)
        _quit_on_signals(app, flow.terminate)
        # Logging out: the session manager may end us without asking anyone, as SIGTERM does.
        app.commitDataRequest.connect(lambda _manager: flow.terminate())
        app.finish_start_up()
        instance.listen()
        states.keys.refresh_keyring_status()
        flow.start()

    # queued: run once the paint has finished, not inside it
    window.firstPainted.connect(lambda: QTimer.singleShot(0, first_paint_done))
    window.show()
    code = app.exec()
    instance.release()
    log.info("privacyapp quit with code %s", code)
    return int(code)


def _quit_on_signals(app: QApplication, terminate: Callable[[], None]) -> None:
    """SIGTERM and Ctrl+C quit without asking anyone: the profile is locked and its last changes written, or
    sealed into the recovery folder when that fails (see ProfileFlow.terminate)."""
    import signal

    from PySide6.QtCore import QTimer

    def quit_now(*_args: object) -> None:
        terminate()
        app.closeAllWindows()
        app.quit()

    signal.signal(signal.SIGTERM, quit_now)
    signal.signal(signal.SIGINT, quit_now)
    # Python runs signal handlers only between bytecodes; while Qt waits for events none run, so wake it often.
    timer = QTimer(app)
    timer.timeout.connect(lambda: None)
    timer.start(300)


def _check_keyring() -> KeyringStatus:
    from privacyapp.core.keyring_check import check_keyring  # imported when first used, after the first paint

    return check_keyring()


def _keyring_keystore() -> KeyStore:
    from privacyapp.core.profile.keystore import KeyringKeyStore

    return KeyringKeyStore()


def _calibrated_kdf() -> KdfParams:
    from privacyapp.core.profile.crypto import calibrate

    return calibrate()


class _Shipped:
    """The shipped checklists and service catalogue, loaded once, by whichever thread first needs them (the
    unlock worker, in practice), never twice."""

    def __init__(self) -> None:
        import threading

        self._lock = threading.Lock()
        self._catalog: Catalog | None = None

    def catalog(self) -> Catalog:
        with self._lock:
            if self._catalog is None:
                from privacyapp.core.checklist.loader import load_catalog, shipped_files

                self._catalog = load_catalog(shipped_files())
            return self._catalog

    @staticmethod
    def services() -> ServiceCatalogue:
        from privacyapp.core.services import shipped

        return shipped()

    def prepare(self, data: ProfileData) -> ProfileDocument:
        """Stored data -> typed document, in the unlock worker (loads the catalogue there too)."""
        from privacyapp.core.profile.document import ProfileDocument

        self.services()
        return ProfileDocument.from_data(data, self.catalog())


def start_flow(window: MainWindow, states: States) -> ProfileFlow:
    from privacyapp.ui.flow import ProfileFlow  # dialogs and the wizard: not needed for the first paint

    return ProfileFlow(states, window)


def build_main_window(
    paths: AppPaths, *, keystore: KeyStore | None = None, kdf: Callable[[], KdfParams] | None = None
) -> tuple[MainWindow, States]:
    """The window and every state object, wired together. Tests hand in a keystore and fast key derivation."""
    window, build_states = window_then_states(paths, keystore=keystore, kdf=kdf)
    return window, build_states()


def window_then_states(
    paths: AppPaths, *, keystore: KeyStore | None = None, kdf: Callable[[], KdfParams] | None = None
) -> tuple[MainWindow, Callable[[], States]]:
    """The window, and a function that builds every state object and wires it to the window. Until it is
    called the window can only show its lock screen (the pages are built from the states on first visit)."""
    from PySide6.QtCore import QSettings

    from privacyapp.ui.main_window import MainWindow, PageSpec

    settings = QSettings(str(paths.config / "window.ini"), QSettings.Format.IniFormat)  # the only one
    states: States  # set by build_states(); the page builders below read it when a page is first visited

    pages = [
        PageSpec("home", _("Home"), "home", lambda window: _home_page(states, window)),
        PageSpec("checklist", _("Checklist"), "checklist", lambda window: _checklist_page(states)),
        PageSpec("passwords", _("Passwords"), "passwords", lambda window: _passwords_page(states)),
        PageSpec("accounts", _("Accounts"), "accounts", lambda window: _accounts_page(states)),
        PageSpec("settings", _("Settings"), "settings", lambda window: _settings_page(states, window)),
    ]
    window = MainWindow(pages, settings)

    def build_states() -> States:
        from privacyapp.ui.state import States
        from privacyapp.ui.state.keys import KeysState
        from privacyapp.ui.state.network import NetworkLog
        from privacyapp.ui.state.session import Session
        from privacyapp.ui.tasks import Tasks

        nonlocal states
        shipped = _Shipped()
        tasks = Tasks()
        session = Session(paths, tasks, settings, shipped.prepare)
        network = NetworkLog(session)
        chosen_keystore = (lambda: keystore) if keystore is not None else _keyring_keystore
        keys = KeysState(tasks, _check_keyring, chosen_keystore, kdf or _calibrated_kdf, session)
        states = States.build(session, keys, network, paths, shipped.catalog, shipped.services)
        session.profileOpened.connect(window.profile_opened)
        session.profileClosed.connect(window.forget_pages)
        session.saveStateChanged.connect(window.show_save_state)
        return states

    return window, build_states


def _home_page(states: States, window: MainWindow) -> QWidget:
    from privacyapp.ui.pages.home import HomePage

    return HomePage(states.checklist, states.accounts, states.next_steps, window.go_to, window.page)


def _passwords_page(states: States) -> QWidget:
    from privacyapp.ui.pages.passwords import PasswordsPage

    return PasswordsPage(states.passwords, states.accounts)


def _accounts_page(states: States) -> QWidget:
    from privacyapp.ui.accounts.page import AccountsPage

    return AccountsPage(states.accounts, states.checklist, states.passwords)


def _checklist_page(states: States) -> QWidget:
    from privacyapp.ui.checklist.page import ChecklistPage

    return ChecklistPage(states.checklist)


def _settings_page(states: States, window: MainWindow) -> QWidget:
    from privacyapp.ui.pages.settings import SettingsPage

    return SettingsPage(
        states.settings,
        states.passwords,
        states.network,
        states.session.import_profile,
        window.switchRequested.emit,
        window.lockRequested.emit,
        states.session.paths.data,
    )
