"""Auditing many passwords at once: a CSV exported from a password manager or browser, held in memory only.

Formats are told apart by their header: Bitwarden, 1Password, KeePassXC, Chrome/Edge, Firefox. Each unique
hash prefix is fetched once, with 4 to 8 requests in flight and never more.
"""

from __future__ import annotations

import csv
import io
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

from privacyapp.core.breach import BreachCheckError, sha1_hex
from privacyapp.core.errors import PrivacyAppError
from privacyapp.core.hibp_http import MAX_IN_FLIGHT
from privacyapp.core.passwords import estimate
from privacyapp.core.redact import Secret

MAX_BYTES = 20 * 1024 * 1024  # far more than any real export; a bigger file is refused, not read
MAX_ROWS = 50_000
IN_FLIGHT = MAX_IN_FLIGHT  # the issue allows 4 to 8; the range client never runs more

# header (lower case, as exported) -> (format name, site column, username column, password column)
FORMATS: dict[str, tuple[str, str, str, str]] = {
    "folder,favorite,type,name,notes,fields,reprompt,login_uri,login_username,login_password,login_totp": (
        "Bitwarden", "login_uri", "login_username", "login_password"),
    "title,url,username,password,otpauth,favorite,archived,tags,notes": ("1Password", "url", "username", "password"),
    "title,website,username,password,notes,type": ("1Password", "website", "username", "password"),
    "group,title,username,password,url,notes,totp,icon,last modified,created": (
        "KeePassXC", "url", "username", "password"),
    "group,title,username,password,url,notes": ("KeePassXC", "url", "username", "password"),
    "name,url,username,password,note": ("Chrome or Edge", "url", "username", "password"),
    "name,url,username,password": ("Chrome or Edge", "url", "username", "password"),
    "url,username,password,httprealm,formactionorigin,guid,timecreated,timelastused,timepasswordchanged": (
        "Firefox", "url", "username", "password"),
}  # fmt: skip


class AuditError(PrivacyAppError):
    pass


@dataclass(frozen=True)
class Login:
    site: str
    username: str
    password: Secret


@dataclass(frozen=True)
class Audited:
    site: str
    username: str
    score: int
    breach_count: int | None  # None: could not check
    reused: int  # on how many entries (this one included) the same password is used
    error: str = ""


def site_name(url: str) -> str:
    host = urlsplit(url if "://" in url else f"https://{url}").hostname or url
    return host.removeprefix("www.")


def read_export(path: Path) -> bytes:
    """The file's bytes; one too large to be a password export is refused before it is read."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise AuditError(f"This file is {size // (1024 * 1024)} MB: too large to be a password export.")
        with path.open("rb") as handle:
            return handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise AuditError(f"The file cannot be read: {exc.strerror or exc}.") from exc


def parse_csv(data: bytes) -> tuple[str, list[Login]]:
    """The format's name and its logins. AuditError says what is wrong with a bad file."""
    if len(data) > MAX_BYTES:
        raise AuditError(f"This file is {len(data) // (1024 * 1024)} MB: too large to be a password export.")
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise AuditError("This file is not text in UTF-8 or UTF-16.", hint="Export it again as CSV.")
    rows = csv.reader(io.StringIO(text))
    try:
        header = next(rows)
    except (StopIteration, csv.Error) as exc:
        raise AuditError("This file is empty or not CSV.") from exc
    key = ",".join(column.strip().lower() for column in header)
    known = FORMATS.get(key)
    if known is None:
        raise AuditError(
            "privacyapp does not recognise this CSV's columns.",
            hint="Export from Bitwarden, 1Password, KeePassXC, Chrome, Edge or Firefox, or paste a list instead.",
        )
    name, site_column, user_column, password_column = known
    columns = [column.strip().lower() for column in header]
    index = {column: columns.index(column) for column in (site_column, user_column, password_column)}
    logins = []
    number = 1
    try:
        for number, row in enumerate(rows, start=2):
            if number > MAX_ROWS:
                raise AuditError(f"This file has more than {MAX_ROWS:,} entries.")
            if not row or len(row) <= max(index.values()):
                continue
            password = row[index[password_column]]
            if password:
                logins.append(Login(site_name(row[index[site_column]]), row[index[user_column]], Secret(password)))
    except csv.Error as exc:
        raise AuditError(f"This CSV is damaged near line {number}.") from exc
    return name, logins


def parse_list(text: str) -> list[Login]:
    """Passwords pasted one per line."""
    return [Login("", "", Secret(line)) for line in text.splitlines() if line.strip()]


class RangeSource(Protocol):
    """What an audit asks: the range API, or an offline hash file or folder (they answer the same way)."""

    def fetch_ranges(
        self,
        prefixes: Iterable[str],
        *,
        in_flight: int = ...,
        progress: Callable[[int, int], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> Mapping[str, Mapping[str, int] | BreachCheckError]: ...


def audit(
    logins: Sequence[Login],
    client: RangeSource | None,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
    in_flight: int = IN_FLIGHT,
) -> list[Audited]:
    """Rate every login and check it for breaches. Unique prefixes are fetched once each, `in_flight` at a
    time (never more than IN_FLIGHT); a cancelled audit returns what it has."""
    digests = [sha1_hex(login.password) for login in logins]
    reuse = Counter(digests)
    ranges: Mapping[str, Mapping[str, int] | BreachCheckError] = {}
    if client is not None and digests:
        ranges = client.fetch_ranges(
            {d[:5] for d in digests}, in_flight=max(1, min(in_flight, IN_FLIGHT)), progress=progress, cancel=cancel
        )
    scores: dict[str, int] = {}  # a password used on several sites is rated once
    results = []
    for login, digest in zip(logins, digests, strict=True):
        fetched = ranges.get(digest[:5])
        if client is None:
            count, error = None, "not checked"
        elif fetched is None:
            count, error = None, "cancelled"
        elif isinstance(fetched, BreachCheckError):
            count, error = None, fetched.one_line()
        else:
            count, error = fetched.get(digest[5:], 0), ""
        if digest not in scores:
            scores[digest] = estimate(login.password).score
        results.append(Audited(login.site, login.username, scores[digest], count, reuse[digest], error))
    return results
