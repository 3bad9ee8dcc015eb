"""Analysts' projects built through the real commands (so their edit logs are real)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from annotation.commands import (
    AddArgument,
    AddEvent,
    AddRelation,
    AddSpan,
    MarkDone,
    SetDocumentStatus,
)
from annotation.model import DocStatus, NewSpan, ValueOrigin
from annotation.session import Session
from tests.annotation.conftest import add_document

PARIS = (
    "Emmanuel Macron met Olaf Scholz in Paris on Friday. The two leaders signed a pact with Airbus."
)
NAIROBI = "William Ruto visited Kampala on Monday with KenGen officials."
TALLINN = "Kaja Kallas said Estonia will spend 3% of GDP on defence."
SEOUL = "Lee Jae-myung announced the plan in Seoul on 3 June 2025."
META: dict[str, dict[str, Any]] = {
    PARIS: {"source": "Wire", "published": "2025-06-02"},
    NAIROBI: {"source": "Daily", "published": "2025-06-03"},
    TALLINN: {"source": "ERR", "published": "2025-06-04"},
    SEOUL: {"source": "Yonhap", "published": "2025-06-05"},
}


class Analyst:
    """One analyst's project, edited as the window would edit it."""

    def __init__(self, path: Path, name: str, texts: list[str]) -> None:
        self.path = path
        self.session = Session.open(path, annotator=name)
        self.ids = {
            text: add_document(self.session.store, text, **META.get(text, {})) for text in texts
        }

    def span(
        self,
        text: str,
        phrase: str,
        label: str,
        *,
        value: str | None = None,
        note: str | None = None,
        nth: int = 0,
    ) -> int:
        start = -1
        for _ in range(nth + 1):
            start = text.index(phrase, start + 1)
        new = NewSpan(
            start,
            start + len(phrase),
            label,
            value=value,
            value_origin=ValueOrigin.ANALYST if value else None,
            note=note,
        )
        change = self.session.execute(AddSpan(self.ids[text], new))
        assert change.added_span is not None
        return change.added_span

    def relation(self, head: int, child: int, label: str) -> None:
        self.session.execute(AddRelation(head, child, label))

    def event(self, trigger: int, type_: str, roles: dict[str, int], **attributes: str) -> int:
        change = self.session.execute(AddEvent(type_, trigger=trigger, attributes=attributes))
        event_id = next(iter(change.events))
        for role, span in roles.items():
            self.session.execute(AddArgument(event_id, role, span))
        return event_id

    def done(self, text: str) -> None:
        self.session.execute(MarkDone(self.ids[text]))

    def status(self, text: str, status: DocStatus) -> None:
        self.session.execute(SetDocumentStatus(self.ids[text], status))

    def close(self) -> None:
        self.session.close()


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[dict[str, Analyst]]:
    analysts = build_desk(tmp_path / "analysts")
    yield analysts
    for who in analysts.values():
        who.close()


def build_desk(folder: Path) -> dict[str, Analyst]:
    """Three analysts: PARIS for all three, NAIROBI for alice and bob, SEOUL alice's alone and
    TALLINN carol's alone; each marks things a little differently."""
    alice = Analyst(folder / "alice.db", "alice", [PARIS, NAIROBI, SEOUL])
    bob = Analyst(folder / "bob.db", "bob", [PARIS, NAIROBI])
    carol = Analyst(folder / "carol.db", "carol", [TALLINN, PARIS])
    for who in (alice, bob, carol):
        macron = who.span(PARIS, "Emmanuel Macron", "PERSON")
        scholz = who.span(PARIS, "Olaf Scholz", "PERSON")
        paris = who.span(PARIS, "Paris", "GPE")
        met = who.span(PARIS, "met", "MEET")
        event = who.event(met, "MEET", {"place": paris}, polarity="positive")
        who.session.execute(AddArgument(event, "participant", macron))
        if who is not carol:  # carol leaves Scholz out of the meeting
            who.session.execute(AddArgument(event, "participant", scholz))
    alice.span(PARIS, "Friday", "DATE", value="2025-05-30")
    bob.span(PARIS, "Friday", "DATE", value="2025-06-06")
    carol.span(PARIS, "Friday", "DATE", value="2025-05-30")
    alice.span(PARIS, "Airbus", "ORG", note="the company, not the plane")
    bob.span(PARIS, "Airbus", "PRODUCT")
    for who in (alice, bob, carol):
        who.done(PARIS)
    alice.span(NAIROBI, "William Ruto", "PERSON")
    alice.span(NAIROBI, "Kampala", "GPE")
    bob.span(NAIROBI, "William Ruto", "PERSON")
    bob.span(NAIROBI, "Kampala", "GPE")
    alice.span(NAIROBI, "KenGen", "ORG")
    alice.done(NAIROBI)
    alice.span(SEOUL, "Lee Jae-myung", "PERSON")
    alice.span(SEOUL, "Seoul", "GPE")
    alice.done(SEOUL)
    carol.span(TALLINN, "Kaja Kallas", "PERSON")
    carol.span(TALLINN, "Estonia", "GPE")
    carol.done(TALLINN)
    return {"alice": alice, "bob": bob, "carol": carol}
