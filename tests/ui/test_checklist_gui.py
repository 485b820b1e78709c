"""The checklist walkthrough as a new user meets it: the plan questions, the five most important items first,
Done / Later / Skip / Doesn't apply, search and filters, and after a restart: the same item, the same states."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtWidgets import QLineEdit
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from privacyapp.core.paths import AppPaths
from privacyapp.core.progress import entry
from privacyapp.ui.checklist.model import ID_ROLE, STATUS_ROLE
from privacyapp.ui.checklist.page import ChecklistPage
from tests.ui.test_profile_gui import finish_onboarding, launch, relaunch


def checklist_page(window) -> ChecklistPage:  # type: ignore[no-untyped-def]
    window.go_to("checklist")
    page = window.page("checklist")
    assert isinstance(page, ChecklistPage)
    return page


def test_walk_through_several_items_restart_and_resume(qtbot: QtBot, paths: AppPaths) -> None:
    window, session, flow = launch(qtbot, paths)
    finish_onboarding(qtbot, flow)
    page = checklist_page(window)
    assert page.plan_panel.isVisible(), "the first visit asks who the plan is for"
    page.plan_panel.who_buttons["teen"].setChecked(True)
    for key in ("tiktok", "android"):
        page.plan_panel.platform_boxes[key].setChecked(True)
    page.plan_panel.make.click()
    assert not page.plan_panel.isVisible()
    assert session.plan_settings == {"who": "teen", "platforms": ["android", "tiktok"]}
    plan_ids = page.model.item_ids()
    assert all(session.catalog.by_id[i].applies_to({"parent", "teen"}, {"tiktok", "android"}) for i in plan_ids)
    assert "org-acceptable-use-policy" not in plan_ids and len(plan_ids) < len(session.catalog.items)
    assert "Start with these" in page.next_label.text()
    assert page.next_label.text().count("<a href") == 5, "five items, not a wall of 60"

    first = page.current_id()
    assert first is not None and session.catalog.by_id[first].priority == "essential"
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
    assert page.step.title.text() == session.catalog.by_id[str(resume_at)].title
    assert "1 of" in page.progress_text.text()
    qtbot.waitUntil(lambda: session.save_state == "saved", timeout=5_000)
    window.close()
    session.close_profile()

    window2, session2 = relaunch(qtbot, paths)
    page2 = checklist_page(window2)
    assert not page2.plan_panel.isVisible(), "the plan is remembered"
    assert page2.current_id() == resume_at, "resumes at the right item"
    states = {i: entry(session2.progress, i) for i in (first, second, third, fourth)}
    assert {i: e.status for i, e in states.items() if e} == {
        first: "done",
        second: "later",
        third: "skipped",
        fourth: "not-applicable",
    }
    assert states[first] is not None and states[first].note == "did it on my phone"
    later = states[second]
    assert later is not None and later.until == (date.today() + timedelta(days=30)).isoformat()
    source = page2.model.index_of(first)
    assert source.data(STATUS_ROLE) == "done"
    assert page2.model.index_of(second).data(STATUS_ROLE) == "later"


def test_search_and_filters(qtbot: QtBot, paths: AppPaths) -> None:
    window, _session, flow = launch(qtbot, paths)
    finish_onboarding(qtbot, flow)
    page = checklist_page(window)
    page.search.setText("two-step")
    leaves = visible_items(page)
    catalog = page.session.catalog
    assert sorted(leaves) == sorted(
        i for i, item in catalog.by_id.items() if "two-step" in f"{item.title} {item.summary} {i}".casefold()
    )
    page.search.clear()
    page.priority.setCurrentIndex(page.priority.findData("advanced"))
    assert all(page.session.catalog.by_id[i].priority == "advanced" for i in visible_items(page))
    page.priority.setCurrentIndex(0)
    page.platform.setCurrentIndex(page.platform.findData("tiktok"))
    assert visible_items(page) and all("tiktok" in page.session.catalog.by_id[i].platforms for i in visible_items(page))
    assert page.search.echoMode() == QLineEdit.EchoMode.Normal


def visible_items(page: ChecklistPage) -> list[str]:
    found, stack = [], [page.proxy.index(r, 0) for r in range(page.proxy.rowCount())]
    while stack:
        index = stack.pop()
        if page.proxy.rowCount(index) == 0:
            found.append(str(index.data(ID_ROLE)))
        stack.extend(page.proxy.index(r, 0, index) for r in range(page.proxy.rowCount(index)))
    return found


def test_models_pass_qtmodeltester(qtbot: QtBot, paths: AppPaths, qtmodeltester: ModelTester) -> None:
    window, session, flow = launch(qtbot, paths)
    finish_onboarding(qtbot, flow)
    page = checklist_page(window)
    qtmodeltester.check(page.model, force_py=True)
    session.set_item_status(page.model.item_ids()[0], "done")
    page.search.setText("password")
    qtmodeltester.check(page.proxy, force_py=True)


def test_export_the_plan_from_the_page(qtbot: QtBot, paths: AppPaths, tmp_path: Path) -> None:
    window, session, flow = launch(qtbot, paths)
    finish_onboarding(qtbot, flow)
    page = checklist_page(window)
    session.set_item_status(page.model.item_ids()[0], "done")
    page.export_to(tmp_path / "plan.pdf")
    page.export_to(tmp_path / "plan.html")
    assert (tmp_path / "plan.pdf").read_bytes().startswith(b"%PDF-")
    html = (tmp_path / "plan.html").read_text(encoding="utf-8")
    assert "☑" in html and "☐" in html
    assert session.catalog.by_id[page.model.item_ids()[0]].title in html
