"""The service catalogue (services/catalogue.toml): what each online service offers, where its help pages are,
and which services it links to. Validated like the checklists; the rules are in services/README.md."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from privacyapp.core import datafile as df
from privacyapp.core.datafile import DataFile, Problem
from privacyapp.core.errors import PrivacyAppError

SCHEMA_VERSION = 1
CATEGORIES = ("social", "messaging", "gaming", "account", "shopping", "music")
REVIEWED_CATEGORIES = ("social", "messaging", "gaming")  # each has its own review checklist
TWO_FACTOR_METHODS = ("sms", "app", "pin", "key", "passkey")
DELETION = ("easy", "medium", "hard")
DOMAIN = re.compile(r"^(?!www\.)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
MAX_NAME = 40
FILE_KEYS = {"schema_version", "services"}
SERVICE_KEYS = {
    "id", "name", "category", "domains", "colour", "mark", "two_factor", "can_be_private", "privacy_settings",
    "download_data", "delete_account", "deletion", "deletion_note", "sign_in_with", "links_to", "reviewed",
}  # fmt: skip
URL_KEYS = ("privacy_settings", "download_data", "delete_account")


@dataclass(frozen=True)
class Service:
    id: str
    name: str
    category: str
    domains: tuple[str, ...]
    colour: str
    mark: str
    two_factor: tuple[str, ...]
    can_be_private: bool
    privacy_settings: str
    download_data: str
    delete_account: str
    deletion: str
    sign_in_with: tuple[str, ...]
    links_to: tuple[str, ...]
    reviewed: date
    deletion_note: str = ""

    def owns(self, domain: str) -> bool:
        """Is `domain` (a breach's or a login's site) one of ours, or under one of ours?"""
        domain = domain.strip().lower().rstrip(".").removeprefix("www.")
        return any(domain == d or domain.endswith("." + d) for d in self.domains)


@dataclass(frozen=True)
class ServiceCatalogue:
    services: tuple[Service, ...]
    by_id: Mapping[str, Service]

    @classmethod
    def of(cls, services: tuple[Service, ...]) -> ServiceCatalogue:
        return cls(services, MappingProxyType({s.id: s for s in services}))

    def __hash__(self) -> int:
        return hash(self.services)

    def for_domain(self, domain: str) -> Service | None:
        return next((s for s in self.services if s.owns(domain)), None)

    def name(self, service_id: str) -> str:
        service = self.by_id.get(service_id)
        return service.name if service is not None else service_id


class ServiceCatalogueError(PrivacyAppError):
    """The catalogue file has problems; `problems` lists them all."""

    def __init__(self, problems: list[Problem]) -> None:
        count = len(problems)
        lines = "\n".join(f"  {p}" for p in problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the service catalogue:\n{lines}")
        self.problems = problems


def _boolean(f: DataFile, where: str, ident: str, raw: Mapping[str, Any], key: str) -> bool:
    value = raw.get(key)
    if not isinstance(value, bool):
        f.problem(where, key, "must be true or false (without quotes)", ident)
        return False
    return value


def _choice(f: DataFile, where: str, ident: str, raw: Mapping[str, Any], key: str, allowed: tuple[str, ...]) -> str:
    value = raw.get(key)
    if value not in allowed:
        found = "is missing" if value is None else f"'{value}' is not allowed"
        f.problem(where, key, f"{found}; use one of: {', '.join(allowed)}", ident)
        return allowed[0]
    return str(value)


def _service(f: DataFile, raw: Any, today: date) -> Service | None:
    if not isinstance(raw, dict):
        f.problem("the file", "services", "each service must be a [[services]] table")
        return None
    name_hint = raw.get("name") if isinstance(raw.get("name"), str) else ""
    ident = df.ident(f, f"the service named '{name_hint}'" if name_hint else "a service", raw)
    where = f"service '{ident}'" if ident else "a service"
    df.unknown(f, where, ident, raw, SERVICE_KEYS)
    name = df.text(f, where, ident, raw, "name", max_length=MAX_NAME)
    category = _choice(f, where, ident, raw, "category", CATEGORIES)
    domains = df.text_list(f, where, ident, raw, "domains", nonempty=True)
    for domain in domains:
        if not DOMAIN.match(domain):
            f.problem(where, "domains", f"'{domain}' is not a lower-case domain like example.com (no www.)", ident)
    colour = raw.get("colour")
    if not isinstance(colour, str) or not COLOUR.match(colour):
        f.problem(where, "colour", 'must be "#" and six hex digits, like "#1d9bf0"', ident)
        colour = "#555555"
    mark = raw.get("mark")
    if not isinstance(mark, str) or not 1 <= len(mark) <= 2 or not mark.strip() or " " in mark:
        f.problem(where, "mark", "must be 1 or 2 characters without spaces", ident)
        mark = "?"
    two_factor = df.text_list(f, where, ident, raw, "two_factor", TWO_FACTOR_METHODS)
    can_be_private = _boolean(f, where, ident, raw, "can_be_private")
    urls = {key: df.https_url(f, where, ident, key, raw.get(key)) or "" for key in URL_KEYS}
    deletion = _choice(f, where, ident, raw, "deletion", DELETION)
    note = df.text(f, where, ident, raw, "deletion_note", required=False, max_length=10_000)
    sign_in_with = df.text_list(f, where, ident, raw, "sign_in_with")
    links_to = df.text_list(f, where, ident, raw, "links_to")
    reviewed = df.past_date(f, where, ident, raw, "reviewed", today)
    if reviewed is None and "reviewed" not in raw:
        f.problem(where, "reviewed", "is missing: say when this entry was last checked against the service", ident)
    if not ident:
        return None
    return Service(
        id=ident, name=name, category=category, domains=domains, colour=str(colour), mark=str(mark),
        two_factor=two_factor, can_be_private=can_be_private, deletion=deletion, deletion_note=note,
        sign_in_with=sign_in_with, links_to=links_to, reviewed=reviewed or today, **urls,
    )  # fmt: skip


def check_file(path: Path, today: date | None = None) -> tuple[ServiceCatalogue, list[Problem]]:
    """Load the catalogue at `path`; return what loaded and every problem found (an empty list: all valid)."""
    today = today or date.today()
    f, raw = df.open_toml(path)  # capped in size and time; unreadable, too deep or bad TOML is a problem
    if raw is None:
        return ServiceCatalogue.of(()), f.problems
    df.unknown(f, "the file", "", raw, FILE_KEYS)
    version = raw.get("schema_version")
    if type(version) is not int or version != SCHEMA_VERSION:  # not True or 1.0, which equal 1 in Python
        f.problem("the file", "schema_version", f"must be {SCHEMA_VERSION} (found {version!r})")
    entries = raw.get("services")
    if not isinstance(entries, list) or not entries:
        f.problem("the file", "services", "must have at least one [[services]] table")
        return ServiceCatalogue.of(()), f.problems
    services: list[Service] = []
    seen: dict[str, int] = {}
    for entry in entries:
        ident = entry.get("id") if isinstance(entry, dict) else None
        if isinstance(ident, str):
            f.copies[ident] = seen.get(ident, 0)  # problems in a second copy point at its own line
            seen[ident] = f.copies[ident] + 1
        service = _service(f, entry, today)
        if service is None:
            continue
        if f.copies.get(service.id, 0):
            f.problem(f"service '{service.id}'", "id", "is used twice; every id must be unique", service.id)
            continue
        services.append(service)
    f.copies.clear()
    _cross_check(f, services)
    return ServiceCatalogue.of(tuple(services)), f.problems


def _cross_check(f: DataFile, services: list[Service]) -> None:
    """What can only be checked across entries: references to other services, and domains owned twice."""
    ids = {s.id for s in services}
    owner: dict[str, str] = {}
    for service in services:
        where = f"service '{service.id}'"
        for key in ("sign_in_with", "links_to"):
            for other in getattr(service, key):
                if other == service.id:
                    f.problem(where, key, "names the service itself", service.id)
                elif other not in ids:
                    f.problem(where, key, f"'{other}' is not a service in this file", service.id)
        for domain in dict.fromkeys(service.domains):  # one listed twice is text_list's "names something twice"
            if owner.get(domain, service.id) != service.id:
                f.problem(where, "domains", f"'{domain}' already belongs to '{owner[domain]}'", service.id)
            owner.setdefault(domain, service.id)
    # a domain under another service's domain would match that service's breaches too
    for domain, service_id in owner.items():
        for parent, other in owner.items():
            if other != service_id and domain.endswith("." + parent):
                message = f"'{domain}' is under '{parent}', which belongs to '{other}'"
                f.problem(f"service '{service_id}'", "domains", message, service_id)


def load(path: Path, today: date | None = None) -> ServiceCatalogue:
    """The catalogue at `path`; ServiceCatalogueError with every problem if it has any."""
    catalogue, problems = check_file(path, today)
    if problems:
        raise ServiceCatalogueError(problems)
    return catalogue


def shipped_file() -> Path:
    from privacyapp.core.paths import data_folder

    return data_folder("services") / "catalogue.toml"


@cache
def shipped() -> ServiceCatalogue:
    """The catalogue that comes with privacyapp, loaded once per process."""
    return load(shipped_file())
