"""The Checklist page: the plan questions, what to do next, a tree of sections with search and filters, and
the step view that walks through the plan one item at a time, resuming where the user stopped."""

from __future__ import annotations

from datetime import date, timedelta
from html import escape
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QToolButton,
    QTreeView,
    QWidget,
)

from privacyapp.core.checklist.model import AUDIENCE_NAMES, AUDIENCES, PLATFORM_NAMES, PLATFORMS, PRIORITIES
from privacyapp.core.progress import STATUS_WORDS, Entry, State, next_items, score
from privacyapp.i18n import N_, _, ngettext
from privacyapp.ui import theme
from privacyapp.ui.checklist.model import ID_ROLE, ChecklistFilter, ChecklistModel
from privacyapp.ui.checklist.plan_panel import PlanPanel
from privacyapp.ui.checklist.step_view import StepView
from privacyapp.ui.pages.common import button, combo, full_page, label, side_by_side
from privacyapp.ui.state.checklist import ChecklistState
from privacyapp.ui.tasks import Failed, Outcome

PRIORITY_NAMES = {  # shown with _()
    "essential": N_("Essential"),
    "recommended": N_("Recommended"),
    "advanced": N_("Advanced"),
}


class ChecklistPage(QWidget):
    def __init__(self, checklist: ChecklistState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.checklist = checklist
        self._exports = 0  # exports still being written
        self.plan_button = button(_("Change my plan…"), _("Change my plan"))
        self.plan_button.clicked.connect(self._toggle_plan)
        self.export_button = button(_("Export…"), _("Export the plan as PDF or HTML"))
        self.export_button.clicked.connect(self._export)
        layout = full_page(self, _("Checklist"), _("Your checklist"), (self.plan_button, self.export_button))

        progress_row = QHBoxLayout()
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setAccessibleName(_("Overall progress"))
        theme.style_progress(self.progress)
        self.progress_text = label("", wrap=False)
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.progress_text)
        layout.addLayout(progress_row)

        self.plan_panel = PlanPanel()
        self.plan_panel.planChosen.connect(self._plan_chosen)
        layout.addWidget(self.plan_panel)

        # the five most important open items, as links: the user is never faced with a wall of 60
        self.next_label = QLabel("")
        self.next_label.setWordWrap(True)
        self.next_label.setAccessibleName(_("Most important next"))
        self.next_label.setTextFormat(Qt.TextFormat.RichText)
        self.next_label.linkActivated.connect(self.select)
        theme.style_text(self.next_label, "body")
        layout.addWidget(self.next_label)

        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search the checklist"))
        self.search.setAccessibleName(_("Search the checklist"))
        self.search.setClearButtonEnabled(True)
        for clear in self.search.findChildren(QToolButton):
            clear.setAccessibleName(_("Clear the search"))
        self.priority = combo(
            _("Priority"), [("", _("Any priority"))] + [(p, _(PRIORITY_NAMES.get(p, p))) for p in PRIORITIES]
        )
        self.status = combo(_("Status"), [("", _("Any status"))] + [(s, _(words)) for s, words in STATUS_WORDS.items()])
        self.platform = combo(
            _("Platform"), [("", _("Any app or device"))] + [(p, _(PLATFORM_NAMES[p])) for p in PLATFORMS]
        )
        self.audience = combo(
            _("Audience"), [("", _("Anyone"))] + [(a, _(AUDIENCE_NAMES.get(a, a))) for a in AUDIENCES]
        )
        filters.addWidget(self.search, 2)
        for choice in (self.priority, self.status, self.platform, self.audience):
            filters.addWidget(choice, 1)
            choice.currentIndexChanged.connect(self._filter)
        self.search.textChanged.connect(self._filter)
        layout.addLayout(filters)

        self.model = ChecklistModel(checklist, self)
        self.proxy = ChecklistFilter(self)
        self.proxy.setSourceModel(self.model)
        self.tree = QTreeView()
        self.tree.setModel(self.proxy)
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName(_("Checklist sections and items"))
        self.tree.setUniformRowHeights(True)
        # when the search and filters leave nothing: say so, and offer the way back to every step
        self.nothing_found = QLabel("")
        self.nothing_found.setWordWrap(True)
        self.nothing_found.setTextFormat(Qt.TextFormat.RichText)
        self.nothing_found.setAccessibleName(_("Search result"))
        self.nothing_found.linkActivated.connect(self._clear_filters)
        theme.style_text(self.nothing_found, "body")
        self.nothing_found.hide()
        layout.addWidget(self.nothing_found)
        self.step = StepView()
        layout.addWidget(side_by_side(self.tree, self.step, (2, 3), (330, 520)), 1)
        self._last_change: tuple[str, Entry | None] | None = None  # the step last changed and its entry before

        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        self.step.statusChosen.connect(self._status_chosen)
        self.step.laterChosen.connect(self._later_chosen)
        self.step.backRequested.connect(lambda: self._move(-1))
        self.step.nextRequested.connect(lambda: self._move(1))
        self.step.undoRequested.connect(self.undo)
        self.model.modelReset.connect(self._after_reset)
        checklist.itemStateChanged.connect(self._item_state_changed)
        self._after_reset()

    # --- state -------------------------------------------------------------------------------------------------
    def _after_reset(self) -> None:
        self.tree.expandAll()
        self._forget_change()  # another profile, a new plan or a reload: the last change is not undone across it
        who, platforms = self.checklist.who, self.checklist.platforms
        self.plan_panel.set_answers(who, list(platforms) if platforms is not None else None)
        self.plan_panel.setVisible(who is None and self.checklist.is_open)
        start = self.checklist.current_item
        if start not in self.model.item_ids():
            first = next_items(self.checklist.plan(), self.checklist.progress, date.today(), 1)
            ids = self.model.item_ids()
            start = first[0].id if first else (ids[0] if ids else None)
        if start:
            self.select(start)
        self._refresh()

    def _item_state_changed(self, _item_id: str) -> None:
        self._refresh()

    def _refresh(self) -> None:
        items = self.checklist.plan()
        overall = score(items, self.checklist.progress, date.today())
        self.progress.setValue(overall.percent)
        # Translators: {done} of {count} steps of the plan are done; {percent} is a whole number
        progress = ngettext(
            "{done} of {count} done ({percent}%)", "{done} of {count} done ({percent}%)", overall.items
        ).format(done=overall.items_done, count=overall.items, percent=overall.percent)
        self.progress_text.setText(progress)
        upcoming = self.checklist.start_items()  # picked for who the plan is for (core/checklist/plan.py)
        if upcoming:
            links = " · ".join(f"<a href='{i.id}'>{escape(i.title)}</a>" for i in upcoming)
            # Translators: {links} are the titles of the next steps, as links
            self.next_label.setText(_("<b>Start with these:</b> {links}").format(links=links))
        else:
            self.next_label.setText(_("<b>Nothing left to do in your plan.</b> Well done!"))
        if self.step.item is not None:
            self._show(self.step.item.id)

    def select(self, item_id: str) -> None:
        source = self.model.index_of(item_id)
        index = self.proxy.mapFromSource(source)
        if not index.isValid():  # filtered out: show everything again
            self._clear_filters()
            index = self.proxy.mapFromSource(source)
        self.tree.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.tree.scrollTo(index)

    def forget(self) -> None:
        """Lock or switch: the search words, the filters, the step shown and its note all go."""
        self._clear_filters()
        self.search.setText("")  # also drops the undo history of the words searched for
        self.step.clear()
        self._forget_change()
        self.plan_panel.set_answers(None, None)

    def current_id(self) -> str | None:
        return self.step.item.id if self.step.item else None

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        item_id = current.data(ID_ROLE)
        if isinstance(item_id, str) and item_id in self.checklist.catalog.by_id:
            self._show(item_id)
            self.checklist.set_current_item(item_id)

    def _show(self, item_id: str) -> None:
        catalog = self.checklist.catalog
        item = catalog.by_id[item_id]
        section = catalog.section(item)
        checklist = next(c for c in catalog.checklists if c.id == item.checklist_id)
        found = self.checklist.entry(item_id)
        order = self.model.item_ids()
        if item_id in order:
            # Translators: where the step is: its number, then the checklist and the section it is in
            where = ngettext(
                "Step {number} of {count} · {checklist} › {section}",
                "Step {number} of {count} · {checklist} › {section}",
                len(order),
            ).format(
                number=order.index(item_id) + 1, count=len(order), checklist=checklist.title, section=section.title
            )
        else:
            # Translators: where the step is: the checklist, then the section it is in
            where = _("{checklist} › {section}").format(checklist=checklist.title, section=section.title)
        platforms = self.checklist.platforms
        self.step.show_item(
            item,
            where,
            self.model.status(item),
            found.note if found else "",
            set(platforms) if platforms else None,
            until=found.until if found else None,
        )
        self.step.back.setEnabled(bool(order) and order[0] != item_id)
        self.step.next.setEnabled(bool(order) and order[-1] != item_id)

    # --- actions -----------------------------------------------------------------------------------------------
    def _status_chosen(self, status: str, note: str) -> None:
        item_id = self.current_id()
        if item_id is None:
            return
        self._remember_change(item_id, status)
        self.checklist.set_item_status(item_id, status, note=note)
        if status != "todo":  # back on the list: stay on it, it is the step to do now
            self._move(1)

    def _later_chosen(self, days: int, note: str) -> None:
        item_id = self.current_id()
        if item_id is None:
            return
        self._remember_change(item_id, "later")
        self.checklist.set_item_status(item_id, "later", note=note, until=date.today() + timedelta(days=days))
        self._move(1)

    def _remember_change(self, item_id: str, status: str) -> None:
        self._last_change = (item_id, self.checklist.entry(item_id))
        title = self.checklist.catalog.by_id[item_id].title
        # Translators: after a change of a step's status, beside Undo; {title} is the step, {status} e.g. "Done"
        words = _("“{title}” marked {status}.").format(title=title, status=_(STATUS_WORDS[State(status)]))
        self.step.show_undo(words)

    def _forget_change(self) -> None:
        self._last_change = None
        self.step.show_undo("")

    def undo(self) -> None:
        """Put the step last changed back as it was (status, date to come back, note) and show it."""
        if self._last_change is None:
            return
        item_id, before = self._last_change
        self._forget_change()
        if before is None:
            self.checklist.set_item_status(item_id, "todo", note="")
        else:
            self.checklist.set_item_status(item_id, before.status, note=before.note, until=before.until)
        self.select(item_id)

    def _move(self, step: int) -> None:
        order = self.model.item_ids()
        current = self.current_id()
        if current not in order:
            return
        target = order.index(current) + step
        if 0 <= target < len(order):
            self.select(order[target])

    def _toggle_plan(self) -> None:
        self.plan_panel.setVisible(not self.plan_panel.isVisible())

    def _plan_chosen(self, who: str, platforms: list[str]) -> None:
        self.checklist.set_plan(who, platforms)
        self.plan_panel.hide()

    def _filter(self) -> None:
        self.proxy.set_filters(
            text=self.search.text(),
            priority=self.priority.currentData() or "",
            status=self.status.currentData() or "",
            platform=self.platform.currentData() or "",
            audience=self.audience.currentData() or "",
        )
        self.tree.expandAll()
        self._show_nothing_found()

    def _show_nothing_found(self) -> None:
        empty = self.proxy.rowCount() == 0 and self.model.rowCount() > 0
        if empty:
            words = self.search.text().strip()
            # Translators: {words} is what the person searched for; the link shows every step again
            found = (
                _("Nothing found for “{words}”.").format(words=escape(words))
                if words
                else _("No step matches these filters.")
            )
            link = _("Show every step")
            self.nothing_found.setText(f"{found} <a href='clear'>{escape(link)}</a>")
        else:
            self.nothing_found.setText("")  # the words searched for are not left behind (Lock clears the search)
        self.nothing_found.setVisible(empty)

    def _clear_filters(self) -> None:
        for choice in (self.priority, self.status, self.platform, self.audience):
            choice.setCurrentIndex(0)
        self.search.clear()
        self._filter()

    def _export(self) -> None:
        path, _chosen = QFileDialog.getSaveFileName(
            self,
            _("Export the plan"),
            # Translators: the file name offered for the exported plan; keep ".pdf" at its end
            str(Path.home() / _("privacy-plan.pdf")),
            # Translators: file types in the save dialog; keep the patterns in brackets as they are
            ";;".join((_("PDF (*.pdf)"), _("Web page (*.html)"))),
        )
        if not path:
            return
        self.export_to(Path(path))

    @property
    def exporting(self) -> bool:
        return self._exports > 0

    def export_to(self, path: Path) -> None:
        """Write the plan (in the background); a problem is shown when it comes back."""
        self._exports += 1

        def done(outcome: Outcome[Path]) -> None:
            self._exports -= 1
            if isinstance(outcome, Failed):
                error = outcome.error
                reason = error.strerror or str(error) if isinstance(error, OSError) else type(error).__name__
                QMessageBox.warning(
                    self, _("Export"), _("The plan could not be written: {reason}.").format(reason=reason)
                )

        self.checklist.export_plan(path, self, done)
