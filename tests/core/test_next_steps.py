"""The "Fix these first" list (core/next_steps.py): each kind from the least data that shows it, the order
between kinds, ties, the limit, done steps leaving the list, "not now", and the reuse audits record on accounts."""

from __future__ import annotations

import random
import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from privacyapp.core.accounts import register
from privacyapp.core.accounts.breaches import Breach, BreachList
from privacyapp.core.accounts.model import Account, Link, LinkKind, PasswordHealth
from privacyapp.core.audit import Login, audit
from privacyapp.core.checklist.model import Catalog, Checklist, Item, Section
from privacyapp.core.next_steps import (
    DEFAULT_LIMIT,
    HIDE_DAYS,
    RANKING,
    Kind,
    NextStep,
    Target,
    TargetType,
    hidden,
    hide,
    next_steps,
)
from privacyapp.core.profile.document import ProfileDocument
from privacyapp.core.profile.payload import ProfileData
from privacyapp.core.progress import Entry, Status
from privacyapp.core.redact import Secret
from privacyapp.core.services import Service, ServiceCatalogue
from privacyapp.core.settings import Settings

TODAY = date(2026, 12, 3)
CHECKED = date(2026, 11, 1)  # the day of the last audit
DOCS = Path(__file__).resolve().parents[2] / "docs" / "next-steps.md"


def service(ident: str, *, two_factor: tuple[str, ...] = ("sms", "app"), private: bool = True) -> Service:
    return Service(
        id=ident, name=ident.capitalize(), category="social", domains=(f"{ident}.example",), colour="#112233",
        mark=ident[:2], two_factor=two_factor, can_be_private=private, privacy_settings="", download_data="",
        delete_account="", deletion="easy", sign_in_with=(), links_to=(), reviewed=date(2026, 1, 1),
    )  # fmt: skip


SERVICES = ServiceCatalogue.of((service("alpha"), service("beta"), service("plain", two_factor=(), private=False)))


def item(ident: str, priority: str = "essential", review: int | None = None, minutes: int = 5) -> Item:
    return Item(
        id=ident, title=f"Title of {ident}", summary="Summary.", why="Why.", steps={"general": ("Do it.",)},
        priority=priority, audiences=("individual",), platforms=(), minutes=minutes, covers=(),
        review_every_days=review, checklist_id="test", section_id="s",
    )  # fmt: skip


def catalog_of(*items: Item) -> Catalog:
    section = Section("s", "Section", "", tuple(items))
    return Catalog.of((Checklist("test", "Test", "Test.", (section,), Path("test.toml")),))


EMPTY = catalog_of()


def acct(ident: str, service_id: str = "alpha", **fields: Any) -> Account:
    """An account with nothing to fix: private, a strong 2-step login, a strong password that never leaked."""
    base: dict[str, Any] = {
        "handle": f"@{ident}", "visibility": "private", "two_factor": "app",
        "password": PasswordHealth(score=4, exposed=False, checked=CHECKED, reused_with=()),
    }  # fmt: skip
    base.update(fields)
    return Account(id=ident, service=service_id, **base)


def health(**changes: Any) -> PasswordHealth:
    values: dict[str, Any] = {"score": 4, "exposed": False, "checked": CHECKED, "reused_with": ()}
    values.update(changes)
    return PasswordHealth(**values)


def document(
    accounts: tuple[Account, ...] = (), progress: dict[str, Entry] | None = None, hidden_entries: tuple[str, ...] = ()
) -> ProfileDocument:
    return ProfileDocument(
        name="Sam", created="2026-01-01T00:00:00+00:00", settings=Settings(next_hidden=hidden_entries),
        progress=progress or {}, accounts=accounts, notes="",
    )  # fmt: skip


def breach_list(domain: str, on: date) -> BreachList:
    breach = Breach(
        name="Leak", title="Alpha", domain=domain, breach_date=on, added=on, pwn_count=1000,
        data_classes=("Passwords",), verified=True, fabricated=False, spam_list=False, retired=False,
    )  # fmt: skip
    return BreachList((breach,), datetime(2026, 12, 1, tzinfo=UTC), "http://127.0.0.1")


def steps(
    doc: ProfileDocument, catalog: Catalog = EMPTY, breaches: BreachList | None = None, **kw: Any
) -> list[NextStep]:
    return next_steps(doc, catalog, SERVICES, breaches, TODAY, **kw)


def kinds(found: list[NextStep]) -> list[tuple[Kind, str]]:
    return [(s.kind, s.target.id) for s in found]


def done(on: date) -> Entry:
    return Entry(Status.DONE, datetime(on.year, on.month, on.day, tzinfo=UTC))


# --- each kind, from the least data that shows it -------------------------------------------------------------------


def hub_accounts() -> tuple[Account, ...]:
    hub = acct("hub", two_factor="unknown")
    users = tuple(
        acct(f"u{n}", links=(Link("hub", LinkKind.SIGN_IN if n % 2 else LinkKind.RECOVERY),)) for n in range(3)
    )
    return (hub, *users)


CASES: list[tuple[Kind, Any, str]] = [
    (Kind.LEAKED_PASSWORD, lambda: document((acct("a", password=health(exposed=True)),)), "a"),
    (Kind.REUSED_PASSWORD, lambda: document((acct("a", password=health(reused_with=("b",))), acct("b"))), "a"),
    (Kind.WEAK_PASSWORD, lambda: document((acct("a", password=health(score=1)),)), "a"),
    (Kind.NO_TWO_STEP, lambda: document((acct("a", two_factor="none"),)), "a"),
    (Kind.WEAKER_TWO_STEP, lambda: document((acct("a", two_factor="sms"),)), "a"),
    (Kind.PUBLIC_ACCOUNT, lambda: document((acct("a", visibility="public"),)), "a"),
    (Kind.BREACHED_SINCE_CHANGE, lambda: document((acct("a", password=health(changed=date(2025, 1, 1))),)), "a"),
    (Kind.HUB_ACCOUNT, lambda: document(hub_accounts()), "hub"),
    (Kind.DUE_AGAIN, lambda: document(progress={"due": done(TODAY - timedelta(days=200))}), "due"),
    (Kind.ESSENTIAL_STEP, lambda: document(), "ess"),
]
CATALOG = catalog_of(item("due", "recommended", review=180), item("ess"))
BREACHES = breach_list("alpha.example", date(2026, 6, 1))


def test_the_kinds_are_exactly_the_ten_of_the_issue() -> None:
    assert {k.value for k in Kind} == {
        "leaked-password", "reused-password", "weak-password", "no-2-step", "weaker-2-step", "public-account",
        "breached-since-change", "hub-account", "due-again", "essential-step",
    }  # fmt: skip
    assert [kind for kind, _ in RANKING] and {kind for kind, _ in RANKING} == set(Kind)


@pytest.mark.parametrize(("kind", "make", "target"), CASES, ids=[c[0].value for c in CASES])
def test_each_kind_from_minimal_data(kind: Kind, make: Any, target: str) -> None:
    doc = make()
    catalog = catalog_of(*(i for i in CATALOG.items if i.id == target))  # only the item of this case
    found = steps(doc, catalog, BREACHES if kind == Kind.BREACHED_SINCE_CHANGE else None)
    assert kinds(found) == [(kind, target)], found
    (step,) = found
    assert step.rank == 1
    assert step.title and step.why.endswith(".") and "{" not in step.why and "{" not in step.title
    expected = TargetType.ITEM if kind in (Kind.DUE_AGAIN, Kind.ESSENTIAL_STEP) else TargetType.ACCOUNT
    assert step.target == Target(expected, target)
    assert step.to_json() == {
        "rank": 1, "kind": kind.value, "title": step.title, "why": step.why,
        "target": {"type": expected.value, "id": target},
    }  # fmt: skip


def test_an_account_with_nothing_to_fix_and_no_plan_gives_an_empty_list() -> None:
    assert steps(document((acct("a"), acct("b", "plain", two_factor="none", visibility="public")))) == []


def test_not_known_is_not_a_problem() -> None:
    """No audit yet, "not sure" 2-step login and visibility: nothing is claimed about the account."""
    assert steps(document((Account(id="a", service="alpha"),))) == []


# --- the order --------------------------------------------------------------------------------------------------------


def test_kinds_come_in_the_documented_order() -> None:
    accounts = (
        acct("pub", visibility="public"),
        acct("sms", two_factor="sms"),
        acct("weak", password=health(score=0)),
        acct("off", two_factor="none"),
        *hub_accounts(),
        acct("reuse", password=health(reused_with=("u0",))),
        acct("brch", password=health(changed=date(2025, 1, 1))),
        acct("leak", password=health(exposed=True)),
    )
    # the others of the accounts have their password changed after the breach: only "brch" is flagged
    changed = tuple(
        a if a.id == "brch" else a.with_changes(password=replace(a.password, changed=CHECKED)) for a in accounts
    )
    found = steps(document(changed, progress={"due": done(TODAY - timedelta(days=400))}), CATALOG, BREACHES, limit=None)
    assert [s.kind for s in found] == [kind for kind, _ in RANKING]
    assert [s.rank for s in found] == list(range(1, len(RANKING) + 1))


def test_the_documented_table_is_the_code() -> None:
    """docs/next-steps.md lists the kinds in the order of RANKING."""
    text = DOCS.read_text(encoding="utf-8")
    listed = re.findall(r"^\| (\d+) \| `([a-z0-9-]+)` \|", text, flags=re.MULTILINE)
    assert [kind for _, kind in listed] == [kind.value for kind, _ in RANKING]
    assert [int(n) for n, _ in listed] == list(range(1, len(RANKING) + 1))


def test_one_step_per_account_its_most_urgent() -> None:
    doc = document((acct("a", two_factor="none", visibility="public", password=health(exposed=True, score=0)),))
    assert kinds(steps(doc)) == [(Kind.LEAKED_PASSWORD, "a")]


def test_ties_are_broken_by_name_then_id_whatever_the_order_of_the_accounts() -> None:
    leaked = health(exposed=True)
    accounts = [
        Account(id="zz", service="beta", handle="", password=leaked),
        Account(id="bb", service="alpha", handle="@kim", password=leaked),
        Account(id="aa", service="alpha", handle="@kim", password=leaked),
        Account(id="cc", service="alpha", handle="@Al", password=leaked),
    ]
    expected = ["cc", "aa", "bb", "zz"]  # Alpha (@Al), Alpha (@kim) twice by id, then Beta
    for seed in range(5):
        random.Random(seed).shuffle(accounts)
        assert [s.target.id for s in steps(document(tuple(accounts)))] == expected


def test_more_reuse_and_bigger_hubs_come_first_within_their_kind() -> None:
    accounts = (
        acct("one", password=health(reused_with=("x",))),
        acct("two", password=health(reused_with=("x", "y"))),
        acct("x"), acct("y"),
    )  # fmt: skip
    assert [s.target.id for s in steps(document(accounts))][:2] == ["two", "one"]


def test_essential_steps_follow_the_plan_order_and_due_steps_the_priority() -> None:
    catalog = catalog_of(
        item("e2"), item("e1"), item("adv", "advanced", review=30), item("rec", "recommended", review=30),
        item("ess-due", review=30), item("rec-todo", "recommended"),
    )  # fmt: skip
    old = done(TODAY - timedelta(days=60))
    found = steps(document(progress={"adv": old, "rec": old, "ess-due": old}), catalog, limit=None)
    assert kinds(found) == [
        (Kind.DUE_AGAIN, "ess-due"), (Kind.DUE_AGAIN, "rec"), (Kind.DUE_AGAIN, "adv"),
        (Kind.ESSENTIAL_STEP, "e2"), (Kind.ESSENTIAL_STEP, "e1"),
    ]  # fmt: skip


# --- the limit, and done steps leaving ------------------------------------------------------------------------------


def test_at_most_seven_by_default_and_the_limit_is_kept() -> None:
    catalog = catalog_of(*(item(f"e{n:02}") for n in range(12)))
    assert DEFAULT_LIMIT == 7
    assert [s.target.id for s in steps(document(), catalog)] == [f"e{n:02}" for n in range(7)]
    assert [s.rank for s in steps(document(), catalog, limit=3)] == [1, 2, 3]
    assert len(steps(document(), catalog, limit=None)) == 12


@pytest.mark.parametrize("status", [Status.DONE, Status.SKIPPED, Status.NOT_APPLICABLE])
def test_a_step_done_or_set_aside_on_the_checklist_leaves(status: Status) -> None:
    catalog = catalog_of(item("e1"), item("e2"))
    entry = Entry(status, datetime(2026, 12, 1, tzinfo=UTC))
    assert [s.target.id for s in steps(document(progress={"e1": entry}), catalog)] == ["e2"]


def test_an_account_fixed_leaves() -> None:
    leaked = acct("a", password=health(exposed=True, score=1, reused_with=("b",)), two_factor="none")
    base = (leaked, acct("b"))
    assert kinds(steps(document(base)))[0] == (Kind.LEAKED_PASSWORD, "a")
    # the person changed the password after the audit: what the audit said of it no longer counts
    new_password = leaked.with_changes(password=health(exposed=True, score=1, changed=TODAY))
    assert kinds(steps(document((new_password, base[1])))) == [(Kind.NO_TWO_STEP, "a")]
    fixed = new_password.with_changes(two_factor="app")
    assert steps(document((fixed, base[1]))) == []


def test_deleted_accounts_and_reuse_with_deleted_ones_do_not_count() -> None:
    accounts = (
        acct("a", password=health(reused_with=("gone", "nowhere"))),
        acct("gone", state="deleted", password=health(exposed=True)),
    )
    assert steps(document(accounts)) == []


# --- "not now" --------------------------------------------------------------------------------------------------------


def test_not_now_hides_a_step_until_its_day_and_include_hidden_shows_it() -> None:
    catalog = catalog_of(item("e1"), item("e2"))
    first = steps(document(), catalog)[0]
    entries = hide((), first.key, TODAY)
    assert entries == (f"{(TODAY + timedelta(days=HIDE_DAYS)).isoformat()} essential-step:item:e1",)
    later = document(hidden_entries=entries)
    assert kinds(steps(later, catalog)) == [(Kind.ESSENTIAL_STEP, "e2")]
    shown = steps(later, catalog, include_hidden=True)
    assert kinds(shown) == [(Kind.ESSENTIAL_STEP, "e1"), (Kind.ESSENTIAL_STEP, "e2")]
    assert shown[0].hidden_until == TODAY + timedelta(days=HIDE_DAYS)
    assert shown[0].to_json()["hidden_until"] == shown[0].hidden_until.isoformat()
    assert shown[1].hidden_until is None and "hidden_until" not in shown[1].to_json()
    back = next_steps(later, catalog, SERVICES, None, TODAY + timedelta(days=HIDE_DAYS))
    assert kinds(back)[0] == (Kind.ESSENTIAL_STEP, "e1")  # its day has come


def test_a_worse_problem_shows_while_a_milder_one_is_put_off() -> None:
    public = acct("a", visibility="public")
    entries = hide((), steps(document((public,)))[0].key, TODAY)
    assert steps(document((public,), hidden_entries=entries)) == []
    leaked = public.with_changes(password=health(exposed=True))
    assert kinds(steps(document((leaked,), hidden_entries=entries))) == [(Kind.LEAKED_PASSWORD, "a")]


def test_hiding_drops_entries_whose_day_has_come_and_keeps_unreadable_ones() -> None:
    entries = ("2026-12-01 old:item:x", "someday new:item:y", "2026-12-20 kept:item:z")
    out = hide(entries, "essential-step:item:e1", TODAY)
    assert out == ("someday new:item:y", "2026-12-20 kept:item:z", "2026-12-10 essential-step:item:e1")
    assert hidden(out, TODAY) == {"kept:item:z": date(2026, 12, 20), "essential-step:item:e1": date(2026, 12, 10)}
    again = hide(out, "kept:item:z", TODAY)  # put off again: one entry, the new day
    assert [e for e in again if "kept" in e] == ["2026-12-10 kept:item:z"]


def test_hidden_steps_are_kept_in_the_encrypted_profile_and_survive_a_round_trip() -> None:
    data = ProfileData(name="Sam", created="2026-01-01T00:00:00+00:00", settings={"next": {"future": 1}})
    doc = ProfileDocument.from_data(data).with_settings(next_hidden=hide((), "essential-step:item:e1", TODAY))
    stored = doc.to_data()
    assert stored.settings["next"] == {"future": 1, "hidden": ["2026-12-10 essential-step:item:e1"]}
    assert ProfileDocument.from_data(stored).settings.next_hidden == ("2026-12-10 essential-step:item:e1",)


# --- reuse, recorded by the audit on accounts ------------------------------------------------------------------------


def test_the_audit_numbers_logins_that_share_a_password_never_with_the_password() -> None:
    logins = [Login("alpha.example", "sam", Secret("same-Pass-1")), Login("beta.example", "sam", Secret("other-9!x")),
              Login("plain.example", "sam", Secret("same-Pass-1"))]  # fmt: skip
    found = audit(logins, None)
    assert [r.group for r in found] == [0, 1, 0]
    assert [r.reused for r in found] == [2, 1, 2]


def test_save_audit_records_which_other_accounts_shared_the_password() -> None:
    accounts = (
        acct("a", password=PasswordHealth()),
        acct("b", "beta"),
        acct("c", "plain"),
        acct("d", "beta", handle="@d2"),
    )
    logins = [
        register.CheckedLogin("alpha.example", "a", 3, 0, group=0),
        register.CheckedLogin("beta.example", "@b", 3, 0, group=0),
        register.CheckedLogin("plain.example", "c", 4, 0, group=1),
        register.CheckedLogin("beta.example", "d2", 4, 0, group=0),
    ]
    new, updated = register.save_audit(accounts, logins, SERVICES, TODAY)
    reused = {a.id: a.password.reused_with for a in new}
    assert reused == {"a": ("b", "d"), "b": ("a", "d"), "c": (), "d": ("a", "b")}
    assert {a.id for a in updated} == {"a", "b", "c", "d"}
    stored = register.dump(new)[0]["password"]
    assert stored["reused_with"] == ["b", "d"]
    assert set(stored) == {"score", "exposed", "changed", "checked", "reused_with"}
    # and the ranked list says so, for both accounts
    assert {s.target.id for s in steps(document(new)) if s.kind == Kind.REUSED_PASSWORD} == {"a", "b", "d"}


def test_an_audit_that_does_not_say_which_logins_share_records_no_reuse() -> None:
    accounts = (acct("a", password=health(reused_with=("b",))), acct("b", "beta"))
    new, _ = register.save_audit(accounts, [register.CheckedLogin("alpha.example", "a", 4, 0)], SERVICES, TODAY)
    assert new[0].password.reused_with is None
    assert "reused_with" not in new[0].to_json()["password"]


def test_old_profiles_read_as_no_reuse_known_and_what_cannot_be_read_is_kept() -> None:
    old = {"id": "a", "service": "alpha", "password": {"score": 2, "exposed": False, "changed": None, "checked": None}}
    assert Account.from_json(old).password.reused_with is None
    assert Account.from_json(old).to_json()["password"] == old["password"]  # written back as an old version wrote it
    newer = {
        "id": "a", "service": "alpha",
        "password": {"score": 2, "exposed": False, "changed": None, "checked": None, "reused_with": [{"id": "b"}],
                     "strength_v2": {"bits": 40}},
    }  # fmt: skip
    read = Account.from_json(newer)
    assert read.password.reused_with is None  # not understood: no reuse known
    assert read.to_json()["password"] == newer["password"]  # and both unknown values travel on unchanged
    changed = read.with_changes(password=PasswordHealth(score=3, extra=read.password.extra))
    assert changed.to_json()["password"]["strength_v2"] == {"bits": 40}


def test_an_accounts_export_carries_the_reuse_and_refuses_anything_else_there() -> None:
    from privacyapp.core.accounts import exchange
    from privacyapp.core.services import shipped

    accounts = (
        Account(id="aaaa0001", service="tiktok", password=health(reused_with=("aaaa0002",))),
        Account(id="aaaa0002", service="instagram", password=health(reused_with=("aaaa0001",))),
    )
    data = exchange.export_bytes(accounts)
    assert [a.password.reused_with for a in exchange.parse(data, shipped())] == [("aaaa0002",), ("aaaa0001",)]
    bad = data.replace(b'"aaaa0002"\n', b'"Hunter2 is my password!"\n', 1)
    assert bad != data
    with pytest.raises(exchange.AccountImportError) as caught:
        exchange.parse(bad, shipped())
    assert "'password.reused_with' must be a list of account ids or null" in str(caught.value.problems)
