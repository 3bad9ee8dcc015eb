"""A child process that runs one `dateline` command (`stats`, `export` ...) as the installed
command would, in a process of its own.

Forked from the reliability suite's server (`conftest.CHILDREN`), which has the command and
spaCy's tokenizer imported already, so a run costs a fork rather than an interpreter start.
"""

from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout
from multiprocessing.connection import Connection

import click
import orjson

from annotation.cli import main
from annotation.tokens import tokenizer

tokenizer("en")  # loaded once in the server the children are forked from


def run_child(connection: Connection, argv: list[str]) -> None:
    """Run `dateline ARGV...`; send back its exit code and what it printed."""
    output = io.StringIO()
    code = 0
    with redirect_stdout(output), redirect_stderr(output):
        try:
            main.main(args=argv, prog_name="dateline", standalone_mode=False)
        except click.ClickException as exc:
            exc.show()
            code = exc.exit_code
    connection.send_bytes(orjson.dumps({"code": code, "output": output.getvalue()}))
