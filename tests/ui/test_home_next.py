"""Home's "Fix these first", in the real window: the rows are the core's list, each row's button goes where the
step is fixed, "Not now" hides a row and is kept in the profile, Lock forgets the list, and the GUI and
`privacyapp-cli next --json` agree for the same profile."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from privacyapp.core.accounts.model import LinkKind, PasswordHealth
from privacyapp.core.next_steps import Kind, next_steps
from privacyapp.core.paths import AppPaths
from privacyapp.core.services import shipped
from privacyapp.ui.checklist.page import ChecklistPage
from privacyapp.ui.main_window import MainWindow
from privacyapp.ui.pages.home import HomePage
from privacyapp.ui.state import States
from tests.conftest import cli_run
from tests.ui.test_accounts_gui import PASSPHRASE, accounts_page, launch, settle

LEFT = Qt.MouseButton.LeftButton
LEAKED = PasswordHealth(score=1, exposed=True, checked=date.today() - timedelta(days=2), reused_with=())


def home_of(qtbot: QtBot, window: MainWindow, states: States) -> HomePage:
    window.go_to("home")
    home = window.page("home")
    assert isinstance(home, HomePage)
    qtbot.waitUntil(lambda: states.next_steps.ready and bool(home.row_buttons), timeout=10_000)
    return home


def wait_for_list(qtbot: QtBot, states: States, check: object) -> None:
    """Until the list worked out after the last change satisfies `check` (debounced, then in a worker)."""
    qtbot.waitUntil(lambda: states.next_steps.ready and check(), timeout=10_000)  # type: ignore[operator]


def sample(states: States) -> dict[str, str]:
    """A leaked TikTok password, a public Instagram, and a Google account three others sign in with."""
    accounts = states.accounts
    # a security key is the strongest method there is: no "weaker 2-step" row for these
    tiktok = accounts.add("tiktok", handle="@sam", visibility="private", two_factor="key", password=LEAKED)
    insta = accounts.add("instagram", handle="@sam.pics", visibility="public", two_factor="key")
    google = accounts.add("google", handle="sam@gmail.com", visibility="private", two_factor="sms")
    for service in ("discord", "spotify", "reddit"):
        user = accounts.add(service, handle="sam", visibility="private", two_factor="key")
        accounts.link(user.id, google.id, LinkKind.SIGN_IN)
    return {"tiktok": tiktok.id, "instagram": insta.id, "google": google.id}


def shown(home: HomePage) -> list[tuple[str, str, str]]:
    return [(step.kind.value, step.target.type.value, step.target.id) for step, _go, _later in home.row_buttons]


def test_home_shows_the_core_list_and_its_buttons_go_where_it_is_fixed(qtbot: QtBot, paths: AppPaths) -> None:
    window, states = launch(qtbot, paths)
    ids = sample(states)
    home = home_of(qtbot, window, states)
    wait_for_list(qtbot, states, lambda: any(s.target.id == ids["google"] for s in states.next_steps.steps))
    settle(qtbot)
    document = states.session.document
    assert document is not None
    core = next_steps(
        document, states.checklist.catalog, shipped(), states.accounts.breaches, date.today(),
        plan=states.checklist.plan(),
    )  # fmt: skip
    assert shown(home) == [(s.kind.value, s.target.type.value, s.target.id) for s in core]
    assert len(home.row_buttons) == 7
    assert shown(home)[:3] == [
        ("leaked-password", "account", ids["tiktok"]),
        ("hub-account", "account", ids["google"]),
        ("public-account", "account", ids["instagram"]),
    ]
    # each row: its number and title, one sentence of why, one button to go, one "Not now"
    first_step, go, later = home.row_buttons[0]
    assert go.isVisible() and later.isVisible()
    assert go.accessibleName() == f"Open the account: {first_step.title}"

    # an account: the Accounts page, with that account chosen
    qtbot.mouseClick(go, LEFT)
    assert window.current_key() == "accounts"
    page = accounts_page(window)
    chosen = page.table.selectionModel().currentIndex()
    assert page.proxy.mapToSource(chosen).row() == page.model.row_of(ids["tiktok"])

    # a checklist step: the Checklist page, with that step shown
    window.go_to("home")
    item_step, item_go, _ = next(row for row in home.row_buttons if row[0].kind == Kind.ESSENTIAL_STEP)
    qtbot.mouseClick(item_go, LEFT)
    assert window.current_key() == "checklist"
    checklist = window.page("checklist")
    assert isinstance(checklist, ChecklistPage)
    assert checklist.current_id() == item_step.target.id


def test_not_now_hides_a_row_keeps_it_in_the_profile_and_fixing_removes_it(qtbot: QtBot, paths: AppPaths) -> None:
    window, states = launch(qtbot, paths)
    ids = sample(states)
    home = home_of(qtbot, window, states)
    wait_for_list(qtbot, states, lambda: any(s.target.id == ids["instagram"] for s in states.next_steps.steps))
    settle(qtbot)
    step, _go, later = next(row for row in home.row_buttons if row[0].target.id == ids["instagram"])
    qtbot.mouseClick(later, LEFT)
    assert ids["instagram"] not in [target for _k, _t, target in shown(home)]  # at once
    document = states.session.document
    assert document is not None
    assert [entry.split(" ", 1)[1] for entry in document.settings.next_hidden] == [step.key]
    settle(qtbot)
    wait_for_list(qtbot, states, lambda: len(home.row_buttons) == 7)  # worked out again: the gap filled
    assert ids["instagram"] not in [target for _k, _t, target in shown(home)]

    # fixed: the leaked password was changed after the audit
    states.accounts.update(ids["tiktok"], password=PasswordHealth(
        score=1, exposed=True, checked=LEAKED.checked, changed=date.today(), reused_with=()
    ))  # fmt: skip
    wait_for_list(qtbot, states, lambda: ids["tiktok"] not in [t for _k, _t, t in shown(home)])
    assert shown(home)[0] == ("hub-account", "account", ids["google"])


def test_lock_forgets_the_list(qtbot: QtBot, paths: AppPaths) -> None:
    window, states = launch(qtbot, paths)
    sample(states)
    home = home_of(qtbot, window, states)
    states.session.close_profile()
    settle(qtbot)
    assert home.row_buttons == [] and states.next_steps.steps == [] and states.next_steps.standing is None
    assert all(not bar.value() for bar in home.bars.values())
    texts = [w.text() for w in home.findChildren(type(home.list_status))]
    assert not [t for t in texts if "@sam" in t or "TikTok" in t or "Instagram" in t]


def test_the_gui_and_the_cli_agree(
    qtbot: QtBot, paths: AppPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    window, states = launch(qtbot, paths)
    ids = sample(states)
    home = home_of(qtbot, window, states)
    wait_for_list(qtbot, states, lambda: any(s.target.id == ids["google"] for s in states.next_steps.steps))
    settle(qtbot)
    first = home.row_buttons[0]
    qtbot.mouseClick(first[2], LEFT)  # "Not now" on the first row
    wait_for_list(qtbot, states, lambda: len(home.row_buttons) == 7 and home.row_buttons[0][0].key != first[0].key)
    settle(qtbot)
    gui = [
        {"rank": s.rank, "kind": s.kind.value, "title": s.title, "why": s.why, "target": s.target.to_json()}
        for s, _go, _later in home.row_buttons
    ]
    states.session.close_profile()  # saves, and lets go of the profile (one program at a time has it open)
    qtbot.waitUntil(lambda: not states.session.writing, timeout=10_000)
    pass_file = tmp_path / "pass"
    pass_file.write_text(PASSPHRASE + "\n", encoding="utf-8")
    result = cli_run(capsys, "--profile", "Sam", "next", "--json", "--passphrase-file", pass_file)
    assert result.code == 0, result.err
    assert json.loads(result.out) == gui
    everything = json.loads(
        cli_run(capsys, "--profile", "Sam", "next", "--json", "--all", "--passphrase-file", pass_file).out
    )
    assert everything[0]["target"] == first[0].target.to_json() and "hidden_until" in everything[0]
