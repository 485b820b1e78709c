"""Keeping a password audit's results on the accounts register (register.save_audit): which login goes with which
account, and that only the four summary fields are ever stored, never the site, the username or the password."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from privacyapp.core.accounts import register
from privacyapp.core.accounts.model import Account, PasswordHealth
from privacyapp.core.accounts.register import CheckedLogin, save_audit
from privacyapp.core.services import ServiceCatalogue, shipped

TODAY = date(2026, 12, 1)
CHANGED = date(2025, 3, 14)


@pytest.fixture(scope="module")
def catalogue() -> ServiceCatalogue:
    return shipped()


def acct(ident: str, service: str = "tiktok", **fields: Any) -> Account:
    return Account(id=ident, service=service, added=date(2026, 1, 1), **fields)


def login(site: str, username: str = "", score: int = 2, breach_count: int | None = 0) -> CheckedLogin:
    return CheckedLogin(site, username, score, breach_count)


def saved(accounts: tuple[Account, ...], ident: str) -> PasswordHealth:
    return next(a for a in accounts if a.id == ident).password


# --- by the site's domain ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "site",
    [
        "https://www.tiktok.com/login",
        "m.tiktok.com",
        "tiktok.com",
        "www.tiktok.com",
        "https://m.tiktok.com/@sam?lang=en",
        "HTTPS://WWW.TIKTOK.COM/",
        "tiktok.com:443",
    ],
)
def test_the_site_is_matched_by_its_domain(catalogue: ServiceCatalogue, site: str) -> None:
    accounts = (acct("g1", "google", handle="sam@gmail.com"), acct("t1", handle="@sam"))
    new, updated = save_audit(accounts, [login(site, "whoever", score=3)], catalogue, TODAY)
    assert [a.id for a in updated] == ["t1"]
    assert saved(new, "t1") == PasswordHealth(3, False, None, TODAY)
    assert new[0] == accounts[0], "the Google account is untouched"


def test_a_services_second_domain_counts_too(catalogue: ServiceCatalogue) -> None:
    assert "ig.me" in catalogue.by_id["instagram"].domains
    accounts = (acct("i1", "instagram"),)
    _new, updated = save_audit(accounts, [login("https://ig.me/sam", "sam")], catalogue, TODAY)
    assert [a.id for a in updated] == ["i1"]


@pytest.mark.parametrize(
    "site",
    [
        "nottiktok.com",
        "tiktok.com.evil.example",
        "https://evil.example/tiktok.com",
        "https://tiktok.com@evil.example/login",
        "tiktok",
    ],
)
def test_lookalike_sites_are_not_the_service(catalogue: ServiceCatalogue, site: str) -> None:
    accounts = (acct("t1", handle="@sam"),)
    new, updated = save_audit(accounts, [login(site, "sam")], catalogue, TODAY)
    assert updated == [] and new == accounts


@pytest.mark.parametrize("site", ["example.org", "", "not a web address", "https://", "https://shop.example/login"])
def test_unknown_sites_are_ignored(catalogue: ServiceCatalogue, site: str) -> None:
    accounts = (acct("t1", handle="@sam"), acct("s1", "spotify"))
    new, updated = save_audit(accounts, [login(site, "sam")], catalogue, TODAY)
    assert updated == []
    assert new == accounts


# --- by the username, when a service has several accounts ----------------------------------------------------------


def test_the_handle_is_the_username_case_insensitively_and_without_the_at(catalogue: ServiceCatalogue) -> None:
    accounts = (
        acct("t1", handle="@Sam"),
        acct("t2", handle="alex_two"),
        acct("t3", handle="@school.account"),
    )
    logins = [
        login("https://www.tiktok.com/login", "SAM", score=1, breach_count=7),
        login("m.tiktok.com", "@Alex_Two ", score=4, breach_count=0),
    ]
    new, updated = save_audit(accounts, logins, catalogue, TODAY)
    assert sorted(a.id for a in updated) == ["t1", "t2"]
    assert saved(new, "t1") == PasswordHealth(1, True, None, TODAY)
    assert saved(new, "t2") == PasswordHealth(4, False, None, TODAY)
    assert saved(new, "t3") == PasswordHealth(), "no login for it: unchanged"
    assert [a.id for a in new] == ["t1", "t2", "t3"], "the order of the register is kept"


def test_an_email_handle_matches_an_email_username(catalogue: ServiceCatalogue) -> None:
    accounts = (acct("g1", "google", handle="sam@gmail.com"), acct("g2", "google", handle="work@gmail.com"))
    new, updated = save_audit(accounts, [login("accounts.google.com", "Sam@Gmail.com", 3)], catalogue, TODAY)
    assert [a.id for a in updated] == ["g1"]
    assert saved(new, "g1").score == 3 and saved(new, "g2") == PasswordHealth()


def test_the_only_account_takes_the_only_login_whatever_its_username(catalogue: ServiceCatalogue) -> None:
    accounts = (acct("t1", handle="@sam"), acct("d1", "discord"))
    new, updated = save_audit(accounts, [login("tiktok.com", "sam.smith@example.org", 2)], catalogue, TODAY)
    assert [a.id for a in updated] == ["t1"]
    assert saved(new, "t1").score == 2


def test_the_only_account_without_a_handle_takes_the_only_login(catalogue: ServiceCatalogue) -> None:
    accounts = (acct("t1"),)
    _new, updated = save_audit(accounts, [login("tiktok.com", "")], catalogue, TODAY)
    assert [a.id for a in updated] == ["t1"]


# --- ambiguous ones are skipped ------------------------------------------------------------------------------------


def test_several_accounts_and_a_username_that_is_none_of_them(catalogue: ServiceCatalogue) -> None:
    accounts = (acct("t1", handle="@sam"), acct("t2", handle="@alex"))
    new, updated = save_audit(accounts, [login("tiktok.com", "someone")], catalogue, TODAY)
    assert updated == [] and new == accounts


def test_several_accounts_without_handles_and_an_empty_username(catalogue: ServiceCatalogue) -> None:
    accounts = (acct("t1"), acct("t2"))
    new, updated = save_audit(accounts, [login("tiktok.com", ""), login("tiktok.com", "@")], catalogue, TODAY)
    assert updated == [] and new == accounts


def test_two_accounts_with_the_same_handle(catalogue: ServiceCatalogue) -> None:
    accounts = (acct("t1", handle="@sam"), acct("t2", handle="SAM"))
    new, updated = save_audit(accounts, [login("tiktok.com", "sam")], catalogue, TODAY)
    assert updated == [] and new == accounts


def test_one_account_and_two_logins_that_do_not_name_it(catalogue: ServiceCatalogue) -> None:
    accounts = (acct("t1", handle="@sam"),)
    logins = [login("tiktok.com", "old@example.org"), login("m.tiktok.com", "new@example.org")]
    new, updated = save_audit(accounts, logins, catalogue, TODAY)
    assert updated == [] and new == accounts


def test_one_account_and_two_logins_one_naming_it(catalogue: ServiceCatalogue) -> None:
    accounts = (acct("t1", handle="@sam"),)
    logins = [login("tiktok.com", "other@example.org", score=0), login("m.tiktok.com", "sam", score=3)]
    new, updated = save_audit(accounts, logins, catalogue, TODAY)
    assert [a.id for a in updated] == ["t1"]
    assert saved(new, "t1").score == 3


def test_deleted_accounts_are_skipped(catalogue: ServiceCatalogue) -> None:
    accounts = (acct("t1", handle="@sam", state="deleted"), acct("t2", handle="@alex"), acct("t3", handle="@kim"))
    new, updated = save_audit(accounts, [login("tiktok.com", "sam")], catalogue, TODAY)
    assert updated == [] and new == accounts
    only_deleted = (acct("t1", handle="@sam", state="deleted"),)
    assert save_audit(only_deleted, [login("tiktok.com", "x")], catalogue, TODAY) == (only_deleted, [])


def test_an_account_being_deleted_still_counts(catalogue: ServiceCatalogue) -> None:
    accounts = (acct("t1", handle="@sam", state="deleting"),)
    _new, updated = save_audit(accounts, [login("tiktok.com", "sam")], catalogue, TODAY)
    assert [a.id for a in updated] == ["t1"]


def test_a_deleted_account_does_not_make_the_other_ambiguous(catalogue: ServiceCatalogue) -> None:
    accounts = (acct("t1", handle="@old", state="deleted"), acct("t2", handle="@new"))
    new, updated = save_audit(accounts, [login("tiktok.com", "somebody@example.org")], catalogue, TODAY)
    assert [a.id for a in updated] == ["t2"]
    assert saved(new, "t1") == PasswordHealth()


def test_a_login_naming_a_deleted_account_is_not_given_to_another(catalogue: ServiceCatalogue) -> None:
    accounts = (acct("t1", handle="@sam", state="deleted"), acct("t2", handle="@sam.new"))
    new, updated = save_audit(accounts, [login("tiktok.com", "sam", score=0, breach_count=9)], catalogue, TODAY)
    assert updated == []
    assert new == accounts


def test_two_logins_for_one_account_never_hide_the_leaked_one(catalogue: ServiceCatalogue) -> None:
    accounts = (acct("t1", handle="@sam"), acct("t2", handle="@alex"))
    logins = [
        login("tiktok.com", "sam", score=0, breach_count=120),
        login("m.tiktok.com", "@sam", score=4, breach_count=0),
    ]
    new, _updated = save_audit(accounts, logins, catalogue, TODAY)
    health = saved(new, "t1")
    assert health.exposed is not False, health
    assert health.score != 4, health


# --- what is kept --------------------------------------------------------------------------------------------------


def test_changed_is_kept_and_checked_is_today(catalogue: ServiceCatalogue) -> None:
    old = PasswordHealth(score=1, exposed=True, changed=CHANGED, checked=date(2026, 2, 1))
    accounts = (acct("t1", handle="@sam", password=old),)
    new, updated = save_audit(accounts, [login("tiktok.com", "sam", score=4, breach_count=0)], catalogue, TODAY)
    assert saved(new, "t1") == PasswordHealth(score=4, exposed=False, changed=CHANGED, checked=TODAY)
    assert updated == [new[0]]


@pytest.mark.parametrize(("breach_count", "exposed"), [(None, None), (0, False), (1, True), (52_000, True)])
def test_exposed_follows_the_breach_count(
    catalogue: ServiceCatalogue, breach_count: int | None, exposed: bool | None
) -> None:
    accounts = (acct("t1", handle="@sam", password=PasswordHealth(2, True, CHANGED, date(2026, 2, 1))),)
    new, _ = save_audit(accounts, [login("tiktok.com", "sam", 3, breach_count)], catalogue, TODAY)
    assert saved(new, "t1").exposed is exposed
    assert saved(new, "t1").checked == TODAY


def test_only_the_four_summary_fields_are_stored(catalogue: ServiceCatalogue) -> None:
    username, site = "sentinel-user-93@example.org", "https://www.tiktok.com/login?sentinel=site-71"
    before = acct("t1", handle="@sam", notes="my main one", password=PasswordHealth(changed=CHANGED))
    new, updated = save_audit((before,), [login(site, username, score=2, breach_count=3)], catalogue, TODAY)
    after = new[0].to_json()
    expected = before.to_json()
    expected["password"] = {"score": 2, "exposed": True, "changed": CHANGED.isoformat(), "checked": TODAY.isoformat()}
    assert after == expected  # nothing else changed, nothing added
    assert set(after["password"]) == {"score", "exposed", "changed", "checked"}
    text = repr(after)
    for trace in ("sentinel-user-93", "example.org", "site-71", "/login", "breach", "username", "site"):
        assert trace not in text, trace
    assert updated[0].to_json() == after
    assert register.dump(new) == [after]


def test_nothing_to_save_returns_the_accounts_as_they_were(catalogue: ServiceCatalogue) -> None:
    accounts = (acct("t1", handle="@sam"),)
    assert save_audit(accounts, [], catalogue, TODAY) == (accounts, [])
    assert save_audit((), [login("tiktok.com", "sam")], catalogue, TODAY) == ((), [])
