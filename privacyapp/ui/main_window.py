"""The main window: a sidebar of pages on the left, the current page on the right."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QEvent, QSettings, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from privacyapp.i18n import _
from privacyapp.ui import theme
from privacyapp.ui.application import PrivacyApplication
from privacyapp.ui.pages.locked import LockedPage

if TYPE_CHECKING:
    from PySide6.QtWidgets import QLabel, QListWidget, QPushButton

log = logging.getLogger(__name__)


BUILD_GAP_MS = 40  # between two pages built ahead: time for the event loop to paint and take input


class PageSpec(NamedTuple):  # (not a dataclass: importing dataclasses costs ~2 ms before the first paint)
    key: str
    title: str
    icon: str
    build: Callable[[MainWindow], QWidget]  # called with the window on the page's first visit


class MainWindow(QMainWindow):
    firstPainted = Signal()
    lockRequested = Signal()
    switchRequested = Signal()

    def __init__(self, pages: list[PageSpec], settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("privacyapp")
        self.setMinimumSize(780, 540)
        self._specs = pages
        self._settings = settings
        self._built: dict[str, QWidget] = {}
        self._painted = False
        self.close_guard: Callable[[], bool] | None = None  # False: not yet (see ProfileFlow)

        self.locked_page = LockedPage()
        self.outer = QStackedWidget()
        self.outer.addWidget(self.locked_page)
        self.setCentralWidget(self.outer)
        self.locked = True
        # The first paint shows only the lock screen: the sidebar and the page area are built right after it,
        # or when one of their widgets is first asked for (see _open_area).
        self._open: QWidget | None = None
        app = QApplication.instance()
        if isinstance(app, PrivacyApplication):
            # a bound method, not a lambda, so that Qt drops the connection when the window is deleted
            app.themeChanged.connect(self.refresh_icons)
        self._restore_geometry()

    def _open_area(self) -> QWidget:
        """The sidebar and the page area beside it, built on first use."""
        if self._open is not None:
            return self._open
        from PySide6.QtCore import QSize
        from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)

        side = QFrame()
        side.setObjectName("SidebarPanel")
        side.setStyleSheet(theme.SIDEBAR_STYLE)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.setSpacing(0)
        brand = QLabel("privacyapp")
        theme.style_text(brand, "app-name")
        brand.setContentsMargins(18, 18, 18, 12)
        brand.setAccessibleName("privacyapp")
        side_layout.addWidget(brand)
        self._sidebar = sidebar = QListWidget()
        theme.style_text(sidebar, "sidebar")
        sidebar.setAccessibleName(_("Pages"))
        sidebar.setAccessibleDescription(_("Choose a page with the arrow keys, or press Ctrl+1 to Ctrl+5"))
        sidebar.setFixedWidth(210)
        sidebar.setIconSize(QSize(theme.ICON_SIZE, theme.ICON_SIZE))
        side_layout.addWidget(sidebar, 1)
        # the open profile, and Lock now, at the foot of the sidebar
        self._profile_button = QPushButton("")
        self._profile_button.setAccessibleName(_("Switch profile"))
        self._profile_button.setToolTip(_("Switch or add profiles"))
        self._profile_button.clicked.connect(self.switchRequested)
        self._lock_button = QPushButton(_("Lock now"))
        self._lock_button.setAccessibleName(_("Lock now"))
        self._lock_button.setToolTip(_("Lock the profile (Ctrl+L)"))
        self._lock_button.clicked.connect(self.lockRequested)
        foot = QVBoxLayout()
        foot.setContentsMargins(12, 8, 12, 14)
        foot.addWidget(self._profile_button)
        foot.addWidget(self._lock_button)
        self._save_label = QLabel("")
        self._save_label.setWordWrap(True)
        self._save_label.setAccessibleName(_("Save status"))
        theme.style_text(self._save_label, "muted")
        foot.addWidget(self._save_label)
        side_layout.addLayout(foot)
        layout.addWidget(side)

        self._stack = QStackedWidget()
        self._stack.setAccessibleName(_("Page content"))
        layout.addWidget(self._stack, 1)
        self.outer.addWidget(central)
        self._open = central  # before the first row is chosen below, which may build a page

        for number, spec in enumerate(self._specs, start=1):
            item = QListWidgetItem(theme.icon(spec.icon), spec.title)
            # Translators: a page's name in the sidebar and the keys that open it
            item.setToolTip(_("{page} (Ctrl+{number})").format(page=spec.title, number=number))
            sidebar.addItem(item)
            self._stack.addWidget(QWidget())  # replaced by the real page on first visit

        sidebar.currentRowChanged.connect(self._show_row)
        sidebar.setCurrentRow(0)
        return central

    # the open area's widgets, which others reach for
    @property
    def sidebar(self) -> QListWidget:
        self._open_area()
        return self._sidebar

    @property
    def stack(self) -> QStackedWidget:
        self._open_area()
        return self._stack

    @property
    def profile_button(self) -> QPushButton:
        self._open_area()
        return self._profile_button

    @property
    def lock_button(self) -> QPushButton:
        self._open_area()
        return self._lock_button

    @property
    def save_label(self) -> QLabel:
        self._open_area()
        return self._save_label

    def install_shortcuts(self) -> None:
        """Ctrl+1 to Ctrl+5 open the pages, Ctrl+Q quits, Ctrl+L locks, Ctrl+F searches the page. Called right after
        the first paint (see theme.py on start-up)."""
        from PySide6.QtGui import QKeySequence, QShortcut

        for row in range(len(self._specs)):
            shortcut = QShortcut(QKeySequence(f"Ctrl+{row + 1}"), self)
            shortcut.activated.connect(functools.partial(self.sidebar.setCurrentRow, row))
        # Ctrl+Q quits through closeEvent (which waits for the last save); Ctrl+L locks; Ctrl+F finds on this page
        for keys, slot in (("Ctrl+Q", self.close), ("Ctrl+L", self._lock_shortcut), ("Ctrl+F", self.focus_search)):
            QShortcut(QKeySequence(keys), self).activated.connect(slot)

    def _lock_shortcut(self) -> None:
        if not self.locked:
            self.lockRequested.emit()

    def focus_search(self) -> bool:
        """Put the cursor in the current page's search box (a page names it with `search_field()`, or has a
        line edit `search`). False when the page has none, or while locked."""
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QLineEdit

        if self.locked:
            return False
        page = self.page(self.current_key())
        finder = getattr(page, "search_field", None)
        field = finder() if callable(finder) else getattr(page, "search", None)
        if not isinstance(field, QLineEdit) or not field.isEnabled():
            return False
        field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        field.selectAll()
        return True

    # --- pages -----------------------------------------------------------------------------------------------
    def page_keys(self) -> list[str]:
        return [spec.key for spec in self._specs]

    def go_to(self, key: str) -> None:
        self.sidebar.setCurrentRow(self.page_keys().index(key))

    def current_key(self) -> str:
        return self._specs[self.sidebar.currentRow()].key

    def page(self, key: str) -> QWidget:
        """The page for `key`, built now if it was not yet."""
        if key not in self._built:
            row = self.page_keys().index(key)
            widget = self._specs[row].build(self)
            placeholder = self.stack.widget(row)
            if placeholder is not None:
                self.stack.removeWidget(placeholder)
                placeholder.deleteLater()
            self.stack.insertWidget(row, widget)
            self._built[key] = widget
        return self._built[key]

    def is_built(self, key: str) -> bool:
        return key in self._built

    def build_ahead(self) -> None:
        """Build the pages not yet visited, one per turn of the event loop, while the person reads the current one.

        A page's first visit then only shows it: building one takes 15 to 30 ms, and showing it too would go over
        the 50 ms a person can feel. Stops while locked (a page is built only with a profile open). A timer, not a
        zero-delay call, spaces the builds: Qt runs the calls posted while it runs posted calls in the same batch,
        which would join two builds into one long stall."""
        if self.locked:
            return
        waiting = [key for key in self.page_keys() if key not in self._built]
        if waiting:
            self.page(waiting[0])
            QTimer.singleShot(BUILD_GAP_MS, self, self.build_ahead)

    def _show_row(self, row: int) -> None:
        if row < 0 or self.locked:
            return  # pages are built when first shown, and only while a profile is open
        self.stack.setCurrentWidget(self.page(self._specs[row].key))

    # --- locked or open --------------------------------------------------------------------------------------
    def set_locked(self, locked: bool, profile_name: str = "") -> None:
        """While locked, only the lock screen shows; no page with the profile's data is visible."""
        open_area = self._open_area()  # built while still locked: no page is built on the way
        self.locked = locked
        self.outer.setCurrentWidget(self.locked_page if locked else open_area)
        if profile_name:
            # Translators: {name} is the name of the open profile (a person's name, say)
            self.profile_button.setText(_("Profile: {name}").format(name=profile_name))
        if not locked:
            self._show_row(self.sidebar.currentRow())

    def profile_opened(self, name: str) -> None:
        self.set_locked(False, name)

    def forget_pages(self) -> None:
        """Lock or switch: every page built so far forgets what the last person typed or saw."""
        for page in self._built.values():
            forget = getattr(page, "forget", None)
            if forget is not None:
                forget()
        self.profile_button.setText("")
        self.save_label.setText("")
        self.save_label.setStyleSheet("")

    def show_save_state(self, state: str, message: str = "") -> None:
        words = {
            "saved": _("All changes saved"),
            "saving": _("Saving…"),
            "unsaved": _("Changes not saved yet"),
            "read-only": _("Saved by a newer privacyapp: changes here cannot be saved."),
        }
        self.save_label.setText(message or words.get(state, ""))
        # a failure stays in red until a save works again; the change is kept in memory and retried
        self.save_label.setStyleSheet("color: #dc2626;" if state in ("failed", "conflict") else "")

    # --- window life -----------------------------------------------------------------------------------------
    def bring_to_front(self) -> None:
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    def refresh_icons(self) -> None:
        if self._open is None:
            return  # not built yet: it draws them when it is, in the palette of that moment
        for row, spec in enumerate(self._specs):
            self.sidebar.item(row).setIcon(theme.icon(spec.icon))

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.Paint and not self._painted:
            self._painted = True
            self.firstPainted.emit()
            QTimer.singleShot(0, self._open_area)  # once this paint has finished: unlocking need not wait for it
        return handled

    def _restore_geometry(self) -> None:
        geometry = self._settings.value("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1040, 720)
        self._fit_screen()

    def _fit_screen(self) -> None:
        """Never larger than the screen it opens on: 1040x720 does not fit a 1024x600 netbook, nor a 1920x1080
        screen at 1.5x (1280x720 of room, less the panels). A saved size from a bigger screen shrinks too."""
        room = self.screen().availableGeometry()
        width, height = min(self.width(), room.width()), min(self.height(), room.height())
        if (width, height) != (self.width(), self.height()):
            self.resize(width, height)

    def closeEvent(self, event: QCloseEvent) -> None:
        # The flow may hold the close until the open profile's last changes are written (or the person chose).
        if self.close_guard is not None and not self.close_guard():
            event.ignore()
            return
        self._settings.setValue("window/geometry", self.saveGeometry())
        self._settings.sync()
        super().closeEvent(event)
