"""The layers hold: the core never imports Qt or the desktop (STYLE.md rule 1), by any route.

import-linter checks the contracts in pyproject.toml (scripts/check runs it); these tests break
each contract on purpose in a copy of the tree, and check the route import-linter cannot see:
a module named in a string to importlib (scripts/import_graph.py reads those).
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

import annotation

CORE = Path(annotation.__file__).parent
ROOT = CORE.parent


def import_graph() -> ModuleType:
    """scripts/import_graph.py (a script, not a package)."""
    spec = importlib.util.spec_from_file_location("import_graph", ROOT / "scripts/import_graph.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("import_graph", module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_importing_every_core_module_loads_no_qt() -> None:
    modules = sorted(
        ".".join(path.relative_to(CORE.parent).with_suffix("").parts)
        for path in CORE.rglob("*.py")
        if path.name != "__main__.py"
    )
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name.removesuffix('.__init__'))\n"
        "gui = ('PySide6', 'shiboken6', 'desktop')\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in gui)\n"
        "print(bad)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_no_core_module_reaches_the_desktop_or_qt_even_through_importlib() -> None:
    graph = import_graph()
    assert graph.upward(graph.graph(ROOT)) == []


def test_the_import_graph_sees_a_window_started_by_name(tmp_path: Path) -> None:
    for package in ("annotation", "desktop"):
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text("")
    (tmp_path / "desktop" / "app.py").write_text("def run(): pass\n")
    (tmp_path / "annotation" / "cli.py").write_text(
        "import importlib\n"
        "import importlib.util\n\n"
        "def start():\n"
        "    return importlib.import_module('desktop.app').run\n\n"
        "def probe(name):\n"
        "    return importlib.util.find_spec(f'PySide6.{name}')\n"
    )
    graph = import_graph()
    found = graph.upward(graph.graph(tmp_path, ("annotation", "desktop")))
    assert {(arrow.source, arrow.target, arrow.how) for arrow in found} == {
        ("annotation.cli", "desktop.app", "string"),
        ("annotation.cli", "PySide6", "string"),
    }


def lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    """import-linter with the project's contracts, over the copy of the tree in `tree`."""
    code = "import sys; from importlinter.cli import lint_imports_command as lint; sys.exit(lint())"
    return subprocess.run(
        [sys.executable, "-c", code, "--no-cache"],
        cwd=tree,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the packages and pyproject.toml, on which the contracts hold."""
    copy = tmp_path_factory.mktemp("tree")
    for package in ("annotation", "desktop"):
        shutil.copytree(
            ROOT / package, copy / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(ROOT / "pyproject.toml", copy)
    done = lint_imports(copy)
    assert done.returncode == 0, done.stdout + done.stderr
    return copy


@pytest.mark.parametrize(
    ("module", "added", "broken"),
    [
        ("annotation/model.py", "import desktop.app", "The core never imports the desktop or Qt"),
        (
            "annotation/schema.py",
            "def _late():\n    from PySide6 import QtCore\n",  # lazy imports count too
            "The core never imports the desktop or Qt",
        ),
        ("desktop/settings.py", "import spacy", "The desktop never imports spaCy"),
        ("desktop/formatting.py", "import desktop.main_window", "No import circles"),
    ],
)
def test_import_linter_fails_on_a_deliberate_violation(
    tree: Path, module: str, added: str, broken: str
) -> None:
    path = tree / module
    original = path.read_text(encoding="utf-8")
    path.write_text(f"{original}\n{added}\n", encoding="utf-8")
    try:
        done = lint_imports(tree)
    finally:
        path.write_text(original, encoding="utf-8")
    assert done.returncode == 1, done.stdout
    assert broken in done.stdout and "BROKEN" in done.stdout
