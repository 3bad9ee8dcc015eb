"""`dateline import`: text, JSONL (Prodigy, doccano), saved web pages, .spacy, CoNLL and brat."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from annotation.cli import main, opened, progress_bar, project_option
from annotation.formats import registry

_READ = registry.readable()


@main.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@project_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(registry.names(_READ)),
    default=None,
    help=f"Input format (default: from the suffix: {registry.suffix_list(_READ)}; a folder "
    "holds brat files if it has .ann files, else text files).",
)
@click.option("--encoding", default=None, help="Text encoding when the files are not UTF-8.")
@click.option(
    "--add-labels", is_flag=True, help="Add labels the schema lacks instead of refusing the file."
)
def import_command(
    paths: tuple[Path, ...],
    project: Path | None,
    fmt: str | None,
    encoding: str | None,
    add_labels: bool,
) -> None:
    """Import text files and folders, JSONL (Prodigy or doccano shapes), saved web pages
    (.html: main text and metadata; nothing is fetched, no script runs), spaCy .spacy files,
    CoNLL IOB files, brat folders and Label Studio's JSON export (.json).

    Each file is imported whole or not at all; a problem is reported with its file and line.
    """
    from annotation.importer import import_paths

    with opened(project) as session:
        with progress_bar("Importing") as progress:
            report = import_paths(
                session, paths, fmt=fmt, encoding=encoding, add_labels=add_labels, progress=progress
            )
        click.echo(
            f"Imported {report.documents} documents ({report.spans} spans, "
            f"{report.relations} relations, {report.events} events) from {report.files} files"
            f" into {session.store.path}"
        )
        if report.duplicates:
            click.echo(f"Skipped {report.duplicates} documents already in the project")
        if report.new_labels:
            click.echo(f"Added labels: {', '.join(report.new_labels)}")
        for error in report.errors:
            click.echo(f"Error: {error}", err=True)
        if report.not_tried:
            click.echo(
                f"Stopped: {len(report.not_tried)} more files were not tried: "
                + ", ".join(str(path) for path in report.not_tried),
                err=True,
            )
        if report.errors:
            click.echo(
                f"{len(report.errors) + len(report.not_tried)} files or folders were not "
                "imported (nothing from them).",
                err=True,
            )
            sys.exit(1)
