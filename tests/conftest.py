"""Shared test set-up: headless Qt, a data folder of its own for every test, and no real keyring by accident."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from privacyapp.core.profile.crypto import KdfParams

# Offscreen unless a test starts its own Xvfb; must be set before anything imports Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
# Argon2id at its cheapest, for tests only: real profiles use parameters measured on the computer (~0.35 s).
FAST_KDF = KdfParams(iterations=1, memory_kib=8, lanes=1)
BIN = Path(sys.executable).parent


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test gets its own data folder, and the keyring of the person running the tests is never touched."""
    folder = tmp_path / "privacyapp-data"
    monkeypatch.setenv("PRIVACYAPP_DATA_DIR", str(folder))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    for name in ("PRIVACYAPP_PWNED_PASSWORDS_URL", "PRIVACYAPP_HIBP_API_URL", "PRIVACYAPP_PASSPHRASE_FILE"):
        monkeypatch.delenv(name, raising=False)
    yield folder
    from privacyapp.core.strength_worker import close_all

    close_all()  # rating processes started by this test
    # Logging handlers opened on this folder must not leak into the next test.
    import logging

    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_privacyapp", False):
            root.removeHandler(handler)
            handler.close()


CLI_PASSPHRASE = "a long and memorable passphrase"


@pytest.fixture
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Talk to test servers on 127.0.0.1 directly, never through a proxy the person running the tests set."""
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


@pytest.fixture
def pass_file(tmp_path: Path) -> Path:
    """A --passphrase-file holding CLI_PASSPHRASE."""
    path = tmp_path / "passphrase.txt"
    path.write_text(f"{CLI_PASSPHRASE}\n", encoding="utf-8")
    return path


def tool(name: str) -> str:
    """A command installed in this virtual environment (privacyapp, privacyapp-cli)."""
    path = BIN / name
    if not path.exists():
        pytest.fail(f"{name} is not installed in {BIN}: run `make test`, which installs it")
    return str(path)


def system_tool(name: str) -> str:
    """A system program a test needs. CI installs them all (.ci/run): missing there is a failure."""
    found = shutil.which(name)
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail(f"{name} is missing: .ci/run should have installed it")
    pytest.skip(f"{name} is not installed here (CI installs it)")


def run(
    args: Sequence[str],
    *,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 60,
    stdin: str | None = None,
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(args), env=env, cwd=cwd, timeout=timeout, input=stdin, capture_output=True, text=True, check=False
    )


def clean_env(**extra: str) -> dict[str, str]:
    """The environment for a child process: ours, plus `extra`."""
    env = dict(os.environ)
    env.update(extra)
    return env


@dataclass
class CliResult:
    code: int
    out: str
    err: str


def cli_run(capsys: pytest.CaptureFixture[str], *argv: object) -> CliResult:
    """privacyapp-cli in this process; a traceback or an 'unexpected' error fails the test that caused it."""
    from privacyapp import cli
    from privacyapp.core.errors import ExitCode

    try:
        code = cli.main([str(arg) for arg in argv])
    except SystemExit as exc:  # argparse's own exits (usage errors)
        code = exc.code if isinstance(exc.code, int) else ExitCode.FAILURE
    out, err = capsys.readouterr()
    assert "Traceback" not in out and "Traceback" not in err, err
    assert "something unexpected" not in err, err
    return CliResult(int(code), out, err)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 64 KiB tmpfs, for a full disk. Mounting one needs root on Linux (CI runs as root); elsewhere the
    test is skipped (tests/core/profile/test_save_failures.py also covers a full disk with RLIMIT_FSIZE)."""
    if sys.platform != "linux" or os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root on Linux")
    mount, umount = shutil.which("mount"), shutil.which("umount")
    if not mount or not umount:
        pytest.skip("mount/umount are not installed")
    point = tmp_path / "small-disk"
    point.mkdir()
    result = run([mount, "-t", "tmpfs", "-o", "size=64k,mode=0700", "tmpfs", str(point)])
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {result.stderr.strip()}")
    try:
        yield point
    finally:
        if run([umount, str(point)]).returncode != 0:
            run([umount, "-l", str(point)])
