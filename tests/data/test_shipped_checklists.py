"""The checklists privacyapp ships: valid, covering every recommendation of the source articles, and holding what
the checklist issue asks for."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from privacyapp.core.checklist.loader import check_files, load_catalog, shipped_files
from privacyapp.core.checklist.model import AUDIENCES, SERVICES, Catalog, Item

RECOMMENDATIONS_FILE = Path("/work/shared/seeds/RECOMMENDATIONS.md")
NAMED_CHECKLISTS = ("essentials", "tiktok", "teens-and-parents", "classroom", "organisations", "devices")


def recommendation_ids() -> list[str]:
    """The ids in the table of RECOMMENDATIONS.md when it is here, else R01 to R33."""
    if RECOMMENDATIONS_FILE.is_file():
        found = re.findall(r"^\|\s*(R\d\d)\s*\|", RECOMMENDATIONS_FILE.read_text(encoding="utf-8"), re.MULTILINE)
        assert found, f"no recommendation ids in {RECOMMENDATIONS_FILE}"
        return found
    return [f"R{n:02d}" for n in range(1, 34)]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(shipped_files())


def by_checklist(catalog: Catalog, ident: str) -> tuple[Item, ...]:
    return next(c for c in catalog.checklists if c.id == ident).items


def test_the_shipped_files_have_no_problems() -> None:
    files = shipped_files()
    assert {f.stem for f in files} >= set(NAMED_CHECKLISTS)
    _catalog, problems = check_files(files)
    assert problems == [], "\n".join(str(p) for p in problems)


def test_every_recommendation_is_covered(catalog: Catalog) -> None:
    wanted = recommendation_ids()
    assert len(wanted) == len(set(wanted)) == 33
    covered = {cover for item in catalog.items for cover in item.covers}
    assert [r for r in wanted if r not in covered] == []


def test_at_least_60_items(catalog: Catalog) -> None:
    assert len(catalog.items) >= 60
    assert len({i.id for i in catalog.items}) == len(catalog.items)


def test_service_items_are_reviewed_and_link_to_help(catalog: Catalog) -> None:
    services = [item for item in catalog.items if set(item.platforms) & set(SERVICES)]
    assert services  # the TikTok checklist alone has many
    unreviewed = [i.id for i in services if i.reviewed is None]
    unlinked = [i.id for i in services if not any(link.url.startswith("https://") for link in i.links)]
    assert unreviewed == []
    assert unlinked == []


def test_the_checklists_named_in_the_issue_exist(catalog: Catalog) -> None:
    present = [c.id for c in catalog.checklists]
    assert set(NAMED_CHECKLISTS) <= set(present)
    for ident in NAMED_CHECKLISTS:
        assert by_checklist(catalog, ident), f"{ident} has no items"
    assert present[0] == "essentials"  # comes first


# Each topic: every pattern must match the same item's title or summary (case-insensitive).
TIKTOK_TOPICS = {
    "private account": [r"private account|account private"],
    "comments": [r"comment"],
    "duet": [r"\bduet"],
    "stitch": [r"\bstitch"],
    "messages": [r"direct messages|who can (send you )?(direct )?message"],
    "liked videos": [r"liked videos|videos you like"],
    "suggest your account": [r"suggest"],
    "unlink instagram and youtube": [r"unlink|linked accounts", r"instagram", r"youtube"],
    "location": [r"location"],
    "personalised ads": [r"personali[sz]ed ads"],
    "log out other devices": [r"log ?out|log out of|remove", r"devices?"],
    "2-step verification": [r"2-step|two-step|2fa|two-factor"],
    "download data": [r"download", r"data"],
    "delete account": [r"delete", r"account"],
    "family pairing": [r"family pairing"],
}


@pytest.mark.parametrize("topic", list(TIKTOK_TOPICS))
def test_the_tiktok_checklist_has_an_item_about(catalog: Catalog, topic: str) -> None:
    items = by_checklist(catalog, "tiktok")
    matching = [
        item.id
        for item in items
        if all(re.search(p, f"{item.title}\n{item.summary}", re.IGNORECASE) for p in TIKTOK_TOPICS[topic])
    ]
    assert matching, f"no TikTok item about {topic}: " + ", ".join(i.title for i in items)
    assert all("tiktok" in catalog.by_id[i].platforms for i in matching)


def in_class(catalog: Catalog) -> list[Item]:
    """The lesson's in-class items. How it is decided: every item of the section titled "In class", plus any item
    elsewhere whose title gives its class time as "(N minutes)" (the opening, which lives in "Before the lesson"
    because it is the first thing said; preparation and take-home work have no such time in their title)."""
    classroom = next(c for c in catalog.checklists if c.id == "classroom")
    chosen: list[Item] = []
    for section in classroom.sections:
        for item in section.items:
            if section.title.lower() == "in class" or re.search(r"\(\d+ minutes?\)", item.title):
                chosen.append(item)
    return chosen


def test_the_classroom_lesson_fits_in_40_to_50_minutes(catalog: Catalog) -> None:
    classroom = next(c for c in catalog.checklists if c.id == "classroom")
    assert any(s.title.lower() == "in class" and s.items for s in classroom.sections)
    lesson = in_class(catalog)
    assert len(lesson) >= 4
    for item in lesson:  # the time a title announces is the item's minutes
        said = re.search(r"\((\d+) minutes?\)", item.title)
        if said:
            assert int(said.group(1)) == item.minutes, item.id
    total = sum(item.minutes for item in lesson)
    assert 40 <= total <= 50, [(i.id, i.minutes) for i in lesson]
    assert all(item.audiences == ("class",) for item in classroom.items)  # a lesson is for a class plan only


# --- who a plan is for ---------------------------------------------------------------------------------------------


def test_every_audience_has_its_own_first_steps(catalog: Catalog) -> None:
    """Three to five `start` items per audience, none of them the same set twice (checklists/README.md)."""
    starts = {a: frozenset(i.id for i in catalog.items if a in i.start) for a in AUDIENCES}
    for audience, ids in starts.items():
        assert 3 <= len(ids) <= 5, (audience, sorted(ids))
    assert len(set(starts.values())) == len(AUDIENCES), starts


def test_only_the_classroom_speaks_to_a_class(catalog: Catalog) -> None:
    """A step said to a class ("Ask for a show of hands") is in no plan but a class's."""
    for item in catalog.items:
        text = " ".join(s for _key, steps in item.steps_for(None) for s in steps).casefold()
        if "show of hands" in text or "ask the class" in text or "in pairs" in text:
            assert item.audiences == ("class",), item.id
