"""Saving a password audit to the accounts register, in the real window: a pasted list matches nothing, a CSV export
matches the account whose handle is the login's username, and the saved profile holds the summary, never the
password. Lock forgets the audit: its results, its status and progress, what was typed in its filter, and an answer
still on its way."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from privacyapp.core import audit as audit_module
from privacyapp.core.accounts import register
from privacyapp.core.accounts.model import PasswordHealth
from privacyapp.core.audit import Audited, Login
from privacyapp.core.paths import AppPaths
from privacyapp.core.settings import OnlineChecks
from privacyapp.ui.main_window import MainWindow
from privacyapp.ui.pages.passwords import PasswordsPage
from privacyapp.ui.passwords.audit import AuditCard, PasteDialog
from privacyapp.ui.state.session import SaveState
from tests.ui.test_accounts_gui import (
    SAM,
    accounts_page,
    assert_forgotten,
    assert_nothing_of,
    launch,
    populate,
    settle,
    unlock,
)

TIKTOK_PASSWORD = "Sentinel-TikTok-pw-4471"
SHOP_PASSWORD = "Sentinel-Shop-pw-9020"
PASTED = ["Sentinel-pasted-one-118", "Sentinel-pasted-two-552"]
SENTINEL_USER = "sentinel-audit-user"
SENTINEL_SITE = "sentinel-shop.example"


def audit_card(window: MainWindow) -> AuditCard:
    window.go_to("passwords")
    page = window.page("passwords")
    assert isinstance(page, PasswordsPage)
    return page.audit


def test_save_an_audit_to_the_matching_account(
    qtbot: QtBot, paths: AppPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, states = launch(qtbot, paths)
    accounts = states.accounts
    sam = accounts.add("tiktok", handle="@sam")
    alex = accounts.add("tiktok", handle="@alex")
    insta = accounts.add("instagram", handle="@sam.pics")
    states.passwords.set_online_checks(OnlineChecks.FORBIDDEN)
    card = audit_card(window)
    assert card.save_button.isHidden(), "nothing to save before a check"

    # a pasted list has no sites: nothing can match, and nothing changes
    monkeypatch.setattr(PasteDialog, "ask", staticmethod(lambda *_a, **_k: "\n".join(PASTED)))
    card.paste_button.click()
    qtbot.waitUntil(lambda: card.model.rowCount() == 2, timeout=10_000)
    assert not card.save_button.isHidden()
    assert card.status.text().startswith("2 passwords: ")
    assert "(online checks are off in Settings)" in card.status.text()
    before = accounts.all
    card.save_button.click()
    assert "None of these sites matched" in card.status.text()
    assert accounts.all == before

    # a CSV export: the TikTok login of "sam" goes to @sam, not to @alex; the shop is no account of ours
    export = tmp_path / "chrome.csv"
    export.write_text(
        "name,url,username,password,note\n"
        f"TikTok,https://www.tiktok.com/login,SAM,{TIKTOK_PASSWORD},\n"
        f"Shop,https://www.shop.example/login,sam,{SHOP_PASSWORD},\n",
        encoding="utf-8",
    )
    card.run_file(export)
    qtbot.waitUntil(lambda: {r.site for r in card.model.rows} == {"tiktok.com", "shop.example"}, timeout=10_000)
    row = next(r for r in card.model.rows if r.site == "tiktok.com")
    assert row.breach_count is None, "online checks are off: not checked"
    assert not card.save_button.isHidden()
    card.save_button.click()

    saved = accounts.get(sam.id)
    assert saved is not None
    assert saved.password == PasswordHealth(
        score=row.score, exposed=None, changed=None, checked=date.today(), reused_with=()
    )  # its password is not used on another of the person's accounts
    assert accounts.get(alex.id).password == PasswordHealth()  # type: ignore[union-attr]
    assert accounts.get(insta.id).password == PasswordHealth()  # type: ignore[union-attr]
    status = card.status.text()
    assert "Saved to 1 of your accounts: TikTok (@sam)." in status
    assert "@alex" not in status and "Instagram" not in status
    assert "The passwords were not kept." in status

    # the profile holds the summary only: no password, anywhere
    document = states.session.document
    assert document is not None
    profile = json.dumps(document.to_data().to_json())
    records = json.dumps(register.dump(accounts.all))
    assert '"checked": "' + date.today().isoformat() + '"' in records
    for secret in (TIKTOK_PASSWORD, SHOP_PASSWORD, *PASTED):
        assert secret not in profile, secret
        assert secret not in records, secret
        assert secret not in status
    assert "shop.example" not in profile and "tiktok.com/login" not in profile
    qtbot.waitUntil(lambda: states.session.save_state == SaveState.SAVED, timeout=5_000)


def test_the_save_button_stays_hidden_without_accounts(qtbot: QtBot, paths: AppPaths, tmp_path: Path) -> None:
    window, states = launch(qtbot, paths)
    states.passwords.set_online_checks(OnlineChecks.FORBIDDEN)
    card = audit_card(window)
    export = tmp_path / "export.csv"
    export.write_text(f"name,url,username,password,note\nTikTok,https://tiktok.com,sam,{TIKTOK_PASSWORD},\n")
    card.run_file(export)
    qtbot.waitUntil(lambda: card.model.rowCount() == 1, timeout=10_000)
    assert card.save_button.isHidden()
    assert states.accounts.all == ()
    states.accounts.add("tiktok", handle="@sam")
    assert not card.save_button.isHidden(), "an account added meanwhile: the results can be saved to it"


# --- Lock forgets --------------------------------------------------------------------------------------------
def export_file(tmp_path: Path) -> Path:
    export = tmp_path / "sentinel-export.csv"
    export.write_text(
        "name,url,username,password,note\n"
        f"Shop,https://{SENTINEL_SITE}/login,{SENTINEL_USER},{SHOP_PASSWORD},\n"
        f"TikTok,https://www.tiktok.com/login,{SENTINEL_USER},{TIKTOK_PASSWORD},\n",
        encoding="utf-8",
    )
    return export


AUDIT = (SENTINEL_USER, SENTINEL_SITE, TIKTOK_PASSWORD, SHOP_PASSWORD, "sentinel-export")


def assert_audit_forgotten(card: AuditCard) -> None:
    assert card.model.rowCount() == 0 and card.proxy.rowCount() == 0 and card.model.rows == []
    assert card.status.text() == "" and card.save_button.isHidden()
    assert card.progress.isHidden() and card.progress.value() <= 0 and card.cancel_button.isHidden()
    assert card.filter.text() == "" and not card.filter.isUndoAvailable()
    assert not card.running
    assert_nothing_of(card, AUDIT)


def test_lock_with_the_accounts_page_and_an_audit_filled(
    qtbot: QtBot, paths: AppPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, states = launch(qtbot, paths)
    states.passwords.set_online_checks(OnlineChecks.FORBIDDEN)
    page = accounts_page(window)
    populate(qtbot, monkeypatch, page, states)
    card = audit_card(window)
    card.run_file(export_file(tmp_path))
    qtbot.waitUntil(lambda: card.model.rowCount() == 2, timeout=10_000)
    qtbot.keyClicks(card.filter, SENTINEL_USER)
    assert card.proxy.rowCount() == 2 and not card.save_button.isHidden()
    assert SENTINEL_USER in " ".join(str(card.model.data(card.model.index(r, 1))) for r in range(2))

    window.lock_button.click()
    assert states.session.document is None
    settle(qtbot)
    assert_audit_forgotten(card)
    assert_forgotten(page)
    for root in (page, card.window()):  # the whole window: no page keeps a word of it
        assert_nothing_of(root, (*SAM, *AUDIT))

    # the same person unlocks: the accounts come back (they were saved), the audit does not (never kept)
    unlock(qtbot, states)
    assert page.model.rowCount() == 2
    assert card.model.rowCount() == 0 and card.status.text() == ""


class HeldAudit:
    """Stands in for core.audit.audit: holds the answer back until released, reporting progress first."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.started = threading.Event()

    def __call__(
        self, logins: list[Login], source: Any, *, cancel: threading.Event, progress: Callable[[int, int], None]
    ) -> list[Audited]:
        self.started.set()
        progress(1, 4)
        assert self.release.wait(10)
        progress(2, 4)  # after Lock: dropped too
        return [Audited(login.site, login.username, 1, None, 1, "not checked") for login in logins]


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> Iterator[HeldAudit]:
    """core.audit.audit held back in the card's worker; released at the end of the test whatever happened."""
    stand_in = HeldAudit()
    monkeypatch.setattr(audit_module, "audit", stand_in)
    yield stand_in
    stand_in.release.set()


def test_an_audit_answer_that_comes_back_after_lock_is_dropped(
    qtbot: QtBot, paths: AppPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, held: HeldAudit
) -> None:
    window, states = launch(qtbot, paths)
    states.passwords.set_online_checks(OnlineChecks.FORBIDDEN)
    card = audit_card(window)
    card.run_file(export_file(tmp_path))
    qtbot.waitUntil(lambda: card.progress.maximum() == 4 and card.progress.value() == 1, timeout=5_000)
    assert card.running and not card.progress.isHidden() and not card.cancel_button.isHidden()
    assert "Checking 2 passwords" in card.status.text()

    window.lock_button.click()
    assert_audit_forgotten(card)
    held.release.set()
    qtbot.waitUntil(lambda: not any(t.name == "privacyapp-audit" for t in threading.enumerate()), timeout=5_000)
    settle(qtbot)
    assert_audit_forgotten(card)

    # the next person runs a check of their own: only theirs is shown
    unlock(qtbot, states)
    monkeypatch.setattr(audit_module, "audit", lambda logins, *_a, **_k: [Audited("next.example", "next", 4, 0, 1)])
    card.run_file(export_file(tmp_path))
    qtbot.waitUntil(lambda: card.model.rowCount() == 1, timeout=5_000)
    assert [r.site for r in card.model.rows] == ["next.example"]
    assert card.progress.isHidden() and not card.running


def test_a_new_check_replaces_one_still_running(
    qtbot: QtBot, paths: AppPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, held: HeldAudit
) -> None:
    window, _states = launch(qtbot, paths)
    card = audit_card(window)
    card.run_file(export_file(tmp_path))
    qtbot.waitUntil(held.started.is_set, timeout=5_000)  # the file is read in the background first
    monkeypatch.setattr(audit_module, "audit", lambda logins, *_a, **_k: [Audited("second.example", "b", 4, 0, 1)])
    card.run_file(export_file(tmp_path))
    qtbot.waitUntil(lambda: card.model.rowCount() == 1, timeout=5_000)
    held.release.set()  # the first check's answer comes back last
    qtbot.waitUntil(lambda: not any(t.name == "privacyapp-audit" for t in threading.enumerate()), timeout=5_000)
    settle(qtbot)
    assert [r.site for r in card.model.rows] == ["second.example"]
