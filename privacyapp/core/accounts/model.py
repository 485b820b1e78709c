"""One account a person tracks, as kept in the encrypted profile's `accounts` list. Never a password, its hash
or its prefix: only what the person tells us about the account and the summary of a password check.

The JSON form is documented in docs/accounts-format.md. Reading a record from the profile is lenient (a value
this version does not understand becomes "not sure", and keys it does not know are kept and written back);
reading one from an import file is strict (see exchange.py).
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from types import MappingProxyType
from typing import Any


class Visibility(StrEnum):
    PRIVATE = "private"
    PUBLIC = "public"
    UNKNOWN = "unknown"


class TwoFactor(StrEnum):
    NONE = "none"
    SMS = "sms"
    APP = "app"
    PIN = "pin"
    KEY = "key"
    PASSKEY = "passkey"
    UNKNOWN = "unknown"


class LinkKind(StrEnum):
    CROSS_POST = "cross-post"
    SIGN_IN = "sign-in"
    RECOVERY = "recovery"


class AccountState(StrEnum):
    ACTIVE = "active"
    DELETING = "deleting"
    DELETED = "deleted"


# the values as plain strings, in order (argparse choices, combo boxes)
VISIBILITY = tuple(v.value for v in Visibility)
TWO_FACTOR = tuple(v.value for v in TwoFactor)
LINK_KINDS = tuple(v.value for v in LinkKind)
STATES = tuple(v.value for v in AccountState)
DELETION_STEPS = ("download", "unlink", "delete", "uninstall")
REVIEW_EVERY_DAYS = 180  # an account not reviewed for this long is "due for review"

VISIBILITY_WORDS = {"private": "Private", "public": "Public", "unknown": "Not sure"}
TWO_FACTOR_WORDS = {
    "none": "Off",
    "sms": "Text message (SMS)",
    "app": "Authenticator app",
    "pin": "PIN or extra password",
    "key": "Security key",
    "passkey": "Passkey",
    "unknown": "Not sure",
}
LINK_WORDS = {"cross-post": "shares posts to", "sign-in": "signs in with", "recovery": "recovers through"}
STATE_WORDS = {"active": "Active", "deleting": "Planning to delete", "deleted": "Deleted"}
DELETION_WORDS = {
    "download": "Download a copy of your data",
    "unlink": "Unlink it from your other accounts",
    "delete": "Delete the account",
    "uninstall": "Uninstall the app from your devices",
}
KNOWN_KEYS = (
    "id", "service", "handle", "visibility", "two_factor", "login_alerts", "links", "password", "reviewed", "notes",
    "state", "deletion", "added",
)  # fmt: skip


def new_id() -> str:
    """A short random id, easy to type on the command line."""
    return secrets.token_hex(4)


@dataclass(frozen=True)
class Link:
    """This account `kind`s the account `to`: shares posts to it, signs in with it, or recovers through it."""

    to: str
    kind: LinkKind

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", LinkKind(self.kind))

    def to_json(self) -> dict[str, str]:
        return {"to": self.to, "kind": self.kind.value}


PASSWORD_KEYS = ("score", "exposed", "changed", "checked", "reused_with")


@dataclass(frozen=True)
class PasswordHealth:
    """What a password check found, never the password: its strength, whether it was in a breach, and when."""

    score: int | None = None  # zxcvbn's 0 to 4
    exposed: bool | None = None  # None: not checked
    changed: date | None = None  # when the person last changed it (they tell us)
    checked: date | None = None
    # the ids of the person's other accounts that had the same password at the last audit; None: not known
    reused_with: tuple[str, ...] | None = None
    extra: Mapping[str, Any] = field(default_factory=lambda: _frozen(None))  # keys from a newer version, kept

    def __post_init__(self) -> None:
        if self.reused_with is not None:
            object.__setattr__(self, "reused_with", tuple(self.reused_with))
        object.__setattr__(self, "extra", _frozen(self.extra))

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = dict(self.extra)
        out.update(
            {
                "score": self.score,
                "exposed": self.exposed,
                "changed": self.changed.isoformat() if self.changed else None,
                "checked": self.checked.isoformat() if self.checked else None,
            }
        )
        if self.reused_with is not None:  # left out when not known: the form older versions wrote
            out["reused_with"] = list(self.reused_with)
        return out

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> PasswordHealth:
        """Leniently: a value this version cannot read is "not known" (and an unreadable `reused_with` is kept
        as it was, to be written back)."""
        score, exposed, reused = raw.get("score"), raw.get("exposed"), raw.get("reused_with")
        readable = isinstance(reused, list) and all(isinstance(x, str) for x in reused)
        kept = {k: v for k, v in raw.items() if k not in PASSWORD_KEYS or (k == "reused_with" and not readable)}
        return cls(
            score=score if isinstance(score, int) and not isinstance(score, bool) and 0 <= score <= 4 else None,
            exposed=exposed if isinstance(exposed, bool) else None,
            changed=parse_date(raw.get("changed")),
            checked=parse_date(raw.get("checked")),
            reused_with=tuple(reused) if readable and isinstance(reused, list) else None,
            extra=kept,
        )


def _frozen(value: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return MappingProxyType(dict(value or {}))


@dataclass(frozen=True)
class Account:
    id: str
    service: str  # a service id from the catalogue (an unknown id is kept and shown as it is)
    handle: str = ""
    visibility: Visibility = Visibility.UNKNOWN
    two_factor: TwoFactor = TwoFactor.UNKNOWN
    login_alerts: bool | None = None  # None: not sure
    links: tuple[Link, ...] = ()
    password: PasswordHealth = field(default_factory=PasswordHealth)
    reviewed: date | None = None
    notes: str = ""
    state: AccountState = AccountState.ACTIVE
    deletion: Mapping[str, bool] = field(default_factory=lambda: _frozen(None))  # DELETION_STEPS -> done
    added: date | None = None
    extra: Mapping[str, Any] = field(default_factory=lambda: _frozen(None))  # keys from a newer version, kept

    def __post_init__(self) -> None:
        # A value outside its set stays a plain string here, for the register's validation to name it.
        for name, kind in (("visibility", Visibility), ("two_factor", TwoFactor), ("state", AccountState)):
            value = getattr(self, name)
            if value in kind._value2member_map_:
                object.__setattr__(self, name, kind(value))
        object.__setattr__(self, "deletion", _frozen(self.deletion))
        object.__setattr__(self, "extra", _frozen(self.extra))

    def with_changes(self, **changes: Any) -> Account:
        if "links" in changes:
            changes["links"] = tuple(changes["links"])
        return replace(self, **changes)

    def due_for_review(self, today: date) -> bool:
        return self.state == "active" and (self.reviewed is None or (today - self.reviewed).days >= REVIEW_EVERY_DAYS)

    def links_to(self, other: str) -> tuple[Link, ...]:
        return tuple(link for link in self.links if link.to == other)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = dict(self.extra)
        out.update(
            {
                "id": self.id,
                "service": self.service,
                "handle": self.handle,
                "visibility": self.visibility.value,
                "two_factor": self.two_factor.value,
                "login_alerts": self.login_alerts,
                "links": [link.to_json() for link in self.links],
                "password": self.password.to_json(),
                "reviewed": self.reviewed.isoformat() if self.reviewed else None,
                "notes": self.notes,
                "state": self.state.value,
                "deletion": {step: bool(self.deletion.get(step)) for step in DELETION_STEPS},
                "added": self.added.isoformat() if self.added else None,
            }
        )
        return out

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> Account:
        """A record from the profile, leniently: what cannot be understood becomes "not sure"."""
        links = tuple(
            Link(str(link["to"]), LinkKind(link["kind"]))
            for link in _list(raw.get("links"))
            if isinstance(link, dict) and isinstance(link.get("to"), str) and link.get("kind") in LINK_KINDS
        )
        deletion = _dict(raw.get("deletion"))
        return cls(
            id=str(raw.get("id") or new_id()),
            service=str(raw.get("service") or "unknown"),
            handle=_str(raw.get("handle")),
            visibility=Visibility(_one_of(raw.get("visibility"), VISIBILITY, "unknown")),
            two_factor=TwoFactor(_one_of(raw.get("two_factor"), TWO_FACTOR, "unknown")),
            login_alerts=raw.get("login_alerts") if isinstance(raw.get("login_alerts"), bool) else None,
            links=links,
            password=PasswordHealth.from_json(_dict(raw.get("password"))),
            reviewed=parse_date(raw.get("reviewed")),
            notes=_str(raw.get("notes")),
            state=AccountState(_one_of(raw.get("state"), STATES, "active")),
            deletion={step: deletion.get(step) is True for step in DELETION_STEPS},
            added=parse_date(raw.get("added")),
            extra={k: v for k, v in raw.items() if k not in KNOWN_KEYS},
        )


def parse_date(value: Any) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _one_of(value: Any, allowed: tuple[str, ...], default: str) -> str:
    return value if isinstance(value, str) and value in allowed else default
