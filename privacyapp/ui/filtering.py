"""Changing what a filter proxy lets through, on every Qt version privacyapp supports."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSortFilterProxyModel


def refilter(proxy: QSortFilterProxyModel, change: Callable[[], None]) -> None:
    """Run `change` (which alters the proxy's filter settings), then filter again."""
    if hasattr(proxy, "beginFilterChange"):  # Qt 6.10 and newer; invalidateFilter() is deprecated there
        proxy.beginFilterChange()
        change()
        proxy.endFilterChange()
        return
    change()
    proxy.invalidateFilter()
