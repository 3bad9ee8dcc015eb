"""`dateline export`: the corpus as training data."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from annotation.cli import main, opened, project_option


@main.command("export")
@project_option
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("dateline.jsonl"),
    show_default=True,
    help="Output file.",
)
@click.option("--only-done", is_flag=True, help="Only documents marked done.")
@click.option(
    "--include-suggestions",
    is_flag=True,
    help="Add pending suggestions; every span then carries `status` and `origin`.",
)
def export_command(
    project: Path | None, output: Path, only_done: bool, include_suggestions: bool
) -> None:
    """Export the corpus as JSONL training data (accepted spans by default)."""
    from annotation.exporter import ExportOptions, export_jsonl

    options = ExportOptions(only_done=only_done, include_suggestions=include_suggestions)
    with opened(project, create=False) as session:
        with click.progressbar(
            length=1, label="Exporting", file=sys.stderr, show_pos=True, show_eta=True
        ) as bar:

            def progress(done: int, total: int) -> None:
                bar.length = max(total, 1)
                bar.update(done - bar.pos)

            written = export_jsonl(session.store, session.schema, output, options, progress)
        click.echo(f"Wrote {written} documents to {output}")
