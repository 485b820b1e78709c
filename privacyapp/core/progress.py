"""Where a person is in their checklist: each item's state, what is due again, what to do next, and scores.

Progress lives in the encrypted profile as `progress`: item id -> {"status", "at", "until", "note"}. Entries
for ids this version does not know are kept untouched; renamed items follow `replaces`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from privacyapp.core.checklist.model import Catalog, Item

STATUSES = ("todo", "done", "later", "skipped", "not-applicable")
STATUS_WORDS = {
    "todo": "To do",
    "done": "Done",
    "later": "Later",
    "skipped": "Skipped",
    "not-applicable": "Doesn't apply",
    "due": "Due again",
}
OPEN = ("todo", "due")  # what the walkthrough offers next

# first-run answer "who is this for" -> the audiences of the plan
WHO = {
    "me": ("individual",),
    "teen": ("parent", "teen"),
    "class": ("teacher",),
    "organisation": ("organisation",),
}


@dataclass(frozen=True)
class Entry:
    status: str
    at: str  # when it was set, ISO 8601
    until: str | None = None  # for "later": the date it comes back
    note: str = ""

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"status": self.status, "at": self.at}
        if self.until:
            out["until"] = self.until
        if self.note:
            out["note"] = self.note
        return out

    @classmethod
    def from_json(cls, raw: Any) -> Entry | None:
        if not isinstance(raw, dict) or raw.get("status") not in STATUSES or not isinstance(raw.get("at"), str):
            return None
        until, note = raw.get("until"), raw.get("note", "")
        try:  # a damaged entry is ignored (the item shows as to do), never a crash
            datetime.fromisoformat(raw["at"])
            if isinstance(until, str):
                date.fromisoformat(until)
        except ValueError:
            return None
        return cls(
            status=raw["status"],
            at=raw["at"],
            until=until if isinstance(until, str) else None,
            note=note if isinstance(note, str) else "",
        )


def entry(progress: Mapping[str, Any], item_id: str) -> Entry | None:
    return Entry.from_json(progress.get(item_id))


def set_status(
    progress: Mapping[str, Any],
    item_id: str,
    status: str,
    *,
    now: datetime,
    until: date | None = None,
    note: str | None = None,
) -> dict[str, Any]:
    """A new progress mapping with `item_id` set to `status` (the note is kept unless a new one is given)."""
    if status not in STATUSES:
        raise ValueError(f"unknown status {status!r}")
    previous = entry(progress, item_id)
    if status == "later" and until is None:
        until = now.date() + timedelta(days=7)
    updated = Entry(
        status=status,
        at=now.isoformat(timespec="seconds"),
        until=until.isoformat() if status == "later" and until else None,
        note=note if note is not None else (previous.note if previous else ""),
    )
    return {**progress, item_id: updated.to_json()}


def effective(item: Item, found: Entry | None, today: date) -> str:
    """The state to show: "due" when a done item's review time has passed, "todo" when "later" has come."""
    if found is None:
        return "todo"
    if found.status == "later":
        return "todo" if found.until is None or date.fromisoformat(found.until) <= today else "later"
    if found.status == "done" and item.review_every_days:
        done_on = datetime.fromisoformat(found.at).date()
        if today >= done_on + timedelta(days=item.review_every_days):
            return "due"
    return found.status


def follow_renames(progress: Mapping[str, Any], catalog: Catalog) -> dict[str, Any]:
    """Progress under items' current ids: an entry for a replaced id moves to the item that replaces it, unless
    that item has its own. Entries for ids nobody knows are kept as they are (they may come back)."""
    moved: dict[str, Any] = {}
    for item_id, raw in progress.items():
        current = catalog.current_id(item_id)
        if current is None or current == item_id:
            moved.setdefault(item_id, raw)
        elif current not in progress:
            moved[current] = raw
    return moved


def plan_items(catalog: Catalog, who: str | None = None, platforms: Iterable[str] | None = None) -> list[Item]:
    """The items for this person: their audience, and items for everyone or for the platforms they use."""
    audiences = set(WHO.get(who or "", ())) or None
    chosen = set(platforms) if platforms is not None else None
    return [item for item in catalog.items if item.applies_to(audiences, chosen)]


def next_items(items: Iterable[Item], progress: Mapping[str, Any], today: date, count: int = 5) -> list[Item]:
    """The most important open items first (essential before recommended before advanced), in content order."""
    ordered = list(items)
    open_items = [i for i in ordered if effective(i, entry(progress, i.id), today) in OPEN]
    return sorted(open_items, key=lambda i: (-i.weight, ordered.index(i)))[:count]


@dataclass(frozen=True)
class Score:
    done: int  # weighted points earned
    total: int  # weighted points possible ("doesn't apply" left out)
    items_done: int
    items: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100


def score(items: Iterable[Item], progress: Mapping[str, Any], today: date) -> Score:
    done = total = items_done = count = 0
    for item in items:
        state = effective(item, entry(progress, item.id), today)
        if state == "not-applicable":
            continue
        count += 1
        total += item.weight
        if state == "done":
            done += item.weight
            items_done += 1
    return Score(done, total, items_done, count)


def section_scores(
    catalog: Catalog, items: Iterable[Item], progress: Mapping[str, Any], today: date
) -> dict[str, Score]:
    """Per section id, over the given items."""
    chosen = list(items)
    out: dict[str, Score] = {}
    for checklist in catalog.checklists:
        for section in checklist.sections:
            in_section = [i for i in chosen if i.section_id == section.id]
            if in_section:
                out[section.id] = score(in_section, progress, today)
    return out
