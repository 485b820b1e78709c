"""The breach catalogue client (privacyapp/core/accounts/breaches.py) against a real HTTP server on 127.0.0.1
(tests/integration/breach_catalogue_server.py): what is sent, what comes back, failures with their `kind`, the
filters, matching to accounts, and the cache."""

from __future__ import annotations

import http.client
import json
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from privacyapp import __version__
from privacyapp.core.accounts import breaches
from privacyapp.core.accounts.breaches import Breach, BreachList, Flag, match
from privacyapp.core.accounts.model import Account, PasswordHealth
from privacyapp.core.hibp_http import BreachCheckError, Request
from tests.core.accounts.test_register import CATALOGUE
from tests.integration.breach_catalogue_server import PATH, FakeCatalogueServer, api_breach, catalogue_server
from tests.integration.hibp_server import closed_port_url, html_page, redirect, status

FAST = (1.0, 1.0)  # connect, read: nothing here should need more on loopback
NOW = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)

API_BREACHES = [
    api_breach(
        "TikTok2026", "tiktok.com", "2026-03-01", Title="TikTok", DataClasses=["Email addresses", "Phone numbers"]
    ),
    api_breach("TikTokForums", "forums.tiktok.com", "2025-06-10"),
    api_breach("GoogleSpam", "google.com", "2026-05-01", spam_list=True),
    api_breach("GoogleFabricated", "google.com", "2026-06-01", fabricated=True),
    api_breach("GoogleRetired", "google.com", "2019-01-01", retired=True),
    api_breach("GoogleRumour", "google.com", "2026-07-01", verified=False),
    api_breach("CodeHub", "CodeHub.com", "2024-01-15"),
    api_breach("LookAlike", "codehub.co", "2026-01-01"),
    api_breach("NotCodeHub", "notcodehub.com", "2026-01-01"),
    api_breach("NoDomain", "", "2026-02-01"),  # a breach of no one site (a combo list): never matched
]

SECRETS = ("sam@example.com", "@sam_the_man", "3f9c01ab", "77aa0c12")


def account(ident: str, service: str, changed: date | None = None, **fields: object) -> Account:
    return Account(id=ident, service=service, password=PasswordHealth(changed=changed), **fields)  # type: ignore[arg-type]


@pytest.fixture
def server() -> Iterator[FakeCatalogueServer]:
    with catalogue_server(breaches=list(API_BREACHES)) as fake:
        yield fake


def fetch(fake: FakeCatalogueServer, **kwargs: object) -> BreachList:
    return breaches.fetch(fake.base_url, timeout=FAST, now=NOW, **kwargs)  # type: ignore[arg-type]


def error_of(fake: FakeCatalogueServer | str, **kwargs: object) -> BreachCheckError:
    base = fake if isinstance(fake, str) else fake.base_url
    with pytest.raises(BreachCheckError) as info:
        breaches.fetch(base, **{"timeout": FAST, **kwargs})  # type: ignore[arg-type]
    return info.value


def names(flags: list[Flag]) -> list[tuple[str, str]]:
    return [(f.account.id, f.breach.name) for f in flags]


# --- what is sent ---------------------------------------------------------------------------------------------------


def test_the_server_refuses_a_request_without_a_user_agent(server: FakeCatalogueServer) -> None:
    host, port = server.base_url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=5)
    try:
        connection.request("GET", PATH)  # http.client sends no User-Agent of its own
        answer = connection.getresponse()
        assert answer.status == 403
        answer.read()
    finally:
        connection.close()
    assert server.log[0].header("User-Agent") is None


def test_the_client_sends_a_user_agent_and_is_accepted(server: FakeCatalogueServer) -> None:
    got = fetch(server)
    assert len(got.breaches) == len(API_BREACHES)
    (request,) = server.log
    assert request.header("User-Agent") == f"privacyapp/{__version__}"
    assert request.header("Accept") == "application/json"


def test_only_the_breach_list_is_requested_and_nothing_about_the_person(server: FakeCatalogueServer) -> None:
    mine = [
        account("3f9c01ab", "tiktok", handle="@sam_the_man"),
        account("77aa0c12", "google", handle="sam@example.com"),
    ]
    got = fetch(server)
    assert match(mine, got, CATALOGUE)  # the accounts were used, on this computer only
    assert [(r.method, r.path) for r in server.log] == [("GET", PATH)]
    assert server.log[0].request_line == f"GET {PATH} HTTP/1.1"
    sent = server.sent()
    for secret in SECRETS:
        assert secret not in sent
    request = server.log[0]
    for header in ("Cookie", "Authorization", "hibp-api-key", "Referer"):
        assert request.header(header) is None


def test_the_base_address_comes_from_the_environment(
    server: FakeCatalogueServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PRIVACYAPP_HIBP_API_URL", server.base_url + "/")
    got = breaches.fetch(timeout=FAST)
    assert got.source == server.base_url
    assert [r.path for r in server.log] == [PATH]


def test_every_request_is_reported_without_anything_else(server: FakeCatalogueServer) -> None:
    seen: list[Request] = []
    server.plan.append(status(503))
    fetch(server, on_request=seen.append)
    assert [(r.host, r.path, r.outcome) for r in seen] == [("127.0.0.1", PATH, "503"), ("127.0.0.1", PATH, "200")]


# --- what comes back ------------------------------------------------------------------------------------------------


def test_the_answer_is_parsed(server: FakeCatalogueServer) -> None:
    got = fetch(server)
    assert (got.fetched, got.source) == (NOW, server.base_url)
    first = got.breaches[0]
    assert first == Breach(
        name="TikTok2026",
        title="TikTok",
        domain="tiktok.com",
        breach_date=date(2026, 3, 1),
        added=date(2026, 3, 1),
        pwn_count=123456,
        data_classes=("Email addresses", "Phone numbers"),
        verified=True,
        fabricated=False,
        spam_list=False,
        retired=False,
    )
    assert next(b for b in got.breaches if b.name == "CodeHub").domain == "codehub.com"  # lower-cased


def test_unreadable_entries_are_left_out(server: FakeCatalogueServer) -> None:
    server.breaches = [
        api_breach("Good", "tiktok.com", "2026-03-01"),
        {"Name": "NoDomain", "BreachDate": "2026-03-01"},
        api_breach("BadDate", "tiktok.com", "March 2026"),
        api_breach("NoName", "tiktok.com", "2026-03-01", Name=None),
        "TikTok",
        None,
        api_breach("OddFields", "tiktok.com", "2026-03-01", PwnCount=-5, DataClasses="Emails", AddedDate="soon"),
    ]
    got = fetch(server)
    assert [b.name for b in got.breaches] == ["Good", "OddFields"]
    odd = got.breaches[1]
    assert (odd.pwn_count, odd.data_classes, odd.added) == (0, (), None)


def test_an_empty_list_is_no_breaches(server: FakeCatalogueServer) -> None:
    server.breaches = []
    assert fetch(server).breaches == ()


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b'[{"Name": "TikTok", "Domain": "tiktok.com", "BreachDate": "2026-', id="malformed-json"),
        pytest.param(b'{"Name": "TikTok", "Domain": "tiktok.com", "BreachDate": "2026-03-01"}', id="an-object"),
        pytest.param(b'{"statusCode": 404, "message": "Not found"}', id="an-error-object"),
        pytest.param(b"", id="empty"),
        pytest.param(b'["TikTok", 3, null]', id="no-readable-entry"),
    ],
)
def test_an_answer_that_is_not_a_breach_list(server: FakeCatalogueServer, body: bytes) -> None:
    server.default = status(200, body=body)
    error = error_of(server)
    assert error.kind == "not-range"
    assert "breach list" in error.message


def test_a_captive_portal_page(server: FakeCatalogueServer) -> None:
    server.default = html_page()
    error = error_of(server)
    assert error.kind == "not-range"
    assert "a login page of a public Wi-Fi may be in the way" in error.message


def test_a_redirect_is_not_followed(server: FakeCatalogueServer) -> None:
    server.default = redirect("http://127.0.0.1:9/login")
    error = error_of(server)
    assert error.kind == "not-range"
    assert len(server.log) == 1


def test_a_body_too_big_to_be_a_breach_list(server: FakeCatalogueServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(breaches, "MAX_BODY", 100)
    error = error_of(server)
    assert error.kind == "too-large" and "too large" in error.message


# --- failures -------------------------------------------------------------------------------------------------------


def test_a_server_that_does_not_answer_in_time(server: FakeCatalogueServer) -> None:
    server.default = status(200, body=b"[]", delay=3.0)
    started = time.monotonic()
    error = error_of(server, timeout=(1.0, 0.3))
    assert time.monotonic() - started < 2.0
    assert error.kind == "timeout"
    assert len(server.log) == 1  # a read timeout is not retried


def test_500_then_200_is_retried(server: FakeCatalogueServer) -> None:
    server.plan.append(status(500))
    got = fetch(server)
    assert len(got.breaches) == len(API_BREACHES)
    assert len(server.log) == 2


def test_a_server_that_keeps_failing(server: FakeCatalogueServer) -> None:
    server.default = status(502)
    error = error_of(server)
    assert error.kind == "server"
    assert "HTTP 502" in error.message
    assert len(server.log) == 3


@pytest.mark.parametrize("retry_after", ["3600", "Wed, 21 Oct 2065 07:28:00 GMT", None])
def test_429_with_a_long_retry_after_is_rate_limited_at_once(
    server: FakeCatalogueServer, retry_after: str | None
) -> None:
    server.default = status(429, retry_after=retry_after)
    started = time.monotonic()
    error = error_of(server)
    assert time.monotonic() - started < 1.0
    assert error.kind == "rate-limited"
    assert len(server.log) == 1


def test_429_with_a_short_retry_after_is_retried(server: FakeCatalogueServer) -> None:
    server.plan.append(status(429, retry_after="0"))
    assert len(fetch(server).breaches) == len(API_BREACHES)
    assert len(server.log) == 2


def test_403_is_a_refusal(server: FakeCatalogueServer) -> None:
    server.default = status(403, body=b"Forbidden")
    error = error_of(server)
    assert error.kind == "server"
    assert "HTTP 403" in error.message


def test_connection_refused() -> None:
    error = error_of(closed_port_url())
    assert error.kind == "no-network"
    assert "could not reach" in error.message


# --- the filters ----------------------------------------------------------------------------------------------------


def test_only_verified_real_listed_breaches_are_usable(server: FakeCatalogueServer) -> None:
    usable = {b.name: b.usable for b in fetch(server).breaches}
    assert usable == {
        "TikTok2026": True,
        "TikTokForums": True,
        "GoogleSpam": False,
        "GoogleFabricated": False,
        "GoogleRetired": False,
        "GoogleRumour": False,
        "CodeHub": True,
        "LookAlike": True,
        "NotCodeHub": True,
        "NoDomain": True,
    }


def test_filtered_entries_never_flag_an_account(server: FakeCatalogueServer) -> None:
    got = fetch(server)
    mine = [account("77aa0c12", "google"), account("77aa0c13", "google", date(2000, 1, 1))]
    assert match(mine, got, CATALOGUE) == []
    # the same entries, made usable, would flag them: the filter is what keeps them out
    real = {"verified": True, "fabricated": False, "spam_list": False, "retired": False}
    cleaned = BreachList(tuple(replace(b, **real) for b in got.breaches if b.domain == "google.com"), NOW, "x")
    assert len(match(mine[:1], cleaned, CATALOGUE)) == 4


@pytest.mark.parametrize(
    "flags",
    [
        {"verified": False},
        {"fabricated": True},
        {"spam_list": True},
        {"retired": True},
    ],
)
def test_each_filter_on_its_own(server: FakeCatalogueServer, flags: dict[str, bool]) -> None:
    server.breaches = [api_breach("Only", "tiktok.com", "2026-03-01", **flags)]
    assert match([account("3f9c01ab", "tiktok")], fetch(server), CATALOGUE) == []
    server.breaches = [api_breach("Only", "tiktok.com", "2026-03-01")]
    assert len(match([account("3f9c01ab", "tiktok")], fetch(server), CATALOGUE)) == 1


# --- matching -------------------------------------------------------------------------------------------------------


def test_matching_by_domain_and_subdomain(server: FakeCatalogueServer) -> None:
    got = fetch(server)
    mine = [account("3f9c01ab", "tiktok"), account("0c12ffee", "codehub"), account("aaaa1111", "oldforum")]
    assert names(match(mine, got, CATALOGUE)) == [
        ("3f9c01ab", "TikTok2026"),
        ("3f9c01ab", "TikTokForums"),  # forums.tiktok.com is TikTok's
        ("0c12ffee", "CodeHub"),  # "CodeHub.com" matches codehub.com; codehub.co and notcodehub.com do not
    ]


@pytest.mark.parametrize(
    ("changed", "flagged"),
    [
        (None, ["TikTok2026", "TikTokForums"]),  # not known: flagged
        (date(2025, 6, 9), ["TikTok2026", "TikTokForums"]),  # before both
        (date(2025, 6, 10), ["TikTok2026", "TikTokForums"]),  # on the day of a breach: flagged
        (date(2025, 12, 31), ["TikTok2026"]),
        (date(2026, 3, 1), ["TikTok2026"]),
        (date(2026, 3, 2), []),  # changed after the breach
        (date(2026, 11, 20), []),
    ],
)
def test_password_changed_after_the_breach_is_not_flagged(
    server: FakeCatalogueServer, changed: date | None, flagged: list[str]
) -> None:
    flags = match([account("3f9c01ab", "tiktok", changed)], fetch(server), CATALOGUE)
    assert [f.breach.name for f in flags] == flagged


def test_deleted_accounts_and_unknown_services_are_not_flagged(server: FakeCatalogueServer) -> None:
    mine = [
        account("3f9c01ab", "tiktok", state="deleted"),
        account("3f9c01ac", "tiktok", state="deleting"),
        account("3f9c01ad", "myspace"),
    ]
    assert names(match(mine, fetch(server), CATALOGUE)) == [("3f9c01ac", "TikTok2026"), ("3f9c01ac", "TikTokForums")]


def test_flags_are_newest_first_with_a_reason(server: FakeCatalogueServer) -> None:
    mine = [account("0c12ffee", "codehub", date(2020, 1, 1)), account("3f9c01ab", "tiktok")]
    flags = match(mine, fetch(server), CATALOGUE)
    assert [f.breach.breach_date for f in flags] == sorted((f.breach.breach_date for f in flags), reverse=True)
    assert flags[0].reason == (
        "TikTok was breached on 2026-03-01, and you have not said when you last changed this password."
    )
    assert flags[-1].reason == (
        "CodeHub was breached on 2024-01-15, after you last changed this password (2020-01-01)."
    )


# --- the cache ------------------------------------------------------------------------------------------------------


def test_cache_round_trip(server: FakeCatalogueServer, tmp_path: Path) -> None:
    got = fetch(server)
    path = breaches.cache_path(tmp_path / "cache")
    breaches.save(path, got)
    assert path.name == "hibp-breaches.json"
    assert breaches.load(path) == got
    assert [p.name for p in path.parent.iterdir()] == ["hibp-breaches.json"]  # no temporary file left
    breaches.save(path, BreachList((), NOW + timedelta(days=1), "http://elsewhere"))
    assert breaches.load(path) == BreachList((), NOW + timedelta(days=1), "http://elsewhere")


def test_a_missing_cache_is_none(tmp_path: Path) -> None:
    assert breaches.load(tmp_path / "hibp-breaches.json") is None


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b'{"format": 1, "fetched": "2026-11-21T10:00:00+00:00", "source": "x", "bre', id="truncated"),
        pytest.param(b"not json at all", id="not-json"),
        pytest.param(b"\xff\xfe\x00garbage", id="not-utf8"),
        pytest.param(b"[]", id="a-list"),
        pytest.param(b'{"format": 2, "fetched": "2026-11-21T10:00:00+00:00", "source": "x", "breaches": []}',
                     id="another-format"),
        pytest.param(b'{"format": 1, "source": "x", "breaches": []}', id="no-date"),
        pytest.param(b'{"format": 1, "fetched": "yesterday", "source": "x", "breaches": []}', id="bad-date"),
        pytest.param(b'{"format": 1, "fetched": "2026-11-21T10:00:00+00:00", "source": "x", "breaches": [{"name": 1}]}',
                     id="bad-entry"),
        pytest.param(b'{"format": 1, "fetched": "2026-11-21T10:00:00+00:00", "source": "x", "breaches": 5}',
                     id="breaches-not-a-list"),
    ],
)  # fmt: skip
def test_a_damaged_cache_is_none(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "hibp-breaches.json"
    path.write_bytes(content)
    assert breaches.load(path) is None


def test_a_cache_date_without_a_time_zone_is_utc(tmp_path: Path) -> None:
    path = tmp_path / "hibp-breaches.json"
    path.write_text(json.dumps({"format": 1, "fetched": "2026-11-21T10:00:00", "source": "x", "breaches": []}))
    loaded = breaches.load(path)
    assert loaded is not None and loaded.fetched == NOW


@pytest.mark.parametrize(
    ("fetched", "words"),
    [
        (NOW, "downloaded today (2026-11-21)"),
        (NOW - timedelta(days=1), "downloaded yesterday (2026-11-20)"),
        (NOW - timedelta(days=30), "downloaded 30 days ago (2026-10-22)"),
        # a clock that was wrong: never "today", and the copy counts as old, so it is downloaded again
        (NOW + timedelta(days=2), "downloaded at a date in the future (this computer's clock was wrong) (2026-11-23)"),
    ],
)
def test_age_words(fetched: datetime, words: str) -> None:
    assert BreachList((), fetched, "x").age_words(NOW) == words
