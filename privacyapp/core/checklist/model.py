"""What a checklist is, once loaded and validated. Frozen: nothing changes a loaded catalog."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import MappingProxyType

from privacyapp.i18n import N_

PRIORITIES = ("essential", "recommended", "advanced")
PRIORITY_WEIGHT = {"essential": 3, "recommended": 2, "advanced": 1}
# who a plan is for: the one vocabulary of the plan question, the items' `audiences`, `checklist list --audience`
# and the stored answer (settings.Who has the same values). Who a profile is for (adult, teen, child) is a separate,
# later question that narrows a family plan; these words leave "teen" and "adult" free for it.
AUDIENCES = ("individual", "family", "class", "organisation")
AUDIENCE_NAMES = {  # marked for translation; shown with _()
    "individual": N_("Me"),
    "family": N_("My teen and me"),
    "class": N_("A class I teach"),
    "organisation": N_("My organisation"),
}
# the words used before there was one vocabulary -> the word now; files and profiles from then are understood
OLD_AUDIENCES = {"me": "individual", "parent": "family", "teen": "family", "teacher": "class"}
SERVICES = (
    "tiktok", "instagram", "youtube", "google", "facebook", "snapchat", "x", "discord", "reddit", "twitch",
    "pinterest", "linkedin", "whatsapp", "telegram", "signal", "apple", "microsoft", "amazon", "roblox", "steam",
    "spotify",
)  # fmt: skip
# what an account review asks about; an item with `review = "<topic>"` is that step of its service's review
REVIEW_TOPICS = ("visibility", "two_factor", "login_alerts", "links", "third_party_apps", "location")
SYSTEMS = ("ios", "android", "windows", "macos", "linux")
PLATFORMS = SERVICES + SYSTEMS
PLATFORM_NAMES = {
    "tiktok": "TikTok", "instagram": "Instagram", "youtube": "YouTube", "google": "Google", "facebook": "Facebook",
    "snapchat": "Snapchat", "x": "X (Twitter)", "discord": "Discord", "reddit": "Reddit", "twitch": "Twitch",
    "pinterest": "Pinterest", "linkedin": "LinkedIn", "whatsapp": "WhatsApp", "telegram": "Telegram",
    "signal": "Signal", "apple": "Apple", "microsoft": "Microsoft", "amazon": "Amazon", "roblox": "Roblox",
    "steam": "Steam", "spotify": "Spotify", "ios": "iPhone and iPad", "android": "Android", "windows": "Windows",
    "macos": "Mac", "linux": "Linux", "general": "Everyone",
}  # fmt: skip


@dataclass(frozen=True)
class Link:
    title: str
    url: str


@dataclass(frozen=True)
class Item:
    id: str
    title: str
    summary: str
    why: str
    steps: Mapping[str, tuple[str, ...]]  # "general" and platform ids
    priority: str
    audiences: tuple[str, ...]
    platforms: tuple[str, ...]
    minutes: int
    covers: tuple[str, ...]
    links: tuple[Link, ...] = ()
    replaces: tuple[str, ...] = ()
    review_every_days: int | None = None
    reviewed: date | None = None
    review: str | None = None  # a REVIEW_TOPICS entry: this item is that step of its service's account review
    start: tuple[str, ...] = ()  # the audiences whose plan starts with this item ("Start with these")
    checklist_id: str = ""
    section_id: str = ""

    def __post_init__(self) -> None:
        # read-only views: a loaded catalog cannot be changed in place
        object.__setattr__(self, "steps", MappingProxyType(dict(self.steps)))

    def __hash__(self) -> int:
        return hash(self.id)  # ids are unique in a catalog

    @property
    def weight(self) -> int:
        return PRIORITY_WEIGHT[self.priority]

    @property
    def services(self) -> tuple[str, ...]:
        return tuple(p for p in self.platforms if p in SERVICES)

    @property
    def systems(self) -> tuple[str, ...]:
        return tuple(p for p in self.platforms if p in SYSTEMS)

    def applies_to(self, audiences: set[str] | None = None, platforms: set[str] | None = None) -> bool:
        """For these audiences and platforms (None: any)? An item without platforms is for everyone. An item that
        names a service is for people who use one of its services (the systems it names are only its step
        variants); an item that names only systems is for people who use one of those."""
        if audiences and not audiences & set(self.audiences):
            return False
        if platforms is None or not self.platforms:
            return True
        return bool(platforms & set(self.services or self.systems))

    def steps_for(self, platforms: set[str] | None = None) -> list[tuple[str, tuple[str, ...]]]:
        """The general steps, then the variants for the given platforms (all variants when None)."""
        chosen = [("general", self.steps["general"])]
        for key, steps in self.steps.items():
            if key != "general" and (platforms is None or key in platforms):
                chosen.append((key, steps))
        return chosen


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    summary: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Checklist:
    id: str
    title: str
    summary: str
    sections: tuple[Section, ...]
    source: Path
    order: int = 100  # where it comes in the app and in exports; lower first

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for section in self.sections for item in section.items)


@dataclass(frozen=True)
class Catalog:
    checklists: tuple[Checklist, ...]
    by_id: Mapping[str, Item] = field(default_factory=dict)
    replaced_by: Mapping[str, str] = field(default_factory=dict)  # old id -> the item that replaces it

    @classmethod
    def of(cls, checklists: tuple[Checklist, ...]) -> Catalog:
        items = {item.id: item for checklist in checklists for item in checklist.items}
        replaced = {old: item.id for item in items.values() for old in item.replaces}
        return cls(checklists=checklists, by_id=MappingProxyType(items), replaced_by=MappingProxyType(replaced))

    def __hash__(self) -> int:
        return hash(self.checklists)

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for checklist in self.checklists for item in checklist.items)

    def section(self, item: Item) -> Section:
        checklist = next(c for c in self.checklists if c.id == item.checklist_id)
        return next(s for s in checklist.sections if s.id == item.section_id)

    def current_id(self, item_id: str) -> str | None:
        """The id an item has now, following `replaces` (an item renamed twice is followed twice)."""
        seen = set()
        while item_id not in self.by_id and item_id in self.replaced_by and item_id not in seen:
            seen.add(item_id)
            item_id = self.replaced_by[item_id]
        return item_id if item_id in self.by_id else None
