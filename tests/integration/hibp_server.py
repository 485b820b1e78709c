"""A stand-in for the Pwned Passwords range API on 127.0.0.1, for tests. Never the real service.

`hibp_server()` starts a real HTTP server (ThreadingHTTPServer on port 0, in a thread) and yields a
`FakeRangeServer`: its `base_url`, its request `log` (method, path, request line, headers), and what it answers.

By default it answers `GET /range/ABCDE` the way the real service does with `Add-Padding: true`: one
`SUFFIX:COUNT` row (CRLF) for every hash in `hashes` under that prefix, plus padding rows with a count of 0
(random suffixes, and the suffix of every hash in `padding_hashes`, so a real password's suffix can be made to
show up only as padding). Per test it can instead:

* `plan`: replies used one per request, in order, before falling back to the normal answer
  (`[status(429, retry_after="1")]`: one 429, then normal answers);
* `rules`: a reply for every request of one prefix (`rules["ABCDE"] = status(500)`: always 500);
* `default`: the reply for every other request (`default = status(500)`: persistent 500).

A reply is a `Reply`: a status, headers, a body (None: the normal range answer) and a delay before answering.
"""

from __future__ import annotations

import contextlib
import random
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

CAPTIVE_PORTAL_HTML = (
    b"<!DOCTYPE html>\n<html><head><title>Welcome to CoffeeShop Wi-Fi</title></head>\n"
    b"<body><h1>Please log in</h1><form action='/login'><input name='room'></form></body></html>\n"
)


@dataclass(frozen=True)
class Reply:
    status: int = 200
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes | None = None  # None: the normal range answer for the requested prefix
    delay: float = 0.0  # seconds to wait before sending anything


def normal(*, delay: float = 0.0) -> Reply:
    return Reply(delay=delay)


def status(code: int, *, retry_after: str | None = None, body: bytes = b"", delay: float = 0.0) -> Reply:
    headers = (("Retry-After", retry_after),) if retry_after is not None else ()
    return Reply(code, headers, body, delay)


def redirect(location: str, code: int = 302, *, delay: float = 0.0) -> Reply:
    return Reply(code, (("Location", location),), b"", delay)


def html_page() -> Reply:
    return Reply(200, (("Content-Type", "text/html; charset=utf-8"),), CAPTIVE_PORTAL_HTML)


def empty() -> Reply:
    return Reply(200, (("Content-Type", "text/plain"),), b"")


@dataclass(frozen=True)
class LoggedRequest:
    method: str
    path: str
    request_line: str
    headers: dict[str, str]  # as sent; names kept in their case

    def header(self, name: str) -> str | None:
        for key, value in self.headers.items():
            if key.lower() == name.lower():
                return value
        return None


@dataclass
class FakeRangeServer:
    base_url: str = ""
    hashes: dict[str, int] = field(default_factory=dict)  # full SHA-1 (any case) -> count
    padding_hashes: set[str] = field(default_factory=set)  # full SHA-1s whose suffix is served with count 0
    padding_rows: int = 20  # random 0-count rows per answer
    plan: list[Reply] = field(default_factory=list)
    rules: dict[str, Reply] = field(default_factory=dict)  # prefix (upper case) -> reply
    default: Reply = field(default_factory=Reply)
    log: list[LoggedRequest] = field(default_factory=list)
    in_flight: int = 0  # requests being answered now
    most_in_flight: int = 0  # the most ever answered at once
    stopping: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def host_port(self) -> str:
        return self.base_url.split("://", 1)[1]

    def requests_for(self, prefix: str) -> list[LoggedRequest]:
        return [r for r in self.log if r.path == f"/range/{prefix.upper()}"]

    def range_body(self, prefix: str) -> bytes:
        prefix = prefix.upper()
        rows = [(h.upper()[5:], c) for h, c in self.hashes.items() if h.upper().startswith(prefix)]
        rows += [(h.upper()[5:], 0) for h in self.padding_hashes if h.upper().startswith(prefix)]
        rng = random.Random(prefix)
        rows += [(f"{rng.getrandbits(140):035X}", 0) for _ in range(self.padding_rows)]
        rows.sort()
        return b"".join(f"{suffix}:{count}\r\n".encode("ascii") for suffix, count in rows)

    def _choose(self, path: str) -> Reply:
        with self._lock:
            if self.plan:
                return self.plan.pop(0)
        prefix = path.rsplit("/", 1)[-1].upper()
        return self.rules.get(prefix, self.default)


class QuietHandler(BaseHTTPRequestHandler):
    """What the stand-in servers' handlers share: `server.fake` holds what they answer; requests are logged to
    `fake.log`, not printed; a client that gave up (a timeout test) is not an error."""

    server: _Server

    def log_request_to_fake(self) -> None:
        fake = self.server.fake
        with fake._lock:
            fake.log.append(LoggedRequest(self.command, self.path, self.requestline, dict(self.headers.items())))

    def send(self, status: int, headers: dict[str, str], body: bytes) -> None:
        try:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test)

    def log_message(self, format: str, *args: object) -> None:
        pass  # quiet: the test reads `fake.log`


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64  # the default 5 drops connections when a batch opens 8 at once, and they time out
    fake: Any


@contextlib.contextmanager
def serving(handler: type[QuietHandler], fake: Any) -> Iterator[None]:
    """`handler` answering on 127.0.0.1 from `fake` (its `base_url` is set); on exit its delayed answers are cut
    short (`fake.stopping`) and the server stops."""
    server = _Server(("127.0.0.1", 0), handler)
    server.fake = fake
    fake.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield
    finally:
        fake.stopping.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


class _Handler(QuietHandler):
    def do_GET(self) -> None:
        fake = self.server.fake
        with fake._lock:
            fake.in_flight += 1
            fake.most_in_flight = max(fake.most_in_flight, fake.in_flight)
        try:
            self._answer(fake)
        finally:
            with fake._lock:
                fake.in_flight -= 1

    def _answer(self, fake: FakeRangeServer) -> None:
        self.log_request_to_fake()
        reply = fake._choose(self.path)
        if reply.delay and fake.stopping.wait(reply.delay):
            return  # the test is over: drop the connection
        body = reply.body
        headers = dict(reply.headers)
        if body is None:
            if not self.path.startswith("/range/"):
                body, reply = b"not found", Reply(404)
            else:
                body = fake.range_body(self.path.rsplit("/", 1)[-1])
                headers.setdefault("Content-Type", "text/plain")
        self.send(reply.status, headers, body)


@contextlib.contextmanager
def hibp_server(**settings: object) -> Iterator[FakeRangeServer]:
    """A running fake range API on 127.0.0.1; stopped (and its delayed answers cut short) on exit."""
    fake = FakeRangeServer(**settings)  # type: ignore[arg-type]
    with serving(_Handler, fake):
        yield fake


def closed_port_url() -> str:
    """A loopback URL where nothing listens (connection refused)."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"
