"""Adjudication: settle one disagreement in the adjudicated layer (the project's own tables).

`TakeVersion` writes one analyst's version of a place (or several analysts' together, or none)
through the ordinary span, event and relation commands, in one transaction: it is one edit, in the
edit log, undone like any other. `taken` tells which analysts' version the adjudicated layer holds
now, for the window to show.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from annotation.commands import (
    AddArgument,
    AddEvent,
    AddRelation,
    AddSpan,
    Command,
    CommandError,
    RemoveArgument,
    RemoveEvent,
    RemoveRelation,
    RemoveSpan,
    SetEventAttributes,
    SetValue,
    Tx,
)
from annotation.commands.base import quote
from annotation.model import NewSpan, Span, SpanStatus, ValueOrigin
from annotation.schema import Schema
from annotation.store import Store
from annotation.team.disagreements import (
    Disagreement,
    EventDisagreement,
    RelationDisagreement,
    SpanDisagreement,
)
from annotation.team.units import SpanKey, Units, overlaps, span_key, span_order


def choice_phrase(item: Disagreement, chosen: Sequence[str]) -> str:
    """'alice's version', 'both versions', 'neither version', 'alice's and bob's versions'."""
    everyone = len(item.versions)
    if not chosen:
        return "neither version" if everyone == 2 else "no version"
    if len(chosen) == everyone:
        return "both versions" if everyone == 2 else "all versions"
    if len(chosen) == 1:
        return f"{chosen[0]}'s version"
    return " and ".join(f"{name}'s" for name in chosen) + " versions"


@dataclass(frozen=True, eq=False)
class TakeVersion(Command):
    """Make the adjudicated layer hold the chosen analysts' version of one disagreement."""

    document: int
    item: Disagreement
    #: analysts whose version is taken: one, several (their union), or none
    chosen: tuple[str, ...]

    def document_id(self, store: Store) -> int | None:
        return self.document

    def describe(self, store: Store) -> str:
        item = self.item
        if isinstance(item, SpanDisagreement):
            place = quote(store.document_text(self.document, item.start, item.end))
        elif isinstance(item, EventDisagreement):
            trigger = store.document_text(self.document, item.start, item.end)
            place = f"{item.key[0]} event on {quote(trigger)}"
        else:
            head = store.document_text(self.document, item.head[0], item.head[1])
            child = store.document_text(self.document, item.child[0], item.child[1])
            place = f"relation {quote(head, 20)} -> {quote(child, 20)}"
        return f"Adjudicate {place}: take {choice_phrase(item, self.chosen)}"

    def run(self, tx: Tx) -> None:
        names = [name for name, _version in self.item.versions]
        unknown = [name for name in self.chosen if name not in names]
        if unknown:
            raise CommandError(f"no analyst {unknown[0]!r} here; analysts: {', '.join(names)}")
        try:
            if isinstance(self.item, SpanDisagreement):
                _take_spans(tx, self.document, self.item, self.chosen)
            elif isinstance(self.item, EventDisagreement):
                _take_event(tx, self.document, self.item, self.chosen)
            else:
                _take_relations(tx, self.document, self.item, self.chosen)
        except CommandError as exc:
            if len(self.chosen) < 2:
                raise
            raise CommandError(
                f"{choice_phrase(self.item, self.chosen)} cannot both stand ({exc}); take one"
            ) from exc


def _accepted(tx: Tx, document: int) -> list[Span]:
    return tx.store.spans(document, [SpanStatus.ACCEPTED])


def _take_spans(tx: Tx, document: int, item: SpanDisagreement, chosen: Sequence[str]) -> None:
    schema = tx.schema
    versions = dict(item.versions)
    target = frozenset().union(*(versions[name] for name in chosen))
    everyone = item.keys
    places = {key[:3] for key in everyone}
    region = (item.start, item.end, "", None)
    satisfied: set[SpanKey] = set()
    for span in _accepted(tx, document):
        key = span_key(schema, span)
        if schema.is_trigger(span.label) != item.trigger or not overlaps(key, region):
            continue
        if key in target:
            satisfied.add(key)
            continue
        revalued = [t for t in target if t[:3] == key[:3] and t not in satisfied]
        if revalued:
            SetValue(span.id, revalued[0][3]).run(tx)
            satisfied.add(revalued[0])
        elif key in everyone or key[:3] in places:
            RemoveSpan(span.id).run(tx)
        # else: a span the adjudicator made here; it stays
    for key in sorted(target - satisfied, key=span_order):
        who = next(name for name in chosen if key in versions[name])
        record = item.record(who, key)
        stored = record.value_origin if record is not None else None
        value_origin = ValueOrigin(stored) if stored else None
        if key[3] is not None and value_origin is None:
            value_origin = ValueOrigin.ANALYST
        new = NewSpan(
            key[0],
            key[1],
            key[2],
            origin=f"analyst:{who}",
            value=key[3],
            value_origin=value_origin if key[3] is not None else None,
            note=record.note if record is not None else None,
        )
        AddSpan(document, new).run(tx)


def _main_span(tx: Tx, document: int, key: SpanKey, what: str) -> Span:
    for span in _accepted(tx, document):
        if (span.start, span.end, span.label) == key[:3]:
            return span
    text = tx.store.document_text(document, key[0], key[1])
    raise CommandError(
        f"the {what} {key[2]} {quote(text)} is not in the adjudicated layer: settle that span "
        "first (Tab back to it)"
    )


def _take_event(tx: Tx, document: int, item: EventDisagreement, chosen: Sequence[str]) -> None:
    event_type, trigger_key = item.key
    versions = [version for name, version in item.versions if name in chosen and version]
    trigger = next(
        (s for s in _accepted(tx, document) if (s.start, s.end, s.label) == trigger_key[:3]),
        None,
    )
    events = [
        e
        for e in tx.store.events(document)
        if trigger is not None and e.trigger == trigger.id and e.type == event_type
    ]
    if not versions:
        for event in events:
            RemoveEvent(event.id).run(tx)
        return
    attributes = {version.attributes for version in versions}
    if len(attributes) > 1:
        raise CommandError(f"the versions give the {event_type} event other attributes")
    wanted = dict(next(iter(attributes)))
    roles = frozenset().union(*(version.roles for version in versions))
    if trigger is None:
        trigger = _main_span(tx, document, trigger_key, "trigger")
    if events:
        event_id = events[0].id
        for extra in events[1:]:
            RemoveEvent(extra.id).run(tx)
        if events[0].attributes != wanted:
            SetEventAttributes(event_id, wanted).run(tx)
    else:
        AddEvent(event_type, trigger=trigger.id, attributes=wanted).run(tx)
        event_id = next(
            op.id for op in reversed(tx.ops) if op.table == "event" and op.before is None
        )
    schema = tx.schema
    held = set()
    for argument in tx.store.arguments(event_id):
        filler = tx.span(argument.span)
        role = (argument.role, span_key(schema, filler))
        if role in roles:
            held.add(role)
        else:
            RemoveArgument(argument.id).run(tx)
    for role_name, filler_key in sorted(roles - held, key=lambda r: (r[0], span_order(r[1]))):
        filler = _main_span(tx, document, filler_key, role_name)
        AddArgument(event_id, role_name, filler.id).run(tx)


def _take_relations(
    tx: Tx, document: int, item: RelationDisagreement, chosen: Sequence[str]
) -> None:
    versions = dict(item.versions)
    target = frozenset().union(*(versions[name] for name in chosen))
    everyone = frozenset().union(*versions.values())
    head = _main_span(tx, document, item.head, "head")
    child = _main_span(tx, document, item.child, "child")
    held = set()
    for relation in tx.store.relations(document):
        if (relation.head, relation.child) != (head.id, child.id):
            continue
        if relation.label in target:
            held.add(relation.label)
        elif relation.label in everyone:
            RemoveRelation(relation.id).run(tx)
    for label in sorted(target - held):
        AddRelation(head.id, child.id, label).run(tx)


def taken(item: Disagreement, main: Units, schema: Schema) -> tuple[str, ...]:
    """The analysts whose version the adjudicated layer (`main`) holds now."""
    if isinstance(item, SpanDisagreement):
        region = (item.start, item.end, "", None)
        held = frozenset(
            key
            for key in main.spans
            if schema.is_trigger(key[2]) == item.trigger and overlaps(key, region)
        )
        return tuple(name for name, keys in item.versions if keys == held)
    if isinstance(item, EventDisagreement):
        event = main.events.get(item.key)
        return tuple(name for name, version in item.versions if version == event)
    labels = frozenset(
        label for head, child, label in main.relations if (head, child) == (item.head, item.child)
    )
    return tuple(name for name, version in item.versions if version == labels)
