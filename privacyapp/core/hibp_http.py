"""HTTPS GETs for Have I Been Pwned's services (the Pwned Passwords range API and the public breach list), on
requests: the proxy from the environment, timeouts, urllib3's Retry for 429 and 5xx (a short Retry-After is
waited for, a long one is "try again later"), no redirects, and a clear BreachCheckError for every way it can
fail. Many GETs at once run on a pool of at most MAX_IN_FLIGHT threads, each with its own Session.

Every answer has hard limits, because a hostile server (or a broken proxy) must never give a false "not found"
nor exhaust memory or time: a cap on the bytes read (streamed, never read whole first), no Content-Encoding that
was not asked for, an end proven by its framing (Content-Length reached, or the chunked terminator read), and a
total deadline for the whole request (connect, status line, headers, body, retries), enforced by a watchdog
that shuts the connection down, besides the per-read timeout.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from privacyapp import __version__
from privacyapp.core.errors import PrivacyAppError
from privacyapp.core.hibp_limits import DEADLINE, MAX_BYTES, MAX_IN_FLIGHT, MAX_RETRY_AFTER, READ_SIZE, TIMEOUT
from privacyapp.i18n import _

if TYPE_CHECKING:  # requests and urllib3 are imported on the first request (core/hibp_transport.py), not with
    # this module: the GUI imports it on its own thread, and requests alone takes 40 to 80 ms to import
    import requests
    from urllib3.response import BaseHTTPResponse

    from privacyapp.core.hibp_transport import Attempt

USER_AGENT = f"privacyapp/{__version__}"


class BreachCheckError(PrivacyAppError):
    """The check could not be made. `kind` says why: no-network, timeout, rate-limited, not-range, server,
    offline-file, too-large, incomplete, too-slow, compressed."""

    def __init__(self, kind: str, message: str, *, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.kind = kind


@dataclass(frozen=True)
class Request:
    """One request this session made, for the network activity view: never the password or its hash."""

    time: datetime
    host: str
    path: str  # /range/ABCDE: only the 5-character prefix
    outcome: str


Outcome = tuple[bytes, str] | BreachCheckError  # (body, content type) of a 200 answer, or why there is none


class HttpClient:
    """GETs for one HIBP service. `headers` go with every request; an `Accept-Encoding` among them says which
    encodings an answer may have (identity alone: a compressed answer is refused, never inflated). A proxy is
    taken from the environment (HTTPS_PROXY, NO_PROXY, ...) by requests, as browsers and most tools do; one it
    cannot use is refused with a clear message. Thread-safe: every call has its own Session (requests does not
    promise that a shared one is), closed when the call ends.
    """

    def __init__(
        self,
        headers: dict[str, str],
        *,
        timeout: tuple[float, float] = TIMEOUT,
        max_retry_after: float = MAX_RETRY_AFTER,
        max_bytes: int = MAX_BYTES,
        deadline: float = DEADLINE,
        on_request: Callable[[Request], None] | None = None,
    ) -> None:
        self.headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "identity", **headers}
        self.timeout = timeout
        self.max_retry_after = max_retry_after
        self.max_bytes = max_bytes
        self.deadline = deadline
        self._on_request = on_request
        asked = {part.split(";")[0].strip().lower() for part in self.headers["Accept-Encoding"].split(",")}
        self._encodings = frozenset(asked | {"identity"})
        self._proxy_checked: dict[tuple[str, str], BreachCheckError | None] = {}
        self._lock = threading.Lock()

    def get(self, url: str) -> tuple[bytes, str]:
        """(body, content type) of a 200 answer; anything else is a BreachCheckError whose `kind` says what
        happened."""
        with self._session() as session:
            return self._get(session, url)

    def get_many(
        self,
        urls: Sequence[str],
        *,
        in_flight: int,
        on_done: Callable[[int, Outcome], None],
        cancel: threading.Event | None = None,
    ) -> None:
        """GET every url, `in_flight` at a time (at most MAX_IN_FLIGHT): `on_done(index, outcome)` in this
        thread as each answer comes. Once `cancel` is set, no new request starts."""
        workers = max(1, min(in_flight, MAX_IN_FLIGHT, len(urls)))
        local = threading.local()
        sessions: list[requests.Session] = []

        def fetch(url: str) -> Outcome:
            session = getattr(local, "session", None)
            if session is None:  # one per worker thread, for the whole batch: its connections are kept alive
                session = local.session = self._session()
                with self._lock:
                    sessions.append(session)
            try:
                return self._get(session, url)
            except BreachCheckError as exc:
                return exc

        try:
            with ThreadPoolExecutor(workers, thread_name_prefix="privacyapp-hibp") as pool:
                self._run(pool, workers, urls, fetch, on_done, cancel)
        finally:
            for session in sessions:
                session.close()

    @staticmethod
    def _run(
        pool: ThreadPoolExecutor,
        workers: int,
        urls: Sequence[str],
        fetch: Callable[[str], Outcome],
        on_done: Callable[[int, Outcome], None],
        cancel: threading.Event | None,
    ) -> None:
        """A new request is handed to the pool only after this thread has taken an answer in, so that a
        `cancel` set by `on_done` stops every request that had not started yet."""
        queue = iter(enumerate(urls))
        running: dict[Future[Outcome], int] = {}

        def start_next() -> None:
            if cancel is None or not cancel.is_set():
                for index, url in queue:
                    running[pool.submit(fetch, url)] = index
                    return

        for _worker in range(workers):
            start_next()
        while running:
            finished, _pending = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                on_done(running.pop(future), future.result())
                start_next()

    def _session(self) -> requests.Session:
        from privacyapp.core.hibp_transport import new_session

        return new_session(self.headers, self.max_retry_after)

    def _get(self, session: requests.Session, url: str) -> tuple[bytes, str]:
        parts = urlsplit(url)
        self._check_proxy(url, parts.scheme, parts.hostname or "")

        def record(outcome: str) -> None:
            if self._on_request is not None:
                self._on_request(Request(datetime.now(UTC), parts.hostname or "", parts.path, outcome))

        from privacyapp.core.hibp_transport import Attempt

        with Attempt(self.deadline, record, self.max_retry_after) as attempt:
            try:
                response = session.get(url, stream=True, allow_redirects=False, timeout=self.timeout)
            except Exception as exc:  # what it is decides below; anything else goes on up
                raise self._not_answered(exc, attempt) from exc
            with response:  # closed whatever happens: a connection half read is not used again
                try:
                    return self._answer(response, record)
                except BreachCheckError:
                    raise
                except Exception as exc:
                    raise self._cut_short(exc, attempt) from exc

    def _answer(self, response: requests.Response, record: Callable[[str], None]) -> tuple[bytes, str]:
        """The body of a 200 answer, within the limits; any other status is a BreachCheckError."""
        if response.status_code != 200:
            record(str(response.status_code))
            raise _status_error(response.status_code)
        encoding = response.headers.get("Content-Encoding", "identity").strip().lower()
        if encoding not in self._encodings:
            record("compressed")
            raise BreachCheckError(
                "compressed",
                _("The answer was compressed when it should not be, so privacyapp did not unpack it."),
                hint=_("Try again later, or use an offline hash file."),
            )
        raw = response.raw
        length = _declared_length(raw)
        if length is None and not raw.chunked:
            record("incomplete")
            raise _incomplete(
                _("The answer was incomplete: it did not say where it ends, so it cannot be proven whole.")
            )
        if length is not None and length > self.max_bytes:
            record("too large")
            raise self._too_large()
        body = self._read(raw, decode=encoding != "identity", record=record)
        if length is not None and raw.tell() != length:  # urllib3 checks it too; the end must be proven
            record("incomplete")
            raise _incomplete(_("The answer was incomplete: the connection ended before all of it came."))
        record("200")
        return body, response.headers.get("Content-Type", "")

    def _read(self, raw: BaseHTTPResponse, *, decode: bool, record: Callable[[str], None]) -> bytes:
        """The body, a piece at a time, never more than max_bytes of it (inflated, when it is compressed)."""
        pieces: list[bytes] = []
        size = 0
        for piece in raw.stream(READ_SIZE, decode_content=decode):
            size += len(piece)
            if size > self.max_bytes:
                record("too large")
                raise self._too_large()
            pieces.append(piece)
        return b"".join(pieces)

    def _too_large(self) -> BreachCheckError:
        return BreachCheckError(
            "too-large",
            _("The answer was too large (over {size} KB) to be from the breach service.").format(
                size=self.max_bytes // 1024
            ),
            hint=_("Try again later; a login page of a public Wi-Fi or a proxy may be in the way."),
        )

    def _took_too_long(self) -> BreachCheckError:
        return BreachCheckError(
            "too-slow",
            _("The answer took too long (over {seconds} seconds), so privacyapp stopped waiting.").format(
                seconds=f"{self.deadline:g}"
            ),
            hint=_("Try again later, or use an offline hash file."),
        )

    def _not_answered(self, exc: Exception, attempt: Attempt) -> BreachCheckError:
        """What went wrong before the status line and headers were in."""
        import requests
        import urllib3

        if attempt.expired:
            attempt.record("took too long")
            return self._took_too_long()
        if isinstance(exc, requests.Timeout | urllib3.exceptions.TimeoutError):
            attempt.record("timed out")
            return _timed_out()
        if isinstance(exc, requests.RequestException | urllib3.exceptions.HTTPError | OSError):
            attempt.record("no connection")
            return BreachCheckError(
                "no-network",
                _("privacyapp could not reach the breach service."),
                hint=_("Check the internet connection, or use an offline hash file."),
            )
        raise exc

    def _cut_short(self, exc: Exception, attempt: Attempt) -> BreachCheckError:
        """What went wrong while the body was being read."""
        import requests
        import urllib3
        from urllib3.exceptions import DecodeError, ReadTimeoutError

        if attempt.expired:
            attempt.record("took too long")
            return self._took_too_long()
        if isinstance(exc, ReadTimeoutError | requests.Timeout):
            attempt.record("timed out")
            return _timed_out()
        if isinstance(exc, DecodeError):
            attempt.record("damaged")
            return BreachCheckError("not-range", _("The answer was damaged: it could not be unpacked."))
        if isinstance(exc, urllib3.exceptions.HTTPError | requests.RequestException | OSError):
            attempt.record("incomplete")
            return _incomplete(_("The answer was incomplete: the connection ended before all of it came."))
        raise exc

    def _check_proxy(self, url: str, scheme: str, host: str) -> None:
        """Refuse, with a clear message, a proxy requests would pick but cannot use. Decided once per scheme
        and host. Never quotes the setting: it may hold the proxy's password."""
        from requests.utils import get_environ_proxies, select_proxy

        with self._lock:
            if (scheme, host) not in self._proxy_checked:
                proxy = select_proxy(url, get_environ_proxies(url))  # as requests will, NO_PROXY included
                self._proxy_checked[scheme, host] = _proxy_problem(proxy) if proxy else None
            problem = self._proxy_checked[scheme, host]
        if problem is not None:
            raise problem


def _proxy_problem(setting: str) -> BreachCheckError | None:
    try:
        parsed = urlsplit(setting if "://" in setting else f"http://{setting}")
        _port = parsed.port  # raises on a port that is not a number in range
    except ValueError:
        return BreachCheckError(
            "no-network",
            _("privacyapp cannot use the proxy set on this computer: its address is not valid."),
            hint=_("Check the HTTPS_PROXY and HTTP_PROXY settings of this computer."),
        )
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        return BreachCheckError(
            "no-network",
            _("privacyapp cannot use a {kind} proxy, only an http or https one.").format(
                kind=parsed.scheme or _("blank")
            ),
            hint=_("Check the HTTPS_PROXY setting of this computer."),
        )
    return None


def _declared_length(raw: BaseHTTPResponse) -> int | None:
    """The Content-Length of an answer that is not chunked, or None."""
    if raw.chunked:
        return None
    try:
        length = int(raw.headers.get("Content-Length", ""))
    except ValueError:
        return None
    return length if length >= 0 else None


def _status_error(status: int) -> BreachCheckError:
    if status == 429:
        return BreachCheckError(
            "rate-limited", _("The breach service asked privacyapp to slow down."), hint=_("Try again later.")
        )
    if status >= 500:
        return BreachCheckError(
            "server",
            _("The breach service had a problem (HTTP {status}).").format(status=status),
            hint=_("Try again later."),
        )
    if 300 <= status < 400:
        return BreachCheckError(
            "not-range",
            _(
                "The breach service redirected somewhere else, so privacyapp did not follow (a login page of a "
                "public Wi-Fi may be in the way)."
            ),
        )
    return BreachCheckError(
        "server", _("The breach service refused the request (HTTP {status}).").format(status=status)
    )


def _timed_out() -> BreachCheckError:
    return BreachCheckError(
        "timeout",
        _("The breach service did not answer in time."),
        hint=_("Try again later, or use an offline hash file."),
    )


def _incomplete(message: str) -> BreachCheckError:
    return BreachCheckError("incomplete", message, hint=_("Try again later, or use an offline hash file."))
