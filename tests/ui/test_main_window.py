"""The main window: pages, keyboard navigation, Home's facts, accessibility, geometry, light and dark."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QListWidget
from pytestqt.qtbot import QtBot

from privacyapp import __version__
from privacyapp.app import build_main_window
from privacyapp.core.keyring_check import KeyringStatus
from privacyapp.core.paths import AppPaths
from privacyapp.core.profile.keystore import MemoryKeyStore
from privacyapp.core.redact import Secret
from privacyapp.ui import theme
from privacyapp.ui.accounts.page import AccountsPage
from privacyapp.ui.application import PrivacyApplication
from privacyapp.ui.checklist.page import ChecklistPage
from privacyapp.ui.main_window import MainWindow
from privacyapp.ui.pages.home import HomePage
from privacyapp.ui.pages.passwords import PasswordsPage
from privacyapp.ui.state import States
from privacyapp.ui.state.session import SaveState
from tests.conftest import FAST_KDF
from tests.ui.conftest import MISSING, WORKING
from tests.ui.test_profile_gui import finish_onboarding, launch_states

PAGES = ["home", "checklist", "passwords", "accounts", "settings"]


def open_window(
    qtbot: QtBot, paths: AppPaths, status: KeyringStatus = WORKING, name: str = "Tester"
) -> tuple[MainWindow, States]:
    """The main window with a freshly created profile open (fast key derivation, keyring in memory)."""
    window, states = build_main_window(paths, keystore=MemoryKeyStore(), kdf=lambda: FAST_KDF)
    states.keys._check_keyring = lambda: status  # the real check is tested in tests/core and tests/integration
    qtbot.addWidget(window)
    window.install_shortcuts()  # run_gui does this after the first paint
    window.show()
    qtbot.waitExposed(window)
    assert window.locked, "no page shows before a profile is open"
    results: list[object] = []
    keys = states.keys
    states.session.create_profile(
        name, Secret("a long test passphrase"), keys.keystore, keys.kdf_params, results.append
    )
    qtbot.waitUntil(lambda: bool(results), timeout=10_000)
    assert isinstance(results[0], Secret)
    assert not window.locked
    return window, states


def test_window_opens_on_home_with_five_pages(qtbot: QtBot, paths: AppPaths) -> None:
    window, _ = open_window(qtbot, paths)
    assert window.isVisible()
    assert window.windowTitle().startswith("privacyapp")
    assert window.page_keys() == PAGES
    assert window.current_key() == "home"
    assert isinstance(window.stack.currentWidget(), HomePage)
    assert QApplication.applicationName() == "privacyapp"
    assert QApplication.desktopFileName() == "privacyapp"
    app = QApplication.instance()
    assert isinstance(app, PrivacyApplication)
    app.finish_start_up()  # what run_gui does after the first paint
    assert not QApplication.windowIcon().isNull()


def test_pages_are_built_on_first_visit_and_unbuilt_ones_say_so(qtbot: QtBot, paths: AppPaths) -> None:
    window, _ = open_window(qtbot, paths)
    assert set(window._built) == {"home"}
    window.go_to("checklist")
    assert isinstance(window.stack.currentWidget(), ChecklistPage)
    window.go_to("passwords")
    assert isinstance(window.stack.currentWidget(), PasswordsPage)
    window.go_to("accounts")
    assert isinstance(window.stack.currentWidget(), AccountsPage)
    window.go_to("settings")
    assert set(window._built) == set(PAGES)


def test_sidebar_keyboard_navigation(qtbot: QtBot, paths: AppPaths) -> None:
    window, _ = open_window(qtbot, paths)
    with qtbot.waitActive(window):
        window.activateWindow()
    window.sidebar.setFocus()
    qtbot.keyClick(window.sidebar, Qt.Key.Key_Down)
    assert window.current_key() == "checklist"
    qtbot.keyClick(window.sidebar, Qt.Key.Key_End)
    assert window.current_key() == "settings"
    qtbot.keyClick(window.sidebar, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "passwords"
    assert window.stack.currentIndex() == 2


def test_home_shows_the_version_and_keeps_the_data_folder_and_keyring_off(qtbot: QtBot, paths: AppPaths) -> None:
    """The folder and the keyring are Settings' business: Home is what to fix first (issue 13)."""
    window, states = open_window(qtbot, paths, WORKING)
    home = window.page("home")
    assert isinstance(home, HomePage)
    assert __version__ in home.version_label.text()
    with qtbot.waitSignal(states.keys.keyringStatusChanged, timeout=5000):
        states.keys.refresh_keyring_status()
    texts = [w.text() for w in home.findChildren(QLabel)]
    assert not [t for t in texts if str(paths.data) in t or "Test Keyring" in t or "keyring works" in t]
    settings = window.page("settings")  # where they are now
    assert settings.computer.data_path.text() == str(paths.data)  # type: ignore[attr-defined]
    assert "Test Keyring" in settings.computer.keyring_label.text()  # type: ignore[attr-defined]
    states.keys.keyringStatusChanged.emit(MISSING)  # the card follows a new answer of the check
    assert "asks for a passphrase instead" in settings.computer.keyring_label.text()  # type: ignore[attr-defined]


def test_save_label_words_each_save_state(qtbot: QtBot, paths: AppPaths) -> None:
    window, _ = open_window(qtbot, paths)
    label = window.save_label
    window.show_save_state(SaveState.READ_ONLY, "")
    assert label.text().startswith("Saved by a newer privacyapp") and "cannot be saved" in label.text()
    window.show_save_state(SaveState.FAILED, "Your changes could not be saved: the disk is full.")
    assert label.text() == "Your changes could not be saved: the disk is full." and "dc2626" in label.styleSheet()
    window.show_save_state(SaveState.SAVED, "")
    assert label.text() == "All changes saved" and label.styleSheet() == ""


def test_home_buttons_open_their_pages(qtbot: QtBot, paths: AppPaths) -> None:
    window, _ = open_window(qtbot, paths)
    buttons = {b.accessibleName(): b for b in window.page("home").findChildren(QAbstractButton)}
    qtbot.mouseClick(buttons["Open the Passwords page"], Qt.MouseButton.LeftButton)
    assert window.current_key() == "passwords"


def test_every_control_has_an_accessible_name(qtbot: QtBot, paths: AppPaths) -> None:
    window, _ = open_window(qtbot, paths)
    for key in PAGES:
        window.go_to(key)
    controls = [*window.findChildren(QAbstractButton), *window.findChildren(QListWidget)]
    assert len(controls) >= 5
    unnamed = [type(c).__name__ + ":" + getattr(c, "text", lambda: "")() for c in controls if not c.accessibleName()]
    assert unnamed == []


def test_geometry_is_remembered(qtbot: QtBot, paths: AppPaths) -> None:
    window, _ = open_window(qtbot, paths)
    window.resize(790, 560)  # the offscreen screen is 800 x 600
    window.close()
    assert QSettings(str(paths.config / "window.ini"), QSettings.Format.IniFormat).value("window/geometry")
    again, _ = open_window(qtbot, paths, name="Second")
    assert (again.width(), again.height()) == (790, 560)


@pytest.mark.parametrize("scheme", [Qt.ColorScheme.Dark, Qt.ColorScheme.Light])
def test_follows_the_os_colour_scheme(qtbot: QtBot, paths: AppPaths, scheme: Qt.ColorScheme) -> None:
    app = QApplication.instance()
    assert isinstance(app, PrivacyApplication)
    window, _ = open_window(qtbot, paths)
    app.follow_os_colour_scheme()
    before = window.sidebar.item(1).icon().pixmap(22, 22).toImage()
    try:
        # What the OS platform plugin emits when the user switches (offscreen has no OS scheme to switch).
        app.styleHints().colorSchemeChanged.emit(scheme)
        dark = theme.is_dark(app.palette())
        assert dark == (scheme == Qt.ColorScheme.Dark)
        text = app.palette().color(QPalette.ColorRole.WindowText)
        assert (text.lightness() > 128) == dark
        after = window.sidebar.item(1).icon().pixmap(22, 22).toImage()
        assert (after != before) == dark, "icons are drawn again in the new text colour"
    finally:
        app.set_colour_scheme(Qt.ColorScheme.Light)


def test_icons_are_rendered_for_hidpi(qtbot: QtBot, paths: AppPaths) -> None:
    open_window(qtbot, paths)
    icon = theme.icon("home", size=24)
    pixmap = icon.pixmap(24, 24)
    screen_ratio = QApplication.primaryScreen().devicePixelRatio()
    assert pixmap.devicePixelRatio() == screen_ratio
    assert pixmap.width() == round(24 * screen_ratio)
    assert not pixmap.isNull()
    image = pixmap.toImage()
    painted = sum(1 for x in range(image.width()) for y in range(image.height()) if image.pixelColor(x, y).alpha())
    assert painted > 20, "the SVG should have drawn something"


def test_the_modules_imported_ahead_of_the_pages_exist() -> None:
    """ProfileFlow imports these while Home shows; a renamed module would only be imported late, silently."""
    import importlib.util

    from privacyapp.ui.flow import PAGE_MODULES

    assert [name for name in PAGE_MODULES if importlib.util.find_spec(name) is None] == []


def test_pages_are_built_ahead_while_home_shows_and_never_while_locked(qtbot: QtBot, paths: AppPaths) -> None:
    """After unlock the flow builds the pages not yet visited, one per turn, so that a first visit only shows the
    page. Built with the open profile's data."""
    window, _states, flow = launch_states(qtbot, paths)
    finish_onboarding(qtbot, flow)
    qtbot.waitUntil(lambda: all(window.is_built(key) for key in PAGES), timeout=10_000)
    assert window.current_key() == "home" and isinstance(window.stack.currentWidget(), HomePage)
    assert "Sam" in window.page("settings").profile_line.text()  # type: ignore[attr-defined]


def test_no_page_is_built_ahead_while_locked(qtbot: QtBot, paths: AppPaths) -> None:
    window, _states = open_window(qtbot, paths)
    window.set_locked(True)  # what the flow does when the profile closes
    window.build_ahead()
    assert [key for key in PAGES if window.is_built(key)] == ["home"]
    window.set_locked(False)
    window.build_ahead()
    qtbot.waitUntil(lambda: all(window.is_built(key) for key in PAGES), timeout=10_000)


def test_the_window_never_opens_larger_than_its_screen(qtbot: QtBot, paths: AppPaths) -> None:
    """1040x720 by default, or the size saved on a bigger screen: shrunk to the room the screen has (a 1024x600
    netbook; 1920x1080 at 1.5x)."""
    window, _states = build_main_window(paths, keystore=MemoryKeyStore(), kdf=lambda: FAST_KDF)
    qtbot.addWidget(window)
    room = window.screen().availableGeometry()
    assert window.width() <= room.width() and window.height() <= room.height()
    window.resize(room.width() + 400, room.height() + 300)  # as a size saved on a bigger screen would
    window.close()
    settings = window._settings
    settings.setValue("window/geometry", window.saveGeometry())
    again, _states = build_main_window(paths, keystore=MemoryKeyStore(), kdf=lambda: FAST_KDF)
    qtbot.addWidget(again)
    assert again.width() <= room.width() and again.height() <= room.height()
