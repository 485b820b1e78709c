"""What a profile holds, and its JSON form inside the sealed payload.

The payload has its own `schema_version`, separate from the container's. Keys this version does not know are
kept as they are and written back (a newer privacyapp's data survives a round trip through an older one).
Older schemas are migrated in memory, step by step, by MIGRATIONS.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

from privacyapp.core.errors import ProfileDamagedError
from privacyapp.core.profile.format import JSON_ERRORS, RESTORE_HINT
from privacyapp.i18n import _

SCHEMA_VERSION = 1

Json = Any  # a value json.loads can produce
JsonObject = Mapping[str, Json]

# schema version N -> a function turning a version-N payload (a dict) into version N+1
MIGRATIONS: dict[int, Callable[[dict[str, Json]], dict[str, Json]]] = {}

KNOWN_KEYS = ("schema_version", "name", "created", "settings", "progress", "accounts", "notes")


def _frozen(value: Mapping[str, Json] | None) -> JsonObject:
    return MappingProxyType(dict(value or {}))


@dataclass(frozen=True)
class ProfileData:
    """Everything one person records. Never a password, its hash or its prefix."""

    name: str
    created: str  # ISO 8601, UTC
    settings: JsonObject = field(default_factory=lambda: _frozen(None))
    progress: JsonObject = field(default_factory=lambda: _frozen(None))  # checklist item id -> state
    accounts: tuple[Json, ...] = ()
    notes: str = ""
    extra: JsonObject = field(default_factory=lambda: _frozen(None))  # keys from a newer version, kept

    def with_changes(self, **changes: Any) -> ProfileData:
        for key in ("settings", "progress", "extra"):
            if key in changes:
                changes[key] = _frozen(changes[key])
        if "accounts" in changes:
            changes["accounts"] = tuple(changes["accounts"])
        return replace(self, **changes)

    def to_json(self) -> dict[str, Json]:
        out: dict[str, Json] = dict(self.extra)
        out.update(
            {
                "schema_version": SCHEMA_VERSION,
                "name": self.name,
                "created": self.created,
                "settings": dict(self.settings),
                "progress": dict(self.progress),
                "accounts": list(self.accounts),
                "notes": self.notes,
            }
        )
        return out

    @classmethod
    def from_json(cls, raw: Mapping[str, Json]) -> ProfileData:
        def mapping(key: str) -> JsonObject:
            value = raw.get(key, {})
            if not isinstance(value, dict):
                raise _damaged(_("'{key}' is not an object").format(key=key))
            return _frozen(value)

        accounts = raw.get("accounts", [])
        if not isinstance(accounts, list):
            raise _damaged(_("'accounts' is not a list"))
        name, created, notes = raw.get("name"), raw.get("created"), raw.get("notes", "")
        if not isinstance(name, str) or not isinstance(created, str) or not isinstance(notes, str):
            raise _damaged(_("its name, creation date or notes are missing"))
        return cls(
            name=name,
            created=created,
            settings=mapping("settings"),
            progress=mapping("progress"),
            accounts=tuple(accounts),
            notes=notes,
            extra=_frozen({k: v for k, v in raw.items() if k not in KNOWN_KEYS}),
        )


def _damaged(detail: str) -> ProfileDamagedError:
    # Translators: {detail} says what is wrong, as in "'accounts' is not an object"
    return ProfileDamagedError(
        _("The profile's contents are damaged ({detail}).").format(detail=detail), hint=RESTORE_HINT
    )


def encode(data: ProfileData) -> bytes:
    import orjson

    value = data.to_json()
    try:
        return orjson.dumps(value)
    except (orjson.JSONEncodeError, TypeError, OverflowError):
        # What orjson refuses and JSON can carry: a lone surrogate (written as an escape), a huge integer.
        return json.dumps(value, separators=(",", ":")).encode("ascii")


def _loads(plaintext: bytes) -> Any:
    import orjson

    try:
        return orjson.loads(plaintext)
    except orjson.JSONDecodeError:
        return json.loads(plaintext.decode("utf-8"))  # the slow path for what only json accepts, else a clear error


@dataclass(frozen=True)
class Decoded:
    data: ProfileData
    schema_version: int  # as found in the file, before migration
    migrated: bool
    newer: bool  # written by a newer privacyapp: open read-only


def decode(plaintext: bytes) -> Decoded:
    try:
        raw = _loads(plaintext)
    except JSON_ERRORS as exc:
        raise _damaged(_("it is not valid JSON")) from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("schema_version"), int):
        raise _damaged(_("it has no schema version"))
    found = raw["schema_version"]
    version = found
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise _damaged(_("schema version {version} cannot be migrated").format(version=version))
        raw = step(raw)
        version += 1
        raw["schema_version"] = version
    return Decoded(
        data=ProfileData.from_json(raw),
        schema_version=found,
        migrated=found < SCHEMA_VERSION,
        newer=found > SCHEMA_VERSION,
    )
