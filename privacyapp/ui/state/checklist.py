"""The checklist of the open profile: the shipped catalogue, who the plan is for, each item's progress and where
the walkthrough is. Reads the typed document; changes go to the session, which saves them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from privacyapp.ui.state.document import DocumentAccess
from privacyapp.ui.tasks import Outcome, Tasks

if TYPE_CHECKING:  # loaded with the first unlock, not before the first paint
    from privacyapp.core.checklist.model import Catalog, Item
    from privacyapp.core.progress import Entry, Progress
    from privacyapp.core.settings import Who

EMPTY: Progress = MappingProxyType({})


class ChecklistState(QObject):
    itemStateChanged = Signal(str)  # an item's progress changed
    planChanged = Signal()  # who the plan is for, or which platforms, changed
    reset = Signal()  # a different document: another profile opened, locked (nothing), a restore or a reload

    def __init__(
        self, profile: DocumentAccess, catalog: Callable[[], Catalog], tasks: Tasks, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._profile = profile
        self._tasks = tasks
        self._catalog = catalog  # cached by app.py; loaded in the unlock worker, so never on the GUI thread here
        self._registered: frozenset[str] = frozenset()  # the register's services when the plan was last told

    @property
    def catalog(self) -> Catalog:
        return self._catalog()

    @property
    def is_open(self) -> bool:
        return self._profile.document is not None

    @property
    def progress(self) -> Progress:
        document = self._profile.document
        return document.progress if document is not None else EMPTY

    def entry(self, item_id: str) -> Entry | None:
        return self.progress.get(item_id)

    @property
    def who(self) -> Who | None:
        document = self._profile.document
        return document.settings.plan_who if document is not None else None

    @property
    def platforms(self) -> tuple[str, ...] | None:
        """The platforms the person uses, or None for every platform (not answered yet)."""
        document = self._profile.document
        return document.settings.plan_platforms if document is not None else None

    @property
    def registered(self) -> frozenset[str]:
        """The services in the accounts register: their steps are in the plan even when not ticked."""
        document = self._profile.document
        return frozenset(a.service for a in document.accounts) if document is not None else frozenset()

    def plan(self) -> list[Item]:
        """The items for this person, from their answers and accounts (everything until they answer)."""
        from privacyapp.core.checklist.plan import plan

        return plan(self.catalog, self.who, self.platforms, self.registered)

    def start_items(self, count: int = 5) -> list[Item]:
        """The plan's "Start with these": picked for who the plan is for, open ones only."""
        from privacyapp.core.checklist.plan import start_items

        return start_items(self.plan(), self.who, self.progress, date.today(), count)

    def set_plan(self, who: Who | str, platforms: Iterable[str]) -> None:
        from privacyapp.core.settings import Who

        chosen = tuple(sorted(platforms))
        self._profile.change(lambda d: d.with_settings(plan_who=Who(who), plan_platforms=chosen))
        self.planChanged.emit()

    def document_changed(self) -> None:
        """After any change: an account of a new service (or the last of one gone) changes the plan."""
        registered = self.registered
        if registered != self._registered:
            self._registered = registered
            self.planChanged.emit()

    def set_item_status(self, item_id: str, status: str, *, note: str | None = None, until: date | None = None) -> None:
        from privacyapp.core.progress import set_status

        now = datetime.now(UTC)
        self._profile.change(
            lambda d: d.with_changes(progress=set_status(d.progress, item_id, status, now=now, until=until, note=note))
        )
        self.itemStateChanged.emit(item_id)

    @property
    def current_item(self) -> str | None:
        document = self._profile.document
        return document.settings.checklist_current if document is not None else None

    def set_current_item(self, item_id: str) -> None:
        """Where the walkthrough is, so that it resumes there next time."""
        if self.is_open and self.current_item != item_id:
            self._profile.change(lambda d: d.with_settings(checklist_current=item_id))

    def export_plan(self, path: Path, context: QObject, done: Callable[[Outcome[Path]], None]) -> None:
        """The plan as a handout, HTML or PDF by the file's suffix, written in the background (laying out and
        printing a PDF takes a quarter of a second or more). `done` gets the path written."""
        from privacyapp.core.checklist.export import plan_html
        from privacyapp.core.checklist.plan import platforms_of

        catalog, items, progress = self.catalog, self.plan(), self.progress
        platforms = platforms_of(self.platforms, self.registered)  # the step variants of the plan's platforms
        target = path if path.suffix.lower() in (".html", ".pdf") else path.with_suffix(".pdf")

        def work() -> Path:
            html = plan_html(catalog, items, progress, date.today(), platforms=set(platforms) if platforms else None)
            if target.suffix.lower() == ".html":
                target.write_text(html, encoding="utf-8")
            else:
                from privacyapp.ui.export_pdf import write_pdf

                write_pdf(html, target)  # QTextDocument and QPdfWriter may paint in a QThread
            return target

        self._tasks.run(context, work, done, name="plan-export", qt_objects=True)

    def document_replaced(self) -> None:
        self._registered = self.registered
        self.reset.emit()
