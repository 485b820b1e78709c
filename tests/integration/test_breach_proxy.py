"""Breach checks through a proxy set in the environment (HTTP_PROXY, NO_PROXY), as on a school or office
network: the request goes to the proxy, with the proxy's login, and NO_PROXY is honoured. The "proxy" here is a
real HTTP server on 127.0.0.1 that answers like the range API (a forwarding proxy adds nothing to test)."""

from __future__ import annotations

import base64
import contextlib
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from privacyapp.core.breach import BreachCheckError, RangeClient, check, sha1_hex
from privacyapp.core.redact import Secret

PASSWORD = Secret("correct horse battery staple")
DIGEST = sha1_hex(PASSWORD)


@contextlib.contextmanager
def fake_proxy() -> Iterator[tuple[str, list[tuple[str, dict[str, str]]]]]:
    seen: list[tuple[str, dict[str, str]]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_CONNECT(self) -> None:  # an https request: the tunnel is refused, after it is seen
            seen.append((f"CONNECT {self.path}", {k.lower(): v for k, v in self.headers.items()}))
            self.send_response(403)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_GET(self) -> None:
            seen.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
            body = f"{DIGEST[5:]}:7\r\n".encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        yield f"127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()


def test_the_request_goes_through_the_proxy_with_its_login(monkeypatch: pytest.MonkeyPatch) -> None:
    with fake_proxy() as (address, seen):
        monkeypatch.setenv("HTTP_PROXY", f"http://pupil:s%40fe@{address}")
        monkeypatch.delenv("NO_PROXY")
        monkeypatch.delenv("no_proxy")
        client = RangeClient("http://pwned.example")
        assert client.count(PASSWORD) == 7
    ((path, headers),) = seen
    assert path == f"http://pwned.example/range/{DIGEST[:5]}", "an absolute URL: the proxy fetches it"
    assert headers["proxy-authorization"] == "Basic " + base64.b64encode(b"pupil:s@fe").decode()
    assert headers["user-agent"].startswith("privacyapp/") and headers["add-padding"] == "true"


def test_for_https_the_login_goes_on_the_tunnel_request_only(monkeypatch: pytest.MonkeyPatch) -> None:
    with fake_proxy() as (address, seen):
        monkeypatch.setenv("HTTPS_PROXY", f"http://pupil:s%40fe@{address}")
        monkeypatch.delenv("NO_PROXY")
        monkeypatch.delenv("no_proxy")
        result = check(PASSWORD, online=RangeClient("https://pwned.example"))
    assert (result.count, result.checked) == (None, "no") and "could not reach" in result.error
    ((request, headers),) = seen
    assert request == "CONNECT pwned.example:443", "only the host and port: the path stays inside the tunnel"
    assert headers["proxy-authorization"] == "Basic " + base64.b64encode(b"pupil:s@fe").decode()


def test_no_proxy_is_honoured(monkeypatch: pytest.MonkeyPatch) -> None:
    with fake_proxy() as (proxy_address, proxy_seen), fake_proxy() as (direct_address, direct_seen):
        monkeypatch.setenv("HTTP_PROXY", f"http://{proxy_address}")  # NO_PROXY=127.0.0.1 from the fixture
        assert RangeClient(f"http://{direct_address}").count(PASSWORD) == 7
    assert proxy_seen == [] and [p for p, _ in direct_seen] == [f"/range/{DIGEST[:5]}"]


def test_a_socks_proxy_gets_a_clear_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTP_PROXY", "socks5://127.0.0.1:9")
    monkeypatch.delenv("NO_PROXY")
    monkeypatch.delenv("no_proxy")
    with pytest.raises(BreachCheckError) as caught:
        RangeClient("http://pwned.example").count(PASSWORD)
    assert caught.value.kind == "no-network" and "socks5 proxy" in caught.value.message


@pytest.mark.parametrize("proxy", ["http://pupil:s3cret@[bad", "http://pupil:s3cret@proxy.example:99999"])
def test_a_malformed_proxy_setting_gets_a_clear_message_without_its_password(
    monkeypatch: pytest.MonkeyPatch, proxy: str
) -> None:
    monkeypatch.setenv("HTTP_PROXY", proxy)
    monkeypatch.delenv("NO_PROXY")
    monkeypatch.delenv("no_proxy")
    result = check(PASSWORD, online=RangeClient("http://pwned.example"))
    assert (result.count, result.checked) == (None, "no")
    assert "proxy" in result.error and "not valid" in result.error and "s3cret" not in result.error
