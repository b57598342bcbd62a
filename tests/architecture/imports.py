"""The app's import graph between its top-level modules and packages, read from the source.

Every import counts, a function's local import included: a cycle hidden inside a
function is still two modules that each need the other.
"""

import ast
from pathlib import Path

import tracker

ROOT = Path(tracker.__file__).parent
# Schema history, generated: migrations import what they import.
LEFT_OUT = {"migrations"}


def unit_of(module: str) -> str | None:
    """``tracker.views.commitments`` -> ``views``; None outside the app."""
    parts = module.split(".")
    if parts[0] != "tracker" or len(parts) < 2:
        return None
    return parts[1]


def module_name(path: Path) -> str:
    relative = path.relative_to(ROOT.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                prefix = ".".join(base)
                module = f"{prefix}.{node.module}" if node.module else prefix
            else:
                module = node.module or ""
            found.add(module)
            # ``from tracker import feeds`` imports the module tracker.feeds
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def is_unit(name: str) -> bool:
    return (ROOT / name).is_dir() or (ROOT / f"{name}.py").exists()


def unit_graph() -> dict[str, set[str]]:
    """Which top-level unit of the app imports which other."""
    graph: dict[str, set[str]] = {}
    for path in sorted(ROOT.rglob("*.py")):
        unit = unit_of(module_name(path))
        if unit is None or unit in LEFT_OUT:
            continue
        unit = unit.removesuffix(".py")
        graph.setdefault(unit, set())
        for module in imported_modules(path):
            other = unit_of(module)
            if other and other != unit and is_unit(other):
                graph[unit].add(other)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each strongly connected group of more than one unit (Tarjan), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(unit: str) -> None:
        index[unit] = low[unit] = len(index)
        stack.append(unit)
        on_stack.add(unit)
        for other in sorted(graph.get(unit, ())):
            if other not in index:
                visit(other)
                low[unit] = min(low[unit], low[other])
            elif other in on_stack:
                low[unit] = min(low[unit], index[other])
        if low[unit] == index[unit]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == unit:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for unit in sorted(graph):
        if unit not in index:
            visit(unit)
    return sorted(groups)
