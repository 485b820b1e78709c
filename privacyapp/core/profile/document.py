"""A profile's contents as typed values, parsed once when it is unlocked: declared settings, progress entries
and account records. Front ends read and change this; only the store turns it back into JSON, when it saves.

What this version cannot read is never dropped: undeclared settings, progress entries it does not understand,
account keys and top-level keys from a newer privacyapp all travel in the `ProfileData` it came from and are
written back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

from privacyapp.core import progress as progress_
from privacyapp.core.accounts import register
from privacyapp.core.accounts.model import Account
from privacyapp.core.checklist.model import Catalog
from privacyapp.core.profile.payload import ProfileData
from privacyapp.core.progress import Entry
from privacyapp.core.settings import Settings


def _frozen(value: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(value))


@dataclass(frozen=True)
class ProfileDocument:
    name: str
    created: str
    settings: Settings
    progress: Mapping[str, Entry]
    accounts: tuple[Account, ...]
    notes: str
    unread_progress: Mapping[str, Any] = field(default_factory=lambda: _frozen({}))  # kept as found
    source: ProfileData | None = field(default=None, compare=False)  # what it was parsed from: its extra keys
    accounts_as_read: tuple[Account, ...] | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "progress", _frozen(self.progress))
        object.__setattr__(self, "unread_progress", _frozen(self.unread_progress))
        object.__setattr__(self, "accounts", tuple(self.accounts))

    @classmethod
    def from_data(cls, data: ProfileData, catalog: Catalog | None = None) -> ProfileDocument:
        """Parse once. With the checklist catalogue, progress of renamed items moves to their new ids."""
        raw = progress_.follow_renames(data.progress, catalog) if catalog is not None else data.progress
        entries, unread = progress_.parse(raw)
        accounts = register.load(data.accounts)
        return cls(
            name=data.name,
            created=data.created,
            settings=Settings.from_json(data.settings),
            progress=entries,
            accounts=accounts,
            notes=data.notes,
            unread_progress=unread,
            source=data,
            accounts_as_read=accounts,
        )

    def to_data(self) -> ProfileData:
        """Back to the stored form (for the store, at save)."""
        base = self.source or ProfileData(name=self.name, created=self.created)
        unchanged = self.source is not None and self.accounts == self.accounts_as_read
        return base.with_changes(
            name=self.name,
            created=self.created,
            settings=self.settings.to_json(),
            progress=progress_.dump(self.progress, self.unread_progress),
            accounts=base.accounts if unchanged else register.dump(self.accounts),
            notes=self.notes,
        )

    def with_changes(self, **changes: Any) -> ProfileDocument:
        return replace(self, **changes)

    def with_settings(self, **changes: Any) -> ProfileDocument:
        return replace(self, settings=self.settings.with_changes(**changes))
