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
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urlsplit

from privacyapp import __version__
from privacyapp.core.errors import PrivacyAppError
from privacyapp.core.network import pwned_passwords_url
from privacyapp.core.redact import Secret

USER_AGENT = f"privacyapp/{__version__}"
TIMEOUT = (5.0, 10.0)  # connect, read
ATTEMPTS = 3
MAX_RETRY_AFTER = 5.0  # seconds we are willing to wait when the service asks us to
_ROW = re.compile(rb"^([0-9A-Fa-f]{35}):(\d+)\r?$")


class BreachCheckError(PrivacyAppError):
    """The check could not be made. `kind` says why: no-network, timeout, rate-limited, not-range, server,
    offline-file."""

    def __init__(self, kind: str, message: str, *, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.kind = kind


@dataclass(frozen=True)
class BreachResult:
    count: int | None  # times seen in breaches; None when it could not be checked
    checked: str  # "online", "offline" or "no"
    error: str = ""

    @property
    def found(self) -> bool:
        return bool(self.count)


@dataclass(frozen=True)
class Request:
    """One request this session made, for the network activity view: never the password or its hash."""

    time: datetime
    host: str
    path: str  # /range/ABCDE: only the 5-character prefix
    outcome: str


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
        self.timeout = timeout
        self.max_retry_after = max_retry_after
        self._on_request = on_request
        self._session = new_session({"Add-Padding": "true"})
        self._cache: dict[str, Mapping[str, int]] = {}
        self._pending: dict[str, threading.Event] = {}
        self._failures: dict[str, BreachCheckError] = {}
        self._lock = threading.Lock()

    def count(self, password: Secret) -> int:
        digest = sha1_hex(password)
        return self.fetch_range(digest[:5]).get(digest[5:], 0)

    def fetch_range(self, prefix: str) -> Mapping[str, int]:
        """Suffix -> count for one prefix; padding rows (count 0) left out."""
        prefix = prefix.upper()
        if not re.fullmatch(r"[0-9A-F]{5}", prefix):
            raise ValueError("a range prefix is 5 hex characters")
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
            rows = self._get(prefix)
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

    def _get(self, prefix: str) -> Mapping[str, int]:
        body, content_type = http_get(
            self._session, f"{self.base_url}/range/{prefix}", self.timeout, self.max_retry_after, self._on_request
        )
        return _parse_range(body, content_type)


class HttpClient:
    """HTTPS GETs for one HIBP service, straight on urllib3 (requests' extra layer cost ~0.7 ms of CPU per
    request; bench/passwords.py). `headers` go with every request. A proxy is taken from the environment
    (HTTPS_PROXY, NO_PROXY, ...) as browsers and most tools do. urllib3 retries only what never reached the server
    (connection refused, DNS); statuses are handled by http_get, so that a long Retry-After becomes "try again
    later" instead of a long wait. Thread-safe: urllib3's pools are."""

    def __init__(self, headers: dict[str, str]) -> None:
        import urllib3
        from urllib3.util.retry import Retry

        self.headers = {"User-Agent": USER_AGENT, **headers}
        self._retry = Retry(
            total=2, connect=2, read=0, status=0, redirect=0, backoff_factor=0.3, respect_retry_after_header=False,
            raise_on_status=False, raise_on_redirect=False,
        )  # fmt: skip
        self._direct = urllib3.PoolManager(headers=self.headers, retries=self._retry)
        self._proxied: dict[str, Any] = {}
        self._route: dict[tuple[str, str], Any] = {}  # (scheme, host) -> the pool to use
        self._lock = threading.Lock()

    def _pool(self, url: str) -> Any:
        """The direct pool or the proxy's, decided once per scheme and host (reading the environment for every
        request cost a third of a check's CPU)."""
        from urllib.request import getproxies, proxy_bypass

        parts = urlsplit(url)
        where = (parts.scheme, parts.hostname or "")
        with self._lock:
            if where not in self._route:
                proxies = getproxies()  # the environment (and the system's settings on macOS and Windows)
                proxy = proxies.get(parts.scheme) or proxies.get("all")
                if not proxy or proxy_bypass(where[1]):
                    self._route[where] = self._direct
                else:
                    if proxy not in self._proxied:
                        self._proxied[proxy] = self._proxy_manager(proxy)
                    self._route[where] = self._proxied[proxy]
            return self._route[where]

    def _proxy_manager(self, proxy: str) -> Any:
        from urllib.parse import unquote

        import urllib3

        try:
            parsed = urlsplit(proxy if "://" in proxy else f"http://{proxy}")
            port = parsed.port
        except ValueError as exc:  # never quote the setting: it may hold the proxy's password
            raise BreachCheckError(
                "no-network",
                "privacyapp cannot use the proxy set on this computer: its address is not valid.",
                hint="Check the HTTPS_PROXY and HTTP_PROXY settings of this computer.",
            ) from exc
        if parsed.scheme not in ("http", "https"):
            raise BreachCheckError(
                "no-network",
                f"privacyapp cannot use a {parsed.scheme} proxy, only an http or https one.",
                hint="Check the HTTPS_PROXY setting of this computer.",
            )
        proxy_headers = {}
        if parsed.username is not None:
            auth = f"{unquote(parsed.username)}:{unquote(parsed.password or '')}"
            proxy_headers = urllib3.make_headers(proxy_basic_auth=auth)
        address = f"{parsed.scheme}://{parsed.hostname}" + (f":{port}" if port else "")
        return urllib3.ProxyManager(address, headers=self.headers, proxy_headers=proxy_headers, retries=self._retry)

    def get(self, url: str, timeout: tuple[float, float]) -> Any:
        import urllib3

        return self._pool(url).request(
            "GET", url, timeout=urllib3.Timeout(connect=timeout[0], read=timeout[1]), redirect=False
        )

    def close(self) -> None:
        self._direct.clear()
        with self._lock:
            for manager in self._proxied.values():
                manager.clear()


def new_session(headers: dict[str, str]) -> HttpClient:
    return HttpClient(headers)


def http_get(
    session: HttpClient,
    url: str,
    timeout: tuple[float, float],
    max_retry_after: float,
    on_request: Callable[[Request], None] | None = None,
) -> tuple[bytes, str]:
    """GET `url`: (body, content type) of a 200 answer. Retries 5xx and a 429 with a short Retry-After; any
    other outcome is a BreachCheckError whose `kind` says what happened. Redirects are not followed."""
    from urllib3.exceptions import HTTPError

    parts = urlsplit(url)

    def record(outcome: str) -> None:
        if on_request is not None:
            on_request(Request(datetime.now(UTC), parts.hostname or "", parts.path, outcome))

    for attempt in range(ATTEMPTS):
        try:
            response = session.get(url, timeout)
            status, body = response.status, response.data
        except HTTPError as exc:
            if _timed_out(exc):
                record("timed out")
                raise BreachCheckError(
                    "timeout",
                    "The breach service did not answer in time.",
                    hint="Try again later, or use an offline hash file.",
                ) from exc
            record("no connection")
            raise BreachCheckError(
                "no-network",
                "privacyapp could not reach the breach service.",
                hint="Check the internet connection, or use an offline hash file.",
            ) from exc
        record(str(status))
        if status == 200:
            return body, response.headers.get("Content-Type", "")
        if status == 429 or status >= 500:
            wait = _retry_after(response.headers.get("Retry-After"))
            if status == 429 and (wait is None or wait > max_retry_after):
                raise BreachCheckError(
                    "rate-limited", "The breach service asked privacyapp to slow down.", hint="Try again later."
                )
            if attempt + 1 < ATTEMPTS:
                time.sleep(min(wait if wait is not None else 0.5 * (attempt + 1), max_retry_after))
                continue
            kind = "rate-limited" if status == 429 else "server"
            raise BreachCheckError(kind, f"The breach service had a problem (HTTP {status}).", hint="Try again later.")
        if 300 <= status < 400:
            raise BreachCheckError(
                "not-range",
                "The breach service redirected somewhere else, so privacyapp "
                "did not follow (a login page of a public Wi-Fi may be in the way).",
            )
        raise BreachCheckError("server", f"The breach service refused the request (HTTP {status}).")
    raise AssertionError("unreachable")  # pragma: no cover


def _timed_out(exc: BaseException) -> bool:
    """A timeout, also when urllib3's retry wrapped it in a MaxRetryError."""
    from urllib3.exceptions import NewConnectionError, TimeoutError

    reason = getattr(exc, "reason", None) or exc
    # (in urllib3 2, a refused connection, NewConnectionError, is a kind of ConnectTimeoutError: not a timeout)
    return isinstance(reason, TimeoutError) and not isinstance(reason, NewConnectionError)


def _retry_after(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None  # an HTTP date: treat as "long"


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


class OfflineHashFile:
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


class OfflinePrefixFolder:
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
