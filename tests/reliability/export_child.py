"""A child process for the export tests: exports a project and stops where the parent says.

Run through `run_child(connection, [PROJECT, OUT, FORMAT, HOLD, SPLIT?])` in a
`multiprocessing` child. HOLD says where the export waits (after saying so on the connection),
so the parent can kill it there:
- `progress:N`: at the N-th progress report (every 64 documents), mid-way through writing;
- `rename:N`: just before the N-th rename of a finished file or folder into place;
- `none`: never (the parent kills it when it likes, or it runs to the end).
"""

from __future__ import annotations

import os
from multiprocessing.connection import Connection
from typing import Any

import orjson

from annotation.exporter import ExportOptions, export
from annotation.session import Session
from annotation.tokens import tokenizer

tokenizer("en")  # loaded once in the server the children are forked from


def run_child(connection: Connection, argv: list[str]) -> None:
    """Export as `argv` says, reporting on `connection` (see the module docstring)."""
    project, out, fmt, hold, *rest = argv
    kind, _, number = hold.partition(":")
    calls = 0

    def say(**message: Any) -> None:
        connection.send_bytes(orjson.dumps(message))

    def wait_here(where: str) -> None:
        say(holding=where)
        connection.recv_bytes()  # until killed

    def progress(done: int, total: int) -> None:
        nonlocal calls
        calls += 1
        say(progress=done, total=total)
        if kind == "progress" and calls == int(number):
            wait_here(f"progress {done}")

    if kind == "rename":
        replace = os.replace
        renames = 0

        def held_replace(source: Any, target: Any) -> None:
            nonlocal renames
            renames += 1
            if renames == int(number):
                wait_here(f"rename {target}")
            replace(source, target)

        # this process only: annotation.formats.base renames with it
        os.replace = held_replace  # type: ignore[assignment]

    session = Session.open(project, create=False)
    options = ExportOptions(split=float(rest[0]) if rest else None, force=True)
    report = export(session.store, session.schema, out, fmt, options, progress)
    session.close()
    say(finished=report.documents)
