"""Auditing exports: every supported format is recognised by its header, bad files get clear messages, each
unique prefix is fetched once with never more than 8 in flight, and a cancelled audit stops asking."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from privacyapp.core import audit
from privacyapp.core.breach import BreachCheckError, sha1_hex
from privacyapp.core.redact import Secret

HEADERS = {
    "Bitwarden": "folder,favorite,type,name,notes,fields,reprompt,login_uri,login_username,login_password,login_totp",
    "1Password": "Title,Url,Username,Password,OTPAuth,Favorite,Archived,Tags,Notes",
    "KeePassXC": '"Group","Title","Username","Password","URL","Notes","TOTP","Icon","Last Modified","Created"',
    "Chrome or Edge": "name,url,username,password,note",
    "Firefox": '"url","username","password","httpRealm","formActionOrigin","guid","timeCreated","timeLastUsed",'
    '"timePasswordChanged"',
}


def row_for(fmt: str, site: str, user: str, password: str) -> str:
    columns = [c.strip('"').lower() for c in HEADERS[fmt].split(",")]
    values = dict.fromkeys(columns, "")
    site_key = {"Bitwarden": "login_uri", "Firefox": "url"}.get(fmt, "url")
    user_key = "login_username" if fmt == "Bitwarden" else "username"
    pass_key = "login_password" if fmt == "Bitwarden" else "password"
    values.update({site_key: site, user_key: user, pass_key: password})
    return ",".join(values[c] for c in columns)


@pytest.mark.parametrize("fmt", list(HEADERS))
def test_each_format_is_recognised(fmt: str) -> None:
    text = HEADERS[fmt] + "\n" + row_for(fmt, "https://www.example.com/login", "sam", "pw-1") + "\n"
    name, logins = audit.parse_csv(text.encode())
    assert name == fmt
    assert [(login.site, login.username, login.password.reveal()) for login in logins] == [
        ("example.com", "sam", "pw-1")
    ]


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"", "empty"),
        (b"a,b,c\n1,2,3\n", "does not recognise"),
        (b"\xff\xfe\x00\xd8" + b"\x00" * 7, "not text"),
    ],
)
def test_bad_files_get_clear_messages(data: bytes, says: str) -> None:
    with pytest.raises(audit.AuditError, match=says):
        audit.parse_csv(data)


def test_a_huge_file_is_refused_before_it_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(audit, "MAX_BYTES", 1024)
    big = tmp_path / "big.csv"
    big.write_bytes(b"x" * 5000)
    with pytest.raises(audit.AuditError, match="it is larger than 1 KiB"):
        audit.read_export(big)
    with pytest.raises(audit.AuditError, match="Cannot read the file"):
        audit.read_export(tmp_path / "missing.csv")


class FakeClient:
    """Stands in for RangeClient: records what it is asked (the real one's batching is tested against a real
    server in tests/integration/test_breach_online.py)."""

    def __init__(self, leaked: dict[str, int], fail: set[str] | None = None) -> None:
        self.leaked, self.fail = leaked, fail or set()
        self.fetched: list[str] = []
        self.in_flight: list[int] = []

    def fetch_ranges(
        self,
        prefixes: Iterable[str],
        *,
        in_flight: int = 8,
        progress: Callable[[int, int], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> dict[str, dict[str, int] | BreachCheckError]:
        self.in_flight.append(in_flight)
        wanted = sorted(prefixes)
        results: dict[str, dict[str, int] | BreachCheckError] = {}
        for prefix in wanted:
            if cancel is not None and cancel.is_set():
                break
            self.fetched.append(prefix)
            if prefix in self.fail:
                results[prefix] = BreachCheckError("server", "The breach service had a problem.")
            else:
                results[prefix] = {h[5:]: n for h, n in self.leaked.items() if h.startswith(prefix)}
            if progress is not None:
                progress(len(results), len(wanted))
        return results


def test_unique_prefixes_once_at_most_8_in_flight_reuse_and_failures() -> None:
    passwords = [f"password-{i}" for i in range(60)] + ["password-1", "password-1"]
    logins = [audit.Login(f"site{i}.example", "sam", Secret(p)) for i, p in enumerate(passwords)]
    leaked = {sha1_hex(Secret("password-1")): 77}
    failing = sha1_hex(Secret("password-2"))[:5]
    client = FakeClient(leaked, {failing})
    steps: list[tuple[int, int]] = []
    results = audit.audit(logins, client, in_flight=50, progress=lambda d, t: steps.append((d, t)))
    prefixes = {sha1_hex(Secret(p))[:5] for p in passwords}
    assert sorted(client.fetched) == sorted(prefixes), "each unique prefix once"
    assert client.in_flight == [8], "asking for 50 at once gets 8"
    assert steps[-1] == (len(prefixes), len(prefixes))
    by_site = {r.site: r for r in results}
    assert by_site["site1.example"].breach_count == 77 and by_site["site1.example"].reused == 3
    assert by_site["site2.example"].breach_count is None and "problem" in by_site["site2.example"].error
    assert by_site["site3.example"].breach_count == 0 and by_site["site3.example"].reused == 1


def test_no_client_means_not_checked_and_cancel_stops_asking() -> None:
    logins = [audit.Login("a", "b", Secret(f"pw-{i}")) for i in range(40)]
    assert all(r.breach_count is None and r.error == "not checked" for r in audit.audit(logins, None))
    cancel = threading.Event()
    cancel.set()
    client = FakeClient({})
    results = audit.audit(logins, client, cancel=cancel)
    assert client.fetched == []
    assert all(r.error == "cancelled" for r in results)


def test_pasted_list() -> None:
    logins = audit.parse_list("one\n\n  \ntwo\n")
    assert [login.password.reveal() for login in logins] == ["one", "two"]
