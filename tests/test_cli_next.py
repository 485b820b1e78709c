"""`privacyapp-cli next`: the "Fix these first" list of a real profile, as text and JSON, with --limit and --all;
a locked profile, a bad limit and a damaged profile end with their exit codes, never a traceback."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from privacyapp.core.accounts.model import Account, PasswordHealth, TwoFactor, Visibility
from privacyapp.core.checklist.loader import load_catalog, shipped_files
from privacyapp.core.errors import ExitCode
from privacyapp.core.next_steps import hide, next_steps
from privacyapp.core.profile import vault
from privacyapp.core.profile.document import ProfileDocument
from privacyapp.core.profile.store import PROFILE_FILE, ProfileStore
from privacyapp.core.redact import Secret
from privacyapp.core.services import shipped
from tests.conftest import CLI_PASSPHRASE, CliResult, cli_run

TODAY = date.today()  # the command uses the real today


@pytest.fixture(autouse=True)
def fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRIVACYAPP_KDF_PARAMS", "1,8,1")


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], pass_file: Path) -> Any:
    def call(*argv: object) -> CliResult:
        return cli_run(capsys, *argv, "--passphrase-file", pass_file)

    return call


@pytest.fixture
def folder(run: Any, data_dir: Path) -> Path:
    made = run("profile", "create", "--no-keyring")
    assert made.code == 0, made.err
    return data_dir / "data" / "profiles" / "default"


def edit(folder: Path, **changes: Any) -> ProfileDocument:
    """Change the profile as the GUI would, through the typed document; returns the document saved."""
    catalog = load_catalog(shipped_files())
    store = ProfileStore.open(folder, vault.WithPassphrase(Secret(CLI_PASSPHRASE)))
    try:
        document = ProfileDocument.from_data(store.data, catalog).with_changes(**changes)
        store.save(document.to_data())
    finally:
        store.close()
    return document


def checked(**fields: Any) -> PasswordHealth:
    values: dict[str, Any] = {"score": 4, "exposed": False, "checked": TODAY - timedelta(days=3), "reused_with": ()}
    values.update(fields)
    return PasswordHealth(**values)


PRIVATE, PUBLIC, APP, OFF = Visibility.PRIVATE, Visibility.PUBLIC, TwoFactor.APP, TwoFactor.NONE
ACCOUNTS = (
    Account("aaaa0001", "tiktok", "@sam", PRIVATE, APP, password=checked(exposed=True)),
    Account("aaaa0002", "instagram", "@sam", PUBLIC, APP, password=checked()),
    Account("aaaa0003", "discord", "sam\x1b[31m", PRIVATE, OFF, password=checked(reused_with=("aaaa0001",))),
)


def expected(document: ProfileDocument, **kw: Any) -> list[dict[str, Any]]:
    """What the core gives for the same document: the CLI must print exactly this."""
    catalog = load_catalog(shipped_files())
    return [s.to_json() for s in next_steps(document, catalog, shipped(), None, TODAY, **kw)]


def test_json_is_the_core_list_in_order(run: Any, folder: Path) -> None:
    document = edit(folder, accounts=ACCOUNTS)
    result = run("next", "--json")
    assert result.code == ExitCode.OK, result.err
    found = json.loads(result.out)
    assert found == expected(document)
    assert [(s["kind"], s["target"]) for s in found[:3]] == [
        ("leaked-password", {"type": "account", "id": "aaaa0001"}),
        ("reused-password", {"type": "account", "id": "aaaa0003"}),
        ("public-account", {"type": "account", "id": "aaaa0002"}),
    ]
    assert [s["rank"] for s in found] == list(range(1, len(found) + 1))
    assert len(found) == 7  # the plan's essential steps fill the rest
    assert all(set(s) == {"rank", "kind", "title", "why", "target"} for s in found)


def test_a_new_profile_lists_its_essential_steps(run: Any, folder: Path) -> None:
    result = run("next", "--json")
    assert result.code == ExitCode.OK, result.err
    found = json.loads(result.out)
    assert found and {s["kind"] for s in found} == {"essential-step"}
    assert all(s["target"]["type"] == "item" for s in found)


def test_limit_and_all(run: Any, folder: Path) -> None:
    first = expected(edit(folder, accounts=ACCOUNTS))[0]
    key = f"{first['kind']}:{first['target']['type']}:{first['target']['id']}"
    document = edit(folder, settings=edit(folder).settings.with_changes(next_hidden=hide((), key, TODAY)))
    limited = json.loads(run("next", "--json", "--limit", "2").out)
    assert [s["target"]["id"] for s in limited] == ["aaaa0003", "aaaa0002"]  # the leaked one was put off
    everything = json.loads(run("next", "--json", "--all", "--limit", "2").out)
    assert everything == expected(document, limit=2, include_hidden=True)
    assert everything[0]["target"]["id"] == "aaaa0001"
    assert everything[0]["hidden_until"] == (TODAY + timedelta(days=7)).isoformat()
    text = run("next", "--all").out
    assert 'Put off with "not now" until' in text


def test_text_output_escapes_control_characters(run: Any, folder: Path) -> None:
    edit(folder, accounts=ACCOUNTS)
    result = run("next")
    assert result.code == ExitCode.OK, result.err
    assert "\x1b" not in result.out
    assert "sam\\x1b[31m" in result.out
    lines = result.out.splitlines()
    assert lines[0] == "1. Change your TikTok (@sam) password"
    assert lines[1].startswith("   This password is in lists of leaked passwords")
    assert lines[2] == "   Fix it on the Accounts page, or: privacyapp-cli accounts set aaaa0001"


def test_nothing_to_fix(run: Any, folder: Path) -> None:
    catalog = load_catalog(shipped_files())
    from datetime import UTC, datetime

    from privacyapp.core.progress import set_status

    progress: dict[str, Any] = {}
    now = datetime.now(UTC)
    for item in catalog.items:
        progress = set_status(progress, item.id, "not-applicable", now=now)
    edit(folder, progress=progress)
    result = run("next")
    assert result.code == ExitCode.OK, result.err
    assert result.out == "Nothing to fix first right now. Well done!\n"
    assert json.loads(run("next", "--json").out) == []


def test_a_locked_profile_exits_3(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    result = cli_run(capsys, "next")  # no passphrase, and no terminal to ask on
    assert result.code == ExitCode.LOCKED
    assert "locked" in result.err and result.out == ""


def test_a_wrong_passphrase_exits_3(capsys: pytest.CaptureFixture[str], folder: Path, tmp_path: Path) -> None:
    wrong = tmp_path / "wrong"
    wrong.write_text("not the passphrase\n", encoding="utf-8")
    result = cli_run(capsys, "next", "--passphrase-file", wrong)
    assert result.code == ExitCode.LOCKED and result.out == ""


@pytest.mark.parametrize("limit", ["0", "-1", "seven", "1001", ""])
def test_a_bad_limit_is_a_usage_error(run: Any, folder: Path, limit: str) -> None:
    result = run("next", "--limit", limit)
    assert result.code == ExitCode.USAGE
    assert "--limit" in result.err and result.out == ""


def test_a_damaged_profile_exits_4(run: Any, folder: Path) -> None:
    (folder / PROFILE_FILE).write_bytes(b"PRIVACYAPP but not really a profile")
    result = run("next")
    assert result.code == ExitCode.DAMAGED and result.out == ""
