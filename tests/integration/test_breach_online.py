"""The Pwned Passwords range client against a real HTTP server on 127.0.0.1 (tests/integration/hibp_server.py):
what leaves the computer, padding, retries, Retry-After, timeouts, redirects, captive portals, and the CLI."""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from privacyapp import __version__
from privacyapp.core.breach import BreachCheckError, RangeClient, check, check_many
from privacyapp.core.hibp_http import Request
from privacyapp.core.redact import Secret
from tests.conftest import clean_env, run, tool
from tests.integration.hibp_server import (
    FakeRangeServer,
    closed_port_url,
    empty,
    hibp_server,
    html_page,
    normal,
    redirect,
    status,
)

FAST = (1.0, 1.0)  # connect, read: nothing here should need more on loopback


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest().upper()


FOUND = "correct horse battery staple"  # in the server's data, seen 4,242 times
PADDED = "Padding-Only-Pa55word"  # its suffix comes back only in a padding row (count 0)
ABSENT = "Never-Seen-Pa55word-9f3"


@pytest.fixture
def server() -> Iterator[FakeRangeServer]:
    with hibp_server(hashes={sha1(FOUND): 4242}, padding_hashes={sha1(PADDED)}) as fake:
        yield fake


def _client(fake: FakeRangeServer, **kwargs: object) -> RangeClient:
    return RangeClient(base_url=fake.base_url, timeout=FAST, **kwargs)  # type: ignore[arg-type]


def _error(client: RangeClient, password: str) -> BreachCheckError:
    with pytest.raises(BreachCheckError) as info:
        client.count(Secret(password))
    return info.value


# --- what is sent --------------------------------------------------------------------------------------------------


def test_only_the_prefix_leaves(server: FakeRangeServer) -> None:
    client = _client(server)
    for password in (FOUND, PADDED, ABSENT):
        client.count(Secret(password))
    assert len(server.log) == 3
    for password, request in zip((FOUND, PADDED, ABSENT), server.log, strict=True):
        digest = sha1(password)
        assert request.method == "GET"
        assert request.path == f"/range/{digest[:5]}"
        sent = request.request_line + "\n" + "\n".join(f"{k}: {v}" for k, v in request.headers.items())
        for form in (password, digest, digest.lower(), digest[5:], digest[5:].lower(), digest[:6]):
            assert form not in sent
        assert request.header("Cookie") is None and request.header("Authorization") is None


def test_user_agent_and_padding_headers(server: FakeRangeServer) -> None:
    _client(server).count(Secret(FOUND))
    (request,) = server.log
    assert request.header("User-Agent") == f"privacyapp/{__version__}"
    assert request.header("Add-Padding") == "true"
    assert request.header("Accept-Encoding") == "identity", "hex rows are not worth inflating on every check"


def test_base_url_comes_from_the_environment(server: FakeRangeServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRIVACYAPP_PWNED_PASSWORDS_URL", server.base_url + "/")
    assert RangeClient(timeout=FAST).count(Secret(FOUND)) == 4242
    assert [r.path for r in server.log] == [f"/range/{sha1(FOUND)[:5]}"]


# --- answers -------------------------------------------------------------------------------------------------------


def test_a_found_password_gives_its_count(server: FakeRangeServer) -> None:
    client = _client(server)
    assert client.count(Secret(FOUND)) == 4242
    rows = client.fetch_range(sha1(FOUND)[:5])
    assert rows == {sha1(FOUND)[5:]: 4242}  # padding rows left out
    assert check(Secret(FOUND), online=client).found


def test_a_suffix_only_in_a_padding_row_is_not_found(server: FakeRangeServer) -> None:
    assert sha1(PADDED)[5:].encode() in server.range_body(sha1(PADDED)[:5])
    result = check(Secret(PADDED), online=_client(server))
    assert (result.count, result.checked, result.found, result.error) == (0, "online", False, "")


def test_a_zero_row_after_a_real_one_does_not_hide_it(server: FakeRangeServer) -> None:
    server.padding_hashes.add(sha1(FOUND))  # the same suffix twice: 4242, then a padding 0
    assert _client(server).count(Secret(FOUND)) == 4242


def test_an_absent_password_is_zero_online(server: FakeRangeServer) -> None:
    result = check(Secret(ABSENT), online=_client(server))
    assert (result.count, result.checked, result.found) == (0, "online", False)


def test_lower_case_rows_are_understood(server: FakeRangeServer) -> None:
    digest = sha1(FOUND)
    server.plan.append(status(200, body=f"{digest[5:].lower()}:7\r\n{'a' * 35}:0\r\n".encode()))
    assert _client(server).count(Secret(FOUND)) == 7


# --- retries and failures ------------------------------------------------------------------------------------------


def test_429_with_a_short_retry_after_is_retried(server: FakeRangeServer) -> None:
    server.plan.append(status(429, retry_after="1"))
    started = time.monotonic()
    assert _client(server).count(Secret(FOUND)) == 4242
    assert 0.9 <= time.monotonic() - started < 4
    assert len(server.log) == 2


@pytest.mark.parametrize(
    "retry_after",
    [
        pytest.param("3600"),
        pytest.param("Wed, 21 Oct 2065 07:28:00 GMT"),
        pytest.param(None, id="none"),
    ],
)
def test_429_with_a_long_retry_after_is_rate_limited_at_once(server: FakeRangeServer, retry_after: str | None) -> None:
    server.default = status(429, retry_after=retry_after)
    started = time.monotonic()
    error = _error(_client(server), FOUND)
    assert time.monotonic() - started < 1.0
    assert error.kind == "rate-limited"
    assert len(server.log) == 1


def test_500_then_200_is_retried(server: FakeRangeServer) -> None:
    server.plan.append(status(500))
    started = time.monotonic()
    assert _client(server).count(Secret(FOUND)) == 4242
    assert time.monotonic() - started < 3
    assert len(server.log) == 2


def test_503_with_retry_after_then_200_is_retried(server: FakeRangeServer) -> None:
    server.plan.append(status(503, retry_after="0"))
    assert _client(server).count(Secret(FOUND)) == 4242
    assert len(server.log) == 2


def test_persistent_500_is_a_server_error(server: FakeRangeServer) -> None:
    server.default = status(500, retry_after="0")  # no waiting between the attempts
    error = _error(_client(server), FOUND)
    assert error.kind == "server"
    assert "500" in error.message
    assert len(server.log) == 3  # a few attempts, not forever


def test_a_client_error_status_is_a_server_error_without_retries(server: FakeRangeServer) -> None:
    server.default = status(403, body=b"Forbidden")
    assert _error(_client(server), FOUND).kind == "server"
    assert len(server.log) == 1


def test_a_timeout_is_a_timeout(server: FakeRangeServer) -> None:
    server.default = normal(delay=3)
    client = RangeClient(base_url=server.base_url, timeout=(1.0, 0.3))
    started = time.monotonic()
    error = _error(client, FOUND)
    assert time.monotonic() - started < 2
    assert error.kind == "timeout"


def test_a_timeout_is_could_not_check_and_quick(server: FakeRangeServer) -> None:
    """Whatever the kind, a server that does not answer gives "could not check", within the read timeout."""
    server.default = normal(delay=3)
    client = RangeClient(base_url=server.base_url, timeout=(1.0, 0.3))
    started = time.monotonic()
    result = check(Secret(FOUND), online=client)
    assert time.monotonic() - started < 2
    assert (result.count, result.checked) == (None, "no")
    assert len(server.log) == 1  # a read timeout is not retried


@pytest.mark.parametrize(
    "location",
    ["/login?next=/range/", "http://127.0.0.2:9/portal", "https://captive.example/login"],
)
def test_a_redirect_is_not_followed(server: FakeRangeServer, location: str) -> None:
    server.default = redirect(location)
    error = _error(_client(server), FOUND)
    assert error.kind == "not-range"
    assert "redirect" in error.message
    assert len(server.log) == 1  # not followed, even to the same server


def test_a_captive_portal_page_is_not_a_range(server: FakeRangeServer) -> None:
    server.default = html_page()
    error = _error(_client(server), FOUND)
    assert error.kind == "not-range"
    assert "<html" not in error.one_line().lower()


def test_an_empty_body_is_not_a_range(server: FakeRangeServer) -> None:
    server.default = empty()
    error = _error(_client(server), FOUND)
    assert error.kind == "not-range"
    assert "empty" in error.message


def test_a_refused_connection_is_no_network() -> None:
    client = RangeClient(base_url=closed_port_url(), timeout=FAST)
    started = time.monotonic()
    error = _error(client, FOUND)
    assert error.kind == "no-network"
    assert time.monotonic() - started < 5
    assert error.hint and "offline" in error.hint


@pytest.mark.parametrize(
    "setup",
    [
        pytest.param(lambda s: setattr(s, "default", status(429)), id="rate-limited"),
        pytest.param(lambda s: setattr(s, "default", status(429, retry_after="3600")), id="retry-after-3600"),
        pytest.param(lambda s: setattr(s, "default", status(503, retry_after="3600")), id="503-retry-after"),
        pytest.param(lambda s: setattr(s, "default", html_page()), id="captive-portal"),
        pytest.param(lambda s: setattr(s, "default", redirect("/elsewhere")), id="redirect"),
        pytest.param(lambda s: setattr(s, "default", empty()), id="empty"),
        pytest.param(lambda s: setattr(s, "default", status(404)), id="404"),
    ],
)
def test_check_says_could_not_check_never_not_found(server: FakeRangeServer, setup: object) -> None:
    setup(server)  # type: ignore[operator]
    for password in (FOUND, ABSENT):
        result = check(Secret(password), online=_client(server, max_retry_after=0.2))
        assert result.checked == "no"
        assert result.count is None
        assert not result.found
        assert result.error and result.error.rstrip().endswith(".")
        digest = sha1(password)
        assert digest[:5] not in result.error.upper() and password not in result.error


def test_check_without_any_source_is_not_checked() -> None:
    result = check(Secret(FOUND))
    assert (result.count, result.checked) == (None, "no")
    assert "Not checked" in result.error


def test_check_with_a_closed_port_is_could_not_check() -> None:
    result = check(Secret(FOUND), online=RangeClient(base_url=closed_port_url(), timeout=FAST))
    assert (result.count, result.checked, result.found) == (None, "no", False)
    assert "could not reach" in result.error


# --- caching and the activity record ------------------------------------------------------------------------------


def _same_prefix_pair() -> tuple[str, str]:
    seen: dict[str, str] = {}
    for i in range(100_000):
        candidate = f"same-prefix-{i}"
        prefix = sha1(candidate)[:5]
        if prefix in seen:
            return seen[prefix], candidate
        seen[prefix] = candidate
    raise AssertionError("no pair found")


SAME_A, SAME_B = _same_prefix_pair()


def test_each_prefix_is_fetched_once_per_client(server: FakeRangeServer) -> None:
    server.hashes[sha1(SAME_B)] = 3
    client = _client(server)
    assert client.count(Secret(SAME_A)) == 0
    assert client.count(Secret(SAME_B)) == 3
    assert client.count(Secret(SAME_A)) == 0
    assert client.fetch_range(sha1(SAME_A)[:5].lower()) == {sha1(SAME_B)[5:]: 3}
    assert len(server.log) == 1
    _client(server).count(Secret(SAME_B))  # another client: its own request
    assert len(server.log) == 2


def test_a_failed_prefix_is_not_cached(server: FakeRangeServer) -> None:
    server.plan.append(status(429))
    client = _client(server)
    assert _error(client, FOUND).kind == "rate-limited"
    assert client.count(Secret(FOUND)) == 4242  # asked again later: fetched again
    assert len(server.log) == 2


def _at_once(client: RangeClient, passwords: tuple[str, ...]) -> list[int | str]:
    """count() of each password in its own thread, all started together: counts, or error kinds."""
    barrier = threading.Barrier(len(passwords))
    answers: list[int | str] = []

    def work(password: str) -> None:
        barrier.wait()
        try:
            answers.append(client.count(Secret(password)))
        except BreachCheckError as exc:
            answers.append(exc.kind)

    threads = [threading.Thread(target=work, args=(p,)) for p in passwords]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    return answers


def test_concurrent_checks_of_one_prefix_make_one_request(server: FakeRangeServer) -> None:
    server.default = normal(delay=0.3)
    server.hashes[sha1(SAME_B)] = 3
    answers = _at_once(_client(server), (SAME_A, SAME_B, SAME_A, SAME_B))
    assert sorted(answers) == [0, 0, 3, 3]  # type: ignore[type-var]
    assert len(server.log) == 1


def test_concurrent_checks_share_a_failure_and_a_later_check_asks_again(server: FakeRangeServer) -> None:
    server.plan.append(redirect("/login", delay=0.3))
    client = _client(server)
    assert _at_once(client, (SAME_A, SAME_B, SAME_A)) == ["not-range"] * 3
    assert len(server.log) == 1
    assert client.count(Secret(SAME_A)) == 0  # the failure was not kept
    assert len(server.log) == 2


# --- many prefixes at once (an audit) -------------------------------------------------------------------------------


def _prefixes(n: int) -> list[str]:
    return sorted({sha1(f"password {i}")[:5] for i in range(n)})


def test_a_batch_asks_each_prefix_once_and_never_more_than_8_at_once(server: FakeRangeServer) -> None:
    server.default = normal(delay=0.05)
    wanted = _prefixes(40)
    client = _client(server)
    client.fetch_range(wanted[0])  # already known: not asked again
    server.log.clear()
    steps: list[tuple[int, int]] = []
    answers = client.fetch_ranges(
        wanted + [p.lower() for p in wanted], in_flight=50, progress=lambda *s: steps.append(s)
    )
    assert sorted(answers) == wanted
    assert sorted(r.path for r in server.log) == [f"/range/{p}" for p in wanted[1:]]
    assert server.most_in_flight == 8
    assert steps == [(n, len(wanted)) for n in range(2, len(wanted) + 1)], "counted from the one already known"
    assert all(not isinstance(rows, BreachCheckError) for rows in answers.values())


def test_a_batch_keeps_going_past_a_failed_prefix(server: FakeRangeServer) -> None:
    wanted = _prefixes(6)
    server.rules[wanted[2]] = status(500)
    server.rules[wanted[3]] = html_page()
    answers = _client(server, max_retry_after=0.0).fetch_ranges(wanted, in_flight=4)
    assert isinstance(answers[wanted[2]], BreachCheckError) and answers[wanted[2]].kind == "server"
    assert isinstance(answers[wanted[3]], BreachCheckError) and answers[wanted[3]].kind == "not-range"
    assert sorted(p for p, rows in answers.items() if not isinstance(rows, BreachCheckError)) == [
        wanted[0], wanted[1], wanted[4], wanted[5]
    ]  # fmt: skip
    assert len(server.requests_for(wanted[2])) == 3, "a 500 is tried three times"


def test_a_cancelled_batch_stops_asking(server: FakeRangeServer) -> None:
    server.default = normal(delay=0.05)
    wanted = _prefixes(40)
    cancel = threading.Event()

    def progress(done: int, _total: int) -> None:
        if done == 3:
            cancel.set()

    answers = _client(server).fetch_ranges(wanted, in_flight=2, progress=progress, cancel=cancel)
    assert 3 <= len(answers) <= 4, "the requests already under way finish; no new one starts"
    assert len(server.log) == len(answers)


def test_a_batch_against_nothing_listening_is_could_not_check(tmp_path: Path) -> None:
    client = RangeClient(base_url=closed_port_url(), timeout=FAST)
    answers = client.fetch_ranges(_prefixes(3))
    assert {type(a) for a in answers.values()} == {BreachCheckError}
    assert {a.kind for a in answers.values() if isinstance(a, BreachCheckError)} == {"no-network"}


def test_check_many_asks_once_per_prefix_and_answers_in_order(server: FakeRangeServer) -> None:
    server.rules[sha1(ABSENT)[:5]] = status(429)
    passwords = [Secret(p) for p in (FOUND, ABSENT, PADDED, FOUND)]
    results = check_many(passwords, online=_client(server))
    assert [(r.count, r.checked) for r in results] == [(4242, "online"), (None, "no"), (0, "online"), (4242, "online")]
    assert "slow down" in results[1].error
    assert sorted(r.path for r in server.log) == sorted(f"/range/{sha1(p)[:5]}" for p in (FOUND, ABSENT, PADDED))


def test_fetch_range_refuses_what_is_not_a_prefix(server: FakeRangeServer) -> None:
    client = _client(server)
    for bad in ("ABCD", "ABCDEF", "GHIJK", "../..", sha1(FOUND)):
        with pytest.raises(ValueError):
            client.fetch_range(bad)
    assert server.log == []


def test_on_request_records_time_host_and_prefix_path(server: FakeRangeServer) -> None:
    records: list[Request] = []
    server.plan.append(status(500, retry_after="0"))
    client = _client(server, on_request=records.append)
    before = time.time()
    client.count(Secret(FOUND))
    client.count(Secret(FOUND))  # cached: nothing recorded
    digest = sha1(FOUND)
    assert [(r.host, r.path, r.outcome) for r in records] == [
        ("127.0.0.1", f"/range/{digest[:5]}", "500"),
        ("127.0.0.1", f"/range/{digest[:5]}", "200"),
    ]
    for record in records:
        assert record.time.tzinfo is not None
        assert before - 1 <= record.time.timestamp() <= time.time() + 1
        text = repr(record)
        assert digest[5:] not in text and FOUND not in text


def test_on_request_records_failures_too() -> None:
    records: list[Request] = []
    client = RangeClient(base_url=closed_port_url(), timeout=FAST, on_request=records.append)
    with pytest.raises(BreachCheckError):
        client.count(Secret(FOUND))
    assert [(r.host, r.outcome) for r in records] == [("127.0.0.1", "no connection")]
    assert records[0].path == f"/range/{sha1(FOUND)[:5]}"


# --- the CLI -------------------------------------------------------------------------------------------------------


def _cli(url: str, stdin: str, *args: str) -> tuple[int, str, str]:
    result = run(
        [tool("privacyapp-cli"), "password", "check", *args],
        env=clean_env(PRIVACYAPP_PWNED_PASSWORDS_URL=url),
        stdin=stdin,
        timeout=30,
    )
    assert "Traceback" not in result.stderr
    return result.returncode, result.stdout, result.stderr


def test_cli_check_json_online(server: FakeRangeServer) -> None:
    code, out, err = _cli(server.base_url, f"{FOUND}\n{PADDED}\r\n\n{ABSENT}\n", "--json")
    assert code == 0, err
    results = json.loads(out)
    assert len(results) == 3
    for result in results:
        assert set(result) == {
            "score",
            "crack_time",
            "warning",
            "suggestions",
            "truncated",
            "breach_count",
            "checked",
            "error",
        }
        assert result["truncated"] is False
        assert isinstance(result["score"], int) and 0 <= result["score"] <= 4
        assert isinstance(result["crack_time"], str) and result["crack_time"]
        assert isinstance(result["warning"], str)
        assert isinstance(result["suggestions"], list)
        assert result["checked"] == "online"
        assert result["error"] == ""
    assert [r["breach_count"] for r in results] == [4242, 0, 0]
    assert sorted(r.path for r in server.log) == sorted(f"/range/{sha1(p)[:5]}" for p in (FOUND, PADDED, ABSENT))
    for password in (FOUND, PADDED, ABSENT):
        assert password not in out and password not in err


def test_cli_exits_1_when_any_check_could_not_be_made(server: FakeRangeServer) -> None:
    server.rules[sha1(ABSENT)[:5]] = status(429)
    code, out, _err = _cli(server.base_url, f"{FOUND}\n{ABSENT}\n", "--json")
    assert code == 1
    found, failed = json.loads(out)
    assert (found["breach_count"], found["checked"], found["error"]) == (4242, "online", "")
    assert (failed["breach_count"], failed["checked"]) == (None, "no")
    assert "slow down" in failed["error"]
    assert isinstance(failed["score"], int)  # the strength is still rated


def test_cli_without_a_server_exits_1_and_says_could_not_check() -> None:
    code, out, _err = _cli(closed_port_url(), f"{FOUND}\n")
    assert code == 1
    assert "could not check for breaches" in out
    assert "not found" not in out


def test_cli_no_network_makes_no_request(server: FakeRangeServer) -> None:
    code, out, _err = _cli(server.base_url, f"{FOUND}\n{ABSENT}\n", "--json", "--no-network")
    assert code == 1  # nothing could be checked
    results = json.loads(out)
    assert [(r["breach_count"], r["checked"]) for r in results] == [(None, "no"), (None, "no")]
    assert all(r["error"] for r in results)
    time.sleep(0.1)
    assert server.log == []


def test_cli_offline_file_makes_no_request(server: FakeRangeServer, tmp_path: Path) -> None:
    hashes = tmp_path / "hashes.txt"
    rows = {sha1(FOUND): 77, sha1("x"): 1, "F" * 40: 1}  # to the last range, as the downloader's file runs
    hashes.write_text("".join(f"{d}:{c}\r\n" for d, c in sorted(rows.items())))
    code, out, err = _cli(server.base_url, f"{FOUND}\n{ABSENT}\n", "--json", "--offline-file", str(hashes))
    assert code == 0, err
    assert [(r["breach_count"], r["checked"]) for r in json.loads(out)] == [(77, "offline"), (0, "offline")]
    assert server.log == []
