"""A faster l33t matcher for zxcvbn, which finds every match the stock one finds.

zxcvbn 4.5.0's l33t matcher tries every combination of substitutions for the l33t characters in a password
(736 when all 20 are there) and runs the dictionary matcher over the whole password for each: 2 to 3 seconds
on a crafted 71-character input, so the meter could not show a result in time (bench/passwords.py).

This one walks each substring from each start, one character at a time, trying each character as itself or as
the letter it may stand for (the same letter for every copy of a character in the substring, one character
per letter), and stops a walk as soon as no dictionary word starts with what it has read. Dictionary words are
short, so the walks are short. Every substitution the stock matcher tries is among those tried here (it tries
more: a letter may also be left alone), so every match it finds is found too: a password can only score
the same or lower, never higher.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping
from typing import Any

Match = dict[str, Any]

_static_words: tuple[int, list[str]] | None = None  # (id of the dictionaries it was built from, sorted words)


def _sorted_words(dictionaries: Mapping[str, Mapping[str, int]]) -> list[str]:
    """Every word of the shipped dictionaries, sorted, built once (about 90,000 words, ~60 ms)."""
    global _static_words
    static = {name: words for name, words in dictionaries.items() if name != "user_inputs"}
    key = sum(id(words) for words in static.values())
    if _static_words is None or _static_words[0] != key:
        _static_words = (key, sorted({word for words in static.values() for word in words}))
    return _static_words[1]


def _starts_a_word(prefix: str, words: list[str]) -> bool:
    at = bisect_left(words, prefix)
    return at < len(words) and words[at].startswith(prefix)


def l33t_match(
    password: str,
    _ranked_dictionaries: Mapping[str, Mapping[str, int]] | None = None,
    _l33t_table: Mapping[str, list[str]] | None = None,
) -> list[Match]:
    """zxcvbn.matching.l33t_match, with its arguments and its result (dictionary matches marked `l33t`, with
    the `sub` used), by walking substrings instead of trying every combination of substitutions."""
    from zxcvbn import matching

    dictionaries = matching.RANKED_DICTIONARIES if _ranked_dictionaries is None else _ranked_dictionaries
    table = matching.L33T_TABLE if _l33t_table is None else _l33t_table
    letters_for: dict[str, list[str]] = {}  # l33t character -> the letters it may stand for
    for letter, characters in table.items():
        for character in characters:
            if character in password:
                letters_for.setdefault(character, []).append(letter)
    if not letters_for:
        return []
    words = _sorted_words(dictionaries)
    user_words = sorted(dictionaries.get("user_inputs", {}))
    lower = password.lower()
    matches: list[Match] = []

    def walk(i: int, j: int, read: str, sub: dict[str, str | None], letters: frozenset[str]) -> None:
        # `read`: password[i:j] as read so far; `sub`: how each l33t character met so far is read (None: as itself)
        if j == len(password):
            return
        character = lower[j]
        if character not in letters_for:
            choices: list[tuple[str | None, dict[str, str | None], frozenset[str]]] = [(None, sub, letters)]
        elif character in sub:
            choices = [(sub[character], sub, letters)]
        else:
            choices = [(None, {**sub, character: None}, letters)]
            choices += [
                (letter, {**sub, character: letter}, letters | {letter})
                for letter in letters_for[character]
                if letter not in letters
            ]
        for letter, next_sub, next_letters in choices:
            text = read + (letter or character)
            if not (_starts_a_word(text, words) or (user_words and _starts_a_word(text, user_words))):
                continue
            used = {c: sl for c, sl in next_sub.items() if sl is not None}
            if used and j > i:  # a real substitution, and longer than one character (as zxcvbn's filter)
                for name, ranked in dictionaries.items():
                    rank = ranked.get(text)
                    if rank is not None:
                        matches.append(
                            {
                                "pattern": "dictionary",
                                "i": i,
                                "j": j,
                                "token": password[i : j + 1],
                                "matched_word": text,
                                "rank": rank,
                                "dictionary_name": name,
                                "reversed": False,
                                "l33t": True,
                                "sub": used,
                                "sub_display": ", ".join(f"{c} -> {sl}" for c, sl in used.items()),
                            }
                        )
            walk(i, j + 1, text, next_sub, next_letters)

    for start in range(len(password)):
        walk(start, start, "", {}, frozenset())
    return sorted(matches, key=lambda m: (m["i"], m["j"]))


stock_l33t_match: Any = None  # zxcvbn's own, kept for the tests that compare the two


def install() -> None:
    """Use this matcher in zxcvbn (its omnimatch looks the matcher up by name at every call)."""
    global stock_l33t_match
    from zxcvbn import matching

    if matching.l33t_match is not l33t_match:
        stock_l33t_match = matching.l33t_match
        matching.l33t_match = l33t_match
        _sorted_words(matching.RANKED_DICTIONARIES)  # now, not in the middle of someone's typing
