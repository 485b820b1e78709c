"""The baseline for bench/startup.py: a bare PySide6 QMainWindow that prints the time of its first paint, then quits.

bench/startup.py starts it through a console-script launcher like pip's for `privacyapp`, so that both start the
same way; `python bench/bare_window.py` works too.
"""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


class FirstPaint(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self.done)  # once the paint has finished, as privacyapp does
        return False

    def done(self) -> None:
        print(f"first-paint-ns {time.monotonic_ns()}", flush=True)
        QApplication.quit()


def main() -> int:
    app = QApplication(sys.argv)
    window = QMainWindow()
    window.setWindowTitle("bare")
    window.resize(1040, 720)
    watcher = FirstPaint()
    window.installEventFilter(watcher)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
