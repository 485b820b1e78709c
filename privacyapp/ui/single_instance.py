"""One running privacyapp per user and data folder: a second launch brings the first window to the front.

A QLockFile decides who is first (Qt takes over a lock whose process has died). The first instance listens on
a local socket, readable only by this user; a second launch connects, asks it to show itself, and exits.
"""

from __future__ import annotations

import logging
import os
import time
import zlib
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Signal

log = logging.getLogger(__name__)

ACTIVATE = b"activate\n"
ACK = b"ok\n"


def server_name(lock_path: Path) -> str:
    # Per user and per data folder, so portable copies and tests with their own folder do not meet.
    # Two checksums rather than a cryptographic hash: this runs before the first paint, where importing
    # hashlib costs ~3 ms, and the name only has to tell data folders apart, not resist an attacker.
    key = str(lock_path.resolve()).encode("utf-8")
    digest_hex = f"{zlib.crc32(key):08x}{zlib.adler32(key):08x}"
    uid = os.getuid() if hasattr(os, "getuid") else 0
    return f"privacyapp-{uid}-{digest_hex}"


class SingleInstance(QObject):
    activation_requested = Signal()

    def __init__(self, lock_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lock = QLockFile(str(lock_path))
        self._lock.setStaleLockTime(0)  # stale only when its process is gone, never by age
        self.name = server_name(lock_path)
        self._server: object | None = None

    def acquire(self) -> bool:
        """True when this is the first instance."""
        return self._lock.tryLock(0)

    def listen(self) -> None:
        """Start answering later launches. Called after the first paint: QtNetwork is not needed before."""
        from PySide6.QtNetwork import QLocalServer

        QLocalServer.removeServer(self.name)  # a socket file left behind by a crash
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            log.warning("cannot listen for other launches: %s", server.errorString())
            return
        server.newConnection.connect(lambda: self._answer(server))
        self._server = server

    def _answer(self, server: object) -> None:
        from PySide6.QtNetwork import QLocalServer

        assert isinstance(server, QLocalServer)
        while server.hasPendingConnections():
            socket = server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)

    def _read(self, socket: object) -> None:
        from PySide6.QtNetwork import QLocalSocket

        assert isinstance(socket, QLocalSocket)
        if bytes(socket.readAll().data()).startswith(ACTIVATE.strip()):
            log.info("a second launch asked this window to come to the front")
            socket.write(ACK)
            socket.flush()
            self.activation_requested.emit()

    def release(self) -> None:
        self._lock.unlock()

    def notify_first(self, timeout_s: float = 5.0) -> bool:
        """Ask the first instance to show its window. False if it did not answer in time."""
        from PySide6.QtNetwork import QLocalSocket

        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:  # the first instance may still be starting
            socket = QLocalSocket()
            socket.connectToServer(self.name)
            if socket.waitForConnected(500):
                socket.write(ACTIVATE)
                socket.waitForBytesWritten(1000)
                answered = socket.waitForReadyRead(2000) and bytes(socket.readAll().data()).startswith(b"ok")
                socket.disconnectFromServer()
                if answered:
                    return True
            time.sleep(0.1)
        return False
