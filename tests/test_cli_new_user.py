"""What a new user tripped over on the command line (issue 13, section 3): a weak passphrase accepted, profile
names that differ only in capitals, and --debug that logged nothing more."""

from __future__ import annotations

from pathlib import Path

import pytest

from privacyapp.core.errors import ExitCode
from privacyapp.core.profile.store import PROFILE_FILE
from tests.conftest import CLI_PASSPHRASE, cli_run


@pytest.fixture(autouse=True)
def fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRIVACYAPP_KDF_PARAMS", "1,8,1")


@pytest.fixture
def weak_file(tmp_path: Path) -> Path:
    path = tmp_path / "weak.txt"
    path.write_text("password1\n", encoding="utf-8")
    return path


def profile_names(data_dir: Path) -> list[str]:
    root = data_dir / "data" / "profiles"
    return sorted(p.name for p in root.iterdir() if (p / PROFILE_FILE).exists()) if root.is_dir() else []


def test_create_refuses_a_weak_passphrase_unless_allowed(
    capsys: pytest.CaptureFixture[str], weak_file: Path, data_dir: Path
) -> None:
    refused = cli_run(capsys, "profile", "create", "--no-keyring", "--passphrase-file", weak_file)
    assert refused.code == ExitCode.USAGE
    assert "too easy to guess" in refused.err and "--allow-weak-passphrase" in refused.err
    assert "password1" not in refused.err + refused.out
    assert profile_names(data_dir) == [], "nothing is created"
    allowed = cli_run(
        capsys, "profile", "create", "--no-keyring", "--passphrase-file", weak_file, "--allow-weak-passphrase"
    )
    assert allowed.code == ExitCode.OK, allowed.err
    assert profile_names(data_dir) == ["default"]


def test_import_and_export_refuse_a_weak_new_passphrase(
    capsys: pytest.CaptureFixture[str], pass_file: Path, weak_file: Path, tmp_path: Path, data_dir: Path
) -> None:
    assert cli_run(capsys, "profile", "create", "--no-keyring", "--passphrase-file", pass_file).code == 0
    out = tmp_path / "out.pvault"
    weak_export = ("profile", "export", out, "--passphrase-file", pass_file, "--export-passphrase-file", weak_file)
    refused = cli_run(capsys, *weak_export)
    assert refused.code == ExitCode.USAGE and "too easy to guess" in refused.err
    assert not out.exists()
    assert cli_run(capsys, *weak_export, "--allow-weak-passphrase").code == ExitCode.OK
    into = ("--profile", "Alex", "profile", "import", out, "--no-keyring", "--export-passphrase-file", weak_file)
    refused = cli_run(capsys, *into, "--passphrase-file", weak_file)
    assert refused.code == ExitCode.USAGE and "too easy to guess" in refused.err
    assert profile_names(data_dir) == ["default"]
    assert cli_run(capsys, *into, "--passphrase-file", pass_file).code == ExitCode.OK
    assert profile_names(data_dir) == ["Alex", "default"]


def test_a_strong_passphrase_needs_no_flag(capsys: pytest.CaptureFixture[str], pass_file: Path) -> None:
    assert CLI_PASSPHRASE in pass_file.read_text(encoding="utf-8")
    assert cli_run(capsys, "profile", "create", "--no-keyring", "--passphrase-file", pass_file).code == ExitCode.OK


def test_names_that_differ_only_in_capitals_are_refused(
    capsys: pytest.CaptureFixture[str], pass_file: Path, data_dir: Path, tmp_path: Path
) -> None:
    def create(name: str) -> tuple[int, str]:
        result = cli_run(capsys, "--profile", name, "profile", "create", "--no-keyring", "--passphrase-file", pass_file)
        return result.code, result.err

    assert create("dana")[0] == ExitCode.OK
    code, err = create("Dana")
    assert code == ExitCode.FAILURE
    assert "There is already a profile called 'dana'" in err and "capital letters" in err
    assert profile_names(data_dir) == ["dana"]
    out = tmp_path / "dana.pvault"
    assert cli_run(capsys, "--profile", "dana", "profile", "export", out, "--passphrase-file", pass_file).code == 0
    imported = cli_run(
        capsys, "--profile", "DANA", "profile", "import", out, "--no-keyring", "--passphrase-file", pass_file
    )
    assert imported.code == ExitCode.FAILURE and "capital letters" in imported.err
    assert profile_names(data_dir) == ["dana"]


def test_debug_logs_the_main_steps_and_no_secret(
    capsys: pytest.CaptureFixture[str], pass_file: Path, data_dir: Path
) -> None:
    assert cli_run(capsys, "profile", "create", "--no-keyring", "--passphrase-file", pass_file).code == 0
    result = cli_run(capsys, "--debug", "accounts", "add", "tiktok", "--passphrase-file", pass_file)
    assert result.code == ExitCode.OK, result.err
    log = (data_dir / "logs" / "privacyapp.log").read_text(encoding="utf-8")
    debug = [line for line in log.splitlines() if " DEBUG " in line]
    assert any("profile opened" in line for line in debug), log
    assert any("profile saved" in line for line in debug), log
    assert " DEBUG " in result.err, "--debug also writes to the terminal"
    assert CLI_PASSPHRASE not in log + result.err
