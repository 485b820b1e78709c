"""The checklist loader: every rule of checklists/README.md has a bad file here, and the problem it gives names the
file, the item (or section), the key, a message a teacher can act on and, where the loader knows it, the line.

Files are rendered from a valid minimal checklist (`checklist()`, `section()`, `item()`); each test changes one
thing. The helpers are reused by tests/test_cli_checklist.py.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from privacyapp.core.checklist.loader import ChecklistError, Problem, check_files, load_catalog
from privacyapp.core.checklist.model import Catalog, Checklist, Item, Link, Section
from tests.datafiles import DROP, changed, line_of, only, toml_value

TODAY = date(2026, 12, 1)
REVIEWED = date(2026, 11, 21)


# --- rendering valid files, with one thing changed -----------------------------------------------------------------


def item(ident: str = "alpha-item", **changes: Any) -> dict[str, Any]:
    raw: dict[str, Any] = {
        "id": ident,
        "title": "Use a different strong password for every account",
        "summary": "Give each account its own password, kept in a password manager.",
        "why": "If one site leaks your password, people try it on all your other accounts.",
        "priority": "essential",
        "audiences": ["individual", "family"],
        "platforms": [],
        "minutes": 15,
        "review_every_days": 180,
        "covers": ["R04"],
        "replaces": [],
        "reviewed": REVIEWED,
        "steps": {"general": ["Install a password manager.", "Change the password of your email first."]},
        "links": [
            {"title": "NCSC: passwords", "url": "https://www.ncsc.gov.uk/collection/top-tips-for-staying-secure"}
        ],
    }
    return changed(raw, changes)


def section(ident: str = "alpha-basics", items: list[Any] | None = None, **changes: Any) -> dict[str, Any]:
    raw: dict[str, Any] = {
        "id": ident,
        "title": "Passwords and logins",
        "summary": "Keep other people out of your accounts.",
        "items": items if items is not None else [item()],
    }
    return changed(raw, changes)


def checklist(ident: str = "alpha", items: list[Any] | None = None, **changes: Any) -> dict[str, Any]:
    """A valid checklist file with one section; its items default to one item called '<ident>-item'."""
    raw: dict[str, Any] = {
        "schema_version": 1,
        "id": ident,
        "title": "Essentials for everyone",
        "summary": "The habits that protect you most.",
        "order": 10,
        "sections": [section(f"{ident}-basics", items if items is not None else [item(f"{ident}-item")])],
    }
    return changed(raw, changes)


def _tables(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def render(doc: dict[str, Any]) -> str:
    """TOML in the layout of checklists/README.md: [[sections]], [[sections.items]], [sections.items.steps]..."""
    lines: list[str] = []

    def keys(raw: dict[str, Any], skip: set[str]) -> None:
        lines.extend(f"{key} = {toml_value(value)}" for key, value in raw.items() if key not in skip)

    top = {"sections"} if _tables(doc.get("sections")) else set()
    keys(doc, top)
    for sec in doc["sections"] if top else []:
        lines += ["", "[[sections]]"]
        inner = {"items"} if _tables(sec.get("items")) else set()
        keys(sec, inner)
        for it in sec["items"] if inner else []:
            lines += ["", "[[sections.items]]"]
            skip = {key for key in ("steps",) if isinstance(it.get(key), dict)}
            skip |= {key for key in ("links",) if _tables(it.get(key))}
            keys(it, skip)
            if "steps" in skip:
                lines += ["", "[sections.items.steps]"]
                keys(it["steps"], set())
            for link in it["links"] if "links" in skip else []:
                lines += ["", "[[sections.items.links]]"]
                keys(link, set())
    return "\n".join(lines) + "\n"


def write(folder: Path, doc: dict[str, Any] | str, name: str | None = None) -> Path:
    """`doc` (a checklist, or raw TOML text) as folder/<name or its id>.toml."""
    folder.mkdir(parents=True, exist_ok=True)
    text = doc if isinstance(doc, str) else render(doc)
    path = folder / f"{name or (doc['id'] if isinstance(doc, dict) else 'raw')}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def check(*paths: Path) -> list[Problem]:
    return check_files(list(paths), TODAY)[1]


def assert_problem(problem: Problem, *, file: str, where: str, key: str, says: Iterable[str], line: int | None) -> None:
    assert (problem.file, problem.where, problem.key) == (file, where, key), str(problem)
    for words in says:
        assert words in problem.message, str(problem)
    assert problem.line == line, str(problem)
    assert problem.file in str(problem) and problem.message in str(problem)


# --- the template itself ---------------------------------------------------------------------------------------


def test_the_template_is_valid(tmp_path: Path) -> None:
    doc = checklist(items=[item("alpha-item", platforms=["tiktok", "ios"], steps={"general": ["a"], "ios": ["b"]})])
    path = write(tmp_path, doc)
    catalog, problems = check_files([path], TODAY)
    assert problems == []
    assert [i.id for i in catalog.items] == ["alpha-item"]


# --- TOML syntax ---------------------------------------------------------------------------------------------------


def test_toml_syntax_error_names_the_line(tmp_path: Path) -> None:
    text = render(checklist()).replace('title = "Essentials for everyone"', 'title = "Essentials for everyone')
    path = write(tmp_path, text, "alpha")
    problem = only(check(path))
    bad_line = line_of(path, 'title = "Essentials for everyone')
    assert_problem(
        problem, file="alpha.toml", where="the file", key="", says=["is not valid TOML", f"line {bad_line}"], line=None
    )


# --- unknown keys --------------------------------------------------------------------------------------------------


def test_unknown_key_in_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, checklist(titel="Essentials"))
    assert_problem(
        only(check(path)),
        file="alpha.toml",
        where="the file",
        key="titel",
        says=["is not a known key", "check the spelling", "title"],
        line=None,
    )


def test_unknown_key_in_a_section(tmp_path: Path) -> None:
    path = write(tmp_path, checklist(sections=[section("alpha-basics", [item()], sumary="typo")]))
    assert_problem(
        only(check(path)),
        file="alpha.toml",
        where="section 'alpha-basics'",
        key="sumary",
        says=["is not a known key", "summary"],
        line=line_of(path, 'id = "alpha-basics"'),
    )


def test_unknown_key_in_an_item(tmp_path: Path) -> None:
    path = write(tmp_path, checklist(items=[item(minuets=5)]))
    assert_problem(
        only(check(path)),
        file="alpha.toml",
        where="item 'alpha-item'",
        key="minuets",
        says=["is not a known key", "check the spelling", "minutes"],
        line=line_of(path, 'id = "alpha-item"'),
    )


def test_unknown_key_in_a_link(tmp_path: Path) -> None:
    links = [{"title": "Help", "url": "https://example.org/help", "lang": "en"}]
    path = write(tmp_path, checklist(items=[item(links=links)]))
    assert_problem(
        only(check(path)),
        file="alpha.toml",
        where="item 'alpha-item', a link",
        key="lang",
        says=["is not a known key", "url"],
        line=line_of(path, 'id = "alpha-item"'),
    )


# --- missing and empty fields --------------------------------------------------------------------------------------

ITEM_REQUIRED = ["title", "summary", "why", "steps", "priority", "audiences", "platforms", "minutes", "covers"]


@pytest.mark.parametrize("key", ITEM_REQUIRED)
def test_missing_item_field(tmp_path: Path, key: str) -> None:
    path = write(tmp_path, checklist(items=[item(**{key: DROP})]))
    assert_problem(
        only(check(path)),
        file="alpha.toml",
        where="item 'alpha-item'",
        key=key,
        says=["is missing"],
        line=line_of(path, 'id = "alpha-item"'),
    )


def test_missing_item_id(tmp_path: Path) -> None:
    path = write(tmp_path, checklist(items=[item(id=DROP)]))
    assert_problem(
        only(check(path)),
        file="alpha.toml",
        where=f"the item titled '{TITLE}'",  # no id, so the title says which item
        key="id",
        says=["is missing or not text"],
        line=None,
    )


@pytest.mark.parametrize(
    ("key", "says"),
    [
        ("schema_version", ["must be 1", "None"]),
        ("id", ["is missing"]),
        ("title", ["is missing"]),
        ("summary", ["is missing"]),
        ("sections", ["must have at least one [[sections]] table"]),
    ],
)
def test_missing_file_field(tmp_path: Path, key: str, says: list[str]) -> None:
    path = write(tmp_path, checklist(**{key: DROP}), "alpha")
    line = line_of(path, 'id = "alpha"') if key in ("title", "summary") else None
    assert_problem(only(check(path)), file="alpha.toml", where="the file", key=key, says=says, line=line)


def test_missing_section_title_and_items(tmp_path: Path) -> None:
    doc = checklist(sections=[section("alpha-basics", [item()], title=DROP), section("alpha-more", [])])
    path = write(tmp_path, doc)
    first, second = check(path)
    assert_problem(
        first,
        file="alpha.toml",
        where="section 'alpha-basics'",
        key="title",
        says=["is missing"],
        line=line_of(path, 'id = "alpha-basics"'),
    )
    assert_problem(
        second,
        file="alpha.toml",
        where="section 'alpha-more'",
        key="items",
        says=["must have at least one [[sections.items]] table"],
        line=line_of(path, 'id = "alpha-more"'),
    )


def test_a_section_summary_is_optional(tmp_path: Path) -> None:
    path = write(tmp_path, checklist(sections=[section("alpha-basics", [item()], summary=DROP)]))
    assert check(path) == []


@pytest.mark.parametrize(
    ("key", "value", "says"),
    [
        ("title", "", ["is empty"]),
        ("summary", "   ", ["is empty"]),
        ("why", "\n\n", ["is empty"]),
        ("audiences", [], ["must name at least one"]),
        ("steps", {"general": []}, ["'general' must be a list of one or more non-empty steps"]),
        ("steps", {"general": ["Open settings.", "  "]}, ["'general' must be a list of one or more non-empty steps"]),
    ],
    ids=["title", "summary", "why", "audiences", "no-steps", "blank-step"],
)
def test_empty_item_field(tmp_path: Path, key: str, value: Any, says: list[str]) -> None:
    path = write(tmp_path, checklist(items=[item(**{key: value})]))
    assert_problem(
        only(check(path)),
        file="alpha.toml",
        where="item 'alpha-item'",
        key=key,
        says=says,
        line=line_of(path, 'id = "alpha-item"'),
    )


def test_empty_file_and_section_fields(tmp_path: Path) -> None:
    doc = checklist(title="", sections=[section("alpha-basics", [item()], summary="")])
    path = write(tmp_path, doc)
    file_problem, section_problem = check(path)
    assert_problem(
        file_problem,
        file="alpha.toml",
        where="the file",
        key="title",
        says=["is empty"],
        line=line_of(path, 'id = "alpha"'),
    )
    assert_problem(
        section_problem,
        file="alpha.toml",
        where="section 'alpha-basics'",
        key="summary",
        says=["is empty"],
        line=line_of(path, 'id = "alpha-basics"'),
    )


def test_a_title_longer_than_90_characters(tmp_path: Path) -> None:
    path = write(tmp_path, checklist(items=[item(title="x" * 91)]))
    assert_problem(
        only(check(path)),
        file="alpha.toml",
        where="item 'alpha-item'",
        key="title",
        says=["is 91 characters", "keep titles to 90"],
        line=line_of(path, 'id = "alpha-item"'),
    )
    assert check(write(tmp_path, checklist(items=[item(title="x" * 90)]))) == []


# --- wrong types ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "value", "says"),
    [
        ("minutes", "15", ["must be a whole number from 1 to 240"]),
        ("minutes", 2.5, ["must be a whole number from 1 to 240"]),
        ("minutes", True, ["must be a whole number from 1 to 240"]),
        ("review_every_days", "180", ["must be a whole number from 7 to 730"]),
        ("audiences", [1, 2], ["must be a list of text", '["a", "b"]']),
        ("audiences", "teen", ["must be a list of text"]),
        ("platforms", "tiktok", ["must be a list of text"]),
        ("covers", "R04", ["must be a list of text"]),
        ("replaces", [7], ["must be a list of text"]),
        ("title", 42, ["must be text in quotes, not int"]),
        ("why", ["a", "b"], ["must be text in quotes, not list"]),
        ("steps", ["Open settings."], ["must be a table", "general"]),
        ("steps", {"general": "Open settings."}, ["'general' must be a list of one or more non-empty steps"]),
        ("links", "https://example.org", ["must be a list of [[...links]] tables with title and url"]),
    ],
    ids=[
        "minutes-text",
        "minutes-float",
        "minutes-bool",
        "review-text",
        "audiences-numbers",
        "audiences-text",
        "platforms-text",
        "covers-text",
        "replaces-numbers",
        "title-number",
        "why-list",
        "steps-list",
        "general-text",
        "links-text",
    ],
)
def test_wrong_type_in_an_item(tmp_path: Path, key: str, value: Any, says: list[str]) -> None:
    path = write(tmp_path, checklist(items=[item(**{key: value})]))
    assert_problem(
        only(check(path)),
        file="alpha.toml",
        where="item 'alpha-item'",
        key=key,
        says=says,
        line=line_of(path, 'id = "alpha-item"'),
    )


def test_wrong_type_for_order(tmp_path: Path) -> None:
    path = write(tmp_path, checklist(order="1"))
    assert_problem(
        only(check(path)),
        file="alpha.toml",
        where="the file",
        key="order",
        says=["must be a whole number from 1 to 999"],
        line=line_of(path, 'id = "alpha"'),
    )


# --- values outside the allowed sets -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "value", "says"),
    [
        ("priority", "urgent", ["'urgent' is not one of: essential, recommended, advanced"]),
        ("priority", "Essential", ["'Essential' is not one of"]),
        (
            "audiences",
            ["family", "student"],
            ["'student' is not one of: individual, family, class, organisation"],
        ),
        ("audiences", ["teacher"], ["'teacher' is an old word: write 'class'"]),
        ("audiences", ["individual", "parent"], ["'parent' is an old word: write 'family'"]),
        ("start", ["organisation"], ["'organisation' must also be in the item's audiences"]),
        ("start", ["everyone"], ["'everyone' is not one of: individual, family, class, organisation"]),
        ("start", "family", ["must be a list of text"]),
        ("platforms", ["myspace"], ["'myspace' is not one of:", "tiktok", "ios"]),
        ("platforms", ["ios", "ios"], ["names something twice"]),
        ("covers", ["R34"], ["'R34' is not a recommendation id R01 to R33"]),
        ("covers", ["R00"], ["'R00' is not a recommendation id"]),
        ("covers", ["r04"], ["'r04' is not a recommendation id"]),
        ("covers", ["R4"], ["'R4' is not a recommendation id"]),
        ("minutes", 0, ["0 is outside 1 to 240"]),
        ("minutes", 241, ["241 is outside 1 to 240"]),
        ("review_every_days", 6, ["6 is outside 7 to 730"]),
        ("review_every_days", 731, ["731 is outside 7 to 730"]),
    ],
    ids=lambda v: v if isinstance(v, str) and " " not in v else None,
)
def test_value_outside_the_allowed_set(tmp_path: Path, key: str, value: Any, says: list[str]) -> None:
    path = write(tmp_path, checklist(items=[item(**{key: value})]))
    assert_problem(
        only(check(path)),
        file="alpha.toml",
        where="item 'alpha-item'",
        key=key,
        says=says,
        line=line_of(path, 'id = "alpha-item"'),
    )


@pytest.mark.parametrize(("minutes", "review"), [(1, 7), (240, 730)])
def test_the_limits_themselves_are_allowed(tmp_path: Path, minutes: int, review: int) -> None:
    path = write(tmp_path, checklist(items=[item(minutes=minutes, review_every_days=review)], order=999))
    assert check(path) == []
    assert check(write(tmp_path, checklist(order=1))) == []


@pytest.mark.parametrize("version", [0, 2, "1"])
def test_schema_version_must_be_1(tmp_path: Path, version: Any) -> None:
    path = write(tmp_path, checklist(schema_version=version))
    assert_problem(
        only(check(path)),
        file="alpha.toml",
        where="the file",
        key="schema_version",
        says=["must be 1", f"found {version!r}"],
        line=None,
    )


@pytest.mark.parametrize("version", [True, 1.0], ids=["true", "float"])
def test_schema_version_must_be_the_integer_1(tmp_path: Path, version: Any) -> None:
    problem = only(check(write(tmp_path, checklist(schema_version=version))))
    assert problem.key == "schema_version"


@pytest.mark.parametrize("order", [0, 1000, -5])
def test_order_out_of_range(tmp_path: Path, order: int) -> None:
    path = write(tmp_path, checklist(order=order))
    assert_problem(
        only(check(path)),
        file="alpha.toml",
        where="the file",
        key="order",
        says=[f"{order} is outside 1 to 999"],
        line=line_of(path, 'id = "alpha"'),
    )


# --- ids -----------------------------------------------------------------------------------------------------------

TITLE = "Use a different strong password for every account"  # the template item's title
NOT_KEBAB = ["Use-Passwords", "use_passwords", "use--passwords", "-use", "use-", "use passwords", "usé"]


@pytest.mark.parametrize("bad", NOT_KEBAB)
def test_item_id_not_kebab_case(tmp_path: Path, bad: str) -> None:
    path = write(tmp_path, checklist(items=[item(bad)]))
    assert_problem(
        only(check(path)),
        file="alpha.toml",
        where=f"the item titled '{TITLE}'",
        key="id",
        says=[f"'{bad}' must be kebab-case", "lower-case letters, digits and single dashes"],
        line=line_of(path, f"id = {json.dumps(bad, ensure_ascii=False)}"),
    )


def test_section_and_file_ids_not_kebab_case(tmp_path: Path) -> None:
    doc = checklist("alpha", sections=[section("Basics", [item()])])
    doc["id"] = "Alpha_List"
    path = write(tmp_path, doc, "alpha")
    file_problem, section_problem = check(path)
    assert_problem(
        file_problem,
        file="alpha.toml",
        where="the file",
        key="id",
        says=["'Alpha_List' must be kebab-case"],
        line=line_of(path, 'id = "Alpha_List"'),
    )
    assert_problem(
        section_problem,
        file="alpha.toml",
        where="a section",
        key="id",
        says=["'Basics' must be kebab-case"],
        line=line_of(path, 'id = "Basics"'),
    )


def test_duplicate_ids_across_two_files(tmp_path: Path) -> None:
    alpha = write(tmp_path, checklist("alpha", [item("shared-item")]))
    beta = write(tmp_path, checklist("beta", [item("beta-own"), item("shared-item")]))
    assert_problem(
        only(check(alpha, beta)),
        file="beta.toml",
        where="'shared-item'",
        key="id",
        says=["is used twice (also in alpha.toml)", "every id must be unique"],
        line=line_of(beta, 'id = "shared-item"'),
    )


def test_duplicate_section_and_checklist_ids_across_files(tmp_path: Path) -> None:
    alpha = write(tmp_path, checklist("alpha"), "one")
    beta = write(tmp_path, checklist("alpha", [item("beta-item")]), "two")
    problems = check(alpha, beta)
    assert {(p.file, p.where, p.key) for p in problems} == {
        ("two.toml", "'alpha'", "id"),
        ("two.toml", "'alpha-basics'", "id"),
    }
    assert all("is used twice (also in one.toml)" in p.message for p in problems)


def test_duplicate_ids_written_with_single_quotes(tmp_path: Path) -> None:
    paths = [
        write(tmp_path, render(checklist(name, [item("shared-item")])).replace('"shared-item"', "'shared-item'"), name)
        for name in ("alpha", "beta")
    ]
    alpha, beta = paths
    catalog, problems = check_files([alpha, beta], TODAY)
    assert len(catalog.items) == 2  # both loaded ...
    assert any(p.key == "id" and "used twice" in p.message for p in problems)  # ... and nobody is told


def test_duplicate_id_in_one_file_points_at_the_second_one(tmp_path: Path) -> None:
    path = write(tmp_path, checklist("alpha", [item("twice"), item("twice")]))
    problem = only(check(path))
    assert "used twice" in problem.message
    assert problem.line == line_of(path, 'id = "twice"', nth=2)


# --- links ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://support.tiktok.com/en/account-and-privacy",
        "javascript:alert(1)",
        "https://support.tiktok.com/en/account and privacy",
        " https://support.tiktok.com/",
        "ftp://example.org/file",
        "HTTPS://EXAMPLE.ORG",
        "support.tiktok.com",
    ],
)
def test_link_not_https(tmp_path: Path, url: str) -> None:
    path = write(tmp_path, checklist(items=[item(links=[{"title": "Help", "url": url}])]))
    assert_problem(
        only(check(path)),
        file="alpha.toml",
        where="item 'alpha-item'",
        key="links",
        says=[f"'{url}' must be an https:// address without spaces"],
        line=line_of(path, 'id = "alpha-item"'),
    )


def test_link_without_url(tmp_path: Path) -> None:
    path = write(tmp_path, checklist(items=[item(links=[{"title": "Help"}])]))
    assert_problem(
        only(check(path)),
        file="alpha.toml",
        where="item 'alpha-item'",
        key="links",
        says=["a link has no url"],
        line=line_of(path, 'id = "alpha-item"'),
    )


def test_link_without_title(tmp_path: Path) -> None:
    path = write(tmp_path, checklist(items=[item(links=[{"url": "https://example.org"}])]))
    problem = only(check(path))
    assert (problem.where, problem.key, problem.message) == ("item 'alpha-item', a link", "title", "is missing")


def test_links_are_optional(tmp_path: Path) -> None:
    assert check(write(tmp_path, checklist(items=[item(links=DROP)]))) == []
    assert check(write(tmp_path, checklist(items=[item(links=[])]))) == []


# --- plain text only -----------------------------------------------------------------------------------------------

HTML_SNIPPETS = ["Use <b>strong</b> passwords", "<script>alert(1)</script>", "Passwords &amp; logins", "Tap &#62; Next"]


@pytest.mark.parametrize("key", ["title", "summary", "why"])
@pytest.mark.parametrize("html", HTML_SNIPPETS, ids=["b", "script", "amp", "numeric"])
def test_html_in_item_text(tmp_path: Path, key: str, html: str) -> None:
    path = write(tmp_path, checklist(items=[item(**{key: html})]))
    assert_problem(
        only(check(path)),
        file="alpha.toml",
        where="item 'alpha-item'",
        key=key,
        says=["contains HTML", "plain text"],
        line=line_of(path, 'id = "alpha-item"'),
    )


@pytest.mark.parametrize("html", HTML_SNIPPETS, ids=["b", "script", "amp", "numeric"])
def test_html_in_steps(tmp_path: Path, html: str) -> None:
    path = write(tmp_path, checklist(items=[item(steps={"general": ["Open Settings.", html]})]))
    assert_problem(
        only(check(path)),
        file="alpha.toml",
        where="item 'alpha-item'",
        key="steps",
        says=["'general' contains HTML", "plain text"],
        line=line_of(path, 'id = "alpha-item"'),
    )


def test_plain_ampersands_and_angles_are_not_html(tmp_path: Path) -> None:
    text = "Q & A: is 2 < 3 and 5 > 4?"
    path = write(tmp_path, checklist(items=[item(title=text, why=text, steps={"general": [text]})]))
    assert check(path) == []


# --- steps, platforms and review dates -----------------------------------------------------------------------------


def test_steps_for_a_platform_not_in_platforms(tmp_path: Path) -> None:
    steps = {"general": ["Open Settings."], "android": ["Tap the menu."]}
    path = write(tmp_path, checklist(items=[item(platforms=["ios"], steps=steps)]))
    assert_problem(
        only(check(path)),
        file="alpha.toml",
        where="item 'alpha-item'",
        key="steps",
        says=["'android' steps need 'android' in the item's platforms"],
        line=line_of(path, 'id = "alpha-item"'),
    )


def test_steps_without_general(tmp_path: Path) -> None:
    path = write(tmp_path, checklist(items=[item(platforms=["ios"], steps={"ios": ["Open Settings."]})]))
    assert_problem(
        only(check(path)),
        file="alpha.toml",
        where="item 'alpha-item'",
        key="steps",
        says=["has no 'general' steps"],
        line=line_of(path, 'id = "alpha-item"'),
    )


def test_reviewed_missing_for_a_service(tmp_path: Path) -> None:
    path = write(tmp_path, checklist(items=[item(platforms=["tiktok", "ios"], reviewed=DROP)]))
    assert_problem(
        only(check(path)),
        file="alpha.toml",
        where="item 'alpha-item'",
        key="reviewed",
        says=["is needed", "say when these steps were checked"],
        line=line_of(path, 'id = "alpha-item"'),
    )


def test_reviewed_not_needed_for_operating_systems_only(tmp_path: Path) -> None:
    path = write(tmp_path, checklist(items=[item(platforms=["ios", "android", "windows"], reviewed=DROP)]))
    assert check(path) == []
    assert check(write(tmp_path, checklist(items=[item(platforms=[], reviewed=DROP)]))) == []


def test_reviewed_in_the_future(tmp_path: Path) -> None:
    path = write(tmp_path, checklist(items=[item(reviewed=date(2026, 12, 2))]))
    assert_problem(
        only(check(path)),
        file="alpha.toml",
        where="item 'alpha-item'",
        key="reviewed",
        says=["2026-12-02 is in the future"],
        line=line_of(path, 'id = "alpha-item"'),
    )
    assert check(write(tmp_path, checklist(items=[item(reviewed=TODAY)]))) == []


@pytest.mark.parametrize("value", ["2026-11-21", datetime(2026, 11, 21, 9, 30)], ids=["string", "datetime"])
def test_reviewed_must_be_a_date(tmp_path: Path, value: Any) -> None:
    path = write(tmp_path, checklist(items=[item(reviewed=value)]))
    assert_problem(
        only(check(path)),
        file="alpha.toml",
        where="item 'alpha-item'",
        key="reviewed",
        says=["must be a date without quotes, like 2026-11-21"],
        line=line_of(path, 'id = "alpha-item"'),
    )


def test_replaces_an_id_still_in_use(tmp_path: Path) -> None:
    path = write(tmp_path, checklist(items=[item("old-item"), item("new-item", replaces=["old-item"])]))
    assert_problem(
        only(check(path)),
        file="alpha.toml",
        where="item 'new-item'",
        key="replaces",
        says=["'old-item' is still in use by another item"],
        line=line_of(path, 'id = "new-item"'),
    )


def test_replaces_an_id_in_use_in_another_file(tmp_path: Path) -> None:
    alpha = write(tmp_path, checklist("alpha", [item("old-item")]))
    beta = write(tmp_path, checklist("beta", [item("new-item", replaces=["old-item"])]))
    assert_problem(
        only(check(alpha, beta)),
        file="beta.toml",
        where="item 'new-item'",
        key="replaces",
        says=["'old-item' is still in use"],
        line=line_of(beta, 'id = "new-item"'),
    )


def test_replaces_must_be_kebab_case(tmp_path: Path) -> None:
    path = write(tmp_path, checklist(items=[item(replaces=["Old Item"])]))
    assert_problem(
        only(check(path)),
        file="alpha.toml",
        where="item 'alpha-item'",
        key="replaces",
        says=["'Old Item' is not a kebab-case id"],
        line=line_of(path, 'id = "alpha-item"'),
    )


# --- every problem at once -----------------------------------------------------------------------------------------


def test_all_problems_of_several_files_at_once(tmp_path: Path) -> None:
    alpha = write(tmp_path, checklist("alpha", [item("alpha-item", minutes=0, priority="urgent")]))
    beta = write(tmp_path, render(checklist("beta")).replace("order = 10", "order = = 10"), "beta")
    gamma = write(
        tmp_path,
        checklist("gamma", [item("gamma-item", links=[{"title": "x", "url": "http://x.org"}])], colour="red"),
    )
    delta = write(tmp_path, checklist("delta", [item("delta-item", platforms=["tiktok"], reviewed=DROP)]))
    fine = write(tmp_path, checklist("epsilon"))

    catalog, problems = check_files([gamma, fine, delta, beta, alpha], TODAY)
    got = [(p.file, p.where, p.key) for p in problems]
    assert got == [
        ("alpha.toml", "item 'alpha-item'", "priority"),
        ("alpha.toml", "item 'alpha-item'", "minutes"),
        ("beta.toml", "the file", ""),
        ("delta.toml", "item 'delta-item'", "reviewed"),
        ("gamma.toml", "the file", "colour"),
        ("gamma.toml", "item 'gamma-item'", "links"),
    ]
    assert "epsilon-item" in catalog.by_id  # the valid file still loads

    with pytest.raises(ChecklistError) as raised:
        load_catalog([alpha, beta, gamma, delta, fine], TODAY)
    assert raised.value.problems == problems
    text = str(raised.value)
    assert text.startswith("6 problems in the checklists:")
    for problem in problems:
        assert f"  {problem}" in text


def test_an_unreadable_file_is_a_problem_too(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.toml"
    bad.write_bytes(render(checklist("latin")).replace("Essentials", "Esséntials").encode("latin-1"))
    latin, missing = check(bad, tmp_path / "missing.toml")
    assert (latin.file, latin.where) == ("latin1.toml", "the file") and "cannot be read" in latin.message
    assert missing.file == "missing.toml" and "cannot be read" in missing.message


def test_load_catalog_of_valid_files_does_not_raise(tmp_path: Path) -> None:
    catalog = load_catalog([write(tmp_path, checklist())], TODAY)
    assert [c.id for c in catalog.checklists] == ["alpha"]


# --- what a valid file becomes -------------------------------------------------------------------------------------


def test_valid_files_load_into_frozen_dataclasses_in_order(tmp_path: Path) -> None:
    first = item(
        "beta-first",
        platforms=["tiktok", "ios"],
        steps={"general": ["One."], "ios": ["Two."]},
        review_every_days=DROP,
        links=[{"title": "Help", "url": "https://example.org/help"}],
    )
    beta = checklist("beta", order=2, sections=[section("beta-a", [first, item("beta-second")]), section("beta-b")])
    beta["sections"][1]["items"] = [item("beta-third", replaces=["beta-old"])]
    paths = [
        write(tmp_path, checklist("alpha", order=50)),
        write(tmp_path, beta),
        write(tmp_path, checklist("gamma", order=DROP)),  # default 100
        write(tmp_path, checklist("aardvark", order=100)),  # same order: by id
    ]
    catalog = load_catalog(paths, TODAY)

    assert [c.id for c in catalog.checklists] == ["beta", "alpha", "aardvark", "gamma"]
    assert [c.order for c in catalog.checklists] == [2, 50, 100, 100]
    beta_list = catalog.checklists[0]
    assert [s.id for s in beta_list.sections] == ["beta-a", "beta-b"]
    assert [i.id for i in beta_list.items] == ["beta-first", "beta-second", "beta-third"]
    assert catalog.items[:3] == beta_list.items

    loaded = catalog.by_id["beta-first"]
    assert loaded.platforms == ("tiktok", "ios")
    assert loaded.audiences == ("individual", "family")
    assert loaded.covers == ("R04",)
    assert loaded.steps["general"] == ("One.",) and loaded.steps["ios"] == ("Two.",)
    assert loaded.links == (Link("Help", "https://example.org/help"),)
    assert loaded.review_every_days is None and loaded.reviewed == REVIEWED
    assert (loaded.checklist_id, loaded.section_id, loaded.weight) == ("beta", "beta-a", 3)
    assert loaded.why == "If one site leaks your password, people try it on all your other accounts."
    assert catalog.section(loaded).title == "Passwords and logins"
    assert catalog.replaced_by == {"beta-old": "beta-third"}
    assert catalog.current_id("beta-old") == "beta-third"
    assert catalog.current_id("nobody") is None
    assert beta_list.source == paths[1]

    for obj, attribute, value in [
        (catalog, "checklists", ()),
        (beta_list, "title", "x"),
        (beta_list.sections[0], "items", ()),
        (loaded, "minutes", 1),
        (loaded, "priority", "advanced"),
        (loaded.links[0], "url", "https://evil.example"),
    ]:
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(obj, attribute, value)
    assert all(isinstance(obj, cls) for obj, cls in [(beta_list, Checklist), (loaded, Item)])
    assert isinstance(beta_list.sections[0], Section) and isinstance(catalog, Catalog)
    assert isinstance(beta_list.items, tuple) and isinstance(loaded.audiences, tuple)


def test_a_loaded_catalog_cannot_be_changed_through_its_mappings(tmp_path: Path) -> None:
    catalog = load_catalog([write(tmp_path, checklist())], TODAY)
    loaded = catalog.by_id["alpha-item"]
    assert hash(loaded) == hash(catalog.by_id["alpha-item"])
    assert {loaded} == {catalog.by_id["alpha-item"]}  # usable in sets and as a key
    with pytest.raises(TypeError):
        loaded.steps["general"] = ("changed",)  # type: ignore[index]
    with pytest.raises(TypeError):
        catalog.by_id["other"] = loaded  # type: ignore[index]
    with pytest.raises(TypeError):
        catalog.replaced_by["old"] = "alpha-item"  # type: ignore[index]
    assert loaded.steps["general"] == ("Install a password manager.", "Change the password of your email first.")
