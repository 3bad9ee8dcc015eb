"""Suggesting for every document a model has not covered, in batches (`dateline suggest`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from annotation.suggest.saving import SaveReport, save_suggestions
from annotation.suggest.suggester import Suggester, Suggestion

if TYPE_CHECKING:
    from annotation.session import Session

#: Called after each stored batch with (documents done, documents in the run).
Progress = Callable[[int, int], None]


def suggest_project(
    session: Session,
    suggester: Suggester,
    *,
    batch_size: int = 16,
    n_process: int = 1,
    document_ids: Sequence[int] | None = None,
    progress: Progress | None = None,
    report: SaveReport | None = None,
) -> SaveReport:
    """Suggest for every document the suggester's model has not covered yet (`dateline suggest`).

    One transaction per batch of `batch_size` documents: an interruption (Ctrl+C) keeps every
    finished batch, `report.documents` says how many, and the next run continues with the rest.
    """
    report = report if report is not None else SaveReport()
    store = session.store
    ids = list(
        document_ids
        if document_ids is not None
        else store.unsuggested_document_ids(suggester.origin)
    )
    total = len(ids)
    if progress is not None:
        progress(0, total)
    documents = (store.document(document_id) for document_id in ids)
    batch: list[tuple[int, list[Suggestion]]] = []
    done = 0
    events = session.schema.events
    for result in suggester.suggest(
        documents, batch_size=batch_size, n_process=n_process, events=events
    ):
        batch.append(result)
        if len(batch) >= batch_size:
            save_suggestions(session, batch, suggester.origin, report)
            done += len(batch)
            batch = []
            if progress is not None:
                progress(done, total)
    if batch:
        save_suggestions(session, batch, suggester.origin, report)
        done += len(batch)
        if progress is not None:
            progress(done, total)
    return report
