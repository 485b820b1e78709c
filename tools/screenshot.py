"""Screenshots of the real app, for the README and for reviewing screens.

    .venv/bin/python tools/screenshot.py OUT.png [--page home] [--dark] [--keyring works|missing]
                                             [--accounts] [--map] [--locked [--two-profiles]] [--size WxH]
                                             [--unsaved-quit] [--conflict] [--escaped] [--damaged]

Run it under a real display (Xvfb is fine: `xvfb-run -s "-screen 0 1280x800x24" ...`)."""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialog

from privacyapp.app import build_main_window, start_flow
from privacyapp.core.errors import SaveError
from privacyapp.core.keyring_check import KeyringStatus
from privacyapp.core.paths import app_paths
from privacyapp.core.profile import backups as bk
from privacyapp.core.profile.crypto import KdfParams
from privacyapp.core.profile.keystore import MemoryKeyStore
from privacyapp.core.redact import Secret
from privacyapp.ui.application import PrivacyApplication
from privacyapp.ui.state import States
from privacyapp.ui.state.session import Session

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
    parser.add_argument("--accounts", action="store_true", help="a dozen sample accounts, linked")
    parser.add_argument("--map", action="store_true", help="the Accounts page's map, with the Google account chosen")
    parser.add_argument("--two-profiles", action="store_true", help="a second profile that opens with the keyring")
    parser.add_argument("--unsaved-quit", action="store_true", help="the question when the last save failed")
    parser.add_argument("--conflict", action="store_true", help="Settings, with a conflict copy beside the backups")
    parser.add_argument("--escaped", action="store_true", help="an imported handle with terminal escape codes")
    parser.add_argument("--damaged", action="store_true", help="unlocking a profile something wrote zeros over")
    args = parser.parse_args()
    app = PrivacyApplication(["screenshot"])
    app.finish_start_up()
    if args.dark:
        app.set_colour_scheme(Qt.ColorScheme.Dark)
    with tempfile.TemporaryDirectory() as folder:
        paths = app_paths(folder)
        paths.ensure()
        keystore, kdf = MemoryKeyStore(), (lambda: KdfParams(1, 8, 1))
        window, states = build_main_window(paths, keystore=keystore, kdf=kdf)
        states.keys._check_keyring = lambda: STATUSES[args.keyring]
        session = states.session
        flow = start_flow(window, states)
        width, height = (int(n) for n in args.size.split("x"))
        window.resize(width, height)
        window.show()
        states.keys.refresh_keyring_status()

        def opened(_code: object) -> None:
            if args.locked:
                session.close_profile()
                flow._with_profiles(lambda _profiles, _last: None)
                return
            if args.damaged:
                session.change(lambda d: d.with_changes(notes="saved once"))
                QTimer.singleShot(300, write_over)
                return
            if args.conflict:
                store = session._store
                assert store is not None
                moment = datetime.now(UTC) - timedelta(minutes=3)
                # beside the profile file, where the store keeps one
                (store.folder / bk.conflict_name(moment)).write_bytes(store.file.read_bytes())
                session.change(lambda d: d.with_changes(notes="one more save"))  # lists the backups again
            if args.accounts or args.map or args.escaped:
                add_sample_accounts(states)
            if args.escaped:
                states.accounts.add("tiktok", handle="\x1b]0;owned\x07@sam\x1b[2J")
            window.go_to("accounts" if args.map else args.page)
            if args.map:
                page = window.page("accounts")
                page.tabs.setCurrentWidget(page.map)  # type: ignore[attr-defined]
                gmail = next(a.id for a in states.accounts.all if a.service == "google")
                QTimer.singleShot(300, lambda: page.map.select_account(gmail))  # type: ignore[attr-defined]
            if args.unsaved_quit:
                fail_saves(session)
                session.change(lambda d: d.with_changes(notes="a change the disk has no room for"))
                QTimer.singleShot(200, window.close)

        def write_over() -> None:
            """Close the profile, write zeros over its file, and unlock it as a person would."""
            store = session._store
            assert store is not None
            file = store.file
            session.close_profile()

            def zero_and_unlock() -> None:
                file.write_bytes(bytes(file.stat().st_size))
                flow.ask_passphrase("Sam")
                dialog = flow.dialog
                dialog.secret.edit.setText("sam's own passphrase")  # type: ignore[union-attr]
                dialog.unlock.click()  # type: ignore[union-attr]

            QTimer.singleShot(500, zero_and_unlock)

        def first() -> None:
            second = lambda _code: session.create_profile("Sam", Secret("sam's own passphrase"), None, kdf, opened)  # noqa: E731
            session.create_profile("Alex", None, keystore, kdf, second)

        if args.two_profiles:
            first()
        else:  # a profile open, as after unlocking
            session.create_profile("Sam", Secret("sam's own passphrase"), None, kdf, opened)

        def shoot() -> None:
            window.grab().save(str(args.out))
            for widget in app.topLevelWidgets():
                if isinstance(widget, QDialog) and widget.isVisible():
                    widget.grab().save(str(args.out.with_name(args.out.stem + "-dialog.png")))
            app.exit(0)  # not quit(): Qt 6 lets a window refuse quit(), as ours does while a save is pending

        QTimer.singleShot(3000 if args.damaged or args.conflict else 1500, shoot)
        app.exec()
    print(args.out)
    return 0


SAMPLE = [  # service, handle, visibility, 2-step login
    ("google", "sam.lee@gmail.com", "private", "key"),
    ("tiktok", "@samlee", "private", "sms"),
    ("instagram", "@sam.pics", "public", "none"),
    ("youtube", "Sam Lee", "public", "unknown"),
    ("snapchat", "samlee09", "private", "app"),
    ("discord", "samlee", "unknown", "none"),
    ("spotify", "", "unknown", "none"),
    ("roblox", "SamBuilds", "private", "app"),
    ("facebook", "Sam Lee", "public", "sms"),
    ("apple", "sam@icloud.com", "private", "key"),
    ("whatsapp", "+44 7700 900123", "private", "pin"),
    ("x", "@samlee_", "public", "none"),
]
LINKS = [  # from, to (by service), kind
    ("tiktok", "google", "sign-in"), ("spotify", "google", "sign-in"), ("discord", "google", "recovery"),
    ("youtube", "google", "sign-in"), ("instagram", "facebook", "sign-in"), ("tiktok", "instagram", "cross-post"),
    ("tiktok", "youtube", "cross-post"), ("roblox", "apple", "sign-in"), ("snapchat", "google", "recovery"),
    ("facebook", "google", "recovery"), ("discord", "spotify", "cross-post"), ("x", "apple", "sign-in"),
]  # fmt: skip


def fail_saves(session: Session) -> None:
    """Every save fails as on a full disk (for the screenshot of what the person is then asked)."""
    store = session._store
    assert store is not None

    def full(*_args: object, **_kwargs: object) -> None:
        raise SaveError("Your changes could not be saved: there is no space left on the disk.")

    store.save = full  # type: ignore[method-assign]


def add_sample_accounts(states: States) -> None:
    state = states.accounts
    ids = {}
    for service, handle, visibility, two_factor in SAMPLE:
        ids[service] = state.add(service, handle=handle, visibility=visibility, two_factor=two_factor).id
    for source, target, kind in LINKS:
        state.link(ids[source], ids[target], kind)


if __name__ == "__main__":
    sys.exit(main())
