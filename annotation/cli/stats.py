"""`dateline stats`: a project in numbers."""

from __future__ import annotations

from pathlib import Path

import click

from annotation.cli import main, opened, project_option


@main.command("stats")
@project_option
def stats_command(project: Path | None) -> None:
    """Summarise a project: documents by status, spans by status and label, links."""
    from annotation.stats import project_stats

    with opened(project, create=False) as session:
        click.echo(project_stats(session.store))
