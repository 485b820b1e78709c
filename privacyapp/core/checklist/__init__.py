"""The protection checklists: data files (checklists/*.toml) loaded and validated into frozen dataclasses.

model.py   Catalog, Checklist, Section, Item, Link
loader.py  reading and validating the TOML files; every problem reported at once
plan.py    the plan rule: which items a person's plan holds, and which it starts with
"""
