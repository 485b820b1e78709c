"""Helpers for tests that build data files (checklists, the service catalogue, account exports) from a valid
example with one thing changed."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from privacyapp.core.datafile import Problem

DROP = object()  # as a change: remove the key


def changed(raw: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """`raw` with `changes` applied in place (a value of DROP removes the key)."""
    for key, value in changes.items():
        if value is DROP:
            raw.pop(key, None)
        else:
            raw[key] = value
    return raw


def toml_value(value: Any) -> str:
    """A Python value as a TOML value (an inline table for a dict)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(value)


def only(problems: Iterable[Problem]) -> Problem:
    """The one problem found (the test fails, listing them, if there are more or none)."""
    found = list(problems)
    assert len(found) == 1, "expected one problem, got:\n" + "\n".join(str(p) for p in found)
    return found[0]


def line_of(path: Path, text: str, nth: int = 1) -> int:
    """The 1-based number of the nth line that is exactly `text`."""
    numbers = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line == text]
    return numbers[nth - 1]
