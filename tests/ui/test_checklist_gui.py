"""The checklist walkthrough as a new user meets it: the plan questions, the five most important items first,
Done / Later / Skip / Doesn't apply, search and filters, and after a restart: the same item, the same states."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLineEdit
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from privacyapp.core.paths import AppPaths
from privacyapp.core.progress import entry
from privacyapp.core.settings import Who
from privacyapp.ui.checklist.model import ID_ROLE, STATUS_ROLE, searchable
from privacyapp.ui.checklist.page import ChecklistPage
from tests.ui.test_profile_gui import finish_onboarding, launch, launch_states, relaunch


def checklist_page(window) -> ChecklistPage:  # type: ignore[no-untyped-def]
    window.go_to("checklist")
    page = window.page("checklist")
    assert isinstance(page, ChecklistPage)
    return page


def test_walk_through_several_items_restart_and_resume(qtbot: QtBot, paths: AppPaths) -> None:
    window, states, flow = launch_states(qtbot, paths)
    session, checklist = states.session, states.checklist
    finish_onboarding(qtbot, flow)
    page = checklist_page(window)
    assert page.plan_panel.isVisible(), "the first visit asks who the plan is for"
    page.plan_panel.who_buttons["family"].setChecked(True)
    for key in ("tiktok", "android"):
        page.plan_panel.platform_boxes[key].setChecked(True)
    page.plan_panel.make.click()
    assert not page.plan_panel.isVisible()
    assert (checklist.who, checklist.platforms) == (Who.FAMILY, ("android", "tiktok"))
    assert session.document is not None
    assert session.document.to_data().settings["plan"] == {"who": "family", "platforms": ["android", "tiktok"]}
    plan_ids = page.model.item_ids()
    assert all(checklist.catalog.by_id[i].applies_to({"family"}, {"tiktok", "android"}) for i in plan_ids)
    assert "org-acceptable-use-policy" not in plan_ids and len(plan_ids) < len(checklist.catalog.items)
    assert "Start with these" in page.next_label.text()
    assert page.next_label.text().count("<a href") == 5, "five items, not a wall of 60"

    first = page.current_id()
    assert first is not None and checklist.catalog.by_id[first].priority == "essential"
    page.step.note.setText("did it on my phone")
    page.step.buttons["done"].click()
    second = page.current_id()
    assert second != first, "Done moves on to the next step"
    later_menu = page.step.buttons["later"].menu()
    assert [a.text() for a in later_menu.actions()] == ["Tomorrow", "In a week", "In a month"]
    later_menu.actions()[2].trigger()  # later: in a month
    third = page.current_id()
    page.step.buttons["skipped"].click()
    fourth = page.current_id()
    page.step.buttons["not-applicable"].click()
    resume_at = page.current_id()
    page.step.back.click()
    assert page.current_id() == fourth
    page.step.next.click()
    assert page.current_id() == resume_at
    assert page.step.title.text() == checklist.catalog.by_id[str(resume_at)].title
    assert "1 of" in page.progress_text.text()
    qtbot.waitUntil(lambda: session.save_state == "saved", timeout=5_000)
    window.close()  # locks: the last save runs in the background and the window closes once it is written
    qtbot.waitUntil(lambda: not session.writing and not window.isVisible(), timeout=5_000)
    session.close_profile()
    assert not session.is_open

    window2, session2 = relaunch(qtbot, paths)
    page2 = checklist_page(window2)
    assert not page2.plan_panel.isVisible(), "the plan is remembered"
    assert page2.current_id() == resume_at, "resumes at the right item"
    assert session2.document is not None
    entries = {i: entry(session2.document.progress, i) for i in (first, second, third, fourth)}
    assert {i: e.status for i, e in entries.items() if e} == {
        first: "done",
        second: "later",
        third: "skipped",
        fourth: "not-applicable",
    }
    assert entries[first] is not None and entries[first].note == "did it on my phone"
    later = entries[second]
    assert later is not None and later.until == date.today() + timedelta(days=30)
    source = page2.model.index_of(first)
    assert source.data(STATUS_ROLE) == "done"
    assert page2.model.index_of(second).data(STATUS_ROLE) == "later"


def test_search_and_filters(qtbot: QtBot, paths: AppPaths) -> None:
    window, _session, flow = launch(qtbot, paths)
    finish_onboarding(qtbot, flow)
    page = checklist_page(window)
    page.search.setText("two-step")
    leaves = visible_items(page)
    catalog = page.checklist.catalog
    assert sorted(leaves) == sorted(i for i, item in catalog.by_id.items() if "two-step" in searchable(item))
    page.search.clear()
    page.priority.setCurrentIndex(page.priority.findData("advanced"))
    assert all(page.checklist.catalog.by_id[i].priority == "advanced" for i in visible_items(page))
    page.priority.setCurrentIndex(0)
    page.platform.setCurrentIndex(page.platform.findData("tiktok"))
    assert visible_items(page) and all(
        "tiktok" in page.checklist.catalog.by_id[i].platforms for i in visible_items(page)
    )
    assert page.search.echoMode() == QLineEdit.EchoMode.Normal


def visible_items(page: ChecklistPage) -> list[str]:
    found, stack = [], [page.proxy.index(r, 0) for r in range(page.proxy.rowCount())]
    while stack:
        index = stack.pop()
        if page.proxy.rowCount(index) == 0:
            found.append(str(index.data(ID_ROLE)))
        stack.extend(page.proxy.index(r, 0, index) for r in range(page.proxy.rowCount(index)))
    return found


@pytest.fixture
def proxy_modeltester(request: pytest.FixtureRequest) -> Iterator[ModelTester]:
    """A second tester: one ModelTester follows one model (the model and its proxy reset together on Lock)."""
    tester = ModelTester(request.config)
    yield tester
    tester._cleanup()


def test_models_pass_qtmodeltester(
    qtbot: QtBot, paths: AppPaths, qtmodeltester: ModelTester, proxy_modeltester: ModelTester
) -> None:
    window, states, flow = launch_states(qtbot, paths)
    finish_onboarding(qtbot, flow)
    page = checklist_page(window)
    qtmodeltester.check(page.model, force_py=True)
    states.checklist.set_item_status(page.model.item_ids()[0], "done")
    page.search.setText("password")
    proxy_modeltester.check(page.proxy, force_py=True)
    window.lock_button.click()  # Lock resets the model, and with it the proxy, under both testers
    assert window.locked


def test_export_the_plan_from_the_page(qtbot: QtBot, paths: AppPaths, tmp_path: Path) -> None:
    window, states, flow = launch_states(qtbot, paths)
    finish_onboarding(qtbot, flow)
    page = checklist_page(window)
    states.checklist.set_item_status(page.model.item_ids()[0], "done")
    page.export_to(tmp_path / "plan.pdf")
    page.export_to(tmp_path / "plan.html")
    assert page.exporting, "written in the background, never on the GUI thread"
    qtbot.waitUntil(lambda: not page.exporting, timeout=20_000)
    assert (tmp_path / "plan.pdf").read_bytes().startswith(b"%PDF-")
    html = (tmp_path / "plan.html").read_text(encoding="utf-8")
    assert "☑" in html and "☐" in html
    assert states.checklist.catalog.by_id[page.model.item_ids()[0]].title in html


def test_an_export_that_cannot_be_written_says_why(
    qtbot: QtBot, paths: AppPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    window, _states, flow = launch_states(qtbot, paths)
    finish_onboarding(qtbot, flow)
    page = checklist_page(window)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warnings.append(text))
    page.export_to(tmp_path / "no such folder" / "plan.html")
    qtbot.waitUntil(lambda: not page.exporting, timeout=20_000)
    assert len(warnings) == 1 and "could not be written" in warnings[0] and "No such file" in warnings[0]
