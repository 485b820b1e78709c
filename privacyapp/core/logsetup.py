"""Logging to a rotating file in the log folder, with every record scrubbed of secrets.

The GUI opens the log file after its first paint (logging.handlers alone costs ~10 ms of start-up); records
made before that are held in memory by `hold_early_records()` and written out when the file opens.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from privacyapp.core.redact import scrub

LOG_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 3
EARLY_LIMIT = 1_000

# Third-party loggers that may print request lines or URLs (with a hash prefix in them) at DEBUG: never below
# WARNING, even with --debug.
QUIET_LOGGERS = ("aiohttp", "asyncio", "keyring", "secretstorage", "jeepney")


class RedactingFormatter(logging.Formatter):
    """Formats as usual, then scrubs the whole text, traceback included."""

    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record))


class _EarlyRecords(logging.Handler):
    """Keeps the first records in memory until the log file is open."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if len(self.records) < EARLY_LIMIT:
            self.records.append(record)


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
    import logging.handlers

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
        logging.handlers.RotatingFileHandler(
            log_file, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8", delay=True
        )
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
