"""Home: "Fix these first" (the ranked list of core/next_steps.py, each row one reason and one button that goes
where it is fixed, and "Not now"), and above it a figure per area of where the person stands."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QProgressBar, QVBoxLayout, QWidget

from privacyapp import __version__
from privacyapp.i18n import _, ngettext
from privacyapp.ui import theme
from privacyapp.ui.pages.common import Card, Page, button, label
from privacyapp.ui.state.accounts import AccountsState
from privacyapp.ui.state.checklist import ChecklistState
from privacyapp.ui.state.next_steps import NextStepsState

if TYPE_CHECKING:
    from privacyapp.core.next_steps import NextStep

ROW_STYLE = "#NextStep { border-top: 1px solid palette(mid); }"


def percent(done: int, total: int) -> int:
    return round(100 * done / total) if total else 0


class HomePage(Page):
    def __init__(
        self,
        checklist: ChecklistState,
        accounts_state: AccountsState,
        next_state: NextStepsState,
        go_to: Callable[[str], None],
        page: Callable[[str], QWidget],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            _("Welcome to privacyapp"),
            _("What to fix first, and where you stand. Everything you record stays on this computer."),
            parent,
        )
        self._checklist, self._accounts, self._next = checklist, accounts_state, next_state
        self._go_to, self._page = go_to, page
        self._rows: list[QWidget] = []
        self.row_buttons: list[tuple[NextStep, QWidget, QWidget]] = []  # (step, go button, "not now" button)

        self.content.addWidget(self._standing_card(go_to))
        fix = Card(_("Fix these first"))
        self.list_status = label("")
        self.list_status.setAccessibleName(_("Fix these first: status"))
        fix.body.addWidget(self.list_status)
        self.rows = QVBoxLayout()
        self.rows.setSpacing(0)
        fix.body.addLayout(self.rows)
        self.content.addWidget(fix)

        settings_row = QHBoxLayout()
        settings_row.addWidget(
            label(
                _(
                    "privacyapp sends nothing over the internet unless you ask it to. Your passphrase, keyring "
                    "and backups are in Settings."
                ),
                style="muted",
            ),
            1,
        )
        settings_button = button(_("Open Settings"), _("Open the Settings page"))
        settings_button.clicked.connect(functools.partial(go_to, "settings"))
        settings_row.addWidget(settings_button)
        self.content.addLayout(settings_row)
        self.version_label = label(_("privacyapp version {version}").format(version=__version__), style="muted")
        self.version_label.setAccessibleName(_("Version"))
        self.content.addWidget(self.version_label)
        self.finish()

        # bound methods: Qt drops them when the page is deleted
        checklist.itemStateChanged.connect(self._item_state_changed)
        checklist.planChanged.connect(self.show_progress)
        checklist.reset.connect(self.show_progress)
        accounts_state.changed.connect(self.show_accounts)
        accounts_state.breachesChanged.connect(self.show_accounts)
        next_state.changed.connect(self.show_next)
        self.show_progress()
        self.show_accounts()
        self.show_next()

    # --- where the person stands -------------------------------------------------------------------------------
    def _standing_card(self, go_to: Callable[[str], None]) -> Card:
        """One column per area, side by side: its name, a bar, its figure in words, and a button to its page."""
        card = Card(_("Where you stand"))
        columns = QHBoxLayout()
        columns.setSpacing(24)
        areas = (
            ("checklist", _("Checklist"), _("Open the Checklist page")),
            ("passwords", _("Passwords"), _("Open the Passwords page")),
            ("accounts", _("Accounts"), _("Open the Accounts page")),
        )
        self.bars: dict[str, QProgressBar] = {}
        self.words: dict[str, QLabel] = {}
        for key, name, button_name in areas:
            column = QVBoxLayout()
            column.setSpacing(6)
            heading = QHBoxLayout()
            heading.addWidget(label(name, style="card-title", wrap=False))
            heading.addStretch(1)
            # Translators: a small button beside "Checklist", "Passwords" or "Accounts" that opens that page
            action = button(_("Open"), button_name)
            action.clicked.connect(functools.partial(go_to, key))
            heading.addWidget(action)
            column.addLayout(heading)
            bar = QProgressBar()
            bar.setRange(0, 100)
            bar.setAccessibleName(_("{area}: progress").format(area=name))
            theme.style_progress(bar)
            column.addWidget(bar)
            words = label("")
            words.setAccessibleName(_("{area}: in words").format(area=name))
            column.addWidget(words)
            column.addStretch(1)
            columns.addLayout(column, 1)
            self.bars[key], self.words[key] = bar, words
        card.body.addLayout(columns)
        # the accounts' details, small, under the figures (what is private, 2-step login, links, breaches)
        self.accounts_text = label("", style="muted")
        self.accounts_text.setAccessibleName(_("Accounts summary"))
        card.body.addWidget(self.accounts_text)
        self.progress_bar, self.progress_text = self.bars["checklist"], self.words["checklist"]
        return card

    def _item_state_changed(self, _item_id: str) -> None:
        self.show_progress()

    def show_progress(self) -> None:
        """The checklist's figure: its score, worked out here (a few hundred items, well under a millisecond)."""
        from privacyapp.core.progress import score

        if not self._checklist.is_open:
            return
        overall = score(self._checklist.plan(), self._checklist.progress, date.today())
        self.progress_bar.setValue(overall.percent)
        # Translators: {done} of the {count} steps of the plan are done
        text = ngettext("{done} of {count} step done", "{done} of {count} steps done", overall.items)
        self.progress_text.setText(text.format(done=overall.items_done, count=overall.items))

    def show_standing(self) -> None:
        """Passwords and accounts: worked out with the list, in the background."""
        found = self._next.standing
        passwords, accounts = self.words["passwords"], self.words["accounts"]
        if found is None:
            for key in ("passwords", "accounts"):
                self.bars[key].setValue(0)
            passwords.setText(_("Working it out…") if self._checklist.is_open else "")
            accounts.setText(_("Working it out…") if self._checklist.is_open else "")
            return
        self.bars["passwords"].setValue(percent(found.passwords_good, found.passwords_checked))
        if found.passwords_checked:
            text = ngettext(
                "{good} of {count} checked password is strong, unleaked and not shared",
                "{good} of {count} checked passwords are strong, unleaked and not shared",
                found.passwords_checked,
            )
            passwords.setText(text.format(good=found.passwords_good, count=found.passwords_checked))
        else:
            passwords.setText(_("Not checked yet"))
            passwords.setToolTip(_("Check them on the Passwords page, then save the results to your accounts."))
        self.bars["accounts"].setValue(percent(found.accounts_good, found.accounts))
        if found.accounts:
            text = ngettext(
                "{good} of {count} account has nothing to fix",
                "{good} of {count} accounts have nothing to fix",
                found.accounts,
            )
            accounts.setText(text.format(good=found.accounts_good, count=found.accounts))
        else:
            accounts.setText(_("None listed yet"))

    def show_accounts(self) -> None:
        """Private x of y, 2-step login x of y, links, due for review, and accounts in known breaches."""
        state = self._accounts
        if not self._checklist.is_open:
            return
        summary = state.summary()
        if not summary.accounts:
            self.accounts_text.setText(
                _("List your accounts to see which are private, which have 2-step login, and how they are linked.")
            )
            return
        parts = [
            # Translators: {private} of the {count} accounts that can be private are
            _("Private: {private} of {count}").format(private=summary.private, count=summary.can_be_private),
            _("With 2-step login: {with_two_factor} of {count}").format(
                with_two_factor=summary.with_two_factor, count=summary.accounts
            ),
            _("Links between them: {count}").format(count=summary.links),
            _("Due for review: {count}").format(count=summary.due_for_review),
        ]
        if state.breaches is None:
            parts.append(_("Known breaches: not checked yet"))
        else:
            affected = len({flag.account.id for flag in state.flags()})
            # Translators: {count} accounts are in known breaches; {age} says when the list was downloaded
            parts.append(
                _("In known breaches: {count} (list {age})").format(count=affected, age=state.breaches.age_words())
            )
        # Translators: the separator between the parts of a one-line summary
        self.accounts_text.setText(_(" · ").join(parts))

    # --- fix these first -----------------------------------------------------------------------------------------
    def show_next(self) -> None:
        self.show_standing()
        for row in self._rows:
            self.rows.removeWidget(row)
            row.deleteLater()
        self._rows, self.row_buttons = [], []
        self._show_status(self._status_words())
        if not self._checklist.is_open or not self._next.ready:
            return
        for step in self._next.steps:
            row = self._row(step)
            self.rows.addWidget(row)
            self._rows.append(row)

    def _status_words(self) -> str:
        """What the list says when it has no rows: still working, or nothing to fix."""
        if not self._checklist.is_open:
            return ""
        if not self._next.ready:
            return _("Working out what to fix first…")
        return "" if self._next.steps else _("Nothing to fix first right now. Well done!")

    def _show_status(self, text: str) -> None:
        self.list_status.setText(text)
        self.list_status.setVisible(bool(text))

    def _row(self, step: NextStep) -> QWidget:
        from PySide6.QtCore import Qt

        row = QFrame()
        row.setObjectName("NextStep")
        row.setStyleSheet(ROW_STYLE)
        row.setAccessibleName(step.title)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 10, 0, 10)
        layout.setSpacing(12)
        words = QVBoxLayout()
        words.setSpacing(2)
        # Translators: {rank} is the row's number, {title} what to do
        title = label(_("{rank}. {title}").format(rank=step.rank, title=step.title), style="card-title")
        why = label(step.why)
        for text in (title, why):
            text.setTextFormat(Qt.TextFormat.PlainText)  # a handle from an imported file is text, never markup
            words.addWidget(text)
        layout.addLayout(words, 1)
        go = button(_go_words(step), _("{action}: {title}").format(action=_go_words(step), title=step.title))
        go.setDefault(step.rank == 1)
        go.clicked.connect(functools.partial(self.open_target, step))
        later = button(_("Not now"), _("Not now: {title}").format(title=step.title))
        later.setToolTip(_("Hide this for a week"))
        later.clicked.connect(functools.partial(self._next.not_now, step))
        for widget in (go, later):
            layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignVCenter)
        self.row_buttons.append((step, go, later))
        return row

    def open_target(self, step: NextStep) -> None:
        """Straight to where `step` is fixed: its checklist step, its account, or its page."""
        target = step.target
        if target.type == "page":
            self._go_to(target.id)
            return
        key = "checklist" if target.type == "item" else "accounts"
        self._go_to(key)
        select = getattr(self._page(key), "select", None)
        if callable(select):
            select(target.id)

    def forget(self) -> None:
        """Lock or switch: nothing of the last person stays on Home."""
        for bar in self.bars.values():
            bar.setValue(0)
        for text in (*self.words.values(), self.accounts_text):
            text.setText("")
        self._show_status("")
        for row in self._rows:
            self.rows.removeWidget(row)
            row.deleteLater()
        self._rows, self.row_buttons = [], []


def _go_words(step: NextStep) -> str:
    if step.target.type == "item":
        return _("Open the step")
    if step.target.type == "account":
        return _("Open the account")
    return _("Open the page")
