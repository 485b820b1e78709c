"""A profile's settings, declared once: each option's name, where it sits in the profile's `settings` object, its
type, default, allowed values and what it is for. `Settings.from_json` parses the stored object once (a value it
cannot use becomes the default); keys nobody declared are kept and written back by `to_json`, so a newer
privacyapp's settings survive a round trip through this one.

The same idea as qutebrowser's configdata.yml or Picard's `Option`: one table, and everything else reads typed
values from it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from enum import StrEnum
from types import MappingProxyType
from typing import Any


class OnlineChecks(StrEnum):
    ASK = "ask"  # the first check explains what is sent and asks
    ALLOWED = "allowed"
    FORBIDDEN = "forbidden"


class Who(StrEnum):
    """The first-run answer "who is this plan for": the audience words of the checklists (checklist.model.AUDIENCES,
    documented in checklists/README.md)."""

    INDIVIDUAL = "individual"
    FAMILY = "family"
    CLASS = "class"
    ORGANISATION = "organisation"

    @classmethod
    def _missing_(cls, value: object) -> Who | None:
        # the answers stored before the one vocabulary; a profile keeps its old word until the answer changes
        return {"me": cls.INDIVIDUAL, "teen": cls.FAMILY}.get(value) if isinstance(value, str) else None


DEFAULT_AUTO_LOCK_MINUTES = 15
_INVALID: Any = object()
MAX_AUTO_LOCK_MINUTES = 24 * 60


@dataclass(frozen=True)
class Option:
    """One declared setting. `kind` is bool, int, str, an enum, or tuple (a list of strings in the file)."""

    name: str  # the field of Settings
    path: tuple[str, ...]  # where it sits in the stored settings object
    kind: type
    default: Any
    description: str
    optional: bool = False  # None is a value of its own ("not answered yet")
    minimum: int | None = None
    maximum: int | None = None

    @property
    def allowed(self) -> tuple[Any, ...]:
        """The values it may take when it is an enum, else () (any value of its kind)."""
        return tuple(self.kind) if issubclass(self.kind, StrEnum) else ()

    def _read(self, raw: Any) -> Any:
        """The stored value as this option's type, or _INVALID."""
        kind = self.kind
        if issubclass(kind, StrEnum):
            try:  # kind(raw), not a look-up of the values: an enum may map an older version's word (Who)
                return kind(raw) if isinstance(raw, str) else _INVALID
            except ValueError:
                return _INVALID
        if kind is tuple:
            ok = isinstance(raw, list) and all(isinstance(x, str) for x in raw)
            return tuple(raw) if ok else _INVALID
        if kind is int:
            if not isinstance(raw, int) or isinstance(raw, bool):
                return _INVALID
            if (self.minimum is not None and raw < self.minimum) or (self.maximum is not None and raw > self.maximum):
                return _INVALID
            return raw
        return raw if isinstance(raw, kind) else _INVALID

    def parse(self, raw: Any) -> Any:
        """The stored value as this option's type, or the default when it cannot be used."""
        if raw is None:
            return None if self.optional else self.default
        value = self._read(raw)
        return self.default if value is _INVALID else value

    def validate(self, value: Any) -> Any:
        """A value given in code as this option's type (a string becomes its enum member); ValueError if invalid."""
        if value is None and self.optional:
            return None
        typed = _INVALID if value is None else self._read(self.dump(value))
        if typed is _INVALID or typed != value:
            raise ValueError(f"{value!r} is not a value of the setting {self.name!r}")
        return typed

    def dump(self, value: Any) -> Any:
        if isinstance(value, StrEnum):
            return value.value
        if isinstance(value, tuple):
            return list(value)
        return value


OPTIONS: tuple[Option, ...] = (
    Option(
        "online_checks", ("online_checks",), OnlineChecks, OnlineChecks.ASK,
        "Whether passwords may be checked against Have I Been Pwned online (only a 5-character hash prefix is sent).",
    ),
    Option(
        "offline_hash_file", ("offline_hash_file",), str, "",
        "A downloaded Pwned Passwords file or folder to check against instead of the online service.",
    ),
    Option(
        "pwned_passwords_url", ("pwned_passwords_url",), str, "",
        "An organisation's own Pwned Passwords mirror; empty means the public service.",
    ),
    Option(
        "auto_lock_minutes", ("auto_lock_minutes",), int, DEFAULT_AUTO_LOCK_MINUTES,
        "Lock the profile after this many minutes without use; 0 never locks by itself.",
        minimum=0, maximum=MAX_AUTO_LOCK_MINUTES,
    ),
    Option(
        "plan_who", ("plan", "who"), Who, None,
        "Who the checklist plan is for; not set until the person answers.", optional=True,
    ),
    Option(
        "plan_platforms", ("plan", "platforms"), tuple, None,
        "The platforms the person uses; not set means every platform.", optional=True,
    ),
    Option(
        "checklist_current", ("checklist_current",), str, None,
        "The checklist step the walkthrough was on, so that it resumes there.", optional=True,
    ),
    Option(
        "next_hidden", ("next", "hidden"), tuple, (),
        "The steps of \"Fix these first\" put off with \"not now\": \"YYYY-MM-DD kind:type:id\", back on that day.",
    ),
)  # fmt: skip

BY_NAME = {option.name: option for option in OPTIONS}


def _empty() -> Mapping[str, Any]:
    return MappingProxyType({})


@dataclass(frozen=True)
class Settings:
    online_checks: OnlineChecks = OnlineChecks.ASK
    offline_hash_file: str = ""
    pwned_passwords_url: str = ""
    auto_lock_minutes: int = DEFAULT_AUTO_LOCK_MINUTES
    plan_who: Who | None = None
    plan_platforms: tuple[str, ...] | None = None
    checklist_current: str | None = None
    next_hidden: tuple[str, ...] = ()
    raw: Mapping[str, Any] = field(default_factory=_empty, compare=False)  # as stored: undeclared keys live on

    def with_changes(self, **changes: Any) -> Settings:
        typed: dict[str, Any] = {}
        for name, value in changes.items():
            option = BY_NAME.get(name)
            if option is None:
                raise KeyError(f"no setting is called {name!r}")
            typed[name] = option.validate(value)
        return replace(self, **typed)

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> Settings:
        values = {option.name: option.parse(_get(raw, option.path)) for option in OPTIONS}
        return cls(**values, raw=MappingProxyType(dict(raw)))

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = _deep_copy(self.raw)
        for option in OPTIONS:
            value, stored = getattr(self, option.name), _get(self.raw, option.path)
            if option.parse(stored) == value:
                continue  # unchanged: written back as found (never answered, or a newer version's value)
            _put(out, option.path, option.dump(value))
        return out


def _get(raw: Mapping[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = raw
    for key in path:
        if not isinstance(value, Mapping):
            return None
        value = value.get(key)
    return value


def _put(out: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    node = out
    for key in path[:-1]:
        child = node.get(key)
        if not isinstance(child, dict):
            child = node[key] = {}
        node = child
    node[path[-1]] = value


def _deep_copy(raw: Mapping[str, Any]) -> dict[str, Any]:
    return {k: _deep_copy(v) if isinstance(v, Mapping) else v for k, v in raw.items()}


assert {f.name for f in fields(Settings)} - {"raw"} == set(BY_NAME), "every setting is declared exactly once"
