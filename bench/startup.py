"""Start-up: time from exec to the first painted main window, privacyapp against a bare PySide6 QMainWindow.

Both run alternately in the same session, 7 times each; the medians are compared. Goal (issue 2): ratio <= 1.3.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import display, median_ms, verdict

RUNS = 7
GOAL = 1.3
HERE = Path(__file__).resolve().parent


def first_paint_ns(command: list[str], env: dict[str, str]) -> int:
    started = time.monotonic_ns()
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60, check=False)
    lines = [line for line in result.stdout.splitlines() if line.startswith("first-paint-ns ")]
    if result.returncode != 0 or not lines:
        raise RuntimeError(f"{command} failed ({result.returncode}): {result.stderr[-500:]}")
    return int(lines[0].split()[1]) - started


def main() -> int:
    with tempfile.TemporaryDirectory() as data_dir, display() as screen:
        env = {**os.environ, **screen, "PRIVACYAPP_DATA_DIR": data_dir}
        # An installed app has its bytecode compiled (pip does it); a developer shell may forbid writing it.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        bare_cmd = [sys.executable, str(HERE / "bare_window.py")]
        app_cmd = [sys.executable, "-m", "privacyapp", "--quit-after-first-paint"]
        first_paint_ns(app_cmd, env)  # warm the file cache and create the data folders; not counted
        first_paint_ns(bare_cmd, env)
        bare: list[int] = []
        app: list[int] = []
        for _ in range(RUNS):
            bare.append(first_paint_ns(bare_cmd, env))
            app.append(first_paint_ns(app_cmd, env))
    platform = screen.get("QT_QPA_PLATFORM", "?")
    print(f"startup: exec to first painted window, {RUNS} runs each, alternated ({platform})")
    for name, samples in (("bare PySide6 QMainWindow", bare), ("privacyapp", app)):
        spread = f"{min(samples) / 1e6:.0f} to {max(samples) / 1e6:.0f} ms"
        print(f"  {name:24}  median {median_ms(samples):7.1f} ms  (runs from {spread})")
    print(f"  {verdict(median_ms(app) / median_ms(bare), GOAL)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
