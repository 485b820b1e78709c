"""The panel beside the accounts list: everything about one account, editable, with its links, what a known
breach means for it, and the steps of deleting it."""

from __future__ import annotations

import functools
from collections.abc import Sequence
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
    TWO_FACTOR_WORDS,
    VISIBILITY_WORDS,
    Account,
    AccountState,
    LinkKind,
    PasswordHealth,
    TwoFactor,
    Visibility,
)
from privacyapp.core.errors import PrivacyAppError
from privacyapp.core.services import Service
from privacyapp.i18n import N_, _
from privacyapp.ui import theme
from privacyapp.ui.accounts import badge
from privacyapp.ui.accounts.link_dialog import LinkDialog
from privacyapp.ui.accounts.model import link_sentence
from privacyapp.ui.pages.common import Card, button, combo, label
from privacyapp.ui.state.accounts import AccountsState

ALERTS: tuple[tuple[bool | None, str], ...] = ((True, N_("On")), (False, N_("Off")), (None, N_("Not sure")))
SCORE_WORDS = (N_("Very weak"), N_("Weak"), N_("Fair"), N_("Strong"), N_("Very strong"))
WARN_COLOUR = QColor("#d97706")
OK_COLOUR = QColor("#16a34a")
NO_DATE = QDate(2000, 1, 1)  # the date edit's "Not sure"
LEAVING = {
    "easy": N_("Leaving {service} is easy."),
    "medium": N_("Leaving {service} takes a few steps."),
    "hard": N_("Leaving {service} is hard."),
}


def _combo(name: str, choices: Sequence[tuple[object, str]]) -> QComboBox:
    return combo(name, choices, narrow=True)  # the detail panel sits beside the list


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
        self.setAccessibleName(_("Account details"))
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(12, 4, 4, 4)
        layout.setSpacing(12)
        self.setWidget(body)

        self.empty = label(_("Choose an account in the list to see and change its details."), style="muted")
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
        self.title.setAccessibleName(_("Account"))
        head.addWidget(self.title, 1)
        content.addLayout(head)
        actions = QHBoxLayout()
        self.review_button = button(_("Review this account…"), _("Review this account step by step"))
        self.review_button.clicked.connect(self._review)
        self.settings_button = button(_("Privacy help"), _("Open the service's privacy settings help page"))
        self.settings_button.setToolTip(_("Opens the service's official help page about its privacy settings"))
        self.settings_button.clicked.connect(functools.partial(self._open, "privacy_settings"))
        actions.addWidget(self.review_button)
        actions.addWidget(self.settings_button)
        actions.addStretch(1)
        content.addLayout(actions)

        self.breach = Card(_("Known breach"))
        self.breach_text = label("")
        self.breach_text.setAccessibleName(_("Known breach"))
        self.breach.body.addWidget(self.breach_text)
        content.addWidget(self.breach)

        settings = Card(_("What you know about it"))
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)  # labels above fields: the panel is narrow
        self.handle = QLineEdit()
        self.handle.setAccessibleName(_("Name or handle"))
        self.handle.setPlaceholderText(_("for example @myname (optional)"))
        self.handle.editingFinished.connect(self._handle_edited)
        state.closing.connect(self._handle_edited)  # Lock or closing the window while a handle is being typed
        self.visibility = _combo(_("Who can see it"), [(v.value, _(VISIBILITY_WORDS[v])) for v in Visibility])
        self.visibility.currentIndexChanged.connect(self._changed)
        self.visibility_note = label("", style="muted")
        self.two_factor = _combo(_("2-step login"), [(m.value, _(TWO_FACTOR_WORDS[m])) for m in TwoFactor])
        self.two_factor.currentIndexChanged.connect(self._changed)
        self.advice_icon = QLabel()
        self.advice_icon.setFixedSize(18, 18)
        self.advice = label("")
        self.advice.setAccessibleName(_("2-step login advice"))
        advice_row = QHBoxLayout()
        advice_row.addWidget(self.advice_icon, 0, Qt.AlignmentFlag.AlignTop)
        advice_row.addWidget(self.advice, 1)
        self.alerts = _combo(_("Alerts for new logins"), [(v, _(t)) for v, t in ALERTS])
        self.alerts.currentIndexChanged.connect(self._changed)
        self.password = label("")
        self.password.setAccessibleName(_("Password health"))
        self.changed_on = QDateEdit()
        self.changed_on.setAccessibleName(_("Password last changed"))
        self.changed_on.setCalendarPopup(True)
        self.changed_on.setMinimumDate(NO_DATE)
        self.changed_on.setSpecialValueText(_("Not sure"))
        self.changed_on.setDisplayFormat("yyyy-MM-dd")
        self.changed_on.dateChanged.connect(self._changed)
        self.reviewed = label("")
        self.reviewed.setAccessibleName(_("Last reviewed"))
        form.addRow(_("Name or handle:"), self.handle)
        form.addRow(_("Who can see it:"), self.visibility)
        form.addRow(self.visibility_note)
        form.addRow(_("2-step login:"), self.two_factor)
        form.addRow(advice_row)
        form.addRow(_("Alerts for new logins:"), self.alerts)
        form.addRow(_("Password:"), self.password)
        form.addRow(_("Password last changed:"), self.changed_on)
        form.addRow(_("Last reviewed:"), self.reviewed)
        settings.body.addLayout(form)
        content.addWidget(settings)

        links = Card(_("Linked accounts"))
        links.body.addWidget(
            label(
                _("Linked accounts make life easier, but whoever gets into one can often get into the other."),
                style="muted",
            )
        )
        self.links_box = QVBoxLayout()
        links.body.addLayout(self.links_box)
        link_row = QHBoxLayout()
        self.add_link_button = button(_("Add a link…"), _("Add a link to another account"))
        self.add_link_button.clicked.connect(self._add_link)
        link_row.addWidget(self.add_link_button)
        link_row.addStretch(1)
        links.body.addLayout(link_row)
        content.addWidget(links)

        notes = Card(_("Notes"))
        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName(_("Notes"))
        self.notes.setPlaceholderText(_("Anything you want to remember about this account (not its password)."))
        self.notes.setFixedHeight(70)
        self.notes.textChanged.connect(self._notes_edited)
        notes.body.addWidget(self.notes)
        content.addWidget(notes)

        self.deletion = Card(_("Leaving this account"))
        self.deletion_intro = label("")
        self.deletion.body.addWidget(self.deletion_intro)
        self.steps: dict[str, QCheckBox] = {}
        self.download_help = button(_("How?"), _("How to download your data: open the help page"))
        self.download_help.clicked.connect(functools.partial(self._open, "download_data"))
        self.delete_help = button(_("How?"), _("How to delete the account: open the help page"))
        self.delete_help.clicked.connect(functools.partial(self._open, "delete_account"))
        helps = {"download": self.download_help, "delete": self.delete_help}
        for step in DELETION_STEPS:
            box = QCheckBox(_(DELETION_WORDS[step]))
            box.setAccessibleName(_(DELETION_WORDS[step]))
            box.toggled.connect(functools.partial(self._step_toggled, step))
            self.steps[step] = box
            step_row = QHBoxLayout()
            step_row.addWidget(box)
            if step in helps:  # the service's own help page for this step
                step_row.addWidget(helps[step])
            step_row.addStretch(1)
            self.deletion.body.addLayout(step_row)
        delete_row = QHBoxLayout()
        self.start_delete = button(_("I want to delete it…"), _("Start deleting this account"))
        self.start_delete.clicked.connect(self._start_deleting)
        self.keep = button(_("Keep it after all"), _("Keep using this account"))
        self.keep.clicked.connect(self._keep)
        self.mark_deleted = button(_("It is deleted"), _("Mark the account as deleted"))
        self.mark_deleted.clicked.connect(self._mark_deleted)
        self.remove_button = button(_("Remove from list"), _("Remove this account from privacyapp's list"))
        self.remove_button.setToolTip(_("Forget this account in privacyapp. It does not delete the account itself."))
        self.remove_button.clicked.connect(self._remove)
        for widget in (self.start_delete, self.keep, self.mark_deleted):
            delete_row.addWidget(widget)
        delete_row.addStretch(1)
        self.deletion.body.addLayout(delete_row)
        remove_row = QHBoxLayout()  # a row of its own: the panel stays narrow enough to sit beside the list
        remove_row.addStretch(1)
        remove_row.addWidget(self.remove_button)
        self.deletion.body.addLayout(remove_row)
        content.addWidget(self.deletion)

        state.changed.connect(self.refresh)  # also on Lock and a switch: the account is gone, so is the panel
        state.breachesChanged.connect(self.refresh)
        self.show_account(None)

    # --- filling ---------------------------------------------------------------------------------------------
    def show_account(self, ident: str | None) -> None:
        self.account_id = ident
        self.refresh()

    def forget(self) -> None:
        """Lock or switch: show nothing, and keep nothing of the last account in any field."""
        self.show_account(None)

    def refresh(self) -> None:
        account = self.state.get(self.account_id) if self.account_id else None
        self.empty.setVisible(account is None)
        self.content.setVisible(account is not None)
        self._filling = True
        try:
            if account is None:
                self.account_id = None
                self._clear()
            else:
                self._fill(account)
        finally:
            self._filling = False

    def _clear(self) -> None:
        """Every field empty (hidden fields keep their text otherwise: nothing of an account may stay behind)."""
        for text in (self.title, self.breach_text, self.visibility_note, self.advice, self.password, self.reviewed):
            text.setText("")
        self.deletion_intro.setText("")
        self.badge.clear()
        self.advice_icon.clear()
        self.handle.setText("")  # setText, not clear(): it also empties the undo history
        self.notes.setPlainText("")  # the same
        self.visibility.setCurrentIndex(self.visibility.findData(Visibility.UNKNOWN.value))
        self.two_factor.setCurrentIndex(self.two_factor.findData(TwoFactor.UNKNOWN.value))
        self.alerts.setCurrentIndex(len(ALERTS) - 1)
        self.changed_on.setDate(NO_DATE)
        for box in self.steps.values():
            box.setChecked(False)
        self._clear_links()

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
            self.breach_text.setText(f"{reasons}<p>{escape(_('What to do:'))}</p><ol>{steps}</ol>")
        else:
            self.breach_text.setText("")
        if self.handle.text() != account.handle:
            self.handle.setText(account.handle)
        self.visibility.setCurrentIndex(self.visibility.findData(Visibility(account.visibility).value))
        can_be_private = service is None or service.can_be_private
        self.visibility.setEnabled(can_be_private)
        self.visibility_note.setVisible(not can_be_private)
        if not can_be_private and service is not None:
            self.visibility_note.setText(
                _("A {service} account cannot be made private, so think about what you put in it.").format(
                    service=service.name
                )
            )
        else:
            self.visibility_note.setText("")
        self.two_factor.setCurrentIndex(self.two_factor.findData(TwoFactor(account.two_factor).value))
        advice, fine = register.two_factor_advice(service, account.two_factor)
        self.advice.setText(advice)
        name, colour = ("ok", OK_COLOUR) if fine else ("info", WARN_COLOUR)
        self.advice_icon.setPixmap(theme.icon(name, colour, size=18).pixmap(18, 18))
        self.alerts.setCurrentIndex([v for v, _words in ALERTS].index(account.login_alerts))
        self.password.setText(_password_words(account.password))
        changed = account.password.changed
        self.changed_on.setMaximumDate(QDate.currentDate())
        self.changed_on.setDate(QDate(changed.year, changed.month, changed.day) if changed else NO_DATE)
        self.reviewed.setText(_reviewed_words(account, date.today()))
        if self.notes.toPlainText() != account.notes:
            self.notes.setPlainText(account.notes)
        self._fill_links(account)
        self._fill_deletion(account, service)

    def _clear_links(self) -> None:
        while self.links_box.count():
            item = self.links_box.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()  # later: the Unlink button that was clicked may be in it

    def _fill_links(self, account: Account) -> None:
        self._clear_links()
        rows = [(account, link.to, link.kind) for link in account.links]
        rows += [
            (other, account.id, link.kind) for other in self.state.all for link in other.links if link.to == account.id
        ]
        if not rows:
            self.links_box.addWidget(label(_("Not linked to any of your other accounts."), style="muted"))
        for source, target_id, kind in rows:
            target = self.state.get(target_id)
            if target is None:
                continue
            row = QWidget()
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            text = link_sentence(self.state.label(source), kind, self.state.label(target))
            line.addWidget(label(text), 1)
            unlink = button(_("Unlink"), _("Unlink: {link}").format(link=text))
            unlink.clicked.connect(functools.partial(self._unlink, source.id, target.id, kind))
            line.addWidget(unlink)
            self.links_box.addWidget(row)
        self.add_link_button.setEnabled(len(self.state.all) > 1 and account.state != AccountState.DELETED)

    def _fill_deletion(self, account: Account, service: Service | None) -> None:
        deleting = account.state == AccountState.DELETING
        for step, box in self.steps.items():
            box.setVisible(deleting)
            box.setChecked(bool(account.deletion.get(step)))
        self.start_delete.setVisible(account.state == AccountState.ACTIVE)
        for widget in (self.download_help, self.delete_help, self.keep):
            widget.setVisible(deleting and (widget is self.keep or service is not None))
        self.mark_deleted.setVisible(deleting)
        self.mark_deleted.setEnabled(all(account.deletion.get(s) for s in DELETION_STEPS))
        if service is not None:
            leaving = LEAVING.get(service.deletion, LEAVING["medium"])
            how = _(leaving).format(service=service.name)
            if service.deletion_note:
                # Translators: how hard leaving a service is, then the service's own note about it
                how = _("{how} {note}").format(how=how, note=service.deletion_note)
        else:
            how = _("Look on the service's help pages for how to delete an account.")
        if account.state == AccountState.ACTIVE:
            self.deletion_intro.setText(
                _("Not using it any more? Deleting an old account means less to leak. {how}").format(how=how)
            )
        elif deleting:
            self.deletion_intro.setText(_("{how} Tick each step when it is done.").format(how=how))
        else:
            self.deletion_intro.setText(_("You deleted this account. Keep it in the list to remember, or remove it."))

    # --- changes ---------------------------------------------------------------------------------------------
    def _update(self, **fields: object) -> None:
        if self._filling or self.account_id is None or self.state.get(self.account_id) is None:
            return
        try:
            self.state.update(self.account_id, **fields)
        except PrivacyAppError as exc:
            QMessageBox.warning(self, _("privacyapp"), exc.one_line())

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
            visibility=Visibility(self.visibility.currentData()),
            two_factor=TwoFactor(self.two_factor.currentData()),
            login_alerts=self.alerts.currentData(),
            password=PasswordHealth(old.score, old.exposed, changed, old.checked),
        )

    def _add_link(self) -> None:
        account = self.state.get(self.account_id or "")
        if account is None:
            return
        dialog = LinkDialog(self.state, account, self)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        target, kind = dialog.target.currentData(), dialog.chosen_kind()
        dialog.deleteLater()  # not kept with the panel
        if accepted and target and self.state.get(account.id) is not None:  # (not locked meanwhile)
            try:
                self.state.link(account.id, str(target), kind)
            except PrivacyAppError as exc:
                QMessageBox.warning(self, _("privacyapp"), exc.one_line())

    def _unlink(self, source: str, target: str, kind: LinkKind) -> None:
        if self.state.get(source) is not None:
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
        self._update(state=AccountState.DELETING)

    def _keep(self) -> None:
        self._update(state=AccountState.ACTIVE)

    def _step_toggled(self, step: str, checked: bool) -> None:
        account = self.state.get(self.account_id or "")
        if account is not None and not self._filling:
            self._update(deletion={**account.deletion, step: checked})

    def _mark_deleted(self) -> None:
        self._update(state=AccountState.DELETED)

    def _remove(self) -> None:
        account = self.state.get(self.account_id or "")
        if account is None:
            return
        answer = QMessageBox.question(
            self,
            _("Remove from my list"),
            _("Remove {account} and its links from privacyapp's list? This does not delete the account itself.").format(
                account=self.state.label(account)
            ),
        )
        if answer == QMessageBox.StandardButton.Yes and self.state.get(account.id) is not None:
            self.state.remove(account.id)
            self.account_id = None
            self.removed.emit()


def _password_words(health: PasswordHealth) -> str:
    if health.checked is None:
        return _("Not checked yet (check it on the Passwords page, then save the result here).")
    strength = _(SCORE_WORDS[health.score]) if health.score is not None else _("strength unknown")
    checked = health.checked.isoformat()
    if health.exposed is True:
        return _("{strength}, found in known breaches (checked {date}).").format(strength=strength, date=checked)
    if health.exposed is False:
        return _("{strength}, not found in known breaches (checked {date}).").format(strength=strength, date=checked)
    return _("{strength}, breaches not checked (checked {date}).").format(strength=strength, date=checked)


def _reviewed_words(account: Account, today: date) -> str:
    due = account.due_for_review(today)
    if account.reviewed is None:
        return _("Never. It is due for another look.") if due else _("Never.")
    when = account.reviewed.isoformat()
    return (_("{date}. It is due for another look.") if due else _("{date}.")).format(date=when)
