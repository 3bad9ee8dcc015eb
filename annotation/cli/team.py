"""`dateline merge` and `dateline agreement`: team annotation without a server."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
import orjson

from annotation.cli import _FAILURES, main, opened, progress_bar


@main.command("merge")
@click.argument(
    "projects", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path)
)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The team project (made if missing; merging into it again updates its layers).",
)
@click.option(
    "--names",
    default=None,
    help="The analysts' names, one per project in order (default: the name each project "
    "records), e.g. --names alice,bob,carol.",
)
def merge_command(projects: tuple[Path, ...], output: Path, names: str | None) -> None:
    """Merge analysts' PROJECTS into one team project, each analyst's work a layer.

    Documents are matched by their text (and URL or source). The analysts' projects are only
    read. Merge again after more work: each layer is replaced, never doubled.
    """
    from annotation.team.merge import merge

    given = [name.strip() for name in names.split(",")] if names is not None else None
    with progress_bar("Merging") as progress, _clear_errors():
        report = merge(projects, output, given, progress)
    verb = "Made" if report.created else "Updated"
    click.echo(f"{verb} {output}: {report.documents} documents, {len(report.layers)} layers merged")
    for layer in report.layers:
        click.echo(
            f"  {layer.name} ({layer.path}): {layer.documents} documents "
            f"({layer.new_documents} new to the team project), {layer.done} done, "
            f"{layer.decided} spans decided"
        )
    if report.labels_added:
        click.echo(f"Labels added to the team schema: {', '.join(report.labels_added)}")
    click.echo(
        f"The adjudicated layer holds what every analyst who finished a document agrees on "
        f"({report.agreed} documents); {report.kept} documents already under adjudication were "
        "left as they are."
    )


@main.command("agreement")
@click.argument("project", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def agreement_command(project: Path, as_json: bool) -> None:
    """How far the analysts of a team PROJECT agree: per pair and overall, per label.

    Exact-span F1, overlap F1, token-level kappa (Cohen's per pair, Fleiss' for three or more),
    calendar values, relations, events and roles, over documents both analysts marked done.
    """
    from annotation.team.agreement import agreement
    from annotation.team.report import agreement_text

    with opened(project, create=False) as session, progress_bar("Comparing") as progress:
        result = agreement(session.store, session.schema, progress)
    if not result.analysts:
        raise click.ClickException(
            f"{project}: not a team project; make one with `dateline merge A.db B.db -o {project}`"
        )
    if as_json:
        click.echo(orjson.dumps(result.to_json(), option=orjson.OPT_INDENT_2).decode())
    else:
        click.echo(agreement_text(result))


@contextmanager
def _clear_errors() -> Iterator[None]:
    """A refused merge or an unusable file: one line and exit code 1, never a traceback."""
    try:
        yield
    except _FAILURES as exc:
        raise click.ClickException(str(exc)) from exc
    except sqlite3.DatabaseError as exc:
        raise click.ClickException(
            f"a project file is damaged or unreadable ({exc}); nothing was merged"
        ) from exc
