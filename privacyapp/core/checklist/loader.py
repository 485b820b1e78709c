"""Reading checklists/*.toml: every problem in every file reported at once, in words a teacher can act on.

The rules are documented in checklists/README.md; each has a test with a bad file in tests/core/checklist/.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from privacyapp.core import datafile as df
from privacyapp.core.checklist.model import (
    AUDIENCES,
    OLD_AUDIENCES,
    PLATFORMS,
    PRIORITIES,
    REVIEW_TOPICS,
    SERVICES,
    Catalog,
    Checklist,
    Item,
    Link,
    Section,
)
from privacyapp.core.datafile import HTML, KEBAB, DataFile, Problem
from privacyapp.core.errors import PrivacyAppError

__all__ = ["ChecklistError", "Problem", "check_files", "load_catalog", "shipped_files"]

SCHEMA_VERSION = 1
RECOMMENDATION = re.compile(r"^R(0[1-9]|[12][0-9]|3[0-3])$")

FILE_KEYS = {"schema_version", "id", "title", "summary", "order", "sections"}
DEFAULT_ORDER = 100
SECTION_KEYS = {"id", "title", "summary", "items"}
ITEM_KEYS = {
    "id", "title", "summary", "why", "steps", "links", "priority", "audiences", "platforms", "minutes",
    "review_every_days", "covers", "replaces", "reviewed", "review", "start",
}  # fmt: skip
ITEM_REQUIRED = ("id", "title", "summary", "why", "steps", "priority", "audiences", "platforms", "minutes", "covers")
LINK_KEYS = {"title", "url"}


class ChecklistError(PrivacyAppError):
    """One or more checklist files have problems; `problems` lists them all."""

    def __init__(self, problems: list[Problem]) -> None:
        count = len(problems)
        super().__init__(
            f"{count} problem{'s' if count != 1 else ''} in the checklists:\n" + "\n".join(f"  {p}" for p in problems)
        )
        self.problems = problems


def _links(f: DataFile, where: str, ident: str, raw: Any) -> tuple[Link, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(link, dict) for link in raw):
        f.problem(where, "links", "must be a list of [[...links]] tables with title and url", ident)
        return ()
    links = []
    for link in raw:
        df.unknown(f, f"{where}, a link", ident, link, LINK_KEYS)
        title = df.text(f, f"{where}, a link", ident, link, "title")
        if not link.get("url"):
            f.problem(where, "links", "a link has no url", ident)
            continue
        url = df.https_url(f, where, ident, "links", link.get("url"))
        if url is None:
            continue
        links.append(Link(title=title, url=url))
    return tuple(links)


def _steps(f: DataFile, where: str, ident: str, raw: Any, platforms: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    if not isinstance(raw, dict):
        f.problem(where, "steps", 'must be a table: [sections.items.steps] with general = ["..."]', ident)
        return {}
    steps: dict[str, tuple[str, ...]] = {}
    if "general" not in raw:
        f.problem(where, "steps", "has no 'general' steps", ident)
    for key, value in raw.items():
        if key != "general" and key not in platforms:
            f.problem(where, "steps", f"'{key}' steps need '{key}' in the item's platforms", ident)
        if not isinstance(value, list) or not value or not all(isinstance(s, str) and s.strip() for s in value):
            f.problem(where, "steps", f"'{key}' must be a list of one or more non-empty steps", ident)
            continue
        if any(HTML.search(s) for s in value):
            f.problem(where, "steps", f"'{key}' contains HTML; write plain text", ident)
        steps[key] = tuple(s.strip() for s in value)
    return steps


def _audiences(
    f: DataFile, where: str, ident: str, raw: Any, key: str, *, required: bool = True, nonempty: bool = False
) -> tuple[str, ...]:
    """A list of audience words; an old word (from before the one vocabulary) is named with the word to use."""
    words = df.text_list(f, where, ident, raw, key, required=required, nonempty=nonempty)
    for word in words:
        if word in OLD_AUDIENCES:
            f.problem(where, key, f"'{word}' is an old word: write '{OLD_AUDIENCES[word]}'", ident)
        elif word not in AUDIENCES:
            f.problem(where, key, f"'{word}' is not one of: {', '.join(AUDIENCES)}", ident)
    return words


def _item(f: DataFile, raw: Any, checklist_id: str, section_id: str, today: date) -> Item | None:
    if not isinstance(raw, dict):
        f.problem(f"section '{section_id}'", "items", "each item must be a [[sections.items]] table")
        return None
    title_hint = raw.get("title") if isinstance(raw.get("title"), str) else ""
    ident = df.ident(f, f"the item titled '{title_hint}'" if title_hint else "an item", raw)
    where = f"item '{ident}'" if ident else (f"the item titled '{title_hint}'" if title_hint else "an item")
    df.unknown(f, where, ident, raw, ITEM_KEYS)
    for key in ITEM_REQUIRED:
        if key not in raw and key not in ("id", "title", "summary", "why", "audiences", "platforms", "covers"):
            f.problem(where, key, "is missing", ident)
    title, summary, why = (df.text(f, where, ident, raw, key) for key in ("title", "summary", "why"))
    priority = raw.get("priority")
    if priority is not None and priority not in PRIORITIES:
        f.problem(where, "priority", f"'{priority}' is not one of: {', '.join(PRIORITIES)}", ident)
    audiences = _audiences(f, where, ident, raw, "audiences", nonempty=True)
    start = _audiences(f, where, ident, raw, "start", required=False)
    for audience in start:
        if audience in AUDIENCES and audience not in audiences:
            f.problem(where, "start", f"'{audience}' must also be in the item's audiences", ident)
    platforms = df.text_list(f, where, ident, raw, "platforms", PLATFORMS)
    covers = df.text_list(f, where, ident, raw, "covers")
    for cover in covers:
        if not RECOMMENDATION.match(cover):
            f.problem(where, "covers", f"'{cover}' is not a recommendation id R01 to R33", ident)
    replaces = df.text_list(f, where, ident, raw, "replaces", required=False)
    for old in replaces:
        if not KEBAB.match(old):
            f.problem(where, "replaces", f"'{old}' is not a kebab-case id", ident)
    minutes = df.whole(f, where, ident, raw, "minutes", 1, 240)
    review_days = df.whole(f, where, ident, raw, "review_every_days", 7, 730)
    reviewed = df.past_date(f, where, ident, raw, "reviewed", today)
    if reviewed is None and "reviewed" not in raw and set(platforms) & set(SERVICES):
        f.problem(where, "reviewed", "is needed: platform settings move, so say when these steps were checked", ident)
    review = raw.get("review")
    if review is not None:
        if review not in REVIEW_TOPICS:
            f.problem(where, "review", f"'{review}' is not one of: {', '.join(REVIEW_TOPICS)}", ident)
            review = None
        elif len([p for p in platforms if p in SERVICES]) > 1:
            f.problem(where, "review", "can name only one service in the item's platforms (the one it reviews)", ident)
    steps = _steps(f, where, ident, raw.get("steps"), platforms) if "steps" in raw else {}
    links = _links(f, where, ident, raw.get("links"))
    if not ident or priority not in PRIORITIES or minutes is None or not steps.get("general"):
        return None
    return Item(
        id=ident, title=title, summary=summary, why=why, steps=steps, priority=str(priority),
        audiences=audiences, platforms=platforms, minutes=minutes, covers=covers, links=links, replaces=replaces,
        review_every_days=review_days, reviewed=reviewed if isinstance(reviewed, date) else None,
        review=review if isinstance(review, str) else None, start=start,
        checklist_id=checklist_id, section_id=section_id,
    )  # fmt: skip


def _checklist(f: DataFile, raw: Mapping[str, Any], today: date) -> Checklist | None:
    df.unknown(f, "the file", "", raw, FILE_KEYS)
    version = raw.get("schema_version")
    if type(version) is not int or version != SCHEMA_VERSION:  # not True or 1.0, which equal 1 in Python
        f.problem("the file", "schema_version", f"must be {SCHEMA_VERSION} (found {version!r})")
    ident = df.ident(f, "the file", raw)
    title = df.text(f, "the file", ident, raw, "title")
    summary = df.text(f, "the file", ident, raw, "summary")
    sections_raw = raw.get("sections")
    if not isinstance(sections_raw, list) or not sections_raw:
        f.problem("the file", "sections", "must have at least one [[sections]] table")
        return None
    sections = []
    for raw_section in sections_raw:
        if not isinstance(raw_section, dict):
            f.problem("the file", "sections", "each section must be a [[sections]] table")
            continue
        section_id = df.ident(f, "a section", raw_section)
        where = f"section '{section_id}'"
        df.unknown(f, where, section_id, raw_section, SECTION_KEYS)
        section_title = df.text(f, where, section_id, raw_section, "title")
        section_summary = df.text(f, where, section_id, raw_section, "summary", required=False)
        items_raw = raw_section.get("items")
        if not isinstance(items_raw, list) or not items_raw:
            f.problem(where, "items", "must have at least one [[sections.items]] table", section_id)
            continue
        items = tuple(i for i in (_item(f, r, ident, section_id, today) for r in items_raw) if i is not None)
        sections.append(Section(section_id, section_title, section_summary, items))
    order = df.whole(f, "the file", ident, raw, "order", 1, 999)
    return Checklist(
        id=ident, title=title, summary=summary, sections=tuple(sections), source=f.path,
        order=order if order is not None else DEFAULT_ORDER,
    )  # fmt: skip


def check_files(paths: Iterable[Path], today: date | None = None) -> tuple[Catalog, list[Problem]]:
    """Load `paths`; return what loaded and every problem found (an empty list: all valid)."""
    today = today or date.today()
    problems: list[Problem] = []
    checklists: list[Checklist] = []
    files: list[DataFile] = []
    raw_of: dict[str, Any] = {}
    for path in sorted(paths):
        f, raw = df.open_toml(path)  # capped in size and time; unreadable, too deep or bad TOML is a problem
        files.append(f)
        if raw is None:
            continue
        raw_of[f.name] = raw
        checklist = _checklist(f, raw, today)
        if checklist is not None:
            checklists.append(checklist)
    # ids must be unique across all files: progress is stored by id
    seen: dict[str, str] = {}
    for f, ids in ((f, _all_ids(raw_of.get(f.name))) for f in files):
        count_in_file: dict[str, int] = {}
        for ident in ids:
            occurrence = count_in_file.get(ident, 0)
            count_in_file[ident] = occurrence + 1
            if ident in seen:
                message = f"is used twice (also in {seen[ident]}); every id must be unique"
                f.problem(f"'{ident}'", "id", message, ident, occurrence)  # the copy's own line
            else:
                seen[ident] = f.name
    checklists.sort(key=lambda c: (c.order, c.id))
    catalog = Catalog.of(tuple(checklists))
    for item in catalog.items:
        for old in item.replaces:
            if old in catalog.by_id:
                owner = next(
                    f for f in files if f.path == next(c.source for c in checklists if c.id == item.checklist_id)
                )
                owner.problem(f"item '{item.id}'", "replaces", f"'{old}' is still in use by another item", item.id)
    _check_reviews(catalog, checklists, files)
    for f in files:
        problems.extend(f.problems)
    return catalog, problems


def _check_reviews(catalog: Catalog, checklists: list[Checklist], files: list[DataFile]) -> None:
    """One item per service and review topic, and one general item per topic (for services without their own):
    the review shows exactly one step for each topic."""
    seen: dict[tuple[str, str], tuple[str, str]] = {}  # (service, topic) -> (the item, its file)
    source = {c.id: c.source for c in checklists}
    for item in sorted(catalog.items, key=lambda i: source[i.checklist_id].name):  # file order, like ids
        if item.review is None:
            continue
        service = next((p for p in item.platforms if p in SERVICES), "general")
        file = source[item.checklist_id]
        if (service, item.review) in seen:
            owner = next(f for f in files if f.path == file)
            whose = "services without their own" if service == "general" else service
            first, first_file = seen[service, item.review]
            message = f"'{item.review}' for {whose} is already reviewed by '{first}' (in {first_file})"
            owner.problem(f"item '{item.id}'", "review", message, item.id)
        else:
            seen[service, item.review] = (item.id, file.name)


def _all_ids(raw: Any) -> list[str]:
    """Every checklist, section and item id in a parsed file, in file order."""
    if not isinstance(raw, dict):
        return []
    ids = [raw["id"]] if isinstance(raw.get("id"), str) else []
    for section in raw.get("sections") or []:
        if isinstance(section, dict):
            ids += [section["id"]] if isinstance(section.get("id"), str) else []
            ids += [i["id"] for i in section.get("items") or [] if isinstance(i, dict) and isinstance(i.get("id"), str)]
    return ids


def load_catalog(paths: Iterable[Path], today: date | None = None) -> Catalog:
    """The catalog of `paths`; ChecklistError with every problem if any file has one."""
    catalog, problems = check_files(paths, today)
    if problems:
        raise ChecklistError(problems)
    return catalog


def shipped_files() -> list[Path]:
    from privacyapp.core.paths import data_folder

    return sorted(data_folder("checklists").glob("*.toml"))
