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
It can also be hostile, as a broken proxy or an attacker on the path may be: an answer whose end is the
connection closing (`close_delimited`, cut inside a row with `cut`), a gzip bomb sent although identity was
asked for (`gzip_bomb`), an endless body (`endless`), a huge one (`huge`), a body or headers sent one byte at a
time (`dripping_body`, `dripping_headers`).
"""

from __future__ import annotations

import contextlib
import functools
import random
import threading
import zlib
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
    # How the end of the body is told: "length" (Content-Length), "chunked", or "close" (neither: the connection
    # closing ends it, as HTTP/1.0 allows). Anything but "length" is written by hand, in HTTP/1.1.
    framing: str = "length"
    repeat: int | None = 1  # the body is sent this many times over (None: for ever, until the client goes)
    cut: int | None = None  # after this many bytes of the body, the connection is closed
    drip: float = 0.0  # seconds between the bytes of the body
    drip_headers: float = 0.0  # seconds between the bytes of the status line and headers
    declared: int | None = None  # the Content-Length sent, when it is not the body's own

    @property
    def hostile(self) -> bool:
        normal = ("length", 1, None, 0.0, 0.0, None)
        return (self.framing, self.repeat, self.cut, self.drip, self.drip_headers, self.declared) != normal


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


def close_delimited(*, cut: int | None = None, body: bytes | None = None) -> Reply:
    """The range answer with neither Content-Length nor chunks, so that only the connection closing ends it;
    with `cut`, it closes after that many bytes."""
    return Reply(200, (("Content-Type", "text/plain"),), body, framing="close", cut=cut)


def chunked(*, cut: int | None = None, body: bytes | None = None) -> Reply:
    """The range answer in chunks; with `cut`, the connection closes after that many bytes of it, before the
    last (empty) chunk."""
    return Reply(200, (("Content-Type", "text/plain"),), body, framing="chunked", cut=cut)


GIGABYTE = 1024**3


@functools.cache
def _gzip_member(size: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: a gzip member
    return packer.compress(bytes(size)) + packer.flush()


def gzip_bomb(inflated: int = 2 * GIGABYTE, *, framing: str = "length") -> Reply:
    """A small gzip body (one member of 16 MiB of zeros, repeated: gzip allows many members in a row) that
    inflates to `inflated` bytes, sent with `Content-Encoding: gzip` whatever was asked for."""
    member = _gzip_member(16 * 1024 * 1024)
    count = max(1, inflated // (16 * 1024 * 1024))
    return Reply(
        200,
        (("Content-Type", "text/plain"), ("Content-Encoding", "gzip")),
        member,
        framing=framing,
        repeat=count,
        declared=len(member) * count if framing == "length" else None,
    )


# 1,724 rows of 38 bytes that look like a range answer's: a huge answer made of them is still "valid"
ROWS_BLOCK = b"".join(f"{n:035X}:0\r\n".encode("ascii") for n in range(1724))


def huge(size: int, *, framing: str = "length") -> Reply:
    """A range answer of about `size` bytes of valid-looking rows."""
    count = max(1, size // len(ROWS_BLOCK))
    declared = len(ROWS_BLOCK) * count if framing == "length" else None
    return Reply(200, (("Content-Type", "text/plain"),), ROWS_BLOCK, framing=framing, repeat=count, declared=declared)


def endless() -> Reply:
    """Chunks of valid-looking rows for ever, until the client goes away (or the test ends)."""
    return Reply(200, (("Content-Type", "text/plain"),), ROWS_BLOCK, framing="chunked", repeat=None)


def dripping_body(every: float) -> Reply:
    """The normal range answer, with its Content-Length, one byte every `every` seconds."""
    return Reply(200, (("Content-Type", "text/plain"),), None, framing="length", drip=every)


def dripping_headers(every: float) -> Reply:
    """The status line and headers one byte every `every` seconds (then the normal answer)."""
    return Reply(200, (("Content-Type", "text/plain"),), None, framing="length", drip_headers=every)


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

    def send_by_hand(self, reply: Reply, headers: dict[str, str], body: bytes) -> None:
        """A reply with hostile framing, pace or size, written byte for byte. Stops when the client goes away
        or the test ends."""
        stopping: threading.Event = self.server.fake.stopping
        self.close_connection = True
        lines = [f"HTTP/1.1 {reply.status} {self.responses.get(reply.status, ('',))[0]}"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        if reply.framing == "length":
            lines.append(
                f"Content-Length: {reply.declared if reply.declared is not None else len(body) * (reply.repeat or 1)}"
            )
        elif reply.framing == "chunked":
            lines.append("Transfer-Encoding: chunked")
        lines.append("Connection: close")
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        try:
            if not self._write(head, reply.drip_headers, stopping):
                return
            sent = 0
            copies = 0
            while reply.repeat is None or copies < reply.repeat:
                copies += 1
                piece = body if reply.cut is None else body[: max(0, reply.cut - sent)]
                framed = f"{len(piece):X}\r\n".encode() + piece + b"\r\n" if reply.framing == "chunked" else piece
                if piece and not self._write(framed, reply.drip, stopping):
                    return
                sent += len(piece)
                if reply.cut is not None and sent >= reply.cut:
                    return  # cut: the connection closes here, without the end
            if reply.framing == "chunked":
                self._write(b"0\r\n\r\n", 0.0, stopping)
        except OSError:
            pass  # the client gave up, as it should

    def _write(self, data: bytes, every: float, stopping: threading.Event) -> bool:
        """Write `data`, one byte every `every` seconds when asked; False when the test is over."""
        if not every:
            self.wfile.write(data)
            return not stopping.is_set()
        for byte in data:
            self.wfile.write(bytes((byte,)))
            if stopping.wait(every):
                return False
        return True

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
        if reply.hostile:
            self.send_by_hand(reply, headers, body)
        else:
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
