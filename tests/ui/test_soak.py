"""PySide6-Essentials 6.12.0 aborts CPython 3.11 after a few thousand setText() calls (none_dealloc). This
soak test drives 20,000 text changes and 20,000 signal deliveries through real widgets, then types 5,000
keystrokes into the real password field, in a child process: a crash shows up as a failed test with the
interpreter's last words."""

from __future__ import annotations

import sys

from tests.conftest import REPO, clean_env, run

COUNT = 20_000


def test_20000_text_changes_and_signal_deliveries_without_a_crash() -> None:
    result = run(
        [sys.executable, "-m", "tests.ui.soak_driver", str(COUNT)],
        cwd=REPO,
        env=clean_env(QT_QPA_PLATFORM="offscreen"),
        timeout=300,
    )
    assert result.returncode == 0, f"exit {result.returncode}\n{result.stderr[-2000:]}"
    assert result.stdout.strip() == f"soak ok {COUNT}, typed {COUNT // 4}"
    assert "Fatal Python error" not in result.stderr
