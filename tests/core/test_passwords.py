"""Password strength (zxcvbn behind a guard for its limits) and random-word passphrases."""

from __future__ import annotations

import io
import json
import random
import re
import sys
from pathlib import Path

import pytest

from privacyapp.core import passphrase
from privacyapp.core.passwords import LEVELS, MAX_RATED, Strength, estimate, guess_time_words
from privacyapp.core.redact import Secret
from tests.conftest import cli_run


def _check_shape(strength: Strength) -> None:
    assert 0 <= strength.score <= 4
    assert strength.words in LEVELS
    assert isinstance(strength.crack_time, str) and strength.crack_time
    assert isinstance(strength.warning, str)
    assert all(isinstance(s, str) and s for s in strength.suggestions)
    assert strength.guess_time.startswith(("it could be guessed", "it would take"))


def _check_lengths(text: str, lengths: list[int]) -> None:
    first_72 = estimate(Secret(text[:MAX_RATED]))
    for length in lengths:
        strength = estimate(Secret(text[:length]))
        _check_shape(strength)
        assert strength.truncated is (length > MAX_RATED), length
        if length > MAX_RATED:
            # rated on the first 72 characters: the same rating as those 72 alone, with no sentence of the core's
            # own added to the suggestions (each front end words `truncated` itself)
            assert (strength.score, strength.crack_time, strength.warning, strength.suggestions) == (
                first_72.score,
                first_72.crack_time,
                first_72.warning,
                first_72.suggestions,
            ), length


def test_every_length_from_0_to_200() -> None:
    rng = random.Random(11)
    alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789!@#$%&*-_"
    _check_lengths("".join(rng.choice(alphabet) for _ in range(200)), list(range(201)))


def test_long_runs_of_dictionary_words() -> None:
    """zxcvbn's slow path: many overlapping dictionary matches; sampled lengths, and the limit's neighbours."""
    text = ("correct horse battery staple " * 10)[:200]
    _check_lengths(text, [*range(0, 201, 9), 71, 72, 73, 200])


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (None, "it could be guessed instantly"),
        (0.2, "it could be guessed in less than a second"),
        (1, "it would take about 1 second to guess"),
        (59, "it would take about 59 seconds to guess"),
        (60, "it would take about 1 minute to guess"),
        (3 * 3600 + 100, "it would take about 3 hours to guess"),
        (86400, "it would take about 1 day to guess"),
        (45 * 86400, "it would take about 2 months to guess"),
        (2 * 365 * 86400, "it would take about 2 years to guess"),
        (1e12, "it would take centuries to guess"),
    ],
)
def test_the_time_to_guess_is_one_whole_sentence_with_its_plural(seconds: float | None, words: str) -> None:
    assert guess_time_words(seconds) == words


def test_empty_password() -> None:
    strength = estimate(Secret(""))
    assert (strength.score, strength.crack_time, strength.truncated) == (0, "instantly", False)
    assert strength.guess_time == "it could be guessed instantly"
    assert strength.suggestions


@pytest.mark.parametrize(
    "value",
    [
        "😀",
        "🔒🔑" * 10,
        "🔒🔑" * 50,  # 100 characters, 400 bytes of UTF-8
        "\U0001f600" * 72,
        "\U0001f600" * 73,
        "pässwörd-ĉĥéçk-ℌ𝔢𝔩𝔩𝔬",
        "a\U0010ffff" * 40,
        "\x00",
        "\x00" * 10,
        "\x00" * 100,
        "pass\x00word",
        "\x00\x01\x02\x7f\r\n\t",
        "\ud800",  # a lone surrogate: not valid UTF-8, still rated
        " " * 80,
    ],
)
def test_unusual_characters_never_raise(value: str) -> None:
    strength = estimate(Secret(value))
    _check_shape(strength)
    assert strength.truncated is (len(value) > MAX_RATED)


def test_user_inputs_lower_the_score() -> None:
    password = "MargaretheVandersloot1987"
    plain = estimate(Secret(password))
    personal = estimate(Secret(password), user_inputs=["Margarethe", "Vandersloot", "1987"])
    assert personal.score < plain.score
    assert estimate(Secret(password), user_inputs=["", "Margarethe", ""]).score <= plain.score  # empties ignored


def test_cli_check_says_when_only_the_beginning_was_rated(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    passwords = f"{'violet kettle moonbeam ' * 5}\nshort one\n"  # 115 characters, then 9
    monkeypatch.setattr(sys, "stdin", io.StringIO(passwords))
    result = cli_run(capsys, "password", "check", "--no-network")
    note = f"Only its first {MAX_RATED} characters were rated."
    lines = result.out.splitlines()
    assert lines[0].startswith("#1:") and lines[1].strip() == note, "said once, right under the long one"
    assert result.out.count(note) == 1
    monkeypatch.setattr(sys, "stdin", io.StringIO(passwords))
    as_json = json.loads(cli_run(capsys, "password", "check", "--no-network", "--json").out)
    assert [r["truncated"] for r in as_json] == [True, False]
    assert not any(str(MAX_RATED) in s for r in as_json for s in r["suggestions"]), "the flag is data, not prose"


def test_a_very_weak_password_says_so() -> None:
    strength = estimate(Secret("password"))
    assert strength.score == 0
    assert strength.warning
    assert strength.guess_time.startswith("it could be guessed")


# --- passphrases -----------------------------------------------------------------------------------------------


def test_the_word_list_is_the_eff_large_list() -> None:
    words = passphrase.word_list()
    assert len(words) == 7776
    assert len(set(words)) == 7776
    assert all(w == w.strip() and w for w in words)
    assert passphrase.entropy_bits(6) == pytest.approx(77.55, abs=0.01)


@pytest.mark.parametrize("count", range(passphrase.MIN_WORDS, passphrase.MAX_WORDS + 1))
def test_generate_gives_n_words_from_the_list(count: int) -> None:
    words = set(passphrase.word_list())
    phrase = passphrase.generate(count, separator=" ")
    assert isinstance(phrase, Secret)
    chosen = phrase.reveal().split(" ")
    assert len(chosen) == count
    assert set(chosen) <= words
    assert str(phrase) != phrase.reveal()


def test_generate_is_different_each_time() -> None:
    phrases = {passphrase.generate(4).reveal() for _ in range(50)}
    assert len(phrases) == 50
    default = passphrase.generate()
    assert _phrase_words(default.reveal()) == passphrase.DEFAULT_WORDS


@pytest.mark.parametrize("count", [-1, 0, 3, 9, 100])
def test_generate_refuses_too_few_or_too_many_words(count: int) -> None:
    with pytest.raises(ValueError, match="4 to 8 words"):
        passphrase.generate(count)


def _phrase_words(text: str) -> int:
    """How many list words, joined by '-', make `text` (some list words hold a '-' themselves: t-shirt)."""
    words = sorted(passphrase.word_list(), key=len, reverse=True)
    alternatives = "|".join(re.escape(w) for w in words)
    for count in range(passphrase.MIN_WORDS, passphrase.MAX_WORDS + 1):
        if re.fullmatch(rf"(?:{alternatives})(?:-(?:{alternatives})){{{count - 1}}}", text):
            return count
    return 0


@pytest.mark.parametrize("count", [4, 8])
def test_cli_generate_prints_the_phrase_only_on_stdout(
    count: int, capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    result = cli_run(capsys, "password", "generate", "--words", count)
    assert result.code == 0
    lines = result.out.splitlines()
    assert len(lines) == 1
    phrase = lines[0]
    assert _phrase_words(phrase) == count
    assert phrase not in result.err
    assert f"{count} random words from 7,776" in result.err
    assert "bits" in result.err and "score" in result.err and "/4" in result.err
    for path in data_dir.rglob("*"):
        if path.is_file():
            assert phrase.encode() not in path.read_bytes(), path


def test_cli_generate_default_and_refused_counts(capsys: pytest.CaptureFixture[str]) -> None:
    result = cli_run(capsys, "password", "generate")
    assert result.code == 0
    assert _phrase_words(result.out.strip()) == passphrase.DEFAULT_WORDS
    for bad in (3, 9):
        refused = cli_run(capsys, "password", "generate", "--words", bad)
        assert refused.code == 2
        assert refused.out == ""
        assert "--words" in refused.err
