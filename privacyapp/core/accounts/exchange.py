"""The accounts export file (docs/accounts-format.md): a JSON file a person can keep, move to another profile
or prepare for a class. Reading one is strict: every problem is listed, and a file with any problem changes
nothing. It never holds a password; it is not encrypted, which the app and the CLI say when they write it."""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from privacyapp.core.accounts.model import (
    DELETION_STEPS,
    KNOWN_KEYS,
    LINK_KINDS,
    STATES,
    TWO_FACTOR,
    VISIBILITY,
    Account,
)
from privacyapp.core.accounts.register import Accounts
from privacyapp.core.errors import PrivacyAppError
from privacyapp.core.inputs import InputError, read_bytes
from privacyapp.core.services import ServiceCatalogue
from privacyapp.i18n import _

FORMAT = "privacyapp-accounts"
VERSION = 1
MAX_FILE = 8 * 1024 * 1024  # thousands of accounts fit in far less; a bigger file is not an export
MAX_PROBLEMS_SHOWN = 20
ID = re.compile(r"^[0-9a-z][0-9a-z-]{0,63}$")  # as privacyapp makes them; the CLI finds them by typing


class AccountImportError(PrivacyAppError):
    """The file cannot be imported; `problems` lists every reason. Nothing was changed."""

    def __init__(self, problems: list[str]) -> None:
        shown = problems[:MAX_PROBLEMS_SHOWN]
        more = len(problems) - len(shown)
        lines = "\n".join(f"  {p}" for p in shown) + (f"\n  ... and {more} more" if more else "")
        super().__init__(
            f"The file cannot be imported; nothing was changed:\n{lines}",
            hint="Fix the file, or export again from privacyapp.",
        )
        self.problems = problems


def export_bytes(accounts: Accounts, now: datetime | None = None) -> bytes:
    payload = {
        "format": FORMAT,
        "version": VERSION,
        "exported": (now or datetime.now(UTC)).isoformat(timespec="seconds"),
        "accounts": [a.to_json() for a in accounts],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False).encode("utf-8") + b"\n"


def write(path: Path, accounts: Accounts) -> None:
    """Write the export readable by its owner only (it lists the person's accounts)."""
    data = export_bytes(accounts)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    if hasattr(os, "fchmod"):  # an existing file keeps its mode through O_CREAT: make it owner-only too
        os.fchmod(fd, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)


def read(path: Path) -> bytes:
    """The file's bytes, capped at MAX_FILE; a FIFO or device that never ends is refused within seconds."""
    try:
        return read_bytes(path, limit=MAX_FILE, what=_("the file"))
    except InputError as exc:
        raise AccountImportError([f"{path} cannot be read: {exc.reason}."]) from None


def _check_entry(index: int, raw: Any, services: ServiceCatalogue, problems: list[str]) -> None:
    where = f"account {index + 1}"
    if not isinstance(raw, dict):
        problems.append(f"{where}: is not an object")
        return
    ident = raw.get("id")
    if not isinstance(ident, str) or not ID.match(ident):
        problems.append(f"{where}: 'id' must be lower-case letters, digits and dashes (found {ident!r})")
    else:
        where = f"account {index + 1} ('{ident}')"
    for key in sorted(set(raw) - set(KNOWN_KEYS)):
        problems.append(f"{where}: '{key}' is not a known key (check the spelling)")
    service = raw.get("service")
    if service is not None and not isinstance(service, str):  # a list or an object cannot even be looked up
        problems.append(f"{where}: 'service' must be a service id in quotes, not {_shown(service)}")
    elif service is None or service not in services.by_id:
        problems.append(f"{where}: 'service' {_shown(service)} is not a service privacyapp knows")
    for key, allowed in (("visibility", VISIBILITY), ("two_factor", TWO_FACTOR), ("state", STATES)):
        if key in raw and raw[key] not in allowed:
            problems.append(f"{where}: '{key}' {_shown(raw[key])} is not one of: {', '.join(allowed)}")
    for key in ("handle", "notes"):
        if key in raw and not isinstance(raw[key], str):
            problems.append(f"{where}: '{key}' must be text")
    if "login_alerts" in raw and not _bool_or_none(raw["login_alerts"]):
        problems.append(f"{where}: 'login_alerts' must be true, false or null")
    for key in ("reviewed", "added"):
        _check_date(raw.get(key), f"{where}: '{key}'", problems)
    password = raw.get("password", {})
    if not isinstance(password, dict):
        problems.append(f"{where}: 'password' must be an object")
    else:
        if set(password) - {"score", "exposed", "changed", "checked", "reused_with"}:
            # refuse anything that could be a password rather than keep it by accident
            problems.append(f"{where}: 'password' may hold only score, exposed, changed, checked and reused_with")
        reused = password.get("reused_with")
        ids = isinstance(reused, list) and all(isinstance(x, str) and ID.match(x) for x in reused)
        if reused is not None and not ids:
            problems.append(f"{where}: 'password.reused_with' must be a list of account ids or null")
        score = password.get("score")
        if score is not None and (not isinstance(score, int) or isinstance(score, bool) or not 0 <= score <= 4):
            problems.append(f"{where}: 'password.score' must be 0 to 4 or null")
        if not _bool_or_none(password.get("exposed")):
            problems.append(f"{where}: 'password.exposed' must be true, false or null")
        for key in ("changed", "checked"):
            _check_date(password.get(key), f"{where}: 'password.{key}'", problems)
    deletion = raw.get("deletion", {})
    if not isinstance(deletion, dict) or set(deletion) - set(DELETION_STEPS):
        problems.append(f"{where}: 'deletion' may hold only {', '.join(DELETION_STEPS)}")
    elif not all(isinstance(v, bool) for v in deletion.values()):
        problems.append(f"{where}: each step of 'deletion' must be true or false")
    links = raw.get("links", [])
    if not isinstance(links, list):
        problems.append(f"{where}: 'links' must be a list")
        return
    for link in links:
        if not isinstance(link, dict) or not isinstance(link.get("to"), str) or link.get("kind") not in LINK_KINDS:
            problems.append(f"{where}: each link needs 'to' (an account id) and 'kind' ({', '.join(LINK_KINDS)})")


def _shown(value: Any) -> str:
    """A value from the file, quoted for a message and cut short: a problem line stays one readable line."""
    text = repr(value) if isinstance(value, str | int | float | bool) or value is None else type(value).__name__
    return text if len(text) <= 60 else text[:57] + "..."


def _bool_or_none(value: Any) -> bool:
    return value is None or isinstance(value, bool)  # not 1 or 0, which equal True and False in Python


def _check_date(value: Any, where: str, problems: list[str]) -> None:
    if value is None:
        return
    try:
        date.fromisoformat(value)
    except (TypeError, ValueError):
        problems.append(f"{where} must be a date like 2026-11-21, or null")


def parse(data: bytes, services: ServiceCatalogue) -> tuple[Account, ...]:
    """The accounts of an export file; AccountImportError listing every problem if there is any."""
    try:
        raw = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise AccountImportError(["the file is not UTF-8 text (is it an accounts export?)"]) from exc
    except (ValueError, RecursionError) as exc:
        raise AccountImportError([f"the file is not valid JSON ({exc})"]) from exc
    if not isinstance(raw, Mapping) or raw.get("format") != FORMAT:
        raise AccountImportError([f'the file is not a privacyapp accounts export (no "format": "{FORMAT}")'])
    if type(raw.get("version")) is not int or raw.get("version") != VERSION:  # not true or 1.0
        raise AccountImportError([f"the file's version {raw.get('version')!r} is not {VERSION}: update privacyapp"])
    entries = raw.get("accounts")
    if not isinstance(entries, list):
        raise AccountImportError(["'accounts' must be a list"])
    problems: list[str] = []
    for index, entry in enumerate(entries):
        _check_entry(index, entry, services, problems)
    counts: Counter[str] = Counter(e["id"] for e in entries if isinstance(e, dict) and isinstance(e.get("id"), str))
    for ident in sorted(i for i, n in counts.items() if n > 1):  # counted once: linear in the number of accounts
        problems.append(f"the id '{ident}' is used by more than one account")
    if problems:
        raise AccountImportError(problems)
    return tuple(Account.from_json(e) for e in entries)


def merge(existing: Accounts, incoming: tuple[Account, ...]) -> tuple[Accounts, int, int]:
    """The register with the imported accounts: one with an id already present replaces it (an earlier export of
    the same account), the others are added. Every link must lead to an account that exists after the merge.
    Returns (accounts, added, replaced)."""
    by_id = {a.id: a for a in existing}
    replaced = sum(a.id in by_id for a in incoming)
    for account in incoming:
        by_id[account.id] = account
    problems = [
        f"account '{a.id}' links to itself"
        if link.to == a.id
        else f"account '{a.id}' links to '{link.to}', which is neither in the file nor among your accounts"
        for a in incoming
        for link in a.links
        if link.to not in by_id or link.to == a.id
    ]
    if problems:
        raise AccountImportError(problems)
    known = {e.id for e in existing}  # once, not once per imported account
    order = [a.id for a in existing] + [a.id for a in incoming if a.id not in known]
    return tuple(by_id[i] for i in order), len(incoming) - replaced, replaced
