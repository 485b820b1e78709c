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
from typing import TYPE_CHECKING, Protocol
from urllib.parse import urlsplit

from privacyapp.core.breach import BreachCheckError, sha1_hex
from privacyapp.core.errors import PrivacyAppError
from privacyapp.core.hibp_limits import MAX_IN_FLIGHT
from privacyapp.core.inputs import InputError, read_bytes
from privacyapp.core.passwords import estimate
from privacyapp.core.redact import Secret
from privacyapp.i18n import _

if TYPE_CHECKING:
    from _csv import Reader as CsvReader

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
    group: int = -1  # entries with the same password share this number: their order of first use, not the password


def site_name(url: str) -> str:
    host = urlsplit(url if "://" in url else f"https://{url}").hostname or url
    return host.removeprefix("www.")


def read_export(path: Path) -> bytes:
    """The file's bytes; one too large to be a password export is refused before it is read, and a FIFO or
    device that never ends is refused within seconds (core/inputs.py)."""
    try:
        return read_bytes(path, limit=MAX_BYTES, what=_("the file"))
    except InputError as exc:
        raise AuditError(exc.message, hint=exc.hint) from None


def parse_csv(data: bytes) -> tuple[str, list[Login]]:
    """The format's name and its logins. AuditError says what is wrong with a bad file, and on which line."""
    if len(data) > MAX_BYTES:
        raise AuditError(f"This file is {len(data) // (1024 * 1024)} MB: too large to be a password export.")
    text = _decode(data)
    # strict: a quote that is never closed is an error at the end of the file, not one row swallowing the rest
    rows = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(rows)
    except StopIteration as exc:
        raise AuditError("This file is empty or not CSV.") from exc
    except csv.Error as exc:
        raise _damaged(exc, 1, rows.line_num) from None
    key = ",".join(column.strip().lower() for column in header)
    known = FORMATS.get(key)
    if known is None:
        raise AuditError(
            "privacyapp does not recognise this CSV's columns.",
            hint="Export from Bitwarden, 1Password, KeePassXC, Chrome, Edge or Firefox, or paste a list instead.",
        )
    name, site_column, user_column, password_column = known
    columns = [column.strip().lower() for column in header]
    index = [columns.index(column) for column in (site_column, user_column, password_column)]
    return name, _logins(rows, index)


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise AuditError("This file is not text in UTF-8 or UTF-16.", hint="Export it again as CSV.")


def _logins(rows: CsvReader, index: list[int]) -> list[Login]:
    """The rows after the header as logins. A site, username or password spanning lines is a quote left open
    (the rows after it ran together into one): an error naming the lines, never a silent merge."""
    logins: list[Login] = []
    entry = 1
    while True:
        start = rows.line_num + 1  # csv readers count physical lines: a quoted cell may span several
        try:
            row = next(rows)
        except StopIteration:
            return logins
        except csv.Error as exc:
            raise _damaged(exc, start, rows.line_num) from None
        entry += 1
        if entry > MAX_ROWS:
            raise AuditError(f"This file has more than {MAX_ROWS:,} entries.")
        if not row or len(row) <= max(index):
            continue
        site, user, password = (row[i] for i in index)
        if any("\n" in cell or "\r" in cell for cell in (site, user, password)):
            raise _ran_together(start, rows.line_num)
        if password:
            logins.append(Login(site_name(site), user, Secret(password)))


def _damaged(exc: csv.Error, start: int, end: int) -> AuditError:
    """csv's own error, in words; never its text, which may quote a cell (a password)."""
    reason = str(exc)
    if "field larger than field limit" in reason:
        return AuditError(
            _("This CSV is damaged near line {line}: a cell is longer than {size} KiB.").format(
                line=start, size=csv.field_size_limit() // 1024
            )
        )
    if "unexpected end of data" in reason:
        return AuditError(
            _("This CSV has a quote that is never closed, from line {line} to the end of the file.").format(line=start),
            hint=_("Fix that quote (or export the file again), then try again."),
        )
    if end > start:
        return _ran_together(start, end)
    return AuditError(
        _("This CSV is damaged near line {line}.").format(line=start), hint=_("Export it again, then try again.")
    )


def _ran_together(start: int, end: int) -> AuditError:
    return AuditError(
        _("This CSV has a quote that is not closed on line {start}: lines {start} to {end} ran together.").format(
            start=start, end=end
        ),
        hint=_("Fix that quote (or export the file again), then try again."),
    )


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
    time (never more than IN_FLIGHT); a cancelled audit returns what it has. The passwords are rated while the
    checks wait on the network, in a thread of their own, so that `progress` and `cancel` stay in this one."""
    from concurrent.futures import ThreadPoolExecutor

    digests = [sha1_hex(login.password) for login in logins]
    reuse = Counter(digests)
    groups = {digest: number for number, digest in enumerate(dict.fromkeys(digests))}
    unique = {digest: login.password for login, digest in zip(logins, digests, strict=True)}
    ranges: Mapping[str, Mapping[str, int] | BreachCheckError] = {}
    if client is not None and digests:
        with ThreadPoolExecutor(1, thread_name_prefix="privacyapp-rating") as rater:
            rating = rater.submit(_rate, unique)
            ranges = client.fetch_ranges(
                {d[:5] for d in digests}, in_flight=max(1, min(in_flight, IN_FLIGHT)), progress=progress, cancel=cancel
            )
            scores = rating.result()
    else:
        scores = _rate(unique)
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
        results.append(
            Audited(login.site, login.username, scores[digest], count, reuse[digest], error, group=groups[digest])
        )
    return results


def _rate(passwords: Mapping[str, Secret]) -> dict[str, int]:
    """zxcvbn's score of each password, by its hash: a password used on several sites is rated once."""
    return {digest: estimate(password).score for digest, password in passwords.items()}
