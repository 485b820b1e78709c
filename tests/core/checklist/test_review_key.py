"""The optional item key `review` ("Account reviews" in checklists/README.md): one test per rule, each with small
files rendered by the helpers of test_loader.py and one thing changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from privacyapp.core.checklist.loader import check_files
from privacyapp.core.checklist.model import REVIEW_TOPICS
from tests.core.checklist.test_loader import (
    TODAY,
    assert_problem,
    check,
    checklist,
    item,
    line_of,
    only,
    write,
)


def review_item(ident: str, topic: str, platforms: list[str] | None = None) -> dict[str, object]:
    """A valid item reviewing `topic` for the services (or systems) in `platforms`."""
    return item(ident, review=topic, platforms=platforms if platforms is not None else [])


def test_a_valid_review_item_loads_with_its_topic(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        checklist(
            "alpha",
            [review_item("alpha-visibility", "visibility", ["tiktok", "ios"]), review_item("alpha-loc", "location")],
        ),
    )
    catalog, problems = check_files([path], TODAY)
    assert problems == []
    assert catalog.by_id["alpha-visibility"].review == "visibility"
    assert catalog.by_id["alpha-loc"].review == "location"


def test_an_item_without_review_has_none(tmp_path: Path) -> None:
    catalog, problems = check_files([write(tmp_path, checklist())], TODAY)
    assert problems == []
    assert catalog.by_id["alpha-item"].review is None


@pytest.mark.parametrize("topic", REVIEW_TOPICS)
def test_every_documented_topic_is_accepted(tmp_path: Path, topic: str) -> None:
    assert REVIEW_TOPICS == ("visibility", "two_factor", "login_alerts", "links", "third_party_apps", "location")
    catalog, problems = check_files([write(tmp_path, checklist(items=[review_item("alpha-item", topic)]))], TODAY)
    assert problems == []
    assert catalog.by_id["alpha-item"].review == topic


@pytest.mark.parametrize("topic", ["privacy", "Visibility", "two-factor", ""])
def test_unknown_topic(tmp_path: Path, topic: str) -> None:
    path = write(tmp_path, checklist(items=[review_item("alpha-item", topic, ["tiktok"])]))
    catalog, problems = check_files([path], TODAY)
    assert_problem(
        only(problems),
        file="alpha.toml",
        where="item 'alpha-item'",
        key="review",
        says=[f"'{topic}' is not one of: visibility, two_factor, login_alerts, links, third_party_apps, location"],
        line=line_of(path, 'id = "alpha-item"'),
    )
    assert catalog.by_id["alpha-item"].review is None  # never a step of a review


def test_two_services_in_platforms(tmp_path: Path) -> None:
    path = write(tmp_path, checklist(items=[review_item("alpha-item", "visibility", ["tiktok", "instagram"])]))
    assert_problem(
        only(check(path)),
        file="alpha.toml",
        where="item 'alpha-item'",
        key="review",
        says=["can name only one service in the item's platforms"],
        line=line_of(path, 'id = "alpha-item"'),
    )


def test_one_service_and_systems_in_platforms_is_fine(tmp_path: Path) -> None:
    path = write(tmp_path, checklist(items=[review_item("alpha-item", "visibility", ["ios", "tiktok", "android"])]))
    assert check(path) == []


def test_the_same_service_and_topic_twice_across_two_files(tmp_path: Path) -> None:
    alpha = write(tmp_path, checklist("alpha", [review_item("alpha-tt-links", "links", ["tiktok"])]))
    beta = write(
        tmp_path,
        checklist(
            "beta",
            [review_item("beta-other", "links", ["instagram"]), review_item("beta-tt-links", "links", ["tiktok"])],
        ),
    )
    assert_problem(
        only(check(alpha, beta)),
        file="beta.toml",
        where="item 'beta-tt-links'",
        key="review",
        says=["'links' for tiktok is already reviewed by 'alpha-tt-links'"],
        line=line_of(beta, 'id = "beta-tt-links"'),
    )


def test_the_same_service_and_topic_twice_in_one_file(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        checklist("alpha", [review_item("alpha-one", "location", ["x"]), review_item("alpha-two", "location", ["x"])]),
    )
    problem = only(check(path))
    assert (problem.where, problem.key) == ("item 'alpha-two'", "review")
    assert "already reviewed by 'alpha-one'" in problem.message
    assert problem.line == line_of(path, 'id = "alpha-two"')


def test_one_service_may_have_every_topic_and_services_may_share_a_topic(tmp_path: Path) -> None:
    items = [review_item(f"alpha-{n}", topic, ["tiktok"]) for n, topic in enumerate(REVIEW_TOPICS)]
    items += [review_item("alpha-ig", "visibility", ["instagram"]), review_item("alpha-all", "visibility")]
    assert check(write(tmp_path, checklist("alpha", items))) == []


def test_two_general_items_for_one_topic(tmp_path: Path) -> None:
    alpha = write(tmp_path, checklist("alpha", [review_item("alpha-general", "two_factor")]))
    beta = write(tmp_path, checklist("beta", [review_item("beta-general", "two_factor")]))
    assert_problem(
        only(check(alpha, beta)),
        file="beta.toml",
        where="item 'beta-general'",
        key="review",
        says=["'two_factor' for services without their own is already reviewed by 'alpha-general'"],
        line=line_of(beta, 'id = "beta-general"'),
    )


def test_an_os_only_item_counts_as_general(tmp_path: Path) -> None:
    alpha = write(tmp_path, checklist("alpha", [review_item("alpha-general", "login_alerts")]))
    beta = write(tmp_path, checklist("beta", [review_item("beta-phones", "login_alerts", ["ios", "android"])]))
    assert_problem(
        only(check(alpha, beta)),
        file="beta.toml",
        where="item 'beta-phones'",
        key="review",
        says=["'login_alerts' for services without their own is already reviewed by 'alpha-general'"],
        line=line_of(beta, 'id = "beta-phones"'),
    )
    # alone, an OS-only review item is a valid general item
    assert (
        check(write(tmp_path / "solo", checklist("beta", [review_item("beta-phones", "login_alerts", ["ios"])]))) == []
    )
