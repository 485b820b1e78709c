"""The Accounts page as a person uses it: add accounts, set what they know, link them, see the map and Home's
counts, review an account, delete one step by step; and after a restart, everything is still there."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from privacyapp.core.accounts import register
from privacyapp.core.paths import AppPaths
from privacyapp.ui.accounts.page import AccountsPage, AddAccountDialog
from privacyapp.ui.accounts.review import ReviewDialog
from privacyapp.ui.pages.home import HomePage
from tests.ui.test_profile_gui import finish_onboarding, launch, relaunch


def accounts_page(window) -> AccountsPage:  # type: ignore[no-untyped-def]
    window.go_to("accounts")
    page = window.page("accounts")
    assert isinstance(page, AccountsPage)
    return page


def add(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, page: AccountsPage, search: str, handle: str) -> str:
    """Add an account through the dialog, as a person would: type to find the service, type the handle, Add."""

    def fill(dialog: AddAccountDialog) -> int:
        dialog.search.setText(search)
        dialog.handle.setText(handle)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(AddAccountDialog, "exec", fill)
    before = {a.id for a in page.state.all}
    page.add_button.click()
    (new,) = {a.id for a in page.state.all} - before
    return new


def test_add_link_map_home_and_restart(qtbot: QtBot, paths: AppPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    window, session, flow = launch(qtbot, paths)
    finish_onboarding(qtbot, flow)
    page = accounts_page(window)
    assert "List the accounts you have" in page.counts.text()

    gmail = add(qtbot, monkeypatch, page, "goo", "sam@gmail.com")
    tiktok = add(qtbot, monkeypatch, page, "tikt", "@sam")
    insta = add(qtbot, monkeypatch, page, "insta", "@sam.pics")
    spotify = add(qtbot, monkeypatch, page, "spot", "")
    state = session.accounts
    assert [state.get(i).service for i in (gmail, tiktok, insta, spotify)] == [  # type: ignore[union-attr]
        "google",
        "tiktok",
        "instagram",
        "spotify",
    ]
    assert page.detail.account_id == spotify, "a new account is shown at once"

    # the detail panel edits the record
    assert page.select(tiktok)
    detail = page.detail
    detail.visibility.setCurrentIndex(detail.visibility.findData("private"))
    detail.two_factor.setCurrentIndex(detail.two_factor.findData("sms"))
    assert "SIM swapping" in detail.advice.text(), "SMS is compared with what TikTok offers"
    detail.alerts.setCurrentIndex(detail.alerts.findData(True))
    account = state.get(tiktok)
    assert account is not None
    assert (account.visibility, account.two_factor, account.login_alerts) == ("private", "sms", True)
    page.select(gmail)
    detail.two_factor.setCurrentIndex(detail.two_factor.findData("key"))

    state.link(tiktok, gmail, "sign-in")
    state.link(spotify, gmail, "recovery")
    state.link(tiktok, insta, "cross-post")
    assert page.select(tiktok)
    link_texts = [w.text() for w in detail.findChildren(type(detail.title)) if " with " in w.text()]
    assert any("signs in with Google (sam@gmail.com)" in t for t in link_texts)

    # the map: four accounts, three arrows; choosing Google shows who breaks in with it
    page.tabs.setCurrentWidget(page.map)
    amap = page.map
    assert set(amap.nodes) == {gmail, tiktok, insta, spotify}
    assert sorted(e.kind for e in amap.edges) == ["cross-post", "recovery", "sign-in"]
    amap.select_account(gmail)
    assert amap.highlighted() == {tiktok, spotify}
    assert "could also get into" in amap.info_text.text() and "TikTok" in amap.info_text.text()
    amap.select_account(insta)
    assert amap.highlighted() == set(), "nothing signs in with or recovers through Instagram"
    edge = next(e for e in amap.edges if e.kind == "cross-post")
    amap.scene.clearSelection()
    edge.setSelected(True)
    assert "disconnect" in amap.info_text.text() and amap.unlink_button.isVisibleTo(amap)

    window.go_to("home")
    home = window.page("home")
    assert isinstance(home, HomePage)
    assert "Private: 1 of 3" in home.accounts_text.text(), "Spotify cannot be private"
    assert "With 2-step login: 2 of 4" in home.accounts_text.text()
    assert "Links between them: 3" in home.accounts_text.text()
    assert "Due for review: 4" in home.accounts_text.text()
    assert "Known breaches: not checked yet" in home.accounts_text.text()

    qtbot.waitUntil(lambda: session.save_state == "saved", timeout=5_000)
    window.close()
    session.close_profile()

    window2, _session2 = relaunch(qtbot, paths)
    window2.go_to("home")
    home2 = window2.page("home")
    assert isinstance(home2, HomePage)
    assert "Private: 1 of 3" in home2.accounts_text.text()
    assert "Links between them: 3" in home2.accounts_text.text()
    page2 = accounts_page(window2)
    assert page2.model.rowCount() == 4
    assert page2.map.edges == [], "the map is drawn when it is shown, not before"
    page2.tabs.setCurrentWidget(page2.map)
    assert len(page2.map.edges) == 3
    page2.map.select_account(gmail)
    assert page2.map.highlighted() == {tiktok, spotify}


def test_review_an_account(qtbot: QtBot, paths: AppPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    window, session, flow = launch(qtbot, paths)
    finish_onboarding(qtbot, flow)
    page = accounts_page(window)
    ident = add(qtbot, monkeypatch, page, "instag", "@me")
    other = add(qtbot, monkeypatch, page, "faceb", "")
    session.accounts.link(ident, other, "cross-post")
    review = ReviewDialog(session, ident, page)
    qtbot.addWidget(review)
    assert review.topics == list(register.review_items(session.catalog, "instagram"))
    assert len(review.topics) == 6
    items = review.items
    assert all("instagram" in item.platforms for item in items.values()), "Instagram's own review items"
    review.groups["visibility"].buttons()[0].setChecked(True)  # private
    app_button = next(b for b in review.groups["two_factor"].buttons() if b.property("value") == "app")
    app_button.setChecked(True)
    review.groups["login_alerts"].buttons()[0].setChecked(True)  # yes
    box, _, _ = review.unlinks[0]
    box.setChecked(True)  # I removed the cross-posting
    review.checks["links"].setChecked(True)
    for _ in review.topics:
        review.next.click()
    assert review.next.text() == "Finish"
    assert "Done" in review.summary.text()
    review.next.click()
    account = session.accounts.get(ident)
    assert account is not None
    assert (account.visibility, account.two_factor, account.login_alerts) == ("private", "app", True)
    assert account.reviewed == date.today() and account.links == ()
    progress = session.progress
    for topic in ("visibility", "two_factor", "login_alerts", "links"):
        assert progress[items[topic].id]["status"] == "done"
    assert items["location"].id not in progress, "not ticked: not marked done"


def test_a_service_without_its_own_review_uses_the_general_items(qtbot: QtBot, paths: AppPaths) -> None:
    window, session, flow = launch(qtbot, paths)
    finish_onboarding(qtbot, flow)
    accounts_page(window)
    account = session.accounts.add("spotify")
    review = ReviewDialog(session, account.id)
    qtbot.addWidget(review)
    assert len(review.topics) == 6
    assert all(not item.platforms for item in review.items.values())


def test_delete_an_account_step_by_step(qtbot: QtBot, paths: AppPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    window, session, flow = launch(qtbot, paths)
    finish_onboarding(qtbot, flow)
    page = accounts_page(window)
    ident = add(qtbot, monkeypatch, page, "snap", "old")
    detail = page.detail
    assert detail.start_delete.isVisibleTo(detail)
    detail.start_delete.click()
    assert session.accounts.get(ident).state == "deleting"  # type: ignore[union-attr]
    assert not detail.mark_deleted.isEnabled(), "not before every step is ticked"
    for box in detail.steps.values():
        box.setChecked(True)
    assert detail.mark_deleted.isEnabled()
    detail.mark_deleted.click()
    assert session.accounts.get(ident).state == "deleted"  # type: ignore[union-attr]
    assert session.accounts.summary().accounts == 0, "a deleted account no longer counts"
    page.filter.setCurrentIndex(page.filter.findData("deleted"))
    assert page.proxy.rowCount() == 1
    page.filter.setCurrentIndex(page.filter.findData(""))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.select(ident)
    detail.forget.click()
    assert session.accounts.all == ()


def test_import_of_a_bad_file_changes_nothing(
    qtbot: QtBot, paths: AppPaths, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    window, session, flow = launch(qtbot, paths)
    finish_onboarding(qtbot, flow)
    page = accounts_page(window)
    add(qtbot, monkeypatch, page, "tiktok", "@keep")
    before = session.accounts.all
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warnings.append(text))
    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "privacyapp-accounts", "version": 1, "accounts": [{"id": "x1"}]}))
    assert not page.import_file(bad)
    assert "nothing was changed" in warnings[-1] and "service" in warnings[-1]
    assert session.accounts.all == before
    good = tmp_path / "good.json"
    from privacyapp.core.accounts.exchange import write

    other = register.add((), "discord", session.accounts.catalogue, date.today(), handle="sam")[0]
    write(good, other)
    assert page.import_file(good)
    assert len(session.accounts.all) == 2 and session.accounts.all[0] == before[0]


def test_known_breaches_from_a_loopback_catalogue(
    qtbot: QtBot, paths: AppPaths, monkeypatch: pytest.MonkeyPatch, loopback_only: None
) -> None:
    from tests.integration.breach_catalogue_server import api_breach, catalogue_server
    from tests.integration.hibp_server import Reply

    window, session, flow = launch(qtbot, paths)
    finish_onboarding(qtbot, flow)
    page = accounts_page(window)
    state = session.accounts
    tiktok = state.add("tiktok", handle="@sam")
    changed_after = state.add("instagram", handle="@sam.pics")
    state.update(changed_after.id, password=register.PasswordHealth(changed=date(2025, 6, 1)))
    assert "Find out which of your services" in page.breach_text.text()
    entries = [
        api_breach("TikTokLeak", "tiktok.com", "2024-03-01"),
        api_breach("InstaLeak", "instagram.com", "2024-03-01"),  # before the password was changed: no flag
        api_breach("SpamList", "tiktok.com", "2025-01-01", spam_list=True),  # left out
    ]
    with catalogue_server(breaches=entries) as server:
        monkeypatch.setenv("PRIVACYAPP_HIBP_API_URL", server.base_url)
        page.breach_button.click()
        qtbot.waitUntil(lambda: not state.downloading, timeout=10_000)
        assert [r.path for r in server.log] == ["/api/v3/breaches"], "one request, nothing about the person"
        assert "@sam" not in server.sent()
    assert "1 of your accounts may be affected" in page.breach_text.text()
    assert "TikTok (@sam)" in page.breach_text.text() and "Instagram" not in page.breach_text.text()
    assert [f.breach.name for f in state.flags()] == ["TikTokLeak"]
    assert [r.path for r in session.network_log] == ["/api/v3/breaches"], "listed in the network activity"
    page.select(tiktok.id)
    assert page.detail.breach.isVisibleTo(page.detail) and "TikTokLeak" in page.detail.breach_text.text()
    window.go_to("home")
    home = window.page("home")
    assert isinstance(home, HomePage)
    assert "In known breaches: 1 (list downloaded today" in home.accounts_text.text()

    # the service fails now: say so, keep showing the downloaded copy with its age, never "no breaches"
    with catalogue_server(default=Reply(status=500)) as server:
        monkeypatch.setenv("PRIVACYAPP_HIBP_API_URL", server.base_url)
        window.go_to("accounts")
        page.breach_button.click()
        qtbot.waitUntil(lambda: not state.downloading, timeout=20_000)
    text = page.breach_text.text()
    assert "Could not download" in text and "downloaded today" in text and "may be affected" in text


def test_no_copy_and_no_network_never_says_no_breaches(
    qtbot: QtBot, paths: AppPaths, monkeypatch: pytest.MonkeyPatch, loopback_only: None
) -> None:
    from tests.integration.hibp_server import closed_port_url

    window, session, flow = launch(qtbot, paths)
    finish_onboarding(qtbot, flow)
    page = accounts_page(window)
    session.accounts.add("tiktok")
    monkeypatch.setenv("PRIVACYAPP_HIBP_API_URL", closed_port_url())
    page.breach_button.click()
    qtbot.waitUntil(lambda: not session.accounts.downloading, timeout=10_000)
    text = page.breach_text.text()
    assert "Could not download" in text and "cannot say which of your services had breaches" in text
    assert "No known breach" not in text


def test_link_and_unlink_from_the_detail_panel_and_the_map(
    qtbot: QtBot, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    from privacyapp.ui.accounts.detail import LinkDialog

    window, session, flow = launch(qtbot, paths)
    finish_onboarding(qtbot, flow)
    page = accounts_page(window)
    google = add(qtbot, monkeypatch, page, "google", "me@gmail.com")
    tiktok = add(qtbot, monkeypatch, page, "tiktok", "@me")

    def choose(dialog: LinkDialog) -> int:
        dialog.kind.setCurrentIndex(dialog.kind.findData("recovery"))
        assert "reset the password" in dialog.help.text(), "the kind is explained in words"
        dialog.target.setCurrentIndex(dialog.target.findData(google))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(LinkDialog, "exec", choose)
    page.select(tiktok)
    page.detail.add_link_button.click()
    account = session.accounts.get(tiktok)
    assert account is not None and [(x.to, x.kind) for x in account.links] == [(google, "recovery")]
    unlink_buttons = [b for b in page.detail.findChildren(type(page.detail.add_link_button)) if b.text() == "Unlink"]
    assert len(unlink_buttons) == 1
    assert "TikTok (@me) recovers through Google (me@gmail.com)" in unlink_buttons[0].accessibleName()
    unlink_buttons[0].click()
    assert session.accounts.get(tiktok).links == ()  # type: ignore[union-attr]

    session.accounts.link(tiktok, google, "sign-in")
    page.tabs.setCurrentWidget(page.map)
    (edge,) = page.map.edges
    edge.setSelected(True)
    assert "Login methods" in page.map.info_text.text()
    page.map.unlink_button.click()
    assert session.accounts.get(tiktok).links == () and page.map.edges == []  # type: ignore[union-attr]
