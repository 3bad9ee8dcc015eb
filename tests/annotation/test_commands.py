"""Each command does what an analyst expects, refuses what the schema forbids, undoes exactly."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from annotation.commands import (
    Accept,
    AddArgument,
    AddEvent,
    AddRelation,
    AddSpan,
    CommandError,
    Discard,
    MarkDone,
    Reject,
    Relabel,
    RemoveArgument,
    RemoveEvent,
    RemoveRelation,
    RemoveSpan,
    Resize,
    SetDocumentMeta,
    SetDocumentStatus,
    SetEventAttributes,
    SetNote,
    SetValue,
)
from annotation.model import DocStatus, NewSpan, SpanStatus, ValueOrigin
from annotation.session import Session
from annotation.store import StoreError
from tests.annotation.conftest import SAMPLE, add_document, dump


def offsets(text: str, part: str) -> tuple[int, int]:
    start = SAMPLE.index(part) if text is SAMPLE else text.index(part)
    return start, start + len(part)


def span_of(part: str, label: str, **kwargs: object) -> NewSpan:
    start, end = offsets(SAMPLE, part)
    return NewSpan(start, end, label, **kwargs)  # type: ignore[arg-type]


def suggestion(part: str, label: str) -> NewSpan:
    return span_of(part, label, status=SpanStatus.SUGGESTED, origin="model:test@1")


@pytest.fixture
def doc(session: Session) -> int:
    return add_document(session.store)


def assert_undo_restores(session: Session, command: object) -> None:
    """Run a command, undo it: the tables are exactly as before; redo: exactly as after."""
    before = dump(session.store)
    session.execute(command)  # type: ignore[arg-type]
    after = dump(session.store)
    assert after != before
    session.undo()
    assert dump(session.store) == before
    session.redo()
    assert dump(session.store) == after


def test_add_span_stores_an_accepted_analyst_span(session: Session, doc: int) -> None:
    change = session.execute(AddSpan(doc, span_of("Narendra Modi", "PERSON")))
    (span,) = session.store.spans(doc)
    assert (span.label, span.status, span.origin) == (
        "PERSON",
        SpanStatus.ACCEPTED,
        "analyst:tester",
    )
    assert span.text_in(SAMPLE) == "Narendra Modi"
    assert change.added_span == span.id
    assert change.ranges == ((doc, span.start, span.end),)
    assert session.store.document(doc).status is DocStatus.IN_PROGRESS


def test_add_span_undo_restores_exactly(session: Session, doc: int) -> None:
    assert_undo_restores(session, AddSpan(doc, span_of("Narendra Modi", "PERSON")))


def test_add_span_refuses_offsets_outside_the_text(session: Session, doc: int) -> None:
    with pytest.raises(CommandError, match="outside the text"):
        session.execute(AddSpan(doc, NewSpan(10, len(SAMPLE) + 5, "PERSON")))
    with pytest.raises(CommandError, match="outside the text"):
        session.execute(AddSpan(doc, NewSpan(10, 10, "PERSON")))
    assert session.store.spans(doc) == []


def test_add_span_refuses_unknown_label_and_lists_known_ones(session: Session, doc: int) -> None:
    with pytest.raises(CommandError, match=r"'PERSONA' is not in the schema.*PERSON, ORG"):
        session.execute(AddSpan(doc, span_of("Narendra Modi", "PERSONA")))


def test_add_span_refuses_overlap_with_accepted_span(session: Session, doc: int) -> None:
    session.execute(AddSpan(doc, span_of("Narendra Modi", "PERSON")))
    with pytest.raises(CommandError, match="overlaps PERSON 'Narendra Modi'"):
        session.execute(AddSpan(doc, span_of("Modi met", "ORG")))
    assert len(session.store.spans(doc)) == 1


def test_accepted_span_rejects_overlapping_suggestions_in_one_step(
    session: Session, doc: int
) -> None:
    session.execute(AddSpan(doc, suggestion("Modi met Lee", "ORG")))
    before = dump(session.store)
    session.execute(AddSpan(doc, span_of("Narendra Modi", "PERSON")))
    statuses = {s.label: s.status for s in session.store.spans(doc)}
    assert statuses == {"ORG": SpanStatus.REJECTED, "PERSON": SpanStatus.ACCEPTED}
    session.undo()
    assert dump(session.store) == before


def test_adding_a_span_identical_to_a_suggestion_accepts_it(session: Session, doc: int) -> None:
    session.execute(AddSpan(doc, suggestion("Seoul", "GPE")))
    session.execute(AddSpan(doc, span_of("Seoul", "GPE")))
    (span,) = session.store.spans(doc)
    assert span.status is SpanStatus.ACCEPTED and span.origin == "model:test@1"


def test_accept_and_reject_record_the_analyst(session: Session, doc: int) -> None:
    first = session.execute(AddSpan(doc, suggestion("Seoul", "GPE"))).added_span
    second = session.execute(AddSpan(doc, suggestion("KASA", "ORG"))).added_span
    assert first is not None and second is not None
    assert_undo_restores(session, Accept(first))
    assert_undo_restores(session, Reject(second))
    spans = {s.id: s for s in session.store.spans(doc)}
    assert spans[first].status is SpanStatus.ACCEPTED and spans[first].annotator == "tester"
    assert spans[second].status is SpanStatus.REJECTED


def test_accepting_a_suggestion_that_overlaps_an_accepted_span_is_refused(
    session: Session, doc: int
) -> None:
    session.execute(AddSpan(doc, span_of("Narendra Modi", "PERSON")))
    wrong = session.execute(AddSpan(doc, suggestion("Modi met Lee", "ORG"))).added_span
    assert wrong is not None
    with pytest.raises(CommandError, match="overlaps PERSON 'Narendra Modi'"):
        session.execute(Accept(wrong))
    assert session.store.span(wrong).status is SpanStatus.SUGGESTED


def test_relabel_accepts_and_remembers_the_model_suggestion(session: Session, doc: int) -> None:
    span_id = session.execute(AddSpan(doc, suggestion("KASA", "GPE"))).added_span
    assert span_id is not None
    assert_undo_restores(session, Relabel(span_id, "ORG"))
    span = session.store.span(span_id)
    assert (span.label, span.status) == ("ORG", SpanStatus.ACCEPTED)
    assert span.suggested == {"start": span.start, "end": span.end, "label": "GPE"}


def test_resize_moves_boundaries_and_keeps_the_original(session: Session, doc: int) -> None:
    span_id = session.execute(AddSpan(doc, suggestion("South Africa on", "GPE"))).added_span
    assert span_id is not None
    start, end = offsets(SAMPLE, "South Africa")
    assert_undo_restores(session, Resize(span_id, start, end))
    span = session.store.span(span_id)
    assert span.text_in(SAMPLE) == "South Africa"
    assert span.suggested is not None and span.suggested["end"] == end + 3


def test_resize_refuses_out_of_range(session: Session, doc: int) -> None:
    span_id = session.execute(AddSpan(doc, span_of("Seoul", "GPE"))).added_span
    assert span_id is not None
    with pytest.raises(CommandError):
        session.execute(Resize(span_id, 5, len(SAMPLE) + 1))


def test_values_are_computed_for_dates_and_kept_when_set_by_the_analyst(
    session: Session, doc: int
) -> None:
    session.valuer = lambda document, start, end, label: f"{document.published}:{start}"
    session.execute(SetDocumentMeta(doc, {"published": "2025-12-06"}))
    span_id = session.execute(AddSpan(doc, span_of("November 22", "DATE"))).added_span
    assert span_id is not None
    span = session.store.span(span_id)
    assert (span.value, span.value_origin) == (f"2025-12-06:{span.start}", ValueOrigin.COMPUTED)
    assert_undo_restores(session, SetValue(span_id, "2025-11-22"))
    assert session.store.span(span_id).value_origin is ValueOrigin.ANALYST
    # a new publication date moves computed values only
    other = session.execute(AddSpan(doc, span_of("Saturday", "DATE"))).added_span
    assert other is not None
    session.execute(SetDocumentMeta(doc, {"published": "2026-01-01"}))
    assert session.store.span(span_id).value == "2025-11-22"
    assert session.store.span(other).value == f"2026-01-01:{session.store.span(other).start}"
    session.execute(SetValue(span_id, None))
    assert session.store.span(span_id).value_origin is ValueOrigin.COMPUTED


def test_set_value_refuses_non_temporal_spans(session: Session, doc: int) -> None:
    span_id = session.execute(AddSpan(doc, span_of("Seoul", "GPE"))).added_span
    assert span_id is not None
    with pytest.raises(CommandError, match="only DATE/TIME"):
        session.execute(SetValue(span_id, "2025"))


def test_note_and_document_status_and_metadata_undo(session: Session, doc: int) -> None:
    span_id = session.execute(AddSpan(doc, span_of("Seoul", "GPE"))).added_span
    assert span_id is not None
    assert_undo_restores(session, SetNote(span_id, "capital"))
    assert_undo_restores(session, SetDocumentStatus(doc, DocStatus.SKIPPED))
    assert_undo_restores(session, SetDocumentMeta(doc, {"title": "New", "place": "Seoul"}))
    assert session.store.document(doc).place == "Seoul"
    with pytest.raises(CommandError, match="cannot edit text"):
        session.execute(SetDocumentMeta(doc, {"text": "x"}))


def test_mark_done_accepts_remaining_suggestions_as_one_step(session: Session, doc: int) -> None:
    session.execute(AddSpan(doc, span_of("Narendra Modi", "PERSON")))
    session.execute(AddSpan(doc, suggestion("Seoul", "GPE")))
    session.execute(AddSpan(doc, suggestion("KASA", "ORG")))
    clash = session.execute(AddSpan(doc, suggestion("Modi", "ORG"))).added_span
    before = dump(session.store)
    session.execute(MarkDone(doc))
    spans = {s.id: s.status for s in session.store.spans(doc)}
    assert spans.pop(clash) is SpanStatus.REJECTED
    assert set(spans.values()) == {SpanStatus.ACCEPTED}
    assert session.store.document(doc).status is DocStatus.DONE
    assert session.undo_text.startswith("Undo Mark")
    session.undo()
    assert dump(session.store) == before


def test_relations_link_spans_the_schema_allows(session: Session, doc: int) -> None:
    person = session.execute(AddSpan(doc, span_of("Narendra Modi", "PERSON"))).added_span
    place = session.execute(AddSpan(doc, span_of("South Africa", "GPE"))).added_span
    date = session.execute(AddSpan(doc, span_of("November 22", "DATE"))).added_span
    assert person and place and date
    assert_undo_restores(session, AddRelation(person, place, "AFFILIATION"))
    with pytest.raises(CommandError, match="AFFILIATION does not link PERSON to DATE"):
        session.execute(AddRelation(person, date, "AFFILIATION"))
    with pytest.raises(CommandError, match="not in the schema"):
        session.execute(AddRelation(person, place, "FRIEND_OF"))
    (relation,) = session.store.relations(doc)
    assert_undo_restores(session, RemoveRelation(relation.id))


def test_event_arguments_follow_the_schema(session: Session, doc: int) -> None:
    modi = session.execute(AddSpan(doc, span_of("Narendra Modi", "PERSON"))).added_span
    lee = session.execute(AddSpan(doc, span_of("Lee Jae-myung", "PERSON"))).added_span
    place = session.execute(AddSpan(doc, span_of("South Africa", "GPE"))).added_span
    when = session.execute(AddSpan(doc, span_of("November 22", "DATE"))).added_span
    assert modi and lee and place and when
    start, end = offsets(SAMPLE, "met")
    change = session.execute(AddEvent("MEET", document=doc, trigger_span=(start, end)))
    (event_id,) = change.events
    trigger = session.store.span(session.store.events(doc)[0].trigger)
    assert (trigger.label, trigger.text_in(SAMPLE)) == ("MEET", "met")
    for role, span in (("participant", modi), ("participant", lee), ("place", place)):
        assert_undo_restores(session, AddArgument(event_id, role, span))
    session.execute(AddArgument(event_id, "time", when))
    with pytest.raises(CommandError, match="the place of MEET accepts FAC, GPE, LOC, not DATE"):
        session.execute(AddArgument(event_id, "place", when))
    roles = sorted(a.role for a in session.store.arguments(event_id))
    assert roles == ["participant", "participant", "place", "time"]
    # a role that does not repeat is replaced, in one step
    saturday = session.execute(AddSpan(doc, span_of("Saturday", "DATE"))).added_span
    assert saturday is not None
    session.execute(AddArgument(event_id, "time", saturday))
    times = [a.span for a in session.store.arguments(event_id) if a.role == "time"]
    assert times == [saturday]
    assert_undo_restores(session, SetEventAttributes(event_id, {"context": "historical"}))
    assert session.store.events(doc)[0].attributes == {
        "polarity": "positive",
        "context": "historical",
    }
    with pytest.raises(CommandError, match="context must be one of"):
        session.execute(SetEventAttributes(event_id, {"context": "maybe"}))
    argument = session.store.arguments(event_id)[0]
    assert_undo_restores(session, RemoveArgument(argument.id))
    assert_undo_restores(session, RemoveEvent(event_id))


def test_relabel_refuses_a_label_an_event_role_does_not_accept(session: Session, doc: int) -> None:
    place = session.execute(AddSpan(doc, span_of("South Africa", "GPE"))).added_span
    start, end = offsets(SAMPLE, "met")
    (event_id,) = session.execute(AddEvent("MEET", document=doc, trigger_span=(start, end))).events
    assert place is not None
    session.execute(AddArgument(event_id, "place", place))
    with pytest.raises(CommandError, match="fills the place of a MEET event"):
        session.execute(Relabel(place, "PERSON"))


def test_removing_a_span_removes_its_links_in_one_undoable_step(session: Session, doc: int) -> None:
    modi = session.execute(AddSpan(doc, span_of("Narendra Modi", "PERSON"))).added_span
    place = session.execute(AddSpan(doc, span_of("South Africa", "GPE"))).added_span
    assert modi and place
    session.execute(AddRelation(modi, place, "AFFILIATION"))
    start, end = offsets(SAMPLE, "met")
    (event_id,) = session.execute(AddEvent("MEET", document=doc, trigger_span=(start, end))).events
    session.execute(AddArgument(event_id, "participant", modi))
    before = dump(session.store)
    change = session.execute(RemoveSpan(modi))
    assert change.removed_spans == {modi}
    assert session.store.relations(doc) == [] and session.store.arguments(event_id) == []
    session.undo()
    assert dump(session.store) == before
    # deleting the trigger removes the event and its arguments
    trigger = session.store.events(doc)[0].trigger
    session.execute(RemoveSpan(trigger))
    assert session.store.events(doc) == []
    session.undo()
    assert dump(session.store) == before


def test_event_on_existing_span_and_unknown_type(session: Session, doc: int) -> None:
    mou = session.execute(AddSpan(doc, suggestion("signed", "SIGN_AGREEMENT"))).added_span
    assert mou is not None
    session.execute(AddEvent("SIGN_AGREEMENT", trigger=mou))
    assert session.store.span(mou).status is SpanStatus.ACCEPTED
    with pytest.raises(CommandError, match="event type 'WEDDING' is not in the schema"):
        session.execute(AddEvent("WEDDING", trigger=mou))


def test_a_trigger_has_one_event(session: Session, doc: int) -> None:
    start, end = offsets(SAMPLE, "met")
    session.execute(AddEvent("MEET", document=doc, trigger_span=(start, end)))
    (trigger,) = (s.id for s in session.store.spans(doc) if s.label == "MEET")
    before = dump(session.store)
    with pytest.raises(CommandError, match="that span already triggers a MEET event"):
        session.execute(AddEvent("MEET", trigger=trigger))
    assert dump(session.store) == before


def test_a_trigger_may_sit_inside_an_entity(session: Session, doc: int) -> None:
    session.execute(AddSpan(doc, span_of("Narendra Modi met Lee", "ORG")))
    start, end = offsets(SAMPLE, "met")
    session.execute(AddEvent("MEET", document=doc, trigger_span=(start, end)))
    assert len(session.store.spans(doc)) == 2


def test_refused_command_writes_nothing(session: Session, doc: int) -> None:
    before = dump(session.store)
    entries = len(session.store.history())
    with pytest.raises(CommandError):
        session.execute(Accept(999))
    assert dump(session.store) == before
    assert len(session.store.history()) == entries


# -- what one edit reads (DESIGN §7: one edit within 1.5x one fdatasync) -----------------------


@contextmanager
def statements(session: Session) -> Iterator[list[str]]:
    """The SQL statements run on the session's connection meanwhile."""
    seen: list[str] = []
    session.store.conn.set_trace_callback(seen.append)
    try:
        yield seen
    finally:
        session.store.conn.set_trace_callback(None)


def test_span_edits_read_their_span_once(session: Session, doc: int) -> None:
    span = session.execute(AddSpan(doc, suggestion("Seoul", "GPE"))).added_span
    assert span is not None
    for command in (Accept(span), Relabel(span, "LOC"), SetNote(span, "x"), Resize(span, 48, 53)):
        with statements(session) as seen:
            session.execute(command)
        reads = [s for s in seen if "FROM span s JOIN" in s or "FROM [span] WHERE id" in s]
        assert len(reads) == 1, (command, seen)
        whole = ("SELECT status FROM document", "SELECT * FROM [document]", "SELECT text")
        assert not any(s.startswith(whole) for s in seen), seen


def test_add_span_does_not_read_the_whole_text(session: Session, doc: int) -> None:
    with statements(session) as seen:
        session.execute(AddSpan(doc, span_of("Narendra Modi", "PERSON")))
        session.execute(AddSpan(doc, span_of("Seoul", "GPE")))
    whole = [s for s in seen if "SELECT text" in s or "SELECT * FROM [document]" in s]
    assert whole == []
    assert sum("length(text)" in s for s in seen) == 1  # then known for the session


def test_add_span_offsets_past_a_nul_in_the_text_are_checked_exactly(session: Session) -> None:
    # SQLite's length() stops at a NUL: the check must not refuse what lies after one.
    text = "KASA\x00 and ISRO signed an MoU."
    doc = add_document(session.store, text=text)
    start = text.index("ISRO")
    added = session.execute(AddSpan(doc, NewSpan(start, start + 4, "ORG"))).added_span
    assert added is not None and session.store.span(added).text_in(text) == "ISRO"
    end = len(text)
    session.execute(AddSpan(doc, NewSpan(end - 4, end, "ORG")))
    with pytest.raises(
        CommandError, match=rf"span {end - 3}-{end + 1} is outside the text \(0-{end}\)"
    ):
        session.execute(AddSpan(doc, NewSpan(end - 3, end + 1, "ORG")))


def test_resize_refuses_past_the_end_and_names_the_length(session: Session, doc: int) -> None:
    span = session.execute(AddSpan(doc, span_of("Seoul", "GPE"))).added_span
    assert span is not None
    with pytest.raises(CommandError, match=rf"outside the text \(0-{len(SAMPLE)}\)"):
        session.execute(Resize(span, 10, len(SAMPLE) + 1))


def test_the_logged_description_is_what_describe_says(session: Session, doc: int) -> None:
    model = session.execute(AddSpan(doc, suggestion("KASA", "ORG"))).added_span
    mine = session.execute(AddSpan(doc, span_of("Seoul", "GPE"))).added_span
    date = session.execute(AddSpan(doc, span_of("November 22", "DATE"))).added_span
    other = session.execute(AddSpan(doc, span_of("ISRO", "ORG"))).added_span
    assert model is not None and mine is not None and date is not None and other is not None
    session.execute(AddRelation(other, mine, "AFFILIATION"))
    commands = [
        Accept(model),
        Relabel(model, "NORP"),
        SetValue(date, "2025-11-22"),
        SetNote(mine, "capital"),
        Reject(other),
        Discard(model),
        Discard(mine),
        AddSpan(doc, span_of("Narendra Modi", "PERSON")),
        RemoveSpan(date),
    ]
    logged = []
    for command in commands:
        described = command.describe(session.store)
        assert session.execute(command).description == described
        logged.append(session.store.history(1)[0].description)
        assert logged[-1] == described
    assert logged[4] == "Reject ORG 'ISRO' and its 1 link"
    assert logged[6] == "Delete GPE 'Seoul'"


def test_an_edit_of_a_missing_span_or_document_is_named(session: Session, doc: int) -> None:
    with pytest.raises(CommandError, match="no span 999 in this project"):
        session.execute(Relabel(999, "ORG"))
    with pytest.raises(StoreError, match="no document 999"):
        session.execute(AddSpan(999, NewSpan(0, 4, "ORG")))


def test_a_span_drawn_inside_a_suggestion_refits_it_and_keeps_its_roles(
    session: Session, doc: int
) -> None:
    # the model's DATE runs on: "November 22. KASA"; it is the time of a MEET and a relation end
    wide = session.execute(AddSpan(doc, suggestion("November 22. KASA", "DATE"))).added_span
    lee = session.execute(AddSpan(doc, span_of("Lee Jae-myung", "PERSON"))).added_span
    place = session.execute(AddSpan(doc, span_of("South Africa", "GPE"))).added_span
    start, end = offsets(SAMPLE, "met")
    (event,) = session.execute(AddEvent("MEET", document=doc, trigger_span=(start, end))).events
    assert wide is not None and lee is not None and place is not None
    session.execute(AddArgument(event, "time", wide))
    session.execute(AddArgument(event, "participant", lee))
    # (AddArgument accepted the suggestion: make it a suggestion again, as a model run leaves it)
    session.store.conn.execute("UPDATE span SET status = 'suggested' WHERE id = ?", (wide,))
    before = dump(session.store)
    change = session.execute(AddSpan(doc, span_of("November 22", "DATE")))
    refit = change.added_span
    assert refit is not None
    assert session.store.span(wide).status is SpanStatus.REJECTED
    roles = {(a.role, a.span) for a in session.store.arguments(event)}
    assert roles == {("time", refit), ("participant", lee)}
    # a label the role does not take carries nothing: "KASA" as ORG is no time
    session.undo()
    assert dump(session.store) == before
    session.execute(AddSpan(doc, span_of("KASA", "ORG")))
    assert {a.role for a in session.store.arguments(event)} == {"participant"}
