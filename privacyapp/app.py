"""The composition root of the GUI: parses the command line, builds the concrete objects once, opens the window.

Start-up is kept lean: nothing that the first paint does not need is imported or run before it (the keyring
check, the single-instance server). `bench/startup.py` measures it.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from privacyapp import __version__
from privacyapp.core.paths import AppPaths, app_paths

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QWidget

    from privacyapp.core.keyring_check import KeyringStatus
    from privacyapp.core.profile.crypto import KdfParams
    from privacyapp.core.profile.keystore import KeyStore
    from privacyapp.ui.flow import ProfileFlow
    from privacyapp.ui.main_window import MainWindow
    from privacyapp.ui.session import Session

log = logging.getLogger("privacyapp")


USAGE = f"""usage: privacyapp [--data-dir DIR] [--debug] [--version] [-h]

privacyapp {__version__}, the desktop app. (The command line is privacyapp-cli.)

options:
  --data-dir DIR  keep all data, settings and logs under DIR (also: PRIVACYAPP_DATA_DIR)
  --debug         log more, also to the terminal
  --version       show the version and exit
  -h, --help      show this help and exit

Other arguments go to Qt (for example: -platform offscreen)."""


class GuiOptions(NamedTuple):
    data_dir: str | None
    debug: bool
    quit_after_first_paint: bool  # for bench/startup.py and the window tests: print the time, then quit
    qt_args: list[str]


def parse_args(argv: Sequence[str]) -> GuiOptions:
    """The GUI's few options, by hand: argparse costs ~5 ms of start-up (see bench/startup.py).

    Exits like argparse: 0 after --help or --version, 2 on a usage error."""
    data_dir: str | None = None
    debug = quit_after_first_paint = False
    qt_args: list[str] = []
    rest = list(argv)
    while rest:
        arg = rest.pop(0)
        if arg in ("-h", "--help"):
            print(USAGE)
            raise SystemExit(0)
        if arg == "--version":
            print(f"privacyapp {__version__}")
            raise SystemExit(0)
        if arg == "--debug":
            debug = True
        elif arg == "--quit-after-first-paint":
            quit_after_first_paint = True
        elif arg.startswith("--data-dir="):
            data_dir = arg.partition("=")[2]
        elif arg == "--data-dir":
            if not rest or rest[0].startswith("-"):
                print(f"{USAGE.splitlines()[0]}\nprivacyapp: error: --data-dir needs a folder", file=sys.stderr)
                raise SystemExit(2)
            data_dir = rest.pop(0)
        else:
            qt_args.append(arg)
    return GuiOptions(data_dir, debug, quit_after_first_paint, qt_args)


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
    from PySide6.QtCore import QTimer

    from privacyapp.ui.application import PrivacyApplication
    from privacyapp.ui.single_instance import SingleInstance

    app = PrivacyApplication(["privacyapp", *qt_args], log_file=str(paths.log_file))
    app.install_excepthook()
    instance = SingleInstance(paths.data / "instance.lock")
    if not instance.acquire():
        if instance.notify_first():
            log.info("privacyapp is already running; brought its window to the front")
            return 0
        print("privacyapp is already running but did not answer. Close it and try again.", file=sys.stderr)
        return 1

    window, session = build_main_window(paths)
    instance.activation_requested.connect(window.bring_to_front)
    app.aboutToQuit.connect(session.shutdown)  # saves what is unsaved, forgets the key, stops the rater

    def first_paint_done() -> None:
        if quit_after_first_paint:
            print(f"first-paint-ns {time.monotonic_ns()}", flush=True)
            app.quit()
            return
        after_first_paint()
        window.install_shortcuts()
        _quit_on_signals(app)
        app.finish_start_up()
        instance.listen()
        session.refresh_keyring_status()
        start_flow(window, session).start()

    # queued: run once the paint has finished, not inside it
    window.firstPainted.connect(lambda: QTimer.singleShot(0, first_paint_done))
    window.show()
    code = app.exec()
    instance.release()
    log.info("privacyapp quit with code %s", code)
    return int(code)


def _quit_on_signals(app: QApplication) -> None:
    """SIGTERM and Ctrl+C quit cleanly (closing the window, so settings and, later, the profile are saved)."""
    import signal

    from PySide6.QtCore import QTimer

    def quit_now(*_args: object) -> None:
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


def start_flow(window: MainWindow, session: Session) -> ProfileFlow:
    from privacyapp.ui.flow import ProfileFlow  # dialogs and the wizard: not needed for the first paint

    return ProfileFlow(session, window)


def build_main_window(
    paths: AppPaths, *, keystore: KeyStore | None = None, kdf: Callable[[], KdfParams] | None = None
) -> tuple[MainWindow, Session]:
    """The window and the session, wired together. Tests hand in a keystore and fast key derivation."""
    from PySide6.QtCore import QSettings

    from privacyapp.ui.main_window import MainWindow, PageSpec
    from privacyapp.ui.pages.home import HomePage
    from privacyapp.ui.session import Session

    session = Session(paths, check_keyring=_check_keyring, keystore=keystore, kdf=kdf)
    settings = QSettings(str(paths.config / "window.ini"), QSettings.Format.IniFormat)

    pages = [
        PageSpec("home", "Home", "home", lambda window: HomePage(session, window.go_to)),
        PageSpec("checklist", "Checklist", "checklist", lambda window: _checklist_page(session)),
        PageSpec("passwords", "Passwords", "passwords", lambda window: _passwords_page(session)),
        PageSpec("accounts", "Accounts", "accounts", lambda window: _accounts_page(session)),
        PageSpec("settings", "Settings", "settings", lambda window: _settings_page(session, window)),
    ]
    window = MainWindow(pages, settings)
    session.profileOpened.connect(window.profile_opened)
    session.saveStateChanged.connect(window.show_save_state)
    return window, session


def _passwords_page(session: Session) -> QWidget:
    from privacyapp.ui.pages.passwords import PasswordsPage

    return PasswordsPage(session)


def _accounts_page(session: Session) -> QWidget:
    from privacyapp.ui.accounts.page import AccountsPage

    return AccountsPage(session)


def _checklist_page(session: Session) -> QWidget:
    from privacyapp.ui.checklist.page import ChecklistPage

    return ChecklistPage(session)


def _settings_page(session: Session, window: MainWindow) -> QWidget:
    from privacyapp.ui.pages.settings import SettingsPage

    return SettingsPage(session, window.switchRequested.emit)
