"""The GUI's side of issue 12's items 11 and 12: text from imported files is shown with its control characters
escaped; the settings files it writes are 0600, Qt's own settings stay inside our config folder, and the folder of
a password export is not remembered there."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from privacyapp.core.paths import AppPaths
from privacyapp.ui import application
from tests.conftest import REPO
from tests.ui.test_passwords_gui import passwords_page

CLEAR = "\x1b[2J\x1b[H"


def test_csv_usernames_and_imported_handles_are_shown_escaped(qtbot: QtBot, paths: AppPaths, tmp_path: Path) -> None:
    _window, states, page = passwords_page(qtbot, paths)
    states.passwords.set_online_checks("forbidden")
    export = tmp_path / "export.csv"
    export.write_text(f"name,url,username,password\nShop,https://shop.example,{CLEAR}sam\u202e,pw-1\n", "utf-8")
    page.audit.run_file(export)
    qtbot.waitUntil(lambda: page.audit.model.rowCount() == 1, timeout=10_000)
    shown = page.audit.model.index(0, 1).data()
    assert shown == "\\x1b[2J\\x1b[Hsam\\u202e"
    account = states.accounts.add("tiktok", handle="\x1b]0;owned\x07me")
    assert states.accounts.label(account) == "TikTok (\\x1b]0;owned\\x07me)"
    assert [a.handle for a in states.accounts.all] == ["\x1b]0;owned\x07me"], "the data itself is kept as it was"


@pytest.fixture
def qt_settings_in(tmp_path: Path) -> Iterator[Path]:
    """Qt's own settings in a folder of this test's, as the app puts them in its config folder; put back after."""
    folder = tmp_path / "config"
    folder.mkdir()
    application.keep_qt_settings_in(str(folder))
    yield folder
    default = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    application.keep_qt_settings_in(default)


def test_the_folder_of_a_password_export_is_not_remembered(
    qtbot: QtBot, paths: AppPaths, tmp_path: Path, qt_settings_in: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _window, states, page = passwords_page(qtbot, paths)
    states.passwords.set_online_checks("forbidden")
    secret_place = tmp_path / "where-my-passwords-are"
    secret_place.mkdir()
    export = secret_place / "export.csv"
    export.write_text("name,url,username,password\nShop,https://shop.example,sam,pw-1\n", "utf-8")

    def choose(*_args: object) -> tuple[str, str]:
        """A real (non-native) file dialog, accepted in that folder: Qt records where it was when it closes."""
        dialog = QFileDialog(None, "Password export", str(secret_place))
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.selectFile(str(export))
        dialog.accept()
        chosen = dialog.selectedFiles()[0]
        dialog.deleteLater()
        dialog = None  # type: ignore[assignment]
        qtbot.wait(50)  # deleted: its destructor writes Qt's settings
        return chosen, ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", choose)
    page.audit._choose_file()
    qtbot.waitUntil(lambda: page.audit.model.rowCount() == 1, timeout=10_000)
    written = qt_settings_in / "QtProject.conf"
    assert written.is_file(), "Qt's file dialog writes its settings here, not in ~/.config"
    assert "where-my-passwords-are" not in written.read_text("utf-8")
    assert QSettings(QSettings.Scope.UserScope, "QtProject").value("FileDialog/lastVisited") is None


SETTINGS_PROBE = """
import os, sys
from pathlib import Path
os.umask(0o022)
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog
from privacyapp.ui.application import PrivacyApplication
config = Path(sys.argv[1])
config.mkdir()
app = PrivacyApplication(["privacyapp"], config_dir=str(config))
window = QSettings(str(config / "window.ini"), QSettings.Format.IniFormat)  # as app.py makes it
window.setValue("geometry", "x")
window.sync()
dialog = QFileDialog(None, "t", str(config))
dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
dialog.accept()
del dialog  # Qt writes its file dialog's settings now
for path in sorted(config.iterdir()):
    print(path.name, oct(path.stat().st_mode & 0o777))
"""


def test_settings_files_are_private_and_inside_our_config_folder(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = dict(os.environ, HOME=str(home), QT_QPA_PLATFORM="offscreen")
    env.pop("XDG_CONFIG_HOME", None)
    result = subprocess.run(
        [sys.executable, "-c", SETTINGS_PROBE, str(tmp_path / "config")],
        env=env, cwd=REPO, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split("\n") == ["QtProject.conf 0o600", "window.ini 0o600", ""]
    assert not any(home.rglob("*")), "nothing is written outside the config folder"
