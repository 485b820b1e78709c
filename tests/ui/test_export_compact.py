"""The printed plan is a compact checklist (issue 13, section 3): one line a step, why and how only when asked;
the whole shipped catalogue (85 steps and more) once took 35 A4 pages."""

from __future__ import annotations

import re
from datetime import date
from html import escape
from pathlib import Path

from privacyapp.core.checklist.export import plan_html
from privacyapp.core.checklist.loader import load_catalog, shipped_files
from privacyapp.ui.export_pdf import write_pdf

MAX_PAGES = 6  # the compact plan of the whole catalogue


def pages(pdf: Path) -> int:
    return len(re.findall(rb"/Type\s*/Page\b", pdf.read_bytes()))


def test_the_whole_catalogue_prints_compact_with_every_step(tmp_path: Path) -> None:
    catalog = load_catalog(shipped_files())
    items = list(catalog.items)
    assert len(items) >= 85
    html = plan_html(catalog, items, {}, date(2026, 12, 3))
    assert html.count("☐") == len(items)
    assert items[0].why not in html, "why is left out unless asked"
    compact = tmp_path / "plan.pdf"
    write_pdf(html, compact)
    detailed = tmp_path / "detailed.pdf"
    write_pdf(plan_html(catalog, items, {}, date(2026, 12, 3), details=True), detailed)
    assert pages(compact) <= MAX_PAGES < pages(detailed), (pages(compact), pages(detailed))


def test_the_detailed_plan_escapes_the_why_and_the_steps() -> None:
    catalog = load_catalog(shipped_files())
    item = catalog.items[0]
    html = plan_html(catalog, [item], {}, date(2026, 12, 3), details=True)
    assert escape(item.why) in html
    assert all(escape(step) in html for _key, steps in item.steps_for(None) for step in steps)
