"""Running a call that may hang (a keyring waiting on a prompt, say) with a deadline."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


class CallTimedOutError(TimeoutError):
    """The call did not return in time. It goes on in a daemon thread whose result is dropped."""


def call_with_timeout(func: Callable[[], T], seconds: float, *, name: str = "call") -> T:
    """`func()`, or CallTimedOutError after `seconds`. Exceptions raised by `func` are raised here."""
    outcome: dict[str, object] = {}
    done = threading.Event()

    def run() -> None:
        try:
            outcome["value"] = func()
        except BaseException as exc:  # handed to the caller below
            outcome["error"] = exc
        finally:
            done.set()

    # daemon: a hung backend must not keep the program from exiting
    threading.Thread(target=run, name=f"privacyapp-{name}", daemon=True).start()
    if not done.wait(seconds):
        raise CallTimedOutError(f"{name} did not answer within {seconds:g} s")
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]
