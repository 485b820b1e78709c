"""The personalised plan as an HTML handout with checkboxes (for a parent or a class); the GUI and the CLI
print the same HTML to PDF with Qt.

Compact by default, a checklist a person would print: one line a step (its box, title, time and priority) under
small headings, so 85 steps fit on a few pages. `details=True` adds each step's "why" and "how" (the long
handout)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from html import escape

from privacyapp.core.checklist.model import PLATFORM_NAMES, Catalog, Item
from privacyapp.core.progress import STATUS_WORDS, Progress, State, effective
from privacyapp.i18n import _

STYLE = """
body { font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 10.5pt; color: #111; margin: 2em; }
h1 { font-size: 20pt; margin-bottom: 0.2em; }
h2 { font-size: 14pt; margin-top: 1.4em; border-bottom: 1px solid #ccc; }
h3 { font-size: 12pt; margin: 1em 0 0.2em 0; }
.meta, .why { color: #444; }
.box { font-size: 14pt; }
li { margin: 0.15em 0; }
"""
# The compact plan: smaller type and no space between the one-line steps
COMPACT_STYLE = """
body { font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 9pt; color: #111; margin: 1em; }
h1 { font-size: 15pt; margin: 0 0 0.1em 0; }
h2 { font-size: 11.5pt; margin: 0.8em 0 0.1em 0; border-bottom: 1px solid #ccc; }
h3 { font-size: 9.5pt; margin: 0.4em 0 0 0; }
p { margin: 0; }
b { font-weight: normal; }
.meta { color: #444; }
"""


def plan_html(
    catalog: Catalog,
    items: Iterable[Item],
    progress: Progress,
    today: date,
    *,
    title: str = "My privacy plan",
    platforms: set[str] | None = None,
    details: bool = False,
) -> str:
    chosen = {item.id for item in items}
    style = STYLE if details else COMPACT_STYLE
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{escape(title)}</title><style>{style}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f"<p class='meta'>Made with privacyapp on {today.isoformat()}. Tick each box when it is done.</p>",
    ]
    for checklist in catalog.checklists:
        sections = [(s, [i for i in s.items if i.id in chosen]) for s in checklist.sections]
        sections = [(s, its) for s, its in sections if its]
        if not sections:
            continue
        parts.append(f"<h2>{escape(checklist.title)}</h2>")
        for section, section_items in sections:
            parts.append(f"<h3>{escape(section.title)}</h3>")
            for item in section_items:
                state = effective(item, progress.get(item.id), today)
                box = "☑" if state == State.DONE else "☐"
                status = "" if state == State.TODO else f" <span class='meta'>({escape(_(STATUS_WORDS[state]))})</span>"
                if not details:
                    parts.append(
                        f"<p><span class='box'>{box}</span> <b>{escape(item.title)}</b>{status}"
                        f" <span class='meta'>· about {item.minutes} min · {item.priority}</span></p>"
                    )
                    continue
                parts.append(
                    f"<p><span class='box'>{box}</span> <b>{escape(item.title)}</b>{status}"
                    f" <span class='meta'>· about {item.minutes} min · {item.priority}</span><br>"
                    f"<span class='why'>{escape(item.why)}</span></p><ol>"
                )
                for key, steps in item.steps_for(platforms):
                    if key != "general":
                        parts.append(f"<li><i>{escape(PLATFORM_NAMES.get(key, key))}:</i></li>")
                    parts.extend(f"<li>{escape(step)}</li>" for step in steps)
                parts.append("</ol>")
                if item.links:
                    links = ", ".join(f"<a href='{escape(link.url)}'>{escape(link.title)}</a>" for link in item.links)
                    parts.append(f"<p class='meta'>Help: {links}</p>")
    parts.append("</body></html>")
    return "\n".join(parts)
