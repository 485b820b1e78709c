"""Is a password in a known breach? Have I Been Pwned's Pwned Passwords, by k-anonymity, online or offline.

Online: SHA-1 the password, send only the first 5 hex characters (`GET {base}/range/ABCDE`, with a
User-Agent and `Add-Padding: true`), and compare the 35-character suffixes that come back on this computer.
Rows with a count of 0 are padding and never mean "found". Offline: the same look-up in the file of the
official downloader (one sorted `SHA1:COUNT` file) or its per-prefix folder, by seeking, never by scanning.

When a check cannot be made, the answer is "could not check", never "not found".
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from privacyapp.core.hibp_http import ATTEMPTS, MAX_IN_FLIGHT, MAX_RETRY_AFTER, TIMEOUT, HttpClient, Request
from privacyapp.core.hibp_http import BreachCheckError as BreachCheckError  # the error of every breach check
from privacyapp.core.network import pwned_passwords_url
from privacyapp.core.redact import Secret


@dataclass(frozen=True)
class BreachResult:
    count: int | None  # times seen in breaches; None when it could not be checked
    checked: str  # "online", "offline" or "no"
    error: str = ""

    @property
    def found(self) -> bool:
        return bool(self.count)


def sha1_hex(password: Secret) -> str:
    return hashlib.sha1(password.reveal().encode("utf-8"), usedforsecurity=False).hexdigest().upper()


class RangeClient:
    """The Pwned Passwords range API. Thread-safe; each prefix is fetched once per client."""

    def __init__(
        self,
        base_url: str | None = None,
        *,
        timeout: tuple[float, float] = TIMEOUT,
        max_retry_after: float = MAX_RETRY_AFTER,
        on_request: Callable[[Request], None] | None = None,
    ) -> None:
        self.base_url = (base_url or pwned_passwords_url()).rstrip("/")
        # identity: hex rows shrink only by half when compressed, and inflating them costs CPU on every check
        headers = {"Add-Padding": "true", "Accept-Encoding": "identity"}
        self._http = HttpClient(headers, timeout=timeout, max_retry_after=max_retry_after, on_request=on_request)
        self._cache: dict[str, Mapping[str, int]] = {}
        self._pending: dict[str, threading.Event] = {}
        self._failures: dict[str, BreachCheckError] = {}
        self._lock = threading.Lock()

    @property
    def timeout(self) -> tuple[float, float]:
        return self._http.timeout

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
            pending.wait(self.timeout[0] + self.timeout[1] * ATTEMPTS + 10)
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

        def done(index: int, outcome: tuple[bytes, str] | BreachCheckError) -> None:
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


# --- offline ---------------------------------------------------------------------------------------------------

FULL_LINE = re.compile(rb"^([0-9A-Fa-f]{40}):(\d+)\r?$")


class _OneAfterAnother:
    """`fetch_ranges` for a source on this computer: with no network to wait for, one prefix after another."""

    def fetch_range(self, prefix: str) -> Mapping[str, int]:
        raise NotImplementedError

    def fetch_ranges(
        self,
        prefixes: Iterable[str],
        *,
        in_flight: int = 1,
        progress: Callable[[int, int], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> dict[str, Mapping[str, int] | BreachCheckError]:
        wanted = sorted({p.upper() for p in prefixes})
        results: dict[str, Mapping[str, int] | BreachCheckError] = {}
        for prefix in wanted:
            if cancel is not None and cancel.is_set():
                break
            try:
                results[prefix] = self.fetch_range(prefix)
            except BreachCheckError as exc:
                results[prefix] = exc
            if progress is not None:
                progress(len(results), len(wanted))
        return results


class OfflineHashFile(_OneAfterAnother):
    """The downloader's single file: `SHA1:COUNT` lines, sorted by hash, LF or CRLF. Binary search by seeking."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.size = path.stat().st_size
            self._handle: BinaryIO = path.open("rb")
        except OSError as exc:
            raise BreachCheckError("offline-file", f"The hash file {path} cannot be opened: {exc.strerror}.") from exc
        self._lock = threading.Lock()
        self._check_format()

    def close(self) -> None:
        self._handle.close()

    def _line_at(self, offset: int) -> tuple[int, bytes, int]:
        """The line that holds byte `offset`: (where it starts, its bytes without the line end, where the
        next line starts)."""
        start = offset
        while start > 0:  # back to the byte after the previous newline
            chunk_start = max(0, start - 256)
            self._handle.seek(chunk_start)
            newline = self._handle.read(start - chunk_start).rfind(b"\n")
            if newline >= 0:
                start = chunk_start + newline + 1
                break
            start = chunk_start
        self._handle.seek(start)
        raw = self._handle.readline()
        return start, raw.rstrip(b"\r\n"), start + len(raw)

    def _check_format(self) -> None:
        if self.size == 0:
            raise BreachCheckError("offline-file", "The hash file is empty.")
        samples = []
        with self._lock:
            for n in range(17):
                _start, line, _end = self._line_at(min(self.size - 1, self.size * n // 17))
                match = FULL_LINE.match(line)
                if match is None:
                    raise BreachCheckError(
                        "offline-file",
                        "This file is not a Pwned Passwords hash file (expected lines like SHA1:COUNT).",
                        hint="Download the SHA-1 file with the official downloader, in one file or one per prefix.",
                    )
                samples.append(match.group(1).upper())
        if samples != sorted(samples):
            raise BreachCheckError(
                "offline-file",
                "The hash file is not sorted by hash, so it cannot be searched.",
                hint="Use the official downloader's output as it is.",
            )

    def lookup(self, sha1: str) -> int:
        target = sha1.upper().encode("ascii")
        with self._lock:
            low, high = 0, self.size  # byte offsets; the line holding `middle` is start <= middle < end
            while low < high:
                middle = (low + high) // 2
                start, line, end = self._line_at(middle)
                match = FULL_LINE.match(line)
                if match is None:
                    raise BreachCheckError("offline-file", f"The hash file is damaged near byte {start}.")
                found = match.group(1).upper()
                if found == target:
                    return int(match.group(2))
                if found < target:
                    low = end
                else:
                    high = start
        return 0

    def count(self, password: Secret) -> int:
        return self.lookup(sha1_hex(password))

    def fetch_range(self, prefix: str) -> Mapping[str, int]:
        """Suffix -> count for every hash with this prefix, as the range API answers (for audits)."""
        target = prefix.upper().encode("ascii")
        rows: dict[str, int] = {}
        with self._lock:
            low, high = 0, self.size  # the first line whose hash starts at or after the prefix
            while low < high:
                middle = (low + high) // 2
                start, line, end = self._line_at(middle)
                if line[:5].upper() < target:
                    low = end
                else:
                    high = start
            self._handle.seek(low)
            for raw in self._handle:
                match = FULL_LINE.match(raw.rstrip(b"\r\n"))
                if match is None or match.group(1)[:5].upper() != target:
                    break
                rows[match.group(1)[5:].decode("ascii").upper()] = int(match.group(2))
        return rows


class OfflinePrefixFolder(_OneAfterAnother):
    """The downloader's folder of per-prefix files: `ABCDE.txt` holding `SUFFIX:COUNT` lines."""

    def __init__(self, path: Path) -> None:
        self.path = path
        if not path.is_dir() or not any(path.glob("?????.txt")):
            raise BreachCheckError("offline-file", f"{path} has no per-prefix files like 00000.txt.")

    def lookup(self, sha1: str) -> int:
        sha1 = sha1.upper()
        file = self.path / f"{sha1[:5]}.txt"
        try:
            rows = _parse_range(file.read_bytes(), "")
        except FileNotFoundError as exc:
            # never name the file: its name is the password's hash prefix
            raise BreachCheckError("offline-file", "The folder is missing the file for this password.") from exc
        return rows.get(sha1[5:], 0)

    def count(self, password: Secret) -> int:
        return self.lookup(sha1_hex(password))

    def fetch_range(self, prefix: str) -> Mapping[str, int]:
        file = self.path / f"{prefix.upper()}.txt"
        try:
            return _parse_range(file.read_bytes(), "")
        except FileNotFoundError as exc:
            raise BreachCheckError("offline-file", "The folder is missing the file for this password.") from exc


def open_offline(path: str | os.PathLike[str]) -> OfflineHashFile | OfflinePrefixFolder:
    target = Path(path)
    if target.is_dir():
        return OfflinePrefixFolder(target)
    return OfflineHashFile(target)


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
    return BreachResult(None, "no", "Not checked: online checks are off and no offline hash file is set.")


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
