"""Run by test_quit_unsaved.py in its own process: the app with a profile open whose saves fail (a full disk),
and the real SIGTERM handler of run_gui. Prints "ready" once a change is waiting to be saved."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QTimer

from privacyapp.app import _quit_on_signals, build_main_window, start_flow
from privacyapp.core.errors import SaveError
from privacyapp.core.paths import app_paths
from privacyapp.core.profile.crypto import KdfParams
from privacyapp.core.profile.keystore import MemoryKeyStore
from privacyapp.core.redact import Secret
from privacyapp.ui.application import PrivacyApplication


def main(data_dir: str, passphrase: str, note: str) -> int:
    paths = app_paths(data_dir)
    paths.ensure()
    app = PrivacyApplication(["privacyapp", "-platform", "offscreen"], log_file=str(Path(data_dir) / "log.txt"))
    window, states = build_main_window(paths, keystore=MemoryKeyStore(), kdf=lambda: KdfParams(1, 8, 1))
    flow = start_flow(window, states)
    _quit_on_signals(app, flow.terminate)
    app.aboutToQuit.connect(states.passwords.shutdown)
    session = states.session

    def created(result: object) -> None:
        assert isinstance(result, Secret), result
        store = session._store
        assert store is not None

        def full_disk(*_args: object, **_kwargs: object) -> None:
            raise SaveError("Your changes could not be saved: there is no space left on the disk.")

        store.save = full_disk  # type: ignore[method-assign]
        session.change(lambda d: d.with_changes(notes=note))
        print("ready", flush=True)

    window.show()
    session.create_profile("Sam", Secret(passphrase), None, lambda: KdfParams(1, 8, 1), created)
    QTimer.singleShot(60_000, app.quit)  # never runs for long, whatever happens
    return int(app.exec())


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
