"""Checking many passwords at once: import a CSV from a password manager or browser, or paste a list; a
table of site, username, strength, breaches and reuse. Held in memory only, forgotten when locked."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QProgressBar,
    QTableView,
    QWidget,
)

from privacyapp.core.audit import Audited, AuditError, Login, audit, parse_csv, parse_list, read_export
from privacyapp.core.breach import BreachCheckError
from privacyapp.core.passwords import LEVELS
from privacyapp.ui.pages.common import Card, button, label
from privacyapp.ui.session import Session

COLUMNS = ("Site", "Username", "Strength", "Seen in breaches", "Used on")
Index = QModelIndex | QPersistentModelIndex


class AuditModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Audited] = []

    def set_rows(self, rows: list[Audited]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 3 and row.error:
            return row.error
        if role == Qt.ItemDataRole.UserRole:  # for sorting
            return (
                row.site,
                row.username,
                row.score,
                -1 if row.breach_count is None else row.breach_count,
                row.reused,
            )[column]
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 0:
            return row.site or "(no site)"
        if column == 1:
            return row.username
        if column == 2:
            return LEVELS[row.score]
        if column == 3:
            if row.breach_count is None:
                return "not checked" if row.error == "not checked" else "could not check"
            return f"{row.breach_count:,} times" if row.breach_count else "no"
        return f"{row.reused} sites" if row.reused > 1 else "1 site"


class _ProgressRelay(QObject):
    changed = Signal(int, int)  # prefixes done, prefixes in all


class AuditCard(Card):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__("Check all your passwords at once", parent)
        self.session = session
        self.body.addWidget(
            label(
                "Export your passwords from your password manager or browser as a CSV file, then open it here "
                "(Bitwarden, 1Password, KeePassXC, Chrome, Edge and Firefox work). privacyapp reads it into memory "
                "only: delete the exported file afterwards, it is not encrypted."
            )
        )
        row = QHBoxLayout()
        self.import_button = button("Open a CSV export…", "Open a password export")
        self.import_button.clicked.connect(self._choose_file)
        self.paste_button = button("Paste a list…", "Paste a list of passwords")
        self.paste_button.clicked.connect(self._paste)
        self.cancel_button = button("Cancel", "Cancel the check")
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        self.save_button = button("Save results to my accounts", "Save the results to my accounts")
        self.save_button.setToolTip(
            "Keeps each matching account's password strength and whether it was found in a breach, with today's "
            "date. Never the password."
        )
        self.save_button.clicked.connect(self.save_to_accounts)
        self.save_button.hide()
        for widget in (self.import_button, self.paste_button, self.cancel_button, self.save_button):
            row.addWidget(widget)
        row.addStretch(1)
        self.body.addLayout(row)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Check progress")
        self.progress.hide()
        self.body.addWidget(self.progress)
        self.status = label("")
        self.status.setAccessibleName("Check status")
        self.body.addWidget(self.status)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter by site or username")
        self.filter.setAccessibleName("Filter the results")
        self.body.addWidget(self.filter)
        self.model = AuditModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(Qt.ItemDataRole.UserRole)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setAccessibleName("Results")
        self.table.setMinimumHeight(180)
        self.table.horizontalHeader().setStretchLastSection(True)
        for corner in self.table.findChildren(QAbstractButton):  # the table's select-all corner
            corner.setAccessibleName("Select all results")
        self.body.addWidget(self.table)
        self._cancel: threading.Event | None = None
        self._relay = _ProgressRelay(self)
        self._relay.changed.connect(self._progress)  # emitted from the worker, delivered on the GUI thread
        session.profileClosed.connect(self.forget)

    def _choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Password export", str(Path.home()), "CSV (*.csv);;All (*)")
        if path:
            self.run_file(Path(path))

    def _paste(self) -> None:
        text, ok = QInputDialog.getMultiLineText(self, "Paste passwords", "One password per line:")
        if ok and text.strip():
            self.run(parse_list(text))

    def run_file(self, path: Path) -> None:
        try:
            _name, logins = parse_csv(read_export(path))
        except AuditError as exc:
            self.status.setText(exc.one_line())
            return
        self.run(logins)

    def run(self, logins: list[Login]) -> None:
        """Check `logins` in the background: strength and reuse always, breaches as the settings allow."""
        if not logins:
            self.status.setText("There were no passwords to check.")
            return
        client, offline_path, session = self.session.range_client(), self.session.offline_source_path, self.session
        cancel = self._cancel = threading.Event()
        self.progress.setRange(0, 0)  # busy until the first prefix is back
        self.progress.show()
        self.cancel_button.show()
        self.status.setText(f"Checking {len(logins)} passwords…")
        relay = self._relay

        def work() -> list[Audited]:
            source = session.offline_source(offline_path) if offline_path else client
            return audit(logins, source, cancel=cancel, progress=relay.changed.emit)

        self.session.tasks.submit(work, self._done, self._failed, name="audit")

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def cancel(self) -> None:
        if self._cancel is not None:
            self._cancel.set()

    def _done(self, rows: list[Audited]) -> None:
        self.progress.hide()
        self.cancel_button.hide()
        self.model.set_rows(rows)
        self.save_button.setVisible(bool(rows) and bool(self.session.accounts.all))
        leaked = sum(1 for r in rows if r.breach_count)
        reused = sum(1 for r in rows if r.reused > 1)
        weak = sum(1 for r in rows if r.score < 3)
        unchecked = sum(1 for r in rows if r.breach_count is None)
        parts = [f"{len(rows)} passwords: {leaked} leaked, {reused} reused, {weak} weak."]
        if unchecked:
            parts.append(
                f"{unchecked} could not be checked for breaches"
                + (" (online checks are off in Settings)." if self.session.online_checks != "allowed" else ".")
            )
        self.status.setText(" ".join(parts))

    def _failed(self, error: BaseException) -> None:
        self.progress.hide()
        self.cancel_button.hide()
        message = error.one_line() if isinstance(error, AuditError | BreachCheckError) else ""
        self.status.setText(f"The check could not be finished. {message}".strip())

    def save_to_accounts(self) -> None:
        """Keep the summary of each result (never the password) on the matching account of the register."""
        from datetime import date

        from privacyapp.core.accounts import register

        state = self.session.accounts
        logins = [register.CheckedLogin(r.site, r.username, r.score, r.breach_count) for r in self.model.rows]
        accounts, updated = register.save_audit(state.all, logins, state.catalogue, date.today())
        if not updated:
            self.status.setText(
                "None of these sites matched one of your accounts (add them on the Accounts page, with your "
                "username as the handle when you have several on one site)."
            )
            return
        state.replace_all(accounts)
        names = ", ".join(state.label(a) for a in updated)
        self.status.setText(f"Saved to {len(updated)} of your accounts: {names}. The passwords were not kept.")

    def forget(self) -> None:
        self.cancel()
        self.model.set_rows([])
        self.save_button.hide()
        self.status.setText("")
