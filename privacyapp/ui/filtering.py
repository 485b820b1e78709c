"""Filtering and sorting table models: changing what a filter proxy lets through on every Qt version privacyapp
supports, and sorting a model's own list instead of through the proxy."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QSortFilterProxyModel, Qt


def refilter(proxy: QSortFilterProxyModel, change: Callable[[], None]) -> None:
    """Run `change` (which alters the proxy's filter settings), then filter again."""
    if hasattr(proxy, "beginFilterChange"):  # Qt 6.10 and newer; invalidateFilter() is deprecated there
        proxy.beginFilterChange()
        change()
        proxy.endFilterChange()
        return
    change()
    proxy.invalidateFilter()


class SourceSorted(QSortFilterProxyModel):
    """A filter proxy whose header clicks sort the source model instead of the proxy.

    The proxy sorts by asking the model for two cells per comparison, through Python: about 40 ms for 1,000 rows.
    The source sorts its own list with a key in one call, and the proxy keeps its order."""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if source is not None:
            source.sort(column, order)


def reorder(model: QAbstractItemModel, count: int, key: Callable[[int], Any], order: Qt.SortOrder,
            put: Callable[[list[int]], None]) -> None:  # fmt: skip
    """Sort a list model's `count` rows by `key(row)`: `put(positions)` rearranges the model's own list so that new
    row n is old row positions[n]. Selections and the current row follow their rows."""
    model.layoutAboutToBeChanged.emit()
    positions = sorted(range(count), key=key, reverse=order == Qt.SortOrder.DescendingOrder)
    put(positions)
    moved_to = {old: new for new, old in enumerate(positions)}
    before = model.persistentIndexList()
    after = [model.index(moved_to.get(index.row(), index.row()), index.column()) for index in before]
    model.changePersistentIndexList(before, after)
    model.layoutChanged.emit()
