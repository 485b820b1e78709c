"""Where a person is in their checklist: each item's state, what is due again, what to do next, and scores.

Progress lives in the encrypted profile as `progress`: item id -> {"status", "at", "until", "note"}. Entries
for ids this version does not know are kept untouched; renamed items follow `replaces`.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any, TypeVar

from privacyapp.core.checklist.model import Catalog, Item
from privacyapp.i18n import N_

V = TypeVar("V")


class Status(StrEnum):
    """What a person set an item to (stored)."""

    TODO = "todo"
    DONE = "done"
    LATER = "later"
    SKIPPED = "skipped"
    NOT_APPLICABLE = "not-applicable"


class State(StrEnum):
    """What an item shows: its status, or "due" when a done item's review time has passed (never stored)."""

    TODO = "todo"
    DONE = "done"
    LATER = "later"
    SKIPPED = "skipped"
    NOT_APPLICABLE = "not-applicable"
    DUE = "due"


STATUSES = tuple(Status)
STATUS_WORDS = {  # marked for translation; each front end translates them where they are shown
    State.TODO: N_("To do"),
    State.DONE: N_("Done"),
    State.LATER: N_("Later"),
    State.SKIPPED: N_("Skipped"),
    State.NOT_APPLICABLE: N_("Doesn't apply"),
    State.DUE: N_("Due again"),
}
OPEN = (State.TODO, State.DUE)  # what the walkthrough offers next


@dataclass(frozen=True)
class Entry:
    status: Status
    at: datetime  # when it was set
    until: date | None = None  # for "later": the date it comes back
    note: str = ""
    stored: Mapping[str, Any] | None = field(default=None, compare=False, repr=False)  # as read from the profile

    def to_json(self) -> dict[str, Any]:
        if self.stored is not None and Entry.from_json(self.stored) == self:
            return copy.deepcopy(dict(self.stored))  # unchanged: written back exactly as it was read
        out: dict[str, Any] = {"status": self.status.value, "at": self.at.isoformat(timespec="seconds")}
        if self.until:
            out["until"] = self.until.isoformat()
        if self.note:
            out["note"] = self.note
        return out

    @classmethod
    def from_json(cls, raw: Any) -> Entry | None:
        """None for an entry this version cannot read (it is kept as it is, and the item shows as to do)."""
        if not isinstance(raw, dict) or raw.get("status") not in STATUSES or not isinstance(raw.get("at"), str):
            return None
        until, note = raw.get("until"), raw.get("note", "")
        try:
            at = datetime.fromisoformat(raw["at"])
            until_day = date.fromisoformat(until) if isinstance(until, str) else None
        except ValueError:
            return None
        return cls(Status(raw["status"]), at, until_day, note if isinstance(note, str) else "", stored=raw)


Progress = Mapping[str, Entry]


def parse(raw: Mapping[str, Any]) -> tuple[dict[str, Entry], dict[str, Any]]:
    """The stored progress as entries, and the entries that could not be read (kept, to be written back)."""
    entries: dict[str, Entry] = {}
    unread: dict[str, Any] = {}
    for item_id, value in raw.items():
        found = Entry.from_json(value)
        if found is None:
            unread[item_id] = value
        else:
            entries[item_id] = found
    return entries, unread


def dump(progress: Progress, unread: Mapping[str, Any] | None = None) -> dict[str, Any]:
    out = {k: v for k, v in (unread or {}).items() if k not in progress}
    out.update({item_id: found.to_json() for item_id, found in progress.items()})
    return out


def entry(progress: Progress, item_id: str) -> Entry | None:
    return progress.get(item_id)


def set_status(
    progress: Progress,
    item_id: str,
    status: str,
    *,
    now: datetime,
    until: date | None = None,
    note: str | None = None,
) -> dict[str, Entry]:
    """A new progress mapping with `item_id` set to `status` (the note is kept unless a new one is given)."""
    if status not in STATUSES:
        raise ValueError(f"unknown status {status!r}")
    previous = progress.get(item_id)
    if status == Status.LATER and until is None:
        until = now.date() + timedelta(days=7)
    updated = Entry(
        status=Status(status),
        at=now.replace(microsecond=0),
        until=until if status == Status.LATER else None,
        note=note if note is not None else (previous.note if previous else ""),
    )
    return {**progress, item_id: updated}


def effective(item: Item, found: Entry | None, today: date) -> State:
    """The state to show: "due" when a done item's review time has passed, "todo" when "later" has come."""
    if found is None:
        return State.TODO
    if found.status == Status.LATER:
        return State.TODO if found.until is None or found.until <= today else State.LATER
    due = item.review_every_days and today >= found.at.date() + timedelta(days=item.review_every_days)
    if found.status == Status.DONE and due:
        return State.DUE
    return State(found.status.value)


def follow_renames(progress: Mapping[str, V], catalog: Catalog) -> dict[str, V]:
    """Progress under items' current ids: an entry for a replaced id moves to the item that replaces it, unless
    that item has its own. Entries for ids nobody knows are kept as they are (they may come back)."""
    moved: dict[str, V] = {}
    for item_id, raw in progress.items():
        current = catalog.current_id(item_id)
        if current is None or current == item_id:
            moved.setdefault(item_id, raw)
        elif current not in progress:
            moved[current] = raw
    return moved


def next_items(items: Iterable[Item], progress: Progress, today: date, count: int = 5) -> list[Item]:
    """The most important open items first (essential before recommended before advanced), in content order."""
    open_items = [i for i in items if effective(i, progress.get(i.id), today) in OPEN]
    return sorted(open_items, key=lambda i: -i.weight)[:count]  # a stable sort keeps content order within a weight


@dataclass(frozen=True)
class Score:
    done: int  # weighted points earned
    total: int  # weighted points possible ("doesn't apply" left out)
    items_done: int
    items: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100


def score(items: Iterable[Item], progress: Progress, today: date) -> Score:
    done = total = items_done = count = 0
    for item in items:
        state = effective(item, progress.get(item.id), today)
        if state == State.NOT_APPLICABLE:
            continue
        count += 1
        total += item.weight
        if state == State.DONE:
            done += item.weight
            items_done += 1
    return Score(done, total, items_done, count)


def section_scores(catalog: Catalog, items: Iterable[Item], progress: Progress, today: date) -> dict[str, Score]:
    """Per section id, over the given items."""
    chosen = list(items)
    out: dict[str, Score] = {}
    for checklist in catalog.checklists:
        for section in checklist.sections:
            in_section = [i for i in chosen if i.section_id == section.id]
            if in_section:
                out[section.id] = score(in_section, progress, today)
    return out
