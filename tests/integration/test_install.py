"""An installed wheel carries checklists/ and resources/, and its two commands work from any folder.

The wheel is built here (hatchling is in the test extras, so no build environment is fetched) and installed
into a new virtual environment that borrows this one's dependencies, so nothing is downloaded.
"""

from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO, clean_env, run


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    result = run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(out), str(REPO)],
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    (built,) = out.glob("privacyapp-*.whl")
    return built


def test_wheel_holds_the_data_folders_and_both_commands(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "privacyapp/resources/icons/home.svg" in names
    assert "privacyapp/resources/privacyapp.svg" in names
    shipped = {p.name for p in (REPO / "checklists").glob("*.toml")}
    assert shipped and {n.rsplit("/", 1)[-1] for n in names if n.startswith("privacyapp/checklists/")} >= shipped
    (entry_points,) = [n for n in names if n.endswith("entry_points.txt")]
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "[console_scripts]\nprivacyapp-cli = privacyapp.cli:main" in text
    assert "[gui_scripts]\nprivacyapp = privacyapp.app:main" in text


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new venv with the wheel installed; its dependencies come from this venv through a .pth file."""
    root = tmp_path_factory.mktemp("venv")
    venv.create(root, with_pip=False)
    python = root / "bin" / "python"
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    Path(site, "zz_borrowed_deps.pth").write_text("\n".join(sorted(ours)) + "\n")
    result = run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", str(wheel)],
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return root


def test_installed_cli_finds_its_data_inside_the_install(installed: Path, tmp_path: Path) -> None:
    result = run([str(installed / "bin" / "privacyapp-cli"), "doctor", "--json"], cwd=tmp_path, env=clean_env())
    assert result.returncode == 0, result.stderr
    shipped = json.loads(result.stdout)["shipped_data"]
    for name in ("checklists", "resources"):
        assert Path(shipped[name]).is_relative_to(installed), f"{name} came from {shipped[name]}, not the install"
        assert Path(shipped[name]).is_dir()


def test_installed_gui_opens_from_any_folder(installed: Path, tmp_path: Path) -> None:
    result = run(
        [str(installed / "bin" / "privacyapp"), "--quit-after-first-paint"],
        cwd=tmp_path,
        env=clean_env(QT_QPA_PLATFORM="offscreen"),
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("first-paint-ns ")
