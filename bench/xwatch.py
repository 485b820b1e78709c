"""When does a window become viewable? Asked of the X server itself, in a few lines of the X11 protocol.

A `MapWatcher` connects to the display over its local socket, asks for SubstructureNotify on the root window
and stamps each MapNotify with time.monotonic_ns() as it arrives: no polling, no python-xlib, no xdotool. Under
a bare Xvfb there is no window manager, so a top-level window is a child of the root, and once it is mapped it
is viewable (the root always is). Works with the Xvfb that tools/xvfb.py starts, which has no access control.
"""

from __future__ import annotations

import queue
import socket
import struct
import threading
import time
from typing import NamedTuple

MAP_NOTIFY = 19
CHANGE_WINDOW_ATTRIBUTES = 2
CW_EVENT_MASK = 1 << 11
SUBSTRUCTURE_NOTIFY_MASK = 1 << 19


class Mapped(NamedTuple):
    at_ns: int  # time.monotonic_ns() when the event reached us
    window: int
    override_redirect: bool  # menus, tooltips and the like; not an application window


def _read_exactly(sock: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            raise ConnectionError("the X server closed the connection")
        data += chunk
    return data


class MapWatcher:
    """Every window mapped on `display` (":5"), as `Mapped` records in order."""

    def __init__(self, display: str) -> None:
        number = display.partition(":")[2].partition(".")[0]
        self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._sock.connect(f"/tmp/.X11-unix/X{number}")
        # connection set-up: little-endian, protocol 11.0, no authorisation
        self._sock.sendall(struct.pack("<BxHHHHxx", ord("l"), 11, 0, 0, 0))
        head = _read_exactly(self._sock, 8)
        body = _read_exactly(self._sock, struct.unpack_from("<H", head, 6)[0] * 4)
        if head[0] != 1:
            reason = body[: head[1]].decode(errors="replace")
            raise ConnectionError(f"the X server refused the connection: {reason}")
        vendor_length = struct.unpack_from("<H", body, 16)[0]
        formats = body[21]
        screen = 32 + (vendor_length + 3) // 4 * 4 + 8 * formats
        self.root = struct.unpack_from("<I", body, screen)[0]
        request = struct.pack(
            "<BxHIII", CHANGE_WINDOW_ATTRIBUTES, 4, self.root, CW_EVENT_MASK, SUBSTRUCTURE_NOTIFY_MASK
        )
        self._sock.sendall(request)
        self.events: queue.Queue[Mapped] = queue.Queue()
        self._thread = threading.Thread(target=self._read, name="x-map-watcher", daemon=True)
        self._thread.start()

    def _read(self) -> None:
        try:
            while True:
                packet = _read_exactly(self._sock, 32)  # events and errors are 32 bytes; we ask for no replies
                at = time.monotonic_ns()
                if packet[0] & 0x7F == MAP_NOTIFY:
                    window = struct.unpack_from("<I", packet, 8)[0]
                    self.events.put(Mapped(at, window, bool(packet[12])))
                elif packet[0] == 0:
                    raise ConnectionError(f"X error {packet[1]}")
        except OSError:
            return  # closed

    def forget(self) -> None:
        """Drop what was seen so far (before starting the next program)."""
        while True:
            try:
                self.events.get_nowait()
            except queue.Empty:
                return

    def next_window(self, timeout: float) -> Mapped:
        """The next application window to become viewable (not a menu or tooltip)."""
        deadline = time.monotonic() + timeout
        while True:
            mapped = self.events.get(timeout=max(0.0, deadline - time.monotonic()))
            if not mapped.override_redirect:
                return mapped

    def close(self) -> None:
        self._sock.shutdown(socket.SHUT_RDWR)  # wakes the reading thread
        self._sock.close()
        self._thread.join(timeout=5)
