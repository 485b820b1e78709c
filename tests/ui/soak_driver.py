"""Run by test_soak.py in its own process, so that an interpreter abort fails one test instead of the run.

Drives N text changes through a real QLineEdit whose textChanged updates a real label of the Home page, and N
deliveries of the keys state's keyringStatusChanged signal (Home no longer shows the keyring: a label of its own
takes the status's words, as Home's did).
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
    from privacyapp.core.profile.crypto import KdfParams
    from privacyapp.core.profile.keystore import MemoryKeyStore

    window, states = build_main_window(paths, keystore=MemoryKeyStore(), kdf=lambda: KdfParams(1, 8, 1))
    window.show()
    home = window.page("home")
    assert isinstance(home, HomePage)
    field = QLineEdit()
    status_label = home.accounts_text
    field.textChanged.connect(status_label.setText)
    states.keys.keyringStatusChanged.connect(lambda status: status_label.setText(status.detail))
    statuses = [KeyringStatus("A", True, "works"), KeyringStatus("B", False, "No keyring.")]
    for i in range(count):
        field.setText(f"text change {i}")
        states.keys.keyringStatusChanged.emit(statuses[i % 2])
        if i % 500 == 0:
            app.processEvents()
    app.processEvents()
    last = statuses[(count - 1) % 2]
    if status_label.text() != last.detail:
        print(f"unexpected label text: {status_label.text()!r}", file=sys.stderr)
        return 1
    typed = type_into_the_password_field(app, window, states, keystrokes=count // 4)
    window.close()
    print(f"soak ok {count}, typed {typed}")
    return 0


def type_into_the_password_field(app, window, states, keystrokes: int) -> int:  # type: ignore[no-untyped-def]
    """Thousands of keystrokes into the real password field: each one a textChanged, a meter update and, after
    the debounce, a strength estimate delivered back from a worker thread."""
    import time

    from PySide6.QtTest import QTest

    from privacyapp.ui.pages.passwords import PasswordsPage

    done: list[object] = []
    keys = states.keys
    states.session.create_profile("Soak", None, keys.keystore, keys.kdf_params, done.append)  # with the keyring
    deadline = time.monotonic() + 30
    while not done and time.monotonic() < deadline:
        app.processEvents()
    if not states.session.is_open:
        raise RuntimeError(f"the profile did not open: {done!r}")
    window.go_to("passwords")
    page = window.page("passwords")
    assert isinstance(page, PasswordsPage)
    field = page.password.edit
    alphabet = "abc DEF 123 !? correct horse"  # QTest.keyClick takes ASCII characters
    for n in range(keystrokes):
        QTest.keyClick(field, alphabet[n % len(alphabet)])
        if n % 60 == 59:
            field.clear()  # keep the text short: the point is the number of updates
        if n % 200 == 0:
            app.processEvents()
    deadline = time.monotonic() + 30
    while page.meter.result is None and time.monotonic() < deadline:
        app.processEvents()
    return keystrokes


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1])))
