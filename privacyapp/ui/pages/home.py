"""Home: what privacyapp is, where the data is kept, whether the keyring works, and the version."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

from privacyapp import __version__
from privacyapp.i18n import _
from privacyapp.ui import theme
from privacyapp.ui.pages.common import Card, Page, button, label
from privacyapp.ui.state.accounts import AccountsState
from privacyapp.ui.state.checklist import ChecklistState
from privacyapp.ui.state.keys import KeysState

if TYPE_CHECKING:
    from privacyapp.core.keyring_check import KeyringStatus

OK_COLOUR = QColor("#16a34a")
INFO_COLOUR = QColor("#2563eb")


def keyring_text(status: KeyringStatus | None) -> str:
    if status is None:
        return "Checking whether this computer has a keyring…"
    if status.works:
        return (
            f"Your computer's keyring works ({status.backend}). privacyapp can keep the key to your profile "
            "there, so you will not have to type a passphrase every time."
        )
    return (
        f"{status.detail} That is fine: privacyapp will ask you for a passphrase instead, "
        "and your profile stays just as safe."
    )


class HomePage(Page):
    def __init__(
        self,
        checklist: ChecklistState,
        accounts_state: AccountsState,
        keys_state: KeysState,
        data_folder: Path,
        go_to: Callable[[str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            "Welcome to privacyapp",
            "Your own helper for safer accounts. It walks you through what to do, one step at a time, and "
            "everything you record stays on this computer.",
            parent,
        )
        self._checklist, self._accounts, self._data_folder = checklist, accounts_state, data_folder
        self._go_to = go_to

        progress = Card("Your progress")
        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 100)
        self.progress_bar.setAccessibleName("Checklist progress")
        self.progress_text = label("")
        self.progress_text.setAccessibleName("Checklist progress in words")
        progress.body.addWidget(self.progress_bar)
        progress.body.addWidget(self.progress_text)
        self.continue_button = button("Continue where you left off", "Continue the checklist where you left off")
        self.continue_button.clicked.connect(lambda: go_to("checklist"))
        self.due_text = label("")
        self.due_text.setAccessibleName("Items due again")
        progress.body.addWidget(self.due_text)
        continue_row = QHBoxLayout()
        continue_row.addWidget(self.continue_button)
        continue_row.addStretch(1)
        progress.body.addLayout(continue_row)
        self.content.addWidget(progress)

        accounts = Card("Your accounts")
        self.accounts_text = label("")
        self.accounts_text.setAccessibleName("Accounts summary")
        accounts.body.addWidget(self.accounts_text)
        accounts_row = QHBoxLayout()
        self.accounts_button = button("Open Accounts", "Open the Accounts page")
        self.accounts_button.clicked.connect(functools.partial(go_to, "accounts"))
        accounts_row.addWidget(self.accounts_button)
        accounts_row.addStretch(1)
        accounts.body.addLayout(accounts_row)
        self.content.addWidget(accounts)

        plan = Card("What you can do here")
        for key, text, button_text in (
            ("checklist", "Follow a checklist that protects your accounts, one clear step at a time.", "Checklist"),
            ("passwords", "See how strong a password is, and whether it has leaked.", "Passwords"),
            ("accounts", "Keep track of your accounts: which are private, which have 2-step login.", "Accounts"),
        ):
            plan.body.addLayout(self._action_row(text, button_text, functools.partial(go_to, key)))
        self.content.addWidget(plan)

        where = Card("Where your data is kept")
        where.body.addWidget(label("privacyapp keeps your data only on this computer, in this folder:"))
        path_row = QHBoxLayout()
        self.data_path = label(str(data_folder))
        self.data_path.setAccessibleName("Data folder")
        path_row.addWidget(self.data_path, 1)
        open_button = button("Open folder", "Open the data folder", icon=theme.icon("folder", size=16))
        open_button.clicked.connect(self._open_data_folder)
        path_row.addWidget(open_button)
        where.body.addLayout(path_row)
        self.content.addWidget(where)

        keys = Card("Keyring")
        keyring_row = QHBoxLayout()
        self.keyring_icon = QLabel()
        self.keyring_icon.setFixedSize(24, 24)
        keyring_row.addWidget(self.keyring_icon)
        self.keyring_label = label(keyring_text(None))
        self.keyring_label.setAccessibleName("Keyring status")
        keyring_row.addWidget(self.keyring_label, 1)
        keys.body.addLayout(keyring_row)
        self.content.addWidget(keys)

        network = Card("The internet")
        network.body.addWidget(
            label(
                "privacyapp sends nothing over the internet unless you ask it to. When you check a password "
                "for leaks, only the first 5 characters of a scrambled code of it are sent, never the password."
            )
        )
        self.content.addWidget(network)

        self.version_label = label(f"privacyapp version {__version__}", style="muted")
        self.version_label.setAccessibleName("Version")
        self.content.addWidget(self.version_label)
        self.finish()

        keys_state.keyringStatusChanged.connect(self.show_keyring_status)
        self.show_keyring_status(keys_state.keyring_status)
        # bound methods: Qt drops them when the page is deleted
        checklist.itemStateChanged.connect(self._item_state_changed)
        checklist.planChanged.connect(self.show_progress)
        checklist.reset.connect(self.show_progress)
        accounts_state.changed.connect(self.show_accounts)
        accounts_state.breachesChanged.connect(self.show_accounts)
        self.show_progress()
        self.show_accounts()

    def _item_state_changed(self, _item_id: str) -> None:
        self.show_progress()

    def forget(self) -> None:
        """Lock or switch: nothing of the last person stays on Home."""
        self.progress_bar.setValue(0)
        for text in (self.progress_text, self.due_text, self.accounts_text):
            text.setText("")
        self.continue_button.setText(_("Start the checklist"))

    def show_progress(self) -> None:
        """Overall progress, where the user left off, and what is due for another look."""
        from datetime import date

        from privacyapp.core.progress import State, effective, score

        checklist = self._checklist
        if not checklist.is_open:
            return
        items = checklist.plan()
        progress = checklist.progress
        today = date.today()
        overall = score(items, progress, today)
        self.progress_bar.setValue(overall.percent)
        self.progress_text.setText(
            f"{overall.items_done} of {overall.items} steps of your plan are done ({overall.percent}%)."
            if overall.items_done
            else f"Your plan has {overall.items} steps. Start with the most important ones first."
        )
        current = checklist.catalog.by_id.get(checklist.current_item or "")
        self.continue_button.setText(f"Continue: {current.title}" if current is not None else "Start the checklist")
        due = [i for i in items if effective(i, progress.get(i.id), today) == State.DUE]
        self.due_text.setVisible(bool(due))
        names = ", ".join(i.title for i in due[:3]) + (f" and {len(due) - 3} more" if len(due) > 3 else "")
        self.due_text.setText(f"Due for another look: {names}." if due else "")

    def show_accounts(self) -> None:
        """Private x of y, 2-step login x of y, links, due for review, and accounts in known breaches."""
        state = self._accounts
        if not self._checklist.is_open:
            return
        summary = state.summary()
        if not summary.accounts:
            self.accounts_text.setText(
                "You have not listed any accounts yet. List them to see which are private, which have 2-step "
                "login, and how they are linked."
            )
            return
        lines = [
            f"Accounts you use: {summary.accounts}",
            f"Private: {summary.private} of {summary.can_be_private}",
            f"With 2-step login: {summary.with_two_factor} of {summary.accounts}",
            f"Links between them: {summary.links}",
            f"Due for review: {summary.due_for_review}",
        ]
        if state.breaches is None:
            lines.append("Known breaches: not checked yet")
        else:
            affected = len({flag.account.id for flag in state.flags()})
            lines.append(f"In known breaches: {affected} (list {state.breaches.age_words()})")
        self.accounts_text.setText("\n".join(f"• {line}" for line in lines))

    def _action_row(self, text: str, button_text: str, on_click: Callable[[], None]) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(label(text), 1)
        action = button(f"Open {button_text}", f"Open the {button_text} page")
        action.clicked.connect(on_click)
        row.addWidget(action)
        return row

    def show_keyring_status(self, status: KeyringStatus | None) -> None:
        self.keyring_label.setText(keyring_text(status))
        if status is None:
            self.keyring_icon.clear()
            return
        name, colour = ("ok", OK_COLOUR) if status.works else ("info", INFO_COLOUR)
        self.keyring_icon.setPixmap(theme.icon(name, colour, size=24).pixmap(24, 24))
        self.keyring_icon.setAccessibleName("Keyring works" if status.works else "No keyring")

    def _open_data_folder(self) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._data_folder)))
