"""Bad input files get a clear message in the core, never a crash or a silent merge: password CSVs, accounts
exports, checklist and catalogue TOML. And big valid ones are handled in linear time (bench/big_inputs.py shows
the figures; here the work is counted, not timed)."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest

from privacyapp.core import audit, datafile, inputs
from privacyapp.core.accounts.exchange import MAX_FILE, AccountImportError, parse
from privacyapp.core.checklist.loader import check_files
from privacyapp.core.services import check_file, shipped
from tests.conftest import REPO

T = TypeVar("T")


def run(args: list[str], *, cwd: Path, timeout: float, address_space: int = 0) -> subprocess.CompletedProcess[str]:
    def limit() -> None:
        if address_space:
            resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))

    return subprocess.run(args, cwd=cwd, timeout=timeout, capture_output=True, text=True, check=False, preexec_fn=limit)


HEADER = b"name,url,username,password\n"


def within(seconds: float, work: Callable[[], T]) -> T:
    """`work()`'s result or exception, failing the test instead of hanging when it takes longer than `seconds`."""
    box: list[tuple[bool, Any]] = []

    def run() -> None:
        try:
            box.append((True, work()))
        except BaseException as exc:  # handed to the test thread
            box.append((False, exc))

    threading.Thread(target=run, daemon=True).start()
    deadline = time.monotonic() + seconds
    while not box and time.monotonic() < deadline:
        time.sleep(0.05)
    assert box, f"still waiting after {seconds} s: the read hangs"
    done, value = box[0]
    if not done:
        raise value
    return value  # type: ignore[no-any-return]


def rows(count: int, start: int = 0) -> bytes:
    return b"".join(b"site%d,https://s%d.example,user%d,pw-%d\n" % (i, i, i, i) for i in range(start, start + count))


# --- password CSVs ------------------------------------------------------------------------------------------------


def test_a_huge_cell_is_damage_on_its_own_line() -> None:
    data = HEADER + rows(1) + b"big,https://big.example,u," + b"p" * (1024 * 1024) + b"\n"
    with pytest.raises(audit.AuditError) as info:
        audit.parse_csv(data)
    assert info.value.message == "This CSV is damaged near line 3: a cell is longer than 128 KiB."
    assert "ppp" not in info.value.one_line()


def test_a_huge_cell_in_the_header_is_damage_near_line_1() -> None:
    with pytest.raises(audit.AuditError, match="damaged near line 1: a cell is longer"):
        audit.parse_csv(b"name,url,username,pass" + b"w" * (1024 * 1024) + b"\n" + rows(2))


def test_a_quote_never_closed_is_named_not_merged_into_one_row() -> None:
    data = HEADER + rows(1) + b'broken,"https://b.example,u,pw\n' + rows(6, start=10)
    with pytest.raises(audit.AuditError) as info:
        audit.parse_csv(data)
    assert info.value.message == "This CSV has a quote that is never closed, from line 3 to the end of the file."


def test_rows_run_together_by_a_stray_quote_are_named_with_their_lines() -> None:
    # the quote opened on line 3 is closed on line 9: six rows would have become one login
    data = HEADER + rows(1) + b'broken,https://b.example,"u,pw\n' + rows(5, start=10) + b'x,https://x.example,u",p\n'
    with pytest.raises(audit.AuditError) as info:
        audit.parse_csv(data)
    assert info.value.message == "This CSV has a quote that is not closed on line 3: lines 3 to 9 ran together."


def test_a_quoted_note_over_several_lines_is_still_fine() -> None:
    data = (
        b"name,url,username,password,note\n" + b'a,https://a.example,u1,p1,"two\nlines"\nb,https://b.example,u2,p2,\n'
    )
    _name, logins = audit.parse_csv(data)
    assert [(login.site, login.username) for login in logins] == [("a.example", "u1"), ("b.example", "u2")]


def test_an_export_that_is_a_fifo_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(inputs.SECONDS_ENV, "1")
    fifo = tmp_path / "export.csv"
    os.mkfifo(fifo)
    with pytest.raises(audit.AuditError, match="nothing arrived within 1 second"):
        within(30, lambda: audit.read_export(fifo))


# --- accounts exports ---------------------------------------------------------------------------------------------


def export(*accounts: dict[str, object]) -> bytes:
    return json.dumps({"format": "privacyapp-accounts", "version": 1, "accounts": list(accounts)}).encode()


@pytest.mark.parametrize("service", [["tiktok"], {"id": "tiktok"}])
def test_a_list_or_object_where_a_service_id_belongs_is_a_problem(service: object) -> None:
    with pytest.raises(AccountImportError) as info:
        parse(export({"id": "a1", "service": service}), shipped())
    kind = type(service).__name__
    assert info.value.problems == [f"account 1 ('a1'): 'service' must be a service id in quotes, not {kind}"]


DEV_ZERO = """
from pathlib import Path
from privacyapp.core.accounts.exchange import AccountImportError, read
from privacyapp.core.checklist.loader import check_files
try:
    read(Path("/dev/zero"))
except AccountImportError as exc:
    print(exc.problems[0])
print(check_files([Path("/dev/zero")])[1][0].message)
"""


def test_dev_zero_as_an_accounts_export_or_a_checklist_is_capped() -> None:
    """In a child limited to 1 GiB of address space: the unbounded reads took gigabytes, and now hit MemoryError."""
    result = run([sys.executable, "-c", DEV_ZERO], cwd=REPO, timeout=120, address_space=1024**3)
    assert result.stdout.splitlines() == [
        "/dev/zero cannot be read: it is larger than 8 MiB.",
        "cannot be read: it is larger than 16 MiB",
    ], result.stderr[-500:]


BIG_IMPORT = """
import json, sys
from privacyapp.core.accounts.exchange import merge, parse
from privacyapp.core.services import shipped
services = sorted(shipped().by_id)
accounts = [{"id": f"acct-{i:06d}", "service": services[i % len(services)], "handle": f"@u{i}"} for i in range(120_000)]
data = json.dumps({"format": "privacyapp-accounts", "version": 1, "accounts": accounts}).encode()
merged, added, replaced = merge((), parse(data, shipped()))
print(len(data), added, replaced)
"""


def test_an_import_of_120000_accounts_finishes(tmp_path: Path) -> None:
    """list.count() per id made this quadratic: over 300 s. Linear, it takes seconds (bench/big_inputs.py times
    it); the generous timeout only stops a test that would otherwise hang for minutes."""
    result = run([sys.executable, "-c", BIG_IMPORT], cwd=REPO, timeout=120)
    size, added, replaced = (int(n) for n in result.stdout.split())
    assert (added, replaced) == (120_000, 0)
    assert size < MAX_FILE


# --- checklist and catalogue TOML --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("x = " + "[" * 50_000 + "]" * 50_000, "nests lists or tables too deeply to be read"),
        ("x = " + "9" * 5000, "has a number longer than 4,300 digits"),
        ("x = ", "is not valid TOML"),
    ],
    ids=["deep", "long-number", "bad"],
)
def test_toml_that_cannot_be_read_is_one_clear_problem(tmp_path: Path, content: str, says: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(content, encoding="utf-8")
    _catalog, problems = check_files([path])
    assert len(problems) == 1 and says in problems[0].message
    _services, problems = check_file(path)
    assert len(problems) == 1 and says in problems[0].message


def test_a_fifo_as_toml_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(inputs.SECONDS_ENV, "1")
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)
    _catalog, problems = within(30, lambda: check_files([fifo]))
    assert len(problems) == 1
    assert "nothing arrived within 1 second" in problems[0].message


def test_the_lines_of_problems_are_found_in_one_pass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A search of the whole text per problem made 20,000 faulty items take minutes; the id lines are indexed once."""
    items = "".join(
        f'\n[[sections.items]]\nid = "item-{n}"\ntitle = "Item {n}"\nsummary = "S."\nwhy = "W."\n'
        f'priority = "recommended"\naudiences = ["class"]\nplatforms = []\nminutes = 500\ncovers = ["R01"]\n'
        f'[sections.items.steps]\ngeneral = ["One."]\n'
        for n in range(300)
    )
    path = tmp_path / "many.toml"
    path.write_text(
        'schema_version = 1\nid = "many"\ntitle = "T"\nsummary = "S"\n\n[[sections]]\nid = "sec"\n'
        + 'title = "T"\n'
        + items,
        encoding="utf-8",
    )
    scans: list[int] = []
    pattern = datafile.ID_LINE

    class Counting:
        def finditer(self, text: str):  # type: ignore[no-untyped-def]
            scans.append(1)
            return pattern.finditer(text)

    monkeypatch.setattr(datafile, "ID_LINE", Counting())
    _catalog, problems = check_files([path])
    assert len(problems) == 300
    assert problems[0].line == 11 and problems[-1].line == 11 + 299 * 13  # each item's own id line
    assert len(scans) == 1
