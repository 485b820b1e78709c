"""The "Fix these first" list for the GUI: the ranked list of core/next_steps.py and the figures of where the
person stands, worked out in the background after each change (debounced), and "not now" through the session."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from privacyapp.ui.state.document import DocumentAccess
from privacyapp.ui.tasks import Ok, Outcome, Tasks

if TYPE_CHECKING:
    from privacyapp.core.next_steps import NextStep, Standing
    from privacyapp.core.services import ServiceCatalogue
    from privacyapp.ui.state.accounts import AccountsState
    from privacyapp.ui.state.checklist import ChecklistState

# Changes come in bursts (typing a handle, a review's answers): one calculation after the burst is enough.
DEBOUNCE_MS = 200


class NextStepsState(QObject):
    changed = Signal()  # the list or the figures changed (or were forgotten)

    def __init__(
        self,
        profile: DocumentAccess,
        checklist: ChecklistState,
        accounts: AccountsState,
        services: Callable[[], ServiceCatalogue],
        tasks: Tasks,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._profile, self._checklist, self._accounts = profile, checklist, accounts
        self._services, self._tasks = services, tasks
        self.steps: list[NextStep] = []
        self.standing: Standing | None = None
        self.ready = False  # False until the first list of this profile arrived
        self._generation = 0  # a result of an older document or of a closed profile is dropped
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.refresh)

    def document_changed(self) -> None:
        """After any change: work the list out again once the burst of changes is over."""
        self._generation += 1  # what is on its way now describes an older document
        if self._profile.document is not None:
            self._timer.start()

    def document_replaced(self) -> None:
        """Another profile (or a restored one): not ready until its own list arrives; worked out at once."""
        self.forget()
        if self._profile.document is not None:
            self.refresh()

    def refresh(self) -> None:
        """Work the list out in the background (tens of ms with a thousand accounts and their links)."""
        from privacyapp.core.next_steps import next_steps, standing

        document = self._profile.document
        if document is None:
            return
        self._timer.stop()
        self._generation += 1
        generation = self._generation
        catalog, services = self._checklist.catalog, self._services()
        plan, breaches, today = self._checklist.plan(), self._accounts.breaches, date.today()

        def work() -> tuple[list[NextStep], Standing]:
            found = next_steps(document, catalog, services, breaches, today, plan=plan)
            return found, standing(document, services, breaches, today)

        def done(outcome: Outcome[tuple[list[NextStep], Standing]]) -> None:
            if generation != self._generation or not isinstance(outcome, Ok):
                return  # stale (a newer calculation is coming), or failed (the list stays as it was)
            self.steps, self.standing = outcome.value
            self.ready = True
            self.changed.emit()

        self._tasks.run(self, work, done, name="next-steps")

    def not_now(self, step: NextStep) -> None:
        """Put `step` off for a while; kept in the profile (settings `next_hidden`), so the CLI agrees."""
        from privacyapp.core.next_steps import hide

        if self._profile.document is None:
            return
        key, today = step.key, date.today()
        self._profile.change(lambda d: d.with_settings(next_hidden=hide(d.settings.next_hidden, key, today)))
        # shown at once without it; the list worked out again after the change fills the gap
        self.steps = [s for s in self.steps if s.key != key]
        self.changed.emit()

    def forget(self) -> None:
        """Lock or switch: nothing of the last person's list is kept."""
        self._timer.stop()
        self._generation += 1
        self.steps, self.standing, self.ready = [], None, False
        self.changed.emit()
