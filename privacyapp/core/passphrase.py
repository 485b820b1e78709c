"""Passphrases of random words, chosen with `secrets` from the EFF's large word list (resources/wordlists), and the
rule for a passphrase too weak to protect a profile."""

from __future__ import annotations

import math
import secrets
from collections.abc import Sequence
from functools import cache

from privacyapp.core.passwords import Strength, estimate
from privacyapp.core.paths import resource
from privacyapp.core.redact import Secret
from privacyapp.i18n import _

MIN_WORDS, MAX_WORDS, DEFAULT_WORDS = 4, 8, 6


@cache
def word_list() -> tuple[str, ...]:
    words = tuple(
        line.strip() for line in resource("wordlists", "eff-large.txt").read_text(encoding="utf-8").splitlines()
    )
    return tuple(word for word in words if word)


def generate(words: int = DEFAULT_WORDS, separator: str = "-") -> Secret:
    if not MIN_WORDS <= words <= MAX_WORDS:
        raise ValueError(f"a passphrase has {MIN_WORDS} to {MAX_WORDS} words")
    chosen = word_list()
    return Secret(separator.join(secrets.choice(chosen) for _ in range(words)))


def entropy_bits(words: int) -> float:
    return words * math.log2(len(word_list()))


# The bar for a passphrase that protects a profile: zxcvbn's score 3 ("Strong": about 10^10 guesses) or more.
# Below it ("Very weak", "Weak", "Fair") the GUI asks for an explicit "use it anyway" and the CLI refuses unless
# given --allow-weak-passphrase: the profile file can be copied and guessed at offline, without limits.
STRONG_ENOUGH_SCORE = 3


def is_weak(strength: Strength) -> bool:
    """Whether a rated passphrase is below the bar (the one rule both front ends use)."""
    return strength.score < STRONG_ENOUGH_SCORE


def weakness(passphrase: Secret, user_inputs: Sequence[str] = ()) -> Strength | None:
    """The rating of `passphrase` when it is below the bar, else None. Rating takes up to ~0.1 s."""
    strength = estimate(passphrase, user_inputs)
    return strength if is_weak(strength) else None


def weak_sentence(strength: Strength) -> str:
    """Why a passphrase below the bar is refused, in one sentence, without the passphrase itself."""
    # Translators: {strength} is a word such as "Weak"; {time} says how long guessing it would take
    return _("This passphrase is too easy to guess ({strength}: {time}).").format(
        strength=strength.words, time=strength.guess_time
    )
