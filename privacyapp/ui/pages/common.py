"""Building blocks shared by the pages: a scrolling page with a title and intro, a full-window page with a
header, cards, labels, buttons, drop-down lists, OK/Cancel rows and side-by-side panes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from privacyapp.ui import theme

if TYPE_CHECKING:
    from PySide6.QtCore import QObject
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QSplitter

# The lock screen, shown at the first paint, uses this module: the classes only the pages need are imported
# where they are used, since PySide6 builds each class (and its enums) the first time it is imported.


def label(text: str, *, style: str = "body", wrap: bool = True) -> QLabel:
    widget = QLabel(text)
    widget.setWordWrap(wrap)
    theme.style_text(widget, style)
    return widget


def code_label(accessible_name: str, points: float = 15.0) -> QLabel:
    """Large fixed-width text for something to copy out by hand: a recovery code, a passphrase."""
    from PySide6.QtGui import QFont, QFontDatabase

    widget = QLabel("")
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPointSizeF(points)
    font.setWeight(QFont.Weight.DemiBold)
    widget.setFont(font)
    widget.setAccessibleName(accessible_name)
    widget.setWordWrap(True)
    return widget


def button(text: str, accessible_name: str, *, icon: QIcon | None = None) -> QPushButton:
    widget = QPushButton(icon, text) if icon is not None else QPushButton(text)
    widget.setAccessibleName(accessible_name)
    theme.style_text(widget, "body")
    return widget


def combo(name: str, choices: Sequence[tuple[object, str]], *, narrow: bool = False) -> QComboBox:
    """A drop-down list of (value, words); `narrow`: only as wide as its shortest choice needs (a side panel)."""
    from PySide6.QtWidgets import QComboBox

    widget = QComboBox()
    widget.setAccessibleName(name)
    wheel_only_when_focused(widget)
    if narrow:
        widget.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        widget.setMinimumContentsLength(10)
    for value, text in choices:
        widget.addItem(text, value)
    return widget


def wheel_only_when_focused(widget: QWidget) -> None:
    """The mouse wheel over `widget` scrolls the page, not its value, until the person clicks or tabs into it
    (a combo box changed by a wheel scrolling past it is a choice nobody made)."""
    from PySide6.QtCore import Qt

    widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # the wheel alone does not give it focus
    widget.installEventFilter(_wheel_guard())


def _wheel_guard() -> QObject:
    """One filter for every such widget, made on first use (kept in a module global: it lives as long as the app)."""
    global _WHEEL_GUARD
    if _WHEEL_GUARD is None:
        from PySide6.QtCore import QEvent
        from PySide6.QtCore import QObject as Base

        class WheelGuard(Base):
            def eventFilter(self, watched: QObject, event: QEvent) -> bool:
                if event.type() == QEvent.Type.Wheel and isinstance(watched, QWidget) and not watched.hasFocus():
                    # not for this widget: ignored and filtered, Qt hands the wheel on to its parents (the page)
                    event.ignore()
                    return True
                return False

        _WHEEL_GUARD = WheelGuard()
    return _WHEEL_GUARD


_WHEEL_GUARD: QObject | None = None


def ok_cancel(dialog: QDialog, ok_text: str | None = None) -> QDialogButtonBox:
    """OK and Cancel for `dialog` (OK relabelled `ok_text`), wired to accept and reject."""
    from PySide6.QtWidgets import QDialogButtonBox

    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    if ok_text:
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def side_by_side(left: QWidget, right: QWidget, stretch: tuple[int, int], sizes: tuple[int, int]) -> QSplitter:
    """Two panes the person can resize, sharing extra width by `stretch`, starting at `sizes` pixels."""
    from PySide6.QtCore import Qt  # here: Qt's enums cost ~12 ms the first time, before the first paint
    from PySide6.QtWidgets import QSplitter

    splitter = QSplitter(Qt.Orientation.Horizontal)
    splitter.addWidget(left)
    splitter.addWidget(right)
    splitter.setStretchFactor(0, stretch[0])
    splitter.setStretchFactor(1, stretch[1])
    splitter.setSizes(list(sizes))
    return splitter


def full_page(page: QWidget, name: str, title: str, actions: Sequence[QPushButton]) -> QVBoxLayout:
    """The layout of a page that fills the window (a list beside a detail, not a scrolling text): its title,
    with `actions` at the right of it. Returns the layout to add the rest to."""
    page.setAccessibleName(name)
    layout = QVBoxLayout(page)
    layout.setContentsMargins(24, 20, 24, 12)
    layout.setSpacing(10)
    header = QHBoxLayout()
    header.addWidget(label(title, style="page-title", wrap=False))
    header.addStretch(1)
    for action in actions:
        header.addWidget(action)
    layout.addLayout(header)
    return layout


class Page(QScrollArea):
    """A page: title, one-line intro, then content that scrolls when the window is small."""

    def __init__(self, title: str, intro: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAccessibleName(title)
        body = QWidget()
        self.content = QVBoxLayout(body)
        self.content.setContentsMargins(32, 28, 32, 28)
        self.content.setSpacing(16)
        self.title = label(title, style="page-title", wrap=False)
        self.title.setAccessibleName(f"{title} page title")
        self.intro = label(intro, style="page-intro")
        self.content.addWidget(self.title)
        self.content.addWidget(self.intro)
        self.setWidget(body)

    def finish(self) -> None:
        self.content.addStretch(1)


class Card(QFrame):
    """A rounded panel with a title, for one topic on a page. Its style sheet takes its colours from the
    palette, so it follows the light or dark scheme by itself. (A style sheet, not a paintEvent: the first
    Python call to an overloaded QPainter method builds PySide6's whole `Qt` namespace, ~15 ms of start-up.)"""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Card")
        self.setStyleSheet(theme.CARD_STYLE)
        self.setAccessibleName(title)
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(20, 16, 20, 18)
        self.body.setSpacing(8)
        self.heading = label(title, style="card-title", wrap=False)
        self.body.addWidget(self.heading)
