"""How strong a password is, with zxcvbn, guarded against its edge cases.

zxcvbn 4.5.0 raises ValueError above 72 characters and IndexError on an empty string; long passphrases are
rated on their first 72 characters (`Strength.truncated` says so, and each front end tells the person in its own
words). Its l33t matcher took 2 to 3 seconds on crafted symbol-heavy inputs; ours (core/l33t.py, installed at the
first rating) takes milliseconds and finds every match it found. Other patterns can still take ~0.1 s on long
inputs: callers in the GUI run this off the GUI thread.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from privacyapp.core.redact import Secret
from privacyapp.i18n import N_, _, ngettext

MAX_RATED = 72
LEVELS = (N_("Very weak"), N_("Weak"), N_("Fair"), N_("Strong"), N_("Very strong"))  # shown with _()


@dataclass(frozen=True)
class Strength:
    score: int  # 0 to 4
    crack_time: str  # e.g. "3 hours", for an attacker guessing offline with slow hashing
    warning: str
    suggestions: tuple[str, ...]
    truncated: bool  # only the first MAX_RATED characters were rated: the front end says so in its own words
    crack_seconds: float | None = None  # the same estimate in seconds; None for an empty or unrated input

    @property
    def words(self) -> str:
        return _(LEVELS[self.score])

    @property
    def guess_time(self) -> str:
        """'it could be guessed in less than a second' / 'it would take about 3 hours to guess', in the current
        language: one whole sentence per unit, with its plural forms."""
        return guess_time_words(self.crack_seconds)


# (seconds in the unit, the sentence for one and for many) from the largest unit down
_UNITS = (
    (365 * 86400, N_("it would take about {count} year to guess"), N_("it would take about {count} years to guess")),
    (30 * 86400, N_("it would take about {count} month to guess"), N_("it would take about {count} months to guess")),
    (86400, N_("it would take about {count} day to guess"), N_("it would take about {count} days to guess")),
    (3600, N_("it would take about {count} hour to guess"), N_("it would take about {count} hours to guess")),
    (60, N_("it would take about {count} minute to guess"), N_("it would take about {count} minutes to guess")),
    (1, N_("it would take about {count} second to guess"), N_("it would take about {count} seconds to guess")),
)


def guess_time_words(seconds: float | None) -> str:
    if seconds is None:
        return _("it could be guessed instantly")
    if seconds < 1:
        return _("it could be guessed in less than a second")
    if seconds >= 100 * 365 * 86400:
        return _("it would take centuries to guess")
    for size, one, many in _UNITS:
        if seconds >= size:
            count = round(seconds / size)
            return ngettext(one, many, count).format(count=count)
    raise AssertionError("unreachable")  # pragma: no cover: the last unit is one second


def prepare() -> Any:
    """Import zxcvbn (~25 ms) and install our l33t matcher with its word list (~40 ms): deferred until someone
    types, or done ahead by the rating child as it starts. Returns the zxcvbn module."""
    import zxcvbn

    from privacyapp.core import l33t

    l33t.install()
    return zxcvbn


def estimate(password: Secret, user_inputs: Sequence[str] = ()) -> Strength:
    value = password.reveal()
    if not value:
        return Strength(0, "instantly", "", ("Type a password to see how strong it is.",), False)
    zxcvbn = prepare()

    rated = value[:MAX_RATED]
    try:
        result = zxcvbn.zxcvbn(rated, user_inputs=[word for word in user_inputs if word])
    except (ValueError, IndexError):
        # zxcvbn's own limits; the guard above should keep us clear of them
        return Strength(0, "unknown", "This password could not be rated.", (), len(value) > MAX_RATED)
    feedback = result.get("feedback", {})
    return Strength(
        score=int(result["score"]),
        crack_time=str(result["crack_times_display"]["offline_slow_hashing_1e4_per_second"]),
        warning=str(feedback.get("warning") or ""),
        suggestions=tuple(str(s) for s in feedback.get("suggestions", [])),
        truncated=len(value) > MAX_RATED,
        crack_seconds=float(result["crack_times_seconds"]["offline_slow_hashing_1e4_per_second"]),
    )
