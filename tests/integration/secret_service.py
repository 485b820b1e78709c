"""A real Secret Service for tests: a private D-Bus session with gnome-keyring-daemon, HOME in a temp folder.

`in_secret_service(command, home)` runs `command` under `dbus-run-session`, after unlocking (or, with
`unlock=False`, only starting) gnome-keyring. The keyring of the person running the tests is never touched.
"""

from __future__ import annotations

import shlex
import subprocess
from pathlib import Path

from tests.conftest import clean_env, run, system_tool

KEYRING_PASSWORD = "test-keyring-password"  # the throwaway login keyring's own password, not a user's


def in_secret_service(
    command: list[str], home: Path, *, unlock: bool = True, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    dbus_run_session = system_tool("dbus-run-session")
    daemon = system_tool("gnome-keyring-daemon")
    home.mkdir(parents=True, exist_ok=True)
    start = (
        f"printf %s {shlex.quote(KEYRING_PASSWORD)} | {daemon} --unlock --components=secrets >/dev/null"
        if unlock
        else f"{daemon} --start --components=secrets >/dev/null"
    )
    script = f"{start} && exec {shlex.join(command)}"
    env = clean_env(HOME=str(home), XDG_DATA_HOME=str(home / ".local/share"), XDG_RUNTIME_DIR=str(home / "run"))
    (home / "run").mkdir(mode=0o700, exist_ok=True)
    env.pop("PYTHON_KEYRING_BACKEND", None)  # let keyring find the Secret Service by itself
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    return run([dbus_run_session, "--", "sh", "-c", script], env=env, timeout=timeout)
