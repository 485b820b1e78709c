"""Is a password in a known breach? Have I Been Pwned's Pwned Passwords, by k-anonymity, online or offline.

Online: SHA-1 the password, send only the first 5 hex characters (`GET {base}/range/ABCDE`, with a
User-Agent and `Add-Padding: true`), and compare the 35-character suffixes that come back on this computer.
Rows with a count of 0 are padding and never mean "found". Offline: the same look-up in the file of the
official downloader (one sorted `SHA1:COUNT` file) or its per-prefix folder, by seeking, never by scanning.

When a check cannot be made, the answer is "could not check", never "not found".
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from privacyapp.core.breach_offline import OfflineHashFile as OfflineHashFile
from privacyapp.core.breach_offline import OfflinePrefixFolder as OfflinePrefixFolder
from privacyapp.core.breach_offline import open_offline as open_offline
from privacyapp.core.breach_offline import sha1_hex as sha1_hex
from privacyapp.core.hibp_http import BreachCheckError as BreachCheckError  # the error of every breach check
from privacyapp.core.hibp_http import HttpClient, Outcome, Request
from privacyapp.core.hibp_limits import DEADLINE, MAX_BYTES, MAX_IN_FLIGHT, MAX_RETRY_AFTER, TIMEOUT
from privacyapp.core.network import pwned_passwords_url
from privacyapp.core.redact import Secret
from privacyapp.i18n import _


@dataclass(frozen=True)
class BreachResult:
    count: int | None  # times seen in breaches; None when it could not be checked
    checked: str  # "online", "offline" or "no"
    error: str = ""

    @property
    def found(self) -> bool:
        return bool(self.count)


class RangeClient:
    """The Pwned Passwords range API. Thread-safe; each prefix is fetched once per client."""

    def __init__(
        self,
        base_url: str | None = None,
        *,
        timeout: tuple[float, float] = TIMEOUT,
        max_retry_after: float = MAX_RETRY_AFTER,
        max_bytes: int = MAX_BYTES,
        deadline: float = DEADLINE,
        on_request: Callable[[Request], None] | None = None,
    ) -> None:
        self.base_url = (base_url or pwned_passwords_url()).rstrip("/")
        # identity: hex rows shrink only by half when compressed, and inflating them costs CPU on every check; a
        # compressed answer is then refused, never inflated (a bomb cannot be)
        headers = {"Add-Padding": "true", "Accept-Encoding": "identity"}
        self._http = HttpClient(
            headers,
            timeout=timeout,
            max_retry_after=max_retry_after,
            max_bytes=max_bytes,
            deadline=deadline,
            on_request=on_request,
        )
        self._cache: dict[str, Mapping[str, int]] = {}
        self._pending: dict[str, threading.Event] = {}
        self._failures: dict[str, BreachCheckError] = {}
        self._lock = threading.Lock()

    @property
    def timeout(self) -> tuple[float, float]:
        return self._http.timeout

    @property
    def deadline(self) -> float:
        return self._http.deadline

    def count(self, password: Secret) -> int:
        digest = sha1_hex(password)
        return self.fetch_range(digest[:5]).get(digest[5:], 0)

    def fetch_range(self, prefix: str) -> Mapping[str, int]:
        """Suffix -> count for one prefix; padding rows (count 0) left out."""
        prefix = _checked_prefix(prefix)
        with self._lock:
            if prefix in self._cache:
                return self._cache[prefix]
            pending = self._pending.get(prefix)
            owner = pending is None
            if pending is None:
                pending = self._pending[prefix] = threading.Event()
        if not owner:  # another thread is fetching this prefix: wait for its answer rather than ask again
            pending.wait(self.deadline + 10)  # the owner's request ends by its deadline
            with self._lock:
                if prefix in self._cache:
                    return self._cache[prefix]
                failure = self._failures.get(prefix)
            raise failure or BreachCheckError("timeout", "The breach service did not answer in time.")
        try:
            rows = _parse_range(*self._http.get(self._url(prefix)))
            with self._lock:  # stored before the waiters wake
                self._cache[prefix] = rows
                self._failures.pop(prefix, None)
        except BreachCheckError as exc:
            with self._lock:
                self._failures[prefix] = exc  # for the threads waiting now; a later check asks again
            raise
        finally:
            with self._lock:
                self._pending.pop(prefix, None)
            pending.set()
        return rows

    def fetch_ranges(
        self,
        prefixes: Iterable[str],
        *,
        in_flight: int = MAX_IN_FLIGHT,
        progress: Callable[[int, int], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> dict[str, Mapping[str, int] | BreachCheckError]:
        """Many prefixes at once, `in_flight` requests at a time (never more than MAX_IN_FLIGHT), each prefix
        once: prefix -> its rows, or why it could not be checked. A cancelled batch leaves out what it did not
        ask for. `progress(done, total)` is called in this thread as answers come."""
        wanted = sorted({_checked_prefix(p) for p in prefixes})
        with self._lock:
            results: dict[str, Mapping[str, int] | BreachCheckError] = {
                p: self._cache[p] for p in wanted if p in self._cache
            }
        todo = [p for p in wanted if p not in results]

        def done(index: int, outcome: Outcome) -> None:
            prefix = todo[index]
            try:
                if isinstance(outcome, BreachCheckError):
                    raise outcome
                rows = _parse_range(*outcome)
                with self._lock:
                    self._cache[prefix] = rows
                results[prefix] = rows
            except BreachCheckError as exc:
                results[prefix] = exc
            if progress is not None:
                progress(len(results), len(wanted))

        if todo:
            self._http.get_many([self._url(p) for p in todo], in_flight=in_flight, on_done=done, cancel=cancel)
        elif progress is not None and wanted:
            progress(len(results), len(wanted))
        return results

    def _url(self, prefix: str) -> str:
        return f"{self.base_url}/range/{prefix}"


def _checked_prefix(prefix: str) -> str:
    prefix = prefix.upper()
    if not re.fullmatch(r"[0-9A-F]{5}", prefix):
        raise ValueError("a range prefix is 5 hex characters")
    return prefix


_RANGE = re.compile(rb"(?:[0-9A-Fa-f]{35}:[0-9]{1,12}\r?\n)*[0-9A-Fa-f]{35}:[0-9]{1,12}(?:\r?\n)?")


class RangeRows(Mapping[str, int]):
    """The rows of one range answer, suffix -> count, padding (count 0) left out. Looked up in the answer's own
    bytes: turning ~1,000 rows into a dict cost more CPU than the request itself (bench/passwords.py)."""

    def __init__(self, body: bytes) -> None:
        self._text = b"\n" + body.upper().replace(b"\r", b"")  # every row starts after a "\n"

    def __getitem__(self, suffix: str) -> int:
        try:
            key = b"\n" + suffix.upper().encode("ascii") + b":"
        except UnicodeEncodeError:
            raise KeyError(suffix) from None
        count = 0  # padding (a count of 0) never means "found", even next to a real row of the same suffix
        at = self._text.find(key) if len(key) == 37 else -1
        while at >= 0:
            end = self._text.find(b"\n", at + 37)
            count = max(count, int(self._text[at + 37 : end if end >= 0 else None]))
            at = self._text.find(key, at + 37)
        if count == 0:
            raise KeyError(suffix)
        return count

    def __iter__(self) -> Iterator[str]:
        for line in self._text.split(b"\n"):
            suffix, _, count = line.partition(b":")
            if count and int(count) > 0:
                yield suffix.decode("ascii")

    def __len__(self) -> int:
        return sum(1 for _ in self)


def _parse_range(body: bytes, content_type: str) -> RangeRows:
    """The rows of a range answer. Anything else (a captive portal's HTML page) is a clear error."""
    stripped = body.strip(b" \r\n")
    if not stripped:
        raise BreachCheckError("not-range", "The breach service sent an empty answer.")
    if _RANGE.fullmatch(stripped) is None:  # one pass in C over the whole answer
        raise BreachCheckError(
            "not-range",
            "The answer did not come from the breach service (a login page of a public Wi-Fi may be in the way).",
        )
    return RangeRows(stripped)


def check(
    password: Secret,
    *,
    online: RangeClient | None = None,
    offline: OfflineHashFile | OfflinePrefixFolder | None = None,
) -> BreachResult:
    """Offline first when a file is given, else online when allowed, else "not checked"."""
    try:
        if offline is not None:
            return BreachResult(offline.count(password), "offline")
        if online is not None:
            return BreachResult(online.count(password), "online")
    except BreachCheckError as exc:
        return BreachResult(None, "no", exc.one_line())
    return BreachResult(None, "no", _("Not checked: online checks are off and no offline hash file is set."))


def check_many(
    passwords: Sequence[Secret],
    *,
    online: RangeClient | None = None,
    offline: OfflineHashFile | OfflinePrefixFolder | None = None,
) -> list[BreachResult]:
    """check() for each password; online, their prefixes are asked for together, MAX_IN_FLIGHT at a time."""
    if offline is not None or online is None or len(passwords) < 2:
        return [check(password, online=online, offline=offline) for password in passwords]
    digests = [sha1_hex(password) for password in passwords]
    ranges = online.fetch_ranges({digest[:5] for digest in digests})
    results = []
    for digest in digests:
        rows = ranges[digest[:5]]
        if isinstance(rows, BreachCheckError):
            results.append(BreachResult(None, "no", rows.one_line()))
        else:
            results.append(BreachResult(rows.get(digest[5:], 0), "online"))
    return results
