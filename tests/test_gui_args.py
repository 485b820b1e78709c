"""The `privacyapp` command's own options (parsed by hand to keep start-up fast)."""

from __future__ import annotations

import pytest

from privacyapp import __version__
from privacyapp.app import main, parse_args


def test_options_and_qt_arguments() -> None:
    options = parse_args(["--data-dir", "/x", "--debug", "-platform", "offscreen"])
    assert options.data_dir == "/x"
    assert options.debug
    assert not options.quit_after_first_paint
    assert options.qt_args == ["-platform", "offscreen"]
    assert parse_args(["--data-dir=/y"]).data_dir == "/y"
    assert parse_args([]).data_dir is None


@pytest.mark.parametrize(
    ("argv", "code", "text"), [(["--version"], 0, f"privacyapp {__version__}"), (["--help"], 0, "--data-dir DIR")]
)
def test_version_and_help(argv: list[str], code: int, text: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        parse_args(argv)
    assert exit_info.value.code == code
    assert text in capsys.readouterr().out


@pytest.mark.parametrize("argv", [["--data-dir"], ["--data-dir", "--debug"]])
def test_data_dir_without_a_folder_is_a_usage_error(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        parse_args(argv)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "needs a folder" in err and "Traceback" not in err


def test_unusable_data_folder(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert main(["--data-dir", str(blocker)]) == 1
    assert "cannot use the data folder" in capsys.readouterr().err
