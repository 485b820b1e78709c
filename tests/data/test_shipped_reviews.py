"""The account reviews privacyapp ships: every social, messaging and gaming service of services/catalogue.toml has
its own step for each review topic, the rest fall back on the general steps, and the catalogue agrees with the
service ids and names the checklists use."""

from __future__ import annotations

import tomllib
from typing import Any

import pytest

from privacyapp.core.accounts import register
from privacyapp.core.checklist.loader import load_catalog, shipped_files
from privacyapp.core.checklist.model import PLATFORM_NAMES, REVIEW_TOPICS, SERVICES, SYSTEMS, Catalog, Item
from privacyapp.core.services import REVIEWED_CATEGORIES, URL_KEYS, ServiceCatalogue, shipped, shipped_file
from tests.conftest import cli_run


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(shipped_files())


@pytest.fixture(scope="module")
def services() -> ServiceCatalogue:
    return shipped()


def review_items(catalog: Catalog) -> list[Item]:
    return [item for item in catalog.items if item.review is not None]


def service_of(item: Item) -> str | None:
    """The one service a review item names, None for a general one."""
    named = [p for p in item.platforms if p in SERVICES]
    assert len(named) <= 1, item.id
    return named[0] if named else None


def test_reviewed_categories_are_social_messaging_and_gaming() -> None:
    assert set(REVIEWED_CATEGORIES) == {"social", "messaging", "gaming"}


def test_every_social_messaging_and_gaming_service_has_its_own_six_steps(
    catalog: Catalog, services: ServiceCatalogue
) -> None:
    reviewed = [s.id for s in services.services if s.category in ("social", "messaging", "gaming")]
    assert len(reviewed) >= 10 and "tiktok" in reviewed and "roblox" in reviewed and "discord" in reviewed
    own: dict[str, set[str]] = {}
    for item in review_items(catalog):
        service = service_of(item)
        if service is not None:
            own.setdefault(service, set()).add(str(item.review))
    missing = {s: sorted(set(REVIEW_TOPICS) - own.get(s, set())) for s in reviewed}
    assert {s: topics for s, topics in missing.items() if topics} == {}


def test_every_review_items_service_is_in_the_catalogue(catalog: Catalog, services: ServiceCatalogue) -> None:
    named = {s for s in (service_of(item) for item in review_items(catalog)) if s is not None}
    assert named, "the shipped checklists have service review items"
    assert sorted(named - set(services.by_id)) == []


def test_general_items_exist_for_all_six_topics(catalog: Catalog) -> None:
    general: dict[str, list[str]] = {}
    for item in review_items(catalog):
        if service_of(item) is None:
            general.setdefault(str(item.review), []).append(item.id)
    assert sorted(general) == sorted(REVIEW_TOPICS)
    assert all(len(ids) == 1 for ids in general.values()), general


def test_review_items_gives_six_items_for_every_catalogue_service(catalog: Catalog, services: ServiceCatalogue) -> None:
    for service in services.services:
        items = register.review_items(catalog, service.id)
        assert list(items) == list(REVIEW_TOPICS), service.id  # every topic, in the guide's order
        for topic, item in items.items():
            assert item.review == topic, (service.id, topic)
            assert service_of(item) in (service.id, None), (service.id, item.id)
        if service.category in REVIEWED_CATEGORIES:
            assert all(service_of(item) == service.id for item in items.values()), service.id


def test_a_service_without_its_own_steps_gets_the_general_ones(catalog: Catalog, services: ServiceCatalogue) -> None:
    plain = [s.id for s in services.services if s.category not in REVIEWED_CATEGORIES]
    assert plain, "the catalogue has services that use the general review (spotify, amazon, ...)"
    has_own = {service_of(item) for item in review_items(catalog)}
    for service in (s for s in plain if s not in has_own):
        items = register.review_items(catalog, service)
        assert all(service_of(item) is None for item in items.values()), service


def test_the_catalogue_ids_and_names_match_the_checklist_model(services: ServiceCatalogue) -> None:
    ids = [s.id for s in services.services]
    assert len(ids) == len(set(ids))
    assert set(ids) == set(SERVICES)
    assert {s.id: s.name for s in services.services} == {ident: PLATFORM_NAMES[ident] for ident in SERVICES}
    assert not set(ids) & set(SYSTEMS)


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_every_catalogue_url_is_https(services: ServiceCatalogue) -> None:
    for service in services.services:
        for key in URL_KEYS:
            url = getattr(service, key)
            assert url.startswith("https://") and " " not in url, (service.id, key, url)
    raw = tomllib.loads(shipped_file().read_text(encoding="utf-8"))
    addresses = [s for s in _strings(raw) if "://" in s or s.lower().startswith("www.")]
    assert len(addresses) >= len(URL_KEYS) * len(services.services)
    assert [a for a in addresses if not a.startswith("https://")] == []


def test_the_cli_validates_the_shipped_catalogue(capsys: pytest.CaptureFixture[str]) -> None:
    result = cli_run(capsys, "services", "validate")
    assert result.code == 0, result.out + result.err
    assert result.out == f"All valid: {len(shipped().services)} services.\n"
