"""audit() rates the passwords while its breach checks wait on the network, not after them (issue 12: rating
400 passwords one after the other after the checks made the audit 1.36x the network's limit). Progress and
cancel stay in the calling thread."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping

import pytest

from privacyapp.core import audit
from privacyapp.core.breach import BreachCheckError, sha1_hex
from privacyapp.core.passwords import Strength
from privacyapp.core.redact import Secret

PASSWORDS = ("correct horse battery staple", "hunter2", "Tr0ub4dor&3", "hunter2")


class SlowNetwork:
    """A range source whose answers come only once every password has been rated (or after a long wait): an
    audit that rates after its checks finds nothing rated while it waits."""

    def __init__(self, all_rated: threading.Event) -> None:
        self.all_rated = all_rated
        self.rated_while_waiting: bool | None = None

    def fetch_ranges(
        self,
        prefixes: Iterable[str],
        *,
        in_flight: int = 8,
        progress: Callable[[int, int], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> Mapping[str, Mapping[str, int] | BreachCheckError]:
        self.rated_while_waiting = self.all_rated.wait(timeout=10)
        wanted = sorted(set(prefixes))
        if progress is not None:
            progress(len(wanted), len(wanted))
        return {p: {sha1_hex(Secret("hunter2"))[5:]: 17} for p in wanted}


def test_passwords_are_rated_while_the_checks_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    unique = len(set(PASSWORDS))
    rated: list[str] = []
    all_rated = threading.Event()
    real_estimate = audit.estimate

    def estimate(password: Secret) -> Strength:
        result = real_estimate(password)
        rated.append(password.reveal())
        if len(rated) == unique:
            all_rated.set()
        return result

    monkeypatch.setattr(audit, "estimate", estimate)
    network = SlowNetwork(all_rated)
    steps: list[threading.Thread] = []
    logins = [audit.Login(f"site{i}", "sam", Secret(p)) for i, p in enumerate(PASSWORDS)]
    results = audit.audit(logins, network, progress=lambda _d, _t: steps.append(threading.current_thread()))
    assert network.rated_while_waiting is True
    assert sorted(rated) == sorted(set(PASSWORDS)), "a password used twice is rated once"
    assert steps == [threading.current_thread()], "progress comes in the caller's thread, as before"
    assert [r.breach_count for r in results] == [0, 17, 0, 17]
    assert [r.reused for r in results] == [1, 2, 1, 2]
    assert all(0 <= r.score <= 4 for r in results)


def test_a_rating_that_fails_is_not_lost(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(_password: Secret) -> Strength:
        raise RuntimeError("rating failed")

    monkeypatch.setattr(audit, "estimate", broken)
    never = threading.Event()
    never.set()
    with pytest.raises(RuntimeError, match="rating failed"):
        audit.audit([audit.Login("a", "b", Secret("pw"))], SlowNetwork(never))
