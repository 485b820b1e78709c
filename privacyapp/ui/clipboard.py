"""Copying secrets (a recovery code, a generated passphrase): marked as sensitive for clipboard managers, and
cleared after 30 seconds if the clipboard still holds what we put there (KeePassXC's rule)."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QMimeData, QTimer
from PySide6.QtGui import QGuiApplication

CLEAR_AFTER_MS = 30_000
# KDE's Klipper and other clipboard managers skip data carrying this hint
SENSITIVE_HINT = "x-kde-passwordManagerHint"


_ours: list[str] = []  # what we put there and has not been cleared yet (never logged, never kept on disk)


def copy_sensitive(text: str, clear_after_ms: int = CLEAR_AFTER_MS) -> None:
    clipboard = QGuiApplication.clipboard()
    _ours.append(text)
    data = QMimeData()
    data.setText(text)
    data.setData(SENSITIVE_HINT, QByteArray(b"secret"))
    clipboard.setMimeData(data)

    def clear_if_still_ours() -> None:
        if clipboard.text() == text:
            clipboard.clear()
        if text in _ours:
            _ours.remove(text)

    QTimer.singleShot(clear_after_ms, clear_if_still_ours)


def clear_ours() -> None:
    """Lock or switch: clear the clipboard now if it still holds a secret we copied (never someone else's)."""
    clipboard = QGuiApplication.clipboard()
    if clipboard.text() in _ours:
        clipboard.clear()
    _ours.clear()
