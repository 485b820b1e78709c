"""How privacyapp's breach checks use requests and urllib3 (core/hibp_http.py says what they do): a Session per
caller, urllib3's Retry with our rules, and the watchdog that ends a request at its deadline by shutting its
connection down. Imported on the first request, not with hibp_http: requests takes 40 to 80 ms to import.
"""

from __future__ import annotations

import contextlib
import logging
import math
import socket
import threading
import time
from collections.abc import Callable
from http.cookiejar import DefaultCookiePolicy
from types import TracebackType
from typing import Any, Self

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import ConnectionPool, HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, MaxRetryError, NewConnectionError, ReadTimeoutError, ResponseError
from urllib3.response import BaseHTTPResponse
from urllib3.util.retry import Retry

from privacyapp.core.hibp_limits import ATTEMPTS, CONNECT_BACKOFF, MAX_RETRY_AFTER, RETRY_STATUSES

_log = logging.getLogger("privacyapp.core.hibp_http")


class _Unlogged(logging.Filter):
    """urllib3's own records name the URL, whose path holds a hash prefix: ours say what matters without it."""

    def filter(self, record: logging.LogRecord) -> bool:
        return False


logging.getLogger("urllib3.connectionpool").addFilter(_Unlogged())


def new_session(headers: dict[str, str], max_retry_after: float) -> requests.Session:
    """A Session for one thread: `headers` on every request, no cookies, no ~/.netrc login, our Retry."""
    session = requests.Session()
    session.headers.update(headers)
    session.auth = _no_auth  # never a login from ~/.netrc: the service needs none
    session.cookies.set_policy(DefaultCookiePolicy(allowed_domains=[]))  # no cookie links one check to another
    adapter = _Adapter(
        max_retries=_Retry(
            total=None,
            connect=ATTEMPTS - 1,
            read=1,  # a kept-alive connection closed under us; read timeouts are not retried (_Retry)
            status=ATTEMPTS - 1,
            other=0,
            redirect=False,  # a redirect is returned, and refused below
            status_forcelist=RETRY_STATUSES,
            allowed_methods=frozenset({"GET"}),
            backoff_factor=CONNECT_BACKOFF / 2,
            respect_retry_after_header=True,
            retry_after_max=math.ceil(max_retry_after),  # and to the fraction by _Retry
            raise_on_status=False,
        ),
        pool_maxsize=1,  # one thread uses a session: one connection per host
    )
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def _no_auth(request: requests.PreparedRequest) -> requests.PreparedRequest:
    return request


# --- the watchdog --------------------------------------------------------------------------------------------------

_current = threading.local()  # .attempt: the Attempt of the request this thread is making, if any


class Attempt:
    """One request's deadline. Every socket the request uses is watched; at the deadline they are shut down,
    which wakes a read blocked on them (a server that drips its headers or body one byte at a time resets the
    read timeout with every byte, so the read timeout alone never ends it)."""

    def __init__(self, seconds: float, record: Callable[[str], None], max_wait: float) -> None:
        self.ends = time.monotonic() + seconds
        self.record = record
        self.max_wait = max_wait  # the longest Retry-After we wait for
        self.expired = False
        self._over = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> Self:
        _current.attempt = self
        self._timer.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._timer.cancel()
        with self._lock:
            self._over = True
            self._sockets.clear()
        _current.attempt = None

    def remaining(self) -> float:
        return max(0.0, self.ends - time.monotonic())

    def watch(self, sock: socket.socket | None) -> None:
        if sock is None:
            return
        with self._lock:
            if self.expired:
                _shut(sock)
            elif not self._over:
                self._sockets.append(sock)

    def _expire(self) -> None:
        with self._lock:
            if self._over:
                return
            self.expired = True
            for sock in self._sockets:
                _shut(sock)


def _attempt() -> Attempt | None:
    attempt: Attempt | None = getattr(_current, "attempt", None)
    return attempt


def _shut(sock: socket.socket) -> None:
    # the plain socket's shutdown even for TLS: ssl.SSLSocket's own would drop its state under the reader
    with contextlib.suppress(OSError):  # already closed
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


class _WatchedConnection(HTTPConnection):
    """A connection whose sockets the current request's watchdog can shut down: the new one (before TLS and a
    proxy's CONNECT), and the one each request is sent on (a kept-alive one, or the TLS one)."""

    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        attempt = _attempt()
        if attempt is not None:
            attempt.watch(sock)
        return sock

    def request(self, *args: Any, **kwargs: Any) -> None:
        attempt = _attempt()
        if attempt is not None:
            attempt.watch(self.sock)
        super().request(*args, **kwargs)


class _WatchedHTTPSConnection(_WatchedConnection, HTTPSConnection):
    pass


class _WatchedPool(HTTPConnectionPool):
    ConnectionCls = _WatchedConnection


class _WatchedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


_POOLS = {"http": _WatchedPool, "https": _WatchedHTTPSPool}


class _Adapter(HTTPAdapter):
    """requests' adapter, with connections the watchdog can shut down, direct or through a proxy."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = _POOLS

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        manager.pool_classes_by_scheme = _POOLS
        return manager


class _Retry(Retry):
    """urllib3's Retry with our rules. A 429 is retried only when it asks for a wait we accept (else the caller
    says "try again later" at once). A read timeout, a connect timeout and anything after the deadline are not
    retried. The answer being retried is closed, not read to its end (its body could be endless). Waits end by
    the deadline. Every retried status goes to the request log."""

    def increment(
        self,
        method: str | None = None,
        url: str | None = None,
        response: BaseHTTPResponse | None = None,
        error: Exception | None = None,
        _pool: ConnectionPool | None = None,
        _stacktrace: TracebackType | None = None,
    ) -> Self:
        attempt = _attempt()
        if error is not None and _not_worth_retrying(error, attempt):
            raise error
        if response is not None and response.status == 429 and not self._short_wait(response):
            raise MaxRetryError(_pool, url or "", ResponseError("rate limited"))  # type: ignore[arg-type]
        retry = super().increment(method, url, response, error, _pool, _stacktrace)
        if error is not None:  # refused, or the name did not resolve: asked again (the host only, never the path)
            _log.warning("Retrying a connection to %s (%s)", getattr(_pool, "host", "?"), type(error).__name__)
        if response is not None:
            response.close()
            if attempt is not None:
                attempt.record(str(response.status))
        return retry

    @staticmethod
    def _short_wait(response: BaseHTTPResponse) -> bool:
        asked = (response.headers.get("Retry-After") or "").strip()
        attempt = _attempt()
        limit = attempt.max_wait if attempt is not None else MAX_RETRY_AFTER
        return asked.isdigit() and int(asked) <= limit  # an HTTP date: treated as long

    def get_retry_after(self, response: BaseHTTPResponse) -> float | None:
        wait = super().get_retry_after(response)
        attempt = _attempt()
        if wait is None or attempt is None:
            return wait
        return min(wait, attempt.max_wait, attempt.remaining())

    def get_backoff_time(self) -> float:
        attempt = _attempt()
        wait = super().get_backoff_time()
        return wait if attempt is None else min(wait, attempt.remaining())


def _not_worth_retrying(error: Exception, attempt: Attempt | None) -> bool:
    if attempt is not None and attempt.expired:
        return True
    if isinstance(error, ReadTimeoutError):
        return True
    return isinstance(error, ConnectTimeoutError) and not isinstance(error, NewConnectionError)
