"""`privacyapp-cli profile ...`: create, list, path, backups, restore, delete, export, import; exit codes and
messages for every way it can go wrong, and never a traceback."""

from __future__ import annotations

import re
import stat
from pathlib import Path

import pytest

from privacyapp.core.errors import ExitCode, WrongKeyError
from privacyapp.core.profile import backups as bk
from privacyapp.core.profile import vault
from privacyapp.core.profile.payload import ProfileData
from privacyapp.core.profile.store import BACKUP_FOLDER, PROFILE_FILE, ProfileStore
from privacyapp.core.redact import Secret
from tests.conftest import CLI_PASSPHRASE, CliResult, clean_env, cli_run, run, tool

PASSPHRASE = CLI_PASSPHRASE
EXPORT_PASSPHRASE = "another one, for the trip"
RECOVERY_CODE = re.compile(r"^  ([A-Z2-7]{4}(?:-[A-Z2-7]{4}){7})$", re.MULTILINE)
RESTORE_COMMAND = "privacyapp-cli profile restore"


@pytest.fixture(autouse=True)
def fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRIVACYAPP_KDF_PARAMS", "1,8,1")


@pytest.fixture
def export_pass_file(tmp_path: Path) -> Path:
    path = tmp_path / "export-passphrase.txt"
    path.write_text(f"{EXPORT_PASSPHRASE}\r\n", encoding="utf-8")
    return path


@pytest.fixture
def profiles(data_dir: Path) -> Path:
    return data_dir / "data" / "profiles"


def create(capsys: pytest.CaptureFixture[str], pass_file: Path, name: str = "default") -> CliResult:
    result = cli_run(capsys, "--profile", name, "profile", "create", "--no-keyring", "--passphrase-file", pass_file)
    assert result.code == 0, result.err
    return result


def how() -> vault.WithPassphrase:
    return vault.WithPassphrase(Secret(PASSPHRASE))


def edit(folder: Path, **changes: object) -> ProfileData:
    """Change the profile as the app would, in this process."""
    store = ProfileStore.open(folder, how())
    try:
        data = store.data.with_changes(**changes)
        store.save(data)
    finally:
        store.close()
    return data


def data_of(folder: Path) -> ProfileData:
    store = ProfileStore.open(folder, how())
    store.close()
    return store.data


def one_error_line(result: CliResult) -> str:
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("privacyapp-cli: error: ")
    return lines[0]


# --- create, list, path, backups -------------------------------------------------------------------------------


def test_create_prints_a_recovery_code_once(
    capsys: pytest.CaptureFixture[str], pass_file: Path, profiles: Path, data_dir: Path
) -> None:
    result = create(capsys, pass_file)
    assert "Created the profile 'default' (it opens with the passphrase)." in result.out
    codes = RECOVERY_CODE.findall(result.out)
    assert len(codes) == 1
    code = codes[0]
    assert result.out.count(code) == 1
    assert "shown only this once" in result.out
    assert result.err == ""
    file = profiles / "default" / PROFILE_FILE
    assert stat.S_IMODE(file.stat().st_mode) == 0o600
    # The code opens the profile, and it is never shown or logged again.
    assert vault.open_bytes(file.read_bytes(), vault.WithRecoveryCode(Secret(code))).decoded.data.name == "default"
    for argv in (["profile", "list"], ["profile", "path"], ["profile", "backups"]):
        assert code not in cli_run(capsys, *argv).out
    log = data_dir / "logs" / "privacyapp.log"
    assert log.is_file()
    assert code not in log.read_text(encoding="utf-8")
    assert PASSPHRASE not in log.read_text(encoding="utf-8")


def test_list_path_and_backups(capsys: pytest.CaptureFixture[str], pass_file: Path, profiles: Path) -> None:
    assert "No profiles yet" in cli_run(capsys, "profile", "list").out
    create(capsys, pass_file)
    create(capsys, pass_file, "Alex")

    listed = cli_run(capsys, "profile", "list")
    assert listed.code == 0
    lines = listed.out.strip().splitlines()
    assert [line.split("\t")[0] for line in lines] == ["Alex", "default"]
    assert re.fullmatch(r"default\tsaved \d{4}-\d\d-\d\d \d\d:\d\d UTC\topens with: passphrase", lines[1])

    path = cli_run(capsys, "profile", "path")
    assert path.code == 0
    assert path.out == f"{profiles / 'default' / PROFILE_FILE}\n"
    assert cli_run(capsys, "--profile", "Alex", "profile", "path").out.strip() == str(profiles / "Alex" / PROFILE_FILE)

    none_yet = cli_run(capsys, "profile", "backups")
    assert none_yet.code == 0
    assert "No backups yet" in none_yet.out
    for n in range(3):
        edit(profiles / "default", notes=f"note {n}")
    found = cli_run(capsys, "profile", "backups")
    assert found.code == 0
    lines = found.out.strip().splitlines()
    on_disk = bk.list_backups(profiles / "default" / BACKUP_FOLDER)
    assert len(lines) == len(on_disk) == 3
    for line, backup in zip(lines, on_disk, strict=True):  # newest first
        name, saved, size = line.split("\t")
        assert name == backup.path.name
        assert saved == backup.saved.strftime("%Y-%m-%d %H:%M:%S UTC")
        assert size == f"{backup.size} bytes"


def test_global_options_before_and_after_the_subcommand(
    capsys: pytest.CaptureFixture[str], pass_file: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    placements = [
        ["--data-dir", elsewhere, "--profile", "alice", "--passphrase-file", pass_file, "profile", "create"],
        ["profile", "create", "--profile", "bob", "--passphrase-file", pass_file, "--data-dir", elsewhere],
        ["--data-dir", elsewhere, "profile", "--profile", "carol", "create", "--passphrase-file", pass_file],
        ["--debug", "profile", "create", "--data-dir", elsewhere, "--profile", "dana", "--passphrase-file", pass_file],
    ]
    for argv in placements:
        result = cli_run(capsys, *argv, "--no-keyring")
        assert result.code == 0, (argv, result.err)
    for argv in (["--data-dir", elsewhere, "profile", "list"], ["profile", "list", "--data-dir", elsewhere]):
        listed = cli_run(capsys, *argv)
        assert [line.split("\t")[0] for line in listed.out.strip().splitlines()] == ["alice", "bob", "carol", "dana"]
    assert "No profiles yet" in cli_run(capsys, "profile", "list").out  # the usual data folder has none
    # Given twice, the later one counts; given only before, a subcommand does not reset it.
    later = cli_run(capsys, "--profile", "alice", "profile", "path", "--profile", "bob", "--data-dir", elsewhere)
    assert later.out.strip() == str(elsewhere / "data" / "profiles" / "bob" / PROFILE_FILE)
    before = cli_run(capsys, "--data-dir", elsewhere, "--profile", "carol", "profile", "path")
    assert before.out.strip() == str(elsewhere / "data" / "profiles" / "carol" / PROFILE_FILE)


# --- restore -----------------------------------------------------------------------------------------------------


def test_restore_the_newest_backup_or_a_named_one(
    capsys: pytest.CaptureFixture[str], pass_file: Path, profiles: Path
) -> None:
    create(capsys, pass_file)
    folder = profiles / "default"
    versions = [edit(folder, notes=f"note {n}", progress={"item": n}) for n in range(4)]

    result = cli_run(capsys, "profile", "restore", "--passphrase-file", pass_file)
    assert result.code == 0, result.err
    assert re.search(r"Restored the version saved \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\.", result.out)
    assert "The version it replaced is kept as a backup." in result.out
    assert data_of(folder) == versions[2]
    assert any(data_of_backup(b.path) == versions[3] for b in bk.list_backups(folder / BACKUP_FOLDER))

    wanted = next(b for b in bk.list_backups(folder / BACKUP_FOLDER) if data_of_backup(b.path) == versions[1])
    named = cli_run(capsys, "profile", "restore", wanted.path.name, "--passphrase-file", pass_file)
    assert named.code == 0, named.err
    assert wanted.saved.strftime("%Y-%m-%d %H:%M:%S UTC") in named.out
    assert data_of(folder) == versions[1]

    unknown = cli_run(
        capsys, "profile", "restore", "profile-20000101T000000000000Z.pvault", "--passphrase-file", pass_file
    )
    assert unknown.code == ExitCode.USAGE
    assert "There is no backup called profile-20000101T000000000000Z.pvault" in one_error_line(unknown)
    assert data_of(folder) == versions[1]


def data_of_backup(path: Path) -> ProfileData:
    return vault.open_bytes(path.read_bytes(), how()).decoded.data


@pytest.mark.parametrize("named", [False, True], ids=["newest-that-opens", "named"])
def test_a_damaged_profile_exits_4_and_restore_brings_it_back(
    capsys: pytest.CaptureFixture[str], pass_file: Path, profiles: Path, tmp_path: Path, named: bool
) -> None:
    create(capsys, pass_file)
    folder = profiles / "default"
    versions = [edit(folder, notes=f"note {n}") for n in range(4)]
    file = folder / PROFILE_FILE
    damaged = file.read_bytes()[:-300]
    file.write_bytes(damaged)
    newest = bk.list_backups(folder / BACKUP_FOLDER)[0]
    newest.path.write_bytes(newest.path.read_bytes()[:50])  # the newest backup is damaged too: skipped

    export = cli_run(capsys, "profile", "export", tmp_path / "out.pvault", "--passphrase-file", pass_file)
    assert export.code == ExitCode.DAMAGED == 4
    line = one_error_line(export)
    assert "damaged" in line and RESTORE_COMMAND in line
    assert not (tmp_path / "out.pvault").exists()
    listed = cli_run(capsys, "profile", "list")
    assert listed.code == 0 and listed.out.startswith("default\t")  # list reads headers only: no passphrase

    target = bk.list_backups(folder / BACKUP_FOLDER)[1]
    argv = ["profile", "restore", "--passphrase-file", pass_file] + ([target.path.name] if named else [])
    result = cli_run(capsys, *argv)
    assert result.code == 0, result.err
    assert f"Restored the backup saved {target.saved.strftime('%Y-%m-%d %H:%M:%S UTC')}." in result.out
    assert "Changes made after that time are not in it." in result.out
    kept = re.search(r"The damaged file was kept as (damaged-\S+\.pvault)\.", result.out)
    assert kept is not None
    assert (folder / kept.group(1)).read_bytes() == damaged
    assert data_of(folder) == versions[1]
    assert cli_run(capsys, "profile", "export", tmp_path / "out.pvault", "--passphrase-file", pass_file).code == 0


def test_restore_of_a_damaged_profile_with_no_backup_that_opens(
    capsys: pytest.CaptureFixture[str], pass_file: Path, profiles: Path, tmp_path: Path
) -> None:
    create(capsys, pass_file)
    folder = profiles / "default"
    edit(folder, notes="one")
    file = folder / PROFILE_FILE
    damaged = file.read_bytes()[:200]
    file.write_bytes(damaged)
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not it\n", encoding="utf-8")
    result = cli_run(capsys, "profile", "restore", "--passphrase-file", wrong)
    assert result.code == ExitCode.FAILURE
    assert "No backup of this profile opens" in one_error_line(result)
    assert file.read_bytes() == damaged
    assert not list(folder.glob("damaged-*"))


# --- delete ------------------------------------------------------------------------------------------------------


def test_delete_needs_yes(capsys: pytest.CaptureFixture[str], pass_file: Path, profiles: Path) -> None:
    create(capsys, pass_file, "Kim")
    edit(profiles / "Kim", notes="x")
    refused = cli_run(capsys, "profile", "delete", "Kim")
    assert refused.code == ExitCode.USAGE
    assert "--yes" in one_error_line(refused)
    assert (profiles / "Kim" / PROFILE_FILE).is_file()
    assert bk.list_backups(profiles / "Kim" / BACKUP_FOLDER)

    store = ProfileStore.open(profiles / "Kim", how())
    try:
        busy = cli_run(capsys, "profile", "delete", "Kim", "--yes")  # open elsewhere: not now
    finally:
        store.close()
    assert busy.code == ExitCode.FAILURE
    assert "open in another privacyapp" in one_error_line(busy)
    assert (profiles / "Kim" / PROFILE_FILE).is_file()

    deleted = cli_run(capsys, "profile", "delete", "Kim", "--yes")
    assert deleted.code == 0, deleted.err
    assert "Deleted the profile 'Kim'." in deleted.out
    assert not (profiles / "Kim").exists()
    assert "No profiles yet" in cli_run(capsys, "profile", "list").out


# --- export and import -------------------------------------------------------------------------------------------


def test_export_and_import_round_trip(
    capsys: pytest.CaptureFixture[str], pass_file: Path, export_pass_file: Path, profiles: Path, tmp_path: Path
) -> None:
    create(capsys, pass_file)
    original = edit(
        profiles / "default",
        notes="ring the bank\nnew line",
        progress={"lock-screen": "done", "two-factor": "later"},
        settings={"theme": "dark"},
        accounts=[{"site": "example.org", "2fa": True}],
    )
    exported = tmp_path / "carry.pvault"
    result = cli_run(
        capsys,
        "profile",
        "export",
        exported,
        "--passphrase-file",
        pass_file,
        "--export-passphrase-file",
        export_pass_file,
    )
    assert result.code == 0, result.err
    assert f"Exported the profile to {exported}." in result.out
    assert stat.S_IMODE(exported.stat().st_mode) == 0o600
    with pytest.raises(WrongKeyError):  # sealed with the export passphrase only
        vault.open_bytes(exported.read_bytes(), how())

    again = cli_run(
        capsys,
        "profile",
        "export",
        exported,
        "--passphrase-file",
        pass_file,
        "--export-passphrase-file",
        export_pass_file,
    )
    assert again.code == ExitCode.USAGE
    assert "already exists" in one_error_line(again)

    imported = cli_run(
        capsys,
        "--profile",
        "laptop",
        "profile",
        "import",
        exported,
        "--no-keyring",
        "--passphrase-file",
        pass_file,
        "--export-passphrase-file",
        export_pass_file,
    )
    assert imported.code == 0, imported.err
    assert f"Imported {exported} as the profile 'laptop'." in imported.out
    assert len(RECOVERY_CODE.findall(imported.out)) == 1
    copy = data_of(profiles / "laptop")
    assert copy.name == "laptop"
    assert copy.with_changes(name=original.name) == original
    assert copy.notes == original.notes and dict(copy.progress) == dict(original.progress)

    exists = cli_run(
        capsys,
        "--profile",
        "laptop",
        "profile",
        "import",
        exported,
        "--no-keyring",
        "--passphrase-file",
        pass_file,
        "--export-passphrase-file",
        export_pass_file,
    )
    assert exists.code == ExitCode.FAILURE
    assert "already a profile called 'laptop'" in one_error_line(exists)


def test_export_passphrase_defaults_to_the_passphrase_file(
    capsys: pytest.CaptureFixture[str], pass_file: Path, profiles: Path, tmp_path: Path
) -> None:
    create(capsys, pass_file)
    original = edit(profiles / "default", notes="same passphrase", progress={"a": 1})
    exported = tmp_path / "carry.pvault"
    assert cli_run(capsys, "profile", "export", exported, "--passphrase-file", pass_file).code == 0
    imported = cli_run(
        capsys, "profile", "import", exported, "--no-keyring", "--profile", "copy", "--passphrase-file", pass_file
    )
    assert imported.code == 0, imported.err
    assert data_of(profiles / "copy").with_changes(name="default") == original


def test_import_with_the_wrong_export_passphrase_creates_nothing(
    capsys: pytest.CaptureFixture[str], pass_file: Path, export_pass_file: Path, profiles: Path, tmp_path: Path
) -> None:
    create(capsys, pass_file)
    exported = tmp_path / "carry.pvault"
    args = ["--passphrase-file", pass_file, "--export-passphrase-file", export_pass_file]
    assert cli_run(capsys, "profile", "export", exported, *args).code == 0
    wrong = cli_run(
        capsys,
        "--profile",
        "new",
        "profile",
        "import",
        exported,
        "--no-keyring",
        "--passphrase-file",
        pass_file,
        "--export-passphrase-file",
        pass_file,  # not the export's passphrase
    )
    assert wrong.code == ExitCode.LOCKED == 3
    assert "Wrong passphrase" in one_error_line(wrong)
    assert not (profiles / "new" / PROFILE_FILE).exists()
    missing = cli_run(capsys, "--profile", "new", "profile", "import", tmp_path / "nope.pvault", "--no-keyring", *args)
    assert missing.code == ExitCode.FAILURE
    assert "Cannot read" in one_error_line(missing)


# --- what goes wrong ---------------------------------------------------------------------------------------------


def test_wrong_passphrase_exits_3(capsys: pytest.CaptureFixture[str], pass_file: Path, tmp_path: Path) -> None:
    create(capsys, pass_file)
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("guess\n", encoding="utf-8")
    for argv in (["profile", "export", tmp_path / "out.pvault"], ["profile", "restore"]):
        result = cli_run(capsys, *argv, "--passphrase-file", wrong)
        assert result.code == ExitCode.LOCKED == 3, argv
        # no backup yet to vouch for the passphrase slot: a slot changed by another program would read the same
        assert "Wrong passphrase, or this file was changed by something other than privacyapp." in one_error_line(
            result
        )
        assert "guess" not in result.err
    assert not (tmp_path / "out.pvault").exists()


def test_no_passphrase_and_no_terminal_exits_3_with_a_hint(
    capsys: pytest.CaptureFixture[str], pass_file: Path, tmp_path: Path
) -> None:
    create(capsys, pass_file)
    result = cli_run(capsys, "profile", "export", tmp_path / "out.pvault")
    assert result.code == ExitCode.LOCKED == 3
    line = one_error_line(result)
    assert "is locked" in line
    assert "--passphrase-file" in line and "PRIVACYAPP_PASSPHRASE_FILE" in line


def test_the_passphrase_file_variable_works(
    capsys: pytest.CaptureFixture[str], pass_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    create(capsys, pass_file)
    monkeypatch.setenv("PRIVACYAPP_PASSPHRASE_FILE", str(pass_file))
    assert cli_run(capsys, "profile", "export", tmp_path / "out.pvault").code == 0


@pytest.mark.parametrize("problem", ["empty", "only a newline", "missing", "a folder"])
def test_an_unusable_passphrase_file_exits_2(
    capsys: pytest.CaptureFixture[str], pass_file: Path, tmp_path: Path, problem: str
) -> None:
    bad = tmp_path / "bad-passphrase"
    if problem == "empty":
        bad.write_text("", encoding="utf-8")
    elif problem == "only a newline":
        bad.write_text("\n", encoding="utf-8")
    elif problem == "a folder":
        bad.mkdir()
    create(capsys, pass_file)
    for argv in (
        ["--profile", "fresh", "profile", "create", "--no-keyring"],
        ["profile", "export", tmp_path / "out.pvault"],
        ["profile", "restore"],
    ):
        result = cli_run(capsys, *argv, "--passphrase-file", bad)
        assert result.code == ExitCode.USAGE == 2, (argv, result.err)
        line = one_error_line(result)
        assert str(bad) in line
        if problem in ("empty", "only a newline"):
            assert "is empty" in line
        else:
            assert "Cannot read the passphrase file" in line
    assert "fresh" not in cli_run(capsys, "profile", "list").out


def test_creating_a_profile_that_exists_exits_1(
    capsys: pytest.CaptureFixture[str], pass_file: Path, profiles: Path
) -> None:
    create(capsys, pass_file)
    before = (profiles / "default" / PROFILE_FILE).read_bytes()
    result = cli_run(capsys, "profile", "create", "--no-keyring", "--passphrase-file", pass_file)
    assert result.code == ExitCode.FAILURE == 1
    assert "There is already a profile called 'default'." in one_error_line(result)
    assert RECOVERY_CODE.search(result.out) is None
    assert (profiles / "default" / PROFILE_FILE).read_bytes() == before


def test_create_without_a_passphrase_or_a_working_keyring(
    capsys: pytest.CaptureFixture[str], pass_file: Path, profiles: Path
) -> None:
    # conftest's keyring backend fails: the keyring is never there in tests
    no_keyring = cli_run(capsys, "profile", "create")
    assert no_keyring.code == ExitCode.FAILURE
    assert "--no-keyring --passphrase-file FILE" in one_error_line(no_keyring)
    usage = cli_run(capsys, "profile", "create", "--no-keyring")
    assert usage.code == ExitCode.USAGE
    assert "needs a passphrase" in one_error_line(usage)
    assert not (profiles / "default" / PROFILE_FILE).exists()

    fallback = cli_run(capsys, "profile", "create", "--passphrase-file", pass_file)
    assert fallback.code == 0
    assert "The keyring could not be used" in fallback.err
    assert "it opens with the passphrase" in fallback.out
    assert len(RECOVERY_CODE.findall(fallback.out)) == 1


@pytest.mark.parametrize(
    "argv",
    [
        ["profile", "path"],
        ["profile", "backups"],
        ["profile", "restore"],
        ["profile", "restore", "--passphrase-file", "PASS"],
        ["profile", "export", "OUT", "--passphrase-file", "PASS"],
        ["profile", "delete", "nobody", "--yes"],
        ["profile", "export", "OUT"],
    ],
    ids=lambda argv: " ".join(argv),
)
def test_an_unknown_profile_exits_1(
    capsys: pytest.CaptureFixture[str], pass_file: Path, tmp_path: Path, argv: list[str]
) -> None:
    create(capsys, pass_file)  # another profile exists
    argv = [str(pass_file) if a == "PASS" else str(tmp_path / "out.pvault") if a == "OUT" else a for a in argv]
    result = cli_run(capsys, "--profile", "nobody", *argv)
    assert result.code == ExitCode.FAILURE == 1, result.err
    line = one_error_line(result)
    assert "There is no profile called 'nobody'." in line
    assert not (tmp_path / "out.pvault").exists()


@pytest.mark.parametrize("name", ["../escape", "a/b", ".", "", "x" * 41])
def test_a_bad_profile_name_is_a_usage_error(capsys: pytest.CaptureFixture[str], pass_file: Path, name: str) -> None:
    result = cli_run(capsys, "--profile", name, "profile", "create", "--no-keyring", "--passphrase-file", pass_file)
    assert result.code == ExitCode.USAGE
    assert "cannot be a profile name" in one_error_line(result)


@pytest.mark.parametrize(
    "argv",
    [
        ["profile"],
        ["profile", "nonsense"],
        ["profile", "delete"],
        ["profile", "export"],
        ["profile", "list", "--bogus"],
    ],
)
def test_profile_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    result = cli_run(capsys, *argv)
    assert result.code == ExitCode.USAGE
    assert "usage:" in result.err


# --- through the installed command ---------------------------------------------------------------------------


def test_installed_cli_create_damage_and_restore(pass_file: Path, profiles: Path, tmp_path: Path) -> None:
    cli_tool = tool("privacyapp-cli")
    env = clean_env(PRIVACYAPP_KDF_PARAMS="1,8,1")

    made = run([cli_tool, "profile", "create", "--no-keyring", "--passphrase-file", str(pass_file)], env=env)
    assert made.returncode == 0, made.stderr
    assert len(RECOVERY_CODE.findall(made.stdout)) == 1
    path = run([cli_tool, "profile", "path"], env=env)
    assert path.stdout.strip() == str(profiles / "default" / PROFILE_FILE)
    folder = profiles / "default"
    edit(folder, notes="before")
    edit(folder, notes="after")

    locked = run([cli_tool, "profile", "export", str(tmp_path / "out.pvault")], env=env, stdin="")
    assert locked.returncode == ExitCode.LOCKED
    assert "--passphrase-file" in locked.stderr and "Traceback" not in locked.stderr

    file = folder / PROFILE_FILE
    file.write_bytes(file.read_bytes()[:-1])
    damaged = run(
        [cli_tool, "profile", "export", str(tmp_path / "out.pvault"), "--passphrase-file", str(pass_file)], env=env
    )
    assert damaged.returncode == ExitCode.DAMAGED
    assert RESTORE_COMMAND in damaged.stderr
    assert "Traceback" not in damaged.stderr
    assert len(damaged.stderr.strip().splitlines()) == 1

    restored = run([cli_tool, "profile", "restore", "--passphrase-file", str(pass_file)], env=env)
    assert restored.returncode == 0, restored.stderr
    assert "Changes made after that time are not in it." in restored.stdout
    assert data_of(folder).notes == "before"
    assert "Traceback" not in restored.stderr


def test_installed_cli_passphrase_file_problems(tmp_path: Path) -> None:
    env = clean_env(PRIVACYAPP_KDF_PARAMS="1,8,1")
    missing = tmp_path / "no-such-file"
    result = run(
        [tool("privacyapp-cli"), "profile", "create", "--no-keyring", "--passphrase-file", str(missing)], env=env
    )
    assert result.returncode == ExitCode.USAGE
    assert f"Cannot read the passphrase file {missing}" in result.stderr
    assert "Traceback" not in result.stderr
