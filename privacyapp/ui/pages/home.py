"""Home: what privacyapp is, where the data is kept, whether the keyring works, and the version."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

from privacyapp import __version__
from privacyapp.i18n import _, ngettext
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
        return _("Checking whether this computer has a keyring…")
    if status.works:
        # Translators: {backend} is the name of the keyring's software, such as "SecretService Keyring"
        return _(
            "Your computer's keyring works ({backend}). privacyapp can keep the key to your profile "
            "there, so you will not have to type a passphrase every time."
        ).format(backend=status.backend)
    # Translators: {problem} is the sentence that says why the keyring cannot be used
    return _(
        "{problem} That is fine: privacyapp will ask you for a passphrase instead, and your profile stays just as safe."
    ).format(problem=status.detail)


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
            _("Welcome to privacyapp"),
            _(
                "Your own helper for safer accounts. It walks you through what to do, one step at a time, and "
                "everything you record stays on this computer."
            ),
            parent,
        )
        self._checklist, self._accounts, self._data_folder = checklist, accounts_state, data_folder
        self._go_to = go_to

        progress = Card(_("Your progress"))
        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 100)
        self.progress_bar.setAccessibleName(_("Checklist progress"))
        self.progress_text = label("")
        self.progress_text.setAccessibleName(_("Checklist progress in words"))
        progress.body.addWidget(self.progress_bar)
        progress.body.addWidget(self.progress_text)
        self.continue_button = button(_("Continue where you left off"), _("Continue the checklist where you left off"))
        self.continue_button.clicked.connect(lambda: go_to("checklist"))
        self.due_text = label("")
        self.due_text.setAccessibleName(_("Items due again"))
        progress.body.addWidget(self.due_text)
        continue_row = QHBoxLayout()
        continue_row.addWidget(self.continue_button)
        continue_row.addStretch(1)
        progress.body.addLayout(continue_row)
        self.content.addWidget(progress)

        accounts = Card(_("Your accounts"))
        self.accounts_text = label("")
        self.accounts_text.setAccessibleName(_("Accounts summary"))
        accounts.body.addWidget(self.accounts_text)
        accounts_row = QHBoxLayout()
        self.accounts_button = button(_("Open Accounts"), _("Open the Accounts page"))
        self.accounts_button.clicked.connect(functools.partial(go_to, "accounts"))
        accounts_row.addWidget(self.accounts_button)
        accounts_row.addStretch(1)
        accounts.body.addLayout(accounts_row)
        self.content.addWidget(accounts)

        plan = Card(_("What you can do here"))
        for key, text, button_text, button_name in (
            (
                "checklist",
                _("Follow a checklist that protects your accounts, one clear step at a time."),
                _("Open Checklist"),
                _("Open the Checklist page"),
            ),
            (
                "passwords",
                _("See how strong a password is, and whether it has leaked."),
                _("Open Passwords"),
                _("Open the Passwords page"),
            ),
            (
                "accounts",
                _("Keep track of your accounts: which are private, which have 2-step login."),
                _("Open Accounts"),
                _("Open the Accounts page"),
            ),
        ):
            plan.body.addLayout(self._action_row(text, button_text, button_name, functools.partial(go_to, key)))
        self.content.addWidget(plan)

        where = Card(_("Where your data is kept"))
        where.body.addWidget(label(_("privacyapp keeps your data only on this computer, in this folder:")))
        path_row = QHBoxLayout()
        self.data_path = label(str(data_folder))
        self.data_path.setAccessibleName(_("Data folder"))
        path_row.addWidget(self.data_path, 1)
        open_button = button(_("Open folder"), _("Open the data folder"), icon=theme.icon("folder", size=16))
        open_button.clicked.connect(self._open_data_folder)
        path_row.addWidget(open_button)
        where.body.addLayout(path_row)
        self.content.addWidget(where)

        keys = Card(_("Keyring"))
        keyring_row = QHBoxLayout()
        self.keyring_icon = QLabel()
        self.keyring_icon.setFixedSize(24, 24)
        keyring_row.addWidget(self.keyring_icon)
        self.keyring_label = label(keyring_text(None))
        self.keyring_label.setAccessibleName(_("Keyring status"))
        keyring_row.addWidget(self.keyring_label, 1)
        keys.body.addLayout(keyring_row)
        self.content.addWidget(keys)

        network = Card(_("The internet"))
        network.body.addWidget(
            label(
                _(
                    "privacyapp sends nothing over the internet unless you ask it to. When you check a password "
                    "for leaks, only the first 5 characters of a scrambled code of it are sent, never the password."
                )
            )
        )
        self.content.addWidget(network)

        self.version_label = label(_("privacyapp version {version}").format(version=__version__), style="muted")
        self.version_label.setAccessibleName(_("Version"))
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
        if overall.items_done:
            # Translators: {percent} is a whole number
            done = ngettext(
                "{done} of {count} step of your plan is done ({percent}%).",
                "{done} of {count} steps of your plan are done ({percent}%).",
                overall.items,
            )
        else:
            done = ngettext(
                "Your plan has {count} step. Start with the most important ones first.",
                "Your plan has {count} steps. Start with the most important ones first.",
                overall.items,
            )
        self.progress_text.setText(done.format(done=overall.items_done, count=overall.items, percent=overall.percent))
        current = checklist.catalog.by_id.get(checklist.current_item or "")
        if current is not None:
            # Translators: {step} is the title of the step the person was at
            self.continue_button.setText(_("Continue: {step}").format(step=current.title))
        else:
            self.continue_button.setText(_("Start the checklist"))
        due = [i for i in items if effective(i, progress.get(i.id), today) == State.DUE]
        self.due_text.setVisible(bool(due))
        names = ", ".join(i.title for i in due[:3])
        if len(due) > 3:
            # Translators: {names} are the titles of three steps; {count} more steps are due as well
            more = ngettext(
                "Due for another look: {names} and {count} more.",
                "Due for another look: {names} and {count} more.",
                len(due) - 3,
            )
            self.due_text.setText(more.format(names=names, count=len(due) - 3))
        elif due:
            # Translators: {names} are the titles of the steps due
            self.due_text.setText(_("Due for another look: {names}.").format(names=names))
        else:
            self.due_text.setText("")

    def show_accounts(self) -> None:
        """Private x of y, 2-step login x of y, links, due for review, and accounts in known breaches."""
        state = self._accounts
        if not self._checklist.is_open:
            return
        summary = state.summary()
        if not summary.accounts:
            self.accounts_text.setText(
                _(
                    "You have not listed any accounts yet. List them to see which are private, which have 2-step "
                    "login, and how they are linked."
                )
            )
            return
        lines = [
            _("Accounts you use: {count}").format(count=summary.accounts),
            # Translators: {private} of the {count} accounts that can be private are
            _("Private: {private} of {count}").format(private=summary.private, count=summary.can_be_private),
            _("With 2-step login: {with_two_factor} of {count}").format(
                with_two_factor=summary.with_two_factor, count=summary.accounts
            ),
            _("Links between them: {count}").format(count=summary.links),
            _("Due for review: {count}").format(count=summary.due_for_review),
        ]
        if state.breaches is None:
            lines.append(_("Known breaches: not checked yet"))
        else:
            affected = len({flag.account.id for flag in state.flags()})
            # Translators: {count} accounts are in known breaches; {age} says when the list was downloaded
            in_breaches = _("In known breaches: {count} (list {age})")
            lines.append(in_breaches.format(count=affected, age=state.breaches.age_words()))
        # Translators: one line of a bulleted list
        self.accounts_text.setText("\n".join(_("• {line}").format(line=line) for line in lines))

    def _action_row(self, text: str, button_text: str, button_name: str, on_click: Callable[[], None]) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(label(text), 1)
        action = button(button_text, button_name)
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
        self.keyring_icon.setAccessibleName(_("Keyring works") if status.works else _("No keyring"))

    def _open_data_folder(self) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._data_folder)))
