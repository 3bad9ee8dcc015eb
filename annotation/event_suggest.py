"""Suggested events from the dependency parse: a word that is one of an event type's trigger
words ('met', 'signed'), with the entities around it as candidate arguments.

spaCy stays behind this boundary as in `annotation.suggest`: `find_events` reads a parsed Doc and
returns plain records (the trigger's offsets and the head words of the phrases around it, by
syntactic position); `assign_arguments` gives those phrases roles once the document's spans are
known (when a suggestion batch is saved, where the project's schema is at hand). The pipeline
runs without tagger and lemmatizer (ADR 0005), so this reads dependency labels and word forms
only, as the schema's `triggers` are word forms. Decisions: docs/adr/0006-suggested-events.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from annotation.model import Span, SpanStatus
from annotation.schema import EventType, Role, Schema
from annotation.store import Store

SlotKind = Literal["agent", "patient", "place", "time", "other"]

#: Prepositions whose object is a co-participant, a place or a time.
_PREPOSITIONS: dict[str, SlotKind] = {
    **dict.fromkeys(("with", "between", "among", "amongst", "alongside", "against"), "agent"),
    **dict.fromkeys(
        ("in", "at", "near", "inside", "outside", "across", "into", "to", "from", "around"),
        "place",
    ),
    **dict.fromkeys(("on", "during", "since", "until", "till", "before", "after"), "time"),
}
#: Dependencies of a word used as a modifier ('the recently concluded MoU'): not a trigger.
_MODIFIERS = frozenset({"amod", "compound", "nmod", "poss", "det", "case", "punct"})
_OBJECTS = frozenset({"dobj", "attr", "dative", "oprd"})
_FUTURE = frozenset({"will", "shall", "'ll"})
_HYPOTHETICAL = frozenset({"would", "could", "might", "may", "should"})
#: How far a chain of prepositional phrases is followed ('met on the sidelines of the G20 Summit
#: in South Africa' reaches South Africa at the third).
_DEPTH = 3
#: Roles that say where and when (chosen by the span's label and the preposition, not by order).
_SETTING = frozenset({"place", "time"})


@dataclass(frozen=True, slots=True)
class Slot:
    """A candidate argument: the head word of a phrase in a syntactic position."""

    kind: SlotKind
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class EventHint:
    """What the parse says about a suggested trigger: candidate arguments and attributes."""

    slots: tuple[Slot, ...]
    attributes: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class FoundEvent:
    """A trigger word of an event type with its hint (offsets in code points)."""

    start: int
    end: int
    type: str
    hint: EventHint


def find_events(doc: Any, events: Sequence[EventType]) -> list[FoundEvent]:
    """Trigger words of the event types in a parsed Doc, each with its candidate arguments.

    A word inside one of the Doc's entities ('the G20 *Summit*') or used as a modifier is not a
    trigger, and neither is one without any candidate around it. Needs the parser: a Doc without
    dependencies gives nothing.
    """
    if not events or not doc.has_annotation("DEP"):
        return []
    types: dict[str, str] = {}
    for event in events:
        for word in sorted(event.triggers):
            types.setdefault(word, event.type)
    inside = {token.i for ent in doc.ents for token in ent}
    found = []
    for token in doc:
        type_ = types.get(token.lower_)
        if type_ is None or token.i in inside or token.dep_ in _MODIFIERS:
            continue
        slots = _slots(token)
        if slots:
            start = token.idx
            found.append(
                FoundEvent(
                    start, start + len(token.text), type_, EventHint(slots, _attributes(token))
                )
            )
    return found


def _conjuncts(token: Any) -> Iterator[Any]:
    yield token
    yield from token.conjuncts


def _slots(trigger: Any) -> tuple[Slot, ...]:
    found: dict[int, Slot] = {}

    def add(token: Any, kind: SlotKind) -> None:
        for item in _conjuncts(token):
            if item.i != trigger.i and item.i not in found:
                found[item.i] = Slot(kind, item.idx, item.idx + len(item.text))

    def prepositional(prep: Any, depth: int) -> None:
        kind = _PREPOSITIONS.get(prep.lower_, "other")
        for obj in prep.children:
            if obj.dep_ not in ("pobj", "pcomp"):
                continue
            add(obj, kind)
            if depth < _DEPTH:
                for nested in obj.children:
                    if nested.dep_ == "prep":
                        prepositional(nested, depth + 1)

    has_subject = False
    for child in trigger.children:
        dep = child.dep_
        if dep in ("nsubj", "csubj"):
            add(child, "agent")
            has_subject = True
        elif dep == "nsubjpass":  # 'the MoU between KASA and ISRO was signed'
            add(child, "patient")
            has_subject = True
            for nested in child.children:
                if nested.dep_ == "prep" and _PREPOSITIONS.get(nested.lower_) == "agent":
                    prepositional(nested, _DEPTH)
        elif dep in _OBJECTS:
            add(child, "patient")
        elif dep == "agent":  # 'signed by KASA'
            for obj in child.children:
                if obj.dep_ == "pobj":
                    add(obj, "agent")
        elif dep == "prep":
            prepositional(child, 1)
        elif dep in ("npadvmod", "tmod"):
            add(child, "time")
    head = trigger.head
    if not has_subject and head is not trigger and trigger.dep_ in ("conj", "xcomp", "dobj"):
        # 'met … and held talks', 'agreed to sign', 'held talks': the governing verb's subject
        for child in head.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                add(child, "agent")
    return tuple(found.values())


def _attributes(trigger: Any) -> tuple[tuple[str, str], ...]:
    attributes = []
    children = list(trigger.children)
    if any(child.dep_ == "neg" for child in children):
        attributes.append(("polarity", "negative"))
    auxiliaries = {child.lower_ for child in children if child.dep_ in ("aux", "auxpass")}
    if auxiliaries & _FUTURE:
        attributes.append(("context", "future"))
    elif auxiliaries & _HYPOTHETICAL:
        attributes.append(("context", "hypothetical"))
    return tuple(attributes)


# -- roles -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Candidate:
    """An entity span that may fill a role: its offsets, label, id and whether it is accepted."""

    start: int
    end: int
    label: str
    key: int
    accepted: bool = False


def assign_arguments(
    event_type: EventType,
    hint: EventHint,
    spans: Iterable[Candidate],
    temporal_labels: Iterable[str] = ("DATE", "TIME"),
) -> list[tuple[str, int]]:
    """(role, span key) for each slot that an entity span covers and a role of the type takes.

    The span covering a slot's head word is the candidate (an accepted one before a suggestion,
    then the shortest). DATE/TIME spans fill `time`; places after 'in', 'at'… fill `place`;
    subjects and co-participants ('with', 'between') fill the type's first role that takes their
    label; objects and other phrases a later one ('KASA and ISRO signed *the MoU*': instrument,
    not signatory). A role that does not repeat is filled once, and a span fills one role.
    """
    temporal = frozenset(temporal_labels)
    ordered = sorted(spans, key=lambda s: (not s.accepted, s.end - s.start, s.start))
    filled: dict[str, int] = {}
    used: set[int] = set()
    result = []
    for slot in hint.slots:
        span = next(
            (
                s
                for s in ordered
                if s.start <= slot.start and slot.end <= s.end and s.key not in used
            ),
            None,
        )
        if span is None:
            continue
        role = _role_for(event_type, slot.kind, span.label, temporal, filled)
        if role is None:
            continue
        result.append((role.name, span.key))
        filled[role.name] = filled.get(role.name, 0) + 1
        used.add(span.key)
    return result


def _role_for(
    event_type: EventType,
    kind: SlotKind,
    label: str,
    temporal: frozenset[str],
    filled: dict[str, int],
) -> Role | None:
    open_roles = [r for r in event_type.roles_for(label) if r.repeats or not filled.get(r.name)]
    if not open_roles:
        return None
    named = {role.name: role for role in open_roles}
    if label in temporal:
        return named.get("time")
    place = event_type.role("place")
    if kind == "place" and place is not None and place.accepts(label):
        return named.get("place")  # 'met at the Embassy in Seoul': one place, not a participant
    core = [role for role in open_roles if role.name not in _SETTING]
    if not core:
        return named.get("place") if kind != "agent" else None
    if kind == "agent":
        return core[0]
    first = next((r.name for r in event_type.roles if r.name not in _SETTING), None)
    later = [role for role in core if role.name != first]
    return (later or core)[0]


# -- storing ----------------------------------------------------------------------------------


class EventBatch:
    """The events of the suggested triggers in one suggestion batch (`save_suggestions`).

    Entity spans (already stored, or new in the batch) are registered per document; a trigger
    whose hint yields no argument among them is not stored (a trigger word with no entity
    around it is noise). Ids are handed out inside the batch's write transaction.
    """

    def __init__(self, schema: Schema, store: Store) -> None:
        self.schema = schema
        self.next_event = store.next_id("event")
        self.next_argument = store.next_id("argument")
        self.events: list[dict[str, Any]] = []
        self.arguments: list[dict[str, Any]] = []
        self._spans: list[Candidate] = []
        self._defaults = {
            key: values[0] for key, values in schema.event_attributes.items() if values
        }

    def start_document(self, spans: Iterable[Span]) -> None:
        """The document's stored spans: its accepted and suggested entities may be arguments."""
        self._spans = [
            Candidate(s.start, s.end, s.label, s.id, s.status is SpanStatus.ACCEPTED)
            for s in spans
            if s.status is not SpanStatus.REJECTED and not self.schema.is_trigger(s.label)
        ]

    def arguments_for(self, label: str, hint: EventHint | None) -> list[tuple[str, int]]:
        """(role, span id) for a suggested trigger; [] for anything else."""
        event_type = self.schema.event(label)
        if hint is None or event_type is None:
            return []
        return assign_arguments(event_type, hint, self._spans, self.schema.temporal_labels)

    def add(
        self,
        document_id: int,
        span_id: int,
        start: int,
        end: int,
        label: str,
        hint: EventHint | None,
        arguments: Sequence[tuple[str, int]],
    ) -> None:
        """A new span of the batch: an entity to link to, or a trigger with its event."""
        if not arguments:
            if not self.schema.is_trigger(label):
                self._spans.append(Candidate(start, end, label, span_id))
            return
        allowed = self.schema.event_attributes
        attributes = dict(self._defaults)
        for key, value in hint.attributes if hint is not None else ():
            if value in allowed.get(key, ()):
                attributes[key] = value
        event_id = self.next_event
        self.next_event += 1
        self.events.append(
            {
                "id": event_id,
                "document_id": document_id,
                "type": label,
                "trigger": span_id,
                "attributes": attributes,
            }
        )
        for role, argument in arguments:
            self.arguments.append(
                {"id": self.next_argument, "event_id": event_id, "role": role, "span": argument}
            )
            self.next_argument += 1
