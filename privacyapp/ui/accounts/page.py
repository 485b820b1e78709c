"""The Accounts page: the person's accounts as a list with a detail panel, and as a map of how they are linked,
with the known breaches of their services."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
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
from privacyapp.ui.accounts import badge
from privacyapp.ui.accounts.detail import AccountDetail
from privacyapp.ui.accounts.map_view import AccountsMap
from privacyapp.ui.accounts.model import FILTERS, ID_ROLE, AccountsFilter, AccountsModel
from privacyapp.ui.accounts.state import AccountsState
from privacyapp.ui.pages.common import button, combo, full_page, label, ok_cancel, side_by_side
from privacyapp.ui.session import Session


class AddAccountDialog(QDialog):
    """Pick a service (searchable, with badges) and, optionally, a name or handle."""

    def __init__(self, state: AccountsState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add an account")
        self.setMinimumSize(420, 480)
        layout = QVBoxLayout(self)
        layout.addWidget(label("Which service is the account on?"))
        self.search = QLineEdit()
        self.search.setPlaceholderText("Type to find a service")
        self.search.setAccessibleName("Find a service")
        self.search.textChanged.connect(self._filter)
        layout.addWidget(self.search)
        self.services = QListWidget()
        self.services.setAccessibleName("Services")
        for service in sorted(state.catalogue.services, key=lambda s: s.name.lower()):
            item = QListWidgetItem(badge.icon(service, 24), service.name)
            item.setData(Qt.ItemDataRole.UserRole, service.id)
            self.services.addItem(item)
        self.services.setIconSize(badge.pixmap(None, 24).size())
        self.services.setCurrentRow(0)
        self.services.itemDoubleClicked.connect(self.accept)
        layout.addWidget(self.services, 1)
        layout.addWidget(label("Your name or handle on it (optional, to tell two accounts apart):"))
        self.handle = QLineEdit()
        self.handle.setAccessibleName("Name or handle")
        self.handle.setPlaceholderText("for example @myname")
        layout.addWidget(self.handle)
        layout.addWidget(ok_cancel(self, "Add"))

    def _filter(self, text: str) -> None:
        wanted = text.strip().lower()
        first = None
        for row in range(self.services.count()):
            item = self.services.item(row)
            hidden = bool(wanted) and wanted not in item.text().lower()
            item.setHidden(hidden)
            if not hidden and first is None:
                first = item
        if first is not None:
            self.services.setCurrentItem(first)

    def chosen(self) -> str | None:
        item = self.services.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None and not item.isHidden() else None


class AccountsPage(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.state = session.accounts
        self.add_button = button("Add an account…", "Add an account")
        self.add_button.clicked.connect(self.add_account)
        self.import_button = button("Import…", "Import accounts from a file")
        self.import_button.clicked.connect(self._import)
        self.export_button = button("Export…", "Export your accounts to a file")
        self.export_button.clicked.connect(self._export)
        layout = full_page(self, "Accounts", "Your accounts", (self.add_button, self.import_button, self.export_button))
        self.counts = label("")
        self.counts.setAccessibleName("Accounts summary")
        layout.addWidget(self.counts)

        breaches = QHBoxLayout()
        self.breach_text = label("")
        self.breach_text.setAccessibleName("Known breaches")
        self.breach_button = button("Check for known breaches", "Download the list of known breaches")
        self.breach_button.setToolTip(
            "Downloads Have I Been Pwned's public list of breached services. Nothing about you or your accounts "
            "is sent."
        )
        self.breach_button.clicked.connect(self._download_breaches)
        breaches.addWidget(self.breach_text, 1)
        breaches.addWidget(self.breach_button)
        layout.addLayout(breaches)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Accounts views")
        layout.addWidget(self.tabs, 1)

        listing = QWidget()
        list_layout = QVBoxLayout(listing)
        list_layout.setContentsMargins(0, 8, 0, 0)
        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search your accounts")
        self.search.setAccessibleName("Search your accounts")
        self.search.setClearButtonEnabled(True)
        for clear in self.search.findChildren(QToolButton):
            clear.setAccessibleName("Clear the search")
        self.filter = combo("Show", list(FILTERS.items()))
        filters.addWidget(self.search, 2)
        filters.addWidget(self.filter, 1)
        list_layout.addLayout(filters)
        self.model = AccountsModel(self.state, self)
        self.proxy = AccountsFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName("Your accounts")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        for corner in self.table.findChildren(QAbstractButton):  # the table's select-all corner
            corner.setAccessibleName("Select all accounts")
        header_view = self.table.horizontalHeader()
        header_view.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header_view.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # long handles are elided, not cut
        self.detail = AccountDetail(self.state)
        self.detail.reviewRequested.connect(self.review)
        list_layout.addWidget(side_by_side(self.table, self.detail, (3, 2), (600, 400)), 1)
        self.tabs.addTab(listing, "List")

        self.map = AccountsMap(self.state)
        self.tabs.addTab(self.map, "Map of links")

        self.search.textChanged.connect(self._filter)
        self.filter.currentIndexChanged.connect(self._filter)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.model.modelReset.connect(self._after_reset)
        self.state.changed.connect(self.show_counts)
        self.state.breachesChanged.connect(self.show_breaches)
        self.show_counts()
        self.show_breaches()
        self._after_reset()

    # --- the list --------------------------------------------------------------------------------------------
    def _filter(self) -> None:
        self.proxy.set_filter(str(self.filter.currentData()), self.search.text())

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.detail.show_account(current.data(ID_ROLE) if current.isValid() else None)

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
            self.search.clear()
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
                "List the accounts you have, one by one: privacyapp shows which are private, which have 2-step "
                "login and how they are linked. Never their passwords."
            )
            return
        self.counts.setText(
            f"{summary.accounts} account{'s' if summary.accounts != 1 else ''} · private: {summary.private} of "
            f"{summary.can_be_private} · 2-step login: {summary.with_two_factor} of {summary.accounts} · links: "
            f"{summary.links} · due for review: {summary.due_for_review}"
        )

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

        dialog = ReviewDialog(self.session, ident, self)
        dialog.exec()
        dialog.deleteLater()  # not kept with the page

    def _export(self) -> None:
        from privacyapp.core.accounts.exchange import write

        path, _ = QFileDialog.getSaveFileName(self, "Export your accounts", "accounts.json", "JSON files (*.json)")
        if not path:
            return
        try:
            write(Path(path), self.state.all)
        except OSError as exc:
            QMessageBox.warning(self, "Export", f"The file could not be written: {exc.strerror or exc}.")
            return
        QMessageBox.information(
            self,
            "Export",
            f"Saved {len(self.state.all)} accounts. The file is not encrypted: it lists your accounts (never a "
            "password), so keep it somewhere safe.",
        )

    def _import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import accounts", "", "JSON files (*.json);;All files (*)")
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> bool:
        """Add the accounts of an export file; a bad file changes nothing and the message says why."""
        from privacyapp.core.accounts.exchange import merge, parse, read

        try:
            merged, added, replaced = merge(self.state.all, parse(read(path), self.state.catalogue))
        except PrivacyAppError as exc:
            QMessageBox.warning(self, "Import", exc.message + (f"\n\n{exc.hint}" if exc.hint else ""))
            return False
        self.state.replace_all(merged)
        QMessageBox.information(self, "Import", f"Added {added} accounts and updated {replaced}.")
        return True

    # --- known breaches --------------------------------------------------------------------------------------
    def _download_breaches(self) -> None:
        if self.session.online_checks == "forbidden":
            QMessageBox.information(
                self,
                "Known breaches",
                "Online checks are turned off in Settings, so privacyapp will not download the list.",
            )
            return
        self.state.download_breaches()

    def show_breaches(self) -> None:
        state = self.state
        cached = state.breaches
        self.breach_button.setEnabled(not state.downloading)
        if state.downloading:
            self.breach_text.setText("Downloading the list of known breaches…")
            return
        parts = []
        if state.breach_error:
            parts.append(f"Could not download the list of known breaches: {state.breach_error}")
        if cached is None:
            if not state.breach_error:
                parts.append(
                    "Find out which of your services had known data breaches. privacyapp downloads a public list; "
                    "nothing about you is sent."
                )
            else:
                parts.append("So privacyapp cannot say which of your services had breaches.")
        else:
            flags = state.flags()
            age = cached.age_words(datetime.now(UTC))
            names = sorted({state.label(f.account) for f in flags})
            if flags:
                parts.append(
                    f"{len(names)} of your accounts may be affected by a known breach: {', '.join(names)} "
                    f"(list {age}). Choose one to see what to do."
                )
            else:
                parts.append(f"No known breach of your services since you last changed their passwords (list {age}).")
        self.breach_text.setText(" ".join(parts))
        self.breach_button.setText("Check again" if cached is not None else "Check for known breaches")
