"""Saving a password audit to the accounts register, in the real window: a pasted list matches nothing, a CSV export
matches the account whose handle is the login's username, and the saved profile holds the summary, never the
password."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QInputDialog
from pytestqt.qtbot import QtBot

from privacyapp.core.accounts import register
from privacyapp.core.accounts.model import PasswordHealth
from privacyapp.core.paths import AppPaths
from privacyapp.ui.pages.passwords import PasswordsPage
from tests.ui.test_profile_gui import finish_onboarding, launch

TIKTOK_PASSWORD = "Sentinel-TikTok-pw-4471"
SHOP_PASSWORD = "Sentinel-Shop-pw-9020"
PASTED = ["Sentinel-pasted-one-118", "Sentinel-pasted-two-552"]


def test_save_an_audit_to_the_matching_account(
    qtbot: QtBot, paths: AppPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, session, flow = launch(qtbot, paths)
    finish_onboarding(qtbot, flow)
    sam = session.accounts.add("tiktok", handle="@sam")
    alex = session.accounts.add("tiktok", handle="@alex")
    insta = session.accounts.add("instagram", handle="@sam.pics")
    session.set_online_checks("forbidden")
    window.go_to("passwords")
    page = window.page("passwords")
    assert isinstance(page, PasswordsPage)
    card = page.audit
    assert card.save_button.isHidden(), "nothing to save before a check"

    # a pasted list has no sites: nothing can match, and nothing changes
    monkeypatch.setattr(QInputDialog, "getMultiLineText", staticmethod(lambda *_a, **_k: ("\n".join(PASTED), True)))
    card.paste_button.click()
    qtbot.waitUntil(lambda: card.model.rowCount() == 2, timeout=10_000)
    assert not card.save_button.isHidden()
    before = session.accounts.all
    card.save_button.click()
    assert "None of these sites matched" in card.status.text()
    assert session.accounts.all == before

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

    saved = session.accounts.get(sam.id)
    assert saved is not None
    assert saved.password == PasswordHealth(score=row.score, exposed=None, changed=None, checked=date.today())
    assert session.accounts.get(alex.id).password == PasswordHealth()  # type: ignore[union-attr]
    assert session.accounts.get(insta.id).password == PasswordHealth()  # type: ignore[union-attr]
    status = card.status.text()
    assert "Saved to 1 of your accounts: TikTok (@sam)." in status
    assert "@alex" not in status and "Instagram" not in status
    assert "The passwords were not kept." in status

    # the profile holds the summary only: no password, anywhere
    assert session.data is not None
    profile = json.dumps(session.data.to_json())
    records = json.dumps(register.dump(session.accounts.all))
    assert '"checked": "' + date.today().isoformat() + '"' in records
    for secret in (TIKTOK_PASSWORD, SHOP_PASSWORD, *PASTED):
        assert secret not in profile, secret
        assert secret not in records, secret
        assert secret not in status
    assert "shop.example" not in profile and "tiktok.com/login" not in profile
    qtbot.waitUntil(lambda: session.save_state == "saved", timeout=5_000)


def test_the_save_button_stays_hidden_without_accounts(qtbot: QtBot, paths: AppPaths, tmp_path: Path) -> None:
    window, session, flow = launch(qtbot, paths)
    finish_onboarding(qtbot, flow)
    session.set_online_checks("forbidden")
    window.go_to("passwords")
    page = window.page("passwords")
    assert isinstance(page, PasswordsPage)
    export = tmp_path / "export.csv"
    export.write_text(f"name,url,username,password,note\nTikTok,https://tiktok.com,sam,{TIKTOK_PASSWORD},\n")
    page.audit.run_file(export)
    qtbot.waitUntil(lambda: page.audit.model.rowCount() == 1, timeout=10_000)
    assert page.audit.save_button.isHidden()
    assert session.accounts.all == ()
