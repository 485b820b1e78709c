"""The profile as typed values (privacyapp/core/profile/document.py): parsed once from the stored payload and turned
back into it unchanged, renamed checklist items followed, changes landing in the stored form, and nothing this
version cannot read ever dropped."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime
from types import MappingProxyType
from typing import Any

import pytest

from privacyapp.core.accounts import register
from privacyapp.core.accounts.model import (
    Account,
    AccountState,
    Link,
    LinkKind,
    PasswordHealth,
    TwoFactor,
    Visibility,
)
from privacyapp.core.profile import payload
from privacyapp.core.profile.document import ProfileDocument
from privacyapp.core.profile.payload import ProfileData
from privacyapp.core.progress import Entry, Status, set_status
from privacyapp.core.settings import OnlineChecks, Settings, Who
from tests.core.accounts.test_register import CATALOGUE
from tests.core.test_progress import catalog_of, make_item

NOW = datetime(2026, 5, 2, 18, 4, 5, 250000, tzinfo=UTC)

SETTINGS: dict[str, Any] = {
    "online_checks": "allowed",
    "offline_hash_file": "",
    "pwned_passwords_url": "https://pwned.school.example/range/",
    "auto_lock_minutes": 10,
    "checklist_current": "ess-two-step",
    "plan": {"who": "teen", "platforms": ["tiktok", "android"], "shared_device": True},
    "theme": "dark",
    "text_size": 110,
}
PROGRESS: dict[str, Any] = {
    "ess-unique-passwords": {"status": "done", "at": "2026-04-01T10:00:00+00:00", "note": "Bitwarden, with Mum"},
    "ess-two-step": {"status": "later", "at": "2026-04-02T10:00:00+00:00", "until": "2026-05-01"},
    "tt-private-account": {"status": "skipped", "at": "2026-04-03T10:00:00"},
    "tt-family-pairing": {"status": "not-applicable", "at": "2026-04-04T10:00:00+02:00"},
    "tt-who-can-duet": {"status": "todo", "at": "2026-04-05T10:00:00+00:00"},
    # what this version cannot read, kept as written
    "from-a-newer-version": {"status": "snoozed", "at": "2026-04-06T10:00:00+00:00"},
    "damaged": {"status": "done", "at": "yesterday"},
    "not-an-object": "done",
}
ACCOUNTS: list[dict[str, Any]] = [
    {
        "id": "aaaa1111",
        "service": "tiktok",
        "handle": "@sam",
        "visibility": "private",
        "two_factor": "app",
        "login_alerts": True,
        "links": [{"to": "bbbb2222", "kind": "sign-in"}, {"to": "bbbb2222", "kind": "recovery"}],
        "password": {"score": 4, "exposed": False, "changed": "2026-01-15", "checked": "2026-04-01"},
        "reviewed": "2026-04-01",
        "notes": "made for the school project",
        "state": "active",
        "deletion": {"download": False, "unlink": False, "delete": False, "uninstall": False},
        "added": "2025-09-01",
        "nickname": "main",  # keys from a newer version
        "sync": {"devices": ["phone", "laptop"], "at": None},
    },
    {
        "id": "bbbb2222",
        "service": "a-service-nobody-knows",
        "handle": "",
        "visibility": "unknown",
        "two_factor": "unknown",
        "login_alerts": None,
        "links": [],
        "password": {"score": None, "exposed": None, "changed": None, "checked": None},
        "reviewed": None,
        "notes": "",
        "state": "deleting",
        "deletion": {"download": True, "unlink": True, "delete": False, "uninstall": False},
        "added": None,
    },
]
PAYLOAD: dict[str, Any] = {
    "schema_version": payload.SCHEMA_VERSION,
    "name": "Sam",
    "created": "2025-09-01T08:00:00.123456+00:00",
    "settings": SETTINGS,
    "progress": PROGRESS,
    "accounts": ACCOUNTS,
    "notes": "Ask about the router on Sunday.\nünïcödé 🔒",
    "household": {"members": ["Sam", "Alex"], "version": 3},  # top-level keys from a newer version
    "future_flag": False,
}


@pytest.fixture
def data() -> ProfileData:
    return payload.ProfileData.from_json(copy.deepcopy(PAYLOAD))


def test_the_fixture_has_extra_keys_everywhere(data: ProfileData) -> None:
    assert dict(data.extra) == {"household": PAYLOAD["household"], "future_flag": False}
    assert register.load(data.accounts)[0].extra == {"nickname": "main", "sync": ACCOUNTS[0]["sync"]}


def test_from_data_parses_everything_into_typed_values(data: ProfileData) -> None:
    document = ProfileDocument.from_data(data)
    assert (document.name, document.created, document.notes) == (data.name, data.created, data.notes)

    settings = document.settings
    assert settings.online_checks is OnlineChecks.ALLOWED
    assert (settings.auto_lock_minutes, settings.plan_who, settings.plan_platforms) == (
        10,
        Who.FAMILY,
        ("tiktok", "android"),
    )
    assert settings.checklist_current == "ess-two-step"

    assert set(document.progress) == {
        "ess-unique-passwords",
        "ess-two-step",
        "tt-private-account",
        "tt-family-pairing",
        "tt-who-can-duet",
    }
    assert document.progress["ess-two-step"] == Entry(
        Status.LATER, datetime(2026, 4, 2, 10, tzinfo=UTC), date(2026, 5, 1), ""
    )
    assert document.progress["ess-unique-passwords"].note == "Bitwarden, with Mum"
    assert all(isinstance(found.status, Status) for found in document.progress.values())
    assert dict(document.unread_progress) == {
        "from-a-newer-version": PROGRESS["from-a-newer-version"],
        "damaged": PROGRESS["damaged"],
        "not-an-object": "done",
    }

    first, second = document.accounts
    assert isinstance(document.accounts, tuple)
    assert (first.id, first.visibility, first.two_factor, first.state) == (
        "aaaa1111",
        Visibility.PRIVATE,
        TwoFactor.APP,
        AccountState.ACTIVE,
    )
    assert first.links == (Link("bbbb2222", LinkKind.SIGN_IN), Link("bbbb2222", LinkKind.RECOVERY))
    assert first.password == PasswordHealth(4, False, date(2026, 1, 15), date(2026, 4, 1))
    assert second.state is AccountState.DELETING
    assert dict(second.deletion) == {"download": True, "unlink": True, "delete": False, "uninstall": False}


def test_from_data_then_to_data_gives_back_the_input(data: ProfileData) -> None:
    back = ProfileDocument.from_data(data).to_data()
    assert back == data
    assert dict(back.extra) == dict(data.extra)
    assert back.to_json() == PAYLOAD
    assert payload.decode(payload.encode(back)).data.to_json() == PAYLOAD
    assert ProfileDocument.from_data(back) == ProfileDocument.from_data(data)


def test_the_round_trip_is_the_same_with_a_catalog_that_renames_nothing(data: ProfileData) -> None:
    catalog = catalog_of(make_item("ess-unique-passwords"), make_item("tt-who-can-duet"))
    assert ProfileDocument.from_data(data, catalog).to_data().to_json() == PAYLOAD


def test_the_document_is_read_only(data: ProfileData) -> None:
    document = ProfileDocument.from_data(data)
    with pytest.raises(TypeError):
        document.progress["x"] = document.progress["ess-two-step"]  # type: ignore[index]
    with pytest.raises(TypeError):
        document.unread_progress["x"] = 1  # type: ignore[index]
    assert isinstance(document.progress, MappingProxyType)
    changed = document.with_changes(progress={})
    assert len(document.progress) == 5  # the original is untouched
    assert isinstance(changed.progress, MappingProxyType) and dict(changed.progress) == {}


# --- renamed items -------------------------------------------------------------------------------------------------


def test_renamed_items_are_followed_with_a_catalog() -> None:
    catalog = catalog_of(
        make_item("use-a-password-manager", replaces=("password-manager",)),
        make_item("lock-your-phone", replaces=("screen-lock",)),
        make_item("two-step", replaces=("2fa",)),
    )
    old = {"status": "done", "at": "2026-01-01T09:00:00+00:00", "note": "Bitwarden"}
    own = {"status": "skipped", "at": "2026-02-01T09:00:00+00:00"}
    damaged = {"status": "done", "at": "last week"}
    progress = {
        "password-manager": old,  # moves
        "screen-lock": {"status": "later", "at": "2026-01-01T09:00:00+00:00"},  # the new id has its own entry
        "lock-your-phone": own,
        "2fa": damaged,  # unreadable: moves as it is
        "gone-for-good": {"status": "done", "at": "2026-01-01T09:00:00+00:00"},  # nobody knows it: kept
    }
    data = ProfileData(name="Alex", created="2026-01-01T00:00:00+00:00").with_changes(progress=progress)

    document = ProfileDocument.from_data(data, catalog)
    assert set(document.progress) == {"use-a-password-manager", "lock-your-phone", "gone-for-good"}
    assert document.progress["use-a-password-manager"] == Entry.from_json(old)
    assert document.progress["lock-your-phone"] == Entry.from_json(own)
    assert dict(document.unread_progress) == {"two-step": damaged}
    assert dict(document.to_data().progress) == {
        "use-a-password-manager": old,
        "lock-your-phone": own,
        "two-step": damaged,
        "gone-for-good": progress["gone-for-good"],
    }

    without = ProfileDocument.from_data(data)  # no catalog: ids stay as stored
    assert dict(without.to_data().progress) == progress


# --- changes -------------------------------------------------------------------------------------------------------


def test_with_settings_lands_in_to_data(data: ProfileData) -> None:
    document = ProfileDocument.from_data(data).with_settings(
        auto_lock_minutes=0, online_checks=OnlineChecks.FORBIDDEN, plan_who=Who.CLASS, plan_platforms=("ios",)
    )
    assert document.settings.auto_lock_minutes == 0
    expected = copy.deepcopy(PAYLOAD)
    expected["settings"].update(auto_lock_minutes=0, online_checks="forbidden")
    expected["settings"]["plan"].update(who="class", platforms=["ios"])
    assert document.to_data().to_json() == expected


def test_with_settings_refuses_unknown_names_and_invalid_values(data: ProfileData) -> None:
    document = ProfileDocument.from_data(data)
    with pytest.raises(KeyError):
        document.with_settings(theme="light")
    with pytest.raises(ValueError):
        document.with_settings(auto_lock_minutes=-5)
    assert document.to_data().to_json() == PAYLOAD


def test_with_changes_lands_in_to_data(data: ProfileData) -> None:
    document = ProfileDocument.from_data(data)
    accounts, added = register.add(
        document.accounts, "google", CATALOGUE, date(2026, 5, 2), handle="sam@example.invalid", visibility="private"
    )
    accounts = register.link(accounts, "aaaa1111", added.id, "cross-post")
    progress = set_status(document.progress, "tt-who-can-duet", "done", now=NOW, note="only friends")
    progress = set_status(progress, "damaged", "todo", now=NOW)  # a new status replaces the unreadable one
    settings = document.settings.with_changes(checklist_current=None)
    changed = document.with_changes(name="Sam W.", notes="", accounts=accounts, progress=progress, settings=settings)

    out = changed.to_data().to_json()
    expected = copy.deepcopy(PAYLOAD)
    expected.update(name="Sam W.", notes="")
    expected["settings"]["checklist_current"] = None
    expected["progress"]["tt-who-can-duet"] = {
        "status": "done",
        "at": "2026-05-02T18:04:05+00:00",
        "note": "only friends",
    }
    expected["progress"]["damaged"] = {"status": "todo", "at": "2026-05-02T18:04:05+00:00"}
    expected["accounts"][0]["links"].append({"to": added.id, "kind": "cross-post"})
    expected["accounts"].append(added.to_json())
    assert out == expected
    assert out["accounts"][2]["handle"] == "sam@example.invalid"
    assert out["accounts"][0]["nickname"] == "main"  # a changed account keeps its unknown keys
    assert document.to_data().to_json() == PAYLOAD  # the document it came from is unchanged


def test_removing_an_account_and_progress(data: ProfileData) -> None:
    document = ProfileDocument.from_data(data)
    remaining = register.remove(document.accounts, "bbbb2222")
    progress = {k: v for k, v in document.progress.items() if k != "ess-two-step"}
    out = document.with_changes(accounts=remaining, progress=progress).to_data().to_json()
    assert [a["id"] for a in out["accounts"]] == ["aaaa1111"]
    assert out["accounts"][0]["links"] == []  # links to the removed account go with it
    assert "ess-two-step" not in out["progress"]
    assert out["progress"]["damaged"] == PROGRESS["damaged"]


def test_a_damaged_progress_entry_stays_as_written(data: ProfileData) -> None:
    document = ProfileDocument.from_data(data)
    assert "damaged" not in document.progress
    progress = set_status(document.progress, "ess-two-step", "done", now=NOW)
    out = document.with_changes(progress=progress).with_settings(auto_lock_minutes=3).to_data()
    assert out.progress["damaged"] == {"status": "done", "at": "yesterday"}
    assert out.progress["not-an-object"] == "done"
    assert out.progress["from-a-newer-version"] == PROGRESS["from-a-newer-version"]
    assert ProfileDocument.from_data(out).unread_progress == document.unread_progress


def test_a_document_made_without_a_source() -> None:
    document = ProfileDocument(
        name="New",
        created="2026-05-02T18:04:05+00:00",
        settings=Settings(),
        progress={},
        accounts=[Account(id="cccc3333", service="tiktok")],  # type: ignore[arg-type]
        notes="",
    )
    assert document.accounts == (Account(id="cccc3333", service="tiktok"),)
    data = document.to_data()
    assert (data.name, data.created, dict(data.extra), dict(data.progress)) == ("New", document.created, {}, {})
    assert dict(data.settings) == Settings().to_json()
    assert list(data.accounts) == [Account(id="cccc3333", service="tiktok").to_json()]
    assert ProfileDocument.from_data(data).to_data() == data


# --- what nobody changed is written back as it was -----------------------------------------------------------------


def test_accounts_nobody_changed_are_written_back_as_stored() -> None:
    # An older or newer version's records: no id, a value this version does not know, a record that is not an
    # object. A save that changes only a setting (or only progress: `privacyapp-cli progress set`) must not
    # rewrite them.
    stored = [
        {"service": "Example Mail", "private": True},
        {"id": "dddd4444", "service": "tiktok", "visibility": "friends-only", "links": [{"to": "x", "kind": "dm"}]},
        "a damaged record",
    ]
    data = ProfileData(name="Old", created="2025-01-01T00:00:00+00:00").with_changes(accounts=stored)
    out = ProfileDocument.from_data(data).with_settings(auto_lock_minutes=5).to_data()
    assert list(out.accounts) == stored
