"""privacyapp-cli: options, doctor, and the exit codes every later subcommand relies on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from privacyapp import __version__, cli
from privacyapp.core import doctor as core_doctor
from privacyapp.core.errors import ExitCode, PrivacyAppError, ProfileDamagedError, ProfileLockedError
from tests.conftest import clean_env, run, tool


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"privacyapp-cli {__version__}"


@pytest.mark.parametrize("argv", [[], ["no-such-command"], ["--no-such-option"], ["doctor", "--bogus"]])
def test_usage_errors_exit_2_without_traceback(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    try:
        code = cli.main(argv)
    except SystemExit as exc:
        code = exc.code  # type: ignore[assignment]
    assert code == ExitCode.USAGE
    err = capsys.readouterr().err
    assert "usage:" in err
    assert "Traceback" not in err


def test_doctor_tells_folders_keyring_versions_network(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["doctor"]) == 0
    out = capsys.readouterr().out
    assert str(data_dir / "data") in out
    assert str(data_dir / "logs") in out
    assert "OS keyring" in out and "works    no" in out and "No keyring service" in out
    assert "PySide6-Essentials" in out and "cryptography" in out
    assert "sent at start-up" in out and "nothing" in out


def test_doctor_json_and_data_dir_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--data-dir", str(tmp_path / "elsewhere"), "doctor", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["folders"]["data"] == str(tmp_path / "elsewhere" / "data")
    assert report["portable"] is True
    assert report["keyring"]["works"] is False
    assert report["version"] == __version__
    assert (tmp_path / "elsewhere" / "logs" / "privacyapp.log").is_file()


def test_doctor_masks_proxy_passwords(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("https_proxy", "http://alice:hunter2@proxy.example:3128")
    assert cli.main(["doctor"]) == 0
    out = capsys.readouterr().out
    assert "proxy.example:3128" in out
    assert "hunter2" not in out


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (PrivacyAppError("could not do it"), ExitCode.FAILURE),
        (ProfileLockedError("wrong passphrase"), ExitCode.LOCKED),
        (ProfileDamagedError("the profile is damaged", hint="Run: privacyapp-cli profile restore"), ExitCode.DAMAGED),
    ],
)
def test_errors_map_to_exit_codes_with_one_line(
    error: PrivacyAppError, code: ExitCode, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def fail(*_args: object, **_kwargs: object) -> object:
        raise error

    monkeypatch.setattr("privacyapp.cli.doctor.run_doctor", fail)
    assert cli.main(["doctor"]) == code
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("privacyapp-cli: error: ") and error.message in err
    if error.hint:
        assert error.hint in err


def test_unexpected_error_is_one_line_and_logged(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def crash(*_args: object, **_kwargs: object) -> object:
        raise RuntimeError("boom in the middle")

    monkeypatch.setattr("privacyapp.cli.doctor.run_doctor", crash)
    assert cli.main(["doctor"]) == ExitCode.FAILURE
    err = capsys.readouterr().err
    assert "Traceback" not in err and "boom" not in err
    assert "something unexpected went wrong" in err and "--debug" in err
    log_text = (data_dir / "logs" / "privacyapp.log").read_text(encoding="utf-8")
    assert "RuntimeError: boom in the middle" in log_text


def test_unusable_data_folder_is_a_clear_failure(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    assert cli.main(["--data-dir", str(blocker), "doctor"]) == ExitCode.FAILURE
    err = capsys.readouterr().err
    assert "cannot use the data folder" in err and "Traceback" not in err


def test_missing_shipped_data_makes_doctor_fail(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(core_doctor, "shipped_data", lambda: {"checklists": "missing: gone", "resources": "x"})
    assert cli.main(["doctor"]) == ExitCode.FAILURE


def test_installed_command_works_from_any_folder(tmp_path: Path, data_dir: Path) -> None:
    result = run([tool("privacyapp-cli"), "doctor", "--json"], cwd=tmp_path, env=clean_env())
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert Path(report["shipped_data"]["checklists"]).is_dir()
    assert report["folders"]["data"] == str(data_dir / "data")
    assert result.stderr == ""
