"""Progress: setting a state, what shows (due again, later come back), renamed items, the plan, the next five
and the weighted scores. Fixed dates throughout: nothing here depends on today."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from privacyapp.core.checklist.model import Catalog, Checklist, Item, Section
from privacyapp.core.checklist.plan import plan as plan_items
from privacyapp.core.progress import (
    STATUSES,
    Entry,
    Status,
    dump,
    effective,
    entry,
    follow_renames,
    next_items,
    parse,
    score,
    section_scores,
    set_status,
)

NOW = datetime(2026, 3, 10, 14, 30, 15, 123456, tzinfo=UTC)
TODAY = NOW.date()


def make_item(
    ident: str,
    priority: str = "recommended",
    *,
    audiences: tuple[str, ...] = ("individual",),
    platforms: tuple[str, ...] = (),
    review: int | None = None,
    replaces: tuple[str, ...] = (),
    section: str = "sec-one",
) -> Item:
    return Item(
        id=ident,
        title=f"Title of {ident}",
        summary="Summary.",
        why="Why.",
        steps={"general": ("Do it.",)},
        priority=priority,
        audiences=audiences,
        platforms=platforms,
        minutes=5,
        covers=(),
        replaces=replaces,
        review_every_days=review,
        checklist_id="test",
        section_id=section,
    )


def catalog_of(*items: Item) -> Catalog:
    sections: dict[str, list[Item]] = {}
    for it in items:
        sections.setdefault(it.section_id, []).append(it)
    checklist = Checklist(
        id="test",
        title="Test",
        summary="Test.",
        sections=tuple(Section(sid, sid, "", tuple(its)) for sid, its in sections.items()),
        source=Path("test.toml"),
    )
    return Catalog.of((checklist,))


def done_on(day: date) -> dict[str, Any]:
    return {"status": "done", "at": datetime(day.year, day.month, day.day, 9, 0, tzinfo=UTC).isoformat()}


def typed(raw: dict[str, Any]) -> dict[str, Entry]:
    """Progress in its stored JSON form as typed entries; every entry given must be readable."""
    entries, unread = parse(raw)
    assert unread == {}, f"entries that could not be read: {unread}"
    return entries


def stored(progress: dict[str, Entry]) -> dict[str, Any]:
    """Typed progress back in its stored JSON form."""
    return dump(progress)


# --- set_status ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", STATUSES)
def test_set_status_for_each_status(status: str) -> None:
    before = typed({"other": {"status": "done", "at": "2026-01-01T00:00:00+00:00"}})
    after = set_status(before, "lock-screen", status, now=NOW)
    assert after["other"] == before["other"]
    assert stored(before) == {"other": {"status": "done", "at": "2026-01-01T00:00:00+00:00"}}  # not changed in place
    assert list(before) == ["other"]
    found = after["lock-screen"]
    assert found.status == Status(status) and isinstance(found.status, Status)
    assert found.at == datetime(2026, 3, 10, 14, 30, 15, tzinfo=UTC)  # to the second
    saved = stored(after)["lock-screen"]
    assert saved["status"] == status
    assert saved["at"] == "2026-03-10T14:30:15+00:00"
    if status == "later":
        assert saved["until"] == "2026-03-17"  # a week by default
    else:
        assert "until" not in saved
    assert "note" not in saved
    until = date.fromisoformat(saved["until"]) if "until" in saved else None
    assert Entry.from_json(saved) == Entry(Status(status), datetime.fromisoformat(saved["at"]), until, "") == found


def test_later_until_a_given_date() -> None:
    after = set_status({}, "x", "later", now=NOW, until=date(2026, 6, 1))
    assert after["x"].until == date(2026, 6, 1)
    assert stored(after)["x"]["until"] == "2026-06-01"
    done = set_status(after, "x", "done", now=NOW, until=date(2026, 6, 1))
    assert done["x"].until is None
    assert "until" not in stored(done)["x"]  # `until` only goes with later


def test_the_note_is_kept_until_a_new_one_is_given() -> None:
    progress = set_status({}, "x", "later", now=NOW, note="ask Dad for the router password")
    assert progress["x"].note == "ask Dad for the router password"
    assert stored(progress)["x"]["note"] == "ask Dad for the router password"
    progress = set_status(progress, "x", "done", now=NOW + timedelta(days=1))
    assert progress["x"] == Entry(
        Status.DONE, datetime(2026, 3, 11, 14, 30, 15, tzinfo=UTC), None, "ask Dad for the router password"
    )
    assert stored(progress)["x"] == {
        "status": "done",
        "at": "2026-03-11T14:30:15+00:00",
        "note": "ask Dad for the router password",
    }
    progress = set_status(progress, "x", "todo", now=NOW, note="new note")
    assert progress["x"].note == "new note"
    assert stored(progress)["x"]["note"] == "new note"
    progress = set_status(progress, "x", "todo", now=NOW, note="")
    assert progress["x"].note == ""
    assert "note" not in stored(progress)["x"]


def test_set_status_refuses_an_unknown_status() -> None:
    with pytest.raises(ValueError, match="unknown status 'finished'"):
        set_status({}, "x", "finished", now=NOW)
    with pytest.raises(ValueError):
        set_status({}, "x", "due", now=NOW)  # shown, never stored


# --- effective -----------------------------------------------------------------------------------------------------


def test_no_entry_is_todo() -> None:
    assert effective(make_item("x"), None, TODAY) == "todo"


def test_later_comes_back_as_todo_on_its_date() -> None:
    it = make_item("x")
    later = Entry.from_json({"status": "later", "at": NOW.isoformat(), "until": "2026-03-15"})
    assert effective(it, later, date(2026, 3, 14)) == "later"
    assert effective(it, later, date(2026, 3, 15)) == "todo"
    assert effective(it, later, date(2027, 1, 1)) == "todo"
    past = Entry.from_json({"status": "later", "at": NOW.isoformat(), "until": "2020-01-01"})
    assert effective(it, past, TODAY) == "todo"
    no_date = Entry.from_json({"status": "later", "at": NOW.isoformat()})
    assert effective(it, no_date, TODAY) == "todo"


def test_done_comes_back_due_exactly_when_the_review_time_has_passed() -> None:
    it = make_item("x", review=30)
    found = Entry.from_json(done_on(date(2026, 1, 1)))
    assert effective(it, found, date(2026, 1, 1)) == "done"
    assert effective(it, found, date(2026, 1, 30)) == "done"
    assert effective(it, found, date(2026, 1, 31)) == "due"  # 30 days later
    assert effective(it, found, date(2027, 1, 1)) == "due"


def test_done_without_review_stays_done() -> None:
    found = Entry.from_json(done_on(date(2020, 1, 1)))
    assert effective(make_item("x"), found, date(2030, 1, 1)) == "done"


@pytest.mark.parametrize("status", ["skipped", "not-applicable", "todo"])
def test_other_states_show_as_they_are(status: str) -> None:
    found = Entry.from_json({"status": status, "at": "2020-01-01T00:00:00+00:00"})
    assert effective(make_item("x", review=7), found, date(2030, 1, 1)) == status


# --- Entry.from_json -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        None,
        "done",
        3,
        [],
        ["done", "2026-01-01"],
        {},
        {"status": "done"},
        {"status": "finished", "at": "2026-01-01T00:00:00"},
        {"status": "due", "at": "2026-01-01T00:00:00"},
        {"status": "done", "at": 20260101},
        {"status": None, "at": "2026-01-01T00:00:00"},
        {"status": "done", "at": "yesterday"},
        {"status": "done", "at": ""},
        {"status": "later", "at": "2026-01-01T00:00:00", "until": "next week"},
        {"status": "later", "at": "2026-01-01T00:00:00", "until": "2026-02-30"},
    ],
)
def test_from_json_ignores_malformed_entries(raw: Any) -> None:
    assert Entry.from_json(raw) is None
    progress, unread = parse({"x": raw})
    assert progress == {} and unread == {"x": raw}  # kept as it was, to be written back
    assert dump(progress, unread) == {"x": raw}
    assert entry(progress, "x") is None
    it = make_item("x", review=30)
    assert effective(it, entry(progress, "x"), TODAY) == "todo"
    assert score([it], progress, TODAY).items_done == 0
    assert next_items([it], progress, TODAY) == [it]


def test_from_json_drops_malformed_optional_fields() -> None:
    found = Entry.from_json({"status": "later", "at": "2026-01-01T00:00:00", "until": 5, "note": ["x"], "new": 1})
    assert found == Entry(Status.LATER, datetime(2026, 1, 1), None, "")


# --- parse and dump ------------------------------------------------------------------------------------------------


def test_parse_then_dump_gives_back_what_was_stored() -> None:
    raw = {
        "a": {"status": "done", "at": "2026-03-01T09:00:00+00:00"},
        "b": {"status": "later", "at": "2026-03-01T09:00:00+00:00", "until": "2026-04-01", "note": "after the exams"},
        "c": {"status": "not-applicable", "at": "2026-03-01T09:00:00"},
        "d": {"status": "finished", "at": "2026-03-01T09:00:00+00:00"},  # from a newer version: unread, kept
        "e": "???",
    }
    entries, unread = parse(raw)
    assert set(entries) == {"a", "b", "c"}
    assert entries["b"] == Entry(Status.LATER, datetime(2026, 3, 1, 9, tzinfo=UTC), date(2026, 4, 1), "after the exams")
    assert entries["c"].at == datetime(2026, 3, 1, 9)  # no time zone stays none
    assert unread == {"d": raw["d"], "e": "???"}
    assert dump(entries, unread) == raw


def test_a_new_status_replaces_an_unread_entry() -> None:
    entries, unread = parse({"x": {"status": "finished"}, "y": "???"})
    entries = set_status(entries, "x", "done", now=NOW)
    assert dump(entries, unread) == {"x": {"status": "done", "at": "2026-03-10T14:30:15+00:00"}, "y": "???"}


@pytest.mark.parametrize(
    "raw",
    [
        {"status": "done", "at": "2026-03-10T14:30:15.123456+00:00"},  # microseconds
        {"status": "done", "at": "2026-03-10T14:30:15Z"},
        {"status": "done", "at": "2026-03-10"},  # a date only
        {"status": "done", "at": "2026-03-10T14:30"},
        {"status": "done", "at": "2030-01-01T00:00:00", "extra": [1, 2]},  # a newer version's key
        {"status": "later", "at": "2026-01-01T00:00:00", "until": 5, "note": ["x"]},
        {"status": "later", "at": "2026-01-01T00:00:00", "until": None, "note": ""},
    ],
    ids=["microseconds", "zulu", "date-only", "minutes", "extra-key", "odd-optional-fields", "empty-optionals"],
)
def test_an_entry_nobody_changed_is_written_back_as_stored(raw: dict[str, Any]) -> None:
    entries, unread = parse({"x": raw, "y": done_on(TODAY)})
    assert "x" in entries  # readable, so it counts
    entries = set_status(entries, "y", "skipped", now=NOW)  # a change elsewhere
    assert dump(entries, unread)["x"] == raw


# --- follow_renames ------------------------------------------------------------------------------------------------


def test_follow_renames_moves_an_entry_to_the_item_that_replaces_it() -> None:
    catalog = catalog_of(make_item("use-a-password-manager", replaces=("password-manager", "pm-old")))
    old = done_on(date(2026, 1, 1)) | {"note": "Bitwarden"}
    moved = follow_renames({"password-manager": old}, catalog)
    assert moved == {"use-a-password-manager": old}
    typed_moved = follow_renames(typed({"password-manager": old}), catalog)  # the same for typed entries
    assert typed_moved == typed({"use-a-password-manager": old})
    found = entry(typed_moved, "use-a-password-manager")
    assert found is not None and found.note == "Bitwarden"
    assert effective(catalog.by_id["use-a-password-manager"], found, TODAY) == "done"


def test_follow_renames_from_any_of_the_older_ids() -> None:
    # renamed twice: the newest item lists both older ids
    catalog = catalog_of(make_item("third-name", replaces=("first-name", "second-name")), make_item("other"))
    for old in ("first-name", "second-name"):
        assert catalog.current_id(old) == "third-name"
        assert follow_renames({old: done_on(TODAY), "other": done_on(TODAY)}, catalog) == {
            "third-name": done_on(TODAY),
            "other": done_on(TODAY),
        }


def test_follow_renames_never_overwrites_the_new_items_own_entry() -> None:
    catalog = catalog_of(make_item("new-id", replaces=("old-id",)))
    own = {"status": "skipped", "at": "2026-02-01T00:00:00+00:00"}
    for progress in ({"old-id": done_on(TODAY), "new-id": own}, {"new-id": own, "old-id": done_on(TODAY)}):
        assert follow_renames(progress, catalog) == {"new-id": own}


def test_follow_renames_keeps_unknown_ids_untouched() -> None:
    catalog = catalog_of(make_item("known"), make_item("new-id", replaces=("old-id",)))
    progress: dict[str, Any] = {
        "from-a-newer-version": {"status": "done", "at": "2030-01-01T00:00:00", "extra": [1, 2]},
        "known": done_on(TODAY),
        "not-even-valid": "???",
        "old-id": {"status": "later", "at": "2026-01-01T00:00:00", "until": "2026-02-01"},
    }
    moved = follow_renames(progress, catalog)
    assert moved == {
        "from-a-newer-version": progress["from-a-newer-version"],
        "known": progress["known"],
        "not-even-valid": "???",
        "new-id": progress["old-id"],
    }
    assert progress["old-id"]["status"] == "later"  # the input is not changed


# --- plan_items ----------------------------------------------------------------------------------------------------

PLAN = catalog_of(
    make_item("everyone-me", audiences=("individual", "family")),
    make_item("tiktok-family", audiences=("family",), platforms=("tiktok",)),
    make_item("insta-me", audiences=("individual",), platforms=("instagram", "ios")),
    make_item("class-only", audiences=("class",)),
    make_item("org-windows", audiences=("organisation",), platforms=("windows",)),
    make_item("family-android", audiences=("family",), platforms=("android",)),
)


def ids(items: list[Item]) -> list[str]:
    return [i.id for i in items]


@pytest.mark.parametrize(
    ("who", "platforms", "expected"),
    [
        ("individual", None, ["everyone-me", "insta-me"]),
        ("individual", ["tiktok"], ["everyone-me"]),
        ("individual", ["ios"], ["everyone-me"]),  # an Instagram step is not for someone without Instagram
        ("individual", ["instagram"], ["everyone-me", "insta-me"]),
        ("individual", [], ["everyone-me"]),
        ("me", ["instagram"], ["everyone-me", "insta-me"]),  # the word stored before the one vocabulary
        ("family", None, ["everyone-me", "tiktok-family", "family-android"]),
        ("teen", ["tiktok"], ["everyone-me", "tiktok-family"]),
        ("family", ["android", "tiktok"], ["everyone-me", "tiktok-family", "family-android"]),
        ("class", None, ["class-only"]),
        ("class", ["tiktok"], ["class-only"]),
        ("organisation", ["windows"], ["org-windows"]),
        ("organisation", ["linux"], []),
        (None, None, ["everyone-me", "tiktok-family", "insta-me", "class-only", "org-windows", "family-android"]),
        (None, ["windows"], ["everyone-me", "class-only", "org-windows"]),
        ("someone-else", None, ids(list(PLAN.items))),
    ],
)
def test_plan_items_by_who_and_platforms(who: str | None, platforms: list[str] | None, expected: list[str]) -> None:
    assert ids(plan_items(PLAN, who, platforms)) == expected


# --- next_items ----------------------------------------------------------------------------------------------------


def test_next_items_at_most_five_most_important_first_in_content_order() -> None:
    items = [
        make_item("adv-1", "advanced"),
        make_item("rec-1", "recommended"),
        make_item("ess-1", "essential"),
        make_item("adv-2", "advanced"),
        make_item("rec-2", "recommended"),
        make_item("ess-2", "essential"),
        make_item("rec-3", "recommended"),
        make_item("ess-3", "essential"),
    ]
    assert ids(next_items(items, {}, TODAY)) == ["ess-1", "ess-2", "ess-3", "rec-1", "rec-2"]
    assert ids(next_items(items, {}, TODAY, count=2)) == ["ess-1", "ess-2"]
    assert ids(next_items(items[:2], {}, TODAY)) == ["rec-1", "adv-1"]


def test_next_items_skips_what_is_not_open() -> None:
    items = [
        make_item("ess-done", "essential"),
        make_item("ess-skipped", "essential"),
        make_item("ess-na", "essential"),
        make_item("ess-later", "essential"),
        make_item("ess-due", "essential", review=30),
        make_item("ess-later-over", "essential"),
        make_item("rec-todo", "recommended"),
        make_item("adv-todo", "advanced"),
        make_item("rec-odd", "recommended"),
    ]
    at = "2026-03-01T00:00:00+00:00"
    progress = {
        "ess-done": {"status": "done", "at": at},
        "ess-skipped": {"status": "skipped", "at": at},
        "ess-na": {"status": "not-applicable", "at": at},
        "ess-later": {"status": "later", "at": at, "until": "2026-04-01"},
        "ess-due": done_on(TODAY - timedelta(days=30)),
        "ess-later-over": {"status": "later", "at": at, "until": "2026-03-10"},
        "rec-odd": "not an entry",
    }
    entries, unread = parse(progress)
    assert unread == {"rec-odd": "not an entry"}
    assert ids(next_items(items, entries, TODAY)) == ["ess-due", "ess-later-over", "rec-todo", "rec-odd", "adv-todo"]
    everything_done = typed({i.id: {"status": "done", "at": at} for i in items})
    assert next_items(items, everything_done, TODAY) == []


# --- scores --------------------------------------------------------------------------------------------------------


def test_score_weights_priorities_and_leaves_out_what_does_not_apply() -> None:
    items = [
        make_item("ess-done", "essential"),
        make_item("rec-todo", "recommended"),
        make_item("adv-done", "advanced"),
        make_item("ess-na", "essential"),
        make_item("rec-due", "recommended", review=30),
        make_item("adv-skipped", "advanced"),
    ]
    progress = {
        "ess-done": done_on(TODAY),
        "adv-done": done_on(TODAY),
        "ess-na": {"status": "not-applicable", "at": "2026-01-01T00:00:00"},
        "rec-due": done_on(TODAY - timedelta(days=31)),
        "adv-skipped": {"status": "skipped", "at": "2026-01-01T00:00:00"},
    }
    result = score(items, typed(progress), TODAY)
    # done: essential 3 + advanced 1; possible: 3 + 2 + 1 + 2 (due) + 1 (skipped); "doesn't apply" left out
    assert (result.done, result.total, result.items_done, result.items) == (4, 9, 2, 5)
    assert result.percent == 44
    assert [i.weight for i in items[:3]] == [3, 2, 1]


def test_score_of_nothing_is_100_percent() -> None:
    assert score([], {}, TODAY).percent == 100
    only_na = score([make_item("x")], typed({"x": {"status": "not-applicable", "at": "2026-01-01T00:00:00"}}), TODAY)
    assert (only_na.total, only_na.items, only_na.percent) == (0, 0, 100)
    assert score([make_item("x", "essential")], {}, TODAY).percent == 0


def test_section_scores() -> None:
    catalog = catalog_of(
        make_item("a", "essential", section="first"),
        make_item("b", "advanced", section="first"),
        make_item("c", "recommended", section="second"),
        make_item("d", "recommended", section="third"),
    )
    chosen = [catalog.by_id[i] for i in ("a", "b", "c")]
    scores = section_scores(catalog, chosen, typed({"a": done_on(TODAY)}), TODAY)
    assert list(scores) == ["first", "second"]  # "third" has none of the chosen items
    assert (scores["first"].done, scores["first"].total, scores["first"].percent) == (3, 4, 75)
    assert scores["second"].percent == 0
