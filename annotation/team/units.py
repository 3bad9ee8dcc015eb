"""What analysts can agree on, as comparable keys: a span, a relation, an event and its roles.

A layer's rows have the layer's own ids; keys name the same annotation the same way in every
layer and in the adjudicated layer, so versions can be compared, agreed ones kept and one
analyst's version written into the adjudicated layer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from annotation.model import Argument, Event, Relation
from annotation.schema import Schema

#: (start, end, label, calendar value): the value only for DATE/TIME labels
SpanKey = tuple[int, int, str, str | None]
#: (head, child, relation label)
RelationKey = tuple[SpanKey, SpanKey, str]
#: (event type, trigger)
EventKey = tuple[str, SpanKey]
#: (role, filler)
RoleKey = tuple[str, SpanKey]
#: event attributes as sorted (name, value) pairs
Attributes = tuple[tuple[str, Any], ...]
#: a span's key, or any tuple that starts with a start and an end offset
Bounded = TypeVar("Bounded", bound=tuple[Any, ...])


class SpanLike(Protocol):
    """A span as units need it: a `Span` of the project or a `LayerSpan` of a layer."""

    @property
    def id(self) -> int: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def label(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def value(self) -> str | None: ...
    @property
    def value_origin(self) -> str | None: ...
    @property
    def note(self) -> str | None: ...


@dataclass(frozen=True)
class EventVersion:
    """One analyst's event on a trigger: its attributes and the roles filled."""

    attributes: Attributes
    roles: frozenset[RoleKey]


@dataclass(frozen=True)
class Units:
    """One version of a document (an analyst's layer, or the adjudicated layer) as keys.

    Only accepted spans count: a rejected one says "not an entity", which is what an absent key
    says too. `spans` keeps a record of each key (its note, who decided it).
    """

    spans: dict[SpanKey, SpanLike]
    relations: frozenset[RelationKey]
    events: dict[EventKey, EventVersion]

    @classmethod
    def of(
        cls,
        schema: Schema,
        spans: Iterable[SpanLike],
        relations: Iterable[Relation] = (),
        events: Iterable[Event] = (),
        arguments: Iterable[Argument] = (),
    ) -> Units:
        keys: dict[int, SpanKey] = {}
        records: dict[SpanKey, SpanLike] = {}
        for span in spans:
            if span.status != "accepted":
                continue
            key = span_key(schema, span)
            keys[span.id] = key
            records.setdefault(key, span)
        linked = frozenset(
            (keys[r.head], keys[r.child], r.label)
            for r in relations
            if r.head in keys and r.child in keys
        )
        roles: dict[int, set[RoleKey]] = {}
        for argument in arguments:
            if argument.span in keys:
                roles.setdefault(argument.event_id, set()).add((argument.role, keys[argument.span]))
        found: dict[EventKey, EventVersion] = {}
        for event in events:
            if event.trigger not in keys:
                continue
            found[(event.type, keys[event.trigger])] = EventVersion(
                attributes_key(event.attributes), frozenset(roles.get(event.id, ()))
            )
        return cls(records, linked, found)


def span_key(schema: Schema, span: SpanLike) -> SpanKey:
    value = span.value if schema.is_temporal(span.label) else None
    return (span.start, span.end, span.label, value)


def attributes_key(attributes: dict[str, Any]) -> Attributes:
    return tuple(sorted((str(k), v) for k, v in attributes.items()))


def overlaps(a: SpanKey, b: SpanKey) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def overlapping_groups(items: Iterable[Bounded]) -> list[list[Bounded]]:
    """Items (start, end, ...) in text order, gathered into groups of overlapping ones: an item
    joins the group when it starts before the group's furthest end."""
    groups: list[list[Bounded]] = []
    reach = -1
    for item in items:
        if groups and item[0] < reach:
            groups[-1].append(item)
            reach = max(reach, item[1])
        else:
            groups.append([item])
            reach = item[1]
    return groups


def span_order(key: SpanKey) -> tuple[int, int, str, str]:
    """Text order of span keys (a missing value sorts first)."""
    return (key[0], key[1], key[2], key[3] or "")


def relation_order(key: RelationKey) -> tuple[Any, ...]:
    return (span_order(key[0]), span_order(key[1]), key[2])


def event_order(key: EventKey) -> tuple[Any, ...]:
    return (span_order(key[1]), key[0])


def role_order(key: RoleKey) -> tuple[Any, ...]:
    return (key[0], span_order(key[1]))
