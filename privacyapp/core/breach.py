"""Is a password in a known breach? Have I Been Pwned's Pwned Passwords, by k-anonymity, online or offline.

Online: SHA-1 the password, send only the first 5 hex characters (`GET {base}/range/ABCDE`, with a
User-Agent and `Add-Padding: true`), and compare the 35-character suffixes that come back on this computer.
Rows with a count of 0 are padding and never mean "found". Offline: the same look-up in the file of the
official downloader (one sorted `SHA1:COUNT` file) or its per-prefix folder, by seeking, never by scanning.

When a check cannot be made, the answer is "could not check", never "not found".
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
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
MAX_IN_FLIGHT = 8  # requests at once in a batch: the issue allows 4 to 8
CONNECT_BACKOFF = 0.2  # seconds before retrying a refused connection, then twice that
_log = logging.getLogger(__name__)


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


class HttpClient:
    """GETs for one HIBP service, on aiohttp, with one asyncio event loop in the calling thread: an audit's
    requests wait together in that one thread. (Eight threads on urllib3 cost ~0.5 ms of CPU per request here,
    mostly in waking up one by one and handing the GIL around; one event loop ~0.25 ms; bench/passwords.py.)

    `headers` go with every request. A proxy is taken from the environment (HTTPS_PROXY, NO_PROXY, ...) as
    browsers and most tools do. Statuses are handled here, so that a long Retry-After becomes "try again later"
    instead of a long wait; redirects are not followed. Thread-safe: each call has its own loop and connections.
    """

    def __init__(
        self,
        headers: dict[str, str],
        *,
        timeout: tuple[float, float] = TIMEOUT,
        max_retry_after: float = MAX_RETRY_AFTER,
        on_request: Callable[[Request], None] | None = None,
    ) -> None:
        self.headers = {"User-Agent": USER_AGENT, **headers}
        self.timeout = timeout
        self.max_retry_after = max_retry_after
        self._on_request = on_request
        self._route: dict[tuple[str, str], tuple[str | None, dict[str, str] | None]] = {}  # (scheme, host) ->
        self._lock = threading.Lock()

    def get(self, url: str) -> tuple[bytes, str]:
        """(body, content type) of a 200 answer; anything else is a BreachCheckError whose `kind` says what
        happened."""
        outcomes: list[tuple[bytes, str] | BreachCheckError] = []
        self.get_many([url], in_flight=1, on_done=lambda _index, outcome: outcomes.append(outcome))
        if isinstance(outcomes[0], BreachCheckError):
            raise outcomes[0]
        return outcomes[0]

    def get_many(
        self,
        urls: Sequence[str],
        *,
        in_flight: int,
        on_done: Callable[[int, tuple[bytes, str] | BreachCheckError], None],
        cancel: threading.Event | None = None,
    ) -> None:
        """GET every url, `in_flight` at a time (at most MAX_IN_FLIGHT): `on_done(index, outcome)` in this
        thread as each answer comes. Once `cancel` is set, no new request starts."""
        import asyncio

        if urls:
            asyncio.run(self._get_many(urls, max(1, min(in_flight, MAX_IN_FLIGHT, len(urls))), on_done, cancel))

    async def _get_many(
        self,
        urls: Sequence[str],
        workers: int,
        on_done: Callable[[int, tuple[bytes, str] | BreachCheckError], None],
        cancel: threading.Event | None,
    ) -> None:
        import asyncio

        import aiohttp

        queue = iter(enumerate(urls))  # shared by the workers: each takes the next url when it is free

        async def work(session: aiohttp.ClientSession) -> None:
            for index, url in queue:
                if cancel is not None and cancel.is_set():
                    return
                try:
                    outcome: tuple[bytes, str] | BreachCheckError = await self._get(session, url)
                except BreachCheckError as exc:
                    outcome = exc
                on_done(index, outcome)

        async with aiohttp.ClientSession(
            headers=self.headers,
            timeout=aiohttp.ClientTimeout(total=None, connect=self.timeout[0], sock_read=self.timeout[1]),
            connector=aiohttp.TCPConnector(limit=workers),  # one connection per worker: never more in flight
            cookie_jar=aiohttp.DummyCookieJar(),
            trust_env=False,  # the proxy is chosen by proxy_for, which also refuses what cannot work
        ) as session:
            await asyncio.gather(*(work(session) for _ in range(workers)))

    async def _get(self, session: Any, url: str) -> tuple[bytes, str]:
        import asyncio

        import aiohttp

        parts = urlsplit(url)
        proxy, proxy_headers = self.proxy_for(parts.scheme, parts.hostname or "")
        # The proxy's login goes on the CONNECT request for https, on the request itself (which the proxy
        # receives) for plain http: aiohttp sends proxy_headers only with CONNECT.
        proxied: dict[str, Any] = {"proxy": proxy}
        proxied["proxy_headers" if parts.scheme == "https" else "headers"] = proxy_headers

        def record(outcome: str) -> None:
            if self._on_request is not None:
                self._on_request(Request(datetime.now(UTC), parts.hostname or "", parts.path, outcome))

        for attempt in range(ATTEMPTS):
            try:
                async with session.get(url, allow_redirects=False, **proxied) as response:
                    status, body, headers = response.status, await response.read(), response.headers
            except TimeoutError as exc:  # aiohttp's own timeouts are TimeoutErrors too
                record("timed out")
                raise BreachCheckError(
                    "timeout",
                    "The breach service did not answer in time.",
                    hint="Try again later, or use an offline hash file.",
                ) from exc
            except aiohttp.ClientError as exc:
                never_reached = isinstance(exc, aiohttp.ClientConnectorError) and not isinstance(
                    exc, aiohttp.ClientSSLError
                )
                if never_reached and attempt + 1 < ATTEMPTS:  # refused, or the name did not resolve: try again
                    _log.warning("Retrying a connection to %s (%s)", parts.hostname, type(exc).__name__)
                    await asyncio.sleep(CONNECT_BACKOFF * (attempt + 1))
                    continue
                record("no connection")
                raise BreachCheckError(
                    "no-network",
                    "privacyapp could not reach the breach service.",
                    hint="Check the internet connection, or use an offline hash file.",
                ) from exc
            record(str(status))
            if status == 200:
                return body, headers.get("Content-Type", "")
            if status == 429 or status >= 500:
                wait = _retry_after(headers.get("Retry-After"))
                if status == 429 and (wait is None or wait > self.max_retry_after):
                    raise BreachCheckError(
                        "rate-limited", "The breach service asked privacyapp to slow down.", hint="Try again later."
                    )
                if attempt + 1 < ATTEMPTS:
                    await asyncio.sleep(min(wait if wait is not None else 0.5 * (attempt + 1), self.max_retry_after))
                    continue
                kind = "rate-limited" if status == 429 else "server"
                raise BreachCheckError(
                    kind, f"The breach service had a problem (HTTP {status}).", hint="Try again later."
                )
            if 300 <= status < 400:
                raise BreachCheckError(
                    "not-range",
                    "The breach service redirected somewhere else, so privacyapp "
                    "did not follow (a login page of a public Wi-Fi may be in the way).",
                )
            raise BreachCheckError("server", f"The breach service refused the request (HTTP {status}).")
        raise AssertionError("unreachable")  # pragma: no cover

    def proxy_for(self, scheme: str, host: str) -> tuple[str | None, dict[str, str] | None]:
        """(proxy URL, headers for the proxy) for this scheme and host, or (None, None) to go direct. Decided
        once per scheme and host: reading the environment for every request cost a third of a check's CPU."""
        from urllib.request import getproxies, proxy_bypass

        with self._lock:
            if (scheme, host) not in self._route:
                proxies = getproxies()  # the environment (and the system's settings on macOS and Windows)
                proxy = proxies.get(scheme) or proxies.get("all")
                self._route[scheme, host] = (None, None) if not proxy or proxy_bypass(host) else _proxy(proxy)
            return self._route[scheme, host]


def _proxy(setting: str) -> tuple[str, dict[str, str] | None]:
    """The proxy's address, and its login as a header, from a setting like http://user:pass@proxy:3128. Never
    quotes the setting in an error: it may hold the proxy's password."""
    from base64 import b64encode
    from urllib.parse import unquote

    try:
        parsed = urlsplit(setting if "://" in setting else f"http://{setting}")
        port = parsed.port
    except ValueError as exc:
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
    headers = None
    if parsed.username is not None:
        login = f"{unquote(parsed.username)}:{unquote(parsed.password or '')}".encode()
        headers = {"Proxy-Authorization": f"Basic {b64encode(login).decode('ascii')}"}
    host = f"[{parsed.hostname}]" if parsed.hostname and ":" in parsed.hostname else parsed.hostname
    return f"{parsed.scheme}://{host}" + (f":{port}" if port else ""), headers


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
