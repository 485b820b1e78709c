"""The Accounts page as a person uses it: add accounts, set what they know, link them, see the map and Home's
counts, review an account, delete one step by step; and after a restart, everything is still there. Lock and a
switch of profile leave nothing of the last person on the page, and the map is laid out off the GUI thread."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QGraphicsSimpleTextItem,
    QGraphicsTextItem,
    QGraphicsView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from privacyapp.app import build_main_window
from privacyapp.core.accounts import layout as layout_module
from privacyapp.core.accounts import register
from privacyapp.core.accounts.layout import Point, map_layout
from privacyapp.core.accounts.model import AccountState, LinkKind, TwoFactor, Visibility
from privacyapp.core.paths import AppPaths
from privacyapp.core.profile import vault
from privacyapp.core.progress import Status
from privacyapp.core.redact import Secret
from privacyapp.ui.accounts import map_view
from privacyapp.ui.accounts.map_items import EdgeItem, NodeItem
from privacyapp.ui.accounts.model import ID_ROLE
from privacyapp.ui.accounts.page import AccountsPage, AddAccountDialog
from privacyapp.ui.accounts.review import ReviewDialog
from privacyapp.ui.main_window import MainWindow
from privacyapp.ui.pages.home import HomePage
from privacyapp.ui.state import States
from privacyapp.ui.state.session import SaveState
from tests.conftest import FAST_KDF

PASSPHRASE = "violet kettle moonbeam parade"
# what one person typed: none of it may be left on screen after Lock or a switch
SENTINEL_HANDLE = "@sentinel-sam-8812"
SENTINEL_NOTE = "SENTINEL-NOTE-4f81 my school is Hill Park"
SENTINEL_SEARCH = "sentinel-sam"


# --- the window, without the onboarding wizard (tests/ui/test_profile_gui.py covers that) ------------------------
def open_window(qtbot: QtBot, paths: AppPaths) -> tuple[MainWindow, States]:
    """The real window and states, as app.py builds them, with fast key derivation and Lock wired as the
    profile flow wires it."""
    window, states = build_main_window(paths, kdf=lambda: FAST_KDF)
    window.lockRequested.connect(states.session.close_profile)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window, states


def create_profile(qtbot: QtBot, states: States, name: str = "Sam") -> None:
    """Create a passphrase profile and open it (what onboarding does once the person has answered)."""
    answers: list[object] = []
    states.session.create_profile(name, Secret(PASSPHRASE), None, lambda: FAST_KDF, answers.append)
    qtbot.waitUntil(lambda: bool(answers), timeout=10_000)
    assert isinstance(answers[0], Secret), answers[0]  # the recovery code
    assert states.session.profile_name == name


def unlock(qtbot: QtBot, states: States, name: str = "Sam") -> None:
    qtbot.waitUntil(lambda: not states.session.writing, timeout=10_000)  # the last save of the lock
    errors: list[Exception | None] = []
    states.session.open_profile(name, vault.WithPassphrase(Secret(PASSPHRASE)), errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    assert errors == [None]


def launch(qtbot: QtBot, paths: AppPaths, name: str = "Sam") -> tuple[MainWindow, States]:
    """A first start: the window, and a new profile open in it."""
    window, states = open_window(qtbot, paths)
    create_profile(qtbot, states, name)
    return window, states


def relaunch(qtbot: QtBot, paths: AppPaths, name: str = "Sam") -> tuple[MainWindow, States]:
    """Start the app again (a restart) and unlock the profile with PASSPHRASE."""
    window, states = open_window(qtbot, paths)
    unlock(qtbot, states, name)
    return window, states


def close(qtbot: QtBot, window: MainWindow, states: States) -> None:
    """Quit: the window closes, the profile is locked and written."""
    window.close()
    states.session.close_profile()
    qtbot.waitUntil(lambda: not states.session.writing, timeout=10_000)


def accounts_page(window: MainWindow) -> AccountsPage:
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


# --- what a window shows ---------------------------------------------------------------------------------------
def model_words(model: QAbstractItemModel | None, parent: QModelIndex | None = None) -> list[str]:
    if model is None:
        return []
    parent = parent or QModelIndex()
    words: list[str] = []
    roles = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole)
    try:
        columns = model.columnCount(parent)
    except TypeError:  # a list model (a list widget's): one column, its columnCount is private in PySide6
        columns = 1
    for row in range(model.rowCount(parent)):
        for column in range(columns):
            index = model.index(row, column, parent)
            words += [str(model.data(index, role)) for role in roles if model.data(index, role) is not None]
            words += model_words(model, index) if column == 0 else []
    return words


def shown_words(root: QWidget) -> list[str]:
    """Every text of `root` and its children, shown or hidden: labels, buttons, fields, drop-downs, tabs, models,
    tooltips, accessible names and the items of graphics scenes."""
    words: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        words += [widget.toolTip(), widget.accessibleName(), widget.accessibleDescription(), widget.windowTitle()]
        words += [widget.statusTip(), widget.whatsThis()]
        if isinstance(widget, QLabel | QAbstractButton):
            words.append(widget.text())
        if isinstance(widget, QLineEdit):
            words += [widget.text(), widget.placeholderText()]
        if isinstance(widget, QPlainTextEdit | QTextEdit):
            words.append(widget.toPlainText())
        if isinstance(widget, QAbstractSpinBox):
            words.append(widget.text())
        if isinstance(widget, QComboBox):
            words += [widget.itemText(i) for i in range(widget.count())]
        if isinstance(widget, QTabWidget):
            words += [widget.tabText(i) for i in range(widget.count())]
            words += [widget.tabToolTip(i) for i in range(widget.count())]
        if isinstance(widget, QAbstractItemView):
            words += model_words(widget.model())
        if isinstance(widget, QGraphicsView) and widget.scene() is not None:
            for item in widget.scene().items():
                words.append(item.toolTip())
                if isinstance(item, QGraphicsSimpleTextItem):
                    words.append(item.text())
                if isinstance(item, QGraphicsTextItem):
                    words.append(item.toPlainText())
    return [w for w in words if w]


def assert_nothing_of(root: QWidget, secrets: Sequence[str], minimum: int = 10) -> None:
    words = shown_words(root)
    assert len(words) > minimum, "the walk should have found the widgets' own words"
    for secret in secrets:
        left = [w for w in words if secret.lower() in w.lower()]
        assert left == [], f"{secret!r} is still shown: {left}"


def settle(qtbot: QtBot) -> None:
    """Let Qt delete what was scheduled for deletion (rows of the detail panel) and deliver queued answers."""
    qtbot.wait(50)


# --- using the page --------------------------------------------------------------------------------------------
def test_add_link_map_home_and_restart(qtbot: QtBot, paths: AppPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    window, states = launch(qtbot, paths)
    page = accounts_page(window)
    assert "List the accounts you have" in page.counts.text()

    gmail = add(qtbot, monkeypatch, page, "goo", "sam@gmail.com")
    tiktok = add(qtbot, monkeypatch, page, "tikt", "@sam")
    insta = add(qtbot, monkeypatch, page, "insta", "@sam.pics")
    spotify = add(qtbot, monkeypatch, page, "spot", "")
    state = states.accounts
    assert [state.get(i).service for i in (gmail, tiktok, insta, spotify)] == [  # type: ignore[union-attr]
        "google",
        "tiktok",
        "instagram",
        "spotify",
    ]
    assert page.detail.account_id == spotify, "a new account is shown at once"
    assert page.counts.text() == (
        "4 accounts · private: 0 of 3 · 2-step login: 0 of 4 · links: 0 · due for review: 4"
    ), "Spotify cannot be private"

    # the detail panel edits the record
    assert page.select(tiktok)
    detail = page.detail
    detail.visibility.setCurrentIndex(detail.visibility.findData("private"))
    detail.two_factor.setCurrentIndex(detail.two_factor.findData("sms"))
    assert "SIM swapping" in detail.advice.text(), "SMS is compared with what TikTok offers"
    detail.alerts.setCurrentIndex(detail.alerts.findData(True))
    account = state.get(tiktok)
    assert account is not None
    assert (account.visibility, account.two_factor, account.login_alerts) == (Visibility.PRIVATE, TwoFactor.SMS, True)
    assert isinstance(account.visibility, Visibility) and isinstance(account.two_factor, TwoFactor)
    page.select(gmail)
    detail.two_factor.setCurrentIndex(detail.two_factor.findData("key"))

    state.link(tiktok, gmail, LinkKind.SIGN_IN)
    state.link(spotify, gmail, LinkKind.RECOVERY)
    state.link(tiktok, insta, LinkKind.CROSS_POST)
    assert page.select(tiktok)
    link_texts = [w.text() for w in detail.findChildren(type(detail.title)) if " with " in w.text()]
    assert any("signs in with Google (sam@gmail.com)" in t for t in link_texts)

    # the map: four accounts, three arrows; choosing Google shows who breaks in with it
    page.tabs.setCurrentWidget(page.map)
    amap = page.map
    assert set(amap.nodes) == {gmail, tiktok, insta, spotify}
    assert sorted(e.kind for e in amap.edges) == ["cross-post", "recovery", "sign-in"]
    qtbot.waitUntil(lambda: not amap.laying_out, timeout=5_000)
    assert places(amap) == laid_out(states), "the worked-out places are applied"
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

    qtbot.waitUntil(lambda: states.session.save_state == SaveState.SAVED, timeout=5_000)
    close(qtbot, window, states)

    window2, _states2 = relaunch(qtbot, paths)
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
    window, states = launch(qtbot, paths)
    page = accounts_page(window)
    ident = add(qtbot, monkeypatch, page, "instag", "@me")
    other = add(qtbot, monkeypatch, page, "faceb", "")
    states.accounts.link(ident, other, LinkKind.CROSS_POST)
    review = ReviewDialog(states.accounts, states.checklist, ident, page)
    qtbot.addWidget(review)
    assert review.topics == list(register.review_items(states.checklist.catalog, "instagram"))
    assert len(review.topics) == 6
    items = review.items
    assert all("instagram" in item.platforms for item in items.values()), "Instagram's own review items"
    review.groups["visibility"].buttons()[0].setChecked(True)  # private
    app_button = next(b for b in review.groups["two_factor"].buttons() if b.property("value") == "app")
    app_button.setChecked(True)
    review.groups["login_alerts"].buttons()[0].setChecked(True)  # yes
    box, _source, _link = review.unlinks[0]
    box.setChecked(True)  # I removed the cross-posting
    review.checks["links"].setChecked(True)
    for _topic in review.topics:
        review.next.click()
    assert review.next.text() == "Finish"
    assert "Done" in review.summary.text()
    review.next.click()
    account = states.accounts.get(ident)
    assert account is not None
    assert (account.visibility, account.two_factor, account.login_alerts) == (Visibility.PRIVATE, TwoFactor.APP, True)
    assert account.reviewed == date.today() and account.links == ()
    progress = states.checklist.progress
    for topic in ("visibility", "two_factor", "login_alerts", "links"):
        assert progress[items[topic].id].status is Status.DONE
    assert items["location"].id not in progress, "not ticked: not marked done"


def test_a_service_without_its_own_review_uses_the_general_items(qtbot: QtBot, paths: AppPaths) -> None:
    window, states = launch(qtbot, paths)
    accounts_page(window)
    account = states.accounts.add("spotify")
    review = ReviewDialog(states.accounts, states.checklist, account.id)
    qtbot.addWidget(review)
    assert len(review.topics) == 6
    assert all(not item.platforms for item in review.items.values())


def test_delete_an_account_step_by_step(qtbot: QtBot, paths: AppPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    window, states = launch(qtbot, paths)
    page = accounts_page(window)
    ident = add(qtbot, monkeypatch, page, "snap", "old")
    detail = page.detail
    assert detail.start_delete.isVisibleTo(detail)
    detail.start_delete.click()
    assert states.accounts.get(ident).state is AccountState.DELETING  # type: ignore[union-attr]
    assert not detail.mark_deleted.isEnabled(), "not before every step is ticked"
    for box in detail.steps.values():
        box.setChecked(True)
    assert detail.mark_deleted.isEnabled()
    detail.mark_deleted.click()
    assert states.accounts.get(ident).state is AccountState.DELETED  # type: ignore[union-attr]
    assert states.accounts.summary().accounts == 0, "a deleted account no longer counts"
    page.filter.setCurrentIndex(page.filter.findData("deleted"))
    assert page.proxy.rowCount() == 1
    page.filter.setCurrentIndex(page.filter.findData(""))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.select(ident)
    detail.remove_button.click()
    assert states.accounts.all == ()


def test_import_of_a_bad_file_changes_nothing(
    qtbot: QtBot, paths: AppPaths, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    window, states = launch(qtbot, paths)
    page = accounts_page(window)
    add(qtbot, monkeypatch, page, "tiktok", "@keep")
    before = states.accounts.all
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warnings.append(text))
    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "privacyapp-accounts", "version": 1, "accounts": [{"id": "x1"}]}))
    assert not page.import_file(bad)
    assert "nothing was changed" in warnings[-1] and "service" in warnings[-1]
    assert states.accounts.all == before
    good = tmp_path / "good.json"
    from privacyapp.core.accounts.exchange import write

    other = register.add((), "discord", states.accounts.catalogue, date.today(), handle="sam")[0]
    write(good, other)
    assert page.import_file(good)
    assert len(states.accounts.all) == 2 and states.accounts.all[0] == before[0]


def test_known_breaches_from_a_loopback_catalogue(
    qtbot: QtBot, paths: AppPaths, monkeypatch: pytest.MonkeyPatch, loopback_only: None
) -> None:
    from tests.integration.breach_catalogue_server import api_breach, catalogue_server
    from tests.integration.hibp_server import Reply

    window, states = launch(qtbot, paths)
    page = accounts_page(window)
    state = states.accounts
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
    assert [r.path for r in states.network.requests] == ["/api/v3/breaches"], "listed in the network activity"
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

    # locked: the breach list is public and stays, the names of this person's accounts go
    window.lock_button.click()
    text = page.breach_text.text()
    assert "TikTok" not in text and "@sam" not in text and "may be affected" not in text
    assert "No known breach of your services" in text and "downloaded today" in text


def test_no_copy_and_no_network_never_says_no_breaches(
    qtbot: QtBot, paths: AppPaths, monkeypatch: pytest.MonkeyPatch, loopback_only: None
) -> None:
    from tests.integration.hibp_server import closed_port_url

    window, states = launch(qtbot, paths)
    page = accounts_page(window)
    states.accounts.add("tiktok")
    monkeypatch.setenv("PRIVACYAPP_HIBP_API_URL", closed_port_url())
    page.breach_button.click()
    qtbot.waitUntil(lambda: not states.accounts.downloading, timeout=10_000)
    text = page.breach_text.text()
    assert "Could not download" in text and "cannot say which of your services had breaches" in text
    assert "No known breach" not in text


def test_no_download_when_online_checks_are_off(qtbot: QtBot, paths: AppPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    from privacyapp.core.settings import OnlineChecks

    window, states = launch(qtbot, paths)
    page = accounts_page(window)
    states.passwords.set_online_checks(OnlineChecks.FORBIDDEN)
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text: told.append(text))
    monkeypatch.setattr(states.accounts, "download_breaches", lambda *a: pytest.fail("downloaded"))
    page.breach_button.click()
    assert told == ["Online checks are turned off in Settings, so privacyapp will not download the list."]
    assert states.network.requests == ()


def test_link_and_unlink_from_the_detail_panel_and_the_map(
    qtbot: QtBot, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    from privacyapp.ui.accounts.link_dialog import LinkDialog

    window, states = launch(qtbot, paths)
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
    account = states.accounts.get(tiktok)
    assert account is not None and [(x.to, x.kind) for x in account.links] == [(google, LinkKind.RECOVERY)]
    unlink_buttons = [b for b in page.detail.findChildren(type(page.detail.add_link_button)) if b.text() == "Unlink"]
    assert len(unlink_buttons) == 1
    assert "TikTok (@me) recovers through Google (me@gmail.com)" in unlink_buttons[0].accessibleName()
    unlink_buttons[0].click()
    assert states.accounts.get(tiktok).links == ()  # type: ignore[union-attr]

    states.accounts.link(tiktok, google, LinkKind.SIGN_IN)
    page.tabs.setCurrentWidget(page.map)
    (edge,) = page.map.edges
    edge.setSelected(True)
    assert "Login methods" in page.map.info_text.text()
    page.map.unlink_button.click()
    assert states.accounts.get(tiktok).links == () and page.map.edges == []  # type: ignore[union-attr]


# --- Lock and a switch forget ----------------------------------------------------------------------------------
def populate(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, page: AccountsPage, states: States) -> tuple[str, str]:
    """Sam's accounts on the page: a search typed, an account chosen with a note, links, the map drawn with one
    account selected."""
    tiktok = add(qtbot, monkeypatch, page, "tiktok", SENTINEL_HANDLE)
    google = add(qtbot, monkeypatch, page, "google", "sentinel-sam@gmail.com")
    states.accounts.link(tiktok, google, LinkKind.SIGN_IN)
    assert page.select(tiktok)
    qtbot.keyClicks(page.detail.notes, SENTINEL_NOTE)  # typed: saved as it is typed, with an undo history
    qtbot.keyClicks(page.search, SENTINEL_SEARCH)
    assert page.proxy.rowCount() == 2 and page.search.isUndoAvailable()
    assert states.accounts.get(tiktok).notes == SENTINEL_NOTE  # type: ignore[union-attr]
    page.tabs.setCurrentWidget(page.map)
    page.map.select_account(tiktok)
    assert "could also get into" not in page.map.info_text.text() and SENTINEL_HANDLE in page.map.info_title.text()
    page.tabs.setCurrentIndex(0)
    assert page.select(tiktok)
    qtbot.keyClicks(page.detail.handle, "-typed")  # typed, not yet saved
    assert page.detail.handle.isUndoAvailable() and page.detail.notes.document().isUndoAvailable()
    assert SENTINEL_HANDLE in " ".join(shown_words(page)) and SENTINEL_NOTE in " ".join(shown_words(page))
    return tiktok, google


SAM = (SENTINEL_HANDLE, SENTINEL_NOTE, SENTINEL_SEARCH, "sentinel-sam@gmail.com")


def assert_forgotten(page: AccountsPage) -> None:
    assert page.model.rowCount() == 0 and page.proxy.rowCount() == 0
    assert page.search.text() == "" and not page.search.isUndoAvailable(), "the search and its undo history go"
    assert page.filter.currentIndex() == 0
    detail = page.detail
    assert detail.account_id is None and detail.content.isHidden() and not detail.empty.isHidden()
    assert detail.handle.text() == "" and not detail.handle.isUndoAvailable()
    assert detail.notes.toPlainText() == "" and not detail.notes.document().isUndoAvailable()
    assert page.map.nodes == {} and page.map.edges == [] and page.map.scene.items() == []
    assert not page.map.laying_out
    assert_nothing_of(page, SAM)


def test_lock_leaves_nothing_of_the_accounts_on_the_page(
    qtbot: QtBot, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, states = launch(qtbot, paths)
    page = accounts_page(window)
    populate(qtbot, monkeypatch, page, states)
    window.lock_button.click()
    assert states.session.document is None
    settle(qtbot)
    assert_forgotten(page)
    assert "List the accounts you have" in page.counts.text()

    # unlocked again, the same person finds everything (it was saved, not lost)
    unlock(qtbot, states)
    assert page.model.rowCount() == 2
    assert any(a.notes == SENTINEL_NOTE for a in states.accounts.all)


def test_a_switch_shows_the_next_person_only_their_own_accounts(
    qtbot: QtBot, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, states = launch(qtbot, paths)
    page = accounts_page(window)
    populate(qtbot, monkeypatch, page, states)
    page.tabs.setCurrentWidget(page.map)  # the map on screen while the profile changes
    create_profile(qtbot, states, "Alex")  # closes Sam's profile first, as a switch does
    settle(qtbot)
    assert_nothing_of(page, SAM)
    alex = states.accounts.add("discord", handle="@alex-only")
    assert page.model.rowCount() == 1 and page.model.account(0).id == alex.id
    page.tabs.setCurrentWidget(page.map)
    assert set(page.map.nodes) == {alex.id}
    assert_nothing_of(page, SAM)


def test_lock_closes_a_dialog_of_the_page(qtbot: QtBot, paths: AppPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    """A review left open when the computer locks by itself: it closes, and saves nothing."""
    from PySide6.QtCore import QTimer

    window, states = launch(qtbot, paths)
    page = accounts_page(window)
    tiktok = add(qtbot, monkeypatch, page, "tiktok", SENTINEL_HANDLE)
    seen: list[str] = []

    def lock_while_open() -> None:
        dialogs = [d for d in page.findChildren(ReviewDialog) if d.isVisible()]
        seen.extend(d.windowTitle() for d in dialogs)
        window.lock_button.click()

    QTimer.singleShot(100, lock_while_open)
    page.detail.review_button.click()  # runs the review dialog until the lock closes it
    assert seen == [f"Review TikTok ({SENTINEL_HANDLE})"]
    assert [d for d in page.findChildren(QDialog) if d.isVisible()] == []
    settle(qtbot)
    assert_forgotten(page)
    unlock(qtbot, states)
    assert states.accounts.get(tiktok).reviewed is None  # type: ignore[union-attr]


# --- the map is laid out off the GUI thread --------------------------------------------------------------------
def places(amap: map_view.AccountsMap) -> dict[str, tuple[float, float]]:
    return {i: (round(n.pos().x(), 3), round(n.pos().y(), 3)) for i, n in amap.nodes.items()}


def laid_out(states: States) -> dict[str, tuple[float, float]]:
    """Where core.accounts.layout puts the accounts of the open profile, to compare with the map's places."""
    found = map_layout(*shape_of(states), spacing=map_view.SPACING)
    return {i: (round(x, 3), round(y, 3)) for i, (x, y) in found.items()}


def shape_of(states: States) -> tuple[list[str], list[tuple[str, str]]]:
    accounts = tuple(a for a in states.accounts.all if a.state != AccountState.DELETED)
    return [a.id for a in accounts], [(s.id, t.id) for s, t, _kind in register.edges(accounts)]


def big_register(states: States, count: int = 100, links: int = 150) -> None:
    """`count` accounts and `links` links between them, deterministic, in one change."""
    catalogue = states.accounts.catalogue
    services = [s.id for s in catalogue.services]
    accounts: register.Accounts = ()
    for number in range(count):
        accounts = register.add(
            accounts, services[number % len(services)], catalogue, date.today(), handle=f"@a{number}"
        )[0]
    kinds = list(LinkKind)
    made = 0
    step = 1
    while made < links:
        for number in range(count):
            if made == links:
                break
            source, target = accounts[number].id, accounts[(number * 7 + step) % count].id
            if source != target:
                before = accounts
                accounts = register.link(accounts, source, target, kinds[made % len(kinds)])
                made += accounts is not before
        step += 1
    states.accounts.replace_all(accounts)


class Layouts:
    """Stands in for core.accounts.layout.map_layout: records the thread, and can hold an answer back."""

    def __init__(self) -> None:
        self.threads: list[bool] = []  # True: ran on the GUI thread
        self.hold: dict[int, threading.Event] = {}  # call number -> released when set
        self.started = 0

    def __call__(
        self, nodes: Sequence[str], edges: Sequence[tuple[str, str]], spacing: float = 150.0
    ) -> dict[str, Point]:
        number = self.started
        self.started += 1
        self.threads.append(threading.current_thread() is threading.main_thread())
        gate = self.hold.get(number)
        if gate is not None:
            assert gate.wait(10)
        return map_layout(nodes, edges, spacing)


@pytest.fixture
def layouts(monkeypatch: pytest.MonkeyPatch) -> Iterator[Layouts]:
    """The map's layouts, recorded; every one held back is released at the end of the test whatever happened."""
    stand_in = Layouts()
    monkeypatch.setattr(layout_module, "map_layout", stand_in)
    yield stand_in
    for gate in stand_in.hold.values():
        gate.set()


def test_a_big_map_is_laid_out_off_the_gui_thread(qtbot: QtBot, paths: AppPaths, layouts: Layouts) -> None:
    import time

    window, states = launch(qtbot, paths)
    page = accounts_page(window)
    big_register(states)
    assert len(states.accounts.all) == 100 and states.accounts.summary().links == 150
    amap = page.map
    assert layouts.started == 0, "nothing is laid out while the map is not shown"
    started = time.perf_counter()
    page.tabs.setCurrentWidget(amap)
    drawn_in = time.perf_counter() - started
    assert len(amap.nodes) == 100 and len(amap.edges) == 150, "every account and link is made at once"
    assert amap.laying_out and amap.drawing, "and put on the map a slice at a time"
    assert len(amap.scene.items()) < 250
    qtbot.waitUntil(lambda: not amap.laying_out and not amap.drawing, timeout=10_000)
    on_map = {i for i in amap.scene.items() if isinstance(i, NodeItem | EdgeItem)}
    assert on_map == {*amap.nodes.values(), *amap.edges}
    assert layouts.threads == [False], "laid out once, in a worker thread"
    assert places(amap) == laid_out(states)
    for edge in amap.edges:  # the arrows followed their accounts
        assert edge.path().elementCount() > 0
        assert edge.path().boundingRect().intersects(edge.source.sceneBoundingRect().adjusted(-60, -60, 60, 60))
    print(f"drawing 100 accounts and 150 links on the GUI thread: {drawn_in * 1000:.0f} ms")

    # a note or a new handle keeps the places: nothing is laid out again
    first = states.accounts.all[0]
    states.accounts.update(first.id, handle="@renamed")
    assert amap.nodes[first.id].toolTip().endswith("@renamed") and not amap.laying_out
    assert layouts.started == 1


def test_a_stale_layout_is_dropped(qtbot: QtBot, paths: AppPaths, layouts: Layouts) -> None:
    layouts.hold[0] = threading.Event()
    window, states = launch(qtbot, paths)
    page = accounts_page(window)
    a, b, c = (states.accounts.add(s).id for s in ("google", "tiktok", "discord"))
    unlinked = laid_out(states)
    page.tabs.setCurrentWidget(page.map)
    amap = page.map
    qtbot.waitUntil(lambda: layouts.started == 1, timeout=5_000)
    states.accounts.link(b, a, LinkKind.SIGN_IN)  # the shape changes while the first layout is held back
    qtbot.waitUntil(lambda: layouts.started == 2, timeout=5_000)
    qtbot.waitUntil(lambda: not amap.laying_out, timeout=5_000)
    linked = laid_out(states)
    assert linked != unlinked
    assert places(amap) == linked
    layouts.hold[0].set()  # the first answer, for three unlinked accounts, comes back last
    qtbot.waitUntil(lambda: not any(t.name == "privacyapp-map-layout" for t in threading.enumerate()), timeout=5_000)
    settle(qtbot)
    assert places(amap) == linked, "the stale answer was dropped"
    assert set(amap.nodes) == {a, b, c} and len(amap.edges) == 1


def test_a_layout_that_comes_back_after_lock_is_dropped(qtbot: QtBot, paths: AppPaths, layouts: Layouts) -> None:
    layouts.hold[0] = threading.Event()
    window, states = launch(qtbot, paths)
    page = accounts_page(window)
    states.accounts.add("tiktok", handle=SENTINEL_HANDLE)
    page.tabs.setCurrentWidget(page.map)
    qtbot.waitUntil(lambda: layouts.started == 1, timeout=5_000)
    assert page.map.laying_out and len(page.map.nodes) == 1
    window.lock_button.click()
    layouts.hold[0].set()
    qtbot.waitUntil(lambda: not any(t.name == "privacyapp-map-layout" for t in threading.enumerate()), timeout=5_000)
    settle(qtbot)
    assert page.map.nodes == {} and page.map.scene.items() == [] and not page.map.laying_out
    assert_nothing_of(page, [SENTINEL_HANDLE])


def test_forget_is_the_pages_own_too(qtbot: QtBot, paths: AppPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    """The window calls page.forget() on Lock; called by itself it clears what was typed and shown as well."""
    window, states = launch(qtbot, paths)
    page = accounts_page(window)
    populate(qtbot, monkeypatch, page, states)
    page.forget()
    settle(qtbot)
    assert page.search.text() == "" and not page.search.isUndoAvailable()
    assert page.detail.account_id is None and page.detail.notes.toPlainText() == ""
    assert page.map.nodes == {} and page.tabs.currentIndex() == 0
    assert page.model.rowCount() == 2, "the profile is still open: its accounts are still listed"


def test_sorting_the_list_keeps_the_chosen_account_and_follows_changes(
    qtbot: QtBot, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The list sorts its own rows (not through the filter): the chosen account stays chosen, and an account
    whose cell changes moves to its new place."""
    window, states = launch(qtbot, paths)
    page = accounts_page(window)
    tiktok = add(qtbot, monkeypatch, page, "tiktok", "@tt")
    discord = add(qtbot, monkeypatch, page, "discord", "@dd")
    snap = add(qtbot, monkeypatch, page, "snap", "@ss")

    def order() -> list[str]:
        return [page.proxy.index(row, 0).data(ID_ROLE) for row in range(page.proxy.rowCount())]

    assert order() == [discord, snap, tiktok], "by account name, A to Z"
    page.select(snap)
    header = page.table.horizontalHeader()
    header.setSortIndicator(0, Qt.SortOrder.DescendingOrder)
    assert order() == [tiktok, snap, discord]
    assert page.table.selectionModel().selectedRows()[0].data(ID_ROLE) == snap, "the choice follows its row"
    header.setSortIndicator(1, Qt.SortOrder.AscendingOrder)  # "Can't be", "No, public", "Not sure", "Yes"
    states.accounts.update(tiktok, visibility=Visibility.PRIVATE)
    assert order() == [discord, snap, tiktok]
    states.accounts.update(tiktok, visibility=Visibility.PUBLIC)
    assert order() == [discord, tiktok, snap]
    assert page.table.selectionModel().selectedRows()[0].data(ID_ROLE) == snap
