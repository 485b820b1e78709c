"""Helpers for validating the project's data files (checklists, the service catalogue): every problem is
collected with its file, line, entry and key, in words the person editing the file can act on."""

from __future__ import annotations

import re
import sys
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from privacyapp.core.inputs import InputError, read_text
from privacyapp.i18n import _

KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
HTML = re.compile(r"<\s*/?\s*[A-Za-z!][^>]*>|&[A-Za-z]+;|&#\d+;")
MAX_TITLE = 90
MAX_DATA_FILE = 16 * 1024 * 1024  # the largest shipped checklist is tens of KiB; 20,000 items take 5 MiB
ID_LINE = re.compile(r"""^[ \t]*["']?id["']?[ \t]*=[ \t]*(["'])(.*?)\1""", re.MULTILINE)


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


class DataFile:
    """One file being checked: collects its problems, with the line of the id they belong to."""

    def __init__(self, path: Path, text: str) -> None:
        self.path, self.name, self.text = path, path.name, text
        self.problems: list[Problem] = []
        # which copy of an id is being checked (0: the first): problems inside a second copy of a duplicated
        # entry then point at that copy's line
        self.copies: dict[str, int] = {}
        self._lines: dict[str, list[int]] | None = None

    def lines_of(self, ident: str) -> list[int]:
        """The lines where `id = "ident"` stands (either quote style, a quoted key too)."""
        return self._id_lines().get(ident, [])

    def _id_lines(self) -> dict[str, list[int]]:
        """Every `id = "..."` line, found in one pass over the text on first use: a file with thousands of
        problems is not searched once per problem (that took minutes for 20,000 items)."""
        if self._lines is None:
            self._lines = {}
            line, last = 1, 0
            for match in ID_LINE.finditer(self.text):
                line += self.text.count("\n", last, match.start())
                last = match.start()
                self._lines.setdefault(match.group(2), []).append(line)
        return self._lines

    def line_of(self, ident: str, occurrence: int = 0) -> int | None:
        lines = self.lines_of(ident)
        return lines[occurrence] if occurrence < len(lines) else (lines[-1] if lines else None)

    def problem(self, where: str, key: str, message: str, ident: str = "", occurrence: int | None = None) -> None:
        if occurrence is None:
            occurrence = self.copies.get(ident, 0)
        line = self.line_of(ident, occurrence) if ident else None
        self.problems.append(Problem(self.name, where, key, message, line))


def open_toml(path: Path) -> tuple[DataFile, dict[str, Any] | None]:
    """Read and parse one TOML data file, capped in size and time (a FIFO or /dev/zero is refused, not waited on).
    The table is None when the file cannot be used; the DataFile then holds the reason as its problem."""
    try:
        content = read_text(path, limit=MAX_DATA_FILE, what=_("the file"))
    except InputError as exc:
        f = DataFile(path, "")
        f.problem("the file", "", f"cannot be read: {exc.reason}")
        return f, None
    f = DataFile(path, content)
    try:
        return f, tomllib.loads(content)
    except tomllib.TOMLDecodeError as exc:
        f.problem("the file", "", f"is not valid TOML: {exc}")
    except RecursionError:
        f.problem("the file", "", "nests lists or tables too deeply to be read; no data file needs that")
    except ValueError:  # tomllib's own int(): Python refuses to convert numbers with thousands of digits
        digits = sys.get_int_max_str_digits()
        f.problem("the file", "", f"has a number longer than {digits:,} digits; numbers here are small")
    return f, None


def text(
    f: DataFile, where: str, ident: str, raw: Mapping[str, Any], key: str, *, required: bool = True,
    max_length: int = MAX_TITLE,
) -> str:  # fmt: skip
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
    if key in ("title", "name") and len(value) > max_length:
        f.problem(where, key, f"is {len(value)} characters; keep {key}s to {max_length}", ident)
    return value.strip()


def text_list(
    f: DataFile, where: str, ident: str, raw: Mapping[str, Any], key: str, allowed: Iterable[str] | None = None,
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


def whole(f: DataFile, where: str, ident: str, raw: Mapping[str, Any], key: str, low: int, high: int) -> int | None:
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


def unknown(f: DataFile, where: str, ident: str, raw: Mapping[str, Any], known: set[str]) -> None:
    for key in sorted(set(raw) - known):
        f.problem(where, key, f"is not a known key (known: {', '.join(sorted(known))}); check the spelling", ident)


def ident(f: DataFile, where: str, raw: Mapping[str, Any]) -> str:
    value = raw.get("id")
    if not isinstance(value, str) or not value:
        f.problem(where, "id", "is missing or not text")
        return ""
    if not KEBAB.match(value):
        f.problem(where, "id", f"'{value}' must be kebab-case: lower-case letters, digits and single dashes", value)
    return value


def https_url(f: DataFile, where: str, ident: str, key: str, url: Any) -> str | None:
    """`url` if it is an https address without spaces, else None and a problem."""
    if not isinstance(url, str) or not url:
        f.problem(where, key, "is missing or not text", ident)
        return None
    if not url.startswith("https://") or any(c.isspace() for c in url):
        f.problem(where, key, f"'{url}' must be an https:// address without spaces", ident)
        return None
    return url


def past_date(f: DataFile, where: str, ident: str, raw: Mapping[str, Any], key: str, today: date) -> date | None:
    """A TOML date (not a date-time, not text) that is not in the future; else None and a problem."""
    value = raw.get(key)
    if value is None:
        return None
    if not isinstance(value, date) or isinstance(value, datetime):
        f.problem(where, key, "must be a date without quotes, like 2026-11-21", ident)
        return None
    if value > today:
        f.problem(where, key, f"{value} is in the future", ident)
    return value
