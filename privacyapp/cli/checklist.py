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
from privacyapp.core.checklist.model import AUDIENCES, PLATFORMS, Catalog
from privacyapp.core.errors import ExitCode, PrivacyAppError, UsageError
from privacyapp.core.profile.document import ProfileDocument
from privacyapp.core.progress import (
    STATUS_WORDS,
    STATUSES,
    Progress,
    State,
    effective,
    plan_items,
    score,
    section_scores,
    set_status,
)
from privacyapp.core.settings import Settings
from privacyapp.i18n import _

ALL_RECOMMENDATIONS = [f"R{n:02d}" for n in range(1, 34)]


def _register(subparsers: Any) -> None:
    checklist = add_command(subparsers, "checklist", "validate, list and export the protection checklists")
    commands = checklist.add_subparsers(dest="checklist_command", metavar="ACTION", required=True)
    validate = add_command(commands, "validate", "check checklist files (default: the shipped ones)", _validate)
    validate.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="TOML files or folders")
    listing = add_command(commands, "list", "list the checklist items", _list)
    listing.add_argument("--json", action="store_true")
    listing.add_argument("--audience", choices=AUDIENCES)
    listing.add_argument("--platform", choices=PLATFORMS)
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
    catalog = _catalog()
    items = [
        item
        for item in catalog.items
        if (args.audience is None or args.audience in item.audiences)
        and (args.platform is None or args.platform in item.platforms)
    ]
    if args.json:
        context.print_json([
            {
                "id": i.id, "title": i.title, "checklist": i.checklist_id, "section": i.section_id,
                "priority": i.priority, "minutes": i.minutes, "audiences": list(i.audiences),
                "platforms": list(i.platforms), "covers": list(i.covers),
            }
            for i in items
        ])  # fmt: skip
        return ExitCode.OK
    for item in items:
        context.print(f"{item.id:32} {item.priority:12} {item.minutes:>3} min  {item.title}")
    context.print(f"{len(items)} items.")
    return ExitCode.OK


def _plan(catalog: Catalog, settings: Settings) -> tuple[list[Any], set[str] | None]:
    chosen = set(settings.plan_platforms) if settings.plan_platforms is not None else None
    return plan_items(catalog, settings.plan_who, chosen), chosen


def _show(args: argparse.Namespace, context: Context) -> int:
    catalog = _catalog()
    store = open_profile(context)
    try:
        document = ProfileDocument.from_data(store.data, catalog)
    finally:
        store.close()
    progress = document.progress
    items, _platforms = _plan(catalog, document.settings)
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
            items, platforms = _plan(catalog, document.settings)
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
