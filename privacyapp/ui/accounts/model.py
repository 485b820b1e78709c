"""The accounts as a table (one row per account) and a filter over it, for the Accounts page's list."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from privacyapp.core.accounts import register
from privacyapp.core.accounts.model import STATE_WORDS, TWO_FACTOR_WORDS, VISIBILITY_WORDS, Account
from privacyapp.ui.accounts import badge
from privacyapp.ui.accounts.state import AccountsState
from privacyapp.ui.filtering import refilter

ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
# login alerts, notes and the password are in the detail panel: the table stays narrow enough to sit beside it
COLUMNS = ("Account", "Private?", "2-step login", "Status")
# short words for the table; the detail panel uses the full ones
SHORT_VISIBILITY = {"private": "Yes", "public": "No, public", "unknown": "Not sure"}
SHORT_TWO_FACTOR = {
    "none": "Off", "sms": "Text message", "app": "App", "pin": "PIN", "key": "Security key", "passkey": "Passkey",
    "unknown": "Not sure",
}  # fmt: skip

# filter id -> its words in the filter box; AccountsModel.passes says which accounts pass
FILTERS: dict[str, str] = {
    "": "All accounts",
    "attention": "Needs attention",
    "public": "Public or not sure",
    "no-2fa": "No 2-step login",
    "due": "Due for review",
    "breach": "In a known breach",
    "deleting": "Planning to delete",
    "deleted": "Deleted",
}
AnyIndex = QModelIndex | QPersistentModelIndex


class AccountsModel(QAbstractTableModel):
    def __init__(self, accounts: AccountsState, parent: Any = None) -> None:
        super().__init__(parent)
        self.state = accounts
        self._rows: register.Accounts = ()
        self._flagged: set[str] = set()
        self._labels: dict[str, str] = {}
        self.today = date.today()
        accounts.changed.connect(self.reload)
        accounts.breachesChanged.connect(self.reload)
        self.reload()

    def reload(self) -> None:
        rows = self.state.all
        same_rows = [a.id for a in rows] == [a.id for a in self._rows]
        if not same_rows:
            self.beginResetModel()
        self._rows = rows
        self._flagged = self.state.flagged_ids()
        self._labels = {a.id: self.state.label(a) for a in self._rows}
        self.today = date.today()
        if not same_rows:
            self.endResetModel()
        elif rows:  # the same accounts, changed: keep the selection and the scroll position
            self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, len(COLUMNS) - 1))

    def account(self, row: int) -> Account:
        return self._rows[row]

    def row_of(self, ident: str) -> int:
        return next((i for i, a in enumerate(self._rows) if a.id == ident), -1)

    def is_flagged(self, ident: str) -> bool:
        return ident in self._flagged

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        account = self._rows[index.row()]
        column = index.column()
        if role == ID_ROLE:
            return account.id
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return badge.icon(self.state.catalogue.by_id.get(account.service), 20)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(account, column)
        if role == SORT_ROLE:
            return self._text(account, column).lower()
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 3 and account.id in self._flagged:
                return "This service had a known breach since you last changed this password."
            if column in (1, 2):
                return (VISIBILITY_WORDS[account.visibility], TWO_FACTOR_WORDS[account.two_factor])[column - 1]
        return None

    def _text(self, account: Account, column: int) -> str:
        catalogue = self.state.catalogue
        if column == 0:
            return self._labels.get(account.id) or catalogue.name(account.service)
        if column == 1:
            service = catalogue.by_id.get(account.service)
            if service is not None and not service.can_be_private:
                return "Can't be"
            return SHORT_VISIBILITY[account.visibility]
        if column == 2:
            return SHORT_TWO_FACTOR[account.two_factor]
        parts = ["Known breach"] if account.id in self._flagged else []
        if account.state != "active":
            parts.append(STATE_WORDS[account.state])
        elif account.due_for_review(self.today):
            parts.append("Review due" if account.reviewed else "Not reviewed")
        return ", ".join(parts) or "Reviewed"

    def passes(self, row: int, key: str) -> bool:
        account = self._rows[row]
        if key == "":
            return True
        if key == "deleted":
            return account.state == "deleted"
        if account.state == "deleted":
            return False  # the other filters are about accounts still in use
        checks = {
            "public": account.visibility != "private",
            "no-2fa": account.two_factor in ("none", "unknown"),
            "due": account.due_for_review(self.today),
            "breach": account.id in self._flagged,
            "deleting": account.state == "deleting",
        }
        if key == "attention":
            return checks["public"] or checks["no-2fa"] or checks["due"] or checks["breach"]
        return checks[key]

    def search_text(self, row: int) -> str:
        account = self._rows[row]
        return f"{self._labels.get(account.id, '')} {account.notes}".lower()


class AccountsFilter(QSortFilterProxyModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.key = ""
        self.text = ""
        self.setSortRole(SORT_ROLE)

    def set_filter(self, key: str, text: str) -> None:
        def change() -> None:
            self.key, self.text = key, text.strip().lower()

        refilter(self, change)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        model = self.sourceModel()
        if not isinstance(model, AccountsModel):
            return True
        return model.passes(source_row, self.key) and (not self.text or self.text in model.search_text(source_row))
