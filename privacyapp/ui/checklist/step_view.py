"""One step of the walkthrough: what to do, why it matters, how (for the user's platforms), help links, and
the buttons Done / Later / Skip / Doesn't apply, Back and Next."""

from __future__ import annotations

import functools
from datetime import date
from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLineEdit, QMenu, QScrollArea, QVBoxLayout, QWidget

from privacyapp.core.checklist.model import PLATFORM_NAMES, Item
from privacyapp.core.progress import STATUS_WORDS, State
from privacyapp.ui import theme
from privacyapp.ui.pages.common import button, label

ACTIONS = (
    ("done", "Done", "I did this"),
    ("later", "Later", "Remind me in a week"),
    ("skipped", "Skip", "Not now, and do not remind me"),
    ("not-applicable", "Doesn't apply", "This is not for me"),
)


LATER_CHOICES = (("Tomorrow", 1), ("In a week", 7), ("In a month", 30))


class StepView(QScrollArea):
    statusChosen = Signal(str, str)  # status, note
    laterChosen = Signal(int, str)  # days from today, note
    backRequested = Signal()
    nextRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAccessibleName("Step")
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(24, 8, 24, 16)
        layout.setSpacing(10)
        self.where = label("", style="muted")
        self.title = label("", style="step-title")
        self.title.setAccessibleName("Step title")
        self.meta = label("", style="muted")
        self.status = label("")
        self.status.setAccessibleName("Step status")
        self.summary = label("", style="page-intro")
        why_heading = label("Why it matters", style="card-title")
        self.why = label("")
        self.why.setAccessibleName("Why it matters")
        how_heading = label("How to do it", style="card-title")
        self.steps = QLabel("")
        self.steps.setWordWrap(True)
        self.steps.setAccessibleName("How to do it")
        theme.style_text(self.steps, "body")
        self.links = QLabel("")
        self.links.setWordWrap(True)
        self.links.setOpenExternalLinks(True)  # in the browser: official help pages
        self.links.setAccessibleName("Help links")
        theme.style_text(self.links, "body")
        self.note = QLineEdit()
        self.note.setPlaceholderText("A note for yourself (optional), for example where you did it")
        self.note.setAccessibleName("Note")
        for widget in (
            self.where,
            self.title,
            self.meta,
            self.status,
            self.summary,
            why_heading,
            self.why,
            how_heading,
            self.steps,
            self.links,
            self.note,
        ):
            layout.addWidget(widget)
        actions = QHBoxLayout()
        self.buttons = {}
        for status, text, tip in ACTIONS:
            action = button(text, text)
            action.setToolTip(tip)
            if status == "later":
                menu = QMenu(action)  # snoozed until a date the user picks
                for text, days in LATER_CHOICES:
                    menu.addAction(text, functools.partial(self._later, days))
                action.setMenu(menu)
            else:
                action.clicked.connect(lambda _checked=False, s=status: self.statusChosen.emit(s, self.note.text()))
            self.buttons[status] = action
            actions.addWidget(action)
        actions.addStretch(1)
        layout.addLayout(actions)
        moves = QHBoxLayout()
        self.back = button("‹ Back", "Previous step")
        self.back.clicked.connect(self.backRequested)
        self.next = button("Next ›", "Next step")
        self.next.clicked.connect(self.nextRequested)
        moves.addWidget(self.back)
        moves.addStretch(1)
        moves.addWidget(self.next)
        layout.addLayout(moves)
        layout.addStretch(1)
        self.setWidget(body)
        self.item: Item | None = None

    def _later(self, days: int) -> None:
        self.laterChosen.emit(days, self.note.text())

    def show_item(
        self, item: Item, where: str, status: State, note: str, platforms: set[str] | None, until: date | None = None
    ) -> None:
        self.item = item
        back = f" (comes back on {until.isoformat()})" if status == State.LATER and until else ""
        self.where.setText(where)
        self.title.setText(item.title)
        places = ", ".join(PLATFORM_NAMES.get(p, p) for p in item.platforms) or "everyone"
        self.meta.setText(f"About {item.minutes} minutes · {item.priority} · for {places}")
        self.status.setText(f"Status: {STATUS_WORDS[status]}{back}")
        self.summary.setText(item.summary)
        self.why.setText(item.why)
        self.steps.setText(steps_html(item, platforms))
        links = links_html(item)
        self.links.setText(links)
        self.links.setVisible(bool(links))
        self.note.setText(note)
        self.buttons["done"].setDefault(True)
        self.verticalScrollBar().setValue(0)


    def clear(self) -> None:
        """Show no step (locked): the note a person typed goes too."""
        self.item = None
        for text in (self.where, self.title, self.meta, self.status, self.summary, self.why, self.steps, self.links):
            text.setText("")
        self.note.setText("")  # setText, unlike typing, leaves no undo history behind


def steps_html(item: Item, platforms: set[str] | None) -> str:
    """The item's steps as numbered lists: the general ones, then those for each of `platforms`."""
    parts = []
    for key, steps in item.steps_for(platforms):
        if key != "general":
            parts.append(f"<p><b>On {escape(PLATFORM_NAMES.get(key, key))}:</b></p>")
        parts.append("<ol>" + "".join(f"<li>{escape(step)}</li>" for step in steps) + "</ol>")
    return "".join(parts)


def links_html(item: Item) -> str:
    """'Official help:' and the item's links, or "" when it has none."""
    links = " · ".join(f"<a href='{escape(link.url)}'>{escape(link.title)}</a>" for link in item.links)
    return f"Official help: {links}" if links else ""
