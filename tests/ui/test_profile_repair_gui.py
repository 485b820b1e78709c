"""The GUI puts a damaged profile right: a file written over with zeros is offered its newest backup, and a
conflict with another program keeps one copy of our version, asks once, and lists that copy with the backups."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from privacyapp.core.paths import AppPaths
from privacyapp.core.profile import backups as bk
from privacyapp.core.profile import vault
from privacyapp.core.redact import Secret
from privacyapp.ui.pages.settings import SettingsPage
from privacyapp.ui.state.session import SaveState
from tests.ui.test_profile_gui import PASSPHRASE, click_unlock, edit, finish_onboarding, launch, notes, saved_twice


def notes_in(path: Path) -> str:
    return vault.open_bytes(path.read_bytes(), vault.WithPassphrase(Secret(PASSPHRASE))).decoded.data.notes


def test_a_profile_written_over_with_zeros_is_offered_its_backup(qtbot: QtBot, paths: AppPaths) -> None:
    window, session, flow = launch(qtbot, paths)
    finish_onboarding(qtbot, flow)
    for text in ("first version", "second version"):
        edit(session, notes=text)
        qtbot.waitUntil(lambda: session.save_state == "saved", timeout=5_000)
    assert session._store is not None
    file = session._store.file
    session.close_profile()
    qtbot.waitUntil(lambda: not session.writing, timeout=5_000)
    file.write_bytes(bytes(file.stat().st_size))  # zeros over the whole file

    dialog = click_unlock(qtbot, window, flow)
    dialog.secret.edit.setText(PASSPHRASE)
    dialog.unlock.click()
    qtbot.waitUntil(lambda: dialog.restore.isVisible(), timeout=10_000)
    assert "damaged" in dialog.message.text() and "written over" in dialog.message.text()
    assert "not a privacyapp profile" not in dialog.message.text()

    def fits() -> bool:
        """The dialog grew for the explanation and the buttons: nothing of either is cut off."""
        label = dialog.message
        buttons = [b for b in (dialog.restore, dialog.unlock, dialog.use_recovery) if b.isVisible()]
        tall_enough = label.height() >= label.heightForWidth(label.width())
        return tall_enough and all(b.width() >= b.sizeHint().width() for b in buttons)

    qtbot.waitUntil(fits, timeout=5_000)
    dialog.restore.click()
    qtbot.waitUntil(lambda: session.is_open, timeout=10_000)
    assert notes(session) == "first version"
    assert list(file.parent.glob("damaged-*.pvault")), "the file written over is kept, never deleted"


def test_a_conflict_keeps_one_copy_asks_once_and_the_copy_can_be_restored(
    qtbot: QtBot, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    monkeypatch.setattr(QMessageBox, "open", lambda box: None)  # the conflict's question: counted, not shown
    window, session, store, theirs = saved_twice(qtbot, paths)
    other = store.file.with_name("sync-tool.tmp")
    other.write_bytes(theirs)
    other.replace(store.file)  # a sync tool puts the other version back

    asked: list[str] = []
    session.conflictFound.connect(asked.append)
    for n in range(5):  # the person goes on typing; each edit is saved a second later
        edit(session, notes=f"mine, edit {n}")
        qtbot.waitUntil(lambda: session.save_state == SaveState.CONFLICT and not session.writing, timeout=5_000)
    qtbot.waitUntil(lambda: notes_in(bk.list_conflicts(store.folder)[0].path) == "mine, edit 4", timeout=5_000)
    assert len(asked) == 1, "asked once for one conflict"
    assert len(bk.list_conflicts(store.folder)) == 1, "one copy per conflict"
    assert store.file.read_bytes() == theirs, "the other version is not overwritten"

    window.go_to("settings")
    page = window.page("settings")
    assert isinstance(page, SettingsPage)
    qtbot.waitUntil(lambda: any("conflict" in page.backups.item(i).text() for i in range(page.backups.count())))
    row = next(i for i in range(page.backups.count()) if "conflict" in page.backups.item(i).text())
    page.backups.setCurrentRow(row)
    page._restore()
    qtbot.waitUntil(lambda: session.save_state == "saved" and not session.writing, timeout=10_000)
    assert notes_in(store.file) == "mine, edit 4"
    assert notes(session) == "mine, edit 4"


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_importing_a_fifo_or_a_device_is_refused_not_waited_on(
    qtbot: QtBot, paths: AppPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    """The Settings import reads the export in a worker: a FIFO nobody writes to used to hold it for ever, and
    /dev/zero to fill memory. Both are now refused with a clear reason, and no profile is made."""
    import os

    from privacyapp.core.inputs import SECONDS_ENV, InputError
    from tests.conftest import FAST_KDF

    monkeypatch.setenv(SECONDS_ENV, "1")
    _window, session, flow = launch(qtbot, paths)
    finish_onboarding(qtbot, flow)
    source = tmp_path / "export.pvault"
    if kind == "fifo":
        os.mkfifo(source)
    else:
        source = Path("/dev/zero")
    results: list[object] = []
    session.import_profile(
        source, Secret("export pass"), "Imported", Secret(PASSPHRASE), None, lambda: FAST_KDF, results.append
    )
    qtbot.waitUntil(lambda: bool(results), timeout=30_000)
    assert isinstance(results[0], InputError), results[0]
    assert "Imported" not in [info.name for info in session.manager.list()]
