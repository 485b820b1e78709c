"""Building blocks shared by the pages: a scrolling page with a title and intro, cards, and labels."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from privacyapp.ui import theme


def label(text: str, *, style: str = "body", wrap: bool = True) -> QLabel:
    widget = QLabel(text)
    widget.setWordWrap(wrap)
    theme.style_text(widget, style)
    return widget


def code_label(accessible_name: str, points: float = 15.0) -> QLabel:
    """Large fixed-width text for something to copy out by hand: a recovery code, a passphrase."""
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
