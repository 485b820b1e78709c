"""The profile in the GUI, as a new user meets it: onboarding, locking and unlocking, autosave, the keyring
that hangs, the recovery code on the clipboard, locking by itself, a damaged file, and nothing readable on disk."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import keyring
import keyring.backend
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLineEdit, QWizard
from pytestqt.qtbot import QtBot

from privacyapp.app import build_main_window, start_flow
from privacyapp.core.accounts.model import Account
from privacyapp.core.keyring_check import KeyringStatus
from privacyapp.core.paths import AppPaths
from privacyapp.core.profile import vault
from privacyapp.core.profile.keystore import KeyringKeyStore, MemoryKeyStore
from privacyapp.core.profile.store import ProfileStore
from privacyapp.core.progress import set_status
from privacyapp.core.redact import Secret
from privacyapp.ui import clipboard
from privacyapp.ui.dialogs.unlock import UnlockDialog
from privacyapp.ui.flow import ProfileFlow
from privacyapp.ui.main_window import MainWindow
from privacyapp.ui.onboarding import OnboardingWizard
from privacyapp.ui.state import States
from privacyapp.ui.state.session import SaveState, Session
from tests.conftest import FAST_KDF
from tests.ui.conftest import MISSING, WORKING

PASSPHRASE = "violet kettle moonbeam parade"
NOW = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
SENTINEL_NOTE = "SENTINEL-NOTE-4f81 my school is Hill Park"


def launch_states(
    qtbot: QtBot, paths: AppPaths, *, keystore: object | None = None, status: KeyringStatus = MISSING
) -> tuple[MainWindow, States, ProfileFlow]:
    window, states = build_main_window(paths, keystore=keystore or MemoryKeyStore(), kdf=lambda: FAST_KDF)  # type: ignore[arg-type]
    states.keys.keyring_status = status
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    flow = start_flow(window, states)
    flow.start()
    # the profiles are listed in the background: then the wizard, the unlock dialog, or the keyring opens it
    qtbot.waitUntil(lambda: flow.dialog is not None or states.session.is_open, timeout=10_000)
    return window, states, flow


def launch(
    qtbot: QtBot, paths: AppPaths, *, keystore: object | None = None, status: KeyringStatus = MISSING
) -> tuple[MainWindow, Session, ProfileFlow]:
    window, states, flow = launch_states(qtbot, paths, keystore=keystore, status=status)
    return window, states.session, flow


def click_unlock(qtbot: QtBot, window: MainWindow, flow: ProfileFlow) -> UnlockDialog:
    """Press Unlock on the lock screen and get the dialog (it opens once the profiles are listed)."""
    window.locked_page.unlock_button.click()
    qtbot.waitUntil(lambda: isinstance(flow.dialog, UnlockDialog) and flow.dialog.isVisible(), timeout=5_000)
    assert isinstance(flow.dialog, UnlockDialog)
    return flow.dialog


def edit(session: Session, **changes: object) -> None:
    """Change the open profile as a page would: through the session, which saves it a second later."""
    session.change(lambda d: d.with_changes(**changes))


def notes(session: Session) -> str:
    assert session.document is not None
    return session.document.notes


def relaunch(qtbot: QtBot, paths: AppPaths) -> tuple[MainWindow, Session]:
    """Start the app again (a restart) and unlock the profile with PASSPHRASE, as the person would."""
    window, session, flow = launch(qtbot, paths)
    dialog = flow.dialog
    assert isinstance(dialog, UnlockDialog)
    dialog.secret.edit.setText(PASSPHRASE)
    dialog.unlock.click()
    qtbot.waitUntil(lambda: session.is_open, timeout=10_000)
    return window, session


def finish_onboarding(qtbot: QtBot, flow: ProfileFlow, name: str = "Sam") -> str:
    wizard = flow.dialog
    assert isinstance(wizard, OnboardingWizard)
    wizard.currentPage().name.setText(name)  # type: ignore[attr-defined]
    wizard.next()  # welcome -> what stays here
    wizard.next()  # -> how to unlock
    choice = wizard.choice
    assert choice.passphrase_only.isChecked(), "without a working keyring the passphrase is chosen"
    for field in (choice.form.first, choice.form.second):
        assert field.edit.echoMode() == QLineEdit.EchoMode.Password
        field.edit.setText(PASSPHRASE)
    wizard.next()  # creates the profile in the background, then moves on by itself
    qtbot.waitUntil(lambda: choice.code is not None, timeout=10_000)
    qtbot.waitUntil(lambda: wizard.currentId() == 3, timeout=5_000)
    recovery = wizard.currentPage()
    code = recovery.view.code_label.text()  # type: ignore[attr-defined]
    assert len(code.split("-")) == 8
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled(), "the code must be written down first"
    recovery.view.written_down.setChecked(True)  # type: ignore[attr-defined]
    wizard.next()
    wizard.accept()
    return code


def test_first_run_onboarding_creates_and_opens_a_profile(qtbot: QtBot, paths: AppPaths) -> None:
    window, session, flow = launch(qtbot, paths)
    assert window.locked
    assert isinstance(flow.dialog, OnboardingWizard)
    finish_onboarding(qtbot, flow)
    assert session.is_open and not window.locked
    assert window.profile_button.text() == "Profile: Sam"
    assert [info.name for info in session.manager.list()] == ["Sam"]


def test_lock_unlock_wrong_passphrase_and_recovery_code(qtbot: QtBot, paths: AppPaths) -> None:
    window, session, flow = launch(qtbot, paths)
    code = finish_onboarding(qtbot, flow)
    window.lock_button.click()
    assert window.locked and session.document is None and not session.is_open
    dialog = click_unlock(qtbot, window, flow)
    assert dialog.secret.edit.echoMode() == QLineEdit.EchoMode.Password
    dialog.secret.edit.setText("not the passphrase")
    dialog.unlock.click()
    qtbot.waitUntil(lambda: "Wrong passphrase" in dialog.message.text(), timeout=10_000)
    assert window.locked
    dialog.use_recovery.click()
    dialog.secret.edit.setText(code.lower().replace("-", " "))  # typed loosely: still accepted
    dialog.unlock.click()
    qtbot.waitUntil(lambda: not window.locked, timeout=10_000)
    assert session.is_open


def test_changes_are_saved_by_themselves_and_survive_a_restart(qtbot: QtBot, paths: AppPaths) -> None:
    window, session, flow = launch(qtbot, paths)
    finish_onboarding(qtbot, flow)
    edit(session, notes="remember to check TikTok")
    session.change(lambda d: d.with_changes(progress=set_status(d.progress, "ess-unique-passwords", "done", now=NOW)))
    assert session.save_state == SaveState.UNSAVED
    qtbot.waitUntil(lambda: session.save_state == "saved", timeout=5_000)
    assert window.save_label.text() == "All changes saved"
    window.close()
    qtbot.waitUntil(lambda: not session.writing and not window.isVisible(), timeout=5_000)
    _window2, session2 = relaunch(qtbot, paths)
    assert session2.document is not None
    assert session2.document.notes == "remember to check TikTok"
    found = session2.document.progress["ess-unique-passwords"]
    assert (found.status, found.at) == ("done", NOW)


class BlockingKeyring(keyring.backend.KeyringBackend):
    """A keychain stuck behind an unlock prompt nobody answers."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def get_password(self, service: str, username: str) -> str | None:
        self.release.wait(30)
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        self.release.wait(30)

    def delete_password(self, service: str, username: str) -> None:
        self.release.wait(30)


def test_a_keyring_that_blocks_for_30_s_never_blocks_the_window(qtbot: QtBot, paths: AppPaths) -> None:
    # a profile that opens with the keyring, made with an in-memory keystore
    window, session, flow = launch(qtbot, paths, keystore=MemoryKeyStore(), status=WORKING)
    wizard = flow.dialog
    assert isinstance(wizard, OnboardingWizard)
    wizard.reject()
    results: list[object] = []
    session.create_profile("Kim", None, MemoryKeyStore(), lambda: FAST_KDF, results.append)
    qtbot.waitUntil(lambda: bool(results), timeout=10_000)
    assert isinstance(results[0], Secret)
    window.close()
    qtbot.waitUntil(lambda: not session.writing, timeout=5_000)

    previous = keyring.get_keyring()
    blocking = BlockingKeyring()
    keyring.set_keyring(blocking)
    try:
        window2, states2 = build_main_window(paths, keystore=KeyringKeyStore(timeout=1.0), kdf=lambda: FAST_KDF)
        qtbot.addWidget(window2)
        window2.show()
        flow2 = start_flow(window2, states2)
        gaps: list[float] = []
        last = [time.monotonic()]

        def tick() -> None:
            now = time.monotonic()
            gaps.append(now - last[0])
            last[0] = now

        timer = QTimer()
        timer.timeout.connect(tick)
        timer.start(10)
        flow2.start()  # tries the keyring in the background
        qtbot.waitUntil(lambda: isinstance(flow2.dialog, UnlockDialog), timeout=5_000)
        qtbot.wait(200)
        timer.stop()
        assert max(gaps) < 0.1, f"the GUI thread waited {max(gaps) * 1000:.0f} ms"
        assert window2.locked, "the keyring did not answer, so the passphrase is asked for instead"
    finally:
        blocking.release.set()
        keyring.set_keyring(previous)


def test_copied_recovery_code_is_cleared_from_the_clipboard(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    board = QGuiApplication.clipboard()
    clipboard.copy_sensitive("ABCD-EFGH", clear_after_ms=200)
    assert board.text() == "ABCD-EFGH"
    assert board.mimeData().hasFormat(clipboard.SENSITIVE_HINT)
    qtbot.waitUntil(lambda: board.text() == "", timeout=2_000)
    clipboard.copy_sensitive("ABCD-EFGH", clear_after_ms=200)
    board.setText("something the user copied since")
    qtbot.wait(400)
    assert board.text() == "something the user copied since", "what the user copied later is left alone"


def test_locks_by_itself_after_the_idle_time(qtbot: QtBot, paths: AppPaths) -> None:
    window, session, flow = launch(qtbot, paths)
    finish_onboarding(qtbot, flow)
    session.change(lambda d: d.with_settings(auto_lock_minutes=1))
    flow.last_activity = time.monotonic() - 30
    flow.check_idle()
    assert session.is_open, "30 s without use is not yet a minute"
    flow.last_activity = time.monotonic() - 61
    flow.check_idle()
    assert not session.is_open and window.locked
    assert session.manager.list()[0].name == "Sam"


def test_damaged_profile_offers_the_newest_backup(qtbot: QtBot, paths: AppPaths) -> None:
    window, session, flow = launch(qtbot, paths)
    finish_onboarding(qtbot, flow)
    edit(session, notes="first version")
    qtbot.waitUntil(lambda: session.save_state == "saved", timeout=5_000)
    edit(session, notes="second version")
    qtbot.waitUntil(lambda: session.save_state == "saved", timeout=5_000)
    assert session._store is not None
    file = session._store.file
    session.close_profile()
    qtbot.waitUntil(lambda: not session.writing, timeout=5_000)
    data = bytearray(file.read_bytes())
    data[-20] ^= 0xFF  # damage the sealed contents
    file.write_bytes(bytes(data))
    dialog = click_unlock(qtbot, window, flow)
    dialog.secret.edit.setText(PASSPHRASE)
    dialog.unlock.click()
    qtbot.waitUntil(lambda: dialog.restore.isVisible(), timeout=10_000)
    assert "damaged" in dialog.message.text() and "not in it" in dialog.message.text()
    dialog.restore.click()
    qtbot.waitUntil(lambda: session.is_open, timeout=10_000)
    assert notes(session) == "first version"
    assert list(file.parent.glob("damaged-*.pvault")), "the damaged file is kept, never deleted"


def test_nothing_readable_in_the_data_folder_after_a_session(qtbot: QtBot, paths: AppPaths, data_dir: Path) -> None:
    window, session, flow = launch(qtbot, paths)
    finish_onboarding(qtbot, flow)
    session.change(
        lambda d: d.with_changes(
            notes=SENTINEL_NOTE,
            progress=set_status(d.progress, "tt-private-account", "done", now=NOW, note=SENTINEL_NOTE),
            accounts=(Account(id="a1b2c3d4", service="tiktok", handle="SENTINEL-HANDLE-77"),),
        )
    )
    qtbot.waitUntil(lambda: session.save_state == "saved", timeout=5_000)
    edit(session, notes=SENTINEL_NOTE + " again")
    qtbot.waitUntil(lambda: session.save_state == "saved", timeout=5_000)
    window.close()
    qtbot.waitUntil(lambda: not session.writing, timeout=5_000)
    files = [p for p in data_dir.rglob("*") if p.is_file()]
    assert any(p.suffix == ".pvault" for p in files)
    for path in files:
        content = path.read_bytes()
        for needle in ("SENTINEL-NOTE-4f81", "Hill Park", "SENTINEL-HANDLE-77", "tt-private-account", PASSPHRASE):
            for encoding in ("utf-8", "utf-16-le"):
                assert needle.encode(encoding) not in content, f"{needle!r} readable in {path.name}"


def test_a_failed_save_is_shown_kept_in_memory_and_retried(
    qtbot: QtBot, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    from privacyapp.core.errors import SaveError
    from privacyapp.ui.state import session as session_module

    monkeypatch.setattr(session_module, "RETRY_MS", 300)
    window, session, flow = launch(qtbot, paths)
    finish_onboarding(qtbot, flow)
    store = session._store
    assert store is not None
    real_save = store.save
    failures = [SaveError("Your changes could not be saved: the disk is full.", hint="Nothing was lost.")]

    def flaky_save(*args: object, **kwargs: object) -> None:
        if failures:
            raise failures.pop()
        real_save(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(store, "save", flaky_save)
    edit(session, notes="kept through a full disk")
    qtbot.waitUntil(lambda: "the disk is full" in window.save_label.text(), timeout=5_000)
    assert "dc2626" in window.save_label.styleSheet()
    assert notes(session) == "kept through a full disk"
    qtbot.waitUntil(lambda: session.save_state == "saved", timeout=5_000)
    assert window.save_label.text() == "All changes saved"
    opened = vault.open_bytes(store.file.read_bytes(), vault.WithPassphrase(Secret(PASSPHRASE)))
    assert opened.decoded.data.notes == "kept through a full disk"


def saved_twice(qtbot: QtBot, paths: AppPaths) -> tuple[MainWindow, Session, ProfileStore, bytes]:
    """A new profile saved with notes "theirs", then with "mine, first": (window, session, its store, the
    bytes of the first version, which a test puts back as another program would)."""
    window, session, flow = launch(qtbot, paths)
    finish_onboarding(qtbot, flow)
    edit(session, notes="theirs")
    qtbot.waitUntil(lambda: session.save_state == "saved", timeout=5_000)
    store = session._store
    assert store is not None
    theirs = store.file.read_bytes()
    edit(session, notes="mine, first")
    qtbot.waitUntil(lambda: session.save_state == "saved", timeout=5_000)
    return window, session, store, theirs


@pytest.mark.parametrize("choice", ["keep mine", "take theirs"])
def test_a_file_changed_by_another_program_is_not_overwritten(qtbot: QtBot, paths: AppPaths, choice: str) -> None:
    _window, session, store, theirs = saved_twice(qtbot, paths)
    store.file.write_bytes(theirs)  # a sync tool puts the other version back
    messages: list[str] = []
    session.conflictFound.connect(messages.append)
    edit(session, notes="mine, second")
    qtbot.waitUntil(lambda: bool(messages), timeout=5_000)
    assert "changed by another program" in messages[0]
    assert session.save_state == SaveState.CONFLICT
    assert store.file.read_bytes() == theirs, "the other version is not overwritten"
    assert list(store.folder.glob("conflict-*.pvault")), "ours is kept in a conflict copy"
    if choice == "keep mine":
        session.keep_mine()
        expected = "mine, second"
    else:
        session.take_theirs()
        expected = "theirs"
    qtbot.waitUntil(lambda: session.save_state == "saved" and not session.writing, timeout=5_000)
    opened = vault.open_bytes(store.file.read_bytes(), vault.WithPassphrase(Secret(PASSPHRASE)))
    assert opened.decoded.data.notes == expected
    assert notes(session) == expected


def test_onboarding_a_second_person_recommends_a_passphrase_and_says_why(qtbot: QtBot, paths: AppPaths) -> None:
    window, states, flow = launch_states(qtbot, paths, status=WORKING)
    wizard = flow.dialog
    assert isinstance(wizard, OnboardingWizard)
    wizard.next()
    wizard.next()
    first = wizard.choice
    assert first.keyring.isChecked(), "alone on this computer, the keyring is offered first"
    assert "anyone who can use this computer account" in first.keyring_note.text()
    wizard.reject()
    done: list[object] = []
    states.session.create_profile("Parent", Secret(PASSPHRASE), None, lambda: FAST_KDF, done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    flow.onboard(first_run=False)  # "New profile…" in the profiles dialog
    second = flow.dialog
    assert isinstance(second, OnboardingWizard)
    second.currentPage().name.setText("Teen")  # type: ignore[attr-defined]
    second.next()
    second.next()
    choice = second.choice
    assert choice.passphrase_only.isChecked(), "another profile is here: the passphrase is recommended"
    assert choice.keyring.isEnabled(), "the keyring can still be chosen"
    note = choice.keyring_note.text()
    assert "anyone who can use this computer account" in note and "already has another profile" in note
    assert not window.locked  # the parent's profile stays open behind the wizard until a new one is made


def test_the_lock_screen_names_the_profiles_that_open_without_asking(qtbot: QtBot, paths: AppPaths) -> None:
    window, states, flow = launch_states(qtbot, paths, status=WORKING)
    assert isinstance(flow.dialog, OnboardingWizard)
    flow.dialog.reject()
    session, keystore, done = states.session, MemoryKeyStore(), []
    session.create_profile("Sam", Secret(PASSPHRASE), None, lambda: FAST_KDF, done.append)
    qtbot.waitUntil(lambda: len(done) == 1, timeout=10_000)
    window.lock_button.click()
    text = window.locked_page.text
    qtbot.waitUntil(lambda: "asks for its passphrase" in text.text(), timeout=5_000)
    assert "without a passphrase" not in text.text()

    session.create_profile("Alex", None, keystore, lambda: FAST_KDF, done.append)  # opens with the keyring
    qtbot.waitUntil(lambda: len(done) == 2 and session.profile_name == "Alex", timeout=10_000)
    window.lock_button.click()
    qtbot.waitUntil(lambda: "“Alex” opens without a passphrase" in text.text(), timeout=5_000)
    assert "anyone who can use this computer account" in text.text() and "Sam" not in text.text()
