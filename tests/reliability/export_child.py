"""A child process for the export tests: exports a project and stops where the parent says.

Run as `python -m tests.reliability.export_child PROJECT OUT FORMAT HOLD [SPLIT]` from the
repository root. HOLD says where the export waits (after saying so on stdout) for a line on
stdin, so the parent can kill it there:
- `progress:N`: at the N-th progress report (every 64 documents), mid-way through writing;
- `rename:N`: just before the N-th rename of a finished file or folder into place;
- `none`: never (the parent kills it when it likes, or it runs to the end).
"""

from __future__ import annotations

import os
import sys
from typing import Any

import orjson

import annotation.formats.base as base
from annotation.exporter import ExportOptions, export
from annotation.session import Session


def _say(**message: Any) -> None:
    os.write(1, orjson.dumps(message) + b"\n")


def _hold(where: str) -> None:
    _say(holding=where)
    sys.stdin.readline()


def main(argv: list[str]) -> None:
    project, out, fmt, hold, *rest = argv
    kind, _, number = hold.partition(":")
    calls = 0

    def progress(done: int, total: int) -> None:
        nonlocal calls
        calls += 1
        _say(progress=done, total=total)
        if kind == "progress" and calls == int(number):
            _hold(f"progress {done}")

    if kind == "rename":
        replace = os.replace
        renames = 0

        def held_replace(source: Any, target: Any) -> None:
            nonlocal renames
            renames += 1
            if renames == int(number):
                _hold(f"rename {target}")
            replace(source, target)

        base.os.replace = held_replace  # type: ignore[assignment]

    session = Session.open(project, create=False)
    options = ExportOptions(split=float(rest[0]) if rest else None, force=True)
    report = export(session.store, session.schema, out, fmt, options, progress)
    session.close()
    _say(finished=report.documents)


if __name__ == "__main__":
    main(sys.argv[1:])
