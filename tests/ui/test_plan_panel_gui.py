"""The plan panel's answers give the same plan on the checklist page as `privacyapp-cli checklist list --json` gives
for the same answers: the same items in the same order, and the same "start with these"."""

from __future__ import annotations

import json

import pytest
from pytestqt.qtbot import QtBot

from privacyapp.core.paths import AppPaths
from privacyapp.core.settings import Who
from tests.conftest import cli_run
from tests.ui.test_checklist_gui import checklist_page
from tests.ui.test_profile_gui import finish_onboarding, launch_states

ANSWERS = ("family", ("tiktok", "instagram", "snapchat", "ios"))


def test_the_panel_answers_make_the_plan_the_cli_lists(
    qtbot: QtBot, paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    window, states, flow = launch_states(qtbot, paths)
    finish_onboarding(qtbot, flow)
    page = checklist_page(window)
    panel = page.plan_panel
    assert panel.isVisible()
    assert set(panel.who_buttons) == {w.value for w in Who}, "the panel asks in the plan vocabulary"
    who, platforms = ANSWERS
    panel.who_buttons[who].setChecked(True)
    for key in platforms:
        panel.platform_boxes[key].setChecked(True)
    assert panel.answers() == (who, list(platforms))
    panel.make.click()
    assert states.checklist.who is Who.FAMILY

    argv = ["checklist", "list", "--json", "--audience", who, *(a for p in platforms for a in ("--platform", p))]
    result = cli_run(capsys, *argv)
    assert result.code == 0, result.err
    listed = json.loads(result.out)
    start = [e["id"] for e in listed if e["start"]]
    shown = page.model.item_ids()  # the step tree, in the page's order
    assert start == [i.id for i in states.checklist.start_items()]
    assert sorted(e["id"] for e in listed) == sorted(shown)
    assert [e["id"] for e in listed if not e["start"]] == [i for i in shown if i not in set(start)]
    assert not [i for i in shown if i.startswith(("cls-", "fb-", "x-"))], "no lesson script, no unticked reviews"
    window.close()


def test_the_panel_is_compact_and_shows_the_other_apps_when_one_is_ticked(qtbot: QtBot, paths: AppPaths) -> None:
    """At 1024x600 the panel took 320 px of the page and left the step tree about 70 px; an old answer ("teen")
    still shows as its new word."""
    window, _states, flow = launch_states(qtbot, paths)
    finish_onboarding(qtbot, flow)
    window.resize(1024, 600)
    page = checklist_page(window)
    panel = page.plan_panel
    qtbot.waitUntil(panel.isVisible, timeout=5_000)
    assert not panel.more.isVisible(), "the less common apps wait behind 'More apps'"
    assert panel.sizeHint().height() <= 230, panel.sizeHint()
    panel.set_answers("teen", ["roblox", "ios"])
    assert panel.who_buttons["family"].isChecked()
    assert panel.more.isVisible() and panel.platform_boxes["roblox"].isChecked(), "no ticked answer is hidden"
    assert panel.answers() == ("family", ["ios", "roblox"])
    panel.more_button.click()
    assert not panel.more.isVisible()
    window.close()
