"""A sentinel password goes through real CLI sessions (online against the loopback range server, offline, with
--debug so that logging is at its most verbose); afterwards it, its SHA-1 and its 5-character prefix are nowhere:
not on stdout or stderr, not in any file under the data folder."""

from __future__ import annotations

import hashlib
import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import clean_env, run, tool
from tests.integration.hibp_server import FakeRangeServer, closed_port_url, hibp_server, html_page, normal, status

SENTINEL = "Sentinel-Pa55word-4d1e"
SHA1 = hashlib.sha1(SENTINEL.encode()).hexdigest().upper()
FORMS = {
    "the password": SENTINEL,
    "its SHA-1": SHA1,
    "its sha-1": SHA1.lower(),
    "its suffix": SHA1[5:],
    "its suffix in lower case": SHA1[5:].lower(),
    "its prefix": SHA1[:5],
    "its prefix in lower case": SHA1[:5].lower(),
}
OTHER = "an0ther-Passw0rd-for-company"  # a second password in the same session


@pytest.fixture
def server() -> Iterator[FakeRangeServer]:
    with hibp_server(hashes={SHA1: 31337}, padding_hashes={hashlib.sha1(OTHER.encode()).hexdigest()}) as fake:
        yield fake


def _session(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    result = run(
        [tool("privacyapp-cli"), "--debug", "password", "check", *args],
        env=clean_env(PRIVACYAPP_PWNED_PASSWORDS_URL=url),
        stdin=f"{OTHER}\n{SENTINEL}\n",
        timeout=30,
    )
    assert "Traceback" not in result.stderr
    return result


def _leaks(data_dir: Path, outputs: list[subprocess.CompletedProcess[str]]) -> list[str]:
    found = []
    for number, result in enumerate(outputs):
        for stream, text in (("stdout", result.stdout), ("stderr", result.stderr)):
            for what, form in FORMS.items():
                if form in text:
                    found.append(f"{what} in the {stream} of session {number}")
    files = [path for path in data_dir.rglob("*") if path.is_file()]
    for path in files:
        content = path.read_bytes()
        for what, form in FORMS.items():
            if form.encode() in content:
                found.append(f"{what} in {path.relative_to(data_dir)}")
    return found


def _log_text(data_dir: Path) -> str:
    return "".join(p.read_text(errors="replace") for p in sorted((data_dir / "logs").glob("privacyapp.log*")))


def _hash_file(folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    rows = {SHA1: 31337, hashlib.sha1(b"password").hexdigest().upper(): 9_999_999, "0" * 40: 1, "F" * 40: 2}
    path = folder / "pwned-passwords-sha1.txt"
    path.write_text("".join(f"{h}:{c}\r\n" for h, c in sorted(rows.items())), encoding="ascii")
    return path


def test_online_and_offline_sessions_leave_no_trace(server: FakeRangeServer, data_dir: Path, tmp_path: Path) -> None:
    hashes = _hash_file(tmp_path / "hibp")  # outside the data folder: it holds the hash on purpose
    outputs = []

    online_json = _session(server.base_url, "--json")
    assert online_json.returncode == 0, online_json.stderr
    assert [r["breach_count"] for r in json.loads(online_json.stdout)] == [0, 31337]
    outputs.append(online_json)

    online_text = _session(server.base_url)
    assert online_text.returncode == 0
    assert "FOUND in breaches 31,337 times" in online_text.stdout
    outputs.append(online_text)

    offline = _session(server.base_url, "--offline-file", str(hashes), "--json")
    assert offline.returncode == 0, offline.stderr
    assert [(r["breach_count"], r["checked"]) for r in json.loads(offline.stdout)] == [
        (0, "offline"),
        (31337, "offline"),
    ]
    outputs.append(offline)

    offline_text = _session(server.base_url, "--offline-file", str(hashes), "--no-network")
    assert "FOUND in breaches 31,337 times" in offline_text.stdout
    outputs.append(offline_text)

    assert len(server.requests_for(SHA1[:5])) == 2  # the online sessions did ask for the sentinel's prefix
    assert "privacyapp-cli" in _log_text(data_dir)  # and logging was on (--debug: to stderr too)
    assert all("INFO" in result.stderr for result in outputs)
    assert _leaks(data_dir, outputs) == []


@pytest.mark.parametrize(
    "trouble",
    [
        pytest.param(status(500, retry_after="0"), id="500"),
        pytest.param(status(429), id="429"),
        pytest.param(status(429, retry_after="3600"), id="429-retry-after"),
        pytest.param(status(302), id="302"),
        pytest.param(html_page(), id="captive-portal"),
        pytest.param(normal(delay=8), id="no-answer"),
    ],
)
def test_failed_online_checks_leave_no_trace(server: FakeRangeServer, data_dir: Path, trouble: object) -> None:
    server.default = trouble  # type: ignore[assignment]
    result = _session_with_timeout(server.base_url, short=bool(server.default.delay))
    assert result.returncode == 1
    assert "could not check for breaches" in result.stdout
    assert server.requests_for(SHA1[:5])
    assert _leaks(data_dir, [result]) == []


def _session_with_timeout(url: str, *, short: bool) -> subprocess.CompletedProcess[str]:
    """The CLI as a child process; with `short`, its read timeout cut to 0.5 s (the shipped one is 10 s)."""
    if not short:
        return _session(url)
    code = (
        "import sys, privacyapp.core.breach as b; b.TIMEOUT = (2.0, 0.5); "
        "b.RangeClient.__init__.__kwdefaults__['timeout'] = b.TIMEOUT; "
        "from privacyapp.cli import main; sys.exit(main(sys.argv[1:]))"
    )
    result = run(
        [str(Path(tool("privacyapp-cli")).with_name("python")), "-c", code, "--debug", "password", "check"],
        env=clean_env(PRIVACYAPP_PWNED_PASSWORDS_URL=url),
        stdin=f"{OTHER}\n{SENTINEL}\n",
        timeout=30,
    )
    assert "Traceback" not in result.stderr
    return result


def test_a_refused_connection_is_logged_without_the_path(data_dir: Path) -> None:
    """A connection retry is logged at WARNING (with --debug, also on stderr), naming the host, never the path."""
    result = _session(closed_port_url())
    assert result.returncode == 1
    log = _log_text(data_dir)
    assert "Retrying a connection to 127.0.0.1" in log and "Retrying a connection" in result.stderr
    assert "/range/" not in log and "/range/" not in result.stderr
    assert _leaks(data_dir, [result]) == []


def _prefix_folder(folder: Path) -> Path:
    """A per-prefix folder that has other prefixes, but not the sentinel's."""
    folder.mkdir()
    for word in ("password", "123456", "qwerty"):
        digest = hashlib.sha1(word.encode()).hexdigest().upper()
        assert digest[:5] != SHA1[:5]
        (folder / f"{digest[:5]}.txt").write_text(f"{digest[5:]}:1000\r\n", encoding="ascii")
    return folder


def test_an_offline_folder_with_the_prefix_leaves_no_trace(data_dir: Path, tmp_path: Path) -> None:
    folder = _prefix_folder(tmp_path / "hibp-folder")
    (folder / f"{SHA1[:5]}.txt").write_text(f"{SHA1[5:]}:5\r\n", encoding="ascii")
    other = hashlib.sha1(OTHER.encode()).hexdigest().upper()
    (folder / f"{other[:5]}.txt").write_text(f"{'0' * 35}:1\r\n", encoding="ascii")
    result = _session(closed_port_url(), "--offline-file", str(folder), "--json")
    assert result.returncode == 0, result.stderr
    assert [r["breach_count"] for r in json.loads(result.stdout)] == [0, 5]
    assert _leaks(data_dir, [result]) == []


def test_an_offline_folder_without_the_prefix_leaves_no_trace(data_dir: Path, tmp_path: Path) -> None:
    folder = _prefix_folder(tmp_path / "hibp-folder")
    result = _session(closed_port_url(), "--offline-file", str(folder))
    assert result.returncode == 1
    assert "could not check for breaches" in result.stdout
    assert _leaks(data_dir, [result]) == []
