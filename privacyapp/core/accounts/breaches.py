"""Known breaches of the services a person uses, from Have I Been Pwned's public breach catalogue.

`GET {base}/api/v3/breaches` needs no key, only a User-Agent, and sends nothing about the person: no email, no
account. It is fetched only when the person asks, and kept in the cache folder with its date (it is public data,
so it is not encrypted). Spam lists, fabricated, retired and unverified entries are left out; the rest are
matched to accounts by the domains of their service in the catalogue.

An account is flagged when its service had a breach after its password was last changed, or when the change
date is unknown. When the catalogue could not be fetched the caller says so with the age of the cached copy:
never "no breaches".
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from privacyapp.core.accounts.model import Account
from privacyapp.core.hibp_http import BreachCheckError, HttpClient, Request
from privacyapp.core.hibp_limits import TIMEOUT
from privacyapp.core.network import hibp_api_url
from privacyapp.core.services import ServiceCatalogue
from privacyapp.i18n import _, ngettext

log = logging.getLogger(__name__)

CACHE_NAME = "hibp-breaches.json"
CACHE_FORMAT = 1
FROM_THE_FUTURE = 10_000  # the age, in days, of a copy dated after now
MAX_BODY = 64 * 1024 * 1024  # the whole catalogue is a few MB; more is not a breach list (counted as it comes)
DEADLINE = 120.0  # seconds for the whole download: a few MB, on a slow line too


@dataclass(frozen=True)
class Breach:
    name: str
    title: str
    domain: str
    breach_date: date
    added: date | None
    pwn_count: int
    data_classes: tuple[str, ...]
    verified: bool
    fabricated: bool
    spam_list: bool
    retired: bool

    @property
    def usable(self) -> bool:
        """Worth telling a person about: a verified, real breach of a service, still listed."""
        return self.verified and not (self.fabricated or self.spam_list or self.retired)

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["breach_date"] = self.breach_date.isoformat()
        out["added"] = self.added.isoformat() if self.added else None
        out["data_classes"] = list(self.data_classes)
        return out

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Breach:
        return cls(
            name=str(raw["name"]),
            title=str(raw["title"]),
            domain=str(raw["domain"]),
            breach_date=date.fromisoformat(raw["breach_date"]),
            added=date.fromisoformat(raw["added"]) if raw.get("added") else None,
            pwn_count=int(raw["pwn_count"]),
            data_classes=tuple(str(x) for x in raw["data_classes"]),
            verified=bool(raw["verified"]),
            fabricated=bool(raw["fabricated"]),
            spam_list=bool(raw["spam_list"]),
            retired=bool(raw["retired"]),
        )


@dataclass(frozen=True)
class BreachList:
    breaches: tuple[Breach, ...]
    fetched: datetime  # UTC
    source: str  # the base address it came from

    def age_days(self, now: datetime | None = None) -> int:
        """Whole days since the download. A copy dated in the future (a clock that was wrong) counts as very old,
        so that it is downloaded again rather than trusted for ever."""
        age = ((now or datetime.now(UTC)) - self.fetched).days
        return age if age >= 0 else FROM_THE_FUTURE

    def age_words(self, now: datetime | None = None) -> str:
        """ "downloaded yesterday (2026-12-02)", one whole sentence per case, in the current language."""
        days, on = self.age_days(now), self.fetched.date().isoformat()
        if days == FROM_THE_FUTURE:
            return _("downloaded at a date in the future (this computer's clock was wrong) ({date})").format(date=on)
        if days == 0:
            return _("downloaded today ({date})").format(date=on)
        if days == 1:
            return _("downloaded yesterday ({date})").format(date=on)
        return ngettext("downloaded {count} day ago ({date})", "downloaded {count} days ago ({date})", days).format(
            count=days, date=on
        )


def _entry(raw: Any) -> Breach | None:
    """One entry of the API's answer, or None when it lacks what matching needs."""
    if not isinstance(raw, dict):
        return None
    name, domain, when = raw.get("Name"), raw.get("Domain"), raw.get("BreachDate")
    if not isinstance(name, str) or not isinstance(domain, str) or not isinstance(when, str):
        return None
    try:
        breach_date = date.fromisoformat(when[:10])
    except ValueError:
        return None
    added_raw = raw.get("AddedDate")
    try:
        added = date.fromisoformat(added_raw[:10]) if isinstance(added_raw, str) else None
    except ValueError:
        added = None
    count = raw.get("PwnCount")
    classes = raw.get("DataClasses")
    title = raw.get("Title")
    return Breach(
        name=name,
        title=title if isinstance(title, str) and title else name,
        domain=domain.strip().lower(),
        breach_date=breach_date,
        added=added,
        pwn_count=count if isinstance(count, int) and not isinstance(count, bool) and count >= 0 else 0,
        data_classes=tuple(c for c in classes if isinstance(c, str)) if isinstance(classes, list) else (),
        verified=raw.get("IsVerified") is True,
        fabricated=raw.get("IsFabricated") is True,
        spam_list=raw.get("IsSpamList") is True,
        retired=raw.get("IsRetired") is True,
    )


NOT_A_LIST = "The answer was not a breach list (a login page of a public Wi-Fi may be in the way)."


def parse(body: bytes) -> tuple[Breach, ...]:
    """The breaches in an API answer. Entries without a name, domain or date are left out; an answer that is
    not a JSON list of breaches is a BreachCheckError."""
    try:
        raw = json.loads(body)
    except (ValueError, RecursionError) as exc:
        raise BreachCheckError("not-range", NOT_A_LIST) from exc
    if not isinstance(raw, list):
        raise BreachCheckError("not-range", NOT_A_LIST)
    breaches = tuple(b for b in (_entry(entry) for entry in raw) if b is not None)
    if raw and not breaches:
        raise BreachCheckError("not-range", "The breach list that came back had no entry privacyapp can read.")
    if len(breaches) < len(raw):
        log.info("breach catalogue: %d of %d entries left out as unreadable", len(raw) - len(breaches), len(raw))
    return breaches


def fetch(
    base_url: str | None = None,
    *,
    timeout: tuple[float, float] = TIMEOUT,
    deadline: float = DEADLINE,
    on_request: Callable[[Request], None] | None = None,
    now: datetime | None = None,
) -> BreachList:
    """Download the catalogue. BreachCheckError (with its `kind`) when it cannot be had."""
    base = (base_url or hibp_api_url()).rstrip("/")
    http = HttpClient(
        # gzip: JSON shrinks to a fifth; the cap counts the bytes as they are inflated, so a bomb stops there
        {"Accept": "application/json", "Accept-Encoding": "gzip"},
        timeout=timeout,
        max_retry_after=5.0,
        max_bytes=MAX_BODY,
        deadline=deadline,
        on_request=on_request,
    )
    body, _ = http.get(f"{base}/api/v3/breaches")
    return BreachList(parse(body), now or datetime.now(UTC), base)


def save(path: Path, breaches: BreachList) -> None:
    """Write the cache atomically: a reader sees the old copy or the new one, never half of one."""
    payload = {
        "format": CACHE_FORMAT,
        "fetched": breaches.fetched.isoformat(),
        "source": breaches.source,
        "breaches": [b.to_json() for b in breaches.breaches],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=".breaches-", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(payload, out, separators=(",", ":"))
        Path(temp).replace(path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def load(path: Path) -> BreachList | None:
    """The cached copy, or None when there is none or it cannot be read (it is then fetched again)."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if raw.get("format") != CACHE_FORMAT:
            return None
        fetched = datetime.fromisoformat(raw["fetched"])
        if fetched.tzinfo is None:
            fetched = fetched.replace(tzinfo=UTC)
        return BreachList(tuple(Breach.from_json(b) for b in raw["breaches"]), fetched, str(raw["source"]))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        log.warning("the cached breach list cannot be read (%s); it will be downloaded again", type(exc).__name__)
        return None


@dataclass(frozen=True)
class Flag:
    """An account whose service had a breach after its password was last changed (or when that is unknown)."""

    account: Account
    breach: Breach

    @property
    def reason(self) -> str:
        changed = self.account.password.changed
        breached = f"{self.breach.title} was breached on {self.breach.breach_date.isoformat()}"
        if changed is None:
            return f"{breached}, and you have not said when you last changed this password."
        return f"{breached}, after you last changed this password ({changed.isoformat()})."


STEPS = (
    "Change this account's password to a new one you use nowhere else.",
    "If you used the same password anywhere else, change it there too.",
    "Turn on 2-step login, and check the account's email address and phone number are still yours.",
    "Be wary of emails or messages about this breach: scammers use news of breaches to phish.",
)


def match(accounts: Iterable[Account], breaches: BreachList, catalogue: ServiceCatalogue) -> list[Flag]:
    """The flags for accounts still in use, newest breach first."""
    usable = [b for b in breaches.breaches if b.usable and b.domain]
    flags = []
    for account in accounts:
        service = catalogue.by_id.get(account.service)
        if service is None or account.state == "deleted":
            continue
        changed = account.password.changed
        for breach in usable:
            if service.owns(breach.domain) and (changed is None or changed <= breach.breach_date):
                flags.append(Flag(account, breach))
    return sorted(flags, key=lambda f: f.breach.breach_date, reverse=True)


def cache_path(cache_folder: Path) -> Path:
    return cache_folder / CACHE_NAME
