"""What links spans: events with their arguments, and relations; and the schema's answers to
"which roles (or relations) may this span take" that a gesture asks before it builds a command.

Reads only. The rules themselves are enforced by the commands (`AddArgument`, `AddRelation`);
these functions let a view offer exactly what the commands accept and say why something is
refused, in the words the commands use.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from annotation.model import Argument, Event, Relation
from annotation.schema import EventType, RelationType, Role, Schema
from annotation.store import Store, event_from_row

_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class EventRecord:
    """An event with its arguments (in the order they were added) and the required roles no
    span fills yet."""

    event: Event
    arguments: tuple[Argument, ...]
    missing: tuple[str, ...]

    @property
    def id(self) -> int:
        return self.event.id

    @property
    def type(self) -> str:
        return self.event.type

    @property
    def trigger(self) -> int:
        return self.event.trigger

    def spans(self) -> set[int]:
        """The trigger and every argument span."""
        return {self.event.trigger, *(argument.span for argument in self.arguments)}


def missing_roles(event_type: EventType | None, arguments: Iterable[Argument]) -> tuple[str, ...]:
    """Required roles of the type that none of the arguments fills, in schema order."""
    if event_type is None:
        return ()
    filled = {argument.role for argument in arguments}
    return tuple(r.name for r in event_type.roles if r.required and r.name not in filled)


def document_events(store: Store, schema: Schema, document_id: int) -> list[EventRecord]:
    """Every event of a document, in the order they were made, with their arguments."""
    events = store.events(document_id)
    if not events:
        return []
    by_event: dict[int, list[Argument]] = {}
    for argument in store.document_arguments(document_id):
        by_event.setdefault(argument.event_id, []).append(argument)
    return [
        EventRecord(
            event,
            tuple(by_event.get(event.id, ())),
            missing_roles(schema.event(event.type), by_event.get(event.id, ())),
        )
        for event in events
    ]


def event_record(store: Store, schema: Schema, event_id: int) -> EventRecord | None:
    """One event with its arguments, or None when it is gone."""
    row = store.row("event", event_id)
    if row is None:
        return None
    event = event_from_row(row)
    arguments = tuple(store.arguments(event_id))
    return EventRecord(event, arguments, missing_roles(schema.event(event.type), arguments))


@dataclass(frozen=True, slots=True)
class SpanLinks:
    """Everything that hangs on one span."""

    #: relations the span is the head or the child of
    relations: tuple[Relation, ...] = ()
    #: roles the span fills, each with its event
    roles: tuple[tuple[Argument, Event], ...] = ()
    #: events the span is the trigger of
    events: tuple[Event, ...] = ()

    @property
    def count(self) -> int:
        """Relations and roles: the links deleting (or rejecting) the span removes with it."""
        return len(self.relations) + len(self.roles)

    def __bool__(self) -> bool:
        return bool(self.relations or self.roles or self.events)


def span_links(store: Store, span_id: int) -> SpanLinks:
    """The relations, roles and events of a span (empty when it has none or is gone)."""
    relations, arguments, events = store.span_links(span_id)
    roles = []
    for argument in arguments:
        row = store.row("event", argument.event_id)
        if row is not None:
            roles.append((argument, event_from_row(row)))
    return SpanLinks(tuple(relations), tuple(roles), tuple(events))


def links_phrase(links: SpanLinks) -> str:
    """What else goes when a span goes: '', ' and its 2 links', ' and its MEET event'."""
    parts = []
    if links.events:
        types = " and ".join(sorted({event.type for event in links.events}))
        parts.append(f"{types} event" if len(links.events) == 1 else f"{types} events")
    if links.count:
        parts.append(f"{links.count} link" if links.count == 1 else f"{links.count} links")
    return f" and its {' and '.join(parts)}" if parts else ""


# -- what the schema allows -------------------------------------------------------------------


def role_choices(schema: Schema, event_type: str, label: str) -> tuple[Role, ...]:
    """The roles of an event type that a span with this label may fill: first those that name
    the label (a DATE is a `time` before it is a `topic`, which takes anything), each group in
    schema order."""
    found = schema.event(event_type)
    if found is None:
        return ()
    roles = found.roles_for(label)
    return tuple(sorted(roles, key=lambda role: not role.labels))


def _takes(labels: frozenset[str]) -> str:
    return ", ".join(sorted(labels)) if labels else "any label"


def role_refusal(schema: Schema, event_type: str, label: str) -> str:
    """Why no role of the event type takes a span with this label (for the analyst)."""
    found = schema.event(event_type)
    if found is None:
        return f"{event_type} is not an event type of the schema {schema.name!r}"
    if schema.is_trigger(label):
        return f"{label} is an event trigger; an argument of {event_type} is an entity span"
    roles = "; ".join(f"{role.name} takes {_takes(role.labels)}" for role in found.roles)
    return f"No role of {event_type} takes {label}: {roles}"


def relation_choices(schema: Schema, head_label: str, child_label: str) -> tuple[RelationType, ...]:
    """The relations that may link a head with this label to a child with that one."""
    return tuple(rel for rel in schema.relations if rel.accepts(head_label, child_label))


def relation_refusal(schema: Schema, head_label: str, child_label: str) -> str:
    """Why no relation of the schema links these labels (for the analyst)."""
    if schema.is_trigger(head_label) or schema.is_trigger(child_label):
        return "Relations link entity spans; an event trigger takes arguments instead (E)"
    known = "; ".join(
        f"{rel.name} {_takes(rel.head)} → {_takes(rel.child)}" for rel in schema.relations
    )
    return f"No relation links {head_label} to {child_label}: {known or 'the schema has none'}"


def event_types_for(schema: Schema, text: str) -> tuple[str, ...]:
    """Event types whose trigger words occur in `text` ('met' -> MEET), in schema order."""
    words = {word.lower() for word in _WORD.findall(text)}
    return tuple(event.type for event in schema.events if words & event.triggers)


def involved_spans(records: Sequence[EventRecord], relations: Iterable[Relation]) -> set[int]:
    """Every span that is a trigger, an argument or a relation end."""
    spans: set[int] = set()
    for record in records:
        spans |= record.spans()
    for relation in relations:
        spans.add(relation.head)
        spans.add(relation.child)
    return spans
