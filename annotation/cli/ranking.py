"""`dateline next`: the documents to do, those the model will get most wrong first."""

from __future__ import annotations

from pathlib import Path

import click

from annotation.cli import main, opened, project_option
from annotation.paths import default_project_path
from annotation.rules import TODO


@main.command("next")
@project_option
@click.option("--limit", "-n", type=click.IntRange(min=1), default=20, show_default=True)
@click.option(
    "--refresh",
    is_flag=True,
    help="Rank again with the project's pipeline (loads spaCy here; a trained model is ranked"
    " when it is trained).",
)
def next_command(project: Path | None, limit: int, refresh: bool) -> None:
    """List the documents to do by the corrections the project's model expects them to need.

    The expectation is the model's own uncertainty (its beam's probability of each candidate
    entity): annotating those documents first teaches the next model the most.
    """
    from annotation.training import model_for_setting
    from annotation.training.ordering import (
        RANK_LIMIT,
        expected_errors,
        load_priorities,
        save_priorities,
    )

    path = (project or default_project_path()).resolve()
    with opened(path, create=False) as session:
        store = session.store
        setting = session.setting("pipeline")
        model = model_for_setting(path, setting)
        if refresh or model is None:
            from annotation.suggest import SuggestError, load_suggester

            try:
                suggester = load_suggester(None, configured=setting)
            except SuggestError as exc:
                raise click.ClickException(str(exc)) from exc
            to_do = store.documents(statuses=TODO, limit=RANK_LIMIT)
            documents = store.documents_by_id([summary.id for summary in to_do])
            click.echo(f"Ranking {len(documents)} documents to do with {suggester.name}…", err=True)
            priorities = expected_errors(suggester.nlp, documents, session.schema)
            if model is not None:
                save_priorities(model.path, priorities)
        else:
            priorities = load_priorities(model.path)
        shown = 0
        for priority in priorities:
            summary = store.document_summary(priority.document_id)
            if summary is None or summary.status not in TODO:
                continue
            click.echo(f"{priority.errors:6.2f}  {summary.id:>6}  {summary.title}")
            shown += 1
            if shown == limit:
                break
        if not shown:
            click.echo("Nothing to do: every ranked document is done or skipped.")
