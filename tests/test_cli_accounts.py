"""`privacyapp-cli accounts ...` and `services ...` with a real profile: adding, listing, changing, linking and
removing accounts, export and import between profiles, known breaches from a breach catalogue on 127.0.0.1
(tests/integration/breach_catalogue_server.py), and the catalogue validator. Exit codes, output, never a
traceback."""

from __future__ import annotations

import json
import re
import stat
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from privacyapp.core.accounts import breaches
from privacyapp.core.errors import ExitCode
from privacyapp.core.profile import vault
from privacyapp.core.profile.store import PROFILE_FILE, ProfileStore
from privacyapp.core.redact import Secret
from privacyapp.core.services import shipped
from tests.conftest import CLI_PASSPHRASE, CliResult, cli_run
from tests.core.test_services import catalogue, id_line, service, write
from tests.integration.breach_catalogue_server import PATH, FakeCatalogueServer, api_breach, catalogue_server
from tests.integration.hibp_server import closed_port_url

ID = re.compile(r"^[0-9a-f]{8}$")
TODAY = date.today()
PAST = date(2020, 1, 1)  # the CLI checks "reviewed" against the real today


@pytest.fixture(autouse=True)
def fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRIVACYAPP_KDF_PARAMS", "1,8,1")


@pytest.fixture(autouse=True)
def _no_proxy(loopback_only: None) -> None:
    """The breach catalogue is on 127.0.0.1: tests/conftest.py's loopback_only for every test here."""


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], pass_file: Path) -> Any:
    """privacyapp-cli with the passphrase file; `run("accounts", "list", profile="Alex")`."""

    def call(*argv: object, profile: str = "default") -> CliResult:
        return cli_run(capsys, "--profile", profile, *argv, "--passphrase-file", pass_file)

    return call


@pytest.fixture
def profiles(data_dir: Path) -> Path:
    return data_dir / "data" / "profiles"


def create(run: Any, name: str = "default") -> None:
    made = run("profile", "create", "--no-keyring", profile=name)
    assert made.code == 0, made.err


@pytest.fixture
def profile(run: Any, profiles: Path) -> Path:
    """The profile 'default', empty; its folder."""
    create(run)
    return profiles / "default"


def stored(folder: Path) -> list[dict[str, Any]]:
    """The accounts list as kept in the encrypted profile."""
    store = ProfileStore.open(folder, vault.WithPassphrase(Secret(CLI_PASSPHRASE)))
    store.close()
    return [dict(a) for a in store.data.accounts]


def add(run: Any, *argv: str, profile: str = "default") -> str:
    result = run("accounts", "add", *argv, profile=profile)
    assert result.code == 0, result.err
    assert ID.match(result.out.strip()), result.out
    assert result.out.count("\n") == 1  # the id alone, for scripts
    return result.out.strip()


def listed(run: Any, profile: str = "default") -> list[dict[str, Any]]:
    result = run("accounts", "list", "--json", profile=profile)
    assert result.code == 0, result.err
    return json.loads(result.out)


def one_error(result: CliResult) -> str:
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("privacyapp-cli: error: ")
    return lines[0].removeprefix("privacyapp-cli: error: ")


# --- add and list ---------------------------------------------------------------------------------------------------


def test_nothing_yet(run: Any, profile: Path) -> None:
    result = run("accounts", "list")
    assert result.code == 0
    assert result.out == "No accounts yet. Add one with: privacyapp-cli accounts add SERVICE --handle NAME\n"
    assert listed(run) == []


def test_add_prints_an_id_and_list_shows_it(run: Any, profile: Path) -> None:
    ident = add(run, "tiktok", "--handle", "@sam", "--visibility", "private", "--2fa", "app", "--login-alerts", "yes")
    text = run("accounts", "list")
    assert text.code == 0
    assert text.out.splitlines() == [
        f"{ident}  TikTok (@sam)  [Active]",
        "    Private; 2-step login: Authenticator app; login alerts: on; reviewed: never",
    ]
    (record,) = listed(run)
    assert record["id"] == ident
    assert record["service_name"] == "TikTok"
    assert {k: record[k] for k in ("service", "handle", "visibility", "two_factor", "login_alerts", "state")} == {
        "service": "tiktok",
        "handle": "@sam",
        "visibility": "private",
        "two_factor": "app",
        "login_alerts": True,
        "state": "active",
    }
    assert record["added"] == TODAY.isoformat()
    assert record["links"] == [] and record["reviewed"] is None
    assert set(record["password"]) == {"score", "exposed", "changed", "checked"}
    (kept,) = stored(profile)
    assert kept["id"] == ident and "service_name" not in kept


def test_add_by_name(run: Any, profile: Path) -> None:
    add(run, "TikTok")
    add(run, "youtube")
    assert [(r["service"], r["service_name"]) for r in listed(run)] == [("tiktok", "TikTok"), ("youtube", "YouTube")]


def test_add_an_unknown_service(run: Any, profile: Path) -> None:
    result = run("accounts", "add", "myspace", "--handle", "@sam")
    assert result.code == ExitCode.FAILURE
    message = one_error(result)
    assert message.startswith("privacyapp does not know the service 'myspace'. Known services: ")
    assert "tiktok" in message and "google" in message
    assert result.out == ""
    assert stored(profile) == []


def test_add_with_a_bad_choice_is_a_usage_error(run: Any, profile: Path) -> None:
    result = run("accounts", "add", "tiktok", "--visibility", "friends")
    assert result.code == ExitCode.USAGE
    assert "invalid choice: 'friends'" in result.err
    assert stored(profile) == []


# --- set ------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("option", "value", "key", "expected"),
    [
        ("--handle", "@sam.new", "handle", "@sam.new"),
        ("--visibility", "public", "visibility", "public"),
        ("--2fa", "passkey", "two_factor", "passkey"),
        ("--login-alerts", "no", "login_alerts", False),
        ("--login-alerts", "unknown", "login_alerts", None),
        ("--notes", "made for the class", "notes", "made for the class"),
        ("--state", "deleting", "state", "deleting"),
        ("--reviewed", "2026-11-21", "reviewed", "2026-11-21"),
        ("--reviewed", "today", "reviewed", TODAY.isoformat()),
    ],
)
def test_set_each_option(run: Any, profile: Path, option: str, value: str, key: str, expected: object) -> None:
    ident = add(run, "tiktok", "--handle", "@sam", "--login-alerts", "yes")
    result = run("accounts", "set", ident[:4], option, value)
    assert result.code == 0, result.err
    handle = "@sam.new" if option == "--handle" else "@sam"
    assert result.out == f"Changed TikTok ({handle}) ({ident}).\n"
    (record,) = listed(run)
    assert record[key] == expected
    # nothing else changed
    untouched = {"handle": "@sam", "visibility": "unknown", "two_factor": "unknown", "login_alerts": True,
                 "notes": "", "state": "active", "reviewed": None}  # fmt: skip
    untouched.pop(key)
    assert {k: record[k] for k in untouched} == untouched


def test_set_the_day_the_password_was_changed(run: Any, profile: Path) -> None:
    ident = add(run, "tiktok")
    assert run("accounts", "set", ident, "--password-changed", "2026-10-02").code == 0
    (record,) = listed(run)
    assert record["password"] == {"score": None, "exposed": None, "changed": "2026-10-02", "checked": None}


def test_set_several_options_at_once(run: Any, profile: Path) -> None:
    ident = add(run, "google")
    result = run("accounts", "set", ident, "--visibility", "private", "--2fa", "key", "--state", "deleted")
    assert result.code == 0
    (record,) = listed(run)
    assert (record["visibility"], record["two_factor"], record["state"]) == ("private", "key", "deleted")
    assert "[Deleted]" in run("accounts", "list").out


def test_set_nothing(run: Any, profile: Path) -> None:
    ident = add(run, "tiktok")
    result = run("accounts", "set", ident)
    assert result.code == ExitCode.FAILURE
    assert one_error(result) == "Nothing to change. Give at least one option, like --visibility private."


@pytest.mark.parametrize("day", ["21/11/2026", "yesterday", "2026-02-30"])
def test_set_a_bad_date(run: Any, profile: Path, day: str) -> None:
    ident = add(run, "tiktok")
    result = run("accounts", "set", ident, "--reviewed", day)
    assert result.code == ExitCode.USAGE
    assert f"'{day}' is not a date like 2026-11-21 or 'today'" in result.err


# --- link, unlink, remove -------------------------------------------------------------------------------------------


def test_link_unlink_and_remove(run: Any, profile: Path) -> None:
    tiktok = add(run, "tiktok", "--handle", "@sam")
    google = add(run, "google", "--handle", "sam@example.com")
    insta = add(run, "instagram")

    result = run("accounts", "link", tiktok, google[:5], "--kind", "sign-in")
    assert result.code == 0, result.err
    assert result.out == "Linked: TikTok (@sam) signs in with Google (sam@example.com).\n"
    assert run("accounts", "link", insta, google, "--kind", "recovery").out == (
        "Linked: Instagram recovers through Google (sam@example.com).\n"
    )
    assert run("accounts", "link", insta, tiktok, "--kind", "cross-post").out == (
        "Linked: Instagram shares posts to TikTok (@sam).\n"
    )
    again = run("accounts", "link", tiktok, google, "--kind", "sign-in")  # already there: nothing new
    assert again.code == 0
    by_id = {r["id"]: r for r in listed(run)}
    assert by_id[tiktok]["links"] == [{"to": google, "kind": "sign-in"}]
    assert by_id[insta]["links"] == [{"to": google, "kind": "recovery"}, {"to": tiktok, "kind": "cross-post"}]
    text = run("accounts", "list").out
    assert f"    signs in with Google (sam@example.com) ({google})\n" in text
    assert f"    shares posts to TikTok (@sam) ({tiktok})\n" in text

    unlinked = run("accounts", "unlink", google, tiktok)  # either order
    assert unlinked.code == 0
    assert unlinked.out == "Unlinked. (This changes privacyapp's record; unlink them on the services too.)\n"
    assert {r["id"]: r["links"] for r in listed(run)}[tiktok] == []
    not_linked = run("accounts", "unlink", tiktok, google)
    assert not_linked.code == ExitCode.FAILURE
    assert one_error(not_linked) == "Those two accounts are not linked."
    wrong_kind = run("accounts", "unlink", insta, google, "--kind", "sign-in")
    assert one_error(wrong_kind) == "Those two accounts are not linked by sign-in."

    removed = run("accounts", "remove", google)
    assert removed.code == 0
    assert removed.out == "Removed Google (sam@example.com) from your list.\n"
    left = {r["id"]: r["links"] for r in listed(run)}
    assert left == {tiktok: [], insta: [{"to": tiktok, "kind": "cross-post"}]}


def test_an_account_cannot_be_linked_to_itself(run: Any, profile: Path) -> None:
    ident = add(run, "tiktok")
    result = run("accounts", "link", ident, ident[:4], "--kind", "recovery")
    assert result.code == ExitCode.FAILURE
    assert one_error(result) == "An account cannot be linked to itself."
    assert listed(run)[0]["links"] == []


def test_link_needs_a_kind(run: Any, profile: Path) -> None:
    a, b = add(run, "tiktok"), add(run, "google")
    assert run("accounts", "link", a, b).code == ExitCode.USAGE
    assert run("accounts", "link", a, b, "--kind", "follows").code == ExitCode.USAGE


@pytest.mark.parametrize(
    "argv",
    [
        ("set", "{missing}", "--visibility", "private"),
        ("link", "{known}", "{missing}", "--kind", "sign-in"),
        ("link", "{missing}", "{known}", "--kind", "sign-in"),
        ("unlink", "{known}", "{missing}"),
        ("remove", "{missing}"),
    ],
    ids=["set", "link-target", "link-source", "unlink", "remove"],
)
def test_an_unknown_account_id(run: Any, profile: Path, argv: tuple[str, ...]) -> None:
    known = add(run, "tiktok")
    missing = "0000ffff" if not known.startswith("0000") else "ffff0000"
    before = (profile / PROFILE_FILE).read_bytes()
    result = run("accounts", *(a.format(known=known, missing=missing) for a in argv))
    assert result.code == ExitCode.FAILURE
    assert one_error(result) == (
        f"There is no account with the id '{missing}'. See the ids with: privacyapp-cli accounts list"
    )
    assert result.out == ""
    assert (profile / PROFILE_FILE).read_bytes() == before  # not even saved again


def test_an_ambiguous_prefix(run: Any, profile: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from privacyapp.core.accounts import register

    made = iter(["abcd1111", "abcd2222"])
    monkeypatch.setattr(register, "new_id", lambda: next(made))
    add(run, "tiktok")
    add(run, "google")
    result = run("accounts", "remove", "abcd")
    assert result.code == ExitCode.FAILURE
    assert one_error(result) == "More than one account id starts with 'abcd'. Type more of the id."
    assert run("accounts", "remove", "abcd2").code == 0
    assert [r["id"] for r in listed(run)] == ["abcd1111"]


# --- export and import ----------------------------------------------------------------------------------------------


def _three(run: Any) -> tuple[str, str, str]:
    tiktok = add(run, "tiktok", "--handle", "@sam", "--visibility", "private", "--2fa", "sms")
    google = add(run, "google", "--handle", "sam@example.com", "--2fa", "passkey", "--login-alerts", "yes")
    insta = add(run, "instagram", "--handle", "@sam.pics")
    assert run("accounts", "link", tiktok, google, "--kind", "sign-in").code == 0
    assert run("accounts", "link", insta, google, "--kind", "recovery").code == 0
    assert run("accounts", "set", insta, "--state", "deleting", "--notes", "moving away").code == 0
    return tiktok, google, insta


def test_export_then_import_into_a_second_profile(run: Any, profile: Path, tmp_path: Path) -> None:
    _three(run)
    file = tmp_path / "accounts.json"
    result = run("accounts", "export", file)
    assert result.code == 0, result.err
    assert result.out.splitlines() == [
        f"Wrote 3 accounts to {file}.",
        "That file is not encrypted: it lists your accounts (never a password). Keep it somewhere safe.",
    ]
    assert stat.S_IMODE(file.stat().st_mode) == 0o600
    doc = json.loads(file.read_text(encoding="utf-8"))
    assert (doc["format"], doc["version"]) == ("privacyapp-accounts", 1)
    assert CLI_PASSPHRASE not in file.read_text(encoding="utf-8")

    create(run, "Alex")
    imported = run("accounts", "import", file, profile="Alex")
    assert imported.code == 0, imported.err
    assert imported.out == "Imported 3 new accounts, updated 0.\n"
    assert listed(run, "Alex") == listed(run)

    again = run("accounts", "import", file, profile="Alex")
    assert again.out == "Imported 0 new accounts, updated 3.\n"
    assert listed(run, "Alex") == listed(run)


def test_import_adds_to_what_is_there(run: Any, profile: Path, tmp_path: Path) -> None:
    _, google, _ = _three(run)
    file = tmp_path / "accounts.json"
    assert run("accounts", "export", file).code == 0
    create(run, "Alex")
    own = add(run, "youtube", profile="Alex")
    assert run("accounts", "import", file, profile="Alex").out == "Imported 3 new accounts, updated 0.\n"
    ids = [r["id"] for r in listed(run, "Alex")]
    assert len(ids) == 4
    assert ids[0] == own and google in ids


def test_export_of_nothing(run: Any, profile: Path, tmp_path: Path) -> None:
    file = tmp_path / "none.json"
    result = run("accounts", "export", file)
    assert result.out.splitlines()[0] == f"Wrote 0 accounts to {file}."
    assert json.loads(file.read_text(encoding="utf-8"))["accounts"] == []


def test_export_to_a_folder_that_does_not_exist(run: Any, profile: Path, tmp_path: Path) -> None:
    file = tmp_path / "no" / "such" / "folder" / "accounts.json"
    result = run("accounts", "export", file)
    assert result.code == ExitCode.FAILURE
    assert one_error(result).startswith(f"{file} cannot be written: ")


def _bad_export(tmp_path: Path, name: str, doc: dict[str, Any] | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(doc if isinstance(doc, bytes) else json.dumps(doc).encode("utf-8"))
    return path


def _export_doc(*accounts: dict[str, Any]) -> dict[str, Any]:
    return {"format": "privacyapp-accounts", "version": 1, "exported": "2026-11-21T10:00:00+00:00",
            "accounts": list(accounts)}  # fmt: skip


@pytest.mark.parametrize(
    ("content", "says"),
    [
        pytest.param(b"{ this is not json", ["the file is not valid JSON"], id="not-json"),
        pytest.param(
            {"format": "something-else", "version": 1, "accounts": []},
            ['the file is not a privacyapp accounts export (no "format": "privacyapp-accounts")'],
            id="not-an-export",
        ),
        pytest.param(
            _export_doc(
                {"id": "aaaa1111", "service": "myspace"},
                {"id": "bbbb2222", "service": "tiktok", "visibility": "friends", "password": {"plain": "hunter2"}},
            ),
            [
                "account 1 ('aaaa1111'): 'service' 'myspace' is not a service privacyapp knows",
                "account 2 ('bbbb2222'): 'visibility' 'friends' is not one of: private, public, unknown",
                "account 2 ('bbbb2222'): 'password' may hold only score, exposed, changed, checked and reused_with",
            ],
            id="bad-accounts",
        ),
        pytest.param(
            _export_doc({"id": "aaaa1111", "service": "tiktok", "links": [{"to": "deadbeef", "kind": "sign-in"}]}),
            ["account 'aaaa1111' links to 'deadbeef', which is neither in the file nor among your accounts"],
            id="link-to-a-missing-account",
        ),
    ],
)
def test_import_of_a_bad_file_changes_nothing(
    run: Any, profile: Path, tmp_path: Path, content: dict[str, Any] | bytes, says: list[str]
) -> None:
    _three(run)
    before_accounts = listed(run)
    before_file = (profile / PROFILE_FILE).read_bytes()
    path = _bad_export(tmp_path, "bad.json", content)
    result = run("accounts", "import", path)
    assert result.code == ExitCode.FAILURE
    assert result.out == ""
    assert result.err.startswith("privacyapp-cli: error: The file cannot be imported; nothing was changed:\n")
    for words in says:
        assert f"\n  {words}" in result.err
    assert result.err.rstrip().endswith("Fix the file, or export again from privacyapp.")
    assert "hunter2" not in result.err
    assert listed(run) == before_accounts
    assert (profile / PROFILE_FILE).read_bytes() == before_file


def test_import_of_a_missing_file(run: Any, profile: Path, tmp_path: Path) -> None:
    result = run("accounts", "import", tmp_path / "nope.json")
    assert result.code == ExitCode.FAILURE
    assert f"{tmp_path / 'nope.json'} cannot be read" in result.err
    assert stored(profile) == []


# --- breaches -------------------------------------------------------------------------------------------------------


def _domain(service: str) -> str:
    return shipped().by_id[service].domains[0]


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeCatalogueServer]:
    entries = [
        api_breach("TikTokLeak", _domain("tiktok"), "2026-03-01", Title="TikTok leak"),
        api_breach("InstaScrape", "api." + _domain("instagram"), "2025-05-05"),  # a subdomain of Instagram's
        api_breach("GoogleSpam", _domain("google"), "2026-06-01", spam_list=True),
        api_breach("GoogleFake", _domain("google"), "2026-06-02", fabricated=True),
    ]
    with catalogue_server(breaches=entries) as fake:
        monkeypatch.setenv("PRIVACYAPP_HIBP_API_URL", fake.base_url)
        yield fake


@pytest.fixture
def mine(run: Any, profile: Path) -> dict[str, str]:
    """Four accounts: TikTok and Instagram with their passwords' change day not known, Google, and a TikTok whose
    password was changed after its breach."""
    ids = {
        "tiktok": add(run, "tiktok", "--handle", "@sam_the_man"),
        "instagram": add(run, "instagram", "--handle", "sam@example.com"),
        "google": add(run, "google", "--handle", "sam.google@example.com"),
        "tiktok-new": add(run, "tiktok", "--handle", "@sam_two"),
    }
    assert run("accounts", "set", ids["tiktok-new"], "--password-changed", "2026-04-01").code == 0
    return ids


def _cache(data_dir: Path) -> Path:
    return breaches.cache_path(data_dir / "cache")


def test_breaches_flags_accounts(run: Any, mine: dict[str, str], server: FakeCatalogueServer, data_dir: Path) -> None:
    result = run("accounts", "breaches")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == f"Breach list downloaded today ({datetime.now(UTC).date().isoformat()}), from {server.base_url}."
    assert lines[1] == (
        f"{mine['tiktok']}  TikTok (@sam_the_man): TikTok leak was breached on 2026-03-01, and you have not said "
        "when you last changed this password."
    )
    assert lines[2].startswith(f"{mine['instagram']}  Instagram (sam@example.com): InstaScrape was breached on 2025")
    assert lines[3] == "What to do:"
    assert lines[4].startswith("  - Change this account's password")
    assert mine["google"] not in result.out and mine["tiktok-new"] not in result.out  # filtered; changed since
    # what was sent: one request for the whole list, nothing about the person
    assert [(r.method, r.path) for r in server.log] == [("GET", PATH)]
    sent = server.sent()
    for secret in ("sam", "example.com", *mine.values()):
        assert secret not in sent
    assert _cache(data_dir).is_file()


def test_breaches_as_json(run: Any, mine: dict[str, str], server: FakeCatalogueServer) -> None:
    result = run("accounts", "breaches", "--json")
    assert result.code == 0, result.err
    doc = json.loads(result.out)
    assert set(doc) == {"catalogue", "error", "accounts_checked", "flags"}
    assert doc["error"] is None
    assert doc["accounts_checked"] == 4
    assert doc["catalogue"]["source"] == server.base_url
    assert doc["catalogue"]["age_days"] == 0
    assert datetime.fromisoformat(doc["catalogue"]["fetched"]).tzinfo is not None
    assert doc["flags"] == [
        {
            "account": mine["tiktok"],
            "service": "tiktok",
            "handle": "@sam_the_man",
            "breach": "TikTokLeak",
            "title": "TikTok leak",
            "breach_date": "2026-03-01",
            "data_classes": ["Email addresses", "Passwords"],
            "reason": "TikTok leak was breached on 2026-03-01, and you have not said when you last changed this "
            "password.",
        },
        {
            "account": mine["instagram"],
            "service": "instagram",
            "handle": "sam@example.com",
            "breach": "InstaScrape",
            "title": "InstaScrape",
            "breach_date": "2025-05-05",
            "data_classes": ["Email addresses", "Passwords"],
            "reason": "InstaScrape was breached on 2025-05-05, and you have not said when you last changed this "
            "password.",
        },
    ]


def test_deleted_accounts_are_not_checked(run: Any, mine: dict[str, str], server: FakeCatalogueServer) -> None:
    assert run("accounts", "set", mine["tiktok"], "--state", "deleted").code == 0
    doc = json.loads(run("accounts", "breaches", "--json").out)
    assert doc["accounts_checked"] == 3
    assert [f["account"] for f in doc["flags"]] == [mine["instagram"]]


def test_a_new_copy_is_used_without_asking_again(run: Any, mine: dict[str, str], server: FakeCatalogueServer) -> None:
    assert run("accounts", "breaches").code == 0
    second = run("accounts", "breaches")
    assert second.code == 0
    assert mine["tiktok"] in second.out
    assert len(server.log) == 1
    assert run("accounts", "breaches", "--refresh").code == 0
    assert len(server.log) == 2


def test_no_breaches_since_the_passwords_were_changed(run: Any, profile: Path, server: FakeCatalogueServer) -> None:
    ident = add(run, "tiktok")
    assert run("accounts", "set", ident, "--password-changed", "2026-03-02").code == 0
    result = run("accounts", "breaches")
    assert result.code == 0
    assert result.out.splitlines()[1] == (
        "None of your accounts' services had a known breach since you last changed their password."
    )


def _never_says_no_breaches(text: str) -> None:
    lowered = text.lower()
    for words in ("no breaches", "no known breach", "none of your accounts", "had a known breach since"):
        assert words not in lowered, text


def test_server_down_and_no_copy(run: Any, mine: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRIVACYAPP_HIBP_API_URL", closed_port_url())
    result = run("accounts", "breaches")
    assert result.code == ExitCode.FAILURE
    assert result.out.splitlines() == [
        "Could not download the breach list: privacyapp could not reach the breach service. Check the internet "
        "connection, or use an offline hash file.",
        "There is no copy of the breach list, so privacyapp cannot say which services had breaches.",
    ]
    _never_says_no_breaches(result.out)
    as_json = run("accounts", "breaches", "--json")
    assert as_json.code == ExitCode.FAILURE
    doc = json.loads(as_json.out)
    assert doc["catalogue"] is None and doc["flags"] == []
    assert "could not reach the breach service" in doc["error"]


def test_server_answers_garbage_and_no_copy(
    run: Any, mine: dict[str, str], server: FakeCatalogueServer, data_dir: Path
) -> None:
    from tests.integration.hibp_server import html_page

    server.default = html_page()
    result = run("accounts", "breaches")
    assert result.code == ExitCode.FAILURE
    assert result.out.startswith("Could not download the breach list: The answer was not a breach list")
    _never_says_no_breaches(result.out)
    assert not _cache(data_dir).exists()


def _old_copy(data_dir: Path, days: int, source: str = "https://haveibeenpwned.example") -> datetime:
    fetched = datetime.now(UTC) - timedelta(days=days)
    entry = breaches.parse(json.dumps([api_breach("OldTikTok", _domain("tiktok"), "2024-02-02")]).encode())
    breaches.save(_cache(data_dir), breaches.BreachList(entry, fetched, source))
    return fetched


def test_server_down_with_an_old_copy(
    run: Any, mine: dict[str, str], data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fetched = _old_copy(data_dir, 30)
    monkeypatch.setenv("PRIVACYAPP_HIBP_API_URL", closed_port_url())
    result = run("accounts", "breaches")
    assert result.code == ExitCode.FAILURE
    lines = result.out.splitlines()
    assert lines[0].startswith("Could not download the breach list: privacyapp could not reach the breach service.")
    assert lines[1] == (
        f"Breach list downloaded 30 days ago ({fetched.date().isoformat()}), from https://haveibeenpwned.example."
    )
    assert lines[2].startswith(f"{mine['tiktok']}  TikTok (@sam_the_man): OldTikTok was breached on 2024-02-02")
    doc = json.loads(run("accounts", "breaches", "--json").out)
    assert doc["catalogue"]["age_days"] == 30
    assert doc["error"] and [f["breach"] for f in doc["flags"]] == ["OldTikTok"]


def test_no_network_uses_the_copy_only(
    run: Any, mine: dict[str, str], server: FakeCatalogueServer, data_dir: Path
) -> None:
    nothing = run("accounts", "breaches", "--no-network")
    assert nothing.code == ExitCode.FAILURE
    assert nothing.out == (
        "There is no copy of the breach list, so privacyapp cannot say which services had breaches.\n"
    )
    _old_copy(data_dir, 30)
    old = run("accounts", "breaches", "--no-network")
    assert old.code == 0
    assert "Breach list downloaded 30 days ago" in old.out
    assert "OldTikTok" in old.out
    assert server.log == []  # never asked


# --- services -------------------------------------------------------------------------------------------------------


def test_services_validate_the_shipped_catalogue(run: Any) -> None:
    result = run("services", "validate")
    assert result.code == 0, result.out
    assert result.out == f"All valid: {len(shipped().services)} services.\n"


def test_services_validate_a_bad_file(run: Any, tmp_path: Path) -> None:
    alpha = service("alpha", colour="blue", sign_in_with=["nobody"], reviewed=PAST)
    path = write(tmp_path, catalogue(alpha, service("beta", domains=["www.beta.example"], reviewed=PAST)))
    result = run("services", "validate", path)
    assert result.code == ExitCode.FAILURE
    alpha, beta = id_line(path, "alpha"), id_line(path, "beta")
    assert result.out.splitlines() == [
        f"3 problems in {path}:",
        f"  catalogue.toml:{alpha}: service 'alpha', key 'colour': must be \"#\" and six hex digits, like \"#1d9bf0\"",
        f"  catalogue.toml:{beta}: service 'beta', key 'domains': 'www.beta.example' is not a lower-case domain like "
        "example.com (no www.)",
        f"  catalogue.toml:{alpha}: service 'alpha', key 'sign_in_with': 'nobody' is not a service in this file",
    ]
    assert "All valid" not in result.out


def test_services_validate_a_good_file(run: Any, tmp_path: Path) -> None:
    path = write(tmp_path, catalogue(service("alpha", reviewed=PAST), service("beta", reviewed=PAST)))
    result = run("services", "validate", path)
    assert (result.code, result.out) == (0, "All valid: 2 services.\n")


def test_services_validate_a_missing_file(run: Any, tmp_path: Path) -> None:
    result = run("services", "validate", tmp_path / "nope.toml")
    assert result.code == ExitCode.FAILURE
    assert "1 problem in" in result.out and "cannot be read" in result.out


def test_services_list(run: Any) -> None:
    text = run("services", "list")
    assert text.code == 0
    ids = [line.split()[0] for line in text.out.splitlines()]
    assert ids == [s.id for s in shipped().services]
    doc = json.loads(run("services", "list", "--json").out)
    tiktok = next(s for s in doc if s["id"] == "tiktok")
    assert tiktok["name"] == "TikTok" and tiktok["domains"] == list(shipped().by_id["tiktok"].domains)
    assert set(tiktok) == {"id", "name", "category", "domains", "two_factor", "can_be_private", "deletion", "reviewed"}
