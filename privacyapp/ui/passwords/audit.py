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
    Qt,
    Signal,
)
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QProgressBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from privacyapp.core.audit import Audited, AuditError, Login, parse_list
from privacyapp.core.breach import BreachCheckError
from privacyapp.core.passwords import LEVELS
from privacyapp.core.settings import OnlineChecks
from privacyapp.core.text import visible
from privacyapp.i18n import N_, _, ngettext
from privacyapp.ui import theme
from privacyapp.ui.application import forget_file_dialog_places
from privacyapp.ui.filtering import SourceSorted, reorder
from privacyapp.ui.pages.common import Card, button, label, ok_cancel
from privacyapp.ui.state.accounts import AccountsState
from privacyapp.ui.state.passwords import PasswordsState
from privacyapp.ui.tasks import Ok, Outcome

RESIZE_ROWS = 50  # rows the columns are sized from, besides the header

COLUMNS = (N_("Site"), N_("Username"), N_("Strength"), N_("Seen in breaches"), N_("Used on"))
# a pasted list has no sites and no usernames: its rows are named by their line, its reuse counted in the list
PASTED_COLUMNS = (N_("Line"), N_("Username"), N_("Strength"), N_("Seen in breaches"), N_("In this list"))
NOT_CHECKED = "not checked"  # core.audit's error for a password that was not checked (online checks off)
Index = QModelIndex | QPersistentModelIndex


class AuditModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Audited] = []
        self.lines: dict[int, int] = {}  # id of a row -> its line in a pasted list (kept through sorting)
        self.pasted = False  # no row has a site or username: a pasted list of passwords
        self._order: tuple[int, Qt.SortOrder] | None = None  # the column and order the rows are kept in

    def set_rows(self, rows: list[Audited]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.lines = {id(row): number for number, row in enumerate(self.rows, start=1)}
        self.pasted = bool(rows) and not any(row.site or row.username for row in rows)
        if self._order is not None:
            column, order = self._order
            self.rows.sort(key=lambda row: self._sort_key(row, column), reverse=order == Qt.SortOrder.DescendingOrder)
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._order = (column, order)
        rows = self.rows

        def put(positions: list[int]) -> None:
            self.rows = [rows[n] for n in positions]

        reorder(self, len(rows), lambda n: self._sort_key(rows[n], column), order, put)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _((PASTED_COLUMNS if self.pasted else COLUMNS)[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.ToolTipRole and column == 3 and row.error:
            return row.error
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 0 and self.pasted:
            # Translators: names a password of a pasted list by its place in the list
            return _("Password {number}").format(number=self.lines.get(id(row), 0))
        if column == 0:  # site and username come from the CSV: control characters are shown escaped
            return visible(row.site) or _("(no site)")
        if column == 1:
            return visible(row.username)
        if column == 2:
            return _(LEVELS[row.score])
        if column == 3:
            if row.breach_count is None:
                return _("not checked") if row.error == NOT_CHECKED else _("could not check")
            if not row.breach_count:
                return _("no")
            return ngettext("{count:,} time", "{count:,} times", row.breach_count).format(count=row.breach_count)
        used_on = max(row.reused, 1)
        if self.pasted and used_on == 1:
            return _("once")
        if self.pasted:
            return ngettext("{count} time", "{count} times", used_on).format(count=used_on)
        return ngettext("{count} site", "{count} sites", used_on).format(count=used_on)

    def _sort_key(self, row: Audited, column: int) -> str | int:
        if column == 0:
            return self.lines.get(id(row), 0) if self.pasted else row.site.lower()
        if column == 1:
            return row.username.lower()
        if column == 2:
            return row.score
        if column == 3:
            return -1 if row.breach_count is None else row.breach_count  # "could not check" before "no"
        return row.reused


class PasteDialog(QDialog):
    """A list of passwords to check, never shown in clear: pasted whole from the clipboard or typed one at a time
    into a password field, and counted as they come."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Paste passwords"))
        self.lines: list[str] = []
        layout = QVBoxLayout(self)
        layout.addWidget(
            label(
                _(
                    "Copy your list of passwords (one a line), then press Paste. Or type them one at a time and "
                    "press Enter after each. They are hidden here and never kept."
                )
            )
        )
        self.paste_button = button(_("Paste from the clipboard"), _("Paste the passwords from the clipboard"))
        self.paste_button.clicked.connect(self.paste)
        layout.addWidget(self.paste_button)
        self.entry = QLineEdit()
        self.entry.setEchoMode(QLineEdit.EchoMode.Password)
        self.entry.setAccessibleName(_("Add one password"))
        self.entry.setPlaceholderText(_("Type one password, then press Enter"))
        self.entry.returnPressed.connect(self._add_typed)
        layout.addWidget(self.entry)
        self.count = label("")
        self.count.setAccessibleName(_("Passwords in the list"))
        layout.addWidget(self.count)
        self.buttons = ok_cancel(self, _("Check"))
        self.check_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.check_button.setAutoDefault(False)  # Enter in the field adds the password, it does not check yet
        self.check_button.setDefault(False)
        layout.addWidget(self.buttons)
        self._show_count()

    def add_text(self, text: str) -> None:
        self.lines.extend(line for line in text.splitlines() if line.strip())
        self._show_count()

    def paste(self) -> None:
        self.add_text(QGuiApplication.clipboard().text())

    def _add_typed(self) -> None:
        self.add_text(self.entry.text())
        self.entry.setText("")  # setText, not clear(): no undo history of the password is left

    def _show_count(self) -> None:
        count = len(self.lines)
        self.count.setText(
            ngettext("{count} password ready to check.", "{count} passwords ready to check.", count).format(count=count)
        )
        self.check_button.setEnabled(count > 0)

    def text(self) -> str:
        return "\n".join(self.lines)

    def done(self, result: int) -> None:
        super().done(result)
        if result != QDialog.DialogCode.Accepted:
            self.lines = []  # cancelled or locked: nothing of the list stays with the dialog

    @staticmethod
    def ask(parent: QWidget) -> str | None:
        """The passwords, one a line, or None when cancelled."""
        dialog = PasteDialog(parent)
        try:
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
            return dialog.text() if accepted and dialog.lines else None
        finally:
            dialog.lines = []
            dialog.deleteLater()


class _ProgressRelay(QObject):
    changed = Signal(int, int, int)  # the check it is about, prefixes done, prefixes in all


class AuditCard(Card):
    def __init__(self, passwords: PasswordsState, accounts: AccountsState, parent: QWidget | None = None) -> None:
        super().__init__(_("Check all your passwords at once"), parent)
        self._passwords = passwords
        self._accounts = accounts
        self.body.addWidget(
            label(
                _(
                    "Export your passwords from your password manager or browser as a CSV file, then open it here "
                    "(Bitwarden, 1Password, KeePassXC, Chrome, Edge and Firefox work). privacyapp reads it into "
                    "memory only: delete the exported file afterwards, it is not encrypted."
                )
            )
        )
        row = QHBoxLayout()
        self.import_button = button(_("Open a CSV export…"), _("Open a password export"))
        self.import_button.clicked.connect(self._choose_file)
        self.paste_button = button(_("Paste a list…"), _("Paste a list of passwords"))
        self.paste_button.clicked.connect(self._paste)
        self.cancel_button = button(_("Cancel"), _("Cancel the check"))
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        self.save_button = button(_("Save results to my accounts"), _("Save the results to my accounts"))
        self.save_button.setToolTip(
            _(
                "Keeps each matching account's password strength and whether it was found in a breach, with "
                "today's date. Never the password."
            )
        )
        self.save_button.clicked.connect(self.save_to_accounts)
        self.save_button.hide()
        for widget in (self.import_button, self.paste_button, self.cancel_button, self.save_button):
            row.addWidget(widget)
        row.addStretch(1)
        self.body.addLayout(row)
        self.progress = QProgressBar()
        self.progress.setAccessibleName(_("Check progress"))
        theme.style_progress(self.progress)
        self.progress.hide()
        self.body.addWidget(self.progress)
        self.status = label("")
        self.status.setAccessibleName(_("Check status"))
        self.body.addWidget(self.status)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(_("Filter by site or username"))
        self.filter.setAccessibleName(_("Filter the results"))
        self.body.addWidget(self.filter)
        self.model = AuditModel(self)
        self.proxy = SourceSorted(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # by site, the header's arrow showing it
        self.table.setAccessibleName(_("Results"))
        self.table.setMinimumHeight(180)
        self.table.verticalHeader().hide()
        # the site takes the room left; every other column is as wide as its words and its header (never cut)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        # Sized once per result, from the header and the first rows only: sizing to contents on every change,
        # over all of 1,000 results, held the GUI thread for 400 ms (bench/gui_tour.py). The short columns' words
        # (strength, counts) are alike in every row.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setResizeContentsPrecision(RESIZE_ROWS)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(60)
        for corner in self.table.findChildren(QAbstractButton):  # the table's select-all corner
            corner.setAccessibleName(_("Select all results"))
        self.body.addWidget(self.table)
        self._cancel: threading.Event | None = None
        self._check = 0  # which check the results on their way belong to; Lock makes every earlier one stale
        self._reading = 0  # exports being read in the background
        self._relay = _ProgressRelay(self)
        self._relay.changed.connect(self._progress)  # emitted from the worker, delivered on the GUI thread
        passwords.forgetRequested.connect(self.forget)
        accounts.changed.connect(self._show_save_button)  # also on Lock: no accounts, nothing to save to

    def _choose_file(self) -> None:
        path, _chosen = QFileDialog.getOpenFileName(
            self, _("Password export"), str(Path.home()), _("CSV (*.csv);;All (*)")
        )
        forget_file_dialog_places()  # where a password export lies is not kept anywhere
        if path:
            self.run_file(Path(path))

    def _paste(self) -> None:
        text = PasteDialog.ask(self)
        if text:
            self.run(parse_list(text))

    def run_file(self, path: Path) -> None:
        """Read the export in the background, then check what it holds."""
        self._reading += 1
        reading = self._check

        def read(outcome: Outcome[list[Login]]) -> None:
            self._reading -= 1
            if reading != self._check:
                return  # locked, or another check was started meanwhile
            if isinstance(outcome, Ok):
                self.run(outcome.value)
            elif isinstance(outcome.error, AuditError):
                self.status.setText(outcome.error.one_line())
            else:
                self.status.setText(_("The file could not be read."))

        self._passwords.read_export(path, self, read)

    def run(self, logins: list[Login]) -> None:
        """Check `logins` in the background: strength and reuse always, breaches as the settings allow."""
        if not logins:
            self.status.setText(_("There were no passwords to check."))
            return
        self.cancel()  # one check at a time: a new one replaces the one still running
        passwords = self._passwords
        cancel = self._cancel = threading.Event()
        self._check += 1
        check, relay = self._check, self._relay
        self.progress.setRange(0, 0)  # busy until the first prefix is back
        self.progress.show()
        self.cancel_button.show()
        self.status.setText(
            ngettext("Checking {count} password…", "Checking {count} passwords…", len(logins)).format(count=len(logins))
        )

        def progress(done: int, total: int) -> None:
            relay.changed.emit(check, done, total)

        def finished(outcome: Outcome[list[Audited]]) -> None:
            if check != self._check:
                return  # locked, or another check was started meanwhile
            self._cancel = None
            if isinstance(outcome, Ok):
                self._done(outcome.value)
            else:
                self._failed(outcome.error)

        passwords.audit(logins, cancel, progress, self, finished)

    @property
    def running(self) -> bool:
        """A file being read or passwords being checked."""
        return self._cancel is not None or self._reading > 0

    def _progress(self, check: int, done: int, total: int) -> None:
        if check != self._check or self._cancel is None:
            return  # a check that was cancelled or forgotten
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def cancel(self) -> None:
        if self._cancel is not None:
            self._cancel.set()

    def _done(self, rows: list[Audited]) -> None:
        self.progress.hide()
        self.cancel_button.hide()
        self.model.set_rows(rows)
        self.table.setColumnHidden(1, self.model.pasted)  # a pasted list has no usernames
        for column in range(1, self.model.columnCount()):
            self.table.resizeColumnToContents(column)
        self._show_save_button()
        leaked = sum(1 for r in rows if r.breach_count)
        reused = sum(1 for r in rows if r.reused > 1)
        weak = sum(1 for r in rows if r.score < 3)
        unchecked = sum(1 for r in rows if r.breach_count is None)
        parts = [
            ngettext(
                "{count} password: {leaked} leaked, {reused} reused, {weak} weak.",
                "{count} passwords: {leaked} leaked, {reused} reused, {weak} weak.",
                len(rows),
            ).format(count=len(rows), leaked=leaked, reused=reused, weak=weak)
        ]
        if unchecked and self._passwords.online_checks != OnlineChecks.ALLOWED:
            parts.append(
                ngettext(
                    "{count} could not be checked for breaches (online checks are off in Settings).",
                    "{count} could not be checked for breaches (online checks are off in Settings).",
                    unchecked,
                ).format(count=unchecked)
            )
        elif unchecked:
            parts.append(
                ngettext(
                    "{count} could not be checked for breaches.",
                    "{count} could not be checked for breaches.",
                    unchecked,
                ).format(count=unchecked)
            )
        self.status.setText(" ".join(parts))

    def _failed(self, error: Exception) -> None:
        self.progress.hide()
        self.cancel_button.hide()
        if isinstance(error, AuditError | BreachCheckError):
            self.status.setText(_("The check could not be finished. {reason}").format(reason=error.one_line()))
        else:
            self.status.setText(_("The check could not be finished."))

    def _show_save_button(self) -> None:
        self.save_button.setVisible(bool(self.model.rows) and bool(self._accounts.all))

    def save_to_accounts(self) -> None:
        """Keep the summary of each result (never the password) on the matching account of the register."""
        from datetime import date

        from privacyapp.core.accounts import register

        state = self._accounts
        logins = [
            register.CheckedLogin(r.site, r.username, r.score, r.breach_count, r.group if r.group >= 0 else None)
            for r in self.model.rows
        ]
        accounts, updated = register.save_audit(state.all, logins, state.catalogue, date.today())
        if not updated:
            self.status.setText(
                _(
                    "None of these sites matched one of your accounts (add them on the Accounts page, with your "
                    "username as the handle when you have several on one site)."
                )
            )
            return
        state.replace_all(accounts)
        names = _(", ").join(state.label(a) for a in updated)
        self.status.setText(
            ngettext(
                "Saved to {count} of your accounts: {names}. The passwords were not kept.",
                "Saved to {count} of your accounts: {names}. The passwords were not kept.",
                len(updated),
            ).format(count=len(updated), names=names)
        )

    def forget(self) -> None:
        """Lock or switch: stop the check, drop its answer when it comes, and show nothing of it: no results, no
        status, no progress, no filter words, no dialog (a pasted list of passwords) left open."""
        self.cancel()
        self._cancel = None
        self._check += 1
        for dialog in self.findChildren(QDialog):
            if dialog.isVisible():
                dialog.reject()
        self.model.set_rows([])
        self.save_button.hide()
        self.cancel_button.hide()
        self.progress.hide()
        self.progress.reset()
        self.progress.setRange(0, 100)
        self.status.setText("")
        self.filter.setText("")  # setText, not clear(): it also empties the undo history
