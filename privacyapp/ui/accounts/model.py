"""The accounts as a table (one row per account) and a filter over it, for the Accounts page's list."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from privacyapp.core.accounts import register
from privacyapp.core.accounts.model import (
    STATE_WORDS,
    TWO_FACTOR_WORDS,
    VISIBILITY_WORDS,
    Account,
    AccountState,
    LinkKind,
    TwoFactor,
    Visibility,
)
from privacyapp.i18n import N_, _
from privacyapp.ui.accounts import badge
from privacyapp.ui.filtering import SourceSorted, refilter, reorder
from privacyapp.ui.state.accounts import AccountsState

ID_ROLE = Qt.ItemDataRole.UserRole + 1
# login alerts, notes and the password are in the detail panel: the table stays narrow enough to sit beside it
COLUMNS = (N_("Account"), N_("Private?"), N_("2-step login"), N_("Status"))
# short words for the table; the detail panel uses the full ones
SHORT_VISIBILITY = {
    Visibility.PRIVATE: N_("Yes"),
    Visibility.PUBLIC: N_("No, public"),
    Visibility.UNKNOWN: N_("Not sure"),
}
SHORT_TWO_FACTOR = {
    TwoFactor.NONE: N_("Off"), TwoFactor.SMS: N_("Text message"), TwoFactor.APP: N_("App"), TwoFactor.PIN: N_("PIN"),
    TwoFactor.KEY: N_("Security key"), TwoFactor.PASSKEY: N_("Passkey"), TwoFactor.UNKNOWN: N_("Not sure"),
}  # fmt: skip
# one whole sentence per kind of link, for the detail panel, the map and the review
LINK_SENTENCES = {
    LinkKind.SIGN_IN: N_("{source} signs in with {target}"),
    LinkKind.RECOVERY: N_("{source} recovers through {target}"),
    LinkKind.CROSS_POST: N_("{source} shares posts to {target}"),
}


def link_sentence(source: str, kind: LinkKind | str, target: str) -> str:
    """ "TikTok (@sam) signs in with Google (sam@gmail.com)", in the current language."""
    return _(LINK_SENTENCES[LinkKind(kind)]).format(source=source, target=target)


class Show(StrEnum):
    """Which accounts the list shows."""

    ALL = ""
    ATTENTION = "attention"
    PUBLIC = "public"
    NO_TWO_FACTOR = "no-2fa"
    DUE = "due"
    BREACH = "breach"
    DELETING = "deleting"
    DELETED = "deleted"


# the filter -> its words in the filter box; AccountsModel.passes says which accounts pass
FILTERS: dict[Show, str] = {
    Show.ALL: N_("All accounts"),
    Show.ATTENTION: N_("Needs attention"),
    Show.PUBLIC: N_("Public or not sure"),
    Show.NO_TWO_FACTOR: N_("No 2-step login"),
    Show.DUE: N_("Due for review"),
    Show.BREACH: N_("In a known breach"),
    Show.DELETING: N_("Planning to delete"),
    Show.DELETED: N_("Deleted"),
}
AnyIndex = QModelIndex | QPersistentModelIndex
ROLES = frozenset(
    int(role)
    for role in (
        ID_ROLE, Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole,
    )
)  # fmt: skip


class AccountsModel(QAbstractTableModel):
    def __init__(self, accounts: AccountsState, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state = accounts
        self._rows: list[Account] = []  # in the order the table shows them (see sort)
        self._order: tuple[int, Qt.SortOrder] | None = None
        self._flagged: set[str] = set()
        self._labels: dict[str, str] = {}
        self._texts: dict[tuple[str, int], str] = {}  # (account id, column) -> its words, made once per reload
        self.today = date.today()
        accounts.changed.connect(self.reload)
        accounts.breachesChanged.connect(self.reload)
        self.reload()

    def reload(self) -> None:
        fresh = self.state.all
        same_rows = len(fresh) == len(self._rows) and {a.id for a in fresh} == {a.id for a in self._rows}
        if not same_rows:
            self.beginResetModel()
        self._flagged = self.state.flagged_ids()
        self._labels = {a.id: self.state.label(a) for a in fresh}
        self._texts = {}
        self.today = date.today()
        if not same_rows:
            self._rows = self._in_order(fresh)
            self.endResetModel()
            return
        # the same accounts, changed: keep the selection and the scroll position
        by_id = {a.id: a for a in fresh}
        self._rows = [by_id[a.id] for a in self._rows]
        if fresh:
            self.dataChanged.emit(self.index(0, 0), self.index(len(fresh) - 1, len(COLUMNS) - 1))
        if self._order is not None:
            self.sort(*self._order)  # a changed cell may move its row

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Keep the rows in the table's order: sorting the list here is one call, where the proxy would ask for
        two cells per comparison."""
        self._order = (column, order)
        rows = self._rows

        def put(positions: list[int]) -> None:
            self._rows = [rows[n] for n in positions]

        reorder(self, len(rows), lambda n: self._sort_text(rows[n], column), order, put)

    def _in_order(self, rows: register.Accounts) -> list[Account]:
        if self._order is None:
            return list(rows)
        column, order = self._order
        descending = order == Qt.SortOrder.DescendingOrder
        return sorted(rows, key=lambda account: self._sort_text(account, column), reverse=descending)

    def _sort_text(self, account: Account, column: int) -> str:
        return self._cell(account, column).lower()

    def account(self, row: int) -> Account:
        return self._rows[row]

    def row_of(self, ident: str) -> int:
        return next((i for i, a in enumerate(self._rows) if a.id == ident), -1)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(COLUMNS[section])
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # The view asks a dozen roles of every cell it sizes, sorts or paints: answer the others at once.
        if role not in ROLES or not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        account = self._rows[index.row()]
        column = index.column()
        if role == ID_ROLE:
            return account.id
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return badge.icon(self.state.catalogue.by_id.get(account.service), 20)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._cell(account, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 3 and account.id in self._flagged:
                return _("This service had a known breach since you last changed this password.")
            if column == 1:
                return _(VISIBILITY_WORDS[account.visibility])
            if column == 2:
                return _(TWO_FACTOR_WORDS[account.two_factor])
        return None

    def _cell(self, account: Account, column: int) -> str:
        """Sorting, filtering and painting ask for the same cells many times: each is worked out once per reload."""
        text = self._texts.get((account.id, column))
        if text is None:
            text = self._texts[(account.id, column)] = self._text(account, column)
        return text

    def _text(self, account: Account, column: int) -> str:
        catalogue = self.state.catalogue
        if column == 0:
            return self._labels.get(account.id) or catalogue.name(account.service)
        if column == 1:
            service = catalogue.by_id.get(account.service)
            if service is not None and not service.can_be_private:
                return _("Can't be")
            return _(SHORT_VISIBILITY[account.visibility])
        if column == 2:
            return _(SHORT_TWO_FACTOR[account.two_factor])
        parts = [_("Known breach")] if account.id in self._flagged else []
        if account.state != AccountState.ACTIVE:
            parts.append(_(STATE_WORDS[account.state]))
        elif account.due_for_review(self.today):
            parts.append(_("Review due") if account.reviewed else _("Not reviewed"))
        # Translators: joins the states of one account in the Status column, as in "Known breach, Review due"
        return _(", ").join(parts) or _("Reviewed")

    def passes(self, row: int, show: Show) -> bool:
        account = self._rows[row]
        if show is Show.ALL:
            return True
        if show is Show.DELETED:
            return account.state == AccountState.DELETED
        if account.state == AccountState.DELETED:
            return False  # the other filters are about accounts still in use
        public = account.visibility != Visibility.PRIVATE
        no_two_factor = account.two_factor in (TwoFactor.NONE, TwoFactor.UNKNOWN)
        due = account.due_for_review(self.today)
        breach = account.id in self._flagged
        if show is Show.ATTENTION:
            return public or no_two_factor or due or breach
        checks = {
            Show.PUBLIC: public,
            Show.NO_TWO_FACTOR: no_two_factor,
            Show.DUE: due,
            Show.BREACH: breach,
            Show.DELETING: account.state == AccountState.DELETING,
        }
        return checks[show]

    def search_text(self, row: int) -> str:
        account = self._rows[row]
        return f"{self._labels.get(account.id, '')} {account.notes}".lower()


class AccountsFilter(SourceSorted):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.showing = Show.ALL
        self.text = ""

    def set_filter(self, show: Show, text: str) -> None:
        def change() -> None:
            self.showing, self.text = show, text.strip().lower()

        refilter(self, change)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        model = self.sourceModel()
        if not isinstance(model, AccountsModel):
            return True
        return model.passes(source_row, self.showing) and (not self.text or self.text in model.search_text(source_row))
