"""HTTPS GETs for Have I Been Pwned's services (the Pwned Passwords range API and the public breach list), on
aiohttp: the proxy from the environment, timeouts, our own handling of 429 and 5xx (a short Retry-After is
waited for, a long one is "try again later"), no redirects, and a clear BreachCheckError for every way it can
fail. Many GETs at once share one asyncio event loop in the calling thread, never more than MAX_IN_FLIGHT.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from privacyapp import __version__
from privacyapp.core.errors import PrivacyAppError

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
class Request:
    """One request this session made, for the network activity view: never the password or its hash."""

    time: datetime
    host: str
    path: str  # /range/ABCDE: only the 5-character prefix
    outcome: str


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
