"""Where data lives, and how the shipped data folders are found from a checkout or a PyInstaller bundle.

The installed-wheel case is tested for real in tests/integration/test_install.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from privacyapp.core import paths
from tests.conftest import REPO


def test_data_dir_env_puts_every_folder_under_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRIVACYAPP_DATA_DIR", str(tmp_path / "portable"))
    found = paths.app_paths()
    assert found.portable
    for folder in (found.data, found.config, found.logs, found.cache, found.profiles, found.log_file):
        assert folder.is_relative_to(tmp_path / "portable")
    assert len({found.data, found.config, found.logs, found.cache}) == 4


def test_explicit_data_dir_wins_over_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRIVACYAPP_DATA_DIR", str(tmp_path / "from-env"))
    found = paths.app_paths(tmp_path / "from-option")
    assert found.data.is_relative_to(tmp_path / "from-option")


def test_without_override_platformdirs_decides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PRIVACYAPP_DATA_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    found = paths.app_paths()
    assert not found.portable
    if sys.platform.startswith("linux"):
        assert found.data == tmp_path / "xdg-data" / "privacyapp"
        assert found.config == tmp_path / "xdg-config" / "privacyapp"


def test_ensure_creates_private_folders(tmp_path: Path) -> None:
    found = paths.app_paths(tmp_path / "d")
    found.ensure()
    for folder in (found.data, found.config, found.logs, found.cache):
        assert folder.is_dir()
        if sys.platform != "win32":
            assert folder.stat().st_mode & 0o077 == 0, f"{folder} is readable by others"


def test_shipped_folders_found_in_a_checkout() -> None:
    assert paths.data_folder("checklists") == REPO / "checklists"
    assert paths.resource("privacyapp.svg") == REPO / "resources" / "privacyapp.svg"
    assert paths.resource("privacyapp.svg").is_file()


def test_shipped_folders_found_in_a_pyinstaller_bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "checklists").mkdir()
    (tmp_path / "resources").mkdir()
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert paths.data_folder("checklists") == tmp_path / "checklists"
    assert paths.data_folder("resources") == tmp_path / "resources"


def test_unknown_and_missing_folders_are_clear_errors(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown data folder"):
        paths.data_folder("secrets")
    monkeypatch.setattr(paths, "_candidate_roots", lambda: [tmp_path])
    with pytest.raises(FileNotFoundError, match="reinstall privacyapp"):
        paths.data_folder("checklists")
