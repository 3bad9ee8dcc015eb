"""The training corpus: done documents, split by document, rejected suggestions as negatives."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from annotation.formats.base import DocumentData
from annotation.model import Document, Span, SpanStatus
from annotation.schema import load_schema, parse_schema
from annotation.session import Session
from annotation.training import TrainingError, build_corpus, split
from annotation.training.corpus import paragraphs, reference_docs, trainable


def data(uid: str, text: str = "Some text.", spans: tuple[Span, ...] = ()) -> DocumentData:
    return DocumentData(Document(id=int(uid, 16) % 10_000, uid=uid, text=text), spans)


def span(start: int, end: int, label: str, status: SpanStatus = SpanStatus.ACCEPTED) -> Span:
    return Span(
        id=start * 100 + end, document_id=1, start=start, end=end, label=label, status=status
    )


def test_rejected_suggestions_reach_training_as_incorrect_spans(arms_project: Path) -> None:
    session = Session.open(arms_project, create=False)
    try:
        corpus = build_corpus(session.store, session.schema, share=0.75, seed=0)
        schema = session.schema
    finally:
        session.close()
    documents = [trainable(d, schema) for d in (*corpus.train, *corpus.held_out)]
    docs = {doc.text: doc for doc in reference_docs(documents, schema, [])}
    rebels = docs["Rebels fired AK-47 rifles at the convoy."]
    assert [(s.text, s.label_) for s in rebels.spans["incorrect_spans"]] == [("Rebels", "Person")]
    assert [(e.text, e.label_) for e in rebels.ents] == [("AK-47 rifles", "Weapon")]
    negatives = sum(len(doc.spans.get("incorrect_spans", ())) for doc in docs.values())
    assert negatives == 3
    assert corpus.labels == ("Person", "Weapon")
    assert len(corpus.train) == 6 and len(corpus.held_out) == 2


def test_the_split_is_by_document_reproducible_and_stable_as_the_project_grows() -> None:
    documents = [data(f"{n:04x}") for n in range(20)]
    train, held = split(documents, 0.8, seed=3)
    assert (train, held) == split(list(reversed(documents)), 0.8, seed=3)
    assert len(held) == 4 and not {d.document.uid for d in train} & {d.document.uid for d in held}
    assert split(documents, 0.8, seed=4)[1] != held
    _, grown_held = split([*documents, data("ffff")], 0.8, seed=3)
    moved = {d.document.uid for d in held} - {d.document.uid for d in grown_held}
    assert len(moved) <= 1  # one more document held out at most displaces one


def test_a_model_needs_two_done_documents() -> None:
    with pytest.raises(TrainingError, match="at least 2"):
        split([data("0001")], 0.8, seed=0)
    train, held = split([data("0001"), data("0002")], 0.99, seed=0)
    assert len(train) == 1 and len(held) == 1


def test_paragraphs_are_cut_at_line_breaks_that_no_span_crosses() -> None:
    text = "Alpha met Beta.\n\nGamma\nDelta went.\nLast line"
    spans = (span(0, 5, "P"), span(17, 28, "P"), span(35, 39, "X"))  # "Gamma\nDelta" crosses
    pieces = [
        (p.document.text, [(p.document.text[s.start : s.end], s.label) for s in p.spans])
        for p in paragraphs(data("0001", text, spans))
    ]
    assert pieces == [
        ("Alpha met Beta.", [("Alpha", "P")]),
        ("Gamma\nDelta went.", [("Gamma\nDelta", "P")]),
        ("Last line", [("Last", "X")]),
    ]


def test_a_negative_that_is_also_a_positive_and_unknown_labels_are_left_out() -> None:
    schema = load_schema()
    spans = (
        span(0, 5, "PERSON"),
        span(0, 5, "PERSON", SpanStatus.REJECTED),  # spaCy refuses both at once (E868)
        span(0, 5, "ORG", SpanStatus.REJECTED),
        span(6, 9, "NOT_IN_SCHEMA"),
    )
    kept = trainable(data("0001", "Alpha met Beta.", spans), schema).spans
    assert [(s.label, s.status) for s in kept] == [
        ("PERSON", SpanStatus.ACCEPTED),
        ("ORG", SpanStatus.REJECTED),
    ]


def test_overlapping_accepted_spans_teach_the_longest() -> None:
    schema = parse_schema(
        {"labels": [{"name": "Person"}, {"name": "Location"}], "spans": {"allow_overlap": True}}
    )
    text = "Minister for the Middle East spoke."
    spans = (span(0, 28, "Person"), span(17, 28, "Location"))
    (doc,) = reference_docs([data("0001", text, spans)], schema, [])
    assert [(e.text, e.label_) for e in doc.ents] == [("Minister for the Middle East", "Person")]
    assert len(doc.spans["sc"]) == 2


def test_the_fingerprint_changes_with_any_decision(arms_project: Path) -> None:
    session = Session.open(arms_project, create=False)
    try:
        corpus = build_corpus(session.store, session.schema, share=0.75, seed=0)
    finally:
        session.close()
    first = corpus.train[0]
    changed = replace(first, spans=first.spans[:-1])
    assert replace(corpus, train=(changed, *corpus.train[1:])).fingerprint != corpus.fingerprint


def test_regions_that_are_not_the_article_are_left_out_of_training(tmp_path: Path) -> None:
    """Issue 17, friction 7: a "Latest News" list marked in one article of a wire is cut out of
    that article and of the wire's next one before a model sees them."""
    from annotation.commands import AddSpan, ExcludeRegion, MarkDone
    from annotation.model import NewSpan
    from tests.annotation.conftest import add_document

    first = "Modi meets Lee\n\nModi met Lee in Seoul.\n\nLatest News\nFloods in Kerala"
    second = "KASA signs\n\nKASA met ISRO in Delhi.\n\nLatest News\nRains in Chennai"
    session = Session.open(tmp_path / "wire.db", annotator="tester")
    try:
        ids = [add_document(session.store, text, source="Wire") for text in (first, second)]
        for doc, text in zip(ids, (first, second), strict=True):
            for place in ("Seoul", "Kerala", "Delhi", "Chennai"):
                if place in text:
                    at = text.index(place)
                    session.execute(AddSpan(doc, NewSpan(at, at + len(place), "GPE")))
        session.execute(ExcludeRegion(ids[0], first.index("Latest News"), len(first)))
        for doc in ids:
            session.execute(MarkDone(doc))
        corpus = build_corpus(session.store, session.schema, share=0.5, seed=0)
    finally:
        session.close()
    seen = {
        d.document.text: [d.document.text[s.start : s.end] for s in d.spans]
        for d in (*corpus.train, *corpus.held_out)
    }
    assert seen == {
        "Modi meets Lee\n\nModi met Lee in Seoul.\n\n": ["Seoul"],
        "KASA signs\n\nKASA met ISRO in Delhi.\n\n": ["Delhi"],
    }
