"""`privacyapp-cli profile ...`: create, list, find, back up, restore, delete, export and import profiles."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from privacyapp.cli.common import CommandGroup, Context, add_command
from privacyapp.cli.unlock import ask, given_passphrase, kdf_params, manager, open_profile, read_passphrase_file
from privacyapp.core.errors import (
    ExitCode,
    KeyringError,
    PrivacyAppError,
    UsageError,
)
from privacyapp.core.inputs import InputError, read_bytes
from privacyapp.core.passphrase import weak_sentence, weakness
from privacyapp.core.profile import format as fmt
from privacyapp.core.profile import vault
from privacyapp.core.profile.backups import BACKUP, CONFLICT, Backup, list_backups
from privacyapp.core.profile.disk import Disk
from privacyapp.core.profile.keystore import KeyringKeyStore, KeyStore
from privacyapp.core.profile.store import (
    BACKUP_FOLDER,
    PROFILE_FILE,
    find_restorable,
    replace_with_backup,
    restorable,
)
from privacyapp.core.redact import Secret
from privacyapp.i18n import _


def _register(subparsers: Any) -> None:
    parser = add_command(subparsers, "profile", "create, list, back up, restore, export and import profiles")
    commands = parser.add_subparsers(dest="profile_command", metavar="ACTION", required=True)
    create = add_command(commands, "create", "create the profile named by --profile; prints its recovery code", _create)
    create.add_argument("--no-keyring", action="store_true", help="do not use the OS keyring: a passphrase only")
    _allow_weak_option(create)
    add_command(commands, "list", "list the profiles on this computer", _list)
    add_command(commands, "path", "print the profile file's path", _path)
    add_command(commands, "backups", "list the profile's backups, newest first", _backups)
    restore = add_command(commands, "restore", "go back to a backup (default: the newest that opens)", _restore)
    restore.add_argument("backup", nargs="?", metavar="BACKUP", help="a backup's file name from `profile backups`")
    delete = add_command(commands, "delete", "delete a profile, its backups and its keyring entry", _delete)
    delete.add_argument("name", metavar="NAME")
    delete.add_argument("--yes", action="store_true", help="yes, delete it: this cannot be undone")
    for name, helptext, handler in (
        ("export", "write the profile to FILE, sealed with a passphrase, for another computer", _export),
        ("import", "make the profile named by --profile from an exported FILE", _import),
    ):
        command = add_command(commands, name, helptext, handler)
        command.add_argument("file", type=Path, metavar="FILE")
        command.add_argument(
            "--export-passphrase-file",
            metavar="FILE",
            help="the export's passphrase (default: asked, or the --passphrase-file one)",
        )
        if name == "import":
            command.add_argument("--no-keyring", action="store_true", help="do not use the OS keyring")
        _allow_weak_option(command)


def _allow_weak_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--allow-weak-passphrase",
        action="store_true",
        help="use the new passphrase even though it is easy to guess (zxcvbn score below 3)",
    )


def _refuse_weak(passphrase: Secret | None, args: argparse.Namespace, user_inputs: tuple[str, ...] = ()) -> None:
    """A new passphrase below the bar (core/passphrase.py) is refused, exit 2, unless --allow-weak-passphrase."""
    if passphrase is None or args.allow_weak_passphrase:
        return
    strength = weakness(passphrase, user_inputs)
    if strength is not None:
        raise UsageError(
            weak_sentence(strength),
            hint=_("Choose a longer one (a few random words), or add --allow-weak-passphrase to use it anyway."),
        )


def _keystore(no_keyring: bool) -> KeyStore | None:
    return None if no_keyring else KeyringKeyStore()


def _show_code(context: Context, code: Secret) -> None:
    context.print("Recovery code (write it down and keep it somewhere safe; it is shown only this once):")
    context.print(f"  {code.reveal()}")
    context.print("With it you can open the profile if you forget the passphrase or lose the keyring.")


def _create(args: argparse.Namespace, context: Context) -> int:
    profiles = manager(context)
    passphrase = given_passphrase(context, "New passphrase (Enter for none): ", confirm=True)
    if args.no_keyring and passphrase is None:
        raise UsageError("Without the keyring the profile needs a passphrase: give --passphrase-file FILE.")
    _refuse_weak(passphrase, args, (context.profile,))
    kdf = kdf_params()
    try:
        store, code = profiles.create(
            context.profile, passphrase=passphrase, keystore=_keystore(args.no_keyring), kdf=kdf
        )
    except KeyringError as exc:
        if passphrase is None:
            raise PrivacyAppError(
                f"The profile could not use the keyring: {exc.message}",
                hint="Create it with a passphrase: --no-keyring --passphrase-file FILE.",
            ) from exc
        print(
            f"The keyring could not be used ({exc.message}); the profile opens with its passphrase.", file=context.err
        )
        store, code = profiles.create(context.profile, passphrase=passphrase, keystore=None, kdf=kdf)
    store.close()
    opens = " and ".join(k for k in ("keyring", "passphrase") if k in store.slot_kinds())
    context.print(f"Created the profile '{store.data.name}' (it opens with the {opens}).")
    _show_code(context, code)
    return ExitCode.OK


def _list(args: argparse.Namespace, context: Context) -> int:
    found = manager(context).list()
    if not found:
        context.print("No profiles yet. Create one with: privacyapp-cli profile create")
        return ExitCode.OK
    for info in found:
        saved = info.saved.strftime("%Y-%m-%d %H:%M UTC") if info.saved else "?"
        opens = ", ".join(sorted(info.slots - {"recovery"})) or "-"
        problem = f"  ({info.problem})" if info.problem else ""
        context.print(f"{info.name}\tsaved {saved}\topens with: {opens}{problem}")
    return ExitCode.OK


def _existing_folder(context: Context, *, broken_link_ok: bool = False) -> Path:
    """The profile's folder; a profile file that is a broken link is damage (exit 4), except to the commands that
    help put it right (path, backups, restore)."""
    profiles = manager(context)
    folder = profiles.folder(context.profile)
    if broken_link_ok and (folder / PROFILE_FILE).is_symlink():
        return folder
    return profiles.require(context.profile)


def _path(args: argparse.Namespace, context: Context) -> int:
    context.print(str(_existing_folder(context, broken_link_ok=True) / PROFILE_FILE))
    return ExitCode.OK


def _describe(backup: Backup) -> str:
    line = f"{backup.path.name}\t{backup.saved.strftime('%Y-%m-%d %H:%M:%S UTC')}\t{backup.size} bytes"
    if backup.kind == CONFLICT:
        return line + "\t" + _("your version, kept when another program had changed the profile")
    return line


def _backups(args: argparse.Namespace, context: Context) -> int:
    found = restorable(_existing_folder(context, broken_link_ok=True))  # backups and conflict copies
    if not found:
        context.print("No backups yet: one is kept each time the profile is saved again.")
    for backup in found:
        context.print(_describe(backup))
    return ExitCode.OK


def _restore(args: argparse.Namespace, context: Context) -> int:
    folder = _existing_folder(context, broken_link_ok=True)
    chosen = None
    if args.backup:
        chosen = next((b for b in restorable(folder) if b.path.name == args.backup), None)
        if chosen is None:
            raise UsageError(f"There is no backup called {args.backup}: `privacyapp-cli profile backups` lists them.")
    try:
        store = open_profile(context)
    except PrivacyAppError as exc:
        if exc.exit_code != ExitCode.DAMAGED:
            raise
        store = None  # the current file cannot be opened: restore from a backup without it
    if store is not None:
        try:
            newest = [b for b in store.backups() if b.kind == BACKUP]  # a conflict copy only when named
            if chosen is None and not newest:
                raise PrivacyAppError("This profile has no backups yet.")
            backup = chosen or newest[0]
            store.restore(backup)
        finally:
            store.close()
        context.print(f"Restored the version saved {backup.saved.strftime('%Y-%m-%d %H:%M:%S UTC')}.")
        context.print("The version it replaced is kept as a backup.")
        return ExitCode.OK
    found = find_restorable(folder, _restore_method(context, folder), chosen)
    if found is None:
        raise PrivacyAppError("No backup of this profile opens with the passphrase or key given.")
    backup, _data = found
    file = folder / PROFILE_FILE
    broken_link = file.is_symlink() and not file.exists()
    kept = replace_with_backup(folder, backup)
    context.print(f"Restored the backup saved {backup.saved.strftime('%Y-%m-%d %H:%M:%S UTC')}.")
    context.print("Changes made after that time are not in it.")
    if kept is not None:
        context.print(f"The damaged file was kept as {kept.name}.")
    elif broken_link:
        context.print(_("The broken link was replaced by the restored file."))
    return ExitCode.OK


def _restore_method(context: Context, folder: Path) -> vault.Unlock:
    """How to open the backups of a profile whose own file cannot be read: its backups' headers say whether the
    keyring opens them (the damaged file's header may be zeros)."""
    from privacyapp.cli.unlock import passphrase_file, unlock_method

    if not passphrase_file(context):
        for backup in list_backups(folder / BACKUP_FOLDER):
            try:
                header = fmt.decode(fmt.read_file(backup.path)).header
            except (PrivacyAppError, OSError):
                continue
            if header.slots_of("keyring"):
                return vault.WithKeyring(KeyringKeyStore())
            break
    return unlock_method(context, folder)


def _delete(args: argparse.Namespace, context: Context) -> int:
    if not args.yes:
        raise UsageError(f"Deleting '{args.name}' cannot be undone: add --yes to confirm.")
    note = manager(context).delete(args.name, KeyringKeyStore())
    context.print(f"Deleted the profile '{args.name}'.")
    if note:
        print(note, file=context.err)
    return ExitCode.OK


def _export_passphrase(args: argparse.Namespace, context: Context, *, confirm: bool) -> Secret:
    if args.export_passphrase_file:
        return read_passphrase_file(args.export_passphrase_file)
    typed = ask("Passphrase for the export file: ", confirm=confirm)
    if typed is None:
        typed = given_passphrase(context)
    if typed is None:
        raise UsageError("The export needs a passphrase: give --export-passphrase-file FILE.")
    return typed


def _export(args: argparse.Namespace, context: Context) -> int:
    store = open_profile(context)
    try:
        passphrase = _export_passphrase(args, context, confirm=True)
        _refuse_weak(passphrase, args, (context.profile,))
        blob = store.export_bytes(passphrase, kdf_params())
    finally:
        store.close()
    if args.file.exists():
        raise UsageError(f"{args.file} already exists: choose a new file name.")
    try:
        Disk().publish(args.file, blob)  # 0600, flushed, whole or not at all: a full disk leaves nothing behind
    except FileExistsError as exc:
        raise UsageError(f"{args.file} already exists: choose a new file name.") from exc
    except OSError as exc:
        raise PrivacyAppError(f"Cannot write {args.file}: {exc.strerror or exc}.") from exc
    context.print(f"Exported the profile to {args.file}. Open it on the other computer with `profile import`.")
    return ExitCode.OK


def _import(args: argparse.Namespace, context: Context) -> int:
    # capped at the largest profile there can be; a FIFO or device that never ends is refused within seconds
    try:
        blob = read_bytes(args.file, limit=fmt.MAX_FILE_BYTES, what=_("the export file"))
    except InputError as exc:
        raise PrivacyAppError(exc.message, hint=exc.hint) from None  # exit 1, as an unreadable export always was
    export_passphrase = _export_passphrase(args, context, confirm=False)
    passphrase = given_passphrase(context, "Passphrase for the new profile (Enter for none): ", confirm=True)
    if args.no_keyring and passphrase is None:
        raise UsageError("Without the keyring the profile needs a passphrase: give --passphrase-file FILE.")
    _refuse_weak(passphrase, args, (context.profile,))
    store, code = manager(context).import_bytes(
        context.profile,
        blob,
        export_passphrase,
        passphrase=passphrase,
        keystore=_keystore(args.no_keyring),
        kdf=kdf_params(),
    )
    store.close()
    context.print(f"Imported {args.file} as the profile '{store.data.name}'.")
    _show_code(context, code)
    return ExitCode.OK


GROUP = CommandGroup(register=_register)
