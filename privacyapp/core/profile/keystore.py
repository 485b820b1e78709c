"""Keeping a profile's keyring key in the OS keyring: one entry per profile, with a deadline and a read-back.

A keyring can be missing (headless Linux), locked behind a prompt that may never be answered, or a disabled
backend that accepts writes and keeps nothing. So every call has a deadline, every write is read back, and
every failure is a KeyringError with a sentence for the user. The GUI calls these off its own thread.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
from typing import Protocol

from privacyapp.core.errors import KeyringError
from privacyapp.core.timeouts import CallTimedOutError, call_with_timeout

SERVICE = "privacyapp"
DEFAULT_TIMEOUT = 5.0
NO_KEYRING_HINT = "privacyapp can use your passphrase instead."


class KeyStore(Protocol):
    def load(self, profile_id: str) -> bytes | None: ...

    def store(self, profile_id: str, key: bytes) -> None: ...

    def delete(self, profile_id: str) -> None: ...


def entry_name(profile_id: str) -> str:
    return f"profile-{profile_id}"


class KeyringKeyStore:
    """The OS keyring through the `keyring` library."""

    def __init__(self, service: str = SERVICE, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.service = service
        self.timeout = timeout

    def _call(self, what: str, func: object) -> object:
        import keyring.errors

        try:
            return call_with_timeout(func, self.timeout, name=f"keyring-{what}")  # type: ignore[arg-type]
        except CallTimedOutError as exc:
            raise KeyringError(
                f"The keyring did not answer within {self.timeout:g} seconds (it may be waiting to be unlocked).",
                hint=NO_KEYRING_HINT,
            ) from exc
        except keyring.errors.KeyringLocked as exc:
            raise KeyringError("The keyring is locked.", hint=NO_KEYRING_HINT) from exc
        except keyring.errors.NoKeyringError as exc:
            raise KeyringError("This computer has no keyring service.", hint=NO_KEYRING_HINT) from exc
        except keyring.errors.KeyringError as exc:
            raise KeyringError(f"The keyring refused ({type(exc).__name__}).", hint=NO_KEYRING_HINT) from exc
        except Exception as exc:  # D-Bus and OS errors from the backends
            raise KeyringError(f"The keyring could not be used ({type(exc).__name__}).", hint=NO_KEYRING_HINT) from exc

    def load(self, profile_id: str) -> bytes | None:
        import keyring

        stored = self._call("read", lambda: keyring.get_password(self.service, entry_name(profile_id)))
        if stored is None:
            return None
        try:
            return base64.b64decode(str(stored), validate=True)
        except (binascii.Error, ValueError) as exc:
            raise KeyringError("The keyring entry for this profile is unreadable.") from exc

    def store(self, profile_id: str, key: bytes) -> None:
        import keyring

        encoded = base64.b64encode(key).decode("ascii")
        self._call("write", lambda: keyring.set_password(self.service, entry_name(profile_id), encoded))
        if self.load(profile_id) != key:
            raise KeyringError("The keyring accepted the key but did not keep it.", hint=NO_KEYRING_HINT)

    def delete(self, profile_id: str) -> None:
        import keyring
        import keyring.errors

        def remove() -> None:
            with contextlib.suppress(keyring.errors.PasswordDeleteError):  # nothing stored: as wanted
                keyring.delete_password(self.service, entry_name(profile_id))

        self._call("delete", remove)


class MemoryKeyStore:
    """A keystore in memory, for tests and for `--no-keyring`-style use in code."""

    def __init__(self) -> None:
        self.keys: dict[str, bytes] = {}

    def load(self, profile_id: str) -> bytes | None:
        return self.keys.get(profile_id)

    def store(self, profile_id: str, key: bytes) -> None:
        self.keys[profile_id] = key

    def delete(self, profile_id: str) -> None:
        self.keys.pop(profile_id, None)
