"""Passphrases of random words, chosen with `secrets` from the EFF's large word list (resources/wordlists)."""

from __future__ import annotations

import math
import secrets
from functools import cache

from privacyapp.core.paths import resource
from privacyapp.core.redact import Secret

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
