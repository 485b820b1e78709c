"""Hard limits on every breach-check answer, against hostile replies of the stand-in servers on 127.0.0.1
(tests/integration/hibp_server.py, breach_catalogue_server.py): an answer whose end cannot be proven, a gzip
bomb although identity was asked for, an endless body, a 50 MB answer, a body or headers dripped one byte at a
time. Each is "could not check" with its own reason, nothing crashes, and memory stays bounded (tracemalloc's
peak, which counts every Python allocation of every thread, inflated bytes included)."""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest

from privacyapp.core.accounts import breaches
from privacyapp.core.breach import BreachCheckError, RangeClient, check
from privacyapp.core.hibp_http import Request
from privacyapp.core.redact import Secret
from tests.conftest import clean_env, run, tool
from tests.integration.breach_catalogue_server import FakeCatalogueServer, api_breach, catalogue_server
from tests.integration.hibp_server import (
    GIGABYTE,
    FakeRangeServer,
    Reply,
    chunked,
    close_delimited,
    dripping_body,
    dripping_headers,
    endless,
    gzip_bomb,
    hibp_server,
    huge,
    status,
)

FAST = (1.0, 1.0)  # connect, read: each read; the drips below send a byte well within it
DEADLINE = 2.0  # the whole request: short, so that the dripping servers are stopped quickly
DRIP = 0.25  # seconds between bytes: never a read timeout, only the deadline ends it
MEMORY = 100 * 1024 * 1024  # the most a check may hold at once, whatever the server sends

FOUND = "correct horse battery staple"  # in the server's data, seen 4,242 times


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest().upper()


PREFIX = sha1(FOUND)[:5]
EARLIER = PREFIX + "0" * 35  # a real row that sorts before FOUND's, with a count of several digits


@pytest.fixture
def server() -> Iterator[FakeRangeServer]:
    with hibp_server(hashes={sha1(FOUND): 4242, EARLIER: 31337}) as fake:
        yield fake


def _client(fake: FakeRangeServer, **kwargs: object) -> RangeClient:
    settings: dict[str, object] = {"timeout": FAST, "deadline": DEADLINE, **kwargs}
    return RangeClient(base_url=fake.base_url, **settings)  # type: ignore[arg-type]


def _error(client: RangeClient, password: str = FOUND) -> BreachCheckError:
    with pytest.raises(BreachCheckError) as info:
        client.count(Secret(password))
    return info.value


@contextlib.contextmanager
def peak_memory() -> Iterator[list[int]]:
    """The most memory Python held at once inside the block (every thread's), in bytes, in `peak[0]`."""
    peak: list[int] = []
    tracemalloc.start()
    try:
        yield peak
    finally:
        peak.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()


def _cut_inside_earlier_count(fake: FakeRangeServer) -> int:
    """Where to cut the answer so that it ends inside the count of the row before FOUND's: what is left still
    reads as a valid range answer, without FOUND's row."""
    body = fake.range_body(PREFIX)
    cut = body.index(b":31337") + len(b":313")
    assert sha1(FOUND)[5:].encode() in body[cut:] and sha1(FOUND)[5:].encode() not in body[:cut]
    return cut


# --- 1. the end of an answer must be proven ------------------------------------------------------------------------


def test_a_close_delimited_answer_cut_inside_a_count_is_incomplete(server: FakeRangeServer) -> None:
    server.default = close_delimited(cut=_cut_inside_earlier_count(server))
    records: list[Request] = []
    client = _client(server, on_request=records.append)
    error = _error(client)
    assert error.kind == "incomplete" and "incomplete" in error.message
    result = check(Secret(FOUND), online=client)
    assert (result.count, result.checked, result.found) == (None, "no", False)
    assert "incomplete" in result.error
    assert [r.outcome for r in records] == ["incomplete", "incomplete"]


def test_a_whole_close_delimited_answer_is_refused_too(server: FakeRangeServer) -> None:
    """Whole or cut, such an answer looks the same to the client: no framing, no proof, no answer."""
    server.default = close_delimited()
    assert _error(_client(server)).kind == "incomplete"


def test_a_chunked_answer_is_accepted_when_its_last_chunk_came(server: FakeRangeServer) -> None:
    server.default = chunked()
    assert _client(server).count(Secret(FOUND)) == 4242


def test_a_chunked_answer_cut_before_its_last_chunk_is_incomplete(server: FakeRangeServer) -> None:
    server.default = chunked(cut=_cut_inside_earlier_count(server))
    assert _error(_client(server)).kind == "incomplete"


def test_an_answer_shorter_than_its_content_length_is_incomplete(server: FakeRangeServer) -> None:
    cut = _cut_inside_earlier_count(server)
    server.default = Reply(body=server.range_body(PREFIX)[:cut], declared=len(server.range_body(PREFIX)))
    assert _error(_client(server)).kind == "incomplete"


def test_cli_says_could_not_check_for_a_cut_answer(server: FakeRangeServer) -> None:
    """The attack of issue 12: before, `password check` said "not found" and exited 0 for a password the same
    server reports 4,242 times."""
    server.default = close_delimited(cut=_cut_inside_earlier_count(server))
    result = run(
        [tool("privacyapp-cli"), "password", "check"],
        env=clean_env(PRIVACYAPP_PWNED_PASSWORDS_URL=server.base_url),
        stdin=f"{FOUND}\n",
        timeout=60,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "could not check for breaches" in result.stdout and "incomplete" in result.stdout
    assert "not found" not in result.stdout
    assert "Traceback" not in result.stderr
    assert FOUND not in result.stdout + result.stderr


# --- 2. size -------------------------------------------------------------------------------------------------------


def test_a_gzip_bomb_is_refused_unopened_when_identity_was_asked_for(server: FakeRangeServer) -> None:
    server.default = gzip_bomb(2 * GIGABYTE)
    client = _client(server)
    with peak_memory() as peak:
        error = _error(client)
    assert error.kind == "compressed" and "compressed" in error.message
    assert peak[0] < MEMORY
    assert len(server.log) == 1


def test_an_endless_body_is_cut_at_the_cap(server: FakeRangeServer) -> None:
    server.default = endless()
    client = _client(server, deadline=30.0)  # the cap, not the deadline, must stop it
    with peak_memory() as peak:
        error = _error(client)
    assert error.kind == "too-large" and "too large" in error.message
    assert peak[0] < MEMORY


@pytest.mark.parametrize("framing", ["length", "chunked"])
def test_a_50_mb_answer_is_too_large(server: FakeRangeServer, framing: str) -> None:
    server.default = huge(50 * 1024 * 1024, framing=framing)
    client = _client(server, deadline=30.0)
    with peak_memory() as peak:
        error = _error(client)
    assert error.kind == "too-large"
    assert peak[0] < MEMORY


def test_a_retried_500_with_an_endless_body_is_not_read_to_its_end(server: FakeRangeServer) -> None:
    """urllib3 reads a retried answer to its end before it asks again; ours is closed instead."""
    server.plan.append(Reply(500, body=b"x" * 65536, framing="chunked", repeat=None))
    client = _client(server, deadline=30.0)
    with peak_memory() as peak:
        assert client.count(Secret(FOUND)) == 4242
    assert peak[0] < MEMORY
    assert len(server.log) == 2


# --- 2. time -------------------------------------------------------------------------------------------------------


def test_a_body_dripped_one_byte_at_a_time_is_stopped_at_the_deadline(server: FakeRangeServer) -> None:
    server.default = dripping_body(DRIP)
    records: list[Request] = []
    error = _error(_client(server, on_request=records.append))
    assert error.kind == "too-slow" and "took too long" in error.message
    assert [r.outcome for r in records] == ["took too long"]


def test_headers_dripped_one_byte_at_a_time_are_stopped_at_the_deadline(server: FakeRangeServer) -> None:
    server.default = dripping_headers(DRIP)
    error = _error(_client(server))
    assert error.kind == "too-slow"
    assert len(server.log) == 1, "not asked again after the deadline"


def test_a_long_wait_asked_by_a_503_ends_by_the_deadline(server: FakeRangeServer) -> None:
    server.default = status(503, retry_after="60")
    error = _error(_client(server, max_retry_after=60.0))
    assert error.kind == "too-slow"


def test_a_batch_keeps_going_past_hostile_prefixes(server: FakeRangeServer) -> None:
    others = sorted({sha1(f"password {i}")[:5] for i in range(6)} - {PREFIX})[:4]
    server.rules[others[0]] = endless()
    server.rules[others[1]] = dripping_headers(DRIP)
    server.rules[others[2]] = close_delimited()
    server.rules[others[3]] = gzip_bomb(GIGABYTE)
    with peak_memory() as peak:
        answers = _client(server).fetch_ranges([PREFIX, *others])
    kinds = {p: a.kind if isinstance(a, BreachCheckError) else "ok" for p, a in answers.items()}
    assert kinds == {
        PREFIX: "ok",
        others[0]: "too-large",
        others[1]: "too-slow",
        others[2]: "incomplete",
        others[3]: "compressed",
    }
    assert answers[PREFIX] == {sha1(FOUND)[5:]: 4242, EARLIER[5:]: 31337}
    assert peak[0] < MEMORY


# --- the breach catalogue ------------------------------------------------------------------------------------------


@pytest.fixture
def catalogue() -> Iterator[FakeCatalogueServer]:
    with catalogue_server(breaches=[api_breach("CodeHub", "codehub.com", "2024-01-15")]) as fake:
        yield fake


def _catalogue_error(fake: FakeCatalogueServer, **kwargs: object) -> BreachCheckError:
    with pytest.raises(BreachCheckError) as info:
        breaches.fetch(fake.base_url, timeout=FAST, **{"deadline": DEADLINE, **kwargs})  # type: ignore[arg-type]
    return info.value


def test_the_catalogue_may_come_gzipped(catalogue: FakeCatalogueServer) -> None:
    body = gzip.compress(json.dumps(catalogue.breaches).encode())
    catalogue.default = Reply(200, (("Content-Type", "application/json"), ("Content-Encoding", "gzip")), body)
    got = breaches.fetch(catalogue.base_url, timeout=FAST, deadline=DEADLINE)
    assert [b.name for b in got.breaches] == ["CodeHub"]
    assert catalogue.log[0].header("Accept-Encoding") == "gzip"


def test_a_catalogue_gzip_bomb_stops_at_the_cap_as_it_inflates(catalogue: FakeCatalogueServer) -> None:
    catalogue.default = gzip_bomb(2 * GIGABYTE)
    with peak_memory() as peak:
        error = _catalogue_error(catalogue, deadline=60.0)
    assert error.kind == "too-large"
    assert peak[0] < MEMORY


def test_a_catalogue_that_never_ends_stops_at_the_cap(catalogue: FakeCatalogueServer) -> None:
    catalogue.default = endless()
    with peak_memory() as peak:
        error = _catalogue_error(catalogue, deadline=60.0)
    assert error.kind == "too-large"
    assert peak[0] < MEMORY


def test_a_catalogue_declared_too_large_is_refused_before_it_is_read(catalogue: FakeCatalogueServer) -> None:
    catalogue.default = Reply(200, body=b"[]", declared=breaches.MAX_BODY + 1)
    assert _catalogue_error(catalogue).kind == "too-large"


def test_a_dripped_catalogue_is_stopped_at_the_deadline(catalogue: FakeCatalogueServer) -> None:
    catalogue.default = Reply(200, (("Content-Type", "application/json"),), None, drip=DRIP)
    assert _catalogue_error(catalogue).kind == "too-slow"


def test_a_cut_catalogue_is_incomplete(catalogue: FakeCatalogueServer) -> None:
    catalogue.default = Reply(200, (("Content-Type", "application/json"),), None, framing="close")
    assert _catalogue_error(catalogue).kind == "incomplete"


# --- nothing links one check to another, nothing of the person's is sent ------------------------------------------


def test_a_cookie_set_by_the_server_is_never_sent_back(server: FakeRangeServer) -> None:
    server.default = Reply(headers=(("Set-Cookie", "tracker=abc123; Path=/"),))
    prefixes = sorted({sha1(f"password {i}")[:5] for i in range(4)})
    answers = _client(server).fetch_ranges(prefixes, in_flight=1)  # one thread, one Session, one after another
    assert all(not isinstance(a, BreachCheckError) for a in answers.values())
    assert len(server.log) == len(prefixes)
    assert all(r.header("Cookie") is None for r in server.log)


def test_a_login_in_netrc_is_never_sent(
    server: FakeRangeServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login someone password hunter2\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    assert _client(server).count(Secret(FOUND)) == 4242
    assert server.log[0].header("Authorization") is None
