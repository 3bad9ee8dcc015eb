"""Events, relations and what hangs on a span: the reads the window asks, and the cascades."""

from __future__ import annotations

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
    RemoveSpan,
)
from annotation.links import (
    document_events,
    event_record,
    event_types_for,
    links_phrase,
    relation_choices,
    relation_refusal,
    role_choices,
    role_refusal,
    span_links,
)
from annotation.model import NewSpan, SpanStatus
from annotation.schema import parse_schema
from annotation.session import Session
from tests.annotation.conftest import SAMPLE, add_document, dump

MODEL = "model:en_core_web_sm@3.8.0"


def bounds(part: str) -> tuple[int, int]:
    start = SAMPLE.index(part)
    return start, start + len(part)


def add(session: Session, doc: int, part: str, label: str, **kwargs: object) -> int:
    span = NewSpan(*bounds(part), label, **kwargs)  # type: ignore[arg-type]
    added = session.execute(AddSpan(doc, span)).added_span
    assert added is not None
    return added


@pytest.fixture
def doc(session: Session) -> int:
    return add_document(session.store)


def roles_offered(session: Session, event: str, label: str) -> list[str]:
    """The roles the window offers a span of `label` in an `event`, in the order offered."""
    return [role.name for role in role_choices(session.schema, event, label)]


def meet(session: Session, doc: int) -> int:
    (event,) = session.execute(AddEvent("MEET", document=doc, trigger_span=bounds("met"))).events
    return event


def test_document_events_list_arguments_and_missing_required_roles(
    session: Session, doc: int
) -> None:
    event = meet(session, doc)
    place = add(session, doc, "South Africa", "GPE")
    session.execute(AddArgument(event, "place", place))
    (record,) = document_events(session.store, session.schema, doc)
    assert (record.type, [a.role for a in record.arguments]) == ("MEET", ["place"])
    assert record.missing == ("participant",)
    modi = add(session, doc, "Narendra Modi", "PERSON")
    session.execute(AddArgument(event, "participant", modi))
    found = event_record(session.store, session.schema, event)
    assert (
        found is not None
        and found.missing == ()
        and found.spans()
        == {
            record.trigger,
            place,
            modi,
        }
    )
    assert document_events(session.store, session.schema, add_document(session.store, "x")) == []


def test_span_links_and_the_phrase_a_deletion_uses(session: Session, doc: int) -> None:
    event = meet(session, doc)
    modi = add(session, doc, "Narendra Modi", "PERSON")
    place = add(session, doc, "South Africa", "GPE")
    session.execute(AddArgument(event, "participant", modi))
    session.execute(AddRelation(modi, place, "AFFILIATION"))
    links = span_links(session.store, modi)
    assert (len(links.relations), [a.role for a, _e in links.roles], links.count) == (
        1,
        ["participant"],
        2,
    )
    assert links_phrase(links) == " and its 2 links"
    trigger = session.store.events(doc)[0].trigger
    assert links_phrase(span_links(session.store, trigger)) == " and its MEET event"
    assert links_phrase(span_links(session.store, place)) == " and its 1 link"
    assert not span_links(session.store, 999)


def test_roles_offered_for_a_label_and_the_refusal_names_what_each_role_takes(
    session: Session,
) -> None:
    schema = session.schema
    assert roles_offered(session, "MEET", "ORG") == ["participant", "occasion"]
    assert roles_offered(session, "SIGN_AGREEMENT", "LAW") == ["instrument", "topic"]
    assert role_choices(schema, "MEET", "CARDINAL") == ()
    assert role_refusal(schema, "MEET", "CARDINAL") == (
        "No role of MEET takes CARDINAL: participant takes GPE, NORP, ORG, PERSON; place takes"
        " FAC, GPE, LOC; time takes DATE, TIME; occasion takes EVENT, ORG"
    )
    assert "is an event trigger" in role_refusal(schema, "MEET", "SIGN_AGREEMENT")


def test_relations_offered_for_two_labels_and_refused_with_the_schema_named() -> None:
    schema = parse_schema(
        {
            "labels": [{"name": "PERSON"}, {"name": "ORG"}, {"name": "DATE"}],
            "relations": [{"name": "MEMBER_OF", "head": ["PERSON"], "child": ["ORG"]}],
        }
    )
    assert [r.name for r in relation_choices(schema, "PERSON", "ORG")] == ["MEMBER_OF"]
    assert relation_choices(schema, "DATE", "ORG") == ()
    assert relation_refusal(schema, "DATE", "ORG") == (
        "No relation links DATE to ORG: MEMBER_OF PERSON → ORG"
    )


def test_event_types_for_a_trigger_word(session: Session) -> None:
    assert event_types_for(session.schema, "met") == ("MEET",)
    assert event_types_for(session.schema, "was signed") == ("SIGN_AGREEMENT",)
    assert event_types_for(session.schema, "Seoul") == ()


# -- cascades ---------------------------------------------------------------------------------


def test_discarding_an_analysts_argument_deletes_it_and_its_links_in_one_undo_step(
    session: Session, doc: int
) -> None:
    event = meet(session, doc)
    modi = add(session, doc, "Narendra Modi", "PERSON")
    place = add(session, doc, "South Africa", "GPE")
    session.execute(AddArgument(event, "participant", modi))
    session.execute(AddRelation(modi, place, "AFFILIATION"))
    before = dump(session.store)
    change = session.execute(Discard(modi))
    assert change.description == "Delete PERSON 'Narendra Modi' and its 2 links"
    assert change.removed_spans == {modi} and len(change.arguments) == len(change.relations) == 1
    assert session.store.relations(doc) == [] and session.store.arguments(event) == []
    assert session.undo_text == "Undo Delete PERSON 'Narendra Modi' and its 2 links"
    session.undo()
    assert dump(session.store) == before


def test_rejecting_a_suggestion_that_fills_a_role_keeps_it_as_evidence_without_links(
    session: Session, doc: int
) -> None:
    event = session.execute(
        AddEvent("SIGN_AGREEMENT", document=doc, trigger_span=bounds("signed"))
    ).events
    (sign,) = event
    mou = add(session, doc, "MoU", "ORG", status=SpanStatus.SUGGESTED, origin=MODEL)
    session.execute(AddArgument(sign, "instrument", mou))
    assert session.store.span(mou).status is SpanStatus.ACCEPTED  # using it judged it
    session.undo()
    # a suggested argument (as a suggested event brings) rejected with X:
    with session.store.transaction():
        session.store.insert_row("argument", {"event_id": sign, "role": "instrument", "span": mou})
    before = dump(session.store)
    change = session.execute(Discard(mou))
    assert change.description == "Reject ORG 'MoU' and its 1 link"
    assert session.store.span(mou).status is SpanStatus.REJECTED
    assert session.store.arguments(sign) == []
    session.undo()
    assert dump(session.store) == before


def test_rejecting_a_suggested_trigger_removes_its_event_and_keeps_the_span(
    session: Session, doc: int
) -> None:
    trigger = add(session, doc, "met", "MEET", status=SpanStatus.SUGGESTED, origin=MODEL)
    modi = add(session, doc, "Narendra Modi", "PERSON")
    (event,) = session.execute(AddEvent("MEET", trigger=trigger)).events
    session.execute(AddArgument(event, "participant", modi))
    session.undo()
    session.undo()
    # as stored by a suggestion run: a suggested trigger with its event and argument
    with session.store.transaction():
        event = session.store.insert_row(
            "event", {"document_id": doc, "type": "MEET", "trigger": trigger, "attributes": "{}"}
        )
        session.store.insert_row(
            "argument", {"event_id": event, "role": "participant", "span": modi}
        )
    before = dump(session.store)
    change = session.execute(Reject(trigger))
    assert change.description == "Reject MEET 'met' and its MEET event"
    assert session.store.events(doc) == [] and session.store.arguments(event) == []
    assert session.store.span(trigger).status is SpanStatus.REJECTED
    session.undo()
    assert dump(session.store) == before
    session.execute(Accept(trigger))  # accepting the trigger accepts the event
    assert [e.id for e in session.store.events(doc)] == [event]


def test_an_analysts_span_over_a_suggested_argument_rejects_it_and_takes_over_the_role(
    session: Session, doc: int
) -> None:
    event = meet(session, doc)
    suggested = add(session, doc, "Modi", "PERSON", status=SpanStatus.SUGGESTED, origin=MODEL)
    with session.store.transaction():
        session.store.insert_row(
            "argument", {"event_id": event, "role": "participant", "span": suggested}
        )
    refit = add(session, doc, "Narendra Modi", "PERSON")  # the right extent (ADR 0015)
    assert session.store.span(suggested).status is SpanStatus.REJECTED
    assert [(a.role, a.span) for a in session.store.arguments(event)] == [("participant", refit)]
    # a span that only meets the suggestion (not nested with it) takes nothing over
    session.undo()
    add(session, doc, "di met", "PERSON")
    assert session.store.arguments(event) == []


def test_mark_done_drops_the_links_of_a_suggestion_it_must_reject(
    session: Session, doc: int
) -> None:
    event = meet(session, doc)
    first = add(session, doc, "Narendra Modi", "PERSON", status=SpanStatus.SUGGESTED, origin=MODEL)
    second = add(session, doc, "Modi", "PERSON", status=SpanStatus.SUGGESTED, origin=MODEL)
    with session.store.transaction():
        session.store.insert_row(
            "argument", {"event_id": event, "role": "participant", "span": second}
        )
    session.execute(MarkDone(doc))
    assert session.store.span(first).status is SpanStatus.ACCEPTED
    assert session.store.span(second).status is SpanStatus.REJECTED
    assert session.store.arguments(event) == []


def test_a_relation_to_a_suggestion_accepts_it(session: Session, doc: int) -> None:
    kasa = add(session, doc, "KASA", "ORG", status=SpanStatus.SUGGESTED, origin=MODEL)
    seoul = add(session, doc, "Seoul", "GPE")
    session.execute(AddRelation(kasa, seoul, "LOCATED_IN"))
    assert session.store.span(kasa).status is SpanStatus.ACCEPTED


def test_an_event_refuses_an_entity_span_as_its_trigger(session: Session, doc: int) -> None:
    modi = add(session, doc, "Narendra Modi", "PERSON")
    with pytest.raises(CommandError, match="the trigger of a MEET event is a span labelled MEET"):
        session.execute(AddEvent("MEET", trigger=modi))


def test_removing_a_trigger_says_its_event_goes_too(session: Session, doc: int) -> None:
    meet(session, doc)
    trigger = session.store.events(doc)[0].trigger
    assert RemoveSpan(trigger).describe(session.store) == "Delete MEET 'met' and its MEET event"


def test_roles_that_name_the_label_come_before_roles_that_take_anything(
    session: Session,
) -> None:
    assert roles_offered(session, "TALKS", "DATE") == ["time", "topic"]
    assert roles_offered(session, "TALKS", "GPE") == ["participant", "place", "topic"]
