"""The panel beside the accounts list: everything about one account, editable, with its links, what a known
breach means for it, and the steps of deleting it."""

from __future__ import annotations

import functools
from datetime import date
from html import escape

from PySide6.QtCore import QDate, Qt, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from privacyapp.core.accounts import register
from privacyapp.core.accounts.model import (
    DELETION_STEPS,
    DELETION_WORDS,
    LINK_KINDS,
    LINK_WORDS,
    TWO_FACTOR,
    TWO_FACTOR_WORDS,
    VISIBILITY,
    VISIBILITY_WORDS,
    Account,
    PasswordHealth,
)
from privacyapp.core.errors import PrivacyAppError
from privacyapp.ui import theme
from privacyapp.ui.accounts import badge
from privacyapp.ui.accounts.state import AccountsState
from privacyapp.ui.pages.common import Card, button, combo, label, ok_cancel

ALERTS = ((True, "On"), (False, "Off"), (None, "Not sure"))
SCORE_WORDS = ("Very weak", "Weak", "Fair", "Strong", "Very strong")
WARN_COLOUR = QColor("#d97706")
OK_COLOUR = QColor("#16a34a")
NO_DATE = QDate(2000, 1, 1)  # the date edit's "Not sure"
LINK_HELP = {
    "sign-in": 'you log in to it with the other account (a "Continue with…" button)',
    "recovery": "the other account is its recovery email or phone: whoever has it can reset the password",
    "cross-post": "it shares posts or videos to the other account",
}


def _combo(name: str, choices: list[tuple[object, str]]) -> QComboBox:
    return combo(name, choices, narrow=True)  # the detail panel sits beside the list


class LinkDialog(QDialog):
    """Record a link from one account to another: which kind, and to which account."""

    def __init__(self, state: AccountsState, account: Account, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add a link")
        layout = QVBoxLayout(self)
        layout.addWidget(label(f"How is {state.label(account)} linked to another of your accounts?"))
        self.kind = _combo("Kind of link", [(k, f"It {LINK_WORDS[k]}…") for k in LINK_KINDS])
        self.target = _combo("Linked account", [(a.id, state.label(a)) for a in state.all if a.id != account.id])
        self.help = label("", style="muted")
        form = QFormLayout()
        form.addRow("Kind:", self.kind)
        form.addRow("Account:", self.target)
        layout.addLayout(form)
        layout.addWidget(self.help)
        layout.addWidget(ok_cancel(self, "Add link"))
        self.kind.currentIndexChanged.connect(self._explain)
        self._explain()
        self.setMinimumWidth(420)

    def _explain(self) -> None:
        self.help.setText(f"Choose this when {LINK_HELP[str(self.kind.currentData())]}.")


class AccountDetail(QScrollArea):
    reviewRequested = Signal(str)  # an account id
    removed = Signal()

    def __init__(self, state: AccountsState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.account_id: str | None = None
        self._filling = False
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # the panel wraps to its width
        self.setMinimumWidth(330)
        self.setAccessibleName("Account details")
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(12, 4, 4, 4)
        layout.setSpacing(12)
        self.setWidget(body)

        self.empty = label("Choose an account in the list to see and change its details.", style="muted")
        layout.addWidget(self.empty)
        self.content = QWidget()
        content = QVBoxLayout(self.content)
        content.setContentsMargins(0, 0, 0, 0)
        content.setSpacing(12)
        layout.addWidget(self.content)
        layout.addStretch(1)

        head = QHBoxLayout()
        self.badge = QLabel()
        self.badge.setFixedSize(44, 44)
        head.addWidget(self.badge)
        self.title = label("", style="card-title")
        self.title.setAccessibleName("Account")
        head.addWidget(self.title, 1)
        content.addLayout(head)
        actions = QHBoxLayout()
        self.review_button = button("Review this account…", "Review this account step by step")
        self.review_button.clicked.connect(self._review)
        self.settings_button = button("Privacy help", "Open the service's privacy settings help page")
        self.settings_button.setToolTip("Opens the service's official help page about its privacy settings")
        self.settings_button.clicked.connect(functools.partial(self._open, "privacy_settings"))
        actions.addWidget(self.review_button)
        actions.addWidget(self.settings_button)
        actions.addStretch(1)
        content.addLayout(actions)

        self.breach = Card("Known breach")
        self.breach_text = label("")
        self.breach_text.setAccessibleName("Known breach")
        self.breach.body.addWidget(self.breach_text)
        content.addWidget(self.breach)

        settings = Card("What you know about it")
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)  # labels above fields: the panel is narrow
        self.handle = QLineEdit()
        self.handle.setAccessibleName("Name or handle")
        self.handle.setPlaceholderText("for example @myname (optional)")
        self.handle.editingFinished.connect(self._handle_edited)
        self.visibility = _combo("Who can see it", [(v, VISIBILITY_WORDS[v]) for v in VISIBILITY])
        self.visibility.currentIndexChanged.connect(self._changed)
        self.visibility_note = label("", style="muted")
        self.two_factor = _combo("2-step login", [(m, TWO_FACTOR_WORDS[m]) for m in TWO_FACTOR])
        self.two_factor.currentIndexChanged.connect(self._changed)
        self.advice_icon = QLabel()
        self.advice_icon.setFixedSize(18, 18)
        self.advice = label("")
        self.advice.setAccessibleName("2-step login advice")
        advice_row = QHBoxLayout()
        advice_row.addWidget(self.advice_icon, 0, Qt.AlignmentFlag.AlignTop)
        advice_row.addWidget(self.advice, 1)
        self.alerts = _combo("Alerts for new logins", [(v, t) for v, t in ALERTS])
        self.alerts.currentIndexChanged.connect(self._changed)
        self.password = label("")
        self.password.setAccessibleName("Password health")
        self.changed_on = QDateEdit()
        self.changed_on.setAccessibleName("Password last changed")
        self.changed_on.setCalendarPopup(True)
        self.changed_on.setMinimumDate(NO_DATE)
        self.changed_on.setSpecialValueText("Not sure")
        self.changed_on.setDisplayFormat("yyyy-MM-dd")
        self.changed_on.dateChanged.connect(self._changed)
        self.reviewed = label("")
        self.reviewed.setAccessibleName("Last reviewed")
        form.addRow("Name or handle:", self.handle)
        form.addRow("Who can see it:", self.visibility)
        form.addRow(self.visibility_note)
        form.addRow("2-step login:", self.two_factor)
        form.addRow(advice_row)
        form.addRow("Alerts for new logins:", self.alerts)
        form.addRow("Password:", self.password)
        form.addRow("Password last changed:", self.changed_on)
        form.addRow("Last reviewed:", self.reviewed)
        settings.body.addLayout(form)
        content.addWidget(settings)

        links = Card("Linked accounts")
        links.body.addWidget(
            label(
                "Linked accounts make life easier, but whoever gets into one can often get into the other.",
                style="muted",
            )
        )
        self.links_box = QVBoxLayout()
        links.body.addLayout(self.links_box)
        link_row = QHBoxLayout()
        self.add_link_button = button("Add a link…", "Add a link to another account")
        self.add_link_button.clicked.connect(self._add_link)
        link_row.addWidget(self.add_link_button)
        link_row.addStretch(1)
        links.body.addLayout(link_row)
        content.addWidget(links)

        notes = Card("Notes")
        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName("Notes")
        self.notes.setPlaceholderText("Anything you want to remember about this account (not its password).")
        self.notes.setFixedHeight(70)
        self.notes.textChanged.connect(self._notes_edited)
        notes.body.addWidget(self.notes)
        content.addWidget(notes)

        self.deletion = Card("Leaving this account")
        self.deletion_intro = label("")
        self.deletion.body.addWidget(self.deletion_intro)
        self.steps: dict[str, QCheckBox] = {}
        self.download_help = button("How?", "How to download your data: open the help page")
        self.download_help.clicked.connect(functools.partial(self._open, "download_data"))
        self.delete_help = button("How?", "How to delete the account: open the help page")
        self.delete_help.clicked.connect(functools.partial(self._open, "delete_account"))
        helps = {"download": self.download_help, "delete": self.delete_help}
        for step in DELETION_STEPS:
            box = QCheckBox(DELETION_WORDS[step])
            box.setAccessibleName(DELETION_WORDS[step])
            box.toggled.connect(functools.partial(self._step_toggled, step))
            self.steps[step] = box
            step_row = QHBoxLayout()
            step_row.addWidget(box)
            if step in helps:  # the service's own help page for this step
                step_row.addWidget(helps[step])
            step_row.addStretch(1)
            self.deletion.body.addLayout(step_row)
        delete_row = QHBoxLayout()
        self.start_delete = button("I want to delete it…", "Start deleting this account")
        self.start_delete.clicked.connect(self._start_deleting)
        self.keep = button("Keep it after all", "Keep using this account")
        self.keep.clicked.connect(self._keep)
        self.mark_deleted = button("It is deleted", "Mark the account as deleted")
        self.mark_deleted.clicked.connect(self._mark_deleted)
        self.forget = button("Remove from list", "Remove this account from privacyapp's list")
        self.forget.setToolTip("Forget this account in privacyapp. It does not delete the account itself.")
        self.forget.clicked.connect(self._forget)
        for widget in (self.start_delete, self.keep, self.mark_deleted):
            delete_row.addWidget(widget)
        delete_row.addStretch(1)
        self.deletion.body.addLayout(delete_row)
        forget_row = QHBoxLayout()  # a row of its own: the panel stays narrow enough to sit beside the list
        forget_row.addStretch(1)
        forget_row.addWidget(self.forget)
        self.deletion.body.addLayout(forget_row)
        content.addWidget(self.deletion)

        state.changed.connect(self.refresh)
        state.breachesChanged.connect(self.refresh)
        self.show_account(None)

    # --- filling ---------------------------------------------------------------------------------------------
    def show_account(self, ident: str | None) -> None:
        self.account_id = ident
        self.refresh()

    def refresh(self) -> None:
        account = self.state.get(self.account_id) if self.account_id else None
        self.empty.setVisible(account is None)
        self.content.setVisible(account is not None)
        if account is None:
            return
        self._filling = True
        try:
            self._fill(account)
        finally:
            self._filling = False

    def _fill(self, account: Account) -> None:
        service = self.state.catalogue.by_id.get(account.service)
        self.badge.setPixmap(badge.pixmap(service, 44))
        self.title.setText(self.state.label(account))
        self.settings_button.setEnabled(service is not None)
        flags = [f for f in self.state.flags() if f.account.id == account.id]
        self.breach.setVisible(bool(flags))
        if flags:
            from privacyapp.core.accounts.breaches import STEPS

            reasons = "".join(f"<p>{escape(f.reason)}</p>" for f in flags)
            steps = "".join(f"<li>{escape(s)}</li>" for s in STEPS)
            self.breach_text.setText(f"{reasons}<p>What to do:</p><ol>{steps}</ol>")
        if self.handle.text() != account.handle:
            self.handle.setText(account.handle)
        self.visibility.setCurrentIndex(self.visibility.findData(account.visibility))
        can_be_private = service is None or service.can_be_private
        self.visibility.setEnabled(can_be_private)
        self.visibility_note.setVisible(not can_be_private)
        if not can_be_private and service is not None:
            self.visibility_note.setText(
                f"A {service.name} account cannot be made private, so think about what you put in it."
            )
        self.two_factor.setCurrentIndex(self.two_factor.findData(account.two_factor))
        advice, fine = register.two_factor_advice(service, account.two_factor)
        self.advice.setText(advice)
        name, colour = ("ok", OK_COLOUR) if fine else ("info", WARN_COLOUR)
        self.advice_icon.setPixmap(theme.icon(name, colour, size=18).pixmap(18, 18))
        self.alerts.setCurrentIndex([v for v, _ in ALERTS].index(account.login_alerts))
        self.password.setText(_password_words(account.password))
        changed = account.password.changed
        self.changed_on.setMaximumDate(QDate.currentDate())
        self.changed_on.setDate(QDate(changed.year, changed.month, changed.day) if changed else NO_DATE)
        due = " It is due for another look." if account.due_for_review(date.today()) else ""
        self.reviewed.setText((account.reviewed.isoformat() if account.reviewed else "Never") + "." + due)
        if self.notes.toPlainText() != account.notes:
            self.notes.setPlainText(account.notes)
        self._fill_links(account)
        self._fill_deletion(account, service)

    def _fill_links(self, account: Account) -> None:
        while self.links_box.count():
            item = self.links_box.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        rows = [(account, link.to, link.kind) for link in account.links]
        rows += [
            (other, account.id, link.kind) for other in self.state.all for link in other.links if link.to == account.id
        ]
        if not rows:
            self.links_box.addWidget(label("Not linked to any of your other accounts.", style="muted"))
        for source, target_id, kind in rows:
            target = self.state.get(target_id)
            if target is None:
                continue
            row = QWidget()
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            text = f"{self.state.label(source)} {LINK_WORDS[kind]} {self.state.label(target)}"
            line.addWidget(label(text), 1)
            unlink = button("Unlink", f"Unlink: {text}")
            unlink.clicked.connect(functools.partial(self._unlink, source.id, target.id, kind))
            line.addWidget(unlink)
            self.links_box.addWidget(row)
        self.add_link_button.setEnabled(len(self.state.all) > 1 and account.state != "deleted")

    def _fill_deletion(self, account: Account, service: object) -> None:
        from privacyapp.core.services import Service

        deleting = account.state == "deleting"
        for step, box in self.steps.items():
            box.setVisible(deleting)
            box.setChecked(bool(account.deletion.get(step)))
        self.start_delete.setVisible(account.state == "active")
        for widget in (self.download_help, self.delete_help, self.keep):
            widget.setVisible(deleting and (widget is self.keep or service is not None))
        self.mark_deleted.setVisible(deleting)
        self.mark_deleted.setEnabled(all(account.deletion.get(s) for s in DELETION_STEPS))
        hard = {"easy": "easy", "medium": "takes a few steps", "hard": "hard"}
        if isinstance(service, Service):
            note = f" {service.deletion_note}" if service.deletion_note else ""
            how = f"Leaving {service.name} is {hard[service.deletion]}.{note}"
        else:
            how = "Look on the service's help pages for how to delete an account."
        if account.state == "active":
            self.deletion_intro.setText(f"Not using it any more? Deleting an old account means less to leak. {how}")
        elif deleting:
            self.deletion_intro.setText(f"{how} Tick each step when it is done.")
        else:
            self.deletion_intro.setText("You deleted this account. Keep it in the list to remember, or remove it.")

    # --- changes ---------------------------------------------------------------------------------------------
    def _update(self, **fields: object) -> None:
        if self._filling or self.account_id is None:
            return
        try:
            self.state.update(self.account_id, **fields)
        except PrivacyAppError as exc:
            QMessageBox.warning(self, "privacyapp", exc.one_line())

    def _handle_edited(self) -> None:
        account = self.state.get(self.account_id or "")
        if account is not None and self.handle.text().strip() != account.handle:
            self._update(handle=self.handle.text().strip())

    def _notes_edited(self) -> None:
        self._update(notes=self.notes.toPlainText())

    def _changed(self) -> None:
        account = self.state.get(self.account_id or "")
        if account is None or self._filling:
            return
        picked = self.changed_on.date()
        changed = None if picked == NO_DATE else date(picked.year(), picked.month(), picked.day())
        old = account.password
        self._update(
            visibility=self.visibility.currentData(),
            two_factor=self.two_factor.currentData(),
            login_alerts=self.alerts.currentData(),
            password=PasswordHealth(old.score, old.exposed, changed, old.checked),
        )

    def _add_link(self) -> None:
        account = self.state.get(self.account_id or "")
        if account is None:
            return
        dialog = LinkDialog(self.state, account, self)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        target, kind = dialog.target.currentData(), dialog.kind.currentData()
        dialog.deleteLater()  # not kept with the panel
        if accepted and target:
            try:
                self.state.link(account.id, str(target), str(kind))
            except PrivacyAppError as exc:
                QMessageBox.warning(self, "privacyapp", exc.one_line())

    def _unlink(self, source: str, target: str, kind: str) -> None:
        self.state.unlink(source, target, kind)

    def _review(self) -> None:
        if self.account_id is not None:
            self.reviewRequested.emit(self.account_id)

    def _open(self, which: str) -> None:
        account = self.state.get(self.account_id or "")
        service = self.state.catalogue.by_id.get(account.service) if account is not None else None
        if service is not None:
            QDesktopServices.openUrl(QUrl(getattr(service, which)))

    def _start_deleting(self) -> None:
        self._update(state="deleting")

    def _keep(self) -> None:
        self._update(state="active")

    def _step_toggled(self, step: str, checked: bool) -> None:
        account = self.state.get(self.account_id or "")
        if account is not None and not self._filling:
            self._update(deletion={**account.deletion, step: checked})

    def _mark_deleted(self) -> None:
        self._update(state="deleted")

    def _forget(self) -> None:
        account = self.state.get(self.account_id or "")
        if account is None:
            return
        answer = QMessageBox.question(
            self,
            "Remove from my list",
            f"Remove {self.state.label(account)} and its links from privacyapp's list? This does not delete the "
            "account itself.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.state.remove(account.id)
            self.account_id = None
            self.removed.emit()


def _password_words(health: PasswordHealth) -> str:
    if health.checked is None:
        return "Not checked yet (check it on the Passwords page, then save the result here)."
    strength = SCORE_WORDS[health.score] if health.score is not None else "strength unknown"
    exposed = {True: "found in known breaches", False: "not found in known breaches", None: "breaches not checked"}
    return f"{strength}, {exposed[health.exposed]} (checked {health.checked.isoformat()})."
