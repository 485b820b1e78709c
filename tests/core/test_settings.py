"""The declared settings: every option parses its valid values, turns every kind of invalid value into its default,
keeps what nobody declared, and refuses unknown names and invalid values when changed."""

from __future__ import annotations

import copy
import dataclasses
import types
import typing
from typing import Any

import pytest

from privacyapp.core.settings import (
    BY_NAME,
    DEFAULT_AUTO_LOCK_MINUTES,
    MAX_AUTO_LOCK_MINUTES,
    OPTIONS,
    OnlineChecks,
    Option,
    Settings,
    Who,
)


def stored_at(path: tuple[str, ...], value: Any) -> dict[str, Any]:
    """A settings object holding `value` at `path` and nothing else."""
    out: dict[str, Any] = {path[-1]: value}
    for key in reversed(path[:-1]):
        out = {key: out}
    return out


def parsed(name: str, value: Any) -> Any:
    """The typed value a settings object with only this stored value gives for the option."""
    return getattr(Settings.from_json(stored_at(BY_NAME[name].path, value)), name)


# --- valid values --------------------------------------------------------------------------------------------------

VALID: list[tuple[str, Any, Any]] = [
    *[("online_checks", member.value, member) for member in OnlineChecks],
    ("offline_hash_file", "/home/sam/pwned-passwords", "/home/sam/pwned-passwords"),
    ("offline_hash_file", "", ""),
    ("pwned_passwords_url", "https://pwned.school.example/range/", "https://pwned.school.example/range/"),
    ("auto_lock_minutes", 0, 0),
    ("auto_lock_minutes", 1, 1),
    ("auto_lock_minutes", 45, 45),
    ("auto_lock_minutes", MAX_AUTO_LOCK_MINUTES, MAX_AUTO_LOCK_MINUTES),
    *[("plan_who", member.value, member) for member in Who],
    ("plan_platforms", ["tiktok", "ios"], ("tiktok", "ios")),
    ("plan_platforms", [], ()),
    ("checklist_current", "ess-two-step", "ess-two-step"),
    ("next_hidden", ["2026-12-10 leaked-password:account:ab12cd34"], ("2026-12-10 leaked-password:account:ab12cd34",)),
    ("next_hidden", [], ()),
    ("checklist_current", "", ""),
]


def test_every_option_has_valid_cases() -> None:
    assert {name for name, _, _ in VALID} == set(BY_NAME)


@pytest.mark.parametrize(("name", "stored", "expected"), VALID)
def test_a_valid_value_is_parsed(name: str, stored: Any, expected: Any) -> None:
    value = parsed(name, stored)
    assert value == expected
    assert type(value) is type(expected)  # an enum member, not its string; a tuple, not a list
    settings = Settings.from_json(stored_at(BY_NAME[name].path, stored))
    assert settings.to_json() == Settings().to_json() | stored_at(BY_NAME[name].path, stored)  # written back as is


# --- invalid values ------------------------------------------------------------------------------------------------

WRONG_TYPES: list[Any] = [True, 3, 2.5, "text", ["text"], {"key": "value"}]
INVALID: list[tuple[str, Any]] = [
    *[("online_checks", value) for value in [*WRONG_TYPES, "sometimes", "ASK", " ask", ""]],
    *[("offline_hash_file", value) for value in WRONG_TYPES if not isinstance(value, str)],
    *[("pwned_passwords_url", value) for value in WRONG_TYPES if not isinstance(value, str)],
    *[("auto_lock_minutes", value) for value in [*WRONG_TYPES[:1], *WRONG_TYPES[2:], False, "15", 15.0, -1, 1441]],
    *[("plan_who", value) for value in [*WRONG_TYPES, "grandparent", "Teen", ""]],
    *[("plan_platforms", value) for value in [True, 3, "tiktok", {"tiktok": True}, ["tiktok", 3], [None], [["ios"]]]],
    *[("checklist_current", value) for value in WRONG_TYPES if not isinstance(value, str)],
    *[("next_hidden", value) for value in [True, 3, "text", {"key": "value"}, ["text", 3], [None]]],
]


def test_every_option_has_invalid_cases() -> None:
    assert {name for name, _ in INVALID} == set(BY_NAME)


@pytest.mark.parametrize(("name", "stored"), INVALID)
def test_an_invalid_value_becomes_the_default(name: str, stored: Any) -> None:
    option = BY_NAME[name]
    value = parsed(name, stored)
    assert value == option.default
    assert type(value) is type(option.default)


@pytest.mark.parametrize("option", OPTIONS, ids=lambda option: option.name)
def test_a_missing_value_is_the_default(option: Option) -> None:
    assert getattr(Settings.from_json({}), option.name) == option.default
    if len(option.path) > 1:  # its parent object missing, or not an object at all
        assert getattr(Settings.from_json({option.path[0]: "not an object"}), option.name) == option.default
        assert getattr(Settings.from_json({option.path[0]: [1, 2]}), option.name) == option.default


@pytest.mark.parametrize("option", OPTIONS, ids=lambda option: option.name)
def test_null_is_none_for_an_optional_and_the_default_otherwise(option: Option) -> None:
    value = parsed(option.name, None)
    if option.optional:
        assert value is None
        assert option.default is None
    else:
        assert value == option.default
        assert value is not None


def test_the_optional_options() -> None:
    assert [option.name for option in OPTIONS if option.optional] == ["plan_who", "plan_platforms", "checklist_current"]


def test_auto_lock_minutes_range() -> None:
    option = BY_NAME["auto_lock_minutes"]
    assert (option.minimum, option.maximum, option.default) == (0, 24 * 60, 15)
    assert DEFAULT_AUTO_LOCK_MINUTES == 15
    for minutes in (0, 1, 14, 15, 16, 60, 24 * 60 - 1, 24 * 60):
        assert parsed("auto_lock_minutes", minutes) == minutes
    for minutes in (-1, -15, 24 * 60 + 1, 10**9, -(10**30), 10**30):
        assert parsed("auto_lock_minutes", minutes) == 15


def test_the_allowed_values_of_the_enums() -> None:
    assert BY_NAME["online_checks"].allowed == (OnlineChecks.ASK, OnlineChecks.ALLOWED, OnlineChecks.FORBIDDEN)
    assert [str(value) for value in BY_NAME["online_checks"].allowed] == ["ask", "allowed", "forbidden"]
    assert BY_NAME["plan_who"].allowed == (Who.INDIVIDUAL, Who.FAMILY, Who.CLASS, Who.ORGANISATION)
    assert [str(value) for value in BY_NAME["plan_who"].allowed] == ["individual", "family", "class", "organisation"]
    for option in OPTIONS:
        if option.name not in ("online_checks", "plan_who"):
            assert option.allowed == (), option.name


# --- what nobody declared ------------------------------------------------------------------------------------------

STORED: dict[str, Any] = {
    "online_checks": "forbidden",
    "offline_hash_file": "/media/usb/pwned",
    "pwned_passwords_url": "",
    "auto_lock_minutes": 5,
    "checklist_current": "tt-private-account",
    "plan": {"who": "teen", "platforms": ["tiktok", "android"], "age": 14, "future": {"nested": [1, {"a": None}]}},
    "theme": "dark",
    "text_size": 110,
    "from_a_newer_version": {"list": [1, "two", None, {"three": 3.5}], "flag": False},
}


def test_undeclared_keys_survive_a_round_trip() -> None:
    original = copy.deepcopy(STORED)
    settings = Settings.from_json(STORED)
    assert settings.to_json() == original
    assert original == STORED  # the input is not changed
    assert settings.online_checks == OnlineChecks.FORBIDDEN
    assert (settings.auto_lock_minutes, settings.plan_who) == (5, Who.FAMILY)
    assert settings.plan_platforms == ("tiktok", "android")
    assert Settings.from_json(settings.to_json()) == settings


def test_undeclared_keys_survive_a_change_of_a_declared_setting() -> None:
    changed = Settings.from_json(STORED).with_changes(auto_lock_minutes=30, plan_who=Who.CLASS, plan_platforms=("ios",))
    expected = copy.deepcopy(STORED)
    expected["auto_lock_minutes"] = 30
    expected["plan"].update(who="class", platforms=["ios"])
    assert changed.to_json() == expected


def test_answering_an_optional_keeps_the_undeclared_keys_beside_it() -> None:
    settings = Settings.from_json({"plan": {"age": 14}, "theme": "dark"}).with_changes(plan_who=Who.INDIVIDUAL)
    assert settings.to_json()["plan"] == {"age": 14, "who": "individual"}
    assert settings.to_json()["theme"] == "dark"


def test_a_changed_copy_of_to_json_does_not_reach_the_settings() -> None:
    settings = Settings.from_json(STORED)
    out = settings.to_json()
    out["plan"]["age"] = 99
    out["theme"] = "light"
    assert settings.to_json() == STORED


def test_a_never_answered_optional_is_not_written() -> None:
    out = Settings.from_json({"theme": "dark"}).to_json()
    assert "plan" not in out
    assert "checklist_current" not in out
    assert out["theme"] == "dark"
    assert Settings().to_json() == Settings.from_json({}).to_json()
    assert "plan" not in Settings().to_json() and "checklist_current" not in Settings().to_json()
    one = Settings().with_changes(plan_who=Who.FAMILY).to_json()
    assert one["plan"] == {"who": "family"}  # platforms still unanswered: not written


def test_an_optional_answered_as_null_stays_null() -> None:
    out = Settings.from_json({"plan": {"who": None}, "checklist_current": None}).to_json()
    assert out["plan"] == {"who": None}
    assert out["checklist_current"] is None


# --- with_changes --------------------------------------------------------------------------------------------------


def test_with_changes_gives_a_new_settings_object() -> None:
    before = Settings.from_json(STORED)
    after = before.with_changes(online_checks=OnlineChecks.ALLOWED, offline_hash_file="", checklist_current=None)
    assert (after.online_checks, after.offline_hash_file, after.checklist_current) == (OnlineChecks.ALLOWED, "", None)
    assert before.to_json() == STORED  # unchanged
    with pytest.raises(dataclasses.FrozenInstanceError):
        before.auto_lock_minutes = 3  # type: ignore[misc]
    assert before.with_changes() == before


@pytest.mark.parametrize("name", ["auto_lock", "plan", "who", "raw", "theme", "Online_checks", ""])
def test_with_changes_refuses_an_unknown_name(name: str) -> None:
    with pytest.raises(KeyError, match="no setting is called"):
        Settings().with_changes(**{name: "x"})


REFUSED: list[tuple[str, Any]] = [
    ("online_checks", "sometimes"),
    ("online_checks", 1),
    ("online_checks", Who.INDIVIDUAL),
    ("offline_hash_file", 3),
    ("offline_hash_file", b"/path"),
    ("pwned_passwords_url", ["https://x.example"]),
    ("auto_lock_minutes", -1),
    ("auto_lock_minutes", MAX_AUTO_LOCK_MINUTES + 1),
    ("auto_lock_minutes", "15"),
    ("auto_lock_minutes", True),
    ("auto_lock_minutes", 20.0),
    ("plan_who", "grandparent"),
    ("plan_who", OnlineChecks.ASK),
    ("plan_platforms", "tiktok"),
    ("plan_platforms", ["tiktok"]),  # a tuple, as the field says
    ("plan_platforms", ("tiktok", 3)),
    ("checklist_current", 5),
]


@pytest.mark.parametrize(("name", "value"), REFUSED)
def test_with_changes_refuses_an_invalid_value(name: str, value: Any) -> None:
    with pytest.raises(ValueError, match=f"setting '{name}'"):
        Settings().with_changes(**{name: value})


@pytest.mark.parametrize(("name", "value"), [("auto_lock_minutes", 15.0), ("auto_lock_minutes", False)])
def test_with_changes_refuses_an_invalid_value_equal_to_the_default(name: str, value: Any) -> None:
    # 15.0 == 15 and False == 0 (the minimum): the check must not take them for the valid value they equal
    with pytest.raises(ValueError, match=f"setting '{name}'"):
        Settings().with_changes(**{name: value})


@pytest.mark.parametrize("option", [option for option in OPTIONS if not option.optional], ids=lambda o: o.name)
def test_with_changes_refuses_none_for_a_setting_that_is_not_optional(option: Option) -> None:
    with pytest.raises(ValueError, match=f"setting '{option.name}'"):
        Settings().with_changes(**{option.name: None})


@pytest.mark.parametrize("option", [option for option in OPTIONS if option.optional], ids=lambda o: o.name)
def test_with_changes_takes_none_for_an_optional(option: Option) -> None:
    answered = Settings.from_json(STORED)
    assert getattr(answered, option.name) is not None
    assert getattr(answered.with_changes(**{option.name: None}), option.name) is None


@pytest.mark.parametrize(
    ("name", "text", "member"), [("online_checks", "allowed", OnlineChecks.ALLOWED), ("plan_who", "family", Who.FAMILY)]
)
def test_with_changes_stores_an_enum_member_for_its_string(name: str, text: str, member: Any) -> None:
    value = getattr(Settings().with_changes(**{name: text}), name)
    assert value == member
    assert type(value) is type(member)


@pytest.mark.parametrize(("old", "now"), [("me", Who.INDIVIDUAL), ("teen", Who.FAMILY)])
def test_a_plan_answer_stored_in_the_old_words_opens_as_the_new_word(old: str, now: Who) -> None:
    """Profiles saved before the one vocabulary said "me" or "teen": they open with the new word, keep the old one
    on disk until the answer changes (an older privacyapp can still read it), and a new answer is the new word."""
    stored = {"plan": {"who": old, "platforms": ["tiktok"]}}
    settings = Settings.from_json(stored)
    assert settings.plan_who is now
    assert settings.to_json() == stored
    assert settings.with_changes(plan_who=Who.CLASS).to_json()["plan"]["who"] == "class"
    assert Settings.from_json({"plan": {"who": "teacher"}}).plan_who is None  # never a plan answer: not guessed


# --- the table and the dataclass agree -----------------------------------------------------------------------------


def test_options_and_settings_fields_match() -> None:
    names = [f.name for f in dataclasses.fields(Settings) if f.name != "raw"]
    assert names == [option.name for option in OPTIONS]  # the same, in the same order
    assert len(BY_NAME) == len(OPTIONS)
    assert len({option.path for option in OPTIONS}) == len(OPTIONS)
    defaults = {f.name: f.default for f in dataclasses.fields(Settings) if f.name != "raw"}
    assert defaults == {option.name: option.default for option in OPTIONS}
    assert Settings() == Settings.from_json({})
    hints = typing.get_type_hints(Settings)
    for option in OPTIONS:
        assert option.description.strip(), option.name
        assert option.path and all(option.path), option.name
        assert option.optional == (option.default is None), option.name
        hint = hints[option.name]
        args = typing.get_args(hint)
        if typing.get_origin(hint) in (typing.Union, types.UnionType):
            assert type(None) in args, option.name
            assert option.optional, option.name
            (hint,) = [arg for arg in args if arg is not type(None)]
        else:
            assert not option.optional, option.name
        assert (typing.get_origin(hint) or hint) is option.kind, option.name
        if not option.optional:
            assert option.parse(option.dump(option.default)) == option.default, option.name
