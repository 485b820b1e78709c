"""The keyring check tells a working keyring from a missing, locked, hung or forgetful one, and never hangs.

These use in-process backends; tests/integration/test_keyring_real.py uses the real Secret Service.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import keyring
import keyring.backend
import keyring.backends.fail
import keyring.errors
import pytest

from privacyapp.core.keyring_check import check_keyring


class MemoryKeyring(keyring.backend.KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.entries:
            raise keyring.errors.PasswordDeleteError("not found")  # what real backends raise
        del self.entries[(service, username)]


class ForgetfulKeyring(MemoryKeyring):
    """Like a disabled backend: accepts every write and keeps nothing."""

    def set_password(self, service: str, username: str, password: str) -> None:
        pass

    def delete_password(self, service: str, username: str) -> None:
        raise keyring.errors.PasswordDeleteError("nothing there")


class LockedKeyring(MemoryKeyring):
    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.KeyringLocked("the collection is locked")


class BlockingKeyring(MemoryKeyring):
    """Like a keychain waiting on an unlock prompt nobody answers."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def set_password(self, service: str, username: str, password: str) -> None:
        self.release.wait(30)


class BrokenKeyring(MemoryKeyring):
    def set_password(self, service: str, username: str, password: str) -> None:
        raise OSError("D-Bus went away")


@pytest.fixture
def use_backend() -> Iterator[object]:
    previous = keyring.get_keyring()

    def install(backend: keyring.backend.KeyringBackend) -> keyring.backend.KeyringBackend:
        keyring.set_keyring(backend)
        return backend

    yield install
    keyring.set_keyring(previous)


def test_working_keyring_is_reported_and_left_clean(use_backend) -> None:  # type: ignore[no-untyped-def]
    backend = use_backend(MemoryKeyring())
    status = check_keyring()
    assert status.works
    assert "MemoryKeyring" in status.backend
    assert backend.entries == {}, "the test entry must be deleted"


def test_no_keyring(use_backend) -> None:  # type: ignore[no-untyped-def]
    use_backend(keyring.backends.fail.Keyring())
    status = check_keyring()
    assert not status.works
    assert "No keyring" in status.detail


def test_a_keyring_that_keeps_nothing_is_caught_by_reading_back(use_backend) -> None:  # type: ignore[no-untyped-def]
    use_backend(ForgetfulKeyring())
    status = check_keyring()
    assert not status.works
    assert "did not keep it" in status.detail


def test_locked_keyring(use_backend) -> None:  # type: ignore[no-untyped-def]
    use_backend(LockedKeyring())
    status = check_keyring()
    assert not status.works
    assert "locked" in status.detail


def test_broken_backend_is_reported_not_raised(use_backend) -> None:  # type: ignore[no-untyped-def]
    use_backend(BrokenKeyring())
    status = check_keyring()
    assert not status.works
    assert "OSError" in status.detail


def test_a_keyring_that_blocks_for_30_s_times_out(use_backend) -> None:  # type: ignore[no-untyped-def]
    backend = use_backend(BlockingKeyring())
    started = time.monotonic()
    status = check_keyring(timeout=0.3)
    elapsed = time.monotonic() - started
    backend.release.set()
    assert not status.works
    assert "did not answer within 0.3 seconds" in status.detail
    assert elapsed < 2.0
