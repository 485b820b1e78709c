"""Reading checklists/*.toml: every problem in every file reported at once, in words a teacher can act on.

The rules are documented in checklists/README.md; each has a test with a bad file in tests/core/checklist/.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from privacyapp.core.checklist.model import (
    AUDIENCES,
    PLATFORMS,
    PRIORITIES,
    SERVICES,
    Catalog,
    Checklist,
    Item,
    Link,
    Section,
)
from privacyapp.core.errors import PrivacyAppError

SCHEMA_VERSION = 1
KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
RECOMMENDATION = re.compile(r"^R(0[1-9]|[12][0-9]|3[0-3])$")
HTML = re.compile(r"<\s*/?\s*[A-Za-z!][^>]*>|&[A-Za-z]+;|&#\d+;")
MAX_TITLE = 90

FILE_KEYS = {"schema_version", "id", "title", "summary", "order", "sections"}
DEFAULT_ORDER = 100
SECTION_KEYS = {"id", "title", "summary", "items"}
ITEM_KEYS = {
    "id", "title", "summary", "why", "steps", "links", "priority", "audiences", "platforms", "minutes",
    "review_every_days", "covers", "replaces", "reviewed",
}  # fmt: skip
ITEM_REQUIRED = ("id", "title", "summary", "why", "steps", "priority", "audiences", "platforms", "minutes", "covers")
LINK_KEYS = {"title", "url"}


@dataclass(frozen=True)
class Problem:
    file: str
    where: str  # "item 'tt-private-account'", "section 'ess-basics'", "the file"
    key: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        at = f":{self.line}" if self.line else ""
        key = f", key '{self.key}'" if self.key else ""
        return f"{self.file}{at}: {self.where}{key}: {self.message}"


class ChecklistError(PrivacyAppError):
    """One or more checklist files have problems; `problems` lists them all."""

    def __init__(self, problems: list[Problem]) -> None:
        count = len(problems)
        super().__init__(
            f"{count} problem{'s' if count != 1 else ''} in the checklists:\n" + "\n".join(f"  {p}" for p in problems)
        )
        self.problems = problems


class _File:
    """One file being checked: collects its problems, with the line of the id they belong to."""

    def __init__(self, path: Path, text: str) -> None:
        self.path, self.name, self.text = path, path.name, text
        self.problems: list[Problem] = []

    def lines_of(self, ident: str) -> list[int]:
        """The lines where `id = "ident"` stands (either quote style, a quoted key too)."""
        pattern = rf"""^\s*["']?id["']?\s*=\s*(["']){re.escape(ident)}\1"""
        return [self.text.count("\n", 0, m.start()) + 1 for m in re.finditer(pattern, self.text, re.MULTILINE)]

    def line_of(self, ident: str, occurrence: int = 0) -> int | None:
        lines = self.lines_of(ident)
        return lines[occurrence] if occurrence < len(lines) else (lines[-1] if lines else None)

    def problem(self, where: str, key: str, message: str, ident: str = "", occurrence: int = 0) -> None:
        line = self.line_of(ident, occurrence) if ident else None
        self.problems.append(Problem(self.name, where, key, message, line))


def _text(f: _File, where: str, ident: str, raw: Mapping[str, Any], key: str, *, required: bool = True) -> str:
    value = raw.get(key)
    if value is None:
        if required:
            f.problem(where, key, "is missing", ident)
        return ""
    if not isinstance(value, str):
        f.problem(where, key, f"must be text in quotes, not {type(value).__name__}", ident)
        return ""
    if not value.strip():
        f.problem(where, key, "is empty", ident)
    elif HTML.search(value):
        f.problem(where, key, "contains HTML; write plain text (no <tags> or &entities;)", ident)
    if key == "title" and len(value) > MAX_TITLE:
        f.problem(where, key, f"is {len(value)} characters; keep titles to {MAX_TITLE}", ident)
    return value.strip()


def _text_list(
    f: _File, where: str, ident: str, raw: Mapping[str, Any], key: str, allowed: Iterable[str] | None = None,
    *, required: bool = True, nonempty: bool = False,
) -> tuple[str, ...]:  # fmt: skip
    value = raw.get(key)
    if value is None:
        if required:
            f.problem(where, key, "is missing", ident)
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        f.problem(where, key, 'must be a list of text, like ["a", "b"]', ident)
        return ()
    if nonempty and not value:
        f.problem(where, key, "must name at least one", ident)
    if allowed is not None:
        allowed = tuple(allowed)
        for v in value:
            if v not in allowed:
                f.problem(where, key, f"'{v}' is not one of: {', '.join(allowed)}", ident)
    if len(set(value)) != len(value):
        f.problem(where, key, "names something twice", ident)
    return tuple(value)


def _whole(f: _File, where: str, ident: str, raw: Mapping[str, Any], key: str, low: int, high: int) -> int | None:
    value = raw.get(key)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        f.problem(where, key, f"must be a whole number from {low} to {high}", ident)
        return None
    if not low <= value <= high:
        f.problem(where, key, f"{value} is outside {low} to {high}", ident)
        return None
    return value


def _unknown(f: _File, where: str, ident: str, raw: Mapping[str, Any], known: set[str]) -> None:
    for key in sorted(set(raw) - known):
        f.problem(where, key, f"is not a known key (known: {', '.join(sorted(known))}); check the spelling", ident)


def _ident(f: _File, where: str, raw: Mapping[str, Any]) -> str:
    value = raw.get("id")
    if not isinstance(value, str) or not value:
        f.problem(where, "id", "is missing or not text")
        return ""
    if not KEBAB.match(value):
        f.problem(where, "id", f"'{value}' must be kebab-case: lower-case letters, digits and single dashes", value)
    return value


def _links(f: _File, where: str, ident: str, raw: Any) -> tuple[Link, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(link, dict) for link in raw):
        f.problem(where, "links", "must be a list of [[...links]] tables with title and url", ident)
        return ()
    links = []
    for link in raw:
        _unknown(f, f"{where}, a link", ident, link, LINK_KEYS)
        title = _text(f, f"{where}, a link", ident, link, "title")
        url = link.get("url")
        if not isinstance(url, str) or not url:
            f.problem(where, "links", "a link has no url", ident)
            continue
        if not url.startswith("https://") or any(c.isspace() for c in url):
            f.problem(where, "links", f"'{url}' must be an https:// address without spaces", ident)
            continue
        links.append(Link(title=title, url=url))
    return tuple(links)


def _steps(f: _File, where: str, ident: str, raw: Any, platforms: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
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


def _item(f: _File, raw: Any, checklist_id: str, section_id: str, today: date) -> Item | None:
    if not isinstance(raw, dict):
        f.problem(f"section '{section_id}'", "items", "each item must be a [[sections.items]] table")
        return None
    title_hint = raw.get("title") if isinstance(raw.get("title"), str) else ""
    ident = _ident(f, f"the item titled '{title_hint}'" if title_hint else "an item", raw)
    where = f"item '{ident}'" if ident else (f"the item titled '{title_hint}'" if title_hint else "an item")
    _unknown(f, where, ident, raw, ITEM_KEYS)
    for key in ITEM_REQUIRED:
        if key not in raw and key not in ("id", "title", "summary", "why", "audiences", "platforms", "covers"):
            f.problem(where, key, "is missing", ident)
    title, summary, why = (_text(f, where, ident, raw, key) for key in ("title", "summary", "why"))
    priority = raw.get("priority")
    if priority is not None and priority not in PRIORITIES:
        f.problem(where, "priority", f"'{priority}' is not one of: {', '.join(PRIORITIES)}", ident)
    audiences = _text_list(f, where, ident, raw, "audiences", AUDIENCES, nonempty=True)
    platforms = _text_list(f, where, ident, raw, "platforms", PLATFORMS)
    covers = _text_list(f, where, ident, raw, "covers")
    for cover in covers:
        if not RECOMMENDATION.match(cover):
            f.problem(where, "covers", f"'{cover}' is not a recommendation id R01 to R33", ident)
    replaces = _text_list(f, where, ident, raw, "replaces", required=False)
    for old in replaces:
        if not KEBAB.match(old):
            f.problem(where, "replaces", f"'{old}' is not a kebab-case id", ident)
    minutes = _whole(f, where, ident, raw, "minutes", 1, 240)
    review = _whole(f, where, ident, raw, "review_every_days", 7, 730)
    reviewed = raw.get("reviewed")
    if reviewed is not None and (
        not isinstance(reviewed, date) or isinstance(reviewed, __import__("datetime").datetime)
    ):
        f.problem(where, "reviewed", "must be a date without quotes, like 2026-11-21", ident)
        reviewed = None
    elif isinstance(reviewed, date) and reviewed > today:
        f.problem(where, "reviewed", f"{reviewed} is in the future", ident)
    if reviewed is None and "reviewed" not in raw and set(platforms) & set(SERVICES):
        f.problem(where, "reviewed", "is needed: platform settings move, so say when these steps were checked", ident)
    steps = _steps(f, where, ident, raw.get("steps"), platforms) if "steps" in raw else {}
    links = _links(f, where, ident, raw.get("links"))
    if not ident or priority not in PRIORITIES or minutes is None or not steps.get("general"):
        return None
    return Item(
        id=ident, title=title, summary=summary, why=why, steps=steps, priority=str(priority),
        audiences=audiences, platforms=platforms, minutes=minutes, covers=covers, links=links, replaces=replaces,
        review_every_days=review, reviewed=reviewed if isinstance(reviewed, date) else None,
        checklist_id=checklist_id, section_id=section_id,
    )  # fmt: skip


def _checklist(f: _File, raw: Mapping[str, Any], today: date) -> Checklist | None:
    _unknown(f, "the file", "", raw, FILE_KEYS)
    version = raw.get("schema_version")
    if type(version) is not int or version != SCHEMA_VERSION:  # not True or 1.0, which equal 1 in Python
        f.problem("the file", "schema_version", f"must be {SCHEMA_VERSION} (found {version!r})")
    ident = _ident(f, "the file", raw)
    title = _text(f, "the file", ident, raw, "title")
    summary = _text(f, "the file", ident, raw, "summary")
    sections_raw = raw.get("sections")
    if not isinstance(sections_raw, list) or not sections_raw:
        f.problem("the file", "sections", "must have at least one [[sections]] table")
        return None
    sections = []
    for raw_section in sections_raw:
        if not isinstance(raw_section, dict):
            f.problem("the file", "sections", "each section must be a [[sections]] table")
            continue
        section_id = _ident(f, "a section", raw_section)
        where = f"section '{section_id}'"
        _unknown(f, where, section_id, raw_section, SECTION_KEYS)
        section_title = _text(f, where, section_id, raw_section, "title")
        section_summary = _text(f, where, section_id, raw_section, "summary", required=False)
        items_raw = raw_section.get("items")
        if not isinstance(items_raw, list) or not items_raw:
            f.problem(where, "items", "must have at least one [[sections.items]] table", section_id)
            continue
        items = tuple(i for i in (_item(f, r, ident, section_id, today) for r in items_raw) if i is not None)
        sections.append(Section(section_id, section_title, section_summary, items))
    order = _whole(f, "the file", ident, raw, "order", 1, 999)
    return Checklist(
        id=ident, title=title, summary=summary, sections=tuple(sections), source=f.path,
        order=order if order is not None else DEFAULT_ORDER,
    )  # fmt: skip


def check_files(paths: Iterable[Path], today: date | None = None) -> tuple[Catalog, list[Problem]]:
    """Load `paths`; return what loaded and every problem found (an empty list: all valid)."""
    today = today or date.today()
    problems: list[Problem] = []
    checklists: list[Checklist] = []
    files: list[_File] = []
    raw_of: dict[str, Any] = {}
    for path in sorted(paths):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(Problem(path.name, "the file", "", f"cannot be read: {exc}"))
            continue
        f = _File(path, text)
        files.append(f)
        try:
            raw = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            f.problem("the file", "", f"is not valid TOML: {exc}")
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
    for f in files:
        problems.extend(f.problems)
    return catalog, problems


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
