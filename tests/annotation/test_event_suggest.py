"""Suggested events: trigger words from the parse, arguments from the entities around them,
stored as suggestions that are accepted or rejected with their trigger (ADR 0006)."""

from __future__ import annotations

import pytest

from annotation.commands import Accept, Discard
from annotation.event_suggest import (
    Candidate,
    EventHint,
    Slot,
    assign_arguments,
    find_events,
)
from annotation.importer import import_paths
from annotation.links import document_events
from annotation.model import SpanStatus
from annotation.paths import seeds_path
from annotation.session import Session
from annotation.suggest import (
    SaveReport,
    Suggester,
    Suggestion,
    load_suggester,
    save_suggestions,
    suggest_project,
)
from tests.annotation.conftest import SAMPLE, add_document

spacy = pytest.importorskip("spacy")

SEED = "ians-india-south-korea-space-2025-12-06.txt"


def at(text: str, part: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return start, start + len(part)


def slot(kind: str, part: str) -> Slot:
    return Slot(kind, *at(SAMPLE, part))  # type: ignore[arg-type]


def candidate(part: str, label: str, key: int, accepted: bool = False) -> Candidate:
    return Candidate(*at(SAMPLE, part), label, key, accepted)


# -- roles, without a model -------------------------------------------------------------------


def test_roles_follow_the_label_and_the_syntactic_position(session: Session) -> None:
    schema = session.schema
    meet = schema.event("MEET")
    sign = schema.event("SIGN_AGREEMENT")
    assert meet is not None and sign is not None
    spans = [
        candidate("Narendra Modi", "PERSON", 1),
        candidate("Lee Jae-myung", "PERSON", 2),
        candidate("South Africa", "GPE", 3),
        candidate("November 22", "DATE", 4),
        candidate("KASA", "ORG", 5),
        candidate("ISRO", "ORG", 6),
        candidate("MoU", "ORG", 7),
        candidate("Seoul", "GPE", 8),
    ]
    hint = EventHint(
        (
            slot("agent", "Modi"),
            slot("agent", "Jae-myung"),
            slot("place", "Africa"),
            slot("time", "November"),
            slot("other", "in"),  # covered by no span: left out
        )
    )
    assert assign_arguments(meet, hint, spans) == [
        ("participant", 1),
        ("participant", 2),
        ("place", 3),
        ("time", 4),
    ]
    # an object that the first role also takes goes to a later role: the MoU is the instrument
    hint = EventHint(
        (
            slot("patient", "MoU"),
            slot("agent", "KASA"),
            slot("agent", "ISRO"),
            slot("place", "Seoul"),
        )
    )
    assert assign_arguments(sign, hint, spans) == [
        ("instrument", 7),
        ("signatory", 5),
        ("signatory", 6),
        ("place", 8),
    ]
    # a place that cannot be the (single) place is not made a participant
    hint = EventHint((slot("place", "Africa"), slot("place", "Seoul")))
    assert assign_arguments(meet, hint, spans) == [("place", 3)]


def test_an_accepted_span_wins_over_a_suggestion_covering_the_same_word(session: Session) -> None:
    meet = session.schema.event("MEET")
    assert meet is not None
    spans = [candidate("Narendra Modi", "PERSON", 1), candidate("Modi", "PERSON", 2, True)]
    assert assign_arguments(meet, EventHint((slot("agent", "Modi"),)), spans) == [
        ("participant", 2)
    ]


def test_a_doc_without_a_parse_gives_no_events(session: Session) -> None:
    nlp = spacy.blank("en")
    assert find_events(nlp(SAMPLE), session.schema.events) == []


def test_a_suggested_trigger_is_stored_with_its_event_or_not_at_all(session: Session) -> None:
    doc = add_document(session.store)
    hint = EventHint((slot("agent", "Modi"), slot("time", "November")))
    lonely = EventHint((slot("agent", "an"),))
    results = [
        (
            doc,
            [
                Suggestion(*at(SAMPLE, "Narendra Modi"), "PERSON"),
                Suggestion(*at(SAMPLE, "met"), "MEET", event=hint),
                Suggestion(*at(SAMPLE, "signed"), "SIGN_AGREEMENT", event=lonely),
            ],
        )
    ]
    report = SaveReport()
    change = save_suggestions(session, results, "model:test@1", report)
    assert (report.added, report.events) == (2, 1)
    assert "(1 events)" in change.description
    (record,) = document_events(session.store, session.schema, doc)
    trigger = session.store.span(record.trigger)
    assert (trigger.label, trigger.status, trigger.origin) == (
        "MEET",
        SpanStatus.SUGGESTED,
        "model:test@1",
    )
    assert record.event.attributes == {"polarity": "positive", "context": "asserted"}
    roles = [(a.role, session.store.span(a.span).text_in(SAMPLE)) for a in record.arguments]
    assert roles == [("participant", "Narendra Modi")]  # no DATE span covers November


# -- the installed pipeline on the sample article ---------------------------------------------


@pytest.fixture(scope="module")
def pipeline() -> Suggester:
    return load_suggester()


def described(session: Session, document_id: int) -> dict[tuple[str, str], list[tuple[str, str]]]:
    text = session.store.document(document_id).text
    found: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for record in document_events(session.store, session.schema, document_id):
        trigger = session.store.span(record.trigger)
        arguments = []
        for argument in record.arguments:
            span = session.store.span(argument.span)
            shown = span.text_in(text) + (f" = {span.value}" if span.value else "")
            arguments.append((argument.role, shown))
        found.setdefault(
            (record.type, f"{trigger.text_in(text)}@{trigger.start}"), sorted(arguments)
        )
    return found


@pytest.mark.model
def test_the_sample_article_gets_meet_and_sign_agreement_suggested(
    session: Session, pipeline: Suggester
) -> None:
    import_paths(session, [seeds_path() / SEED])
    (doc,) = session.store.document_ids()
    report = suggest_project(session, pipeline)
    assert report.events >= 2
    text = session.store.document(doc).text
    met = text.index("Lee Jae-myung met") + len("Lee Jae-myung ")
    signed = text.index("was signed") + len("was ")
    events = described(session, doc)
    assert events[("MEET", f"met@{met}")] == [
        ("occasion", "the G20 Summit"),
        ("participant", "Lee Jae-myung"),
        ("participant", "Narendra Modi"),
        ("place", "South Africa"),
        ("time", "November 22 = 2025-11-22"),
    ]
    assert events[("SIGN_AGREEMENT", f"signed@{signed}")] == [
        ("instrument", "MoU"),
        ("signatory", "ISRO"),
        ("signatory", "KASA"),
    ]
    # every trigger is a suggestion of the model, triaged like an entity
    triggers = [s for s in session.store.spans(doc) if session.schema.is_trigger(s.label)]
    assert {s.status for s in triggers} == {SpanStatus.SUGGESTED}
    assert {s.origin for s in triggers} == {pipeline.origin}
    # accepting the trigger accepts the event; rejecting (X) another removes its event
    records = {
        session.store.span(r.trigger).start: r
        for r in document_events(session.store, session.schema, doc)
    }
    meet, sign = records[met], records[signed]
    session.execute(Accept(meet.trigger))
    change = session.execute(Discard(sign.trigger))
    assert change.description == "Reject SIGN_AGREEMENT 'signed' and its SIGN_AGREEMENT event"
    kept = {r.id for r in document_events(session.store, session.schema, doc)}
    assert meet.id in kept and sign.id not in kept
    assert session.store.span(meet.trigger).status is SpanStatus.ACCEPTED
    assert session.store.span(sign.trigger).status is SpanStatus.REJECTED
    # a second run adds nothing: the rejected trigger is negative evidence and never comes back
    second = SaveReport()
    documents = [session.store.document(doc)]
    results = pipeline.suggest(documents, events=session.schema.events)
    save_suggestions(session, results, pipeline.origin, second)
    assert (second.added, second.events) == (0, 0)
