"""After a switch: untouched documents get the new model's suggestions, nothing decided moves."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from annotation.commands import Accept, MarkDone, SetDocumentStatus
from annotation.model import DocStatus, SpanStatus
from annotation.session import Session
from annotation.store import now
from annotation.suggest import Suggester, save_suggestions
from annotation.training import replace_suggestions
from tests.annotation.conftest import SAMPLE, add_document
from tests.annotation.training.projects import ruler

OLD = [{"label": "PERSON", "pattern": "Narendra Modi"}, {"label": "GPE", "pattern": "Seoul"}]
NEW = [{"label": "PERSON", "pattern": "Lee Jae-myung"}, {"label": "GPE", "pattern": "Seoul"}]


def spans(session: Session, document_id: int) -> set[tuple[str, str, str]]:
    text = session.store.document(document_id).text
    return {
        (s.text_in(text), s.status.value, s.origin.split("@")[0])
        for s in session.store.spans(document_id)
    }


def imported_span(session: Session, document_id: int) -> None:
    """An accepted span brought by an import: the document stays new."""
    time = now()
    with session.store.transaction():
        session.store.insert_row(
            "span",
            {
                "document_id": document_id,
                "start": 35,
                "end": 47,
                "label": "GPE",
                "status": "accepted",
                "origin": "import:jsonl",
                "created": time,
                "updated": time,
            },
        )


def test_pending_suggestions_in_untouched_documents_are_replaced_and_decided_spans_are_not(
    session: Session,
) -> None:
    old, new = ruler("old_model", OLD), ruler("new_model", NEW)
    untouched, imported, started, done = (
        add_document(session.store, f"{SAMPLE} ({n})") for n in range(4)
    )
    imported_span(session, imported)
    documents = [session.store.document(i) for i in (untouched, imported, started, done)]
    save_suggestions(session, old.suggest(documents), old.origin)
    modi = next(s for s in session.store.spans(started) if s.label == "PERSON")
    session.execute(Accept(modi.id))  # the analyst started on it
    session.execute(MarkDone(done))
    before = {i: spans(session, i) for i in (started, done)}

    report = replace_suggestions(session, new)

    assert (report.documents, report.removed, report.added) == (2, 4, 4)
    assert spans(session, untouched) == {
        ("Lee Jae-myung", "suggested", "model:en_new_model"),
        ("Seoul", "suggested", "model:en_new_model"),
    }
    assert spans(session, imported) == {
        ("South Africa", "accepted", "import:jsonl"),
        ("Lee Jae-myung", "suggested", "model:en_new_model"),
        ("Seoul", "suggested", "model:en_new_model"),
    }
    assert {i: spans(session, i) for i in (started, done)} == before
    assert session.store.integrity_errors() == []
    assert replace_suggestions(session, new).documents == 0  # nothing left to replace


def test_events_on_replaced_suggestions_go_with_them(session: Session) -> None:
    old, new = ruler("old_model", OLD), ruler("new_model", NEW)
    document_id = add_document(session.store)
    save_suggestions(session, old.suggest([session.store.document(document_id)]), old.origin)
    modi, seoul = sorted(session.store.spans(document_id), key=lambda s: s.start)
    with session.store.transaction():
        event = session.store.insert_row(
            "event", {"document_id": document_id, "type": "MEET", "trigger": modi.id}
        )
        session.store.insert_row("argument", {"event_id": event, "role": "place", "span": seoul.id})
    replace_suggestions(session, new)
    assert session.store.count("event") == session.store.count("argument") == 0
    assert session.store.integrity_errors() == []


class Meanwhile(Suggester):
    """The new pipeline, while an analyst opens the first document for work during the run."""

    def __init__(self, inner: Suggester, other: Session, document_id: int) -> None:
        super().__init__(inner.nlp, temporal_labels=())
        self.other = other
        self.document_id = document_id

    def suggest(self, documents: Any, **options: Any) -> Iterator[tuple[int, list[Any]]]:
        for result in super().suggest(documents, **options):
            self.other.execute(SetDocumentStatus(self.document_id, DocStatus.IN_PROGRESS))
            yield result


def test_a_document_an_analyst_starts_on_during_the_run_is_left_alone(
    session: Session, project: Any
) -> None:
    old = ruler("old_model", OLD)
    document_id = add_document(session.store)
    save_suggestions(session, old.suggest([session.store.document(document_id)]), old.origin)
    before = spans(session, document_id)
    other = Session.open(project)
    try:
        report = replace_suggestions(
            session, Meanwhile(ruler("new_model", NEW), other, document_id)
        )
    finally:
        other.close()
    assert spans(session, document_id) == before
    assert report.added == 0
    assert all(s.status is SpanStatus.SUGGESTED for s in session.store.spans(document_id))
