"""`privacyapp-cli next`: "Fix these first", the same ranked list Home shows (core/next_steps.py), for a person
at a terminal or a script (`--json`)."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from privacyapp.cli.common import CommandGroup, Context, add_command
from privacyapp.cli.unlock import open_profile
from privacyapp.core.errors import ExitCode
from privacyapp.core.next_steps import DEFAULT_LIMIT, NextStep, next_steps
from privacyapp.i18n import _

MAX_LIMIT = 1000  # more than any list could hold; a bigger number is a typing mistake


def _limit(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a whole number") from None
    if not 1 <= number <= MAX_LIMIT:
        raise argparse.ArgumentTypeError(f"the limit must be from 1 to {MAX_LIMIT}, not {number}")
    return number


def _register(subparsers: Any) -> None:
    command = add_command(
        subparsers,
        "next",
        "what to fix first: the short, ranked list Home shows",
        _next,
        description="The most important things to fix now, most urgent first: leaked, reused and weak passwords, "
        "2-step login, public accounts, breaches, accounts others depend on, steps due again and essential steps.",
    )
    command.add_argument("--json", action="store_true", help="a JSON list of {rank, kind, title, why, target}")
    command.add_argument(
        "--limit", type=_limit, default=DEFAULT_LIMIT, metavar="N", help=f"show at most N (default {DEFAULT_LIMIT})"
    )
    command.add_argument("--all", action="store_true", help='also show what "not now" put off, marked')


def _next(args: argparse.Namespace, context: Context) -> int:
    from privacyapp.core.accounts import breaches
    from privacyapp.core.checklist.loader import load_catalog, shipped_files
    from privacyapp.core.profile.document import ProfileDocument
    from privacyapp.core.services import shipped

    catalog = load_catalog(shipped_files())
    store = open_profile(context)  # locked: exit 3, damaged: exit 4
    try:
        document = ProfileDocument.from_data(store.data, catalog)
    finally:
        store.close()
    cached = breaches.load(breaches.cache_path(context.paths.cache))  # the copy on disk only: nothing is sent
    steps = next_steps(document, catalog, shipped(), cached, date.today(), limit=args.limit, include_hidden=args.all)
    if args.json:
        context.print_json([step.to_json() for step in steps])
    else:
        _print(context, steps)
    return ExitCode.OK


def _print(context: Context, steps: list[NextStep]) -> None:
    if not steps:
        context.print(_("Nothing to fix first right now. Well done!"))
        return
    for step in steps:
        context.print(f"{step.rank}. {step.title}")
        context.print(f"   {step.why}")
        if step.hidden_until is not None:
            # Translators: {date} is a day such as 2026-12-10
            context.print("   " + _('Put off with "not now" until {date}.').format(date=step.hidden_until.isoformat()))
        context.print("   " + _where(step))


def _where(step: NextStep) -> str:
    target = step.target
    if target.type == "account":
        return _("Fix it on the Accounts page, or: privacyapp-cli accounts set {id}").format(id=target.id)
    if target.type == "item":
        return _("Fix it on the Checklist page: step {id}").format(id=target.id)
    return _("Fix it on the {page} page.").format(page=target.id)


GROUP = CommandGroup(_register)
