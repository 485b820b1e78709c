"""Logging to a rotating file in the log folder, with every record scrubbed of secrets.

The GUI opens the log file after its first paint (logging.handlers alone costs ~10 ms of start-up); records
made before that are held in memory by `hold_early_records()` and written out when the file opens.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import sys
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from privacyapp.core.redact import scrub
from privacyapp.core.text import visible

if TYPE_CHECKING:
    from logging.handlers import RotatingFileHandler

LOG_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 3
EARLY_LIMIT = 1_000

# Third-party loggers that may print request lines or URLs (with a hash prefix in them) at DEBUG: never below
# WARNING, even with --debug.
QUIET_LOGGERS = ("urllib3", "asyncio", "keyring", "secretstorage", "jeepney")


class RedactingFormatter(logging.Formatter):
    """Formats as usual, then scrubs the whole text, traceback included, and escapes control characters (a
    message may quote an imported file: `cat` or `tail -f` on the log must not act on them)."""

    def format(self, record: logging.LogRecord) -> str:
        return visible(scrub(super().format(record)), keep="\n\t")


class _EarlyRecords(logging.Handler):
    """Keeps the first records in memory until the log file is open."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if len(self.records) < EARLY_LIMIT:
            self.records.append(record)


@cache
def _private_log_class() -> type[RotatingFileHandler]:
    """Defined on first use: logging.handlers is not imported before the GUI's first paint."""
    import logging.handlers

    class PrivateLog(logging.handlers.RotatingFileHandler):
        """The log file, created readable by its owner only. When it cannot be written (a full disk, a
        read-only folder) that is said once, in one line on stderr, and the log stops: no traceback per record."""

        failed = False

        def _open(self) -> io.TextIOWrapper:
            flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_CLOEXEC", 0)
            fd = os.open(self.baseFilename, flags, 0o600)
            try:
                if hasattr(os, "fchmod"):
                    os.fchmod(fd, 0o600)  # a log file left by an older version may be 0644
                return os.fdopen(fd, "a", encoding=self.encoding, errors=self.errors)
            except BaseException:
                os.close(fd)
                raise

        def emit(self, record: logging.LogRecord) -> None:
            if not self.failed:
                super().emit(record)

        def handleError(self, record: logging.LogRecord) -> None:
            if self.failed:
                return
            self.failed = True
            error = sys.exc_info()[1]
            reason = getattr(error, "strerror", None) or type(error).__name__
            stream, self.stream = self.stream, None
            with contextlib.suppress(Exception):  # the disk that failed the write may fail the close too
                if stream is not None:
                    stream.close()
            with contextlib.suppress(Exception):  # stderr itself may be gone
                sys.stderr.write(
                    f"privacyapp: the log file {self.baseFilename} cannot be written ({reason}); "
                    "nothing more is logged.\n"
                )

    return PrivateLog


def log_failed() -> bool:
    """Whether privacyapp's log file stopped because it could not be written."""
    return any(_ours(h) and getattr(h, "failed", False) for h in logging.getLogger().handlers)


def _ours(handler: logging.Handler) -> bool:
    return bool(getattr(handler, "_privacyapp", False))


def _set_levels(debug: bool) -> None:
    logging.getLogger().setLevel(logging.DEBUG if debug else logging.INFO)
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)


def hold_early_records(*, debug: bool = False) -> None:
    """Collect records in memory until `configure_logging` opens the file."""
    handler = _EarlyRecords()
    handler._privacyapp = True  # type: ignore[attr-defined]
    logging.getLogger().addHandler(handler)
    _set_levels(debug)


def is_configured(log_file: Path) -> bool:
    target = str(log_file)
    return any(_ours(h) and getattr(h, "baseFilename", None) == target for h in logging.getLogger().handlers)


def configure_logging(log_file: Path, *, debug: bool = False, to_stderr: bool = False) -> None:
    """Send privacyapp's logs to `log_file` (rotated), and to stderr when asked."""
    log_file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    root = logging.getLogger()
    early: list[logging.LogRecord] = []
    for handler in list(root.handlers):
        if _ours(handler):
            early.extend(getattr(handler, "records", []))
            root.removeHandler(handler)
            handler.close()
    formatter = RedactingFormatter(LOG_FORMAT)
    handlers: list[logging.Handler] = [
        _private_log_class()(log_file, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8", delay=True)
    ]
    if to_stderr:
        handlers.append(logging.StreamHandler(sys.stderr))
    for handler in handlers:
        handler.setFormatter(formatter)
        handler._privacyapp = True  # type: ignore[attr-defined]
        root.addHandler(handler)
        for record in early:
            handler.handle(record)
    _set_levels(debug)
    if debug:  # says in the log itself why it is more detailed from here on
        logging.getLogger(__name__).debug("debug logging is on (never with secrets, hashes or their prefixes)")
