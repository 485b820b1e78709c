"""The Qt-free core stays Qt-free: importing all of privacyapp.core and the CLI loads no PySide6. And no module of
privacyapp takes part in an import cycle, however its imports are hidden."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from collections.abc import Collection
from pathlib import Path

from tests.conftest import REPO

PROBE = """
import importlib, pkgutil, sys
import privacyapp.core, privacyapp.cli
names = []
for package in (privacyapp.core, privacyapp.cli):
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        if info.name.endswith("__main__"):
            continue
        importlib.import_module(info.name)
        names.append(info.name)
print(len(names))
qt = sorted(name for name in sys.modules if name.split(".")[0] in ("PySide6", "shiboken6"))
print(",".join(qt))
"""


def test_importing_core_and_cli_loads_no_qt() -> None:
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, cwd=REPO, check=True)
    count, qt = result.stdout.splitlines()
    assert int(count) >= 8, "the probe should have imported every core and CLI module"
    assert qt == "", f"privacyapp.core or the CLI imported Qt: {qt}"


# Module level only: `checklist export --format pdf` imports the Qt printer inside its function, on purpose.
IMPORT_OF_UI = re.compile(r"^(from|import)\s+(PySide6|shiboken6|privacyapp\.ui|privacyapp\.app)\b", re.M)


def test_core_and_cli_import_nothing_from_the_gui() -> None:
    sources = [*(REPO / "privacyapp" / "core").rglob("*.py"), *(REPO / "privacyapp" / "cli").rglob("*.py")]
    offenders = [str(path.relative_to(REPO)) for path in sources if IMPORT_OF_UI.search(path.read_text("utf-8"))]
    assert len(sources) >= 10
    assert offenders == []


# --- no import cycles ----------------------------------------------------------------------------------------------

PACKAGE = REPO / "privacyapp"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def all_modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imported_modules(name: str, path: Path, modules: Collection[str]) -> set[str]:
    """The modules of `modules` this module imports: at the top, inside functions and classes, and under
    `if TYPE_CHECKING:` alike (ast.walk visits them all). Relative imports are made absolute; `from pkg import x`
    is an import of the module pkg.x when there is one, else of pkg. A package importing its own submodules
    does not import itself."""
    is_package = path.name == "__init__.py"
    package = name.split(".") if is_package else name.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                origin = ".".join([*base, *([node.module] if node.module else [])])
            else:
                origin = node.module or ""
            for alias in node.names:
                submodule = f"{origin}.{alias.name}"
                found.add(submodule if submodule in modules else origin)
    return {other for other in found if other in modules and other != name}


def import_graph() -> dict[str, set[str]]:
    modules = all_modules()
    return {name: imported_modules(name, path, modules) for name, path in modules.items()}


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative: the groups of modules that reach each other."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1 or node in graph[node]:
                    groups.append(sorted(group))
    return sorted(groups)


def shortest_cycle(graph: dict[str, set[str]], group: list[str]) -> list[str]:
    """One shortest cycle through the group's first module, staying inside the group, for the message."""
    members, start = set(group), group[0]
    previous: dict[str, str] = {}
    queue = [start]
    for node in queue:
        for child in sorted(graph[node] & members):
            if child == start:
                path = [node]
                while path[-1] != start:
                    path.append(previous[path[-1]])
                return [*reversed(path), start]
            if child not in previous:
                previous[child] = node
                queue.append(child)
    return [start, start]


def test_the_cycle_finder_finds_cycles() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set(), "e": {"e"}, "f": {"d"}}
    assert strongly_connected(graph) == [["a", "b", "c"], ["e"]]
    assert shortest_cycle(graph, ["a", "b", "c"]) == ["a", "b", "c", "a"]
    assert shortest_cycle(graph, ["e"]) == ["e", "e"]


def test_imports_are_resolved_relative_and_inside_functions(tmp_path: Path) -> None:
    source = (
        "from __future__ import annotations\n"
        "from typing import TYPE_CHECKING\n"
        "from . import sibling\n"
        "from ..core import progress as p\n"
        "if TYPE_CHECKING:\n"
        "    from privacyapp.ui.session import Session\n"
        "def later() -> None:\n"
        "    import privacyapp.core.settings\n"
    )
    path = tmp_path / "module.py"
    path.write_text(source, encoding="utf-8")
    modules = {
        "privacyapp.ui",
        "privacyapp.ui.module",
        "privacyapp.ui.sibling",
        "privacyapp.ui.session",
        "privacyapp.core",
        "privacyapp.core.progress",
        "privacyapp.core.settings",
        "privacyapp.core.unused",
    }
    assert imported_modules("privacyapp.ui.module", path, modules) == {
        "privacyapp.ui.sibling",
        "privacyapp.core.progress",
        "privacyapp.ui.session",
        "privacyapp.core.settings",
    }
    package = tmp_path / "__init__.py"
    package.write_text("from privacyapp.ui import module, sibling\nfrom . import Name\n", encoding="utf-8")
    assert imported_modules("privacyapp.ui", package, modules) == {"privacyapp.ui.module", "privacyapp.ui.sibling"}


def test_no_import_cycles_in_privacyapp() -> None:
    graph = import_graph()
    assert len(graph) >= 50, "the walk should have found every module of privacyapp"
    assert "privacyapp.core.progress" in graph["privacyapp.core.profile.document"]
    cycles = [" -> ".join(shortest_cycle(graph, group)) for group in strongly_connected(graph)]
    for group, cycle in zip(strongly_connected(graph), cycles, strict=True):
        print(f"import cycle among {len(group)} modules: {', '.join(group)}\n  e.g. {cycle}")
    assert cycles == [], "import cycles (counting imports inside functions and under TYPE_CHECKING):\n" + "\n".join(
        cycles
    )
