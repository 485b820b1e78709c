"""Light and dark appearance that follows the OS, and SVG icons drawn in the current text colour.

Icons are rendered from SVG at the screen's device pixel ratio, so they stay sharp on HiDPI screens, and drawn
again when the palette changes.

Start-up note: touching PySide6's `Qt` namespace costs ~15 ms the first time (it builds all its enums), so
nothing here needs it before the first paint. Text, cards and icons follow the palette Qt starts with;
PrivacyApplication.follow_os_colour_scheme (run after the first paint) asks the OS for its colour scheme and
listens for changes. Everything is drawn from the palette, so a new palette restyles the whole window.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from privacyapp.core.paths import resource

if TYPE_CHECKING:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QIcon, QPixmap

ICON_SIZE = 22  # the sidebar's icons

# Fusion's colours for a dark scheme, for when the OS asks for dark but Qt's platform plugin hands over a light
# palette (some Linux desktops without a Qt platform theme).
_DARK = {
    "Window": "#1f2227",
    "WindowText": "#e8eaed",
    "Base": "#16181c",
    "AlternateBase": "#23272e",
    "Text": "#e8eaed",
    "Button": "#2b3038",
    "ButtonText": "#e8eaed",
    "Highlight": "#3b82f6",
    "HighlightedText": "#ffffff",
    "ToolTipBase": "#2b3038",
    "ToolTipText": "#e8eaed",
    "PlaceholderText": "#9aa0a6",
    "Link": "#8ab4f8",
    "Mid": "#3c4048",
    "Midlight": "#33373f",
    "Dark": "#111317",
}


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def dark_palette() -> QPalette:
    palette = QPalette()
    for role_name, colour in _DARK.items():
        palette.setColor(getattr(QPalette.ColorRole, role_name), QColor(colour))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#6b7078"))
    return palette


def refresh(app: QApplication) -> None:
    """After a palette change: icons are drawn again in the new text colour."""
    _icon_pixmap.cache_clear()


def palette_for(app: QApplication, scheme: Qt.ColorScheme) -> QPalette:
    """The palette for the OS scheme: Qt's own where it matches, else ours."""
    from PySide6.QtCore import Qt

    standard = app.style().standardPalette()
    if scheme == Qt.ColorScheme.Dark and not is_dark(standard):
        return dark_palette()
    return standard


# Text styles: (point size, bold, muted). Set as fonts and palette roles rather than an application style sheet,
# which would cost ~7 ms of start-up (Qt polishes every widget through it) and would have to be rebuilt for
# each palette.
TEXT_STYLES = {
    "app-name": (15.0, True, False),
    "sidebar": (11.0, False, False),
    "page-title": (20.0, True, False),
    "page-intro": (11.0, False, True),
    "card-title": (12.0, True, False),
    "step-title": (15.0, True, False),
    "body": (10.5, False, False),
    "muted": (9.5, False, True),
}

# Small style sheets scoped to the widgets they style (an application-wide one costs ~7 ms of start-up, as Qt
# then polishes every widget through it). Colours come from the palette, so they follow light and dark.
SIDEBAR_STYLE = """
#SidebarPanel { background: palette(alternate-base); border: none; border-right: 1px solid palette(mid); }
QListWidget { background: transparent; border: none; padding: 0 8px 12px 8px; outline: 0; }
QListWidget::item { padding: 9px 10px; margin: 2px 0; border-radius: 8px; }
QListWidget::item:selected { background: palette(highlight); color: palette(highlighted-text); }
QListWidget::item:hover:!selected { background: palette(midlight); }
"""
# A card is a shade off the fields inside it (alternate-base, not base): in a dark scheme Fusion draws a field's
# frame too dark to see, and a field on a card of its own colour would vanish.
CARD_STYLE = "#Card { background: palette(alternate-base); border: 1px solid palette(mid); border-radius: 10px; }"

# A progress bar's track with a ring of its own: Fusion outlines it a shade darker than the window, which in a dark
# scheme (GTK's, or ours) is the colour of the window itself, so an empty track vanished.
PROGRESS_STYLE = """
QProgressBar { border: 1px solid palette(mid); border-radius: 5px; background: palette(base); text-align: center; }
QProgressBar::chunk { background: palette(highlight); border-radius: 4px; }
"""


def style_progress(bar: QWidget) -> None:
    """Give a progress bar the track of PROGRESS_STYLE, visible in light and dark."""
    bar.setStyleSheet(PROGRESS_STYLE)


def style_text(widget: QWidget, style: str) -> None:
    """Give `widget` one of the TEXT_STYLES."""
    points, bold, muted = TEXT_STYLES[style]
    font = QFont(widget.font())
    font.setPointSizeF(points)
    font.setBold(bold)
    widget.setFont(font)
    if muted:
        widget.setForegroundRole(QPalette.ColorRole.PlaceholderText)


def text_colour() -> QColor:
    return QApplication.palette().color(QPalette.ColorRole.WindowText)


@lru_cache(maxsize=128)
def _icon_pixmap(name: str, colour: str, size: int, ratio: float) -> QPixmap:
    # imported here: no icon is drawn before the first paint, and QtSvg and these classes cost ~2 ms to load
    from PySide6.QtCore import QByteArray, QRectF, QSize
    from PySide6.QtGui import QPainter, QPixmap
    from PySide6.QtSvg import QSvgRenderer

    svg = resource("icons", f"{name}.svg").read_text(encoding="utf-8").replace("currentColor", colour)
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    pixmap = QPixmap(QSize(size, size) * ratio)
    pixmap.fill(QColor(0, 0, 0, 0))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(pixmap.rect()))
    painter.end()
    pixmap.setDevicePixelRatio(ratio)
    return pixmap


def icon(name: str, colour: QColor | None = None, size: int = ICON_SIZE) -> QIcon:
    """The icon resources/icons/NAME.svg in `colour` (default: the palette's text colour), drawn for `size`
    pixels at the screen's device pixel ratio. One size only: drawing each SVG at five sizes cost ~3 ms of
    start-up, and each place that shows an icon knows its size."""
    from PySide6.QtGui import QGuiApplication, QIcon

    screen = QGuiApplication.primaryScreen()
    ratio = screen.devicePixelRatio() if screen else 1.0
    return QIcon(_icon_pixmap(name, (colour or text_colour()).name(), size, ratio))


def app_icon() -> QIcon:
    from PySide6.QtGui import QIcon

    return QIcon(str(resource("privacyapp.svg")))
