"""The Qt-free core stays Qt-free: importing all of privacyapp.core and the CLI loads no PySide6."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.conftest import REPO

PROBE = """
import importlib, pkgutil, sys
import privacyapp.core, privacyapp.cli
names = []
for package in (privacyapp.core, privacyapp.cli):
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        if info.name.endswith("__main__"):
            continue
        importlib.import_module(info.name)
        names.append(info.name)
print(len(names))
qt = sorted(name for name in sys.modules if name.split(".")[0] in ("PySide6", "shiboken6"))
print(",".join(qt))
"""


def test_importing_core_and_cli_loads_no_qt() -> None:
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, cwd=REPO, check=True)
    count, qt = result.stdout.splitlines()
    assert int(count) >= 8, "the probe should have imported every core and CLI module"
    assert qt == "", f"privacyapp.core or the CLI imported Qt: {qt}"


# Module level only: `checklist export --format pdf` imports the Qt printer inside its function, on purpose.
IMPORT_OF_UI = re.compile(r"^(from|import)\s+(PySide6|shiboken6|privacyapp\.ui|privacyapp\.app)\b", re.M)


def test_core_and_cli_import_nothing_from_the_gui() -> None:
    sources = [*(REPO / "privacyapp" / "core").rglob("*.py"), *(REPO / "privacyapp" / "cli").rglob("*.py")]
    offenders = [str(path.relative_to(REPO)) for path in sources if IMPORT_OF_UI.search(path.read_text("utf-8"))]
    assert len(sources) >= 10
    assert offenders == []
