"""`dateline stats`: a project in numbers, and with `--plot`, in pictures."""

from __future__ import annotations

from pathlib import Path

import click

from annotation.cli import main, opened, project_option


@main.command("stats")
@click.option(
    "--plot",
    "plot",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also draw the statistics view's plots into FILE.png or FILE.svg: documents done per"
    " day and per analyst, spans per label and state, suggestion precision per label and model,"
    " calendar values unresolved.",
)
@project_option
def stats_command(plot: Path | None, project: Path | None) -> None:
    """Summarise a project: documents by status, spans by status and label, links."""
    from annotation.stats import project_stats

    with opened(project, create=False) as session:
        click.echo(project_stats(session.store))
        if plot is not None:
            from annotation.corpus.plots import write_plots
            from annotation.corpus.progress import project_figures

            figures = project_figures(session.store, session.schema)
            write_plots(figures, plot, protect=(session.store.path,))
            click.echo(f"Plots written to {plot}")
