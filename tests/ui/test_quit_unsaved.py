"""Nothing lost on quit: when the last save fails, closing the window asks (try again, save a copy elsewhere,
or discard with a warning), never silently; and when nobody can answer (SIGTERM), the changes are sealed into
the recovery folder and offered back at the next unlock."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from privacyapp.core.errors import SaveError
from privacyapp.core.paths import AppPaths
from privacyapp.core.profile import recovery, vault
from privacyapp.core.redact import Secret
from privacyapp.ui.main_window import MainWindow
from privacyapp.ui.state.session import Session
from tests.conftest import REPO, clean_env
from tests.ui.test_profile_gui import PASSPHRASE, edit, finish_onboarding, launch, relaunch

CHANGE = "written just before quitting"


def failing_saves(monkeypatch: pytest.MonkeyPatch, session: Session) -> list[int]:
    """Every save fails like a full disk until the returned list is emptied; returns the list."""
    store = session._store
    assert store is not None
    real_save = store.save
    broken = [1]

    def save(*args: object, **kwargs: object) -> None:
        if broken:
            raise SaveError("Your changes could not be saved: there is no space left on the disk.")
        real_save(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(store, "save", save)
    return broken


def the_question(qtbot: QtBot) -> QMessageBox:
    def asked() -> QMessageBox | None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QMessageBox) and widget.isVisible() and "not saved" in widget.windowTitle():
                return widget
        return None

    qtbot.waitUntil(lambda: asked() is not None, timeout=10_000)
    box = asked()
    assert box is not None
    return box


def click(box: QMessageBox, text: str) -> None:
    button = next(b for b in box.buttons() if b.text() == text)
    button.click()


def quit_with_a_failed_save(
    qtbot: QtBot, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> tuple[MainWindow, Session, list[int], QMessageBox]:
    window, session, flow = launch(qtbot, paths)
    finish_onboarding(qtbot, flow)
    broken = failing_saves(monkeypatch, session)
    edit(session, notes=CHANGE)
    window.close()
    box = the_question(qtbot)
    assert window.isVisible(), "the window waits for the answer"
    assert window.locked, "the profile is locked meanwhile: nothing of it shows"
    assert "no space left" in box.text()
    return window, session, broken, box


def saved_notes(paths: AppPaths) -> str:
    file = paths.profiles / "Sam" / "profile.pvault"
    return vault.open_bytes(file.read_bytes(), vault.WithPassphrase(Secret(PASSPHRASE))).decoded.data.notes


def test_try_again_after_freeing_space_saves_and_quits(
    qtbot: QtBot, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, _session, broken, box = quit_with_a_failed_save(qtbot, paths, monkeypatch)
    click(box, "Try again")  # still full: asked again, with the reason
    box = the_question(qtbot)
    broken.clear()  # space was freed
    click(box, "Try again")
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)
    assert saved_notes(paths) == CHANGE


def test_save_a_copy_elsewhere_keeps_the_changes_sealed(
    qtbot: QtBot, paths: AppPaths, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    window, _session, _broken, box = quit_with_a_failed_save(qtbot, paths, monkeypatch)
    target = tmp_path / "usb" / "copy.pvault"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), ""))
    click(box, "Save a copy…")
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)
    copy = vault.open_bytes(target.read_bytes(), vault.WithPassphrase(Secret(PASSPHRASE)))
    assert copy.decoded.data.notes == CHANGE, "the copy opens with the same passphrase and holds the change"
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    assert saved_notes(paths) != CHANGE


def test_discard_asks_once_more_and_then_quits_without_the_change(
    qtbot: QtBot, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, _session, _broken, box = quit_with_a_failed_save(qtbot, paths, monkeypatch)
    warnings: list[str] = []

    def warn(_parent: object, title: str, *_args: object) -> QMessageBox.StandardButton:
        warnings.append(title)
        return QMessageBox.StandardButton.Cancel if len(warnings) == 1 else QMessageBox.StandardButton.Discard

    monkeypatch.setattr(QMessageBox, "warning", warn)
    click(box, "Discard the changes")
    box = the_question(qtbot)  # "Cancel" on the warning: nothing was discarded, asked again
    assert window.isVisible()
    click(box, "Discard the changes")
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)
    assert warnings == ["Discard the changes?", "Discard the changes?"]
    assert saved_notes(paths) != CHANGE


def test_lock_with_a_failed_save_asks_too(qtbot: QtBot, paths: AppPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    window, session, flow = launch(qtbot, paths)
    finish_onboarding(qtbot, flow)
    broken = failing_saves(monkeypatch, session)
    edit(session, notes=CHANGE)
    window.lock_button.click()
    box = the_question(qtbot)
    assert window.locked and window.isVisible()
    broken.clear()
    click(box, "Try again")
    qtbot.waitUntil(lambda: not flow.pending and not session.writing, timeout=10_000)
    assert window.isVisible(), "locking does not quit"
    assert saved_notes(paths) == CHANGE


def test_sigterm_seals_the_changes_into_the_recovery_folder_and_the_next_unlock_restores_them(
    qtbot: QtBot, paths: AppPaths, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = clean_env(QT_QPA_PLATFORM="offscreen")
    driver = subprocess.Popen(
        [sys.executable, "-m", "tests.ui.sigterm_driver", str(data_dir), PASSPHRASE, CHANGE],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert driver.stdout is not None
        assert driver.stdout.readline().strip() == "ready"
        os.kill(driver.pid, signal.SIGTERM)
        _out, err = driver.communicate(timeout=60)
    finally:
        if driver.poll() is None:
            driver.kill()
    assert driver.returncode == 0, err
    assert "Traceback" not in err
    kept = recovery.waiting(paths.data, "Sam")
    assert len(kept) == 1, "the unsaved change was sealed into the recovery folder"
    assert oct(kept[0].path.stat().st_mode & 0o777) == "0o600"
    assert oct(kept[0].path.parent.stat().st_mode & 0o777) == "0o700"
    sealed = vault.open_bytes(kept[0].path.read_bytes(), vault.WithPassphrase(Secret(PASSPHRASE)))
    assert sealed.decoded.data.notes == CHANGE
    assert CHANGE.encode() not in kept[0].path.read_bytes()

    # the next start: unlocking says so and offers the changes back
    asked: list[str] = []

    def answer(_parent: object, title: str, *_args: object) -> QMessageBox.StandardButton:
        asked.append(title)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    _window, session = relaunch(qtbot, paths)
    qtbot.waitUntil(lambda: session.document is not None and session.document.notes == CHANGE, timeout=10_000)
    assert asked == ["Changes kept from last time"]
    qtbot.waitUntil(lambda: recovery.waiting(paths.data, "Sam") == [], timeout=10_000)
    assert saved_notes(paths) == CHANGE


def test_recovered_changes_that_cannot_be_restored_say_so_and_stay(
    qtbot: QtBot, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, session, flow = launch(qtbot, paths)
    finish_onboarding(qtbot, flow)
    folder = recovery.folder_for(paths.data, "Sam")
    folder.mkdir(parents=True, mode=0o700)
    damaged = folder / "profile-20261201T100000000000Z.pvault"
    damaged.write_bytes(b"not a sealed profile")  # a damaged copy
    window.lock_button.click()
    qtbot.waitUntil(lambda: not session.writing, timeout=10_000)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warnings.append(text))
    _window, session2 = relaunch(qtbot, paths)
    qtbot.waitUntil(lambda: bool(warnings), timeout=10_000)
    assert "could not be restored" in warnings[0] and "offered again" in warnings[0]
    assert damaged.exists(), "nothing is deleted that was not restored"
    assert session2.is_open and session2.document is not None
