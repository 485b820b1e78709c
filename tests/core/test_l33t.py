"""core/l33t.py against zxcvbn's own l33t matcher: every match the stock one finds is found (so a score can
only stay the same or go down), on random inputs, common l33t passwords and crafted symbol-heavy ones."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import pytest
import zxcvbn
from hypothesis import given, settings
from hypothesis import strategies as st
from zxcvbn import matching

from privacyapp.core import l33t
from privacyapp.core.passwords import estimate
from privacyapp.core.redact import Secret

l33t.install()
STOCK = l33t.stock_l33t_match
L33T_CHARACTERS = "4@8({[<3691!|70$5+%2"
COMMON = ["P@ssw0rd", "Tr0ub4dor&3", "p4$$w0rd1!", "1l0v3y0u", "s3cur1ty!", "4dm1n@123", "h3ll0w0rld", "m0nk3y7",
          "qw3rty|1", "dr4g0n", "5unsh1n3", "b4s3b4ll", "l3tm31n", "fr33d0m!", "sh4d0w99", "c0mput3r"]  # fmt: skip


def _found(matches: list[dict[str, Any]]) -> set[tuple[Any, ...]]:
    return {(m["i"], m["j"], m["matched_word"], m["dictionary_name"], frozenset(m["sub"].items())) for m in matches}


@contextlib.contextmanager
def _stock_matcher() -> Iterator[None]:
    matching.l33t_match = STOCK
    try:
        yield
    finally:
        l33t.install()


def _score(password: str, user_inputs: list[str] | None = None) -> int:
    return int(zxcvbn.zxcvbn(password, user_inputs=user_inputs or [])["score"])


def test_install_replaces_the_stock_matcher_once() -> None:
    assert STOCK is not None and STOCK is not l33t.l33t_match
    l33t.install()
    assert matching.l33t_match is l33t.l33t_match and l33t.stock_l33t_match is STOCK


@pytest.mark.parametrize("password", COMMON)
def test_common_l33t_passwords_get_every_stock_match_and_the_same_score(password: str) -> None:
    assert _found(STOCK(password)) <= _found(l33t.l33t_match(password))
    with _stock_matcher():
        stock_score = _score(password)
    assert _score(password) == stock_score == estimate(Secret(password)).score


def test_a_l33t_password_made_of_a_common_word_is_found() -> None:
    (match,) = [m for m in l33t.l33t_match("p@55w0rd") if m["matched_word"] == "password"]
    assert (match["i"], match["j"], match["token"]) == (0, 7, "p@55w0rd")
    assert match["sub"] == {"@": "a", "5": "s", "0": "o"} and match["l33t"] is True


def test_the_users_own_words_in_l33t_are_found() -> None:
    zxcvbn.zxcvbn("x", user_inputs=["quintessa"])  # zxcvbn puts the user's words in its dictionaries
    names = {m["dictionary_name"] for m in l33t.l33t_match("qu1nt3ss4") if m["matched_word"] == "quintessa"}
    assert names == {"user_inputs"}
    assert _score("qu1nt3ss4!", ["quintessa"]) < _score("qu1nt3ss4!")


@pytest.mark.parametrize("length", [8, 12, 14])
def test_crafted_symbol_heavy_inputs_get_every_stock_match(length: int) -> None:
    for password in ((L33T_CHARACTERS * 4)[:length], ("!1@2#3$4%5^6&7*8(9)0|+{[<" * 3)[:length]):
        assert _found(STOCK(password)) <= _found(l33t.l33t_match(password))


def test_no_l33t_character_means_no_l33t_match() -> None:
    assert l33t.l33t_match("correcthorse") == []


_pieces = st.sampled_from(["pass", "word", "love", "admin", "sun", "shine", "mon", "key", "dragon", "leet", "bob"])
_characters = st.sampled_from(list(L33T_CHARACTERS + "aeilostbgcxz"))


@st.composite
def _l33t_inputs(draw: st.DrawFn) -> str:
    """Common words and single characters, with some of their letters written in l33t, as people do."""
    text = "".join(draw(st.lists(st.one_of(_pieces, _characters), min_size=1, max_size=6)))[:14]
    written = []
    for character in text:
        forms = matching.L33T_TABLE.get(character, [])
        written.append(draw(st.sampled_from([character, *forms])) if forms else character)
    return "".join(written)


@settings(max_examples=200, deadline=None)
@given(_l33t_inputs())
def test_random_inputs_get_every_stock_match_and_never_a_higher_score(password: str) -> None:
    assert _found(STOCK(password)) <= _found(l33t.l33t_match(password))
    with _stock_matcher():
        stock_score = _score(password)
    assert _score(password) <= stock_score
