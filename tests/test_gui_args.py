"""The `privacyapp` command line (privacyapp/gui_args.py): our options by argparse, Qt's own by a list."""

from __future__ import annotations

import json
import sys

import pytest

from privacyapp import __version__
from privacyapp.app import main
from privacyapp.gui_args import QT_FLAGS, QT_OPTIONS_WITH_EQUALS, QT_OPTIONS_WITH_VALUE, GuiOptions, parse_args
from tests.conftest import REPO, clean_env, run, tool


def usage_error(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """Parses `argv`, expects argparse's exit 2, and returns what went to stderr."""
    with pytest.raises(SystemExit) as exit_info:
        parse_args(argv)
    assert exit_info.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("usage: privacyapp ")
    assert "Traceback" not in err
    return err


def test_our_options_and_qt_arguments() -> None:
    options = parse_args(["--data-dir", "/x", "--debug", "-platform", "offscreen"])
    assert options == GuiOptions("/x", debug=True, quit_after_first_paint=False, qt_args=["-platform", "offscreen"])
    assert parse_args(["--data-dir=/y"]).data_dir == "/y"
    assert parse_args(["--quit-after-first-paint"]).quit_after_first_paint
    assert parse_args([]) == GuiOptions(None, False, False, [])


def test_qt_arguments_keep_their_order_among_ours() -> None:
    argv = ["-style", "Fusion", "--debug", "-reverse", "--data-dir", "/d", "-qwindowtitle", "-a title-", "-nograb"]
    options = parse_args(argv)
    assert options.qt_args == ["-style", "Fusion", "-reverse", "-qwindowtitle", "-a title-", "-nograb"]
    assert options.data_dir == "/d"
    assert options.debug


@pytest.mark.parametrize("option", sorted(QT_OPTIONS_WITH_VALUE))
def test_each_qt_option_with_a_value_passes_through(option: str) -> None:
    assert parse_args([option, "value", "--debug"]).qt_args == [option, "value"]
    assert parse_args(["-" + option, "value"]).qt_args == ["-" + option, "value"]  # Qt reads --platform too


@pytest.mark.parametrize("option", sorted(QT_OPTIONS_WITH_VALUE))
def test_each_qt_option_without_its_value_is_a_usage_error(option: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert f"argument {option}: expected one argument" in usage_error(["--debug", option], capsys)


@pytest.mark.parametrize("option", sorted(QT_FLAGS))
def test_each_qt_flag_passes_through_alone(option: str) -> None:
    options = parse_args([option, "--data-dir", "/x"])
    assert options.qt_args == [option]
    assert options.data_dir == "/x"


@pytest.mark.parametrize("prefix", QT_OPTIONS_WITH_EQUALS)
def test_qt_options_written_with_equals(prefix: str) -> None:
    assert parse_args([prefix + "value"]).qt_args == [prefix + "value"]


@pytest.mark.parametrize(
    ("argv", "hint"),
    [
        (["--datadir", "x"], "unrecognized arguments: --datadir x (did you mean --data-dir?)"),
        (["--datadir=x"], "unrecognized arguments: --datadir=x (did you mean --data-dir?)"),
        (["--data", "x"], "unrecognized arguments: --data x"),  # no abbreviations
        (["--dbug"], "unrecognized arguments: --dbug (did you mean --debug?)"),
        (["-platform=xcb"], "unrecognized arguments: -platform=xcb (did you mean -platform?)"),  # Qt ignores it
        (["-sync"], "unrecognized arguments: -sync"),  # a Qt 4 option that Qt 6 does not read
        (["profile.json"], "unrecognized arguments: profile.json"),
        (["--data-dir"], "argument --data-dir: expected one argument"),
        (["--data-dir", "--debug"], "argument --data-dir: expected one argument"),
    ],
)
def test_unknown_options_are_usage_errors(argv: list[str], hint: str, capsys: pytest.CaptureFixture[str]) -> None:
    err = usage_error(argv, capsys)
    assert f"privacyapp: error: {hint}" in err


@pytest.mark.parametrize(
    ("argv", "text"),
    [
        (["--version"], f"privacyapp {__version__}\n"),
        (["--help"], "--data-dir DIR"),
        (["-h"], "Qt's own options go to Qt"),
    ],
)
def test_version_and_help(argv: list[str], text: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        parse_args(argv)
    assert exit_info.value.code == 0
    out, err = capsys.readouterr()
    assert text in out
    assert err == ""
    assert "quit-after-first-paint" not in out  # for benchmarks and tests only


def test_unusable_data_folder(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert main(["--data-dir", str(blocker)]) == 1
    assert "cannot use the data folder" in capsys.readouterr().err


def test_installed_command_refuses_a_mistyped_option(tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = run([tool("privacyapp"), "--datadir", str(tmp_path / "x")], cwd=tmp_path, env=clean_env(), timeout=60)
    assert result.returncode == 2
    assert "privacyapp: error: unrecognized arguments: --datadir" in result.stderr
    assert result.stdout == ""
    assert not (tmp_path / "x").exists()


# QApplication removes the arguments it reads from its argument list; what it leaves, it did not read.
QT_READS = """
import json, sys
from PySide6.QtWidgets import QApplication
app = QApplication(["privacyapp", *json.loads(sys.argv[1])])
print(json.dumps(app.arguments()[1:]))
"""


@pytest.mark.slow
def test_qt_reads_every_option_on_the_list(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The list is not a guess: the Qt we ship consumes each option, with its value, on a real X server."""
    from tests.integration.xvfb import virtual_screen

    with virtual_screen() as display:
        values = {"-platform": "xcb", "-display": display, "-visual": "0x21", "-qmljsdebugger": "port:1234"}
        argv: list[str] = []
        for option in sorted(QT_OPTIONS_WITH_VALUE):
            argv += [option, values.get(option, "100x100+0+0" if "geometry" in option else "x")]
        argv += [*sorted(QT_FLAGS), *(prefix + "Fusion" for prefix in QT_OPTIONS_WITH_EQUALS), "--reverse"]
        assert parse_args(argv).qt_args == argv
        env = clean_env(DISPLAY=display, QT_QPA_PLATFORM="xcb")
        result = run([sys.executable, "-c", QT_READS, json.dumps(argv)], cwd=REPO, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []
