"""The Accounts page: the person's accounts as a list with a detail panel, and as a map of how they are linked,
with the known breaches of their services."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from privacyapp.core.errors import PrivacyAppError
from privacyapp.core.settings import OnlineChecks
from privacyapp.i18n import _, ngettext
from privacyapp.ui.accounts import badge
from privacyapp.ui.accounts.detail import AccountDetail
from privacyapp.ui.accounts.map_view import AccountsMap
from privacyapp.ui.accounts.model import FILTERS, ID_ROLE, AccountsFilter, AccountsModel, Show
from privacyapp.ui.pages.common import button, combo, full_page, label, ok_cancel, side_by_side
from privacyapp.ui.state.accounts import AccountsState
from privacyapp.ui.state.checklist import ChecklistState
from privacyapp.ui.state.passwords import PasswordsState


def _match_rank(wanted: str, name: str, service_id: str) -> int | None:
    """How well a service matches what was typed (casefolded): 0 exact, 1 starts with it, 2 holds it, None not."""
    folded = name.casefold()
    if not wanted:
        return 2
    if wanted in (folded, service_id.casefold()):
        return 0
    words = folded.replace("(", " ").replace(")", " ").split()
    if folded.startswith(wanted) or any(word.startswith(wanted) for word in words):
        return 1
    return 2 if wanted in folded else None


class AddAccountDialog(QDialog):
    """Pick a service (searchable, with badges) and, optionally, a name or handle."""

    def __init__(self, state: AccountsState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Add an account"))
        self.setMinimumSize(420, 480)
        layout = QVBoxLayout(self)
        layout.addWidget(label(_("Which service is the account on?")))
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Type to find a service"))
        self.search.setAccessibleName(_("Find a service"))
        self.search.textChanged.connect(self._filter)
        layout.addWidget(self.search)
        self.services = QListWidget()
        self.services.setAccessibleName(_("Services"))
        for service in sorted(state.catalogue.services, key=lambda s: s.name.lower()):
            item = QListWidgetItem(badge.icon(service, 24), service.name)
            item.setData(Qt.ItemDataRole.UserRole, service.id)
            self.services.addItem(item)
        self.services.setIconSize(badge.pixmap(None, 24).size())
        self.services.setCurrentRow(0)
        self.services.itemDoubleClicked.connect(self.accept)
        layout.addWidget(self.services, 1)
        layout.addWidget(label(_("Your name or handle on it (optional, to tell two accounts apart):")))
        self.handle = QLineEdit()
        self.handle.setAccessibleName(_("Name or handle"))
        self.handle.setPlaceholderText(_("for example @myname"))
        layout.addWidget(self.handle)
        layout.addWidget(ok_cancel(self, _("Add")))

    def _filter(self, text: str) -> None:
        """Show the services whose name holds the text; choose the best match: an exact name or id ("X" is X, not
        Roblox), then a name or a word of it that starts with the text, then the first that holds it."""
        wanted = text.strip().casefold()
        best: tuple[int, int] | None = None  # (rank, row)
        for row in range(self.services.count()):
            item = self.services.item(row)
            rank = _match_rank(wanted, item.text(), str(item.data(Qt.ItemDataRole.UserRole)))
            item.setHidden(rank is None)
            if rank is not None and (best is None or rank < best[0]):
                best = (rank, row)
        if best is not None:
            self.services.setCurrentRow(best[1])

    def chosen(self) -> str | None:
        item = self.services.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None and not item.isHidden() else None


class AccountsPage(QWidget):
    def __init__(
        self,
        accounts: AccountsState,
        checklist: ChecklistState,
        passwords: PasswordsState,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.state = accounts
        self._checklist = checklist
        self._passwords = passwords
        self.add_button = button(_("Add an account…"), _("Add an account"))
        self.add_button.clicked.connect(self.add_account)
        self.import_button = button(_("Import…"), _("Import accounts from a file"))
        self.import_button.clicked.connect(self._import)
        self.export_button = button(_("Export…"), _("Export your accounts to a file"))
        self.export_button.clicked.connect(self._export)
        layout = full_page(
            self, _("Accounts"), _("Your accounts"), (self.add_button, self.import_button, self.export_button)
        )
        self.counts = label("")
        self.counts.setAccessibleName(_("Accounts summary"))
        layout.addWidget(self.counts)

        breaches = QHBoxLayout()
        self.breach_text = label("")
        self.breach_text.setAccessibleName(_("Known breaches"))
        self.breach_button = button(_("Check for known breaches"), _("Download the list of known breaches"))
        self.breach_button.setToolTip(
            _(
                "Downloads Have I Been Pwned's public list of breached services. Nothing about you or your "
                "accounts is sent."
            )
        )
        self.breach_button.clicked.connect(self._download_breaches)
        breaches.addWidget(self.breach_text, 1)
        breaches.addWidget(self.breach_button)
        layout.addLayout(breaches)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(_("Accounts views"))
        layout.addWidget(self.tabs, 1)

        listing = QWidget()
        list_layout = QVBoxLayout(listing)
        list_layout.setContentsMargins(0, 8, 0, 0)
        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search your accounts"))
        self.search.setAccessibleName(_("Search your accounts"))
        self.search.setClearButtonEnabled(True)
        for clear in self.search.findChildren(QToolButton):
            clear.setAccessibleName(_("Clear the search"))
        self.filter = combo(_("Show"), [(show.value, _(words)) for show, words in FILTERS.items()])
        filters.addWidget(self.search, 2)
        filters.addWidget(self.filter, 1)
        list_layout.addLayout(filters)
        self.model = AccountsModel(accounts, self)
        self.proxy = AccountsFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(_("Your accounts"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # the order first, then sorting on: one sort of the rows instead of two
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.setTabKeyNavigation(False)  # Tab moves on to the detail pane; the arrow keys move between rows
        for corner in self.table.findChildren(QAbstractButton):  # the table's select-all corner
            corner.setAccessibleName(_("Select all accounts"))
        header_view = self.table.horizontalHeader()
        header_view.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header_view.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # long handles are elided, not cut
        # Size the columns from the rows in view, not from every row after every change (a register of hundreds
        # of accounts would hold the GUI thread): the other columns hold short words from fixed sets.
        header_view.setResizeContentsPrecision(0)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.detail = AccountDetail(accounts)
        self.detail.reviewRequested.connect(self.review)
        list_layout.addWidget(side_by_side(self.table, self.detail, (3, 2), (600, 400)), 1)
        self.tabs.addTab(listing, _("List"))

        self.map = AccountsMap(accounts)
        self.tabs.addTab(self.map, _("Map of links"))

        self.search.textChanged.connect(self._filter)
        self.filter.currentIndexChanged.connect(self._filter)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.model.modelReset.connect(self._after_reset)
        accounts.changed.connect(self.show_counts)
        accounts.changed.connect(self.show_breaches)  # the accounts named in it may have changed (or gone)
        accounts.breachesChanged.connect(self.show_breaches)
        passwords.forgetRequested.connect(self.forget)  # Lock or a switch (the window calls forget() too)
        self.show_counts()
        self.show_breaches()
        # The first account is chosen on the next turn of the event loop: building the page and filling the
        # detail panel in one go would hold the GUI thread past 50 ms for a register of a hundred accounts.
        self._choose_first = True
        QTimer.singleShot(0, self, self._first_choice)

    def _first_choice(self) -> None:
        if self._choose_first:  # not if the page forgot (Lock) in between
            self._choose_first = False
            self._after_reset()

    def forget(self) -> None:
        """Lock or switch: close this page's dialogs, clear the search (and its undo history), show no account,
        draw no map, and say nothing of the last person's accounts."""
        self._choose_first = False
        for dialog in self.findChildren(QDialog):
            if dialog.isVisible():
                dialog.reject()
        self.search.setText("")  # setText, not clear(): it also empties the undo history
        self.filter.setCurrentIndex(0)
        self._filter()
        self.table.selectionModel().clear()
        self.detail.forget()
        self.map.forget()
        self.tabs.setCurrentIndex(0)
        self.show_counts()
        self.show_breaches()

    # --- the list --------------------------------------------------------------------------------------------
    def _filter(self) -> None:
        self.proxy.set_filter(Show(self.filter.currentData()), self.search.text())

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        ident = current.data(ID_ROLE) if current.isValid() else None
        self.detail.show_account(ident if isinstance(ident, str) else None)

    def _after_reset(self) -> None:
        current = self.detail.account_id
        if current is None or not self.select(current):
            if self.proxy.rowCount() and current is None:
                self.table.selectRow(0)
            elif current is not None:
                self.detail.show_account(None)

    def select(self, ident: str) -> bool:
        """Show the account `ident` in the list and its details; False if it is not in the list."""
        row = self.model.row_of(ident)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():  # filtered out: show everything
            self.filter.setCurrentIndex(0)
            self.search.setText("")
            index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.detail.show_account(ident)
        return True

    def show_counts(self) -> None:
        summary = self.state.summary()
        if not summary.accounts:
            self.counts.setText(
                _(
                    "List the accounts you have, one by one: privacyapp shows which are private, which have 2-step "
                    "login and how they are linked. Never their passwords."
                )
            )
            return
        parts = (
            ngettext("{count} account", "{count} accounts", summary.accounts).format(count=summary.accounts),
            _("private: {private} of {can_be_private}").format(
                private=summary.private, can_be_private=summary.can_be_private
            ),
            _("2-step login: {with_two_factor} of {accounts}").format(
                with_two_factor=summary.with_two_factor, accounts=summary.accounts
            ),
            _("links: {links}").format(links=summary.links),
            _("due for review: {due}").format(due=summary.due_for_review),
        )
        # Translators: separates the facts of the accounts summary, as in "4 accounts · links: 3"
        self.counts.setText(_(" · ").join(parts))

    # --- actions ---------------------------------------------------------------------------------------------
    def add_account(self) -> None:
        dialog = AddAccountDialog(self.state, self)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        chosen, handle = dialog.chosen(), dialog.handle.text().strip()
        dialog.deleteLater()  # not kept with the page
        if not accepted or chosen is None:
            return
        account = self.state.add(chosen, handle=handle)
        self.tabs.setCurrentIndex(0)
        self.select(account.id)

    def review(self, ident: str) -> None:
        from privacyapp.ui.accounts.review import ReviewDialog

        if self.state.get(ident) is None:
            return
        dialog = ReviewDialog(self.state, self._checklist, ident, self)
        dialog.exec()
        dialog.deleteLater()  # not kept with the page

    def _export(self) -> None:
        from privacyapp.core.accounts.exchange import write

        path, _chosen = QFileDialog.getSaveFileName(
            self, _("Export your accounts"), "accounts.json", _("JSON files (*.json)")
        )
        if not path:
            return
        accounts = self.state.all
        try:
            write(Path(path), accounts)
        except OSError as exc:
            QMessageBox.warning(
                self, _("Export"), _("The file could not be written: {reason}.").format(reason=exc.strerror or exc)
            )
            return
        QMessageBox.information(
            self,
            _("Export"),
            ngettext(
                "Saved {count} account. The file is not encrypted: it lists your accounts (never a password), so "
                "keep it somewhere safe.",
                "Saved {count} accounts. The file is not encrypted: it lists your accounts (never a password), so "
                "keep it somewhere safe.",
                len(accounts),
            ).format(count=len(accounts)),
        )

    def _import(self) -> None:
        path, _chosen = QFileDialog.getOpenFileName(
            self, _("Import accounts"), "", _("JSON files (*.json);;All files (*)")
        )
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> bool:
        """Add the accounts of an export file; a bad file changes nothing and the message says why."""
        from privacyapp.core.accounts.exchange import merge, parse, read

        try:
            merged, added, replaced = merge(self.state.all, parse(read(path), self.state.catalogue))
        except PrivacyAppError as exc:
            QMessageBox.warning(self, _("Import"), exc.message + (f"\n\n{exc.hint}" if exc.hint else ""))
            return False
        self.state.replace_all(merged)
        QMessageBox.information(
            self,
            _("Import"),
            ngettext(
                "Added {added} account and updated {replaced}.", "Added {added} accounts and updated {replaced}.", added
            ).format(added=added, replaced=replaced),
        )
        return True

    # --- known breaches --------------------------------------------------------------------------------------
    def _download_breaches(self) -> None:
        if self._passwords.online_checks == OnlineChecks.FORBIDDEN:
            QMessageBox.information(
                self,
                _("Known breaches"),
                _("Online checks are turned off in Settings, so privacyapp will not download the list."),
            )
            return
        self.state.download_breaches()

    def show_breaches(self) -> None:
        state = self.state
        cached = state.breaches
        self.breach_button.setEnabled(not state.downloading)
        if state.downloading:
            self.breach_text.setText(_("Downloading the list of known breaches…"))
            return
        parts = []
        if state.breach_error:
            parts.append(_("Could not download the list of known breaches: {reason}").format(reason=state.breach_error))
        if cached is None:
            if not state.breach_error:
                parts.append(
                    _(
                        "Find out which of your services had known data breaches. privacyapp downloads a public "
                        "list; nothing about you is sent."
                    )
                )
            else:
                parts.append(_("So privacyapp cannot say which of your services had breaches."))
        else:
            flags = state.flags()
            age = cached.age_words(datetime.now(UTC))
            names = sorted({state.label(f.account) for f in flags})
            if flags:
                parts.append(
                    ngettext(
                        "{count} of your accounts may be affected by a known breach: {names} (list {age}). Choose "
                        "one to see what to do.",
                        "{count} of your accounts may be affected by a known breach: {names} (list {age}). Choose "
                        "one to see what to do.",
                        len(names),
                    ).format(count=len(names), names=_(", ").join(names), age=age)
                )
            else:
                parts.append(
                    _("No known breach of your services since you last changed their passwords (list {age}).").format(
                        age=age
                    )
                )
        self.breach_text.setText(" ".join(parts))
        self.breach_button.setText(_("Check again") if cached is not None else _("Check for known breaches"))
