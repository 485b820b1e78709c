"""The limits of every request to Have I Been Pwned, in one place: core/hibp_http.py applies them, and
core/hibp_transport.py (requests and urllib3, imported on the first request) reads them without importing it."""

from __future__ import annotations

TIMEOUT = (5.0, 10.0)  # connect, read (each read, not the whole answer: see DEADLINE)
DEADLINE = 30.0  # seconds for one request from connect to its last byte, retries and their waits included
MAX_BYTES = 1024 * 1024  # a range answer is ~40 KB; a megabyte is not one
ATTEMPTS = 3
MAX_RETRY_AFTER = 5.0  # seconds we are willing to wait when the service asks us to
MAX_IN_FLIGHT = 8  # requests at once in a batch: the issue allows 4 to 8
CONNECT_BACKOFF = 0.2  # seconds before the second retry of a refused connection (the first is at once)
READ_SIZE = 64 * 1024  # bytes asked of the connection at a time: the most read past a cap
RETRY_STATUSES = frozenset({429, *range(500, 600)})
