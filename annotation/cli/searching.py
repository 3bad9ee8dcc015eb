"""`dateline search`: every place a query occurs in the corpus, or the spans that read it."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from annotation.cli import main, opened, project_option
from annotation.model import DocStatus, SpanStatus

_SPAN_STATES = [status.value for status in SpanStatus]
_DOCUMENT_STATES = [status.value for status in DocStatus]


@main.command("search")
@click.argument("query")
@click.option(
    "--label",
    "labels",
    multiple=True,
    metavar="LABEL",
    help="Spans of this label that read the query (repeat for several).",
)
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice(_SPAN_STATES + _DOCUMENT_STATES),
    help="Spans in this state (suggested, accepted, rejected), or documents in this state"
    " (new, in_progress, done, skipped); repeat for several.",
)
@click.option(
    "--no-label",
    "missing",
    metavar="LABEL",
    default=None,
    help="Only places where no span of this label is yet (suggested or accepted).",
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object a line.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Stop after N hits.")
@project_option
def search_command(
    query: str,
    labels: tuple[str, ...],
    statuses: tuple[str, ...],
    missing: str | None,
    as_json: bool,
    limit: int | None,
    project: Path | None,
) -> None:
    """Find QUERY in every article: words side by side are a phrase ("Narendra Modi"), OR /
    AND / NOT combine, a trailing * matches word beginnings (Mod*).

    \b
    dateline search Modi --label PERSON          every PERSON span reading 'Modi'
    dateline search Seoul --no-label GPE         mentions of Seoul with no GPE there yet
    dateline search "prime minister" --json      one hit a line:
      {"document": 3, "title": ..., "start": 10, "end": 24, "context": ...}
    """
    import orjson

    from annotation.corpus.search import SearchFilter, iter_hits
    from annotation.store.fts_query import match_expression

    if match_expression(query) is None:
        raise click.UsageError(f"nothing to search for in {query!r}: give a word")
    span_states = frozenset(SpanStatus(s) for s in statuses if s in _SPAN_STATES)
    document_states = frozenset(DocStatus(s) for s in statuses if s in _DOCUMENT_STATES)
    if labels and missing:
        raise click.UsageError("--label and --no-label ask for different hits: give one")
    with opened(project, create=False) as session:
        schema = session.schema
        for label in (*labels, *([missing] if missing else [])):
            if not schema.knows(label):
                raise click.BadParameter(
                    f"{label!r} is not a label of this project's schema;"
                    f" known: {', '.join(schema.label_names)}",
                    param_hint="--label" if label in labels else "--no-label",
                )
        filters = SearchFilter(
            labels=frozenset(labels) if labels else None,
            span_statuses=span_states or None,
            document_statuses=document_states or None,
            missing_label=missing,
        )
        shown = 0
        try:
            for hit in iter_hits(session.store, query, filters):
                if as_json:
                    click.echo(orjson.dumps(hit.to_json()).decode())
                else:
                    what = f" {hit.label} ({hit.status.value})" if hit.label and hit.status else ""
                    click.echo(
                        f"{hit.document}:{hit.start}-{hit.end}{what}  {hit.title}"
                        f"\n    {hit.context}"
                    )
                shown += 1
                if limit is not None and shown >= limit:
                    break
        except BrokenPipeError:
            # The reader has what it wanted (`| head`): stop quietly. Python's advice: point
            # stdout at devnull, or flushing it at exit raises again.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return
        if not as_json:
            click.echo(f"{shown} hit{'s' if shown != 1 else ''}", err=True)
