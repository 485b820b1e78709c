"""Screenshots of the real app, for the README and for reviewing screens.

    .venv/bin/python tools/screenshot.py OUT.png [--page home] [--dark] [--keyring works|missing]

Run it under a real display (Xvfb is fine: `xvfb-run -s "-screen 0 1280x800x24" ...`)."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import Qt, QTimer

from privacyapp.app import build_main_window
from privacyapp.core.keyring_check import KeyringStatus
from privacyapp.core.paths import app_paths
from privacyapp.core.profile.crypto import KdfParams
from privacyapp.core.profile.keystore import MemoryKeyStore
from privacyapp.ui.application import PrivacyApplication

STATUSES = {
    "works": KeyringStatus("SecretService Keyring", True, "Works."),
    "missing": KeyringStatus("fail Keyring", False, "No keyring service was found on this computer."),
}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--page", default="home")
    parser.add_argument("--dark", action="store_true")
    parser.add_argument("--keyring", choices=sorted(STATUSES), default="works")
    parser.add_argument("--size", default="1040x720")
    parser.add_argument("--locked", action="store_true", help="the lock screen, with no profile open")
    args = parser.parse_args()
    app = PrivacyApplication(["screenshot"])
    app.finish_start_up()
    if args.dark:
        app.set_colour_scheme(Qt.ColorScheme.Dark)
    with tempfile.TemporaryDirectory() as folder:
        paths = app_paths(folder)
        paths.ensure()
        window, session = build_main_window(paths, keystore=MemoryKeyStore(), kdf=lambda: KdfParams(1, 8, 1))
        session._check_keyring = lambda: STATUSES[args.keyring]
        width, height = (int(n) for n in args.size.split("x"))
        window.resize(width, height)
        window.show()
        session.refresh_keyring_status()
        if not args.locked:  # a profile open, as after unlocking
            session.create_profile("Sam", None, True, lambda _code: window.go_to(args.page))

        def shoot() -> None:
            window.grab().save(str(args.out))
            app.quit()

        QTimer.singleShot(1500, shoot)
        app.exec()
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
