"""The rule that nothing secret is ever logged or printed: Secret, scrub(), and the log formatter."""

from __future__ import annotations

import gc
import hashlib
import logging
import pickle
from pathlib import Path

import pytest

from privacyapp.core.logsetup import configure_logging
from privacyapp.core.redact import MASK, Secret, scrub

SENTINEL = "Tr0ub4dor&3-sentinel"
SHA1 = hashlib.sha1(SENTINEL.encode()).hexdigest()


def test_a_secret_never_shows_its_value() -> None:
    secret = Secret(SENTINEL)
    for text in (
        str(secret),
        repr(secret),
        f"{secret}",
        f"{secret}",
        "%s" % secret,  # noqa: UP031 - the old formatting too
        f"{[secret]}",
        f"{ {'pw': secret} }",
    ):
        assert SENTINEL not in text
    assert secret.reveal() == SENTINEL
    with pytest.raises(TypeError):
        pickle.dumps(secret)


def test_scrub_removes_a_live_secret_in_every_form() -> None:
    secret = Secret(SENTINEL)
    text = f"pw {SENTINEL} sha {SHA1} SHA {SHA1.upper()} prefix {SHA1[:5].upper()} tail"
    cleaned = scrub(text)
    for form in (SENTINEL, SHA1, SHA1.upper(), SHA1[:5].upper(), SHA1[:5]):
        assert form not in cleaned
    assert cleaned.startswith("pw ") and cleaned.endswith(" tail")
    del secret
    gc.collect()
    assert SENTINEL in scrub(f"pw {SENTINEL}"), "a secret that is gone is no longer tracked"


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("GET /range/21BD1 HTTP/1.1", "21BD1"),
        ("get https://api.example/range/abcde?x", "abcde"),
        (f"hash {SHA1}", SHA1),
        ("key q9Zr3kF0bX2mW8pL1sT6vY4nC7hJ5dE0aG2uI9oK3rM=", "q9Zr3kF0bX2mW8pL1sT6vY4n"),
        ("proxy http://alice:hunter2@proxy.local:3128", "hunter2"),
    ],
)
def test_scrub_removes_secret_shapes(text: str, gone: str) -> None:
    cleaned = scrub(text)
    assert gone not in cleaned
    assert MASK in cleaned


@pytest.mark.parametrize(
    "text",
    [
        "/tmp/pytest-of-root/pytest-12/test_some_long_test_name_here0/privacyapp-data/data/profiles",
        "privacyapp 0.1.0 starting, data in /home/someone/.local/share/privacyapp",
        "keyring: SecretService Keyring, works=True",
    ],
)
def test_scrub_leaves_ordinary_text_alone(text: str) -> None:
    assert scrub(text) == text


def test_the_log_file_never_holds_a_secret(tmp_path: Path) -> None:
    log_file = tmp_path / "logs" / "privacyapp.log"
    configure_logging(log_file, debug=True)
    secret = Secret(SENTINEL)
    log = logging.getLogger("privacyapp.test")
    log.info("a careless message with %s", secret.reveal())
    log.debug("its hash %s and prefix %s", SHA1, SHA1[:5].upper())
    logging.getLogger("urllib3.util.retry").warning("GET http://127.0.0.1/range/%s: 200", SHA1[:5].upper())
    logging.getLogger("urllib3.util.retry").debug("debug is never logged for urllib3, even with --debug")
    try:
        raise ValueError(f"failed for {SENTINEL}")
    except ValueError:
        log.exception("with a traceback")
    log.info("the Secret itself: %s", secret)
    for handler in logging.getLogger().handlers:
        handler.flush()
    written = log_file.read_text(encoding="utf-8")
    assert "a careless message with" in written and "with a traceback" in written and "Traceback" in written
    for form in (SENTINEL, SHA1, SHA1.upper(), SHA1[:5].upper()):
        assert form not in written
    assert "debug is never logged" not in written


def test_scrub_copes_with_a_secret_that_was_not_utf8() -> None:
    """Standard input with a byte that is not UTF-8 became a lone surrogate; hashing it for scrub() raised, inside
    the log handler and the error printer: two tracebacks, and nothing logged."""
    secret = Secret("pw\udcff")
    digest = hashlib.sha1("pw\udcff".encode("utf-8", "surrogatepass")).hexdigest()
    assert scrub(f"got pw\udcff and {digest}") == f"got {MASK} and {MASK}"
    del secret


def test_scrub_never_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    from privacyapp.core import redact

    def broken() -> None:
        raise RuntimeError("a bug in a pattern")

    monkeypatch.setattr(redact, "_patterns", broken)
    assert scrub("anything at all") == redact.WITHHELD  # nothing unscrubbed gets out, and nothing is raised
