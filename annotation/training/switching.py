"""Switching a project's pipeline, and replacing the old pipeline's untouched suggestions.

After a switch, documents nobody has worked on (status new) should show the new model's
suggestions, not the old one's: `replace_suggestions` runs the new pipeline over those that
hold pending suggestions of another model and, per batch and in one transaction, deletes
those and stores the new ones. A document is never left between the two, an interruption
keeps every finished batch, and the next run goes on with the rest. Decided spans (accepted,
rejected, edited) and documents an analyst has opened for work are never touched; every span
keeps its model and version in its origin.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from annotation.model import DocStatus
from annotation.suggest import SaveReport, save_suggestions
from annotation.training.registry import SavedModel

if TYPE_CHECKING:
    from annotation.session import Session
    from annotation.suggest import Suggestion

#: Called after each stored batch with (documents done, documents in the run).
Progress = Callable[[int, int], None]


@dataclass
class ReplaceReport:
    """What `replace_suggestions` did."""

    documents: int = 0
    removed: int = 0
    added: int = 0


def use_model(session: Session, model: SavedModel) -> None:
    """Make a trained model the project's pipeline (the window and `dateline suggest` use it)."""
    session.set_setting("pipeline", str(model.path.resolve()))


def replace_suggestions(
    session: Session,
    suggester: Any,
    *,
    batch_size: int = 16,
    document_ids: Sequence[int] | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    report: ReplaceReport | None = None,
) -> ReplaceReport:
    """Replace other models' pending suggestions in new documents with `suggester`'s.

    `suggester` is a `Suggester` or the window's `RemoteSuggester`. `document_ids` None: every
    new document holding such suggestions.
    """
    report = report if report is not None else ReplaceReport()
    store = session.store
    origin = suggester.origin
    ids = list(
        document_ids if document_ids is not None else store.outdated_suggestion_documents(origin)
    )
    total = len(ids)
    if progress is not None:
        progress(0, total)
    # a chunk at a time: the window's spaCy process is sent its documents in one message
    for first in range(0, total, batch_size * 4):
        chunk = ids[first : first + batch_size * 4]
        documents = store.documents_by_id(chunk)
        batch: list[tuple[int, list[Suggestion]]] = []
        stream = suggester.suggest(
            documents, batch_size=batch_size, events=session.schema.events, cancelled=cancelled
        )
        for result in stream:
            batch.append(result)
            if len(batch) >= batch_size:
                _replace(session, batch, origin, report)
                batch = []
                if progress is not None:
                    progress(report.documents, total)
        if batch:
            _replace(session, batch, origin, report)
            if progress is not None:
                progress(report.documents, total)
        if cancelled is not None and cancelled():
            break
    return report


def _replace(
    session: Session,
    batch: list[tuple[int, list[Suggestion]]],
    origin: str,
    report: ReplaceReport,
) -> None:
    """One transaction: the old suggestions out, the new ones in (documents still new only)."""
    store = session.store
    saved = SaveReport()
    with store.transaction():
        # an analyst may have started on one since the run began: leave it as it is
        fresh = [
            (document_id, suggestions)
            for document_id, suggestions in batch
            if store.document_status(document_id) is DocStatus.NEW
        ]
        report.removed += store.drop_outdated_suggestions([i for i, _ in fresh], origin)
        save_suggestions(session, fresh, origin, saved)
    report.documents += len(batch)
    report.added += saved.added
