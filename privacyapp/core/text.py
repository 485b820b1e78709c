"""Showing text that came from outside (an imported file, a CSV, a name typed elsewhere) without letting it act.

A handle such as "\\x1b]0;owned\\x07" would set a terminal's title, "\\x1b[2J" would clear the screen, and a
right-to-left override reorders what follows it. `visible()` writes every such character as a visible escape
("\\x1b", "\\u202e"), so a person sees what is there and nothing happens.
"""

from __future__ import annotations

import re
from functools import cache


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, *, keep: str = "") -> str:
    """`text` with every control, bidirectional-override or undecodable character escaped visibly. `keep` may
    name "\\n" and "\\t", for whole lines of output whose own line breaks and tabs are meant."""
    return _controls(keep).sub(_escape, text)


@cache
def _controls(keep: str) -> re.Pattern[str]:
    # C0 controls, DEL and C1 controls (0x9b is an 8-bit CSI), the bidirectional overrides and isolates, and lone
    # surrogates (bytes that were not UTF-8, which cannot even be written to a UTF-8 terminal).
    c0 = "".join(chr(c) for c in range(0x20) if chr(c) not in keep)
    return re.compile("[" + re.escape(c0) + "\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def json_safe(dumped: str) -> str:
    """JSON text (from json.dumps with ensure_ascii=False) with the characters JSON leaves raw but a terminal
    acts on (DEL, C1 controls, bidirectional overrides, lone surrogates) written as \\u escapes: the same JSON."""
    return _json_raw().sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)


@cache
def _json_raw() -> re.Pattern[str]:
    return re.compile("[\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
