"""The session's single writer when things overlap: an unlock that finishes after Lock, a delete queued behind a
closing save, a failed save's retry beside ordinary autosave, answers for a profile that was locked meanwhile,
and what Settings shows of the network after a switch."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
from pytestqt.qtbot import QtBot

from privacyapp.core.errors import SaveError
from privacyapp.core.hibp_http import Request
from privacyapp.core.paths import AppPaths
from privacyapp.core.profile import vault
from privacyapp.core.profile.keystore import MemoryKeyStore
from privacyapp.core.redact import Secret
from privacyapp.ui.flow import ProfileFlow
from privacyapp.ui.state import States
from privacyapp.ui.state.session import AUTOSAVE_MS, SaveState, Session
from tests.conftest import FAST_KDF
from tests.ui.test_profile_gui import PASSPHRASE, edit, launch_states


class SlowKeyStore(MemoryKeyStore):
    """A keyring that answers only when the test lets it (a prompt nobody has answered yet)."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()
        self.gate.set()

    def load(self, profile_id: str) -> bytes | None:
        assert self.gate.wait(10)
        return super().load(profile_id)


def open_sam(qtbot: QtBot, states: States, flow: ProfileFlow) -> Session:
    """Skip the wizard: a profile "Sam" with a passphrase, open."""
    flow.dialog.reject()  # type: ignore[union-attr]
    done: list[object] = []
    states.session.create_profile("Sam", Secret(PASSPHRASE), None, lambda: FAST_KDF, done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    return states.session


def test_an_unlock_that_finishes_after_lock_does_not_open(qtbot: QtBot, paths: AppPaths) -> None:
    keystore = SlowKeyStore()
    window, states, flow = launch_states(qtbot, paths, keystore=keystore)
    flow.dialog.reject()  # type: ignore[union-attr]
    session, done = states.session, []
    session.create_profile("Kim", None, keystore, lambda: FAST_KDF, done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    session.close_profile()
    keystore.gate.clear()  # the next unlock waits on the keyring
    opened: list[object] = []
    session.open_profile("Kim", vault.WithKeyring(keystore), opened.append)
    session.close_profile()  # the person gives up and locks (or picks another profile)
    keystore.gate.set()
    qtbot.waitUntil(lambda: not session.writing, timeout=10_000)
    qtbot.wait(200)
    assert not session.is_open and window.locked, "it did not open over what the person chose since"
    assert opened == [], "nobody is told it opened"
    session.open_profile("Kim", vault.WithKeyring(keystore), opened.append)  # the file was closed, not held
    qtbot.waitUntil(lambda: session.is_open, timeout=10_000)


def test_deleting_the_open_profile_right_after_a_change(qtbot: QtBot, paths: AppPaths) -> None:
    window, states, flow = launch_states(qtbot, paths)
    session = open_sam(qtbot, states, flow)
    edit(session, notes="a change still waiting for its autosave")
    results: list[object] = []
    session.delete_profile("Sam", None, window, results.append)
    qtbot.waitUntil(lambda: bool(results), timeout=10_000)
    assert type(results[0]).__name__ == "Ok", results[0]
    assert not (paths.profiles / "Sam").exists()


def test_after_a_failed_save_later_changes_keep_the_one_second_autosave(
    qtbot: QtBot, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    _window, states, flow = launch_states(qtbot, paths)
    session = open_sam(qtbot, states, flow)
    store = session._store
    assert store is not None
    real_save, failures = store.save, [SaveError("Your changes could not be saved: the disk is full.")]

    def save(*args: object, **kwargs: object) -> None:
        if failures:
            raise failures.pop()
        real_save(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(store, "save", save)
    edit(session, notes="first")
    qtbot.waitUntil(lambda: session.save_state == SaveState.FAILED, timeout=5_000)
    edit(session, notes="second")
    assert session._autosave.interval() == AUTOSAVE_MS, "the retry has a timer of its own"
    qtbot.waitUntil(lambda: session.save_state == SaveState.SAVED, timeout=5_000)


def test_an_answer_for_a_profile_locked_meanwhile_is_dropped(qtbot: QtBot, paths: AppPaths) -> None:
    window, states, flow = launch_states(qtbot, paths)
    session = open_sam(qtbot, states, flow)
    answers: list[object] = []
    states.settings.new_recovery_code(window, answers.append)  # Argon2id-free, but queued like any other
    window.lock_button.click()
    qtbot.waitUntil(lambda: not session.writing, timeout=10_000)
    qtbot.wait(100)
    assert answers == [], "a recovery code never pops up over the lock screen"


def test_what_was_sent_is_forgotten_on_lock(qtbot: QtBot, paths: AppPaths) -> None:
    window, states, flow = launch_states(qtbot, paths)
    open_sam(qtbot, states, flow)
    states.network.record(Request(datetime.now(UTC), "api.pwnedpasswords.com", "/range/ABCDE", "200"))
    assert len(states.network.requests) == 1
    window.lock_button.click()
    assert states.network.requests == (), "the next person does not see the last one's hash prefixes"


def test_a_handle_being_typed_when_the_window_closes_is_saved(qtbot: QtBot, paths: AppPaths) -> None:
    from privacyapp.ui.accounts.page import AccountsPage

    window, states, flow = launch_states(qtbot, paths)
    open_sam(qtbot, states, flow)
    account = states.accounts.add("tiktok")
    window.go_to("accounts")
    page = window.page("accounts")
    assert isinstance(page, AccountsPage)
    page.select(account.id)
    page.detail.handle.setText("@typed_but_not_left")  # focus never left the field
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)
    store = vault.open_bytes(
        (paths.profiles / "Sam" / "profile.pvault").read_bytes(), vault.WithPassphrase(Secret(PASSPHRASE))
    )
    assert [a["handle"] for a in store.decoded.data.accounts] == ["@typed_but_not_left"]
