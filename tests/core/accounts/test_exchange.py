"""The accounts export file (privacyapp/core/accounts/exchange.py, docs/accounts-format.md): a round trip, and
every kind of bad file refused with AccountImportError naming the problem, all problems at once."""

from __future__ import annotations

import json
import os
import stat
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from privacyapp.core.accounts import exchange, register
from privacyapp.core.accounts.exchange import MAX_FILE, AccountImportError, export_bytes, merge, parse, read, write
from privacyapp.core.accounts.model import TWO_FACTOR, Account, Link, PasswordHealth
from tests.core.accounts.test_register import CATALOGUE
from tests.datafiles import DROP, changed

NOW = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)

SAM_TIKTOK = Account(
    id="3f9c01ab",
    service="tiktok",
    handle="@sam",
    visibility="private",
    two_factor="app",
    login_alerts=True,
    links=(Link("77aa0c12", "sign-in"),),
    password=PasswordHealth(3, False, date(2026, 10, 2), date(2026, 11, 21)),
    reviewed=date(2026, 11, 21),
    notes="for school",
    state="active",
    deletion={"download": True, "unlink": False, "delete": False, "uninstall": False},
    added=date(2026, 11, 1),
)
NO_STEPS = {"download": False, "unlink": False, "delete": False, "uninstall": False}
SAM_GOOGLE = Account(id="77aa0c12", service="google", handle="sam@example.com", two_factor="passkey", deletion=NO_STEPS)
FORUM = Account(
    id="0c12ffee", service="oldforum", state="deleting", links=(Link("77aa0c12", "recovery"),), deletion=NO_STEPS
)
MINE = (SAM_TIKTOK, SAM_GOOGLE, FORUM)


def record(**changes: Any) -> dict[str, Any]:
    """One valid account record, with `changes` (a value of DROP removes the key)."""
    return changed(SAM_GOOGLE.to_json(), changes)


def file_of(*entries: Any, **top: Any) -> bytes:
    doc: dict[str, Any] = {"format": "privacyapp-accounts", "version": 1, "exported": NOW.isoformat()}
    doc["accounts"] = list(entries)
    return json.dumps(changed(doc, top)).encode("utf-8")


def refused(data: bytes) -> list[str]:
    with pytest.raises(AccountImportError) as info:
        parse(data, CATALOGUE)
    error = info.value
    assert error.problems, "an import error always says why"
    assert error.message.startswith("The file cannot be imported; nothing was changed:")
    for problem in error.problems[: exchange.MAX_PROBLEMS_SHOWN]:
        assert problem in error.message
    return error.problems


def only_problem(data: bytes) -> str:
    problems = refused(data)
    assert len(problems) == 1, problems
    return problems[0]


# --- the round trip -------------------------------------------------------------------------------------------------


def test_export_parse_merge_round_trip() -> None:
    data = export_bytes(MINE, NOW)
    doc = json.loads(data)
    assert (doc["format"], doc["version"], doc["exported"]) == ("privacyapp-accounts", 1, "2026-11-21T10:00:00+00:00")
    assert doc["accounts"][0] == SAM_TIKTOK.to_json()
    incoming = parse(data, CATALOGUE)
    assert incoming == MINE
    merged, added, replaced = merge((), incoming)
    assert (merged, added, replaced) == (MINE, 3, 0)
    assert export_bytes(merged, NOW) == data


def test_an_export_never_holds_a_password_field_beyond_the_summary() -> None:
    doc = json.loads(export_bytes(MINE, NOW))
    for raw in doc["accounts"]:
        assert set(raw["password"]) == {"score", "exposed", "changed", "checked"}


def test_merge_replaces_the_same_id_and_adds_the_others() -> None:
    existing = (
        Account(id="aaaa1111", service="codehub", links=(Link("77aa0c12", "sign-in"),)),
        SAM_GOOGLE.with_changes(handle="old name"),
    )
    merged, added, replaced = merge(existing, MINE)
    assert [a.id for a in merged] == ["aaaa1111", "77aa0c12", "3f9c01ab", "0c12ffee"]
    assert merged[1] == SAM_GOOGLE  # the file's copy replaced the old one
    assert merged[0] == existing[0]
    assert (added, replaced) == (2, 1)


def test_a_link_may_lead_to_an_account_already_in_the_profile() -> None:
    incoming = parse(file_of(record(id="aaaa1111", links=[{"to": "77aa0c12", "kind": "recovery"}])), CATALOGUE)
    merged, added, replaced = merge((SAM_GOOGLE,), incoming)
    assert [a.id for a in merged] == ["77aa0c12", "aaaa1111"]
    assert (added, replaced) == (1, 0)


def test_a_byte_order_mark_is_fine() -> None:
    assert parse(b"\xef\xbb\xbf" + export_bytes(MINE, NOW), CATALOGUE) == MINE


def test_an_empty_export_is_fine() -> None:
    assert parse(file_of(), CATALOGUE) == ()


def test_written_file_is_for_its_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "accounts.json"
    old = os.umask(0)
    try:
        write(path, MINE)
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert parse(read(path), CATALOGUE) == MINE


def test_writing_over_an_existing_file_makes_it_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "accounts.json"
    path.write_text("an older export", encoding="utf-8")
    path.chmod(0o644)
    write(path, MINE)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


# --- the file as a whole --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"{not json", b"", b'{"format": "privacyapp-accounts",', b"[" * 100_000])
def test_not_json(data: bytes) -> None:
    assert only_problem(data).startswith("the file is not valid JSON (")


def test_not_utf8() -> None:
    data = json.dumps({"format": "privacyapp-accounts", "version": 1, "accounts": [record(handle="Zoë")]})
    assert only_problem(data.encode("latin-1").replace(b"\\u00eb", b"\xeb")) == (
        "the file is not UTF-8 text (is it an accounts export?)"
    )


@pytest.mark.parametrize(
    "data",
    [
        file_of(format="privacyapp-profile"),
        file_of(format=DROP),
        b"[]",
        b'"privacyapp-accounts"',
        b"null",
    ],
)
def test_wrong_format_marker(data: bytes) -> None:
    assert only_problem(data) == 'the file is not a privacyapp accounts export (no "format": "privacyapp-accounts")'


@pytest.mark.parametrize(("version", "shown"), [(2, "2"), (0, "0"), ("1", "'1'"), (None, "None")])
def test_wrong_version(version: object, shown: str) -> None:
    assert only_problem(file_of(version=version)) == f"the file's version {shown} is not 1: update privacyapp"


def test_missing_version() -> None:
    assert "version None is not 1" in only_problem(file_of(version=DROP))


@pytest.mark.parametrize("version", [True, 1.0])
def test_a_version_that_only_equals_one(version: object) -> None:
    assert "is not 1" in only_problem(file_of(version=version))


@pytest.mark.parametrize("accounts", [{"3f9c01ab": {}}, "none", None, 3])
def test_accounts_not_a_list(accounts: object) -> None:
    assert only_problem(file_of(accounts=accounts)) == "'accounts' must be a list"


def test_too_big_a_file(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as out:
        out.truncate(MAX_FILE + 1)  # sparse: nothing is read to refuse it
    with pytest.raises(AccountImportError) as info:
        read(path)
    assert info.value.problems == [f"{path} cannot be read: it is larger than {MAX_FILE // 2**20} MiB."]


def test_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(AccountImportError) as info:
        read(tmp_path / "nope.json")
    (problem,) = info.value.problems
    assert problem.startswith(f"{tmp_path / 'nope.json'} cannot be read: ")


# --- one account ----------------------------------------------------------------------------------------------------

WHERE = "account 1 ('77aa0c12')"
STEPS = "download, unlink, delete, uninstall"


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"service": "myspace"}, "'service' 'myspace' is not a service privacyapp knows"),
        ({"service": DROP}, "'service' None is not a service privacyapp knows"),
        ({"service": "TikTok"}, "'service' 'TikTok' is not a service privacyapp knows"),
        ({"visibility": "friends"}, "'visibility' 'friends' is not one of: private, public, unknown"),
        ({"visibility": None}, "'visibility' None is not one of: private, public, unknown"),
        ({"two_factor": "email"}, f"'two_factor' 'email' is not one of: {', '.join(TWO_FACTOR)}"),
        ({"state": "archived"}, "'state' 'archived' is not one of: active, deleting, deleted"),
        ({"login_alerts": "yes"}, "'login_alerts' must be true, false or null"),
        ({"handle": 42}, "'handle' must be text"),
        ({"notes": ["a"]}, "'notes' must be text"),
        ({"password": {"score": 5}}, "'password.score' must be 0 to 4 or null"),
        ({"password": {"score": True}}, "'password.score' must be 0 to 4 or null"),
        ({"password": {"score": 2.5}}, "'password.score' must be 0 to 4 or null"),
        ({"password": {"exposed": "no"}}, "'password.exposed' must be true, false or null"),
        ({"password": "hunter2"}, "'password' must be an object"),
        ({"password": None}, "'password' must be an object"),
        ({"deletion": {"download": True, "shred": True}}, f"'deletion' may hold only {STEPS}"),
        ({"deletion": ["download"]}, f"'deletion' may hold only {STEPS}"),
        ({"links": {"to": "3f9c01ab"}}, "'links' must be a list"),
        ({"links": [{"to": "3f9c01ab", "kind": "follows"}]}, "each link needs 'to' (an account id) and 'kind'"),
        ({"links": [{"to": 5, "kind": "sign-in"}]}, "each link needs 'to' (an account id) and 'kind'"),
        ({"links": ["3f9c01ab"]}, "each link needs 'to' (an account id) and 'kind'"),
        ({"passwd": "x"}, "'passwd' is not a known key (check the spelling)"),
        ({"Handle": "@sam"}, "'Handle' is not a known key (check the spelling)"),
    ],
)  # fmt: skip
def test_a_bad_value(changes: dict[str, Any], problem: str) -> None:
    assert only_problem(file_of(record(**changes))).startswith(f"{WHERE}: {problem}")


@pytest.mark.parametrize(
    "changes",
    [{"login_alerts": 1}, {"password": {"exposed": 0}}, {"deletion": {"download": "yes"}}],
    ids=["login_alerts-1", "exposed-0", "deletion-yes"],
)
def test_a_number_or_text_for_a_boolean(changes: dict[str, Any]) -> None:
    refused(file_of(record(**changes)))


@pytest.mark.parametrize(
    "password",
    [
        {"value": "hunter2"},
        {"score": 3, "plain": "hunter2"},
        {"sha1": "F3BBBD66A63D4BF1747940578EC3D0103530E21D"},
        {"prefix": "F3BBB"},
    ],
)
def test_a_password_object_with_anything_but_the_summary(password: dict[str, Any]) -> None:
    problem = only_problem(file_of(record(password=password)))
    assert problem == f"{WHERE}: 'password' may hold only score, exposed, changed, checked and reused_with"
    with pytest.raises(AccountImportError) as info:
        parse(file_of(record(password=password)), CATALOGUE)
    for value in password.values():
        assert str(value) not in str(info.value)  # the error never repeats what might be a password


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("reviewed", "21/11/2026"),
        ("reviewed", "2026-02-30"),
        ("added", "yesterday"),
        ("added", 20261121),
        ("reviewed", "2026-11-21T10:00:00"),
    ],
)
def test_a_bad_date(key: str, value: object) -> None:
    assert only_problem(file_of(record(**{key: value}))) == f"{WHERE}: '{key}' must be a date like 2026-11-21, or null"


@pytest.mark.parametrize("key", ["changed", "checked"])
def test_a_bad_password_date(key: str) -> None:
    problem = only_problem(file_of(record(password={key: "last week"})))
    assert problem == f"{WHERE}: 'password.{key}' must be a date like 2026-11-21, or null"


def test_null_dates_are_fine() -> None:
    (account,) = parse(file_of(record(reviewed=None, added=None, password={"changed": None})), CATALOGUE)
    assert (account.reviewed, account.added, account.password.changed) == (None, None, None)


@pytest.mark.parametrize("ident", [None, "", "   ", 42])
def test_a_missing_id(ident: object) -> None:
    assert only_problem(file_of(record(id=ident))) == (
        f"account 1: 'id' must be lower-case letters, digits and dashes (found {ident!r})"
    )


def test_an_entry_that_is_not_an_object() -> None:
    assert only_problem(file_of(record(), "77aa0c12")) == "account 2: is not an object"


def test_duplicate_ids() -> None:
    problems = refused(file_of(record(), record(handle="other"), record(id="3f9c01ab")))
    assert problems == ["the id '77aa0c12' is used by more than one account"]


def test_every_problem_is_listed() -> None:
    data = file_of(
        record(service="myspace", visibility="friends"),
        record(id="3f9c01ab", passwd="x", reviewed="soon"),
        ["not", "an", "account"],
    )
    assert refused(data) == [
        "account 1 ('77aa0c12'): 'service' 'myspace' is not a service privacyapp knows",
        "account 1 ('77aa0c12'): 'visibility' 'friends' is not one of: private, public, unknown",
        "account 2 ('3f9c01ab'): 'passwd' is not a known key (check the spelling)",
        "account 2 ('3f9c01ab'): 'reviewed' must be a date like 2026-11-21, or null",
        "account 3: is not an object",
    ]


def test_a_long_list_of_problems_is_cut_short_in_the_message() -> None:
    data = file_of(*(record(id=f"id{n:06d}", state="gone") for n in range(25)))
    with pytest.raises(AccountImportError) as info:
        parse(data, CATALOGUE)
    assert len(info.value.problems) == 25
    assert "account 20 ('id000019')" in info.value.message
    assert "account 21 (" not in info.value.message
    assert info.value.message.endswith("\n  ... and 5 more")


# --- links checked when merging -------------------------------------------------------------------------------------


def test_a_link_to_a_missing_account() -> None:
    incoming = parse(file_of(record(links=[{"to": "deadbeef", "kind": "sign-in"}])), CATALOGUE)
    with pytest.raises(AccountImportError) as info:
        merge((SAM_TIKTOK,), incoming)
    assert info.value.problems == [
        "account '77aa0c12' links to 'deadbeef', which is neither in the file nor among your accounts"
    ]


def test_a_self_link() -> None:
    incoming = parse(file_of(record(links=[{"to": "77aa0c12", "kind": "recovery"}])), CATALOGUE)
    with pytest.raises(AccountImportError) as info:
        merge((), incoming)
    assert info.value.problems == ["account '77aa0c12' links to itself"]


def test_an_imported_id_can_be_found_again() -> None:
    try:
        incoming = parse(file_of(record(id="Sam-Google")), CATALOGUE)
    except AccountImportError:
        return  # refusing such an id is a fix too
    merged, _, _ = merge((), incoming)
    assert register.find(merged, "Sam-Google").id == "Sam-Google"
