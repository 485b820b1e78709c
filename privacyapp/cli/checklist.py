"""`privacyapp-cli checklist ...` and `progress ...`: validate and list the checklists, export the plan, and
read or set the progress kept in the profile."""

from __future__ import annotations

import argparse
import difflib
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from privacyapp.cli.common import CommandGroup, Context, add_command
from privacyapp.cli.unlock import open_profile
from privacyapp.core.checklist.loader import check_files, load_catalog, shipped_files
from privacyapp.core.checklist.model import AUDIENCES, OLD_AUDIENCES, PLATFORMS, Catalog, Item
from privacyapp.core.checklist.plan import in_start_order, plan, platforms_of, start_items
from privacyapp.core.errors import ExitCode, PrivacyAppError, UsageError
from privacyapp.core.profile.document import ProfileDocument
from privacyapp.core.progress import (
    STATUS_WORDS,
    STATUSES,
    Progress,
    State,
    effective,
    score,
    section_scores,
    set_status,
)
from privacyapp.core.settings import Settings
from privacyapp.i18n import _, ngettext

ALL_RECOMMENDATIONS = [f"R{n:02d}" for n in range(1, 34)]


def _register(subparsers: Any) -> None:
    checklist = add_command(subparsers, "checklist", "validate, list and export the protection checklists")
    commands = checklist.add_subparsers(dest="checklist_command", metavar="ACTION", required=True)
    validate = add_command(commands, "validate", "check checklist files (default: the shipped ones)", _validate)
    validate.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="TOML files or folders")
    listing = add_command(
        commands, "list", 'the plan for these answers, as the app shows it: "start with these" first', _list
    )
    listing.add_argument("--json", action="store_true")
    listing.add_argument("--audience", type=_audience, choices=AUDIENCES, help="who the plan is for (default: anyone)")
    listing.add_argument(
        "--platform", choices=PLATFORMS, action="append", metavar="PLATFORM",
        help="an app or device used; repeat for each (default: every one). " + ", ".join(PLATFORMS),
    )  # fmt: skip
    export = add_command(commands, "export", "write the personalised plan as PDF or HTML, with checkboxes", _export)
    export.add_argument("--format", choices=("pdf", "html"), required=True)
    export.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")

    progress = add_command(subparsers, "progress", "show or set your progress (kept in your profile)")
    actions = progress.add_subparsers(dest="progress_command", metavar="ACTION", required=True)
    show = add_command(actions, "show", "your progress, item by item, with scores", _show)
    show.add_argument("--json", action="store_true")
    change = add_command(actions, "set", "set an item's state", _set)
    change.add_argument("item", metavar="ID")
    change.add_argument("status", choices=[s for s in STATUSES], metavar="STATUS", help=", ".join(STATUSES))
    change.add_argument("--note", help="a note to keep with it")
    change.add_argument("--until", type=date.fromisoformat, metavar="YYYY-MM-DD", help="for later: when")


def _audience(word: str) -> str:
    """An audience word; one from before the one vocabulary is refused with the word to use."""
    if word in OLD_AUDIENCES:
        raise argparse.ArgumentTypeError(f"'{word}' is an old word: use '{OLD_AUDIENCES[word]}'")
    return word


def _files(paths: list[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(path.glob("*.toml")))
        elif path.exists():
            found.append(path)
        else:
            raise UsageError(f"{path} does not exist.")
    return found


def _validate(args: argparse.Namespace, context: Context) -> int:
    files = _files(args.paths) if args.paths else shipped_files()
    if not files:
        raise PrivacyAppError("No checklist files (*.toml) were found there.")
    catalog, problems = check_files(files)
    for problem in problems:
        context.print(str(problem))
    covered = {cover for item in catalog.items for cover in item.covers}
    missing = [r for r in ALL_RECOMMENDATIONS if r not in covered]
    if problems:
        context.print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {len(files)} file(s).")
        return ExitCode.FAILURE
    context.print(f"All valid: {len(catalog.items)} items in {len(catalog.checklists)} checklists.")
    if not args.paths:
        context.print("Recommendations not covered: " + (", ".join(missing) if missing else "none"))
    return ExitCode.OK


def _catalog() -> Catalog:
    return load_catalog(shipped_files())


def _list(args: argparse.Namespace, context: Context) -> int:
    """The plan the checklist page shows for the same answers (and no progress yet), start items first."""
    catalog = _catalog()
    items = plan(catalog, args.audience, args.platform)
    start = start_items(items, args.audience)
    first = set(start)
    if args.json:
        context.print_json([
            {
                "id": i.id, "title": i.title, "checklist": i.checklist_id, "section": i.section_id,
                "priority": i.priority, "minutes": i.minutes, "audiences": list(i.audiences),
                "platforms": list(i.platforms), "covers": list(i.covers), "start": i in first,
            }
            for i in in_start_order(items, start)
        ])  # fmt: skip
        return ExitCode.OK
    for item in in_start_order(items, start):
        mark = "*" if item in first else " "
        context.print(f"{mark} {item.id:32} {item.priority:12} {item.minutes:>3} min  {item.title}")
    context.print(
        ngettext("{count} item; * start with these.", "{count} items; * start with these.", len(items)).format(
            count=len(items)
        )
    )
    return ExitCode.OK


def _plan(catalog: Catalog, document: ProfileDocument) -> tuple[list[Item], set[str] | None]:
    """The profile's plan: its answers and the services in its accounts register."""
    settings: Settings = document.settings
    registered = [account.service for account in document.accounts]
    items = plan(catalog, settings.plan_who, settings.plan_platforms, registered)
    return items, platforms_of(settings.plan_platforms, registered)


def _show(args: argparse.Namespace, context: Context) -> int:
    catalog = _catalog()
    store = open_profile(context)
    try:
        document = ProfileDocument.from_data(store.data, catalog)
    finally:
        store.close()
    progress = document.progress
    items, _platforms = _plan(catalog, document)
    today = date.today()
    overall = score(items, progress, today)
    per_section = section_scores(catalog, items, progress, today)
    if args.json:
        context.print_json({
            "overall": {"percent": overall.percent, "done": overall.items_done, "items": overall.items},
            "sections": {sid: {"percent": s.percent, "done": s.items_done, "items": s.items}
                         for sid, s in per_section.items()},
            "items": [
                {"id": i.id, "status": effective(i, progress.get(i.id), today).value, "note": _note(progress, i.id)}
                for i in items
            ],
        })  # fmt: skip
        return ExitCode.OK
    for item in items:
        state = effective(item, progress.get(item.id), today)
        context.print(f"{_(STATUS_WORDS[state]):14} {item.id:32} {item.title}")
    context.print(f"Overall: {overall.percent}% ({overall.items_done} of {overall.items} items done).")
    return ExitCode.OK


def _note(progress: Progress, item_id: str) -> str:
    found = progress.get(item_id)
    return found.note if found else ""


def _set(args: argparse.Namespace, context: Context) -> int:
    catalog = _catalog()
    item_id = catalog.current_id(args.item)
    if item_id is None:
        near = difflib.get_close_matches(args.item, list(catalog.by_id), n=3, cutoff=0.5)
        hint = f"Did you mean: {', '.join(near)}?" if near else "`privacyapp-cli checklist list` shows the ids."
        raise PrivacyAppError(f"There is no checklist item '{args.item}'.", hint=hint)
    if args.until and args.status != "later":
        raise UsageError("--until goes with the status 'later'.")
    store = open_profile(context)
    try:
        document = ProfileDocument.from_data(store.data, catalog)
        progress = set_status(
            document.progress, item_id, args.status, now=datetime.now(UTC), until=args.until, note=args.note
        )
        store.save(document.with_changes(progress=progress).to_data())
    finally:
        store.close()
    context.print(
        _("{title}: {status}.").format(title=catalog.by_id[item_id].title, status=_(STATUS_WORDS[State(args.status)]))
    )
    return ExitCode.OK


def _export(args: argparse.Namespace, context: Context) -> int:
    from privacyapp.core.checklist.export import plan_html

    catalog = _catalog()
    try:
        store = open_profile(context)
    except PrivacyAppError as exc:
        if exc.exit_code not in (ExitCode.LOCKED, ExitCode.FAILURE):
            raise
        progress: Progress = {}
        items, platforms = list(catalog.items), None  # no profile: the whole catalogue
    else:
        try:
            document = ProfileDocument.from_data(store.data, catalog)
            progress = document.progress
            items, platforms = _plan(catalog, document)
        finally:
            store.close()
    html = plan_html(catalog, items, progress, date.today(), platforms=platforms)
    try:
        if args.format == "html":
            args.output.write_text(html, encoding="utf-8")
        else:
            from privacyapp.ui.export_pdf import write_pdf  # Qt only for this command

            write_pdf(html, args.output)
    except OSError as exc:
        raise PrivacyAppError(f"Cannot write {args.output}: {exc.strerror or exc}.") from exc
    context.print(f"Wrote the plan ({len(items)} items) to {args.output}.")
    return ExitCode.OK


GROUP = CommandGroup(register=_register)
