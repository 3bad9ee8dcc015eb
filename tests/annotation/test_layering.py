"""The core never imports Qt or the desktop package (STYLE.md rule 1)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import annotation

CORE = Path(annotation.__file__).parent


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


def test_no_core_source_imports_qt_even_lazily() -> None:
    pattern = re.compile(r"^\s*(from|import)\s+(PySide6|shiboken6|desktop)\b", re.MULTILINE)
    offenders = [p for p in CORE.rglob("*.py") if pattern.search(p.read_text(encoding="utf-8"))]
    assert offenders == []
