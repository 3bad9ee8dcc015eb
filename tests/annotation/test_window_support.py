"""Core pieces the window relies on: the X key's command, list filters, date checks."""

from __future__ import annotations

import pytest

from annotation.commands import AddSpan, CommandError, Discard, SetDocumentMeta
from annotation.model import DocStatus, NewSpan, SpanStatus
from annotation.session import Session
from tests.annotation.conftest import SAMPLE, add_document, dump


def test_discard_deletes_an_analysts_span_and_undo_brings_it_back(session: Session) -> None:
    doc = add_document(session.store)
    change = session.execute(AddSpan(doc, NewSpan(0, 13, "PERSON")))
    span_id = change.added_span
    assert span_id is not None
    before = dump(session.store)
    assert session.undo_text == "Undo Add PERSON 'Narendra Modi'"
    gone = session.execute(Discard(span_id))
    assert gone.removed_spans == {span_id}
    assert session.undo_text == "Undo Delete PERSON 'Narendra Modi'"
    session.undo()
    assert dump(session.store) == before


def test_discard_rejects_a_suggestion_and_keeps_it(session: Session) -> None:
    doc = add_document(session.store)
    new = NewSpan(0, 13, "PERSON", status=SpanStatus.SUGGESTED, origin="model:test@1")
    span_id = session.execute(AddSpan(doc, new)).added_span
    assert span_id is not None
    assert session.store.span(span_id).origin == "model:test@1"
    assert not Discard.deletes(session.store.span(span_id))
    session.execute(Discard(span_id))
    assert session.store.span(span_id).status is SpanStatus.REJECTED
    assert session.undo_text.startswith("Undo Reject PERSON")


def test_publication_date_must_be_iso(session: Session) -> None:
    doc = add_document(session.store)
    with pytest.raises(CommandError, match="not an ISO date"):
        session.execute(SetDocumentMeta(doc, {"published": "6 Dec 2025"}))
    session.execute(SetDocumentMeta(doc, {"published": "2025-12-06"}))
    session.execute(SetDocumentMeta(doc, {"published": "2025-10-29T08:05:00-07:00"}))
    session.execute(SetDocumentMeta(doc, {"published": None}))
    assert session.store.document(doc).published is None


def test_document_list_filters_by_several_states_and_words(session: Session) -> None:
    store = session.store
    first = add_document(store, SAMPLE, title="50% of KASA", source="IANS")
    add_document(store, SAMPLE + " Two.", title="Seoul talks", status=DocStatus.DONE)
    third = add_document(store, SAMPLE + " Three.", title="Modi_visit", source="Wire")
    todo = [DocStatus.NEW, DocStatus.IN_PROGRESS]
    assert [d.id for d in store.documents(statuses=todo)] == [first, third]
    assert store.count_documents(todo) == 2
    assert store.count_documents() == 3
    assert [d.id for d in store.documents(text="50%")] == [first]
    # words of the title, source or text through the search index (ADR 0014), the last begun
    assert [d.id for d in store.documents(text="modi_vis")] == [third]
    assert [d.id for d in store.documents(text="odi")] == []  # inside a word: not a word
    assert [d.id for d in store.documents(text="kasa three")] == [third]
    assert store.count_documents(text="wire") == 1
    assert store.count_documents(statuses=[]) == 0


def test_neighbour_document_follows_the_filter(session: Session) -> None:
    store = session.store
    first = add_document(store, SAMPLE)
    second = add_document(store, SAMPLE + " Two.", status=DocStatus.DONE)
    third = add_document(store, SAMPLE + " Three.")
    assert store.neighbour_document(first, 1) == second
    todo = [DocStatus.NEW, DocStatus.IN_PROGRESS]
    assert store.neighbour_document(first, 1, statuses=todo) == third
    assert store.neighbour_document(third, -1, statuses=todo) == first
    assert store.neighbour_document(third, 1) is None


def test_was_suggested_records_runs_per_model(session: Session) -> None:
    store = session.store
    doc = add_document(store)
    assert not store.was_suggested(doc, "model:x@1")
    with store.transaction():
        store.record_suggestion_run(doc, "model:x@1")
    assert store.was_suggested(doc, "model:x@1")
    assert not store.was_suggested(doc, "model:y@1")


def test_reload_schema_sees_labels_another_connection_added(session: Session) -> None:
    other = Session.open(session.store.path)
    try:
        other.add_labels(["MISSILE"])
    finally:
        other.close()
    assert not session.schema.knows("MISSILE")
    assert session.reload_schema().knows("MISSILE")


def test_document_text_slices_by_code_points(session: Session) -> None:
    text = "🚀 अनन्या met 박서연 🇮🇳 in Seoul."
    doc = add_document(session.store, text)
    for start, end in [
        (0, 1),
        (2, 8),
        (text.index("박서연"), text.index("박서연") + 3),
        (0, len(text)),
    ]:
        assert session.store.document_text(doc, start, end) == text[start:end]
    name = text.index("박서연")
    session.execute(AddSpan(doc, NewSpan(name, name + 3, "PERSON")))
    assert session.undo_text == "Undo Add PERSON '박서연'"
    assert session.store.document_status(doc) is DocStatus.IN_PROGRESS
    assert session.store.document_status(10_000) is None


def test_span_briefs_and_tuples_agree_with_spans(session: Session) -> None:
    doc = add_document(session.store)
    session.execute(AddSpan(doc, NewSpan(0, 13, "PERSON")))
    session.execute(AddSpan(doc, NewSpan(18, 31, "PERSON", status=SpanStatus.SUGGESTED)))
    spans = session.store.spans(doc)
    briefs = session.store.span_briefs(doc)
    assert [(s.id, s.start, s.end, s.label, s.status.value, s.value) for s in spans] == briefs
    assert [session.store.span_from_tuple(row) for row in session.store.span_tuples(doc)] == spans
