"""Keeping secrets out of logs, messages and files.

The rule: a password, a key, a hash of a password or its 5-character prefix never reaches a log, stdout, stderr
or an exception message. Two layers enforce it:

* `Secret` wraps a sensitive value. Its str() and repr() are a mask, so formatting one by mistake shows
  nothing. While a Secret is alive, `scrub()` also removes its value, its SHA-1 and that hash's prefix from any
  text (the log formatter and the CLI's error printer call it).
* `scrub()` removes, whatever their source, things shaped like secrets: long hex runs (hashes, keys), the
  prefix in a Pwned Passwords range path, and credentials in URLs.
"""

from __future__ import annotations

import re
import threading
import weakref
from functools import cache

MASK = "[redacted]"


@cache
def _patterns() -> tuple[re.Pattern[str], ...]:
    """Compiled on first use, not at import: the GUI imports this module before its first paint."""
    hex_run = re.compile(r"(?<![0-9A-Za-z])[0-9A-Fa-f]{32,}(?![0-9A-Za-z])")
    range_path = re.compile(r"(range/)[0-9A-Fa-f]{5}", re.IGNORECASE)
    url_credentials = re.compile(r"(?P<scheme>[a-z][a-z0-9+.-]*://)[^/@\s:]+:[^/@\s]*@", re.IGNORECASE)
    # Key material in base64 or base64url: 40+ characters mixing upper case, lower case and digits. Paths and
    # identifiers rarely mix all three in one unbroken run; "/" is left out so that paths stay readable.
    base64_run = re.compile(
        r"(?<![A-Za-z0-9+=_-])(?=[A-Za-z0-9+_-]*[A-Z])(?=[A-Za-z0-9+_-]*[a-z])(?=[A-Za-z0-9+_-]*[0-9])"
        r"[A-Za-z0-9+_-]{40,}={0,2}(?![A-Za-z0-9+=_-])"
    )
    return hex_run, range_path, url_credentials, base64_run


class Secret:
    """A sensitive string. Use `reveal()` at the one place that needs the value."""

    __slots__ = ("__weakref__", "_value")

    def __init__(self, value: str) -> None:
        self._value = value
        _LIVE.add(self)

    def reveal(self) -> str:
        return self._value

    def __str__(self) -> str:
        return MASK

    def __repr__(self) -> str:
        return f"Secret({MASK})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)

    def __len__(self) -> int:
        return len(self._value)

    def __bool__(self) -> bool:
        return bool(self._value)

    def __reduce__(self) -> tuple[object, ...]:
        raise TypeError("a Secret cannot be pickled")


_LIVE: weakref.WeakSet[Secret] = weakref.WeakSet()
_LIVE_LOCK = threading.Lock()


def _forms(value: str) -> list[str]:
    """The ways a secret can show up in text: itself, its SHA-1 (both cases) and that hash's prefix."""
    if not value:
        return []
    import hashlib  # deferred with the patterns: ~3 ms of OpenSSL start-up

    # surrogatepass: a value read from bytes that were not UTF-8 holds lone surrogates; it still has a hash form
    digest = hashlib.sha1(value.encode("utf-8", "surrogatepass"), usedforsecurity=False).hexdigest()
    return [value, digest, digest.upper(), digest[:5], digest[:5].upper()]


WITHHELD = "[text withheld: it could not be checked for secrets]"


def scrub(text: str) -> str:
    """`text` with every secret-shaped part replaced by a mask. Never raises: it runs inside the log handler and
    the CLI's error printer, where a failure would print a traceback with the very text it was to clean."""
    try:
        return _scrub(text)
    except Exception:  # nothing unscrubbed may get out, and nothing may be raised here
        return WITHHELD


def _scrub(text: str) -> str:
    with _LIVE_LOCK:
        live = [secret.reveal() for secret in list(_LIVE)]
    for value in live:
        for form in sorted(_forms(value), key=len, reverse=True):
            text = text.replace(form, MASK)
    hex_run, range_path, url_credentials, base64_run = _patterns()
    text = range_path.sub(lambda m: m.group(1) + MASK, text)
    text = url_credentials.sub(lambda m: m.group("scheme") + MASK + "@", text)
    text = hex_run.sub(MASK, text)
    return base64_run.sub(MASK, text)
