"""Lock, auto-lock and a switch to another person's profile forget everything the last person typed or saw.

Every page is filled the way a person would fill it (typed words, a password shown in clear, a leak result, a
generated passphrase on the clipboard, a note, a search, an account), then the window is locked or switched and
every widget of it is walked: texts, tooltips, placeholder texts and the rows of every item model. Nothing of
the first person may be left."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from privacyapp.core.paths import AppPaths
from privacyapp.core.redact import Secret
from privacyapp.ui.accounts.page import AccountsPage
from privacyapp.ui.checklist.page import ChecklistPage
from privacyapp.ui.flow import ProfileFlow
from privacyapp.ui.main_window import MainWindow
from privacyapp.ui.pages.passwords import PasswordsPage
from privacyapp.ui.pages.settings import SettingsPage
from privacyapp.ui.state import States
from tests.conftest import FAST_KDF
from tests.ui.test_profile_gui import PASSPHRASE, click_unlock, finish_onboarding, launch_states

SECOND_PASSPHRASE = "copper lantern tidal orchard"
# What the first person types or sees; none of it may survive.
TYPED_PASSWORD = "Zq7-first-persons-secret"
NOTE = "firstperson-note-hillpark"
HANDLE = "firstperson_handle"
SEARCH = "firstperson-search"
MIRROR = "https://firstperson-mirror.example"


def texts(widget: QWidget) -> Iterator[str]:
    """Everything a widget and its children show or hold as text, and every cell of every item model."""
    for child in [widget, *widget.findChildren(QWidget)]:
        yield child.toolTip()
        yield child.accessibleDescription()
        if isinstance(child, QLabel | QAbstractButton):
            yield child.text()
        if isinstance(child, QLineEdit):
            yield child.text()
            yield child.placeholderText()
            # what Ctrl+Z would bring back
            if child.isUndoAvailable():
                yield f"<undo history left> in {child.accessibleName() or child.objectName() or 'a field'}"
        if isinstance(child, QTextEdit | QPlainTextEdit):
            yield child.toPlainText()
        if isinstance(child, QComboBox):
            yield child.currentText()
        if isinstance(child, QAbstractItemView) and child.model() is not None:
            yield from model_texts(child.model())


def model_texts(model: QAbstractItemModel, parent: QModelIndex | None = None) -> Iterator[str]:
    parent = parent or QModelIndex()
    try:
        columns = max(1, model.columnCount(parent))
    except TypeError:  # a list model keeps columnCount private: it has one column
        columns = 1
    for row in range(model.rowCount(parent)):
        for column in range(columns):
            index = model.index(row, column, parent)
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                value = model.data(index, role)
                if value is not None:
                    yield str(value)
        yield from model_texts(model, model.index(row, 0, parent))


def leftovers(window: MainWindow, needles: tuple[str, ...]) -> list[str]:
    found = []
    for text in texts(window):
        for needle in needles:
            if needle.lower() in text.lower():
                found.append(f"{needle!r} in {text[:120]!r}")
    return found


def fill_every_page(qtbot: QtBot, window: MainWindow, states: States, hash_file: Path) -> None:
    """Use each page as the first person would."""
    states.accounts.add("tiktok", handle=HANDLE, notes=NOTE)

    window.go_to("checklist")
    checklist = window.page("checklist")
    assert isinstance(checklist, ChecklistPage)
    first = checklist.model.item_ids()[0]
    checklist.select(first)
    checklist.step.note.setText(NOTE)
    checklist.search.setText(SEARCH)

    window.go_to("passwords")
    passwords = window.page("passwords")
    assert isinstance(passwords, PasswordsPage)
    states.passwords.set_offline_source(str(hash_file))
    passwords.password.show_button.setChecked(True)  # shown in clear
    passwords.password.edit.setText(TYPED_PASSWORD)
    qtbot.waitUntil(lambda: passwords.meter.result is not None, timeout=10_000)
    passwords.check_button.click()
    qtbot.waitUntil(lambda: "Found in known breaches" in passwords.breach_label.text(), timeout=10_000)
    passwords.generate()
    qtbot.waitUntil(lambda: passwords.phrase_strength.text() != "", timeout=10_000)
    passwords.copy_button.click()
    assert QGuiApplication.clipboard().text() == passwords.phrase.text()

    window.go_to("accounts")
    accounts = window.page("accounts")
    assert isinstance(accounts, AccountsPage)
    accounts.search.setText(HANDLE)

    window.go_to("settings")
    settings = window.page("settings")
    assert isinstance(settings, SettingsPage)
    settings.password_checks.address.setText(MIRROR)
    qtbot.waitUntil(lambda: settings.backups.count() > 0 or states.session.save_state == "saved", timeout=10_000)


def hash_file_with(path: Path, password: str) -> Path:
    digest = hashlib.sha1(password.encode()).hexdigest().upper()
    lines = sorted([f"{digest}:4242", "0000000000000000000000000000000000000001:1", "F" * 40 + ":1"])  # to the end
    path.write_text("\n".join(lines) + "\n", encoding="ascii")
    return path


def open_first_person(qtbot: QtBot, paths: AppPaths) -> tuple[MainWindow, States, ProfileFlow]:
    window, states, flow = launch_states(qtbot, paths)
    finish_onboarding(qtbot, flow, name="First")
    return window, states, flow


NEEDLES = (TYPED_PASSWORD, NOTE, HANDLE, SEARCH, MIRROR, "Found in known breaches", "<undo history left>")


@pytest.mark.parametrize("how", ["lock", "auto-lock"])
def test_lock_forgets_everything_on_every_page(qtbot: QtBot, paths: AppPaths, tmp_path: Path, how: str) -> None:
    window, states, flow = open_first_person(qtbot, paths)
    fill_every_page(qtbot, window, states, hash_file_with(tmp_path / "hashes.txt", TYPED_PASSWORD))
    phrase = window.page("passwords").phrase.text()  # type: ignore[attr-defined]
    assert leftovers(window, NEEDLES[:4]), "the pages were filled (the walk finds what is there)"
    info = QMessageBox(QMessageBox.Icon.Information, "Restore", "Choose a backup first.", parent=window)
    info.open()  # a dialog of this profile, still open when it locks

    if how == "lock":
        window.lock_button.click()
    else:
        flow.last_activity = time.monotonic() - 16 * 60  # the default is 15 minutes
        flow.check_idle()
    assert window.locked
    assert not info.isVisible(), "dialogs of the profile close with it"
    assert leftovers(window, (*NEEDLES, phrase)) == []
    assert QGuiApplication.clipboard().text() == "", "our own clipboard content is cleared"
    assert window.save_label.text() == "" and window.profile_button.text() == ""


def test_a_switch_shows_the_next_person_only_their_own_data(qtbot: QtBot, paths: AppPaths, tmp_path: Path) -> None:
    window, states, _flow = open_first_person(qtbot, paths)
    fill_every_page(qtbot, window, states, hash_file_with(tmp_path / "hashes.txt", TYPED_PASSWORD))
    qtbot.waitUntil(lambda: states.session.save_state == "saved", timeout=10_000)
    # the second person gets their own profile on the same computer
    done: list[object] = []
    states.session.create_profile("Second", Secret(SECOND_PASSPHRASE), None, lambda: FAST_KDF, done.append)
    qtbot.waitUntil(lambda: bool(done) and states.session.profile_name == "Second", timeout=10_000)
    assert not window.locked
    for key in window.page_keys():
        window.go_to(key)
    assert leftovers(window, NEEDLES) == []
    # the meter rates against the second person's words now
    passwords = window.page("passwords")
    assert isinstance(passwords, PasswordsPage)
    assert passwords.meter._user_inputs == ["Second"]
    assert states.accounts.all == ()


def test_unlocking_again_shows_the_same_person_their_saved_data_only(qtbot: QtBot, paths: AppPaths) -> None:
    window, states, flow = launch_states(qtbot, paths)
    finish_onboarding(qtbot, flow, name="First")
    states.accounts.add("tiktok", handle=HANDLE)
    window.go_to("passwords")
    passwords = window.page("passwords")
    assert isinstance(passwords, PasswordsPage)
    passwords.password.edit.setText(TYPED_PASSWORD)
    window.lock_button.click()
    qtbot.waitUntil(lambda: not states.session.writing, timeout=10_000)
    dialog = click_unlock(qtbot, window, flow)
    dialog.secret.edit.setText(PASSPHRASE)
    dialog.unlock.click()
    qtbot.waitUntil(lambda: not window.locked, timeout=10_000)
    assert [a.handle for a in states.accounts.all] == [HANDLE], "what was saved comes back"
    assert passwords.password.edit.text() == "", "what was typed does not"
    assert flow.dialog is None, "the unlock dialog is gone, with the passphrase typed into it"
