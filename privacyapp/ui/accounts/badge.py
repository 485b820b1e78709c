"""A service's badge: a round disc in its colour with one or two characters (see services/README.md: no brand
logos, which are trademarks with their own usage rules)."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QIcon, QPainter, QPen, QPixmap

from privacyapp.core.services import Service

UNKNOWN_COLOUR = "#6b7280"
RING_COLOUR = "#d1d5db"  # around a very dark disc (TikTok's, X's black), which would vanish on a dark background
DARK_DISC = 60  # a disc this dark or darker (HSL lightness, 0 to 255) gets the ring


@lru_cache(maxsize=256)
def _pixmap(colour: str, mark: str, size: int, ratio: float) -> QPixmap:
    pixmap = QPixmap(round(size * ratio), round(size * ratio))
    pixmap.fill(QColor(0, 0, 0, 0))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    disc = QColor(colour)
    full = QRectF(0, 0, size * ratio, size * ratio)
    if disc.lightness() <= DARK_DISC:
        ring = max(1.0, size * ratio * 0.08)
        painter.setPen(QPen(QColor(RING_COLOUR), ring))
        painter.setBrush(disc)
        painter.drawEllipse(full.adjusted(ring / 2, ring / 2, -ring / 2, -ring / 2))
    else:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(disc)
        painter.drawEllipse(full)
    font = QFont()
    font.setBold(True)
    font.setPixelSize(max(6, round(size * ratio * (0.46 if len(mark) < 2 else 0.38))))
    painter.setFont(font)
    painter.setPen(QColor("#ffffff"))
    painter.drawText(full, int(Qt.AlignmentFlag.AlignCenter), mark)
    painter.end()
    pixmap.setDevicePixelRatio(ratio)
    return pixmap


def pixmap(service: Service | None, size: int, ratio: float | None = None) -> QPixmap:
    if ratio is None:
        screen = QGuiApplication.primaryScreen()
        ratio = screen.devicePixelRatio() if screen else 1.0
    if service is None:
        return _pixmap(UNKNOWN_COLOUR, "?", size, ratio)
    return _pixmap(service.colour, service.mark, size, ratio)


def icon(service: Service | None, size: int = 20) -> QIcon:
    return QIcon(pixmap(service, size))
