"""The checklist as a Qt item model: checklists, their sections, their items (one QAbstractItemModel, not a
widget per item), and a filter proxy for search, priority, platform, audience and status."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from privacyapp.core.checklist.model import Item
from privacyapp.core.progress import STATUS_WORDS, State, effective
from privacyapp.i18n import _, ngettext
from privacyapp.ui import theme
from privacyapp.ui.filtering import refilter
from privacyapp.ui.state.checklist import ChecklistState

ID_ROLE = Qt.ItemDataRole.UserRole
STATUS_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_ICONS = {
    "todo": ("circle", None),
    "done": ("ok", "#16a34a"),
    "due": ("refresh", "#d97706"),
    "later": ("clock", "#2563eb"),
    "skipped": ("skip", None),
    "not-applicable": ("dash", None),
}
Index = QModelIndex | QPersistentModelIndex


@dataclass
class _Node:
    kind: str  # "checklist", "section", "item"
    key: str  # checklist id, section id, item id
    title: str
    parent: int  # index in the node table; -1 for top level
    row: int
    children: list[int] = field(default_factory=list)


class ChecklistModel(QAbstractItemModel):
    def __init__(self, checklist: ChecklistState, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.checklist = checklist
        self._nodes: list[_Node] = []
        self._top: list[int] = []
        self._item_node: dict[str, int] = {}
        self.today = date.today()
        self._build()
        # bound methods: dropped when this model goes
        checklist.itemStateChanged.connect(self._item_changed)
        checklist.planChanged.connect(self.rebuild)
        checklist.reset.connect(self.rebuild)

    # --- structure -------------------------------------------------------------------------------------------
    def _build(self) -> None:
        self._nodes, self._top, self._item_node = [], [], {}
        if not self.checklist.is_open:
            return
        chosen = {item.id for item in self.checklist.plan()}
        for checklist in self.checklist.catalog.checklists:
            sections = [(s, [i for i in s.items if i.id in chosen]) for s in checklist.sections]
            sections = [(s, items) for s, items in sections if items]
            if not sections:
                continue
            top = self._add("checklist", checklist.id, checklist.title, -1, len(self._top))
            self._top.append(top)
            for section, items in sections:
                node = self._add("section", section.id, section.title, top, len(self._nodes[top].children))
                self._nodes[top].children.append(node)
                for item in items:
                    leaf = self._add("item", item.id, item.title, node, len(self._nodes[node].children))
                    self._nodes[node].children.append(leaf)
                    self._item_node[item.id] = leaf

    def _add(self, kind: str, key: str, title: str, parent: int, row: int) -> int:
        self._nodes.append(_Node(kind, key, title, parent, row))
        return len(self._nodes) - 1

    def rebuild(self) -> None:
        self.beginResetModel()
        self.today = date.today()
        self._build()
        self.endResetModel()

    # --- QAbstractItemModel ----------------------------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column != 0 or row < 0:
            return QModelIndex()
        children = self._nodes[parent.internalId()].children if parent.isValid() else self._top
        if row >= len(children):
            return QModelIndex()
        return self.createIndex(row, 0, children[row])

    def parent(self, child: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not child.isValid():
            return QModelIndex()
        node = self._nodes[child.internalId()]
        if node.parent < 0:
            return QModelIndex()
        return self.createIndex(self._nodes[node.parent].row, 0, node.parent)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            return 0 if parent.column() != 0 else len(self._nodes[parent.internalId()].children)
        return len(self._top)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 1

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        node = self._nodes[index.internalId()]
        if role == ID_ROLE:
            return node.key
        if node.kind != "item":
            if role == Qt.ItemDataRole.DisplayRole:
                done, total = self._counts(index.internalId())
                return f"{node.title}  ({done}/{total})"
            if role == Qt.ItemDataRole.AccessibleTextRole:
                done, total = self._counts(index.internalId())
                return f"{node.title}: {done} of {total} done"
            return None
        item = self.checklist.catalog.by_id[node.key]
        status = self.status(item)
        if role == Qt.ItemDataRole.DisplayRole:
            return node.title
        if role == Qt.ItemDataRole.DecorationRole:
            name, colour = STATUS_ICONS[status]
            return theme.icon(name, QColor(colour) if colour else None, size=16)
        if role == Qt.ItemDataRole.ToolTipRole:
            # Translators: a checklist step's tooltip: its state, its priority, the minutes it takes, its summary
            return ngettext(
                "{status} · {priority} · about {minutes} minute\n{summary}",
                "{status} · {priority} · about {minutes} minutes\n{summary}",
                item.minutes,
            ).format(
                status=_(STATUS_WORDS[status]), priority=_(item.priority), minutes=item.minutes, summary=item.summary
            )
        if role == Qt.ItemDataRole.AccessibleTextRole:
            # Translators: what a screen reader says of a checklist step: its title and its state
            return _("{title}, {status}").format(title=node.title, status=_(STATUS_WORDS[status]))
        if role == STATUS_ROLE:
            return status
        return None

    # --- helpers ---------------------------------------------------------------------------------------------
    def status(self, item: Item) -> State:
        return effective(item, self.checklist.entry(item.id), self.today)

    def _counts(self, node_index: int) -> tuple[int, int]:
        done = total = 0
        stack = [node_index]
        while stack:
            node = self._nodes[stack.pop()]
            if node.kind == "item":
                status = self.status(self.checklist.catalog.by_id[node.key])
                if status != "not-applicable":
                    total += 1
                    done += status == "done"
            stack.extend(node.children)
        return done, total

    def index_of(self, item_id: str) -> QModelIndex:
        node = self._item_node.get(item_id)
        return QModelIndex() if node is None else self.createIndex(self._nodes[node].row, 0, node)

    def item_ids(self) -> list[str]:
        """The plan's items in walkthrough order."""
        return list(self._item_node)

    def _item_changed(self, item_id: str) -> None:
        index = self.index_of(item_id)
        while index.isValid():  # the item, its section and its checklist (their counts changed)
            self.dataChanged.emit(index, index)
            index = self.parent(index)


@lru_cache(maxsize=1024)
def searchable(item: Item) -> str:
    """Everything a person reads of a step, in one case-folded string: its title, summary, why, its steps on
    every platform and its help links (the catalogue does not change while the app runs)."""
    steps = " ".join(step for lines in item.steps.values() for step in lines)
    links = " ".join(link.title for link in item.links)
    return f"{item.id} {item.title} {item.summary} {item.why} {steps} {links}".casefold()


class ChecklistFilter(QSortFilterProxyModel):
    """Search and filters; a section or checklist stays when any item in it matches."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setRecursiveFilteringEnabled(True)
        self.setAutoAcceptChildRows(False)
        self.text = ""
        self.priority = ""
        self.status = ""
        self.platform = ""
        self.audience = ""

    def set_filters(self, **values: str) -> None:
        def change() -> None:
            for key, value in values.items():
                setattr(self, key, value)

        refilter(self, change)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, ChecklistModel)
        index = model.index(source_row, 0, source_parent)
        item = model.checklist.catalog.by_id.get(str(model.data(index, ID_ROLE)))
        if item is None or model._nodes[index.internalId()].kind != "item":
            return not (self.text or self.priority or self.status or self.platform or self.audience)
        words = self.text.casefold().split()
        if words and not all(word in searchable(item) for word in words):
            return False
        if self.priority and item.priority != self.priority:
            return False
        if self.platform and self.platform not in item.platforms:
            return False
        if self.audience and self.audience not in item.audiences:
            return False
        return not (self.status and model.status(item) != self.status)
