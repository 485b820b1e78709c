"""`privacyapp-cli doctor` tells the truth about the real OS keyring: working, locked, and absent."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import clean_env, run, tool
from tests.integration.secret_service import in_secret_service


def doctor_keyring(result_stdout: str) -> dict[str, object]:
    report = json.loads(result_stdout)
    keyring = report["keyring"]
    assert isinstance(keyring, dict)
    return keyring


def test_real_secret_service_works(tmp_path: Path) -> None:
    result = in_secret_service([tool("privacyapp-cli"), "doctor", "--json"], tmp_path / "home")
    assert result.returncode == 0, result.stderr
    keyring = doctor_keyring(result.stdout)
    assert "SecretService" in str(keyring["backend"])
    assert keyring["works"] is True


def test_locked_secret_service_is_reported_within_the_timeout(tmp_path: Path) -> None:
    # Started but never unlocked: writing needs an unlock prompt that nobody can answer here.
    result = in_secret_service(
        [tool("privacyapp-cli"), "doctor", "--json", "--keyring-timeout", "3"], tmp_path / "home", unlock=False
    )
    assert result.returncode == 0, result.stderr
    keyring = doctor_keyring(result.stdout)
    assert keyring["works"] is False
    assert "locked" in str(keyring["detail"])


def test_no_secret_service_at_all(tmp_path: Path) -> None:
    env = clean_env(HOME=str(tmp_path))
    env.pop("PYTHON_KEYRING_BACKEND", None)
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    result = run([tool("privacyapp-cli"), "doctor", "--json"], env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    keyring = doctor_keyring(result.stdout)
    assert keyring["works"] is False
    assert "Traceback" not in result.stderr
