"""Dateline's import graph: the circles in it and the arrows from the core up to the desktop.

Reads the sources with `ast` (nothing is imported or run), so it sees what import-linter sees
and more: imports inside functions, imports under `if TYPE_CHECKING:`, and modules named by a
string to `importlib.import_module`, `__import__` or `importlib.util.find_spec`, which no
import-linter contract can check. `scripts/check` runs import-linter for the layers;
tests/annotation/test_layering.py uses `graph()` for the string route. By hand:

    python scripts/import_graph.py            # circles and core -> desktop/Qt arrows
    python scripts/import_graph.py --edges    # also every arrow between the project's modules

Exit status 1 when it finds a circle or an arrow from the core up.
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: the folders whose modules make the graph (bench/ is a folder of scripts, not a package)
FOLDERS = ("annotation", "desktop", "bench")
CORE = "annotation"
#: what the core may never reach
UPPER = ("desktop", "PySide6", "shiboken6")
#: calls that import the module their first argument names
LOADERS = {"import_module", "__import__", "find_spec"}


@dataclass(frozen=True, slots=True)
class Arrow:
    """`source` imports `target` at `line`; `how`: top (module level), lazy (in a function),
    typing (under TYPE_CHECKING) or string (a name handed to importlib)."""

    source: str
    target: str
    line: int
    how: str


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules(root: Path = ROOT, folders: Iterable[str] = FOLDERS) -> dict[str, Path]:
    """Every module under `folders`, by dotted name (a script folder's files as `bench.x`)."""
    found = {}
    for folder in folders:
        for path in sorted((root / folder).rglob("*.py")):
            found[module_name(path, root)] = path
    return found


def arrows(name: str, path: Path, known: dict[str, Path]) -> Iterator[Arrow]:
    """The imports of one module, resolved to a known module where there is one."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    is_package = (path.parent / "__init__.py").exists()

    def resolve(target: str) -> str:
        # A script folder's sibling (`from common import Row` in bench/) is that file.
        if not is_package and f"{package}.{target}" in known:
            return f"{package}.{target}"
        return target

    def visit(node: ast.AST, how: str) -> Iterator[Arrow]:
        for child in ast.iter_child_nodes(node):
            inner = how
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                inner = "lazy" if how == "top" else how
            elif isinstance(child, ast.If) and _is_type_checking(child.test):
                yield from (a for stmt in child.body for a in visit_one(stmt, "typing"))
                yield from (a for stmt in child.orelse for a in visit_one(stmt, how))
                continue
            yield from visit_one(child, inner)

    def visit_one(node: ast.AST, how: str) -> Iterator[Arrow]:
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Arrow(name, resolve(alias.name), node.lineno, how)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                origin = ".".join([*base, node.module] if node.module else base)
            else:
                origin = resolve(node.module or "")
            for alias in node.names:
                # `from a import b` imports module a.b where there is one, else a name of a
                if f"{origin}.{alias.name}" in known:
                    yield Arrow(name, f"{origin}.{alias.name}", node.lineno, how)
                else:
                    yield Arrow(name, origin, node.lineno, how)
        elif isinstance(node, ast.Call) and _called(node) in LOADERS and node.args:
            target = _string_prefix(node.args[0])
            if target:
                yield Arrow(name, target, node.lineno, "string")
        yield from visit(node, how)

    yield from visit(tree, "top")


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _called(call: ast.Call) -> str:
    function = call.func
    if isinstance(function, ast.Attribute):
        return function.attr
    return function.id if isinstance(function, ast.Name) else ""


def _string_prefix(node: ast.expr) -> str:
    """The module a string names; for an f-string, its constant start (`annotation.cli.`)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr) and node.values:
        first = node.values[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            return first.value.rstrip(".")
    return ""


def graph(root: Path = ROOT, folders: Iterable[str] = FOLDERS) -> list[Arrow]:
    """Every import arrow out of the project's modules (to its own modules and to others)."""
    known = modules(root, folders)
    return [arrow for name, path in known.items() for arrow in arrows(name, path, known)]


def circles(edges: Iterable[Arrow]) -> list[tuple[list[str], list[str]]]:
    """The import circles: each strongly connected group of modules (sorted) with one cycle
    through it."""
    nexts: dict[str, set[str]] = defaultdict(set)
    for edge in edges:
        if edge.source != edge.target:
            nexts[edge.source].add(edge.target)
    groups = _strongly_connected(nexts)
    return [(group, _cycle(group, nexts)) for group in groups if len(group) > 1]


def _strongly_connected(nexts: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative (a deep graph must not hit the recursion limit)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    for start in sorted(nexts):
        if start in index:
            continue
        work = [(start, iter(sorted(nexts.get(start, ()))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(nexts.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                groups.append(sorted(group))
    return sorted(groups)


def _cycle(group: list[str], nexts: dict[str, set[str]]) -> list[str]:
    """A shortest way from the group's first module back to itself, inside the group."""
    members = set(group)
    start = group[0]
    came_from: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for child in sorted(nexts[node] & members):
                if child == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(came_from[path[-1]])
                    return [start, *reversed(path[:-1]), start]
                if child not in came_from:
                    came_from[child] = node
                    following.append(child)
        frontier = following
    return group


def upward(edges: Iterable[Arrow]) -> list[Arrow]:
    """Arrows from the core to the desktop or Qt, by any route."""
    return [
        edge
        for edge in edges
        if edge.source.split(".")[0] == CORE and edge.target.split(".")[0] in UPPER
    ]


def main(argv: list[str] | None = None) -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--edges", action="store_true", help="also list every internal arrow")
    args = options.parse_args(argv)
    edges = graph()
    known = modules()
    internal = [edge for edge in edges if edge.target in known]
    found = circles(internal)
    up = upward(edges)
    hows = defaultdict(int)
    for edge in internal:
        hows[edge.how] += 1
    counted = ", ".join(f"{count} {how}" for how, count in sorted(hows.items()))
    print(f"{len(known)} modules in {', '.join(FOLDERS)}; {len(internal)} arrows ({counted})")
    print(f"circles: {len(found)}")
    how_of = {(edge.source, edge.target): edge.how for edge in internal}
    for group, cycle in found:
        print(f"  {len(group)} modules: {', '.join(group)}")
        steps = [cycle[0]]
        for source, target in pairwise(cycle):
            steps.append(f"-({how_of[(source, target)]})-> {target}")
        print("    e.g. " + " ".join(steps))
    print(f"core -> desktop/Qt arrows: {len(up)}")
    for edge in up:
        print(f"  {edge.source}:{edge.line} -> {edge.target} ({edge.how})")
    if args.edges:
        print("arrows:")
        for edge in sorted(internal, key=lambda e: (e.source, e.target)):
            print(f"  {edge.source} -> {edge.target} ({edge.how}, line {edge.line})")
    return 1 if found or up else 0


if __name__ == "__main__":
    sys.exit(main())
