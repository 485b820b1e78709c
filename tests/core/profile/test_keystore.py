"""KeyringKeyStore against in-process keyring backends: working, missing, locked, forgetful, hung."""

from __future__ import annotations

import time
from collections.abc import Iterator

import keyring
import keyring.backends.fail
import pytest

from privacyapp.core.errors import KeyringError
from privacyapp.core.profile.keystore import KeyringKeyStore, entry_name
from tests.core.test_keyring_check import BlockingKeyring, ForgetfulKeyring, LockedKeyring, MemoryKeyring

KEY = bytes(range(32))


@pytest.fixture
def backend() -> Iterator[object]:
    previous = keyring.get_keyring()
    yield lambda b: keyring.set_keyring(b) or b
    keyring.set_keyring(previous)


def test_store_load_delete_round_trip(backend) -> None:  # type: ignore[no-untyped-def]
    memory = backend(MemoryKeyring())
    store = KeyringKeyStore()
    store.store("p1", KEY)
    assert store.load("p1") == KEY
    assert ("privacyapp", entry_name("p1")) in memory.entries, "one entry per profile"
    assert KEY.hex() not in str(memory.entries), "stored encoded, and only in the keyring"
    store.delete("p1")
    assert store.load("p1") is None
    store.delete("p1")  # deleting what is gone is fine


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (keyring.backends.fail.Keyring, "no keyring"),
        (LockedKeyring, "locked"),
        (ForgetfulKeyring, "did not keep it"),
    ],
)
def test_keyring_problems_are_keyring_errors(backend, make, words: str) -> None:  # type: ignore[no-untyped-def]
    backend(make())
    with pytest.raises(KeyringError) as error:
        KeyringKeyStore().store("p1", KEY)
    assert words in error.value.message.lower()
    assert "passphrase" in (error.value.hint or "")


def test_a_hung_keyring_times_out(backend) -> None:  # type: ignore[no-untyped-def]
    hung = backend(BlockingKeyring())
    started = time.monotonic()
    try:
        with pytest.raises(KeyringError, match=r"did not answer within 0\.3 seconds"):
            KeyringKeyStore(timeout=0.3).store("p1", KEY)
    finally:
        hung.release.set()
    assert time.monotonic() - started < 2.0
