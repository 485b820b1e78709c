"""The service catalogue validator (privacyapp/core/services.py): one bad file per rule of services/README.md, and
every problem names the file, the line of the service's id, the service and the key.

Files are rendered from a valid minimal catalogue (`catalogue()`, `service()`); each test changes one thing. The
helpers are reused by tests/test_cli_accounts.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from privacyapp.core.datafile import Problem
from privacyapp.core.services import TWO_FACTOR_METHODS, Service, ServiceCatalogueError, check_file, load
from tests.datafiles import DROP, changed, line_of, only, toml_value

TODAY = date(2026, 12, 1)
REVIEWED = date(2026, 11, 21)


# --- rendering valid files, with one thing changed -----------------------------------------------------------------


def service(ident: str = "alpha", **changes: Any) -> dict[str, Any]:
    raw: dict[str, Any] = {
        "id": ident,
        "name": ident.capitalize(),
        "category": "social",
        "domains": [f"{ident}.example"],
        "colour": "#1d9bf0",
        "mark": ident[:2].capitalize(),
        "two_factor": ["sms", "app"],
        "can_be_private": True,
        "privacy_settings": f"https://help.{ident}.example/privacy",
        "download_data": f"https://help.{ident}.example/download",
        "delete_account": f"https://help.{ident}.example/delete",
        "deletion": "medium",
        "deletion_note": "You have 30 days to change your mind.",
        "sign_in_with": [],
        "links_to": [],
        "reviewed": REVIEWED,
    }
    return changed(raw, changes)


def catalogue(*services: dict[str, Any], **top: Any) -> dict[str, Any]:
    """A valid catalogue: by default two services, 'alpha' and 'beta' (alpha signs in with beta)."""
    doc = changed({"schema_version": 1}, top)
    doc["services"] = list(services) if services else [service("alpha", sign_in_with=["beta"]), service("beta")]
    return doc


def render(doc: dict[str, Any]) -> str:
    """TOML in the layout of services/README.md: the top keys, then one [[services]] table per service."""
    lines = [f"{key} = {toml_value(value)}" for key, value in doc.items() if key != "services"]
    for entry in doc.get("services", []):
        lines += ["", "[[services]]"]
        lines += [f"{key} = {toml_value(value)}" for key, value in entry.items()]
    return "\n".join(lines) + "\n"


def write(folder: Path, doc: dict[str, Any] | str, name: str = "catalogue.toml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(doc if isinstance(doc, str) else render(doc), encoding="utf-8")
    return path


def check(path: Path) -> list[Problem]:
    return check_file(path, TODAY)[1]


def id_line(path: Path, ident: str, nth: int = 1) -> int:
    return line_of(path, f'id = "{ident}"', nth)


def assert_problem(
    problem: Problem, *, where: str, key: str, says: Iterable[str], line: int | None, file: str = "catalogue.toml"
) -> None:
    assert (problem.file, problem.where, problem.key, problem.line) == (file, where, key, line), str(problem)
    for words in says:
        assert words in problem.message, str(problem)
    text = str(problem)
    assert text.startswith(f"{file}:{line}: " if line else f"{file}: "), text
    assert where in text and problem.message in text
    if key:
        assert f"key '{key}'" in text


def one_bad(tmp_path: Path, ident: str = "alpha", **changes: Any) -> tuple[Path, Problem]:
    """A catalogue whose service `ident` has `changes`, and its only problem."""
    others = [service("beta")] if ident != "beta" else [service("alpha")]
    path = write(tmp_path, catalogue(service(ident, **changes), *others))
    return path, only(check(path))


# --- a valid file ---------------------------------------------------------------------------------------------------


def test_a_valid_file_loads(tmp_path: Path) -> None:
    path = write(tmp_path, catalogue())
    loaded = load(path, TODAY)
    assert [s.id for s in loaded.services] == ["alpha", "beta"]
    alpha = loaded.by_id["alpha"]
    assert alpha == Service(
        id="alpha",
        name="Alpha",
        category="social",
        domains=("alpha.example",),
        colour="#1d9bf0",
        mark="Al",
        two_factor=("sms", "app"),
        can_be_private=True,
        privacy_settings="https://help.alpha.example/privacy",
        download_data="https://help.alpha.example/download",
        delete_account="https://help.alpha.example/delete",
        deletion="medium",
        sign_in_with=("beta",),
        links_to=(),
        reviewed=REVIEWED,
        deletion_note="You have 30 days to change your mind.",
    )
    assert loaded.name("beta") == "Beta"
    assert loaded.name("gone") == "gone"  # an unknown id is shown as it is
    assert loaded.for_domain("www.beta.example") is loaded.by_id["beta"]


def test_the_optional_deletion_note_may_be_left_out_and_two_factor_may_be_empty(tmp_path: Path) -> None:
    path = write(tmp_path, catalogue(service("alpha", deletion_note=DROP, two_factor=[])))
    alpha = load(path, TODAY).by_id["alpha"]
    assert (alpha.deletion_note, alpha.two_factor) == ("", ())


def test_reviewed_today_is_fine(tmp_path: Path) -> None:
    assert check(write(tmp_path, catalogue(service("alpha", reviewed=TODAY)))) == []


def test_load_raises_with_every_problem(tmp_path: Path) -> None:
    path = write(tmp_path, catalogue(service("alpha", colour="blue", mark="ABC")))
    with pytest.raises(ServiceCatalogueError) as info:
        load(path, TODAY)
    assert [p.key for p in info.value.problems] == ["colour", "mark"]
    assert "2 problems in the service catalogue" in str(info.value)
    assert f"catalogue.toml:{id_line(path, 'alpha')}: service 'alpha', key 'colour'" in str(info.value)


# --- Service.owns ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("domain", "owned"),
    [
        ("tiktok.com", True),
        ("www.tiktok.com", True),
        ("m.tiktok.com", True),
        ("ads.eu.tiktok.com", True),
        ("TikTok.COM", True),
        (" tiktok.com. ", True),
        ("tiktok.co.uk", True),
        ("eviltiktok.com", False),
        ("tiktok.com.evil.net", False),
        ("tiktok.net", False),
        ("com", False),
        ("", False),
    ],
)
def test_owns_its_domains_and_their_subdomains(domain: str, owned: bool) -> None:
    tiktok = Service(
        "tiktok", "TikTok", "social", ("tiktok.com", "tiktok.co.uk"), "#111111", "Tt", ("sms",), True,
        "https://a", "https://b", "https://c", "medium", (), (), REVIEWED,
    )  # fmt: skip
    assert tiktok.owns(domain) is owned


# --- the file -------------------------------------------------------------------------------------------------------


def test_invalid_toml(tmp_path: Path) -> None:
    text = render(catalogue()).replace('name = "Beta"', 'name = "Beta')
    path = write(tmp_path, text)
    bad_line = line_of(path, 'name = "Beta')
    problem = only(check(path))
    assert_problem(problem, where="the file", key="", says=["is not valid TOML", f"line {bad_line}"], line=None)


def test_an_empty_file_gets_every_problem_at_once(tmp_path: Path) -> None:
    path = write(tmp_path, "")
    problems = check(path)
    assert [(p.where, p.key) for p in problems] == [("the file", "schema_version"), ("the file", "services")]
    assert "must be 1 (found None)" in problems[0].message
    assert "at least one [[services]] table" in problems[1].message
    assert check_file(path, TODAY)[0].services == ()


def test_a_file_without_services(tmp_path: Path) -> None:
    path = write(tmp_path, "schema_version = 1\nservices = []\n")
    assert_problem(only(check(path)), where="the file", key="services", says=["at least one"], line=None)


def test_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "catalogue.toml"
    path.write_bytes(render(catalogue()).encode("utf-8").replace(b'"Beta"', b'"B\xe9ta"'))
    problem = only(check(path))
    assert (problem.where, problem.key) == ("the file", "")
    assert "cannot be read" in problem.message


@pytest.mark.parametrize("version", [2, 0, '"1"', "1.0", "true"])
def test_bad_schema_version(tmp_path: Path, version: object) -> None:
    text = render(catalogue()).replace("schema_version = 1\n", f"schema_version = {version}\n")
    path = write(tmp_path, text)
    assert_problem(only(check(path)), where="the file", key="schema_version", says=["must be 1 (found "], line=None)


def test_missing_schema_version(tmp_path: Path) -> None:
    path = write(tmp_path, catalogue(schema_version=DROP))
    assert_problem(only(check(path)), where="the file", key="schema_version", says=["must be 1"], line=None)


def test_unknown_key_in_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, catalogue(schema_versoin=1))
    assert_problem(
        only(check(path)), where="the file", key="schema_versoin", says=["is not a known key", "spelling"], line=None
    )


# --- keys of a service ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "says"),
    [
        ("name", "is missing"),
        ("category", "is missing"),
        ("domains", "is missing"),
        ("colour", "six hex digits"),
        ("mark", "1 or 2 characters"),
        ("two_factor", "is missing"),
        ("can_be_private", "true or false"),
        ("privacy_settings", "is missing"),
        ("download_data", "is missing"),
        ("delete_account", "is missing"),
        ("deletion", "is missing"),
        ("sign_in_with", "is missing"),
        ("links_to", "is missing"),
        ("reviewed", "is missing"),
    ],
)
def test_missing_key(tmp_path: Path, key: str, says: str) -> None:
    path, problem = one_bad(tmp_path, **{key: DROP})
    assert_problem(problem, where="service 'alpha'", key=key, says=[says], line=id_line(path, "alpha"))


def test_missing_id(tmp_path: Path) -> None:
    path = write(tmp_path, catalogue(service("alpha", id=DROP), service("beta")))
    problem = only(check(path))
    assert_problem(problem, where="the service named 'Alpha'", key="id", says=["is missing"], line=None)
    assert [s.id for s in check_file(path, TODAY)[0].services] == ["beta"]


def test_unknown_key_in_a_service(tmp_path: Path) -> None:
    path, problem = one_bad(tmp_path, colour_hex="#ffffff")
    assert_problem(
        problem,
        where="service 'alpha'",
        key="colour_hex",
        says=["is not a known key", "check the spelling", "colour"],
        line=id_line(path, "alpha"),
    )


@pytest.mark.parametrize("bad", ["Alpha", "alpha_one", "alpha--one", "-alpha", "alpha-", "al pha", "alphä"])
def test_bad_id(tmp_path: Path, bad: str) -> None:
    valid = service("alpha")
    path = write(tmp_path, catalogue({**valid, "id": bad}))
    assert_problem(
        only(check(path)),
        where="the service named 'Alpha'",
        key="id",
        says=[f"'{bad}' must be kebab-case"],
        line=id_line(path, bad),
    )


def test_name_too_long(tmp_path: Path) -> None:
    path, problem = one_bad(tmp_path, name="A" * 41)
    assert_problem(
        problem, where="service 'alpha'", key="name", says=["41 characters", "40"], line=id_line(path, "alpha")
    )


def test_name_of_forty_characters_is_fine(tmp_path: Path) -> None:
    assert check(write(tmp_path, catalogue(service("alpha", name="A" * 40)))) == []


@pytest.mark.parametrize("name", ["<b>Alpha</b>", "Alpha &amp; Co", ""])
def test_name_with_html_or_empty(tmp_path: Path, name: str) -> None:
    path, problem = one_bad(tmp_path, name=name)
    assert (problem.where, problem.key, problem.line) == ("service 'alpha'", "name", id_line(path, "alpha"))
    assert ("HTML" if name else "is empty") in problem.message


@pytest.mark.parametrize("category", ["video", "Social", ""])
def test_bad_category(tmp_path: Path, category: str) -> None:
    path, problem = one_bad(tmp_path, category=category)
    assert_problem(
        problem,
        where="service 'alpha'",
        key="category",
        says=[f"'{category}' is not allowed", "social, messaging, gaming, account, shopping, music"],
        line=id_line(path, "alpha"),
    )


@pytest.mark.parametrize(
    "domain",
    [
        "www.alpha.example",
        "Alpha.example",
        "ALPHA.EXAMPLE",
        "https://alpha.example",
        "alpha.example/login",
        "alpha",
        "alpha example.com",
        "-alpha.example",
        "alpha.example.",
    ],
)
def test_bad_domain(tmp_path: Path, domain: str) -> None:
    path, problem = one_bad(tmp_path, domains=[domain])
    assert_problem(
        problem,
        where="service 'alpha'",
        key="domains",
        says=[f"'{domain}' is not a lower-case domain", "no www."],
        line=id_line(path, "alpha"),
    )


def test_no_domains(tmp_path: Path) -> None:
    path, problem = one_bad(tmp_path, domains=[])
    assert_problem(problem, where="service 'alpha'", key="domains", says=["at least one"], line=id_line(path, "alpha"))


def test_domains_not_a_list(tmp_path: Path) -> None:
    path, problem = one_bad(tmp_path, domains="alpha.example")
    assert_problem(problem, where="service 'alpha'", key="domains", says=["list of text"], line=id_line(path, "alpha"))


def test_a_domain_owned_twice(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        catalogue(
            service("alpha", domains=["alpha.example", "shared.example"]),
            service("beta", domains=["beta.example", "shared.example"]),
        ),
    )
    assert_problem(
        only(check(path)),
        where="service 'beta'",
        key="domains",
        says=["'shared.example' already belongs to 'alpha'"],
        line=id_line(path, "beta"),
    )


def test_a_domain_named_twice_by_one_service(tmp_path: Path) -> None:
    path = write(tmp_path, catalogue(service("alpha", domains=["alpha.example", "alpha.example"]), service("beta")))
    problems = check(path)
    assert any(p.key == "domains" and "names something twice" in p.message for p in problems)
    assert_problem(only(problems), where="service 'alpha'", key="domains", says=["twice"], line=id_line(path, "alpha"))


@pytest.mark.parametrize("colour", ["1d9bf0", "#1d9bf", "#1d9bf00", "#1d9bg0", "blue", "#FFF"])
def test_bad_colour(tmp_path: Path, colour: str) -> None:
    path, problem = one_bad(tmp_path, colour=colour)
    assert_problem(
        problem, where="service 'alpha'", key="colour", says=['"#" and six hex digits'], line=id_line(path, "alpha")
    )


def test_upper_case_colour_is_fine(tmp_path: Path) -> None:
    assert check(write(tmp_path, catalogue(service("alpha", colour="#1D9BF0")))) == []


@pytest.mark.parametrize("mark", ["Abc", "A ", " A", "", " "])
def test_bad_mark(tmp_path: Path, mark: str) -> None:
    path, problem = one_bad(tmp_path, mark=mark)
    assert_problem(
        problem,
        where="service 'alpha'",
        key="mark",
        says=["1 or 2 characters without spaces"],
        line=id_line(path, "alpha"),
    )


@pytest.mark.parametrize("mark", ["A", "Ab", "ß", "X1"])
def test_good_mark(tmp_path: Path, mark: str) -> None:
    assert check(write(tmp_path, catalogue(service("alpha", mark=mark)))) == []


@pytest.mark.parametrize("method", ["email", "totp", "SMS", ""])
def test_unknown_two_factor_method(tmp_path: Path, method: str) -> None:
    path, problem = one_bad(tmp_path, two_factor=["app", method])
    assert_problem(
        problem,
        where="service 'alpha'",
        key="two_factor",
        says=[f"'{method}' is not one of: {', '.join(TWO_FACTOR_METHODS)}"],
        line=id_line(path, "alpha"),
    )


@pytest.mark.parametrize("value", ['"true"', "1", '"yes"'])
def test_can_be_private_not_boolean(tmp_path: Path, value: str) -> None:
    text = render(catalogue(service("alpha"), service("beta")))
    text = text.replace("can_be_private = true", f"can_be_private = {value}", 1)
    path = write(tmp_path, text)
    assert_problem(
        only(check(path)),
        where="service 'alpha'",
        key="can_be_private",
        says=["true or false (without quotes)"],
        line=id_line(path, "alpha"),
    )


@pytest.mark.parametrize("key", ["privacy_settings", "download_data", "delete_account"])
@pytest.mark.parametrize(
    "url", ["http://help.alpha.example/x", "help.alpha.example/x", "https://help.alpha.example/a b", "ftp://x"]
)
def test_bad_url(tmp_path: Path, key: str, url: str) -> None:
    path, problem = one_bad(tmp_path, **{key: url})
    assert_problem(
        problem,
        where="service 'alpha'",
        key=key,
        says=[f"'{url}' must be an https:// address without spaces"],
        line=id_line(path, "alpha"),
    )


@pytest.mark.parametrize("deletion", ["impossible", "Easy", ""])
def test_bad_deletion(tmp_path: Path, deletion: str) -> None:
    path, problem = one_bad(tmp_path, deletion=deletion)
    assert_problem(
        problem,
        where="service 'alpha'",
        key="deletion",
        says=[f"'{deletion}' is not allowed", "easy, medium, hard"],
        line=id_line(path, "alpha"),
    )


@pytest.mark.parametrize(("note", "says"), [("", "is empty"), ("<b>30 days</b>", "HTML"), ("   ", "is empty")])
def test_bad_deletion_note(tmp_path: Path, note: str, says: str) -> None:
    path, problem = one_bad(tmp_path, deletion_note=note)
    assert_problem(problem, where="service 'alpha'", key="deletion_note", says=[says], line=id_line(path, "alpha"))


@pytest.mark.parametrize("key", ["sign_in_with", "links_to"])
def test_naming_an_unknown_service(tmp_path: Path, key: str) -> None:
    path, problem = one_bad(tmp_path, **{key: ["beta", "gamma"]})
    assert_problem(
        problem,
        where="service 'alpha'",
        key=key,
        says=["'gamma' is not a service in this file"],
        line=id_line(path, "alpha"),
    )


@pytest.mark.parametrize("key", ["sign_in_with", "links_to"])
def test_naming_the_service_itself(tmp_path: Path, key: str) -> None:
    path, problem = one_bad(tmp_path, **{key: ["alpha"]})
    assert_problem(
        problem, where="service 'alpha'", key=key, says=["names the service itself"], line=id_line(path, "alpha")
    )


def test_a_reference_to_a_later_service_is_fine(tmp_path: Path) -> None:
    path = write(tmp_path, catalogue(service("alpha", links_to=["gamma"]), service("beta"), service("gamma")))
    assert check(path) == []


def test_reviewed_in_the_future(tmp_path: Path) -> None:
    path, problem = one_bad(tmp_path, reviewed=date(2026, 12, 2))
    assert_problem(
        problem,
        where="service 'alpha'",
        key="reviewed",
        says=["2026-12-02 is in the future"],
        line=id_line(path, "alpha"),
    )


@pytest.mark.parametrize("reviewed", ["2026-11-21", datetime(2026, 11, 21, 10, 0)])
def test_reviewed_quoted_or_with_a_time(tmp_path: Path, reviewed: object) -> None:
    path, problem = one_bad(tmp_path, reviewed=reviewed)
    assert_problem(
        problem,
        where="service 'alpha'",
        key="reviewed",
        says=["must be a date without quotes, like 2026-11-21"],
        line=id_line(path, "alpha"),
    )


def test_a_services_entry_that_is_not_a_table(tmp_path: Path) -> None:
    path = write(tmp_path, 'schema_version = 1\nservices = ["alpha"]\n')
    assert_problem(only(check(path)), where="the file", key="services", says=["[[services]] table"], line=None)


def test_duplicate_id_names_the_line_of_the_copy(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        catalogue(service("alpha"), service("beta"), service("alpha", domains=["alpha-copy.example"])),
    )
    problem = only(check(path))
    copy_line = id_line(path, "alpha", 2)
    assert copy_line > id_line(path, "alpha", 1)
    assert_problem(problem, where="service 'alpha'", key="id", says=["is used twice"], line=copy_line)
    # the first one is kept
    assert [s.domains for s in check_file(path, TODAY)[0].services] == [("alpha.example",), ("beta.example",)]


def test_a_problem_inside_a_duplicate_names_the_line_of_the_copy(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        catalogue(service("alpha"), service("beta"), service("alpha", domains=["alpha-copy.example"], colour="red")),
    )
    colour = only(p for p in check(path) if p.key == "colour")
    assert colour.line == id_line(path, "alpha", 2)


# --- every problem at once ------------------------------------------------------------------------------------------


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        catalogue(
            service("alpha", colour="red", deletion="never", sign_in_with=["nobody"]),
            service("beta", domains=["www.beta.example"], reviewed="2026-01-01", extra=1),
            service("alpha"),
            schema_version=2,
        ),
    )
    problems = check(path)
    alpha, beta, copy = id_line(path, "alpha"), id_line(path, "beta"), id_line(path, "alpha", 2)
    assert [(p.where, p.key, p.line) for p in problems] == [
        ("the file", "schema_version", None),
        ("service 'alpha'", "colour", alpha),
        ("service 'alpha'", "deletion", alpha),
        ("service 'beta'", "extra", beta),
        ("service 'beta'", "domains", beta),
        ("service 'beta'", "reviewed", beta),
        ("service 'alpha'", "id", copy),
        ("service 'alpha'", "sign_in_with", alpha),
    ]
    assert all(p.file == "catalogue.toml" for p in problems)
    with pytest.raises(ServiceCatalogueError, match="8 problems in the service catalogue"):
        load(path, TODAY)
