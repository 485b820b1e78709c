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
from privacyapp.i18n import N_, _, ngettext
from privacyapp.ui import dates, theme
from privacyapp.ui.pages.common import button, label

ACTIONS = (  # shown with _()
    ("todo", N_("To do"), N_("Not done yet: put it back on my list")),
    ("done", N_("Done"), N_("I did this")),
    ("later", N_("Later"), N_("Remind me in a week")),
    ("skipped", N_("Skip"), N_("Not now, and do not remind me")),
    ("not-applicable", N_("Doesn't apply"), N_("This is not for me")),
)


LATER_CHOICES = ((N_("Tomorrow"), 1), (N_("In a week"), 7), (N_("In a month"), 30))  # shown with _()
# Translators: how much a step matters, shown in a line such as "About 5 minutes · essential · for Android"
PRIORITY_WORDS = {"essential": N_("essential"), "recommended": N_("recommended"), "advanced": N_("advanced")}


class StepView(QScrollArea):
    statusChosen = Signal(str, str)  # status, note
    laterChosen = Signal(int, str)  # days from today, note
    backRequested = Signal()
    nextRequested = Signal()
    undoRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAccessibleName(_("Step"))
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(24, 8, 24, 16)
        layout.setSpacing(10)
        self.where = label("", style="muted")
        self.title = label("", style="step-title")
        self.title.setAccessibleName(_("Step title"))
        self.meta = label("", style="muted")
        self.status = label("")
        self.status.setAccessibleName(_("Step status"))
        self.summary = label("", style="page-intro")
        why_heading = label(_("Why it matters"), style="card-title")
        self.why = label("")
        self.why.setAccessibleName(_("Why it matters"))
        how_heading = label(_("How to do it"), style="card-title")
        self.steps = QLabel("")
        self.steps.setWordWrap(True)
        self.steps.setAccessibleName(_("How to do it"))
        theme.style_text(self.steps, "body")
        self.links = QLabel("")
        self.links.setWordWrap(True)
        self.links.setOpenExternalLinks(True)  # in the browser: official help pages
        self.links.setAccessibleName(_("Help links"))
        theme.style_text(self.links, "body")
        self.note = QLineEdit()
        self.note.setPlaceholderText(_("A note for yourself (optional), for example where you did it"))
        self.note.setAccessibleName(_("Note"))
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
            action = button(_(text), _(text))
            action.setToolTip(_(tip))
            if status == "later":
                menu = QMenu(action)  # snoozed until a date the user picks
                for text, days in LATER_CHOICES:
                    menu.addAction(_(text), functools.partial(self._later, days))
                action.setMenu(menu)
            else:
                action.clicked.connect(lambda _checked=False, s=status: self.statusChosen.emit(s, self.note.text()))
            self.buttons[status] = action
            actions.addWidget(action)
        actions.addStretch(1)
        layout.addLayout(actions)
        # after a change of status: what changed, and a way to take it back
        undo_row = QHBoxLayout()
        self.undo_text = label("", style="muted")
        self.undo_text.setAccessibleName(_("Last change"))
        self.undo = button(_("Undo"), _("Undo the last change"))
        self.undo.clicked.connect(self.undoRequested)
        undo_row.addWidget(self.undo_text, 1)
        undo_row.addWidget(self.undo)
        layout.addLayout(undo_row)
        self.show_undo("")
        moves = QHBoxLayout()
        self.back = button(_("‹ Back"), _("Previous step"))
        self.back.clicked.connect(self.backRequested)
        self.next = button(_("Next ›"), _("Next step"))
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
        self.where.setText(where)
        self.title.setText(item.title)
        priority = _(PRIORITY_WORDS.get(item.priority, item.priority))
        if item.platforms:
            places = ", ".join(_(PLATFORM_NAMES.get(p, p)) for p in item.platforms)
            # Translators: {priority} is a word such as "essential"; {places} lists platforms, such as "Android, Mac"
            meta = ngettext(
                "About {count} minute · {priority} · for {places}",
                "About {count} minutes · {priority} · for {places}",
                item.minutes,
            ).format(count=item.minutes, priority=priority, places=places)
        else:
            # Translators: {priority} is a word such as "essential"
            meta = ngettext(
                "About {count} minute · {priority} · for everyone",
                "About {count} minutes · {priority} · for everyone",
                item.minutes,
            ).format(count=item.minutes, priority=priority)
        self.meta.setText(meta)
        words = _(STATUS_WORDS[status])
        if status == State.LATER and until:
            when = dates.day(until)
            # Translators: {status} is a word such as "Later"; {when} is the date the step is shown again
            self.status.setText(_("Status: {status} (comes back on {when})").format(status=words, when=when))
        else:
            # Translators: {status} is a word such as "Done" or "Later"
            self.status.setText(_("Status: {status}").format(status=words))
        self.summary.setText(item.summary)
        self.why.setText(item.why)
        self.steps.setText(steps_html(item, platforms))
        links = links_html(item)
        self.links.setText(links)
        self.links.setVisible(bool(links))
        self.note.setText(note)
        self.buttons["todo"].setVisible(status not in (State.TODO, State.DUE))  # already on the list otherwise
        self.buttons["done"].setDefault(True)
        self.verticalScrollBar().setValue(0)

    def show_undo(self, text: str) -> None:
        """`text` says what the last change was, with Undo beside it; "" hides both."""
        self.undo_text.setText(text)
        self.undo_text.setVisible(bool(text))
        self.undo.setVisible(bool(text))

    def clear(self) -> None:
        """Show no step (locked): the note a person typed goes too."""
        self.item = None
        self.show_undo("")
        for text in (self.where, self.title, self.meta, self.status, self.summary, self.why, self.steps, self.links):
            text.setText("")
        self.note.setText("")  # setText, unlike typing, leaves no undo history behind


def steps_html(item: Item, platforms: set[str] | None) -> str:
    """The item's steps as numbered lists: the general ones, then those for each of `platforms`."""
    parts = []
    for key, steps in item.steps_for(platforms):
        if key != "general":
            # Translators: a heading above the steps for one platform, such as "On Android:"
            on = _("On {platform}:").format(platform=_(PLATFORM_NAMES.get(key, key)))
            parts.append(f"<p><b>{escape(on)}</b></p>")
        parts.append("<ol>" + "".join(f"<li>{escape(step)}</li>" for step in steps) + "</ol>")
    return "".join(parts)


def links_html(item: Item) -> str:
    """'Official help:' and the item's links, or "" when it has none."""
    links = " · ".join(f"<a href='{escape(link.url)}'>{escape(link.title)}</a>" for link in item.links)
    # Translators: {links} are the titles of help pages, as links
    return _("Official help: {links}").format(links=links) if links else ""
