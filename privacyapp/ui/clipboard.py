"""Copying secrets (a recovery code, a generated passphrase): marked as sensitive for clipboard managers, and
cleared after 30 seconds if the clipboard still holds what we put there (KeePassXC's rule)."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QMimeData, QTimer
from PySide6.QtGui import QGuiApplication

CLEAR_AFTER_MS = 30_000
# KDE's Klipper and other clipboard managers skip data carrying this hint
SENSITIVE_HINT = "x-kde-passwordManagerHint"


# The data objects we put on the clipboard. "Still ours" is asked by identity, not by reading the clipboard's
# text: on X11, reading what another program holds waits for that program (up to seconds).
_ours: list[QMimeData] = []


def _still_ours(data: QMimeData) -> bool:
    return QGuiApplication.clipboard().mimeData() is data


def copy_sensitive(text: str, clear_after_ms: int = CLEAR_AFTER_MS) -> None:
    clipboard = QGuiApplication.clipboard()
    data = QMimeData()
    data.setText(text)
    data.setData(SENSITIVE_HINT, QByteArray(b"secret"))
    clipboard.setMimeData(data)  # the clipboard owns it from here on
    _ours.append(data)

    def clear_if_still_ours() -> None:
        if _still_ours(data):
            clipboard.clear()
        if data in _ours:
            _ours.remove(data)

    QTimer.singleShot(clear_after_ms, clear_if_still_ours)


def clear_ours() -> None:
    """Lock or switch: clear the clipboard now if it still holds a secret we copied (never someone else's)."""
    if any(_still_ours(data) for data in _ours):
        QGuiApplication.clipboard().clear()
    _ours.clear()
