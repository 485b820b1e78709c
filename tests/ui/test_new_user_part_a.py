"""What a new user tripped over (issue 13, section 3), in the real window: the keyboard (Tab out of the accounts
table, Enter to check a password, Ctrl+Q / Ctrl+L / Ctrl+F, back to "To do" and Undo), the checklist search, the
audit table and its paste box, the words, the wheel over a combo box, and dark mode."""

from __future__ import annotations

import hashlib
import math
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QPlainTextEdit, QTextEdit, QWidget
from pytestqt.qtbot import QtBot

from privacyapp.core import services
from privacyapp.core.audit import Audited, parse_list
from privacyapp.core.passwords import guess_time_words
from privacyapp.core.paths import AppPaths
from privacyapp.core.progress import Status
from privacyapp.core.settings import OnlineChecks
from privacyapp.ui import theme
from privacyapp.ui.accounts import badge
from privacyapp.ui.accounts.review import ReviewDialog
from privacyapp.ui.checklist.model import ID_ROLE
from privacyapp.ui.checklist.page import ChecklistPage
from privacyapp.ui.main_window import MainWindow
from privacyapp.ui.pages import passwords as passwords_module
from privacyapp.ui.pages.passwords import PasswordsPage
from privacyapp.ui.pages.settings import SettingsPage
from privacyapp.ui.passwords.audit import AuditCard, PasteDialog
from tests.ui.test_accounts_gui import accounts_page, launch
from tests.ui.test_profile_gui import click_unlock, finish_onboarding, launch_states

LEAKED = "hunter2-enter-sentinel"


def page_of(window: MainWindow, key: str) -> QWidget:
    window.go_to(key)
    return window.page(key)


def passwords_page(window: MainWindow) -> PasswordsPage:
    page = page_of(window, "passwords")
    assert isinstance(page, PasswordsPage)
    return page


def checklist_page(window: MainWindow) -> ChecklistPage:
    page = page_of(window, "checklist")
    assert isinstance(page, ChecklistPage)
    return page


def focus_chain(start: QWidget, presses: int) -> list[QWidget]:
    """The widgets Tab lands on, from `start`."""
    start.setFocus(Qt.FocusReason.OtherFocusReason)
    assert start.hasFocus()
    landed = []
    for _ in range(presses):
        focused = QApplication.focusWidget()
        assert focused is not None
        QtBot.keyClick(focused, Qt.Key.Key_Tab)
        after = QApplication.focusWidget()
        assert after is not None
        landed.append(after)
    return landed


def active(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5_000)


# --- the keyboard ----------------------------------------------------------------------------------------------
def test_tab_leaves_the_accounts_table_and_reaches_review(qtbot: QtBot, paths: AppPaths) -> None:
    window, states = launch(qtbot, paths)
    active(qtbot, window)
    for service, handle in (("tiktok", "@sam"), ("instagram", "@sam.pics"), ("discord", "sam#1"), ("x", "@sam")):
        states.accounts.add(service, handle=handle)
    page = accounts_page(window)
    page.table.selectRow(0)
    landed = focus_chain(page.table, 40)
    assert landed[0] is not page.table, "one Tab leaves the table (the arrow keys move between its rows)"
    assert page.detail.review_button in landed, "Review this account… is reached with the keyboard"


def test_enter_in_the_password_field_checks_it(qtbot: QtBot, paths: AppPaths, tmp_path: Path) -> None:
    window, states = launch(qtbot, paths)
    page = passwords_page(window)
    digest = hashlib.sha1(LEAKED.encode()).hexdigest().upper()
    others = [hashlib.sha1(str(n).encode()).hexdigest().upper() for n in range(200)]
    hashes = tmp_path / "pwned.txt"
    hashes.write_text("\n".join(sorted([f"{h}:1" for h in others] + [f"{digest}:4242"])) + "\n")
    states.passwords.set_offline_source(str(hashes))
    page.password.edit.setText(LEAKED)
    qtbot.keyClick(page.password.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "4,242" in page.breach_label.text(), timeout=5_000)
    assert states.network.requests == ()


def test_enter_asks_for_consent_as_the_button_does_and_says_not_checked_once(
    qtbot: QtBot, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, states = launch(qtbot, paths)
    page = passwords_page(window)
    asked: list[str] = []

    def refuse(*args: object, **_kwargs: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", staticmethod(refuse))
    assert states.passwords.online_checks == OnlineChecks.ASK
    page.password.edit.setText("anything at all 4410")
    qtbot.keyClick(page.password.edit, Qt.Key.Key_Enter)
    assert len(asked) == 1 and "first 5 characters" in asked[0], "Enter asks first, as the button does"
    qtbot.waitUntil(lambda: page.check_button.isEnabled(), timeout=5_000)
    words = page.breach_label.text()
    assert words.startswith("Not checked: online checks are off"), words
    assert "Could not check" not in words and words.count("Not checked") == 1
    assert "Not found" not in words, "not checked is never shown as not found"
    assert states.network.requests == (), "a refusal sends nothing"


def test_ctrl_f_finds_on_each_page_ctrl_l_locks_and_ctrl_q_quits(qtbot: QtBot, paths: AppPaths) -> None:
    window, states = launch(qtbot, paths)
    window.install_shortcuts()
    active(qtbot, window)
    checklist = checklist_page(window)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert checklist.search.hasFocus()
    accounts = accounts_page(window)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert accounts.search.hasFocus()
    passwords = passwords_page(window)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert passwords.audit.filter.hasFocus(), "on Passwords: the filter of the results"

    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not states.session.is_open, timeout=5_000)
    qtbot.waitUntil(lambda: not states.session.writing, timeout=10_000)

    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5_000)


def test_back_to_to_do_and_undo_the_last_change(qtbot: QtBot, paths: AppPaths) -> None:
    window, states = launch(qtbot, paths)
    checklist = states.checklist
    page = checklist_page(window)
    first = page.current_id()
    assert first is not None
    assert page.step.buttons["todo"].isHidden(), "a step to do needs no way back to it"
    assert page.step.undo.isHidden(), "nothing to undo yet"

    page.step.buttons["done"].click()
    assert page.current_id() != first
    assert not page.step.undo.isHidden() and "Done" in page.step.undo_text.text()
    page.select(first)
    assert not page.step.buttons["todo"].isHidden()
    page.step.buttons["todo"].click()
    entry = checklist.entry(first)
    assert entry is not None and entry.status == Status.TODO
    assert page.current_id() == first, "back on the list: it stays the step shown"
    assert page.step.buttons["todo"].isHidden()

    # Later (in a month) with a note, then Skip: Undo brings back the Later, its date and the note
    second = page.model.item_ids()[1]
    page.select(second)
    page.step.note.setText("ask my sister")
    page.step.buttons["later"].menu().actions()[2].trigger()
    later = checklist.entry(second)
    assert later is not None and later.status == Status.LATER and later.until is not None
    page.select(second)
    page.step.note.setText("changed my mind")
    page.step.buttons["skipped"].click()
    assert checklist.entry(second).status == Status.SKIPPED  # type: ignore[union-attr]
    page.step.undo.click()
    undone = checklist.entry(second)
    assert undone is not None
    assert (undone.status, undone.until, undone.note) == (Status.LATER, later.until, "ask my sister")
    assert page.current_id() == second, "Undo shows the step it changed"
    assert page.step.undo.isHidden(), "one change, one undo"

    # the first change of a step never set before: Undo leaves it to do, with no note
    third = page.model.item_ids()[2]
    assert checklist.entry(third) is None
    page.select(third)
    page.step.note.setText("a note")
    page.step.buttons["not-applicable"].click()
    page.step.undo.click()
    back = checklist.entry(third)
    assert back is None or (back.status == Status.TODO and back.note == "")


def test_lock_forgets_what_undo_would_do(qtbot: QtBot, paths: AppPaths) -> None:
    window, _states = launch(qtbot, paths)
    page = checklist_page(window)
    page.step.buttons["done"].click()
    assert not page.step.undo.isHidden()
    page.forget()
    assert page.step.undo.isHidden() and page.step.undo_text.text() == ""


# --- the checklist search ---------------------------------------------------------------------------------------
def shown_item_ids(page: ChecklistPage) -> list[str]:
    proxy, found = page.proxy, []
    stack = [proxy.index(row, 0) for row in range(proxy.rowCount())]
    while stack:
        index = stack.pop()
        stack.extend(proxy.index(row, 0, index) for row in range(proxy.rowCount(index)))
        if proxy.rowCount(index) == 0:
            found.append(str(index.data(ID_ROLE)))
    return found


def test_search_reads_the_steps_text_and_says_when_nothing_is_found(qtbot: QtBot, paths: AppPaths) -> None:
    window, states = launch(qtbot, paths)
    states.checklist.set_plan("teen", ["tiktok", "android"])
    page = checklist_page(window)
    page.search.setText("deepfake")
    found = shown_item_ids(page)
    assert found, "'deepfake' is in the text of a TikTok step"
    catalog = states.checklist.catalog
    beyond_titles = [
        i for i in found if "deepfake" not in f"{i} {catalog.by_id[i].title} {catalog.by_id[i].summary}".lower()
    ]
    assert beyond_titles, "found in the why and the steps, not only in titles and summaries"
    assert page.nothing_found.isHidden()

    page.search.setText("deepfake zebra-crossing-nowhere")
    assert shown_item_ids(page) == []
    assert not page.nothing_found.isHidden()
    assert "Nothing found for “deepfake zebra-crossing-nowhere”" in page.nothing_found.text()
    page.nothing_found.linkActivated.emit("clear")
    assert page.search.text() == "" and page.nothing_found.isHidden()
    assert len(shown_item_ids(page)) == len(page.model.item_ids())

    page.status.setCurrentIndex(page.status.findData("done"))  # nothing done yet: the filters alone find nothing
    assert not page.nothing_found.isHidden() and "No step matches these filters." in page.nothing_found.text()


# --- the audit table and its paste box ---------------------------------------------------------------------------
def audit_card(window: MainWindow) -> AuditCard:
    return passwords_page(window).audit


def header_words(card: AuditCard) -> list[str]:
    model = card.table.model()
    return [str(model.headerData(n, Qt.Orientation.Horizontal)) for n in range(model.columnCount())]


def test_the_columns_and_their_headers_are_never_cut(qtbot: QtBot, paths: AppPaths) -> None:
    window, _states = launch(qtbot, paths)
    card = audit_card(window)
    rows = [
        Audited("zebra.example", "someone.with.a.long.name@example.org", 0, 123456, 3),
        Audited("apple.example", "sam", 4, 0, 1),
        Audited("middle.example", "sam", 2, None, 1, "not checked"),
    ]
    card._done(rows)
    qtbot.waitUntil(lambda: card.table.isVisible(), timeout=5_000)
    header = card.table.horizontalHeader()
    assert [card.proxy.index(r, 0).data() for r in range(3)] == ["apple.example", "middle.example", "zebra.example"]
    for column in range(1, len(header_words(card))):
        needed = max(card.table.sizeHintForColumn(column), header.sectionSizeFromContents(column).width())
        assert header.sectionSize(column) >= needed, (header_words(card)[column], header.sectionSize(column), needed)


def test_a_pasted_list_is_named_by_its_lines_not_by_sites(qtbot: QtBot, paths: AppPaths) -> None:
    window, states = launch(qtbot, paths)
    states.passwords.set_online_checks(OnlineChecks.FORBIDDEN)
    card = audit_card(window)
    card.run(parse_list("Sentinel-a1\nSentinel-b2\nSentinel-a1\n"))
    qtbot.waitUntil(lambda: card.model.rowCount() == 3, timeout=10_000)
    assert header_words(card)[0] == "Line" and header_words(card)[4] == "In this list"
    cells = [[card.proxy.index(r, c).data() for c in (0, 4)] for r in range(3)]
    assert cells == [["Password 1", "2 times"], ["Password 2", "once"], ["Password 3", "2 times"]]
    assert card.table.isColumnHidden(1), "a pasted list has no usernames"
    shown = " ".join(str(card.proxy.index(r, c).data()) for r in range(3) for c in range(5))
    assert "(no site)" not in shown and "site" not in shown


def test_the_paste_box_never_shows_the_passwords(qtbot: QtBot, paths: AppPaths) -> None:
    window, _states = launch(qtbot, paths)
    card = audit_card(window)
    dialog = PasteDialog(card)
    qtbot.addWidget(dialog)
    assert dialog.findChildren(QPlainTextEdit) == [] and dialog.findChildren(QTextEdit) == []
    for field in dialog.findChildren(QLineEdit):
        assert field.echoMode() == QLineEdit.EchoMode.Password
    assert not dialog.check_button.isEnabled(), "nothing to check yet"
    QGuiApplication.clipboard().setText("Sentinel-paste-one\nSentinel-paste-two\n\n")
    dialog.paste_button.click()
    dialog.entry.setText("Sentinel-typed-three")
    qtbot.keyClick(dialog.entry, Qt.Key.Key_Return)
    assert dialog.isVisible() is False or dialog.result() == 0, "Enter in the field adds, it does not check"
    assert dialog.lines == ["Sentinel-paste-one", "Sentinel-paste-two", "Sentinel-typed-three"]
    assert dialog.count.text() == "3 passwords ready to check."
    assert dialog.entry.text() == "" and dialog.check_button.isEnabled()
    QGuiApplication.clipboard().clear()


# --- words ---------------------------------------------------------------------------------------------------------
def test_copied_goes_back_to_copy_when_the_clipboard_is_cleared(
    qtbot: QtBot, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, _states = launch(qtbot, paths)
    page = passwords_page(window)
    monkeypatch.setattr(passwords_module, "CLEAR_AFTER_MS", 300)
    monkeypatch.setattr(passwords_module, "copy_sensitive", lambda _text: None)  # the clipboard is not the point
    page.generate()
    page.copy_button.click()
    assert page.copy_button.text() == "Copied (cleared in 30 s)"
    qtbot.waitUntil(lambda: page.copy_button.text() == "Copy", timeout=5_000)


def test_the_recovery_code_unlock_asks_for_the_code(qtbot: QtBot, paths: AppPaths) -> None:
    window, _states, flow = launch_states(qtbot, paths)
    finish_onboarding(qtbot, flow)
    window.lock_button.click()
    dialog = click_unlock(qtbot, window, flow)
    assert "passphrase" in dialog.intro.text()
    dialog.use_recovery.setChecked(True)
    assert "recovery code" in dialog.intro.text() and "passphrase" not in dialog.intro.text()
    dialog.use_recovery.setChecked(False)
    assert "passphrase" in dialog.intro.text()
    dialog.reject()


def test_settings_say_what_happens_without_an_offline_file(qtbot: QtBot, paths: AppPaths) -> None:
    window, states = launch(qtbot, paths)
    page = page_of(window, "settings")
    assert isinstance(page, SettingsPage)
    offline = page.password_checks.offline
    states.passwords.set_online_checks(OnlineChecks.FORBIDDEN)
    assert "online checks are off" in offline.text() and "go online" not in offline.text()
    states.passwords.set_online_checks(OnlineChecks.ALLOWED)
    assert "checks go online" in offline.text()
    states.passwords.set_online_checks(OnlineChecks.ASK)
    assert "asked" in offline.text()


def test_a_review_with_steps_left_does_not_say_all_done(qtbot: QtBot, paths: AppPaths) -> None:
    window, states = launch(qtbot, paths)
    page = accounts_page(window)
    account = states.accounts.add("instagram", handle="@me")
    review = ReviewDialog(states.accounts, states.checklist, account.id, page)
    qtbot.addWidget(review)
    review.groups["visibility"].buttons()[0].setChecked(True)  # one step answered, the others not
    for _ in review.topics:
        review.next.click()
    left = len(review.topics) - 1
    assert review.done_title.text() == f"Review finished: {left} steps not done yet"
    assert "All done" not in review.done_title.text()


def test_the_guess_time_never_says_about_centuries() -> None:
    assert guess_time_words(1e15) == "it would take centuries to guess"


# --- the wheel over a combo box ------------------------------------------------------------------------------------
def wheel(widget: QWidget, down: bool = True) -> None:
    """A wheel turn over `widget`, as the window system delivers it (a spontaneous event, which Qt hands on to
    the parents when the widget ignores it)."""
    top = widget.window()
    handle = top.windowHandle()
    assert handle is not None
    where = widget.mapTo(top, widget.rect().center())
    QTest.wheelEvent(handle, QPointF(where), QPoint(0, -120 if down else 120))


def test_the_wheel_scrolls_the_page_not_the_combo_box(qtbot: QtBot, paths: AppPaths) -> None:
    window, _states = launch(qtbot, paths)
    window.resize(900, 560)
    page = page_of(window, "settings")
    assert isinstance(page, SettingsPage)
    combo = page.password_checks.mode
    page.ensureWidgetVisible(combo)
    qtbot.waitUntil(lambda: combo.isVisible(), timeout=5_000)
    bar = page.verticalScrollBar()
    assert bar.maximum() > 0, "the page scrolls at this size"
    bar.setValue(bar.maximum() // 2)
    page.ensureWidgetVisible(combo)
    before_index, before_scroll = combo.currentIndex(), bar.value()
    window.setFocus()
    assert not combo.hasFocus()
    wheel(combo, down=before_scroll < bar.maximum())
    assert combo.currentIndex() == before_index, "a wheel passing over it chooses nothing"
    assert bar.value() != before_scroll, "the page scrolls"
    combo.setFocus()
    wheel(combo, down=combo.currentIndex() < combo.count() - 1)
    assert combo.currentIndex() != before_index, "once it has the focus, the wheel changes it"


# --- dark mode -----------------------------------------------------------------------------------------------------
def lightness_gap(image: QImage, background: QColor) -> int:
    """The largest lightness difference from `background` among the image's edge pixels (the track's ring)."""
    gap = 0
    for x in range(image.width()):
        for y in (0, 1, image.height() - 1, image.height() - 2):
            gap = max(gap, abs(image.pixelColor(x, y).lightness() - background.lightness()))
    return gap


@pytest.fixture
def dark(qapp: QApplication) -> object:
    before = qapp.palette()
    qapp.setPalette(theme.dark_palette())
    yield
    qapp.setPalette(before)


def test_an_empty_progress_track_shows_in_the_dark(qtbot: QtBot, paths: AppPaths, dark: object) -> None:
    window, _states = launch(qtbot, paths)
    page = checklist_page(window)
    bar = page.progress
    assert bar.value() == 0
    qtbot.waitUntil(lambda: bar.isVisible(), timeout=5_000)
    image = bar.grab().toImage()
    window_colour = QApplication.palette().color(QPalette.ColorRole.Window)
    assert lightness_gap(image, window_colour) >= 20, "the track stands out from the window"


def test_a_black_badge_stands_out_on_a_dark_map(qapp: QApplication) -> None:
    tiktok = services.load(services.shipped_file()).by_id["tiktok"]
    assert QColor(tiktok.colour).lightness() < 30
    size = 48
    picture = badge.pixmap(tiktok, size, 1.0)
    background = QColor("#1f2227")  # the dark window the map sits on
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(background)
    painter = QPainter(image)
    painter.drawPixmap(0, 0, picture)
    painter.end()
    centre, rim = size / 2, []
    for x in range(size):
        for y in range(size):
            if size / 2 - 4 <= math.hypot(x + 0.5 - centre, y + 0.5 - centre) <= size / 2 - 1:
                rim.append(image.pixelColor(x, y).lightness())
    assert sum(rim) / len(rim) - background.lightness() >= 60, "the disc's edge is ringed in a light colour"
