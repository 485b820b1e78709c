"""Does the OS keyring work here? A test write, read back and delete, with a deadline.

A keyring can be missing (headless Linux), locked and waiting on a prompt, or a disabled backend that accepts
writes and keeps nothing: only a read-back tells them apart.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass

from privacyapp.core.timeouts import CallTimedOutError, call_with_timeout

log = logging.getLogger(__name__)

PROBE_SERVICE = "privacyapp-keyring-check"
DEFAULT_TIMEOUT = 5.0


@dataclass(frozen=True)
class KeyringStatus:
    backend: str  # e.g. "SecretService Keyring", or "none" when keyring found no backend
    works: bool
    detail: str  # one sentence for a person


def backend_name() -> str:
    import keyring  # deferred: it takes ~60 ms to import and the GUI's first paint does not need it

    backend = keyring.get_keyring()
    name = getattr(backend, "name", None) or type(backend).__name__
    return str(name)


def _is_fail_backend(name: str) -> bool:
    lowered = name.lower()
    return "fail" in lowered or "null" in lowered


def _round_trip() -> KeyringStatus:
    import keyring
    import keyring.errors

    name = backend_name()
    if _is_fail_backend(name):
        return KeyringStatus(name, False, "No keyring service was found on this computer.")
    username = f"check-{secrets.token_hex(4)}"
    value = secrets.token_urlsafe(16)
    try:
        keyring.set_password(PROBE_SERVICE, username, value)
        read_back = keyring.get_password(PROBE_SERVICE, username)
    except keyring.errors.KeyringLocked:
        return KeyringStatus(name, False, "The keyring is locked.")
    except keyring.errors.InitError:
        # Secret Service raises this when the collection cannot be unlocked (no prompt could be shown)
        return KeyringStatus(name, False, "The keyring could not be opened: it may be locked.")
    except keyring.errors.KeyringError as exc:
        return KeyringStatus(name, False, f"The keyring refused a test entry ({type(exc).__name__}).")
    finally:
        try:
            keyring.delete_password(PROBE_SERVICE, username)
        except Exception:  # nothing to delete, or the backend is broken: the result above says which
            log.debug("keyring check: the test entry could not be deleted", exc_info=True)
    if read_back != value:
        return KeyringStatus(name, False, "The keyring accepted a test entry but did not keep it.")
    return KeyringStatus(name, True, "Works: a test entry was written, read back and deleted.")


def check_keyring(timeout: float = DEFAULT_TIMEOUT) -> KeyringStatus:
    """Never raises, never waits longer than about `timeout` seconds."""
    try:
        return call_with_timeout(_round_trip, timeout, name="keyring-check")
    except CallTimedOutError:
        return KeyringStatus("unknown", False, f"The keyring did not answer within {timeout:g} seconds.")
    except Exception as exc:  # a backend can raise anything (D-Bus errors, OSError): report, never crash
        log.warning("keyring check failed: %s", type(exc).__name__, exc_info=True)
        return KeyringStatus("unknown", False, f"The keyring could not be used ({type(exc).__name__}).")
