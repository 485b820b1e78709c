"""The QApplication: names, icon, the OS colour scheme, and a last-resort handler for unexpected errors."""

from __future__ import annotations

import logging
import sys
import types
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSettings, Signal
from PySide6.QtWidgets import QApplication

from privacyapp import APP_DISPLAY_NAME, APP_NAME, __version__
from privacyapp.core.paths import private_umask
from privacyapp.ui import theme

if TYPE_CHECKING:
    from PySide6.QtCore import Qt

    from privacyapp.ui.gui_gc import GuiThreadCollector

log = logging.getLogger(__name__)


def keep_qt_settings_in(config_dir: str) -> None:
    """Qt's own settings (the file dialog keeps its folders and history in QtProject.conf) go to our config folder,
    not ~/.config: nothing of privacyapp's is written outside --data-dir."""
    for kind in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(kind, QSettings.Scope.UserScope, config_dir)


def forget_file_dialog_places() -> None:
    """Remove the folder the last file dialog was in, and its history, from Qt's settings: called after choosing
    a password export, whose folder privacyapp never keeps."""
    settings = QSettings(QSettings.Scope.UserScope, "QtProject")
    for key in ("FileDialog/lastVisited", "FileDialog/history"):
        settings.remove(key)
    settings.sync()


class PrivacyApplication(QApplication):
    themeChanged = Signal()  # the palette changed: redraw icons

    def __init__(self, argv: Sequence[str], log_file: str = "", config_dir: str = "") -> None:
        private_umask()  # what Qt writes for us (window.ini, its own settings, sockets) is 0600 / 0700 too
        if config_dir:
            keep_qt_settings_in(config_dir)
        QCoreApplication.setApplicationName(APP_NAME)
        QCoreApplication.setOrganizationName(APP_NAME)
        QCoreApplication.setOrganizationDomain("privacyapp.invalid")
        QCoreApplication.setApplicationVersion(__version__)
        super().__init__(list(argv))
        # zxcvbn is pure Python: while it rates a hard input on a worker thread, the GUI thread waits for the
        # interpreter lock in slices of the switch interval (5 ms by default). 1 ms slices keep the window
        # within a frame (bench/passwords.py measures it).
        sys.setswitchinterval(0.001)
        self.setApplicationDisplayName(APP_DISPLAY_NAME)
        self.setDesktopFileName(APP_NAME)  # matches packaging/privacyapp.desktop, for the taskbar icon
        self._log_file = log_file
        self._following_os = False
        self.collector: GuiThreadCollector | None = None  # garbage collection on this thread only, after start-up

    def finish_start_up(self) -> None:
        """What the first paint does not need: the window icon (an SVG engine plugin to load), the OS colour
        scheme (see theme.py), and garbage collection on the GUI thread (see gui_gc.py). Called right after the
        first paint."""
        from privacyapp.ui.gui_gc import GuiThreadCollector

        self.setWindowIcon(theme.app_icon())
        self.follow_os_colour_scheme()
        if self.collector is None:
            self.collector = GuiThreadCollector(self)

    def follow_os_colour_scheme(self) -> None:
        """Match the OS light/dark scheme now and whenever it changes."""
        self.set_colour_scheme(self.styleHints().colorScheme())
        if not self._following_os:
            self.styleHints().colorSchemeChanged.connect(self.set_colour_scheme)
            self._following_os = True

    def set_colour_scheme(self, scheme: Qt.ColorScheme) -> None:
        palette = theme.palette_for(self, scheme)
        if palette == self.palette() and theme.is_dark(palette) == theme.is_dark(self.palette()):
            return
        self.setPalette(palette)
        self.themeChanged.emit()

    def install_excepthook(self) -> None:
        """An unexpected error is logged (scrubbed of secrets) and shown as a message, never as a traceback."""
        sys.excepthook = self._excepthook

    def _excepthook(self, kind: type[BaseException], value: BaseException, tb: types.TracebackType | None) -> None:
        from PySide6.QtWidgets import QMessageBox

        log.critical("unexpected error", exc_info=(kind, value, tb))
        where = f"\n\nDetails are in the log file:\n{self._log_file}" if self._log_file else ""
        QMessageBox.critical(
            self.activeWindow(),
            "Something went wrong",
            "privacyapp hit an unexpected problem. Your saved data is safe." + where,
        )
