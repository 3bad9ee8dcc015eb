"""Where analysts' versions of a document agree and where they do not.

`agreed` is what every analyst who finished a document marked alike (a merge writes it into the
adjudicated layer); `disagreements` lists the rest, each as the analysts' versions of one place:
spans that overlap (a region, per layer: entities and event triggers), one event (on a trigger),
or the relations between two spans. Adjudication takes one version (or all, or none) of each.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeAlias

from annotation.schema import Schema
from annotation.team.units import (
    EventKey,
    EventVersion,
    SpanKey,
    SpanLike,
    Units,
    event_order,
    overlapping_groups,
    span_order,
)


@dataclass(frozen=True)
class SpanDisagreement:
    """Overlapping spans not every analyst marked: each analyst's spans in the region."""

    start: int
    end: int
    trigger: bool
    versions: tuple[tuple[str, frozenset[SpanKey]], ...]
    #: (analyst, span) for every span of the versions: notes and value origins to take along
    records: tuple[tuple[str, SpanLike], ...] = ()

    def record(self, name: str, key: SpanKey) -> SpanLike | None:
        """The analyst's span with this key."""
        return next(
            (span for who, span in self.records if who == name and _key(span) == key[:3]), None
        )

    @property
    def keys(self) -> frozenset[SpanKey]:
        """Every analyst's spans of the region."""
        return frozenset().union(*(keys for _name, keys in self.versions))


@dataclass(frozen=True)
class EventDisagreement:
    """An event not every analyst marked alike: each analyst's version (None: no event)."""

    key: EventKey
    versions: tuple[tuple[str, EventVersion | None], ...]

    @property
    def start(self) -> int:
        return self.key[1][0]

    @property
    def end(self) -> int:
        return self.key[1][1]


@dataclass(frozen=True)
class RelationDisagreement:
    """The relations between two spans, where analysts differ: each analyst's labels."""

    head: SpanKey
    child: SpanKey
    versions: tuple[tuple[str, frozenset[str]], ...]

    @property
    def start(self) -> int:
        return min(self.head[0], self.child[0])

    @property
    def end(self) -> int:
        return max(self.head[1], self.child[1])


Disagreement: TypeAlias = SpanDisagreement | EventDisagreement | RelationDisagreement


def agreed(versions: Mapping[str, Units]) -> Units:
    """What every version holds: spans, relations, events (with the roles all gave them)."""
    if not versions:
        return Units({}, frozenset(), {})
    first, *others = versions.values()
    spans = {key: span for key, span in first.spans.items() if all(key in o.spans for o in others)}
    relations = first.relations.intersection(*(o.relations for o in others))
    events: dict[EventKey, EventVersion] = {}
    for key, event in first.events.items():
        theirs = [o.events.get(key) for o in others]
        if all(t is not None and t.attributes == event.attributes for t in theirs):
            roles = event.roles.intersection(*(t.roles for t in theirs if t is not None))
            events[key] = EventVersion(event.attributes, roles)
    return Units(spans, relations, events)


def disagreements(versions: Mapping[str, Units], schema: Schema) -> list[Disagreement]:
    """Every place the versions differ: spans first (text order), then events, then relations,
    the order an adjudicator settles them in (a link needs its spans settled first)."""
    if len(versions) < 2:
        return []
    regions = _span_regions(versions, schema, False) + _span_regions(versions, schema, True)
    regions.sort(key=lambda item: (item.start, item.end, item.trigger))
    found: list[Disagreement] = list(regions)
    events = _events(versions)
    events.sort(key=lambda item: event_order(item.key))
    relations = _relations(versions)
    relations.sort(key=lambda item: (item.start, span_order(item.head), span_order(item.child)))
    found += events
    found += relations
    return found


def _span_regions(
    versions: Mapping[str, Units], schema: Schema, trigger: bool
) -> list[SpanDisagreement]:
    names = list(versions)
    disputed = sorted(
        (
            key
            for units in versions.values()
            for key in units.spans
            if schema.is_trigger(key[2]) == trigger
            and not all(key in other.spans for other in versions.values())
        ),
        key=span_order,
    )
    found: list[SpanDisagreement] = []
    for region in overlapping_groups(disputed):
        members = set(region)
        found.append(
            SpanDisagreement(
                min(key[0] for key in region),
                max(key[1] for key in region),
                trigger,
                tuple(
                    (name, frozenset(key for key in versions[name].spans if key in members))
                    for name in names
                ),
                tuple(
                    (name, span)
                    for name in names
                    for key, span in versions[name].spans.items()
                    if key in members
                ),
            )
        )
    return found


def _events(versions: Mapping[str, Units]) -> list[EventDisagreement]:
    keys = {key for units in versions.values() for key in units.events}
    found = []
    for key in keys:
        theirs = tuple((name, units.events.get(key)) for name, units in versions.items())
        if len({version for _name, version in theirs}) > 1:
            found.append(EventDisagreement(key, theirs))
    return found


def _relations(versions: Mapping[str, Units]) -> list[RelationDisagreement]:
    pairs: dict[tuple[SpanKey, SpanKey], dict[str, set[str]]] = {}
    for name, units in versions.items():
        for head, child, label in units.relations:
            pairs.setdefault((head, child), {}).setdefault(name, set()).add(label)
    found = []
    for (head, child), labels in pairs.items():
        theirs = tuple((name, frozenset(labels.get(name, ()))) for name in versions)
        if len({version for _name, version in theirs}) > 1:
            found.append(RelationDisagreement(head, child, theirs))
    return found


def _key(span: SpanLike) -> tuple[int, int, str]:
    return (span.start, span.end, span.label)
