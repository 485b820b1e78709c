"""`privacyapp-cli accounts ...` and `services ...`: the accounts register kept in the profile (never a
password), the known breaches of the services in it, and the service catalogue."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from privacyapp.cli.common import CommandGroup, Context, add_command
from privacyapp.cli.unlock import open_profile
from privacyapp.core.accounts import register
from privacyapp.core.accounts.model import (
    LINK_KINDS,
    LINK_WORDS,
    STATE_WORDS,
    STATES,
    TWO_FACTOR,
    TWO_FACTOR_WORDS,
    VISIBILITY_WORDS,
    Account,
    PasswordHealth,
)
from privacyapp.core.errors import ExitCode, PrivacyAppError
from privacyapp.core.services import ServiceCatalogue
from privacyapp.i18n import _

VISIBILITY_CHOICES = ("private", "public", "unknown")
ALERT_CHOICES = {"yes": True, "no": False, "unknown": None}
FRESH_DAYS = 7  # a cached breach list younger than this is used as it is


def _register(subparsers: Any) -> None:
    accounts = add_command(subparsers, "accounts", "your accounts: privacy, 2-step login, links (kept in your profile)")
    commands = accounts.add_subparsers(dest="accounts_command", metavar="ACTION", required=True)
    listing = add_command(commands, "list", "list your accounts", _list)
    listing.add_argument("--json", action="store_true")

    add = add_command(commands, "add", "add an account; prints its id", _add)
    add.add_argument("service", metavar="SERVICE", help="a service id or name (see: privacyapp-cli services list)")
    _field_options(add)

    change = add_command(commands, "set", "change an account", _set)
    change.add_argument("id", metavar="ID")
    _field_options(change)
    change.add_argument("--notes")
    change.add_argument("--state", choices=STATES, help="active, deleting (planning to delete) or deleted")
    change.add_argument("--reviewed", type=_day, metavar="YYYY-MM-DD|today", help="when you last reviewed it")
    change.add_argument(
        "--password-changed", type=_day, metavar="YYYY-MM-DD|today", help="when you last changed its password"
    )

    link = add_command(commands, "link", "record that the first account is linked to the second", _link)
    link.add_argument("source", metavar="ID")
    link.add_argument("target", metavar="ID")
    link.add_argument(
        "--kind",
        choices=LINK_KINDS,
        required=True,
        help="cross-post: the first shares posts to the second; sign-in: the first signs in with the second; "
        "recovery: the first recovers through the second (its email or phone)",
    )
    unlink = add_command(commands, "unlink", "forget the links between two accounts", _unlink)
    unlink.add_argument("first", metavar="ID")
    unlink.add_argument("second", metavar="ID")
    unlink.add_argument("--kind", choices=LINK_KINDS, help="only this kind of link")
    remove = add_command(commands, "remove", "forget an account and its links", _remove)
    remove.add_argument("id", metavar="ID")
    export = add_command(commands, "export", "write your accounts to a JSON file (unencrypted, no passwords)", _export)
    export.add_argument("file", type=Path, metavar="FILE")
    imported = add_command(commands, "import", "add the accounts of an export file", _import)
    imported.add_argument("file", type=Path, metavar="FILE")
    breaches = add_command(commands, "breaches", "services of yours with known breaches", _breaches)
    breaches.add_argument("--json", action="store_true")
    breaches.add_argument("--refresh", action="store_true", help="download the breach list even if the copy is new")
    breaches.add_argument("--no-network", action="store_true", help="use the downloaded copy only")

    services = add_command(subparsers, "services", "the catalogue of services privacyapp knows")
    actions = services.add_subparsers(dest="services_command", metavar="ACTION", required=True)
    service_list = add_command(actions, "list", "list the services", _services_list)
    service_list.add_argument("--json", action="store_true")
    validate = add_command(actions, "validate", "check a catalogue file (default: the shipped one)", _services_validate)
    validate.add_argument("path", nargs="?", type=Path, metavar="FILE")


def _field_options(parser: Any) -> None:
    parser.add_argument("--handle", help="your name or @handle on the service")
    parser.add_argument("--visibility", choices=VISIBILITY_CHOICES)
    parser.add_argument("--2fa", dest="two_factor", choices=TWO_FACTOR, help="the 2-step login in use")
    parser.add_argument("--login-alerts", choices=tuple(ALERT_CHOICES), help="alerts for new logins")


def _day(value: str) -> date:
    if value == "today":
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date like 2026-11-21 or 'today'") from None


def _fields(args: argparse.Namespace) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for key in ("handle", "visibility", "two_factor", "notes", "state", "reviewed"):
        if getattr(args, key, None) is not None:
            fields[key] = getattr(args, key)
    if args.login_alerts is not None:
        fields["login_alerts"] = ALERT_CHOICES[args.login_alerts]
    return fields


def _catalogue() -> ServiceCatalogue:
    from privacyapp.core.services import shipped

    return shipped()


def _edit(context: Context, change: Callable[[register.Accounts], register.Accounts]) -> register.Accounts:
    """Open the profile, apply `change` to its accounts, save, close. Nothing is saved if `change` fails."""
    store = open_profile(context)
    try:
        accounts = change(register.load(store.data.accounts))
        store.save(store.data.with_changes(accounts=register.dump(accounts)))
        return accounts
    finally:
        store.close()


def _read(context: Context) -> register.Accounts:
    store = open_profile(context)
    try:
        return register.load(store.data.accounts)
    finally:
        store.close()


def account_json(account: Account, catalogue: ServiceCatalogue) -> dict[str, Any]:
    out = account.to_json()
    out["service_name"] = catalogue.name(account.service)
    return out


def _list(args: argparse.Namespace, context: Context) -> int:
    catalogue, accounts = _catalogue(), _read(context)
    if args.json:
        context.print_json([account_json(a, catalogue) for a in accounts])
        return ExitCode.OK
    if not accounts:
        context.print("No accounts yet. Add one with: privacyapp-cli accounts add SERVICE --handle NAME")
        return ExitCode.OK
    labels = {a.id: register.label(a, catalogue) for a in accounts}
    for account in accounts:
        alerts = {True: "on", False: "off", None: "not sure"}[account.login_alerts]
        reviewed = account.reviewed.isoformat() if account.reviewed else "never"
        context.print(f"{account.id}  {labels[account.id]}  [{STATE_WORDS[account.state]}]")
        context.print(
            f"    {VISIBILITY_WORDS[account.visibility]}; 2-step login: {TWO_FACTOR_WORDS[account.two_factor]}; "
            f"login alerts: {alerts}; reviewed: {reviewed}"
        )
        for link in account.links:
            context.print(f"    {LINK_WORDS[link.kind]} {labels.get(link.to, link.to)} ({link.to})")
    return ExitCode.OK


def _add(args: argparse.Namespace, context: Context) -> int:
    catalogue = _catalogue()
    added: list[Account] = []

    def change(accounts: register.Accounts) -> register.Accounts:
        accounts, account = register.add(accounts, args.service, catalogue, date.today(), **_fields(args))
        added.append(account)
        return accounts

    _edit(context, change)
    context.print(added[0].id)
    return ExitCode.OK


def _set(args: argparse.Namespace, context: Context) -> int:
    fields = _fields(args)
    if args.password_changed is not None:
        fields["password_changed"] = args.password_changed
    if not fields:
        raise PrivacyAppError("Nothing to change.", hint="Give at least one option, like --visibility private.")
    catalogue = _catalogue()
    changed: list[Account] = []

    def change(accounts: register.Accounts) -> register.Accounts:
        when = fields.pop("password_changed", None)
        if when is not None:
            old = register.find(accounts, args.id).password
            fields["password"] = PasswordHealth(old.score, old.exposed, when, old.checked)
        accounts, account = register.update(accounts, args.id, **fields)
        changed.append(account)
        return accounts

    _edit(context, change)
    context.print(f"Changed {register.label(changed[0], catalogue)} ({changed[0].id}).")
    return ExitCode.OK


def _link(args: argparse.Namespace, context: Context) -> int:
    catalogue = _catalogue()
    accounts = _edit(context, lambda accounts: register.link(accounts, args.source, args.target, args.kind))
    a, b = register.find(accounts, args.source), register.find(accounts, args.target)
    context.print(f"Linked: {register.describe_link(a, b, args.kind, catalogue)}.")
    return ExitCode.OK


def _unlink(args: argparse.Namespace, context: Context) -> int:
    _edit(context, lambda accounts: register.unlink(accounts, args.first, args.second, args.kind))
    context.print("Unlinked. (This changes privacyapp's record; unlink them on the services too.)")
    return ExitCode.OK


def _remove(args: argparse.Namespace, context: Context) -> int:
    catalogue = _catalogue()
    removed: list[Account] = []

    def change(accounts: register.Accounts) -> register.Accounts:
        removed.append(register.find(accounts, args.id))
        return register.remove(accounts, args.id)

    _edit(context, change)
    context.print(f"Removed {register.label(removed[0], catalogue)} from your list.")
    return ExitCode.OK


def _export(args: argparse.Namespace, context: Context) -> int:
    from privacyapp.core.accounts.exchange import write

    accounts = _read(context)
    try:
        write(args.file, accounts)
    except OSError as exc:
        raise PrivacyAppError(f"{args.file} cannot be written: {exc.strerror or exc}.") from exc
    context.print(f"Wrote {len(accounts)} account{'s' if len(accounts) != 1 else ''} to {args.file}.")
    context.print("That file is not encrypted: it lists your accounts (never a password). Keep it somewhere safe.")
    return ExitCode.OK


def _import(args: argparse.Namespace, context: Context) -> int:
    from privacyapp.core.accounts.exchange import merge, parse, read

    incoming = parse(read(args.file), _catalogue())  # checked before the profile is opened
    counts: list[int] = []

    def change(accounts: register.Accounts) -> register.Accounts:
        merged, added, replaced = merge(accounts, incoming)
        counts.extend((added, replaced))
        return merged

    _edit(context, change)
    context.print(f"Imported {counts[0]} new account{'s' if counts[0] != 1 else ''}, updated {counts[1]}.")
    return ExitCode.OK


def _breaches(args: argparse.Namespace, context: Context) -> int:
    from privacyapp.core.accounts import breaches
    from privacyapp.core.breach import BreachCheckError

    catalogue, accounts = _catalogue(), _read(context)
    path = breaches.cache_path(context.paths.cache)
    cached = breaches.load(path)
    error = ""
    if not args.no_network and (args.refresh or cached is None or cached.age_days() >= FRESH_DAYS):
        try:
            cached = breaches.fetch()
            breaches.save(path, cached)
        except BreachCheckError as exc:
            error = exc.one_line()
        except OSError as exc:
            error = f"The breach list was downloaded but could not be kept: {exc.strerror or exc}."
    flags = breaches.match(accounts, cached, catalogue) if cached is not None else []
    if args.json:
        context.print_json(
            {
                "catalogue": None
                if cached is None
                else {"fetched": cached.fetched.isoformat(), "source": cached.source, "age_days": cached.age_days()},
                "error": error or None,
                "accounts_checked": sum(a.state != "deleted" for a in accounts),
                "flags": [
                    {
                        "account": f.account.id,
                        "service": f.account.service,
                        "handle": f.account.handle,
                        "breach": f.breach.name,
                        "title": f.breach.title,
                        "breach_date": f.breach.breach_date.isoformat(),
                        "data_classes": list(f.breach.data_classes),
                        "reason": f.reason,
                    }
                    for f in flags
                ],
            }
        )
    else:
        _print_breaches(context, cached, flags, error, catalogue)
    return ExitCode.FAILURE if error or cached is None else ExitCode.OK


def _print_breaches(context: Context, cached: Any, flags: list[Any], error: str, catalogue: ServiceCatalogue) -> None:
    from privacyapp.core.accounts.breaches import STEPS

    if error:
        context.print(f"Could not download the breach list: {error}")
    if cached is None:
        context.print("There is no copy of the breach list, so privacyapp cannot say which services had breaches.")
        return
    # Translators: {age} is as in "downloaded yesterday (2026-12-02)"; {source} is a web address
    context.print(
        _("Breach list {age}, from {source}.").format(age=cached.age_words(datetime.now(UTC)), source=cached.source)
    )
    if not flags:
        context.print("None of your accounts' services had a known breach since you last changed their password.")
        return
    for flag in flags:
        context.print(f"{flag.account.id}  {register.label(flag.account, catalogue)}: {flag.reason}")
    context.print("What to do:")
    for step in STEPS:
        context.print(f"  - {step}")


def _services_list(args: argparse.Namespace, context: Context) -> int:
    catalogue = _catalogue()
    if args.json:
        context.print_json(
            [
                {"id": s.id, "name": s.name, "category": s.category, "domains": list(s.domains),
                 "two_factor": list(s.two_factor), "can_be_private": s.can_be_private,
                 "deletion": s.deletion, "reviewed": s.reviewed.isoformat()}
                for s in catalogue.services
            ]
        )  # fmt: skip
        return ExitCode.OK
    for s in catalogue.services:
        context.print(f"{s.id:<10} {s.name:<14} {s.category:<10} 2-step: {', '.join(s.two_factor) or 'none'}")
    return ExitCode.OK


def _services_validate(args: argparse.Namespace, context: Context) -> int:
    from privacyapp.core.services import check_file, shipped_file

    path = args.path or shipped_file()
    catalogue, problems = check_file(path)
    if problems:
        context.print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {path}:")
        for problem in problems:
            context.print(f"  {problem}")
        return ExitCode.FAILURE
    context.print(f"All valid: {len(catalogue.services)} services.")
    return ExitCode.OK


GROUP = CommandGroup(register=_register)
