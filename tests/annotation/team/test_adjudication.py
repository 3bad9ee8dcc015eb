"""Adjudication in the core: taking a version is one edit, undone and redone like any other,
and what it leaves is what an export writes."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from annotation.commands import CommandError, MarkDone
from annotation.exporter import ExportOptions, export
from annotation.session import Session
from annotation.team.adjudication import TakeVersion, taken
from annotation.team.basis import export_basis
from annotation.team.disagreements import (
    EventDisagreement,
    RelationDisagreement,
    SpanDisagreement,
)
from annotation.team.merge import merge
from annotation.team.review import adjudicated, review
from tests.annotation.team.conftest import PARIS, Analyst


@pytest.fixture
def team(desk: dict[str, Analyst], tmp_path: Path) -> Session:
    merge([desk[n].path for n in ("alice", "bob", "carol")], tmp_path / "team.db")
    session = Session.open(tmp_path / "team.db", annotator="editor", create=False)
    yield session
    session.close()


def _paris(session: Session) -> int:
    return next(i for i in session.store.document_ids() if session.store.document(i).text == PARIS)


def _spans(session: Session, document: int) -> dict[str, tuple[str, str, str | None]]:
    return {
        PARIS[s.start : s.end]: (s.label, s.origin, s.value) for s in session.store.spans(document)
    }


def test_review_lists_each_disagreement_with_who_said_what(team: Session) -> None:
    doc = _paris(team)
    found = review(team.store, team.schema, doc)
    assert found.analysts == ("alice", "bob", "carol")
    kinds = [type(item).__name__ for item in found.items]
    assert kinds == ["SpanDisagreement", "SpanDisagreement", "EventDisagreement"]
    friday, airbus, meet = found.items
    assert isinstance(friday, SpanDisagreement) and isinstance(airbus, SpanDisagreement)
    assert PARIS[friday.start : friday.end] == "Friday"
    assert {name: sorted(keys) for name, keys in friday.versions} == {
        "alice": [(44, 50, "DATE", "2025-05-30")],
        "bob": [(44, 50, "DATE", "2025-06-06")],
        "carol": [(44, 50, "DATE", "2025-05-30")],
    }
    assert {name: [k[2] for k in keys] for name, keys in airbus.versions} == {
        "alice": ["ORG"],
        "bob": ["PRODUCT"],
        "carol": [],
    }
    assert isinstance(meet, EventDisagreement) and meet.key[0] == "MEET"
    participants = {
        name: sorted(PARIS[k[0] : k[1]] for role, k in version.roles if role == "participant")
        for name, version in meet.versions
        if version is not None
    }
    assert participants["carol"] == ["Emmanuel Macron"]
    assert participants["alice"] == ["Emmanuel Macron", "Olaf Scholz"]
    main = adjudicated(team.store, team.schema, doc)
    assert taken(airbus, main, team.schema) == ("carol",)  # nothing there yet, as carol said


def test_taking_a_version_is_one_edit_undone_and_redone(team: Session) -> None:
    doc = _paris(team)
    airbus = review(team.store, team.schema, doc).items[1]
    team.execute(TakeVersion(doc, airbus, ("alice",)))
    assert _spans(team, doc)["Airbus"] == ("ORG", "analyst:alice", None)
    note = next(s.note for s in team.store.spans(doc) if s.label == "ORG")
    assert note == "the company, not the plane"
    assert team.undo_text == "Undo Adjudicate 'Airbus': take alice's version"
    team.execute(TakeVersion(doc, airbus, ("bob",)))
    assert _spans(team, doc)["Airbus"] == ("PRODUCT", "analyst:bob", None)
    assert taken(airbus, adjudicated(team.store, team.schema, doc), team.schema) == ("bob",)
    team.undo()
    assert _spans(team, doc)["Airbus"][0] == "ORG"
    team.undo()
    assert "Airbus" not in _spans(team, doc)
    team.redo()
    assert _spans(team, doc)["Airbus"][0] == "ORG"


def test_both_versions_that_cannot_stand_together_are_refused(team: Session) -> None:
    doc = _paris(team)
    airbus = review(team.store, team.schema, doc).items[1]
    before = _spans(team, doc)
    with pytest.raises(CommandError, match=r"cannot both stand.*overlaps"):
        team.execute(TakeVersion(doc, airbus, ("alice", "bob")))
    assert _spans(team, doc) == before and not team.can_undo


def test_a_value_and_an_event_version_are_taken(team: Session) -> None:
    doc = _paris(team)
    friday, _airbus, meet = review(team.store, team.schema, doc).items
    team.execute(TakeVersion(doc, friday, ("bob",)))
    assert _spans(team, doc)["Friday"] == ("DATE", "analyst:bob", "2025-06-06")
    team.execute(TakeVersion(doc, friday, ("alice",)))
    assert _spans(team, doc)["Friday"][2] == "2025-05-30"
    assert isinstance(meet, EventDisagreement)
    team.execute(TakeVersion(doc, meet, ("alice",)))
    (event,) = team.store.events(doc)
    fillers = {
        (a.role, PARIS[team.store.span(a.span).start : team.store.span(a.span).end])
        for a in team.store.arguments(event.id)
    }
    assert ("participant", "Olaf Scholz") in fillers
    team.execute(TakeVersion(doc, meet, ()))
    assert team.store.events(doc) == []
    team.undo()
    assert len(team.store.events(doc)) == 1


def test_exports_write_the_adjudicated_layer_and_say_so(team: Session, tmp_path: Path) -> None:
    doc = _paris(team)
    friday, airbus, _meet = review(team.store, team.schema, doc).items
    team.execute(TakeVersion(doc, airbus, ("bob",)))
    team.execute(TakeVersion(doc, friday, ("alice",)))
    team.execute(MarkDone(doc))
    out = tmp_path / "out.jsonl"
    export(team.store, team.schema, out, "jsonl", ExportOptions())
    records = {r["text"]: r for r in map(orjson.loads, out.read_bytes().splitlines())}
    paris = records[PARIS]
    labels = {PARIS[s["start"] : s["end"]]: s["label"] for s in paris["spans"]}
    assert labels["Airbus"] == "PRODUCT" and labels["Friday"] == "DATE"
    basis = export_basis(team.store)
    assert basis is not None
    assert (basis.adjudicated, basis.agreed, basis.single) == (1, 0, 3)
    assert basis.describe().startswith("Team project: 1 adjudicated;")


def test_relations_are_taken_between_spans_already_settled(tmp_path: Path) -> None:
    text = "KASA is part of the Korean government."
    alice = Analyst(tmp_path / "a.db", "alice", [text])
    bob = Analyst(tmp_path / "b.db", "bob", [text])
    for who in (alice, bob):
        kasa = who.span(text, "KASA", "ORG")
        korea = who.span(text, "Korean government", "ORG")
        if who is alice:
            who.relation(kasa, korea, "PART_OF")
        who.done(text)
        who.close()
    merge([alice.path, bob.path], tmp_path / "team.db")
    session = Session.open(tmp_path / "team.db", annotator="editor", create=False)
    (item,) = review(session.store, session.schema, 1).items
    assert isinstance(item, RelationDisagreement)
    assert dict(item.versions) == {"alice": frozenset({"PART_OF"}), "bob": frozenset()}
    session.execute(TakeVersion(1, item, ("alice",)))
    assert [r.label for r in session.store.relations(1)] == ["PART_OF"]
    session.execute(TakeVersion(1, item, ("bob",)))
    assert session.store.relations(1) == []
    session.close()


def test_review_says_who_said_what_in_words(team: Session) -> None:
    from annotation.team.review import item_title, version_text

    doc = _paris(team)
    friday, airbus, meet = review(team.store, team.schema, doc).items
    assert item_title(airbus, PARIS) == "'Airbus'"
    assert version_text(airbus, "alice", PARIS) == "ORG 'Airbus'"
    assert version_text(airbus, "carol", PARIS) == "—"
    assert version_text(friday, "bob", PARIS) == "DATE 'Friday' = 2025-06-06"
    assert item_title(meet, PARIS) == "MEET event on 'met'"
    assert version_text(meet, "carol", PARIS) == (
        "participant 'Emmanuel Macron', place 'Paris', context=asserted, polarity=positive"
    )
