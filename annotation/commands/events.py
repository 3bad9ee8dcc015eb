"""Commands on events: create one on a trigger, set its attributes, fill and empty its roles."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from annotation import rules
from annotation.commands import steps
from annotation.commands.base import Command, CommandError, EventCommand, Tx, document_of
from annotation.commands.spans import Accept, AddSpan
from annotation.commands.steps import remove_event
from annotation.model import NewSpan, SpanStatus
from annotation.schema import Schema
from annotation.store import Store


@dataclass(frozen=True)
class AddEvent(Command):
    """Create an event of a schema type on a trigger: an existing span, or new text.

    A trigger made from a text selection is a span labelled with the event type (as brat does),
    kept apart from the entity layer so it may sit inside an entity.
    """

    type: str
    trigger: int | None = None
    document: int | None = None
    trigger_span: tuple[int, int] | None = None
    attributes: dict[str, Any] = field(default_factory=dict)

    def document_id(self, store: Store) -> int | None:
        if self.trigger is None:
            return self.document
        return document_of(store, "span", self.trigger)

    def describe(self, store: Store) -> str:
        return f"Add {self.type} event"

    def run(self, tx: Tx) -> None:
        if tx.schema.event(self.type) is None:
            known = ", ".join(e.type for e in tx.schema.events)
            raise CommandError(f"event type {self.type!r} is not in the schema; known: {known}")
        attributes = _checked_attributes(tx.schema, self.attributes)
        if self.trigger is not None:
            trigger = tx.span(self.trigger)
            if trigger.label != self.type:
                raise CommandError(
                    f"the trigger of a {self.type} event is a span labelled {self.type}, not "
                    f"{trigger.label}; give the trigger's range instead (ADR 0002)"
                )
            _check_no_event(tx, trigger.id)
            if trigger.status is not SpanStatus.ACCEPTED:
                Accept(trigger.id).run(tx)
        elif self.document is not None and self.trigger_span is not None:
            start, end = self.trigger_span
            AddSpan(self.document, NewSpan(start, end, self.type)).run(tx)
            made = tx.store.span_at(self.document, start, end, self.type, SpanStatus.ACCEPTED)
            assert made is not None  # AddSpan made it, or accepted the suggestion it matched
            trigger = made
            _check_no_event(tx, trigger.id)
        else:
            raise CommandError("an event needs a trigger: a span, or a document and a range")
        tx.insert(
            "event",
            {
                "document_id": trigger.document_id,
                "type": self.type,
                "trigger": trigger.id,
                "attributes": attributes,
            },
        )
        steps.touch(tx, trigger.document_id)


def _check_no_event(tx: Tx, trigger: int) -> None:
    """One trigger, one event (the window focuses the event a trigger has)."""
    events = tx.store.span_links(trigger)[2]
    if events:
        raise CommandError(rules.second_event(events[0].type))


def _checked_attributes(schema: Schema, attributes: dict[str, Any]) -> dict[str, Any]:
    for key, value in attributes.items():
        allowed = schema.event_attributes.get(key)
        if allowed is None:
            raise CommandError(
                f"unknown event attribute {key!r}; known: {', '.join(schema.event_attributes)}"
            )
        if value not in allowed:
            raise CommandError(f"{key} must be one of {', '.join(allowed)}, not {value!r}")
    defaults = {key: values[0] for key, values in schema.event_attributes.items() if values}
    return {**defaults, **attributes}


@dataclass(frozen=True)
class SetEventAttributes(EventCommand):
    """Change an event's polarity, context or other schema attributes."""

    attributes: dict[str, Any] = field(default_factory=dict)

    def describe(self, store: Store) -> str:
        shown = ", ".join(f"{k}={v}" for k, v in sorted(self.attributes.items()))
        return f"Set event {shown}"

    def run(self, tx: Tx) -> None:
        row = tx.row("event", self.event_id, "event")
        merged = {**row["attributes"], **_checked_attributes(tx.schema, self.attributes)}
        merged.update(self.attributes)
        tx.update("event", self.event_id, attributes=merged)


@dataclass(frozen=True)
class RemoveEvent(EventCommand):
    """Delete an event and its arguments (the trigger span stays)."""

    def describe(self, store: Store) -> str:
        row = store.row("event", self.event_id)
        return f"Delete {row['type'] if row else ''} event".replace("  ", " ")

    def run(self, tx: Tx) -> None:
        remove_event(tx, self.event_id)


@dataclass(frozen=True)
class AddArgument(EventCommand):
    """Fill an event role with a span; a role that does not repeat is replaced."""

    role: str
    span_id: int

    def describe(self, store: Store) -> str:
        return f"Set {self.role} of event"

    def run(self, tx: Tx) -> None:
        event = tx.row("event", self.event_id, "event")
        span = tx.span(self.span_id)
        event_type = tx.schema.event(event["type"])
        role = event_type.role(self.role) if event_type else None
        if event_type is None or role is None:
            roles = ", ".join(r.name for r in event_type.roles) if event_type else ""
            raise CommandError(f"{event['type']} has no role {self.role!r}; roles: {roles}")
        if span.document_id != event["document_id"]:
            raise CommandError("an argument must be a span of the event's document")
        if span.id == event["trigger"]:
            raise CommandError(rules.TRIGGER_AS_ARGUMENT)
        refusal = rules.role_refusal(event["type"], role, span.label)
        if refusal is not None:
            raise CommandError(refusal)
        filled = [a for a in tx.store.arguments(self.event_id) if a.role == role.name]
        if any(a.span == span.id for a in filled):
            raise CommandError(rules.duplicate_argument(role.name))
        if not role.repeats:
            for argument in filled:
                tx.delete("argument", argument.id)
        if span.status is not SpanStatus.ACCEPTED:
            Accept(span.id).run(tx)  # filling a role with a suggestion is judging it (ADR 0006)
        tx.insert("argument", {"event_id": self.event_id, "role": role.name, "span": span.id})
        steps.touch(tx, event["document_id"])


@dataclass(frozen=True)
class RemoveArgument(Command):
    argument_id: int

    def document_id(self, store: Store) -> int | None:
        row = store.row("argument", self.argument_id)
        return None if row is None else document_of(store, "event", row["event_id"])

    def describe(self, store: Store) -> str:
        row = store.row("argument", self.argument_id)
        return f"Remove {row['role'] if row else 'argument'} from event"

    def run(self, tx: Tx) -> None:
        tx.row("argument", self.argument_id, "argument")
        tx.delete("argument", self.argument_id)
