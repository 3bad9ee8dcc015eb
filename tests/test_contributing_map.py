"""CONTRIBUTING.md's map has a line for every module of the core and the desktop, and no line
for a module that is gone (house style: add each new module to the map)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def mapped_paths(text: str) -> set[str]:
    """The `.py` paths the Layout block names, folders taken from the indentation."""
    block = text.split("## Layout", 1)[1].split("```", 2)[1]
    folders: list[tuple[int, str]] = []
    found = set()
    for line in block.splitlines():
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        word = line.split()[0]
        while folders and folders[-1][0] >= indent:
            folders.pop()
        parent = folders[-1][1] if folders else ""
        if word.endswith("/"):
            folders.append((indent, parent + word))
        elif word.endswith(".py"):
            found.add(parent + word)
    return found


def test_contributing_map_names_every_module_and_only_those() -> None:
    mapped = mapped_paths((ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8"))
    modules = {
        str(path.relative_to(ROOT))
        for package in ("annotation", "desktop")
        for path in (ROOT / package).rglob("*.py")
        if path.name != "__init__.py" or path.parent.name == "cli"
    }
    assert sorted(modules - mapped) == [], "add these to CONTRIBUTING.md's map"
    gone = {path for path in mapped if path.split("/")[0] in ("annotation", "desktop")} - modules
    assert sorted(gone) == [], "these are in CONTRIBUTING.md's map but not in the tree"
