"""Settings and the profiles dialog, driven as a user would (message boxes answered by the test)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot

from privacyapp.core.paths import AppPaths
from privacyapp.core.profile import vault
from privacyapp.core.profile.keystore import MemoryKeyStore
from privacyapp.core.redact import Secret
from privacyapp.ui.dialogs import new_passphrase, recovery
from privacyapp.ui.dialogs.profiles import ProfilesDialog
from privacyapp.ui.pages.settings import SettingsPage
from tests.ui.test_profile_gui import PASSPHRASE, edit, finish_onboarding, launch, launch_states

ASKS = "asks for its passphrase (or its recovery code) every time, in the app and on the command line"
KEYRING = "anyone who can use this computer account can open it without a passphrase"

NEW_PASSPHRASE = "orange tractor whisper lagoon"


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[object]]:
    """Message boxes and input dialogs answer from these lists instead of waiting for a person."""
    given: dict[str, list[object]] = {"text": [], "shown": []}
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: (given["text"].pop(0), True)))
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    for name in ("information", "warning"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(lambda *a, **k: given["shown"].append(a[2])))
    monkeypatch.setattr(
        recovery.RecoveryCodeDialog, "exec", lambda self: given["shown"].append(self.view.code_label.text())
    )
    return given


def passphrase_dialog_answers(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    def fake_exec(dialog: new_passphrase.NewPassphraseDialog) -> int:
        dialog.form.first.edit.setText(value)
        dialog.form.second.edit.setText(value)
        dialog._accept()
        return int(dialog.value is not None)

    monkeypatch.setattr(new_passphrase.NewPassphraseDialog, "exec", fake_exec)


def settings_page(qtbot: QtBot, paths: AppPaths, keystore: MemoryKeyStore | None = None):  # type: ignore[no-untyped-def]
    window, session, flow = launch(qtbot, paths, keystore=keystore or MemoryKeyStore())
    finish_onboarding(qtbot, flow)
    window.go_to("settings")
    page = window.page("settings")
    assert isinstance(page, SettingsPage)
    return window, session, page


def test_change_passphrase_checks_the_old_one(
    qtbot: QtBot, paths: AppPaths, answers: dict[str, list[object]], monkeypatch: pytest.MonkeyPatch
) -> None:
    _window, session, page = settings_page(qtbot, paths)
    answers["text"].append("not the current one")
    page._change_passphrase()  # checked in the background (Argon2id never runs on the GUI thread)
    qtbot.waitUntil(lambda: bool(answers["shown"]), timeout=10_000)
    assert answers["shown"] == ["That is not the current passphrase."]
    passphrase_dialog_answers(monkeypatch, NEW_PASSPHRASE)
    answers["text"].append(PASSPHRASE)
    page._change_passphrase()
    qtbot.waitUntil(lambda: "The new passphrase is set." in answers["shown"], timeout=10_000)
    store = session._store
    assert store is not None
    assert store.verify_passphrase(Secret(NEW_PASSPHRASE))
    assert not store.verify_passphrase(Secret(PASSPHRASE))


def test_keyring_slot_added_and_removed_and_recovery_code_renewed(
    qtbot: QtBot, paths: AppPaths, answers: dict[str, list[object]]
) -> None:
    keystore = MemoryKeyStore()
    _window, session, page = settings_page(qtbot, paths, keystore)
    store = session._store
    assert store is not None and "keyring" not in session.slot_kinds
    assert page.keyring_button.text() == "Open without asking…"
    assert ASKS in page.slots_line.text()
    page._toggle_keyring()  # asks first, saying what a keyring slot means (answered Yes)
    qtbot.waitUntil(lambda: page.keyring_button.text() == "Always ask for the passphrase…", timeout=10_000)
    assert "keyring" in session.slot_kinds and "keyring" in store.slot_kinds()
    assert len(keystore.keys) == 1
    assert "keyring" in page.slots_line.text()
    assert KEYRING in page.slots_line.text(), "it says who can open the profile without a passphrase"
    page._toggle_keyring()
    qtbot.waitUntil(lambda: page.keyring_button.text() == "Open without asking…", timeout=10_000)
    assert "keyring" not in session.slot_kinds and "keyring" not in store.slot_kinds()
    assert keystore.keys == {}, "always asking removes the keyring slot and its key: the command line asks too"
    assert ASKS in page.slots_line.text()
    old_file = store.file.read_bytes()
    page._new_recovery_code()
    qtbot.waitUntil(lambda: len(answers["shown"]) == 1, timeout=10_000)
    code = str(answers["shown"][0])
    assert len(code.split("-")) == 8
    opened = vault.open_bytes(store.file.read_bytes(), vault.WithRecoveryCode(Secret(code)))
    assert session.document is not None
    assert opened.decoded.data == session.document.to_data()
    with pytest.raises(Exception, match="recovery code"):
        # the old code no longer opens it: only one recovery slot exists, and it is the new one
        vault.open_bytes(store.file.read_bytes(), vault.WithRecoveryCode(Secret("AAAA-" * 7 + "AAAA")))
    assert old_file != store.file.read_bytes()


def test_restore_a_backup_from_settings(qtbot: QtBot, paths: AppPaths, answers: dict[str, list[object]]) -> None:
    _window, session, page = settings_page(qtbot, paths)
    for notes in ("one", "two", "three"):
        edit(session, notes=notes)
        qtbot.waitUntil(lambda: session.save_state == "saved", timeout=5_000)
    # the backups folder is listed in the background
    qtbot.waitUntil(lambda: page.backups.count() >= 3, timeout=5_000)
    page.backups.setCurrentRow(0)  # newest backup: the version before "three"
    page._restore()
    qtbot.waitUntil(lambda: session.document is not None and session.document.notes == "two", timeout=10_000)


def test_settings_page_does_no_work_while_nothing_changes(
    qtbot: QtBot, paths: AppPaths, answers: dict[str, list[object]]
) -> None:
    _window, session, page = settings_page(qtbot, paths)
    edit(session, notes="one backup")
    qtbot.waitUntil(lambda: session.save_state == "saved", timeout=5_000)
    qtbot.waitUntil(lambda: len(page._backup_list) >= 1, timeout=5_000)
    qtbot.wait(200)  # the listing after the save is done
    work: list[str] = []
    session.slotsChanged.connect(lambda: work.append("slots"))
    page.settings.changed.connect(lambda: work.append("refresh"))
    page.backups.setCurrentRow(0)  # the person picks a backup, then reaches for "Restore selected…"
    qtbot.wait(500)
    assert work == [], "listing the backups must not make the page list them again"
    assert page.backups.currentRow() == 0, "the backup picked stays picked"
    assert not session.writing


def test_export_then_import_as_a_new_profile(
    qtbot: QtBot,
    paths: AppPaths,
    tmp_path: Path,
    answers: dict[str, list[object]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _window, session, page = settings_page(qtbot, paths)
    edit(session, notes="moving house")
    qtbot.waitUntil(lambda: session.save_state == "saved", timeout=5_000)
    target = tmp_path / "moved.pvault"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(target), "")))
    passphrase_dialog_answers(monkeypatch, "export passphrase here")
    page._export()
    qtbot.waitUntil(lambda: target.exists() and any("Exported" in str(s) for s in answers["shown"]), timeout=10_000)
    assert b"moving house" not in target.read_bytes()
    passphrase_dialog_answers(monkeypatch, "new computer passphrase")
    answers["text"].extend(["export passphrase here", "Moved"])
    page._import()  # always asks for a new passphrase for the imported profile: never the keyring
    qtbot.waitUntil(lambda: session.profile_name == "Moved", timeout=10_000)
    assert session.document is not None and session.document.notes == "moving house"
    assert sorted(info.name for info in session.manager.list()) == ["Moved", "Sam"]
    assert "keyring" not in session.slot_kinds and "passphrase" in session.slot_kinds
    assert session._store is not None and session._store.verify_passphrase(Secret("new computer passphrase"))
    codes = [s for s in answers["shown"] if isinstance(s, str) and s.count("-") == 7 and " " not in s]
    assert len(codes) == 1, "the imported profile's own recovery code is shown"


def test_profiles_dialog_renames_and_deletes_with_the_keyring_entry(
    qtbot: QtBot, paths: AppPaths, answers: dict[str, list[object]], monkeypatch: pytest.MonkeyPatch
) -> None:
    keystore = MemoryKeyStore()
    window, states, flow = launch_states(qtbot, paths, keystore=keystore)
    session = states.session
    finish_onboarding(qtbot, flow, name="Parent")
    results: list[object] = []
    session.create_profile("Teen", None, states.keys.keystore, states.keys.kdf_params, results.append)  # keyring
    qtbot.waitUntil(lambda: bool(results), timeout=10_000)
    assert len(keystore.keys) == 1
    session.close_profile()
    dialog = ProfilesDialog(session, states.keys, window)
    qtbot.addWidget(dialog)

    def names() -> list[str]:
        return [dialog.list.item(i).data(256) for i in range(dialog.list.count())]

    qtbot.waitUntil(lambda: dialog.list.count() == 2, timeout=5_000)  # listed in the background
    assert names() == ["Parent", "Teen"]
    dialog.list.setCurrentRow(1)
    answers["text"].append("Teen Alex")
    dialog._rename()  # through the session's single writer
    qtbot.waitUntil(lambda: [info.name for info in session.manager.list()] == ["Parent", "Teen Alex"], timeout=10_000)
    qtbot.waitUntil(lambda: names() == ["Parent", "Teen Alex"], timeout=5_000)
    assert answers["shown"] == []
    dialog.list.setCurrentRow(1)

    def delete_button(box: QMessageBox) -> object:
        return next(b for b in box.buttons() if b.text().startswith("Delete"))

    monkeypatch.setattr(QMessageBox, "exec", lambda box: 0)  # the person clicks "Delete “Teen Alex”"
    monkeypatch.setattr(QMessageBox, "clickedButton", delete_button)
    dialog._delete()
    qtbot.waitUntil(lambda: [info.name for info in session.manager.list()] == ["Parent"], timeout=10_000)
    assert keystore.keys == {}, "its keyring entry went with it"
    qtbot.waitUntil(lambda: names() == ["Parent"], timeout=5_000)
