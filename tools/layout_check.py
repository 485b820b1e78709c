"""Walk every page of the real app and report what does not fit: text cut off, a widget that overflows its parent,
a window larger than the screen. For issue 13's layout goal (1.5x on a 1920x1080 screen, 1.0x on 1024x600).

    QT_SCALE_FACTOR=1.5 xvfb-run -a -s "-screen 0 1920x1080x24" .venv/bin/python tools/layout_check.py
    xvfb-run -a -s "-screen 0 1024x600x24" .venv/bin/python tools/layout_check.py [--dark]

Prints one line per problem (page, widget class and name or text, what is wrong) and exits 1 if there is any."""

from __future__ import annotations

import argparse
import sys
import tempfile

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QLabel,
    QWidget,
)

from privacyapp.app import build_main_window, start_flow
from privacyapp.core.paths import app_paths
from privacyapp.core.profile.crypto import KdfParams
from privacyapp.core.profile.keystore import MemoryKeyStore
from privacyapp.core.redact import Secret
from privacyapp.ui.application import PrivacyApplication


def name_of(widget: QWidget) -> str:
    words = ""
    if isinstance(widget, QLabel | QAbstractButton):
        words = widget.text()[:40]
    return f"{type(widget).__name__}({widget.accessibleName() or words!r})"


def in_scrolled_content(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def problems_in(root: QWidget) -> list[str]:
    found = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible() or widget.width() <= 0:
            continue
        if isinstance(widget, QLabel) and widget.text():
            if widget.wordWrap():
                needed = widget.heightForWidth(widget.width())
                if needed > widget.height() + 1:
                    found.append(f"{name_of(widget)}: text cut (needs {needed} px high, has {widget.height()})")
            elif widget.sizeHint().width() > widget.width() + 1:
                found.append(f"{name_of(widget)}: text cut (needs {widget.sizeHint().width()} px wide, "
                             f"has {widget.width()})")  # fmt: skip
        elif isinstance(widget, QAbstractButton) and widget.text() and widget.sizeHint().width() > widget.width() + 1:
            found.append(f"{name_of(widget)}: text cut (needs {widget.sizeHint().width()} px, has {widget.width()})")
        parent = widget.parentWidget()
        if parent is None or widget.isWindow() or isinstance(parent, QAbstractItemView) or in_scrolled_content(widget):
            continue
        if not parent.rect().contains(widget.geometry()):
            found.append(f"{name_of(widget)}: overflows {name_of(parent)}")
    return found


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dark", action="store_true")
    args = parser.parse_args()
    app = PrivacyApplication(["layout-check"])
    app.finish_start_up()
    if args.dark:
        app.set_colour_scheme(Qt.ColorScheme.Dark)
    results: list[str] = []
    with tempfile.TemporaryDirectory() as folder:
        paths = app_paths(folder)
        paths.ensure()
        kdf = lambda: KdfParams(1, 8, 1)  # noqa: E731
        window, states = build_main_window(paths, keystore=MemoryKeyStore(), kdf=kdf)
        start_flow(window, states)
        window.show()
        screen = QGuiApplication.primaryScreen().availableGeometry()
        frame = window.frameGeometry()
        if frame.width() > screen.width() or frame.height() > screen.height():
            results.append(f"window: opens at {frame.width()}x{frame.height()}, larger than the screen "
                           f"{screen.width()}x{screen.height()}")  # fmt: skip
            window.resize(min(window.width(), screen.width()), min(window.height(), screen.height()))

        def walk(keys: list[str]) -> None:
            if not keys:
                app.exit(0)
                return
            key = keys.pop(0)
            window.go_to(key)

            def look() -> None:
                results.extend(f"{key}: {problem}" for problem in problems_in(window))
                walk(keys)

            QTimer.singleShot(400, look)

        def opened(_code: object) -> None:
            QTimer.singleShot(500, lambda: walk(window.page_keys()))

        states.session.create_profile("Sam", Secret("a long test passphrase"), None, kdf, opened)
        app.exec()
    for line in results:
        print(line)
    return 1 if results else 0


if __name__ == "__main__":
    sys.exit(main())
