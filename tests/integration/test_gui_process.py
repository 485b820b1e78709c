"""The real `privacyapp` program: first paint, no network at start-up, a real window, one instance per user."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import REPO, clean_env, run, tool
from tests.integration.xvfb import virtual_screen

# Records every socket connection the app makes on the way to its first paint and exits on it. D-Bus and X11
# use local (AF_UNIX) sockets; anything else would be network traffic at start-up.
NETWORK_PROBE = """
import socket, sys
connects = []
def hook(event, args):
    if event == "socket.connect":
        family = args[0].family
        if family != socket.AF_UNIX:
            connects.append(repr(args[1]))
sys.addaudithook(hook)
from privacyapp.app import main
code = main(["--quit-after-first-paint"])
print("network-connects", len(connects), connects)
sys.exit(code)
"""


def wait_for(predicate, timeout: float = 15.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def test_gui_paints_and_quits_offscreen_from_any_folder(tmp_path: Path) -> None:
    result = run([tool("privacyapp"), "--quit-after-first-paint"], cwd=tmp_path, env=clean_env(), timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("first-paint-ns ")


def test_no_network_at_start_up(data_dir: Path) -> None:
    result = run([sys.executable, "-c", NETWORK_PROBE], cwd=REPO, env=clean_env(), timeout=60)
    assert result.returncode == 0, result.stderr
    assert "network-connects 0 []" in result.stdout


def test_real_window_under_xvfb_with_nothing_on_stderr(tmp_path: Path) -> None:
    with virtual_screen() as display:
        env = clean_env(DISPLAY=display, QT_QPA_PLATFORM="xcb", PRIVACYAPP_DATA_DIR=str(tmp_path / "empty"))
        result = run([tool("privacyapp"), "--quit-after-first-paint"], cwd=tmp_path, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("first-paint-ns ")
    assert result.stderr == ""
    assert (tmp_path / "empty" / "data").is_dir()


def log_text(data_dir: Path) -> str:
    log_file = data_dir / "logs" / "privacyapp.log"
    return log_file.read_text(encoding="utf-8") if log_file.exists() else ""


def test_second_launch_brings_the_first_window_forward_and_exits(data_dir: Path, tmp_path: Path) -> None:
    first = subprocess.Popen([tool("privacyapp")], cwd=tmp_path, env=clean_env(), stderr=subprocess.PIPE, text=True)
    try:
        # the first instance listens once its window has painted
        assert wait_for(lambda: "keyring:" in log_text(data_dir)), log_text(data_dir)
        started = time.monotonic()
        second = run([tool("privacyapp")], cwd=tmp_path, env=clean_env(), timeout=30)
        assert second.returncode == 0, second.stderr
        assert time.monotonic() - started < 10
        assert wait_for(lambda: "a second launch asked this window to come to the front" in log_text(data_dir))
        assert first.poll() is None, "the first instance keeps running"
    finally:
        first.send_signal(signal.SIGTERM)
        first.wait(timeout=15)
    assert first.returncode == 0
    assert "quit with code 0" in log_text(data_dir)


def test_a_lock_left_by_a_killed_instance_is_taken_over(data_dir: Path, tmp_path: Path) -> None:
    crashed = subprocess.Popen([tool("privacyapp")], cwd=tmp_path, env=clean_env(), stderr=subprocess.DEVNULL)
    assert wait_for(lambda: "keyring:" in log_text(data_dir))
    os.kill(crashed.pid, signal.SIGKILL)
    crashed.wait(timeout=10)
    assert (data_dir / "data" / "instance.lock").exists(), "kill -9 leaves the lock behind"
    result = run([tool("privacyapp"), "--quit-after-first-paint"], cwd=tmp_path, env=clean_env(), timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("first-paint-ns ")
