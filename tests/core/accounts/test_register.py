"""The accounts register (privacyapp/core/accounts/register.py and model.py): adding, changing, finding, linking
and removing accounts, what a takeover reaches, the counts Home shows, the 2-step login advice, and the lenient
reading of the profile's records. The helpers are reused by test_exchange.py."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest

from privacyapp.core.accounts import register
from privacyapp.core.accounts.model import TWO_FACTOR, Account, Link, PasswordHealth
from privacyapp.core.accounts.register import AccountError, two_factor_advice
from privacyapp.core.services import Service, ServiceCatalogue

TODAY = date(2026, 12, 1)


def make_service(
    ident: str, name: str, *, two_factor: tuple[str, ...] = (), private: bool = True, **more: Any
) -> Service:
    fields: dict[str, Any] = {
        "id": ident,
        "name": name,
        "category": "social",
        "domains": (f"{ident}.com",),
        "colour": "#123456",
        "mark": name[:2],
        "two_factor": two_factor,
        "can_be_private": private,
        "privacy_settings": f"https://{ident}.com/privacy",
        "download_data": f"https://{ident}.com/download",
        "delete_account": f"https://{ident}.com/delete",
        "deletion": "medium",
        "sign_in_with": (),
        "links_to": (),
        "reviewed": date(2026, 11, 1),
    }
    fields.update(more)
    return Service(**fields)


TIKTOK = make_service("tiktok", "TikTok", two_factor=("sms", "app", "passkey"))
GOOGLE = make_service(
    "google", "Google", two_factor=("sms", "app", "key", "passkey"), private=False, category="account"
)
TEXTBANK = make_service("textbank", "Text Bank", two_factor=("sms",))
OLDFORUM = make_service("oldforum", "Old Forum", two_factor=())
CODEHUB = make_service("codehub", "CodeHub", two_factor=("app", "key"))
CATALOGUE = ServiceCatalogue.of((TIKTOK, GOOGLE, TEXTBANK, OLDFORUM, CODEHUB))


def acct(ident: str, service: str = "tiktok", **fields: Any) -> Account:
    return Account(id=ident, service=service, **fields)


def linked(*links: tuple[str, str, str], extra: tuple[str, ...] = ()) -> tuple[Account, ...]:
    """Accounts named by the links (source, target, kind), plus `extra`, in order of first mention."""
    ids: list[str] = []
    for source, target, _ in links:
        ids += [i for i in (source, target) if i not in ids]
    ids += [i for i in extra if i not in ids]
    return tuple(acct(i, links=tuple(Link(t, k) for s, t, k in links if s == i)) for i in ids)


def by_id(accounts: tuple[Account, ...], ident: str) -> Account:
    return next(a for a in accounts if a.id == ident)


# --- add ------------------------------------------------------------------------------------------------------------


def test_add_by_id() -> None:
    accounts, account = register.add((), "tiktok", CATALOGUE, TODAY, handle="@sam", visibility="private")
    assert accounts == (account,)
    assert re.fullmatch(r"[0-9a-f]{8}", account.id)
    assert (account.service, account.handle, account.visibility, account.added) == ("tiktok", "@sam", "private", TODAY)
    assert (account.two_factor, account.login_alerts, account.state, account.links) == ("unknown", None, "active", ())


@pytest.mark.parametrize("name", ["TikTok", "tiktok", "  TIKTOK ", "Text Bank"])
def test_add_by_name_any_case(name: str) -> None:
    first = register.add((), "tiktok", CATALOGUE, TODAY)[0]
    accounts, account = register.add(first, name, CATALOGUE, TODAY)
    assert account.service == ("textbank" if name == "Text Bank" else "tiktok")
    assert accounts == (*first, account)
    assert account.id != first[0].id


def test_add_an_unknown_service() -> None:
    with pytest.raises(AccountError) as info:
        register.add((), "MySpace", CATALOGUE, TODAY)
    assert info.value.message == "privacyapp does not know the service 'MySpace'."
    assert info.value.hint == "Known services: tiktok, google, textbank, oldforum, codehub."


def test_add_never_reuses_an_id(monkeypatch: pytest.MonkeyPatch) -> None:
    made = iter(["aaaa1111", "aaaa1111", "aaaa1111", "bbbb2222"])
    monkeypatch.setattr(register, "new_id", lambda: next(made))
    accounts, first = register.add((), "tiktok", CATALOGUE, TODAY)
    accounts, second = register.add(accounts, "google", CATALOGUE, TODAY)
    assert (first.id, second.id) == ("aaaa1111", "bbbb2222")


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("visibility", "hidden", "'hidden' is not a visibility; use one of: private, public, unknown."),
        (
            "two_factor",
            "email",
            f"'email' is not a 2-step login method; use one of: {', '.join(TWO_FACTOR)}.",
        ),
        ("state", "gone", "'gone' is not a state; use one of: active, deleting, deleted."),
    ],
)
def test_add_validates_its_fields(field: str, value: str, says: str) -> None:
    with pytest.raises(AccountError) as info:
        register.add((), "tiktok", CATALOGUE, TODAY, **{field: value})
    assert info.value.message == says


# --- update ---------------------------------------------------------------------------------------------------------


def test_update_changes_one_account_and_keeps_the_order() -> None:
    accounts = (acct("aaaa1111"), acct("bbbb2222"), acct("cccc3333"))
    changed, account = register.update(accounts, "bbbb2222", visibility="private", two_factor="app", login_alerts=True)
    assert [a.id for a in changed] == ["aaaa1111", "bbbb2222", "cccc3333"]
    assert changed[1] is account
    assert (account.visibility, account.two_factor, account.login_alerts) == ("private", "app", True)
    assert changed[0] == accounts[0] and changed[2] == accounts[2]
    assert accounts[1].visibility == "unknown"  # the input is never changed


@pytest.mark.parametrize(
    ("field", "value", "what"),
    [
        ("visibility", "friends", "visibility"),
        ("two_factor", "totp", "2-step login method"),
        ("state", "paused", "state"),
    ],
)
def test_update_validates(field: str, value: str, what: str) -> None:
    with pytest.raises(AccountError, match=f"'{value}' is not a {what}; use one of: "):
        register.update((acct("aaaa1111"),), "aaaa1111", **{field: value})


# --- find -----------------------------------------------------------------------------------------------------------

IDS = (acct("3f9c01ab"), acct("3f9c77aa"), acct("77aa0c12"), acct("3f9c"))


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("3f9c01ab", "3f9c01ab"),
        ("3f9c0", "3f9c01ab"),
        ("77aa", "77aa0c12"),
        (" 77AA0C12 ", "77aa0c12"),
        ("3f9c", "3f9c"),  # an exact id wins over the accounts it is a prefix of
    ],
)
def test_find_by_id_or_unique_prefix(query: str, found: str) -> None:
    assert register.find(IDS, query).id == found


def test_find_an_ambiguous_prefix() -> None:
    assert register.find(IDS, "3f9c7").id == "3f9c77aa"  # one more character makes it unique
    with pytest.raises(AccountError) as info:
        register.find(IDS[:2], "3F9C")
    assert info.value.message == "More than one account id starts with '3f9c'."
    assert info.value.hint == "Type more of the id."


@pytest.mark.parametrize("query", ["deadbeef", "3f9", "77a", "", "3f9c01abc"])
def test_find_an_unknown_id(query: str) -> None:
    with pytest.raises(AccountError) as info:
        register.find(IDS, query)
    assert info.value.message == f"There is no account with the id '{query}'."
    assert info.value.hint == "See the ids with: privacyapp-cli accounts list"


# --- link and unlink ------------------------------------------------------------------------------------------------


def test_link() -> None:
    accounts = (acct("aaaa1111"), acct("bbbb2222", "google"))
    linked_ = register.link(accounts, "aaaa", "bbbb", "sign-in")
    assert by_id(linked_, "aaaa1111").links == (Link("bbbb2222", "sign-in"),)
    assert by_id(linked_, "bbbb2222").links == ()
    again = register.link(linked_, "aaaa1111", "bbbb2222", "recovery")
    assert by_id(again, "aaaa1111").links == (Link("bbbb2222", "sign-in"), Link("bbbb2222", "recovery"))


def test_a_duplicate_link_is_ignored() -> None:
    accounts = register.link((acct("aaaa1111"), acct("bbbb2222")), "aaaa1111", "bbbb2222", "cross-post")
    assert register.link(accounts, "aaaa1111", "bbbb2222", "cross-post") == accounts
    assert len(by_id(register.link(accounts, "aaaa", "bbbb", "cross-post"), "aaaa1111").links) == 1


def test_an_account_cannot_link_to_itself() -> None:
    with pytest.raises(AccountError, match="cannot be linked to itself"):
        register.link((acct("aaaa1111"), acct("bbbb2222")), "aaaa1111", "aaaa", "sign-in")


def test_a_bad_kind_of_link() -> None:
    with pytest.raises(AccountError) as info:
        register.link((acct("aaaa1111"), acct("bbbb2222")), "aaaa1111", "bbbb2222", "follows")
    assert info.value.message == "'follows' is not a kind of link; use one of: cross-post, sign-in, recovery."


def test_a_link_to_an_unknown_account() -> None:
    with pytest.raises(AccountError, match="no account with the id 'cccc3333'"):
        register.link((acct("aaaa1111"), acct("bbbb2222")), "aaaa1111", "cccc3333", "sign-in")


@pytest.mark.parametrize(("first", "second"), [("aaaa1111", "bbbb2222"), ("bbbb2222", "aaaa1111")])
def test_unlink_removes_both_directions(first: str, second: str) -> None:
    accounts = linked(
        ("aaaa1111", "bbbb2222", "sign-in"),
        ("bbbb2222", "aaaa1111", "cross-post"),
        ("aaaa1111", "cccc3333", "recovery"),
    )
    after = register.unlink(accounts, first, second)
    assert by_id(after, "aaaa1111").links == (Link("cccc3333", "recovery"),)
    assert by_id(after, "bbbb2222").links == ()


def test_unlink_by_kind_keeps_the_other_kinds() -> None:
    accounts = linked(
        ("aaaa1111", "bbbb2222", "sign-in"),
        ("aaaa1111", "bbbb2222", "recovery"),
        ("bbbb2222", "aaaa1111", "recovery"),
    )
    after = register.unlink(accounts, "bbbb", "aaaa", "recovery")
    assert by_id(after, "aaaa1111").links == (Link("bbbb2222", "sign-in"),)
    assert by_id(after, "bbbb2222").links == ()


def test_unlink_accounts_that_are_not_linked() -> None:
    accounts = linked(("aaaa1111", "bbbb2222", "sign-in"), extra=("cccc3333",))
    with pytest.raises(AccountError) as info:
        register.unlink(accounts, "aaaa1111", "cccc3333")
    assert info.value.message == "Those two accounts are not linked."
    with pytest.raises(AccountError) as info:
        register.unlink(accounts, "aaaa1111", "bbbb2222", "recovery")
    assert info.value.message == "Those two accounts are not linked by recovery."


# --- remove ---------------------------------------------------------------------------------------------------------


def test_remove_drops_the_account_and_every_link_to_it() -> None:
    accounts = linked(
        ("aaaa1111", "bbbb2222", "sign-in"),
        ("aaaa1111", "cccc3333", "recovery"),
        ("cccc3333", "bbbb2222", "cross-post"),
        ("bbbb2222", "cccc3333", "recovery"),
    )
    after = register.remove(accounts, "bbbb")
    assert [a.id for a in after] == ["aaaa1111", "cccc3333"]
    assert by_id(after, "aaaa1111").links == (Link("cccc3333", "recovery"),)
    assert by_id(after, "cccc3333").links == ()
    with pytest.raises(AccountError):
        register.remove(after, "bbbb2222")


# --- reach ----------------------------------------------------------------------------------------------------------


def test_reach_follows_sign_in_and_recovery_transitively() -> None:
    # a signs in with b; b recovers through c (its email); d only shares posts to c
    accounts = linked(
        ("aaaa1111", "bbbb2222", "sign-in"),
        ("bbbb2222", "cccc3333", "recovery"),
        ("dddd4444", "cccc3333", "cross-post"),
    )
    assert register.reach(accounts, "cccc3333") == {"aaaa1111", "bbbb2222"}
    assert register.reach(accounts, "bbbb2222") == {"aaaa1111"}
    assert register.reach(accounts, "aaaa1111") == set()  # the direction matters
    assert register.reach(accounts, "dddd4444") == set()


def test_reach_does_not_follow_cross_posting() -> None:
    accounts = linked(("aaaa1111", "bbbb2222", "cross-post"), ("cccc3333", "aaaa1111", "sign-in"))
    assert register.reach(accounts, "bbbb2222") == set()
    assert register.reach(accounts, "aaaa1111") == {"cccc3333"}


def test_reach_terminates_on_cycles() -> None:
    accounts = linked(
        ("aaaa1111", "bbbb2222", "sign-in"),
        ("bbbb2222", "cccc3333", "recovery"),
        ("cccc3333", "aaaa1111", "recovery"),
    )
    for ident in ("aaaa1111", "bbbb2222", "cccc3333"):
        assert register.reach(accounts, ident) == {"aaaa1111", "bbbb2222", "cccc3333"} - {ident}


def test_reach_ignores_links_to_missing_accounts() -> None:
    accounts = (acct("aaaa1111", links=(Link("gone0000", "sign-in"),)), acct("bbbb2222"))
    assert register.edges(accounts) == []
    assert register.reach(accounts, "aaaa1111") == set()


# --- summary and reviews --------------------------------------------------------------------------------------------


def test_summary_counts() -> None:
    accounts = (
        acct("aaaa1111", "tiktok", visibility="private", two_factor="app", reviewed=TODAY,
             links=(Link("bbbb2222", "sign-in"), Link("eeee5555", "cross-post"))),
        acct("bbbb2222", "google", visibility="private", two_factor="sms"),  # Google accounts cannot be private
        acct("cccc3333", "tiktok", visibility="public", two_factor="none", reviewed=TODAY - timedelta(days=200)),
        acct("dddd4444", "myspace", visibility="private", two_factor="unknown", reviewed=TODAY),  # unknown service
        acct("eeee5555", "tiktok", visibility="private", two_factor="key", state="deleted",
             links=(Link("aaaa1111", "recovery"),)),
        acct("ffff6666", "oldforum", two_factor="passkey", state="deleting"),
    )  # fmt: skip
    result = register.summary(accounts, CATALOGUE, TODAY)
    assert result == register.Summary(
        accounts=5,  # the deleted one is left out
        private=2,  # aaaa and dddd; bbbb's service cannot be private, eeee is deleted
        can_be_private=4,  # all active but Google
        with_two_factor=3,  # app, sms, passkey
        links=1,  # aaaa -> bbbb; the links to and from the deleted account do not count
        due_for_review=2,  # bbbb never reviewed, cccc 200 days ago; ffff is being deleted
    )


def test_summary_of_nothing() -> None:
    assert register.summary((), CATALOGUE, TODAY) == register.Summary(0, 0, 0, 0, 0, 0)


@pytest.mark.parametrize(
    ("reviewed", "state", "due"),
    [
        (None, "active", True),
        (TODAY, "active", False),
        (TODAY - timedelta(days=179), "active", False),
        (TODAY - timedelta(days=180), "active", True),
        (TODAY - timedelta(days=900), "active", True),
        (None, "deleting", False),
        (None, "deleted", False),
    ],
)
def test_due_for_review(reviewed: date | None, state: str, due: bool) -> None:
    assert acct("aaaa1111", reviewed=reviewed, state=state).due_for_review(TODAY) is due


# --- 2-step login advice --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("service", "method", "text", "fine"),
    [
        (TIKTOK, "unknown", "Not sure? Look in TikTok's security settings. It offers: a passkey, an authenticator "
         "app and a text-message code.", False),
        (OLDFORUM, "unknown", "Not sure? Old Forum may not offer 2-step login; look in its security settings.", False),
        (None, "unknown", "Not sure? This service may not offer 2-step login; look in its security settings.", False),
        (None, "none", "Turn on 2-step login if this service offers it, and give it a long password.", False),
        (None, "sms", "A text-message code is much better than nothing; if this service offers an authenticator "
         "app or a passkey, switch to it.", True),
        (TIKTOK, "none", "Turn on 2-step login: TikTok offers a passkey, an authenticator app and a text-message "
         "code. The strongest is a passkey.", False),
        (TEXTBANK, "none", "Turn on 2-step login: Text Bank offers a text-message code. The strongest is a "
         "text-message code.", False),
        (OLDFORUM, "none", "Old Forum does not offer 2-step login, so give it a long password you use nowhere else.",
         True),
        (TEXTBANK, "sms", "A text-message code is much better than nothing, and Text Bank offers nothing stronger.",
         True),
        (OLDFORUM, "sms", "A text-message code is much better than nothing, and Old Forum offers nothing stronger.",
         True),
        (GOOGLE, "sms", "Google also offers a security key. Switch to it: a text-message code can be stolen by "
         "someone who takes over your phone number (SIM swapping).", False),
        (TIKTOK, "app", "Good: an authenticator app is a strong second step.", True),
        (GOOGLE, "key", "Good: a security key is a strong second step.", True),
        (TIKTOK, "key", "TikTok does not list a security key; check what is really on.", False),
        (TEXTBANK, "app", "Text Bank does not list an authenticator app; check what is really on.", False),
        (None, "passkey", "Good: a passkey is a strong second step.", True),
    ],
)  # fmt: skip
def test_two_factor_advice(service: Service | None, method: str, text: str, fine: bool) -> None:
    assert two_factor_advice(service, method) == (text, fine)


@pytest.mark.parametrize("method", ["none", "sms"])
def test_two_factor_advice_uses_the_right_article(method: str) -> None:
    text, _ = two_factor_advice(make_service("chat", "Chat", two_factor=("sms", "app")), method)
    assert "authenticator app" in text
    assert " a authenticator" not in text


@pytest.mark.parametrize("method", ["none", "pin"])
def test_two_factor_advice_keeps_pin_in_capitals(method: str) -> None:
    text, _ = two_factor_advice(make_service("chat", "Chat", two_factor=("sms", "pin")), method)
    assert "PIN" in text


# --- reading the profile's records leniently ------------------------------------------------------------------------


def test_a_record_round_trips() -> None:
    account = acct(
        "3f9c01ab",
        handle="@sam",
        visibility="private",
        two_factor="app",
        login_alerts=False,
        links=(Link("77aa0c12", "sign-in"),),
        password=PasswordHealth(3, False, date(2026, 10, 2), date(2026, 11, 21)),
        reviewed=date(2026, 11, 21),
        notes="school account",
        state="deleting",
        deletion={"download": True},
        added=date(2026, 11, 1),
    )
    raw = account.to_json()
    assert raw["deletion"] == {"download": True, "unlink": False, "delete": False, "uninstall": False}
    assert raw["password"] == {"score": 3, "exposed": False, "changed": "2026-10-02", "checked": "2026-11-21"}
    again = Account.from_json(raw)
    assert again.to_json() == raw
    assert register.load(register.dump((account,))) == (again,)


JUNK: dict[str, Any] = {
    "id": "3f9c01ab",
    "service": "tiktok",
    "handle": 42,
    "visibility": "friends-only",
    "two_factor": ["app"],
    "login_alerts": "yes",
    "links": [
        {"to": "77aa0c12", "kind": "sign-in"},
        {"to": "77aa0c12", "kind": "follows"},
        {"to": 5, "kind": "recovery"},
        "77aa0c12",
    ],
    "password": {"score": 9, "exposed": "no", "changed": "last week", "checked": 20261121},
    "reviewed": "2026-13-45",
    "notes": None,
    "state": "archived",
    "deletion": {"download": "yes", "delete": True},
    "added": "2026-11-01T10:00:00+00:00",
}


def test_junk_values_become_defaults() -> None:
    account = Account.from_json(JUNK)
    assert account == Account(
        id="3f9c01ab",
        service="tiktok",
        handle="",
        visibility="unknown",
        two_factor="unknown",
        login_alerts=None,
        links=(Link("77aa0c12", "sign-in"),),
        password=PasswordHealth(None, None, None, None),
        reviewed=None,
        notes="",
        state="active",
        deletion={"download": False, "unlink": False, "delete": True, "uninstall": False},
        added=date(2026, 11, 1),
    )


@pytest.mark.parametrize("raw", [{}, {"id": "", "service": None}, {"links": "x", "password": [], "deletion": 3}])
def test_a_nearly_empty_record_still_loads(raw: dict[str, Any]) -> None:
    account = Account.from_json(raw)
    assert re.fullmatch(r"[0-9a-f]{8}", account.id)
    assert (account.service, account.links, account.password) == ("unknown", (), PasswordHealth())


def test_unknown_keys_are_kept_and_written_back() -> None:
    raw = {**Account(id="3f9c01ab", service="tiktok").to_json(), "colour_tag": "blue", "future": {"a": [1, 2]}}
    account = Account.from_json(raw)
    assert dict(account.extra) == {"colour_tag": "blue", "future": {"a": [1, 2]}}
    changed = account.with_changes(visibility="private")
    out = changed.to_json()
    assert out["colour_tag"] == "blue" and out["future"] == {"a": [1, 2]}
    assert out["visibility"] == "private"
    # a known key is never overridden by an extra one
    assert Account(id="3f9c01ab", service="tiktok", extra={"id": "evil"}).to_json()["id"] == "3f9c01ab"


def test_load_leaves_out_entries_that_are_not_objects() -> None:
    accounts = register.load([{"id": "aaaa1111", "service": "tiktok"}, "bbbb2222", None, 3, [], {"id": "cccc3333"}])
    assert [a.id for a in accounts] == ["aaaa1111", "cccc3333"]
