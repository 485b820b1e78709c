"""Run by test_soak.py in its own process, so that an interpreter abort fails one test instead of the run.

Drives N text changes through a real QLineEdit whose textChanged updates a real label of the Home page, and N
deliveries of the session's keyringStatusChanged signal to the Home page.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLineEdit

from privacyapp.app import build_main_window
from privacyapp.core.keyring_check import KeyringStatus
from privacyapp.core.paths import app_paths
from privacyapp.ui.application import PrivacyApplication
from privacyapp.ui.pages.home import HomePage


def main(count: int) -> int:
    app = PrivacyApplication(["soak"])
    paths = app_paths()
    paths.ensure()
    window, session = build_main_window(paths)
    window.show()
    home = window.page("home")
    assert isinstance(home, HomePage)
    field = QLineEdit()
    field.textChanged.connect(home.keyring_label.setText)
    statuses = [KeyringStatus("A", True, "works"), KeyringStatus("B", False, "No keyring.")]
    for i in range(count):
        field.setText(f"text change {i}")
        session.keyringStatusChanged.emit(statuses[i % 2])
        if i % 500 == 0:
            app.processEvents()
    app.processEvents()
    last = statuses[(count - 1) % 2]
    expected = "keyring works" if last.works else "No keyring."
    if expected not in home.keyring_label.text():
        print(f"unexpected label text: {home.keyring_label.text()!r}", file=sys.stderr)
        return 1
    window.close()
    print(f"soak ok {count}")
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1])))
