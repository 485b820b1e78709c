"""`privacyapp-cli checklist validate|list|export` and `progress show|set`: exit codes, output, and never a
traceback."""

from __future__ import annotations

import json
import os
import subprocess
from datetime import UTC, date, datetime, timedelta
from html import escape
from pathlib import Path
from typing import Any

import pytest

from privacyapp.cli import checklist as checklist_cli
from privacyapp.core.checklist.loader import load_catalog, shipped_files
from privacyapp.core.checklist.model import Catalog
from privacyapp.core.checklist.plan import in_start_order, plan, start_items
from privacyapp.core.errors import ExitCode
from privacyapp.core.profile import vault
from privacyapp.core.profile.payload import ProfileData
from privacyapp.core.profile.store import ProfileStore
from privacyapp.core.progress import parse, score
from privacyapp.core.redact import Secret
from tests.conftest import CLI_PASSPHRASE, CliResult, clean_env, cli_run, system_tool, tool
from tests.core.checklist.test_loader import DROP, checklist, item, line_of, render, section, write

PASSPHRASE = CLI_PASSPHRASE


def one_error_line(result: CliResult) -> str:
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("privacyapp-cli: error: ")
    return lines[0]


@pytest.fixture(autouse=True)
def fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRIVACYAPP_KDF_PARAMS", "1,8,1")


@pytest.fixture(scope="module")
def shipped() -> Catalog:
    return load_catalog(shipped_files())


@pytest.fixture
def profile(capsys: pytest.CaptureFixture[str], pass_file: Path, data_dir: Path) -> Path:
    """A profile 'default' that opens with the passphrase file; its folder."""
    made = cli_run(capsys, "profile", "create", "--no-keyring", "--passphrase-file", pass_file)
    assert made.code == 0, made.err
    return data_dir / "data" / "profiles" / "default"


def data_of(folder: Path) -> ProfileData:
    store = ProfileStore.open(folder, vault.WithPassphrase(Secret(PASSPHRASE)))
    store.close()
    return store.data


def edit(folder: Path, **changes: Any) -> None:
    store = ProfileStore.open(folder, vault.WithPassphrase(Secret(PASSPHRASE)))
    try:
        store.save(store.data.with_changes(**changes))
    finally:
        store.close()


def use_checklists(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """The CLI reads the checklists in `folder` instead of the shipped ones."""
    monkeypatch.setattr(checklist_cli, "shipped_files", lambda: sorted(folder.glob("*.toml")))


# --- checklist validate --------------------------------------------------------------------------------------------


def test_validate_the_shipped_checklists(capsys: pytest.CaptureFixture[str], shipped: Catalog) -> None:
    result = cli_run(capsys, "checklist", "validate")
    assert result.code == 0
    assert f"All valid: {len(shipped.items)} items in {len(shipped.checklists)} checklists." in result.out
    assert "Recommendations not covered: none" in result.out
    assert result.err == ""


def test_validate_a_bad_file_prints_every_problem(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = write(
        tmp_path,
        checklist(
            "alpha", [item("Bad_Id", minutes="ten"), item("alpha-two", links=[{"title": "x", "url": "http://x"}])]
        ),
    )
    result = cli_run(capsys, "checklist", "validate", bad)
    assert result.code == ExitCode.FAILURE == 1
    lines = result.out.strip().splitlines()
    assert lines[-1] == "3 problems in 1 file(s)."
    first, second = line_of(bad, 'id = "Bad_Id"'), line_of(bad, 'id = "alpha-two"')
    assert lines[:-1] == [
        f"alpha.toml:{first}: the item titled 'Use a different strong password for every account', key 'id': "
        "'Bad_Id' must be kebab-case: lower-case letters, digits and single dashes",
        f"alpha.toml:{first}: item 'Bad_Id', key 'minutes': must be a whole number from 1 to 240",
        f"alpha.toml:{second}: item 'alpha-two', key 'links': 'http://x' must be an https:// address without spaces",
    ]
    assert "All valid" not in result.out


def test_validate_a_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    write(folder, checklist("alpha"))
    write(folder, checklist("beta", [item("beta-one"), item("beta-two")]))
    (folder / "notes.txt").write_text("not a checklist", encoding="utf-8")
    good = cli_run(capsys, "checklist", "validate", folder)
    assert good.code == 0, good.out
    assert good.out.strip() == "All valid: 3 items in 2 checklists."  # no coverage line for your own files

    write(folder, render(checklist("gamma")).replace("schema_version = 1", "schema_version = 2"), "gamma")
    delta = write(folder, checklist("delta", [item("delta-item", priority="top")]))
    bad = cli_run(capsys, "checklist", "validate", folder)
    assert bad.code == 1
    line = line_of(delta, 'id = "delta-item"')
    assert f"delta.toml:{line}: item 'delta-item', key 'priority': 'top' is not one of: essential," in bad.out
    assert "gamma.toml: the file, key 'schema_version': must be 1 (found 2)" in bad.out
    assert bad.out.strip().endswith("2 problems in 4 file(s).")


def test_validate_a_file_and_a_folder_together(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    in_folder = write(tmp_path / "folder", checklist("alpha"))
    other = write(tmp_path, checklist("beta", [item("alpha-item")]))  # the same item id as in the folder
    result = cli_run(capsys, "checklist", "validate", tmp_path / "folder", other)
    assert result.code == 1
    # files are read in path order (tmp/beta.toml before tmp/folder/alpha.toml): the later one is told
    line = line_of(in_folder, 'id = "alpha-item"')
    assert f"alpha.toml:{line}: 'alpha-item', key 'id': is used twice (also in beta.toml)" in result.out
    assert result.out.strip().endswith("1 problem in 2 file(s).")


def test_validate_a_missing_path_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = tmp_path / "nope.toml"
    result = cli_run(capsys, "checklist", "validate", missing)
    assert result.code == ExitCode.USAGE == 2
    assert f"{missing} does not exist." in one_error_line(result)
    assert result.out == ""


# --- checklist list ------------------------------------------------------------------------------------------------

TEEN_APPS = ("tiktok", "instagram", "snapchat", "ios")


def listed_json(capsys: pytest.CaptureFixture[str], *argv: str) -> list[dict[str, Any]]:
    result = cli_run(capsys, "checklist", "list", "--json", *argv)
    assert result.code == 0, result.err
    listed: list[dict[str, Any]] = json.loads(result.out)
    return listed


def platform_args(platforms: tuple[str, ...]) -> list[str]:
    return [arg for p in platforms for arg in ("--platform", p)]


def test_list_as_text(capsys: pytest.CaptureFixture[str], shipped: Catalog) -> None:
    """Without answers: the whole catalogue, the start items first and marked with *."""
    result = cli_run(capsys, "checklist", "list")
    assert result.code == 0
    lines = result.out.strip().splitlines()
    assert lines[-1] == f"{len(shipped.items)} items; * start with these."
    start = start_items(list(shipped.items), None)
    listed = [line[2:].split()[0] for line in lines[:-1]]
    marked = [line[2:].split()[0] for line in lines[:-1] if line.startswith("* ")]
    assert marked == [i.id for i in start] and len(marked) == 5
    assert [line[2:].split()[0] for line in lines[:-1]] == [i.id for i in in_start_order(list(shipped.items), start)]
    assert len(listed) == len(shipped.items)
    first = start[0]
    assert lines[0].split()[:4] == ["*", first.id, first.priority, str(first.minutes)]
    assert lines[0].endswith(f"min  {first.title}")


def test_list_as_json(capsys: pytest.CaptureFixture[str], shipped: Catalog) -> None:
    listed = listed_json(capsys)
    assert sorted(entry["id"] for entry in listed) == sorted(i.id for i in shipped.items)
    for entry in listed:
        assert set(entry) == {
            "id", "title", "checklist", "section", "priority", "minutes", "audiences", "platforms", "covers", "start"
        }  # fmt: skip
        it = shipped.by_id[entry["id"]]
        assert entry == {
            "id": it.id,
            "title": it.title,
            "checklist": it.checklist_id,
            "section": it.section_id,
            "priority": it.priority,
            "minutes": it.minutes,
            "audiences": list(it.audiences),
            "platforms": list(it.platforms),
            "covers": list(it.covers),
            "start": entry["start"],
        }


@pytest.mark.parametrize("audience", ["individual", "family", "class", "organisation"])
def test_list_by_audience(capsys: pytest.CaptureFixture[str], shipped: Catalog, audience: str) -> None:
    listed = listed_json(capsys, "--audience", audience)
    assert listed
    assert sorted(e["id"] for e in listed) == sorted(i.id for i in shipped.items if audience in i.audiences)
    starts = [e for e in listed if e["start"]]
    assert len(starts) == 5 and listed[:5] == starts, "the start items come first"
    assert all(audience in shipped.by_id[e["id"]].start for e in starts)


def test_the_start_items_differ_by_audience(capsys: pytest.CaptureFixture[str]) -> None:
    starts = {
        audience: tuple(e["id"] for e in listed_json(capsys, "--audience", audience) if e["start"])
        for audience in ("individual", "family", "class", "organisation")
    }
    assert len(set(starts.values())) == 4, starts


def test_list_is_the_plan_for_those_answers(capsys: pytest.CaptureFixture[str], shipped: Catalog) -> None:
    """'My teen and me' with TikTok, Instagram, Snapchat and an iPhone: the family's steps, the essentials for
    everyone, those apps' reviews and the iPhone's steps; no lesson script, no Facebook or X review."""
    listed = listed_json(capsys, "--audience", "family", *platform_args(TEEN_APPS))
    found = [e["id"] for e in listed]
    wanted = plan(shipped, "family", TEEN_APPS)
    assert found == [i.id for i in in_start_order(wanted, start_items(wanted, "family"))]
    assert not [i for i in found if shipped.by_id[i].checklist_id == "classroom"]
    assert not [i for i in found if i.startswith(("fb-", "x-"))]
    assert "ess-unique-passwords" in found and "tt-family-pairing" in found and "sc-review-location" in found
    for entry in listed:
        services = shipped.by_id[entry["id"]].services
        assert not services or set(services) & set(TEEN_APPS), entry["id"]
    rest = [e["id"] for e in listed if not e["start"]]
    assert rest == [i.id for i in shipped.items if i.id in set(rest)], "after the start items: the page's order"
    text = cli_run(capsys, "checklist", "list", "--audience", "family", *platform_args(TEEN_APPS))
    assert text.out.strip().splitlines()[-1] == f"{len(wanted)} items; * start with these."


@pytest.mark.parametrize("platform", ["tiktok", "ios", "windows"])
def test_list_by_platform_includes_the_steps_for_everyone(
    capsys: pytest.CaptureFixture[str], shipped: Catalog, platform: str
) -> None:
    listed = listed_json(capsys, "--platform", platform)
    assert sorted(e["id"] for e in listed) == sorted(i.id for i in plan(shipped, None, [platform]))
    assert any(not e["platforms"] for e in listed), "the essentials for everyone are part of the plan"
    assert all(not e["platforms"] or platform in e["platforms"] for e in listed)


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--platform", "myspace"], "invalid choice: 'myspace'"),
        (["--audience", "teacher"], "'teacher' is an old word: use 'class'"),
        (["--audience", "parent"], "'parent' is an old word: use 'family'"),
        (["--audience", "everyone"], "invalid choice: 'everyone'"),
        (["--audience", "family", "--platform", "ios", "--platform", "myspace"], "invalid choice: 'myspace'"),
    ],
)
def test_list_with_an_unknown_answer_exits_2(capsys: pytest.CaptureFixture[str], argv: list[str], says: str) -> None:
    result = cli_run(capsys, "checklist", "list", *argv)
    assert result.code == ExitCode.USAGE
    assert says in result.err and result.out == ""


# --- progress set and show -----------------------------------------------------------------------------------------


def show_json(capsys: pytest.CaptureFixture[str], pass_file: Path) -> dict[str, Any]:
    result = cli_run(capsys, "progress", "show", "--json", "--passphrase-file", pass_file)
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_progress_set_and_show(
    capsys: pytest.CaptureFixture[str], shipped: Catalog, profile: Path, pass_file: Path
) -> None:
    before = show_json(capsys, pass_file)
    assert before["overall"] == {"percent": 0, "done": 0, "items": len(shipped.items)}
    assert {e["status"] for e in before["items"]} == {"todo"}

    changes = [
        ("tt-private-account", "done", ["--note", "did it with Sam"]),
        ("ess-unique-passwords", "later", ["--until", "2099-01-31"]),
        ("tt-who-can-duet", "later", []),
        ("tt-delete-account", "skipped", []),
        ("tt-family-pairing", "not-applicable", []),
        ("tt-who-can-stitch", "done", []),
        ("tt-who-can-stitch", "todo", []),
    ]
    for ident, status, extra in changes:
        result = cli_run(capsys, "progress", "set", ident, status, *extra, "--passphrase-file", pass_file)
        assert result.code == 0, result.err
        word = {"done": "Done", "later": "Later", "skipped": "Skipped", "not-applicable": "Doesn't apply"}
        assert result.out == f"{shipped.by_id[ident].title}: {word.get(status, 'To do')}.\n"

    stored = dict(data_of(profile).progress)
    assert stored["tt-private-account"]["note"] == "did it with Sam"
    assert stored["ess-unique-passwords"]["until"] == "2099-01-31"
    assert stored["tt-who-can-duet"]["until"] == (date.today() + timedelta(days=7)).isoformat()
    assert stored["tt-who-can-stitch"]["status"] == "todo"

    shown = show_json(capsys, pass_file)
    statuses = {e["id"]: e["status"] for e in shown["items"]}
    assert [e["id"] for e in shown["items"]] == [i.id for i in shipped.items]
    assert statuses["tt-private-account"] == "done"
    assert statuses["ess-unique-passwords"] == "later"
    assert statuses["tt-who-can-duet"] == "later"
    assert statuses["tt-delete-account"] == "skipped"
    assert statuses["tt-family-pairing"] == "not-applicable"
    assert statuses["tt-who-can-stitch"] == "todo"
    notes = {e["id"]: e["note"] for e in shown["items"] if e["note"]}
    assert notes == {"tt-private-account": "did it with Sam"}

    entries, unread = parse(stored)
    assert unread == {}
    expected = score(shipped.items, entries, date.today())
    assert shown["overall"] == {"percent": expected.percent, "done": 1, "items": len(shipped.items) - 1}
    assert 0 < shown["overall"]["percent"] < 10
    tiktok_section = shipped.by_id["tt-private-account"].section_id
    assert shown["sections"][tiktok_section]["done"] == 1
    assert set(shown["sections"]) == {s.id for c in shipped.checklists for s in c.sections}

    text = cli_run(capsys, "progress", "show", "--passphrase-file", pass_file)
    assert text.code == 0
    lines = text.out.strip().splitlines()
    assert len(lines) == len(shipped.items) + 1
    assert f"Done           tt-private-account               {shipped.by_id['tt-private-account'].title}" in lines
    assert any(line.startswith("Doesn't apply  tt-family-pairing ") for line in lines)
    assert lines[-1] == f"Overall: {expected.percent}% (1 of {len(shipped.items) - 1} items done)."


def test_progress_show_follows_the_plan_in_the_profile(
    capsys: pytest.CaptureFixture[str], shipped: Catalog, profile: Path, pass_file: Path
) -> None:
    edit(profile, settings={"plan": {"who": "teen", "platforms": ["tiktok"]}})  # the old word for a family plan
    shown = show_json(capsys, pass_file)
    ids = [e["id"] for e in shown["items"]]
    assert ids == [i.id for i in plan(shipped, "family", ["tiktok"])]
    for ident in ids:
        it = shipped.by_id[ident]
        assert "family" in it.audiences
        assert not it.services or "tiktok" in it.platforms
    assert "tt-family-pairing" in ids and "cls-prepare" not in ids and "fb-review-two-factor" not in ids

    added = cli_run(capsys, "accounts", "add", "facebook", "--passphrase-file", pass_file)
    assert added.code == 0, added.err
    with_facebook = [e["id"] for e in show_json(capsys, pass_file)["items"]]
    assert with_facebook == [i.id for i in plan(shipped, "family", ["tiktok"], registered=["facebook"])]
    assert "fb-review-two-factor" in with_facebook, "a service in the accounts register is in the plan"


def test_progress_show_and_set_without_a_profile_exit_1(capsys: pytest.CaptureFixture[str], pass_file: Path) -> None:
    for argv in (["progress", "show"], ["progress", "set", "tt-private-account", "done"]):
        result = cli_run(capsys, *argv, "--passphrase-file", pass_file)
        assert result.code == ExitCode.FAILURE
        assert "There is no profile called 'default'." in one_error_line(result)


def test_progress_with_the_wrong_passphrase_exits_3(
    capsys: pytest.CaptureFixture[str], profile: Path, tmp_path: Path
) -> None:
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not it\n", encoding="utf-8")
    result = cli_run(capsys, "progress", "set", "tt-private-account", "done", "--passphrase-file", wrong)
    assert result.code == ExitCode.LOCKED
    assert "Wrong passphrase" in one_error_line(result)
    assert dict(data_of(profile).progress) == {}


def test_an_unknown_id_suggests_the_nearest(capsys: pytest.CaptureFixture[str], profile: Path, pass_file: Path) -> None:
    result = cli_run(capsys, "progress", "set", "tt-privat-acount", "done", "--passphrase-file", pass_file)
    assert result.code == ExitCode.FAILURE == 1
    line = one_error_line(result)
    assert "There is no checklist item 'tt-privat-acount'." in line
    assert "Did you mean: tt-private-account" in line
    nothing_near = cli_run(capsys, "progress", "set", "zzzzzzzz", "done", "--passphrase-file", pass_file)
    assert nothing_near.code == 1
    assert "`privacyapp-cli checklist list` shows the ids." in one_error_line(nothing_near)
    assert dict(data_of(profile).progress) == {}


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["tt-private-account", "done", "--until", "2099-01-01"], "--until goes with the status 'later'."),
        (["tt-private-account", "later", "--until", "next week"], "invalid fromisoformat value"),
        (["tt-private-account", "finished"], "invalid choice: 'finished'"),
        (["tt-private-account", "due"], "invalid choice: 'due'"),
        (["tt-private-account"], "the following arguments are required: STATUS"),
    ],
    ids=["until-without-later", "bad-date", "unknown-status", "due-is-not-set", "no-status"],
)
def test_progress_set_usage_errors_exit_2(
    capsys: pytest.CaptureFixture[str], profile: Path, pass_file: Path, argv: list[str], says: str
) -> None:
    result = cli_run(capsys, "progress", "set", *argv, "--passphrase-file", pass_file)
    assert result.code == ExitCode.USAGE == 2
    assert says in result.err
    assert dict(data_of(profile).progress) == {}


def test_a_renamed_item_keeps_its_progress(
    capsys: pytest.CaptureFixture[str],
    profile: Path,
    pass_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    version_1 = tmp_path / "v1"
    write(version_1, checklist("alpha", [item("pw-manager"), item("lock-screen")]))
    use_checklists(monkeypatch, version_1)
    assert (
        cli_run(
            capsys, "progress", "set", "pw-manager", "done", "--note", "Bitwarden", "--passphrase-file", pass_file
        ).code
        == 0
    )
    assert cli_run(capsys, "progress", "set", "lock-screen", "skipped", "--passphrase-file", pass_file).code == 0

    version_2 = tmp_path / "v2"
    write(version_2, checklist("alpha", [item("use-a-password-manager", replaces=["pw-manager"]), item("lock-screen")]))
    use_checklists(monkeypatch, version_2)
    shown = show_json(capsys, pass_file)
    assert shown["items"] == [
        {"id": "use-a-password-manager", "status": "done", "note": "Bitwarden"},
        {"id": "lock-screen", "status": "skipped", "note": ""},
    ]

    by_old_name = cli_run(capsys, "progress", "set", "pw-manager", "later", "--passphrase-file", pass_file)
    assert by_old_name.code == 0, by_old_name.err
    stored = dict(data_of(profile).progress)
    assert "pw-manager" not in stored
    assert stored["use-a-password-manager"]["status"] == "later"
    assert stored["use-a-password-manager"]["note"] == "Bitwarden"


# --- checklist export ----------------------------------------------------------------------------------------------


def test_export_html_without_a_profile(capsys: pytest.CaptureFixture[str], shipped: Catalog, tmp_path: Path) -> None:
    out = tmp_path / "plan.html"
    result = cli_run(capsys, "checklist", "export", "--format", "html", "-o", out)
    assert result.code == 0, result.err
    assert result.out == f"Wrote the plan ({len(shipped.items)} items) to {out}.\n"
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    for it in shipped.items:
        assert escape(it.title) in html, it.id
    assert html.count("☐") == len(shipped.items)
    assert "☑" not in html
    for c in shipped.checklists:
        assert f"<h2>{escape(c.title)}</h2>" in html


def test_export_html_with_progress_and_the_plan(
    capsys: pytest.CaptureFixture[str], shipped: Catalog, profile: Path, pass_file: Path, tmp_path: Path
) -> None:
    assert shipped.by_id["tt-who-can-duet"].review_every_days
    edit(
        profile,
        settings={"plan": {"who": "me", "platforms": ["tiktok"]}},
        progress={
            "tt-private-account": {"status": "done", "at": datetime.now(UTC).isoformat()},
            "tt-who-can-duet": {"status": "done", "at": "2020-01-01T00:00:00+00:00"},  # long ago: due again
        },
    )
    out = tmp_path / "plan.html"
    result = cli_run(capsys, "checklist", "export", "--format", "html", "-o", out, "--passphrase-file", pass_file)
    assert result.code == 0, result.err
    html = out.read_text(encoding="utf-8")
    assert html.count("☑") == 1
    assert "☑</span> <b>Make your TikTok account private</b>" in html
    assert f"☐</span> <b>{escape(shipped.by_id['tt-who-can-duet'].title)}</b> <span class='meta'>(Due again)" in html
    assert "cls-prepare" not in html and escape(shipped.by_id["cls-prepare"].title) not in html
    assert "<i>Android:</i>" not in html  # steps only for the chosen platforms


def test_export_html_escapes_the_text(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "mine"
    title = 'Q&A: is 2 < 3? "Yes" & it\'s fine'
    why = "Tom & Jerry's <3 rule"
    write(
        folder,
        checklist(
            "alpha",
            sections=[section("alpha-basics", [item("alpha-item", title=title, why=why, links=DROP)], title="A & B")],
        ),
    )
    use_checklists(monkeypatch, folder)
    out = tmp_path / "plan.html"
    assert cli_run(capsys, "checklist", "export", "--format", "html", "-o", out).code == 0
    html = out.read_text(encoding="utf-8")
    assert escape(title) in html and title not in html
    assert why not in html  # the printed plan is compact: no "why" (tests/ui/test_export_compact.py escapes it)
    assert "<h3>A &amp; B</h3>" in html
    assert html.count("☐") == 1


def test_export_to_a_folder_that_does_not_exist_exits_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "no-such-folder" / "plan.html"
    result = cli_run(capsys, "checklist", "export", "--format", "html", "-o", out)
    assert result.code == ExitCode.FAILURE
    assert f"Cannot write {out}" in one_error_line(result)


def test_export_needs_a_format_and_a_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    for argv in (["-o", tmp_path / "x.html"], ["--format", "html"], ["--format", "docx", "-o", tmp_path / "x"]):
        result = cli_run(capsys, "checklist", "export", *argv)
        assert result.code == ExitCode.USAGE
        assert "usage:" in result.err


def test_export_pdf(tmp_path: Path) -> None:
    # In a child process: the PDF is printed with Qt, and a QGuiApplication must not leak into the other tests.
    out = tmp_path / "plan.pdf"
    made = subprocess.run(
        [tool("privacyapp-cli"), "checklist", "export", "--format", "pdf", "-o", str(out)],
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    assert "Traceback" not in made.stderr
    assert "Wrote the plan" in made.stdout
    assert out.read_bytes().startswith(b"%PDF")
    assert out.stat().st_size > 5000

    picture = tmp_path / "page-1"
    converted = subprocess.run(
        [system_tool("pdftoppm"), "-png", "-r", "40", "-f", "1", "-l", "1", "-singlefile", str(out), str(picture)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert converted.returncode == 0, converted.stderr
    assert picture.with_suffix(".png").read_bytes().startswith(b"\x89PNG")


# --- closed pipes ---------------------------------------------------------------------------------------------------


def run_into_a_closed_pipe(argv: list[str]) -> subprocess.CompletedProcess[str]:
    """Run the installed command with its stdout a pipe nobody reads any more (`... | head` after head quit).

    PYTHONUNBUFFERED is removed: people's shells do not set it, and it changes when the write fails."""
    env = clean_env()
    env.pop("PYTHONUNBUFFERED", None)
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run(
            [tool("privacyapp-cli"), *argv], stdout=write_end, stderr=subprocess.PIPE, env=env, text=True, timeout=60
        )
    finally:
        os.close(write_end)


@pytest.mark.parametrize("extra", [[], ["--json"]], ids=["text", "json"])
def test_progress_show_into_a_closed_pipe_exits_quietly(profile: Path, pass_file: Path, extra: list[str]) -> None:
    result = run_into_a_closed_pipe(["progress", "show", *extra, "--passphrase-file", str(pass_file)])
    assert (result.returncode, result.stderr) == (0, "")


def test_progress_show_piped_to_head(profile: Path, pass_file: Path) -> None:
    env = clean_env()
    env.pop("PYTHONUNBUFFERED", None)
    command = f"'{tool('privacyapp-cli')}' progress show --passphrase-file '{pass_file}' | head -n 2"
    result = subprocess.run(
        ["bash", "-c", command + "; exit ${PIPESTATUS[0]}"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert len(result.stdout.splitlines()) == 2


@pytest.mark.parametrize(
    "argv", [["checklist", "validate"], ["checklist", "list", "--platform", "tiktok"]], ids=["validate", "list"]
)
def test_short_output_into_a_closed_pipe_exits_quietly(argv: list[str]) -> None:
    result = run_into_a_closed_pipe(argv)
    assert (result.returncode, result.stderr) == (0, "")


def test_no_traceback_for_a_broken_catalog(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "broken"
    write(folder, checklist("alpha", [item(minutes=0)]))
    use_checklists(monkeypatch, folder)
    result: CliResult = cli_run(capsys, "checklist", "list")
    assert result.code == ExitCode.FAILURE
    assert "1 problem in the checklists:" in result.err
