"""The plan rule (privacyapp.core.checklist.plan) on the shipped checklists: a plan holds only what applies to who
it is for and the platforms they use, and "Start with these" is picked for its audience."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime

import pytest

from privacyapp.core.checklist.loader import load_catalog, shipped_files
from privacyapp.core.checklist.model import AUDIENCES, Catalog, Item
from privacyapp.core.checklist.plan import audience_of, in_start_order, plan, start_items
from privacyapp.core.progress import set_status
from privacyapp.core.settings import Who

TEEN_APPS = ["tiktok", "instagram", "snapchat", "ios"]  # "My teen and me" with these, as the new user answered


@pytest.fixture(scope="module")
def shipped() -> Catalog:
    return load_catalog(shipped_files())


def ids(items: Iterable[Item]) -> list[str]:
    return [i.id for i in items]


def test_the_plan_vocabulary_is_the_stored_answer_vocabulary() -> None:
    assert tuple(Who) == AUDIENCES
    assert [audience_of(w) for w in ("me", "teen", "individual", "family", "class", None, "grandparent")] == [
        "individual", "family", "individual", "family", "class", None, None,
    ]  # fmt: skip


@pytest.mark.parametrize("audience", AUDIENCES)
def test_every_item_of_a_plan_is_for_its_audience(shipped: Catalog, audience: str) -> None:
    items = plan(shipped, audience, None)
    assert items
    assert all(audience in i.audiences for i in items)
    assert ids(items) == [i.id for i in shipped.items if audience in i.audiences]  # the catalogue's order


def test_a_family_plan_has_no_lesson_script_and_no_reviews_of_services_never_ticked(shipped: Catalog) -> None:
    items = plan(shipped, "family", TEEN_APPS)
    found = ids(items)
    assert not any(i.checklist_id == "classroom" for i in items)
    assert not any("show of hands" in " ".join(i.steps_for(None)[0][1]).lower() for i in items)
    for item in items:  # every service step is for a service ticked
        assert not item.services or set(item.services) & set(TEEN_APPS), item.id
    assert not [i for i in found if i.startswith(("fb-", "x-", "yt-", "dc-"))]
    assert {"tt-family-pairing", "ig-review-visibility", "sc-review-location", "tp-sextortion-deepfakes"} <= set(found)
    assert "ess-unique-passwords" in found, "the essentials for everyone are in every plan but an organisation's"


def test_a_system_ticked_does_not_bring_in_the_reviews_of_other_services(shipped: Catalog) -> None:
    """fb-review-location names facebook, ios and android: an iPhone alone used to bring it in."""
    assert "fb-review-location" in ids(shipped.items)
    found = ids(plan(shipped, "individual", ["ios"]))
    assert "fb-review-location" not in found and "x-review-location" not in found
    assert "dev-screen-lock" in found  # an iPhone step
    assert "dev-encryption" in found and "org-keep-apps-off-work-devices" not in found


def test_services_in_the_accounts_register_count_as_ticked(shipped: Catalog) -> None:
    without = ids(plan(shipped, "individual", ["ios"]))
    registered = ids(plan(shipped, "individual", ["ios"], registered=["facebook"]))
    added = [i for i in registered if i not in without]
    assert added and all(shipped.by_id[i].services == ("facebook",) for i in added)
    assert "fb-review-two-factor" in added
    assert registered == [i for i in ids(shipped.items) if i in set(registered)], "still the catalogue's order"


def test_no_platforms_answered_means_every_platform_and_none_ticked_means_only_general_steps(shipped: Catalog) -> None:
    every = plan(shipped, "individual", None)
    assert {s for i in every for s in i.services} == {
        s for i in shipped.items if "individual" in i.audiences for s in i.services
    }
    nothing = plan(shipped, "individual", [])
    assert nothing and not any(i.platforms for i in nothing)


def test_start_items_differ_by_audience_and_belong_to_the_plan(shipped: Catalog) -> None:
    starts: dict[str, list[str]] = {}
    for audience in AUDIENCES:
        items = plan(shipped, audience, None)
        start = start_items(items, audience)
        assert len(start) == 5
        assert set(start) <= set(items)
        assert all(audience in i.start for i in start), (audience, ids(start))
        starts[audience] = ids(start)
    assert len({tuple(s) for s in starts.values()}) == len(AUDIENCES), starts
    assert "tt-family-pairing" in starts["family"] and "cls-prepare" in starts["class"]
    assert "ess-unique-passwords" in starts["individual"]


def test_start_items_fill_up_with_the_most_important_open_items(shipped: Catalog) -> None:
    items = plan(shipped, "family", ["instagram"])  # no TikTok: Family Pairing is not in the plan
    start = start_items(items, "family")
    assert "tt-family-pairing" not in ids(start) and len(start) == 5
    picked = [i for i in start if "family" in i.start]
    assert start[: len(picked)] == picked, "the picked ones first"
    assert all(i.priority == "essential" for i in start[len(picked) :])


def test_start_items_leave_out_what_is_done(shipped: Catalog) -> None:
    items = plan(shipped, "class", None)
    first = start_items(items, "class")[0]
    now = datetime(2026, 1, 5, tzinfo=UTC)
    progress = set_status({}, first.id, "done", now=now)
    after = start_items(items, "class", progress, date(2026, 1, 6))
    assert first not in after and len(after) == 5


def test_in_start_order_lists_each_item_once_start_first(shipped: Catalog) -> None:
    items = plan(shipped, "organisation", None)
    start = start_items(items, "organisation")
    ordered = in_start_order(items, start)
    assert ordered[: len(start)] == start
    assert sorted(ids(ordered)) == sorted(ids(items))
    assert [i for i in ordered[len(start) :]] == [i for i in items if i not in start]
