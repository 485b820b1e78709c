"""The plan rule: which checklist items are in a person's plan, and which of them it starts with. The GUI's
checklist page, `privacyapp-cli checklist list` and `progress show` all ask this module, so they agree.

An item is in the plan when
- its `audiences` name who the plan is for (any audience when not answered yet), and
- it is for everyone (no `platforms`), or, when it names a service, the person uses one of its services (ticked
  in the plan question or in their accounts register), or, when it names only systems, they use one of those.
  Until the person has answered which platforms they use, every platform counts.

"Start with these" are the items whose `start` names the plan's audience, in plan order; while fewer of them
are still open than asked for, the most important other open items follow (essential first, in plan order).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from privacyapp.core.checklist.model import AUDIENCES, OLD_AUDIENCES, Catalog, Item

if TYPE_CHECKING:
    from privacyapp.core.progress import Progress

START_COUNT = 5


def audience_of(who: str | None) -> str | None:
    """The audience word for a stored or typed answer: today's word, an old word mapped, anything else None."""
    if who is None:
        return None
    word = OLD_AUDIENCES.get(who, who)
    return word if word in AUDIENCES else None


def platforms_of(chosen: Iterable[str] | None, registered: Iterable[str] = ()) -> set[str] | None:
    """The platforms a plan is for: those ticked plus the services in the accounts register; None (every
    platform) until the question has been answered."""
    return None if chosen is None else {*chosen, *registered}


def plan(
    catalog: Catalog,
    who: str | None = None,
    platforms: Iterable[str] | None = None,
    registered: Iterable[str] = (),
) -> list[Item]:
    """The items of this person's plan, in the catalogue's order (the order the checklist page shows)."""
    audience = audience_of(who)
    audiences = {audience} if audience is not None else None
    used = platforms_of(platforms, registered)
    return [item for item in catalog.items if item.applies_to(audiences, used)]


def start_items(
    items: Iterable[Item], who: str | None, progress: Progress | None = None, today: date | None = None,
    count: int = START_COUNT,
) -> list[Item]:  # fmt: skip
    """The plan's "Start with these": its open items picked for this audience first, then the most important."""
    from privacyapp.core.progress import OPEN, effective  # progress imports this package's model

    today = today or date.today()
    audience = audience_of(who)
    found = progress or {}
    open_items = [i for i in items if effective(i, found.get(i.id), today) in OPEN]
    picked = [i for i in open_items if audience is not None and audience in i.start][:count]
    rest = sorted((i for i in open_items if i not in picked), key=lambda i: -i.weight)  # stable: plan order
    return picked + rest[: count - len(picked)]


def in_start_order(items: list[Item], start: list[Item]) -> list[Item]:
    """The plan with its start items first (in their order), then the rest in plan order."""
    first = set(start)
    return [*start, *(i for i in items if i not in first)]
