"""Helpers for tests that build data files (checklists, the service catalogue, account exports) from a valid
example with one thing changed."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

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
