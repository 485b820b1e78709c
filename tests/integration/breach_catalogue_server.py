"""A stand-in for Have I Been Pwned's public breach catalogue on 127.0.0.1, for tests. Never the real service.

`catalogue_server()` starts a real HTTP server (ThreadingHTTPServer on port 0, in a thread) and yields a
`FakeCatalogueServer`: its `base_url`, its request `log`, and what it answers.

`GET /api/v3/breaches` answers `breaches` (a list of entries in the API's own form, see `api_breach()`) as JSON,
and, like the real API, 403 to a request without a User-Agent. Every other path is a 404. Per test it can instead
answer from `plan` (replies used one per request, in order) or `default` (the reply to every request); a reply is
tests/integration/hibp_server.py's `Reply`, whose body None means "the normal answer".
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from tests.integration.hibp_server import LoggedRequest, QuietHandler, Reply, serving

PATH = "/api/v3/breaches"


def api_breach(
    name: str,
    domain: str,
    breach_date: str,
    *,
    verified: bool = True,
    fabricated: bool = False,
    spam_list: bool = False,
    retired: bool = False,
    **more: Any,
) -> dict[str, Any]:
    """One entry as the API sends it (PascalCase keys, booleans for the flags)."""
    entry: dict[str, Any] = {
        "Name": name,
        "Title": name,
        "Domain": domain,
        "BreachDate": breach_date,
        "AddedDate": f"{breach_date}T12:00:00Z",
        "ModifiedDate": f"{breach_date}T12:00:00Z",
        "PwnCount": 123456,
        "Description": "In a breach, <a href='https://example.com'>details</a>.",
        "LogoPath": "https://haveibeenpwned.com/Content/Images/PwnedLogos/List.png",
        "DataClasses": ["Email addresses", "Passwords"],
        "IsVerified": verified,
        "IsFabricated": fabricated,
        "IsSensitive": False,
        "IsRetired": retired,
        "IsSpamList": spam_list,
        "IsMalware": False,
        "IsSubscriptionFree": False,
    }
    entry.update(more)
    return entry


@dataclass
class FakeCatalogueServer:
    base_url: str = ""
    breaches: list[Any] = field(default_factory=list)
    plan: list[Reply] = field(default_factory=list)
    default: Reply | None = None
    log: list[LoggedRequest] = field(default_factory=list)
    stopping: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _choose(self) -> Reply:
        with self._lock:
            if self.plan:
                return self.plan.pop(0)
        return self.default or Reply()

    def sent(self) -> str:
        """Everything every request sent (request lines and headers), to search for what must never leave."""
        return "\n".join(r.request_line + "\n" + "\n".join(f"{k}: {v}" for k, v in r.headers.items()) for r in self.log)


class _Handler(QuietHandler):
    def do_GET(self) -> None:
        self.log_request_to_fake()
        fake = self.server.fake
        if not self.headers.get("User-Agent"):
            self.send(403, {"Content-Type": "text/plain"}, b"Missing User-Agent header")  # as the real API does
            return
        reply = fake._choose()
        if reply.delay and fake.stopping.wait(reply.delay):
            return  # the test is over: drop the connection
        headers = dict(reply.headers)
        body = reply.body
        status = reply.status
        if body is None:
            if self.path != PATH:
                status, body = 404, b"not found"
            else:
                body = json.dumps(fake.breaches).encode("utf-8")
                headers.setdefault("Content-Type", "application/json; charset=utf-8")
        if reply.hostile:
            self.send_by_hand(reply, headers, body)
        else:
            self.send(status, headers, body)


@contextlib.contextmanager
def catalogue_server(**settings: Any) -> Iterator[FakeCatalogueServer]:
    """A running fake breach catalogue on 127.0.0.1; stopped (and its delayed answers cut short) on exit."""
    fake = FakeCatalogueServer(**settings)
    with serving(_Handler, fake):
        yield fake
