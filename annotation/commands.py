"""Edits as command objects.

A command checks an edit against the schema and the stored state, then writes it through a `Tx`,
which records every row it touches. The recorded row operations are the edit's exact inverse:
undo applies them backwards, redo forwards, and both are stored in the edit log so history
survives a restart. Compound edits (a cascading delete, marking a document done) are one command
and so one undo step.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from annotation.links import links_phrase, span_links
from annotation.model import (
    DOCUMENT_META_FIELDS,
    DocStatus,
    Document,
    NewSpan,
    Span,
    SpanStatus,
    ValueOrigin,
)
from annotation.schema import Schema
from annotation.store import (
    IDENTITY_COLUMNS,
    RowOp,
    Store,
    StoreError,
    Table,
    document_from_row,
    now,
    span_from_row,
)
from annotation.valuer import parse_published

#: Computes a temporal span's calendar value: (document, start, end, label) -> value or None.
Valuer = Callable[[Document, int, int, str], str | None]


class CommandError(StoreError):
    """An edit refused by the rules (schema, offsets, overlaps); nothing was written."""


def _quote(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return f"'{text}'" if len(text) <= limit else f"'{text[: limit - 1]}…'"


class Tx:
    """What a command sees while it runs: reads, and writes recorded as row operations."""

    def __init__(
        self, store: Store, schema: Schema, annotator: str | None, valuer: Valuer | None
    ) -> None:
        self.store = store
        self.schema = schema
        self.annotator = annotator
        self.valuer = valuer
        self.ops: list[RowOp] = []
        self.time = now()

    # reads
    def document(self, document_id: int) -> Document:
        row = self.store.row("document", document_id)
        if row is None:
            raise CommandError(f"no document {document_id} in this project")
        return document_from_row(row)

    def span(self, span_id: int) -> Span:
        row = self.store.row("span", span_id)
        if row is None:
            raise CommandError(f"no span {span_id} in this project (deleted meanwhile?)")
        return span_from_row(row)

    def row(self, table: Table, id_: int, what: str) -> dict[str, Any]:
        row = self.store.row(table, id_)
        if row is None:
            raise CommandError(f"no {what} {id_} in this project (deleted meanwhile?)")
        return row

    # writes
    def insert(self, table: Table, row: dict[str, Any]) -> int:
        id_ = self.store.insert_row(table, row)
        stored = self.store.row(table, id_)
        self.ops.append(RowOp(table, id_, None, stored))
        return id_

    def update(self, table: Table, id_: int, **changes: Any) -> None:
        """Change some columns of a row, recording only those (plus the row's identity).

        Recording whole rows would copy a document's text into the log on every status change.
        """
        columns = sorted(set(changes) | set(IDENTITY_COLUMNS[table]))
        before = self.store.row_values(table, id_, columns)
        if before is None:
            raise CommandError(f"no {table} {id_} in this project")
        after = {**before, **changes}
        if after == before:
            return
        op = RowOp(table, id_, before, after)
        self.store.apply(op)
        self.ops.append(op)

    def delete(self, table: Table, id_: int) -> None:
        before = self.store.row(table, id_)
        if before is None:
            return
        op = RowOp(table, id_, before, None)
        self.store.apply(op)
        self.ops.append(op)

    # shared rules
    def value_for(self, document: Document, start: int, end: int, label: str) -> str | None:
        if self.valuer is None or not self.schema.is_temporal(label):
            return None
        return self.valuer(document, start, end, label)

    def touch(self, document_id: int) -> None:
        """An analyst worked on the document: a new one is now in progress."""
        status = self.store.document_status(document_id)
        if status is None:
            raise CommandError(f"no document {document_id} in this project (deleted meanwhile?)")
        if status is DocStatus.NEW:
            self.update("document", document_id, status=DocStatus.IN_PROGRESS.value)

    def check_label(self, label: str) -> None:
        if not self.schema.knows(label):
            raise CommandError(
                f"label {label!r} is not in the schema {self.schema.name!r}; "
                f"known labels: {', '.join(self.schema.label_names)}"
            )

    def overlapping(self, document_id: int, start: int, end: int, skip: int = 0) -> list[Span]:
        """Non-rejected spans of the document overlapping [start, end)."""
        rows = self.store.rows(
            "span",
            "document_id = ? AND start < ? AND end > ? AND status != 'rejected' AND id != ?",
            [document_id, end, start, skip],
        )
        return [span_from_row(row) for row in rows]

    def settle_overlaps(
        self, document: Document, start: int, end: int, label: str, skip: int = 0
    ) -> None:
        """Make room for an accepted span: refuse a clash with accepted spans, reject suggestions.

        Suggestions overlapping an analyst's span are what the model got wrong, so they are kept
        as rejected (negative evidence) in the same step.
        """
        if self.schema.allow_overlap:
            return
        # Entities and event triggers are separate layers: only spans of one layer clash.
        trigger = self.schema.is_trigger(label)
        clashes = [
            other
            for other in self.overlapping(document.id, start, end, skip)
            if self.schema.is_trigger(other.label) == trigger
        ]
        for other in clashes:
            if other.status is SpanStatus.ACCEPTED:
                raise CommandError(
                    f"document {document.id}: {start}-{end} overlaps {other.label} "
                    f"{_quote(other.text_in(document.text))} ({other.start}-{other.end}); "
                    f"the schema does not allow overlapping spans"
                )
        for other in clashes:
            self.update(
                "span",
                other.id,
                status=SpanStatus.REJECTED.value,
                annotator=self.annotator,
                updated=self.time,
            )
            drop_links(self, other.id)

    def remember_suggestion(self, span: Span) -> dict[str, Any] | None:
        """The original suggestion, recorded the first time an analyst changes a model span."""
        if span.suggested is not None or span.origin.startswith("analyst"):
            return span.suggested
        return {"start": span.start, "end": span.end, "label": span.label}


class Command(ABC):
    """One undoable edit."""

    @abstractmethod
    def run(self, tx: Tx) -> None:
        """Check and write the edit; raise CommandError to refuse it (nothing is kept)."""

    @abstractmethod
    def describe(self, store: Store) -> str:
        """What the Edit menu calls this step, e.g. "Accept PERSON 'Narendra Modi'"."""

    @abstractmethod
    def document_id(self, store: Store) -> int | None:
        """The document the edit is about (for the log and for jumping back on undo)."""


class SpanCommand(Command):
    """A command on one existing span."""

    span_id: int
    verb: ClassVar[str] = ""

    def document_id(self, store: Store) -> int | None:
        row = store.row("span", self.span_id)
        return None if row is None else int(row["document_id"])

    def describe(self, store: Store) -> str:
        row = store.row("span", self.span_id)
        if row is None:
            return f"{self.verb} span {self.span_id}"
        text = store.document_text(row["document_id"], row["start"], row["end"])
        return f"{self.verb} {row['label']} {_quote(text)}"


@dataclass(frozen=True)
class AddSpan(Command):
    """Create a span; an accepted span takes over a suggestion it coincides with."""

    document: int
    span: NewSpan

    def document_id(self, store: Store) -> int | None:
        return self.document

    def describe(self, store: Store) -> str:
        text = store.document_text(self.document, self.span.start, self.span.end)
        return f"Add {self.span.label} {_quote(text)}"

    def run(self, tx: Tx) -> None:
        document = tx.document(self.document)
        new = self.span
        check_range(document, new.start, new.end)
        tx.check_label(new.label)
        same = [
            s
            for s in tx.overlapping(document.id, new.start, new.end)
            if (s.start, s.end, s.label) == (new.start, new.end, new.label)
        ]
        if same and new.status is SpanStatus.ACCEPTED:
            if same[0].status is SpanStatus.ACCEPTED:
                raise CommandError(f"document {document.id}: that {new.label} span already exists")
            Accept(same[0].id).run(tx)
            return
        if new.status is SpanStatus.ACCEPTED:
            tx.settle_overlaps(document, new.start, new.end, new.label)
        value, value_origin = new.value, new.value_origin
        if value is None:
            value = tx.value_for(document, new.start, new.end, new.label)
            value_origin = ValueOrigin.COMPUTED if value is not None else None
        tx.insert(
            "span",
            {
                "document_id": document.id,
                "start": new.start,
                "end": new.end,
                "label": new.label,
                "status": new.status.value,
                "origin": new.origin if new.origin != "analyst" else analyst_origin(tx),
                "score": new.score,
                "value": value,
                "value_origin": value_origin.value if value_origin else None,
                "note": new.note,
                "annotator": tx.annotator,
                "suggested": None,
                "created": tx.time,
                "updated": tx.time,
            },
        )
        tx.touch(document.id)


def analyst_origin(tx: Tx) -> str:
    return f"analyst:{tx.annotator}" if tx.annotator else "analyst"


def check_range(document: Document, start: int, end: int) -> None:
    if not 0 <= start < end <= len(document.text):
        raise CommandError(
            f"document {document.id}: span {start}-{end} is outside the text "
            f"(0-{len(document.text)}) or empty"
        )


@dataclass(frozen=True)
class RemoveSpan(SpanCommand):
    """Delete a span and every relation, argument and event that hangs on it."""

    span_id: int
    verb: ClassVar[str] = "Delete"

    def describe(self, store: Store) -> str:
        return super().describe(store) + links_phrase(span_links(store, self.span_id))

    def run(self, tx: Tx) -> None:
        span = tx.span(self.span_id)
        drop_links(tx, span.id)
        tx.delete("span", span.id)
        tx.touch(span.document_id)


def drop_links(tx: Tx, span_id: int) -> None:
    """Remove what hangs on a span: the events it triggers (with their arguments), the roles it
    fills and the relations it is an end of.

    A deleted span takes its links with it, and so does a rejected one: a span judged not to be
    an entity (or not a trigger) cannot fill a role or end a relation (ADR 0006).
    """
    store = tx.store
    for event in store.rows("event", "trigger = ?", [span_id]):
        RemoveEvent(event["id"]).run(tx)
    for argument in store.rows("argument", "span = ?", [span_id]):
        tx.delete("argument", argument["id"])
    for relation in store.rows("relation", "head = ? OR child = ?", [span_id, span_id]):
        tx.delete("relation", relation["id"])


@dataclass(frozen=True)
class Accept(SpanCommand):
    """Confirm a span (a suggestion becomes part of the corpus)."""

    span_id: int
    verb: ClassVar[str] = "Accept"

    def run(self, tx: Tx) -> None:
        span = tx.span(self.span_id)
        if span.status is not SpanStatus.ACCEPTED:
            tx.settle_overlaps(
                tx.document(span.document_id), span.start, span.end, span.label, skip=span.id
            )
        tx.update(
            "span",
            span.id,
            status=SpanStatus.ACCEPTED.value,
            annotator=tx.annotator,
            updated=tx.time,
        )
        tx.touch(span.document_id)


@dataclass(frozen=True)
class Reject(SpanCommand):
    """Turn a span down; it is kept as negative evidence and hidden from the training data.

    Its links go with it (a rejected trigger takes its event along): see `drop_links`.
    """

    span_id: int
    verb: ClassVar[str] = "Reject"

    def describe(self, store: Store) -> str:
        return super().describe(store) + links_phrase(span_links(store, self.span_id))

    def run(self, tx: Tx) -> None:
        span = tx.span(self.span_id)
        tx.update(
            "span",
            span.id,
            status=SpanStatus.REJECTED.value,
            annotator=tx.annotator,
            updated=tx.time,
        )
        drop_links(tx, span.id)
        tx.touch(span.document_id)


@dataclass(frozen=True)
class Discard(SpanCommand):
    """Take a span out of the corpus the way its origin calls for (the X key).

    A span an analyst made is deleted (with its links); a model's suggestion or an imported span
    is rejected, so it is kept as negative evidence.
    """

    span_id: int

    @staticmethod
    def deletes(span: Span) -> bool:
        """Whether discarding this span deletes it (analyst-made) rather than rejecting it."""
        return span.origin.startswith("analyst")

    def describe(self, store: Store) -> str:
        row = store.row("span", self.span_id)
        inner: SpanCommand = (
            RemoveSpan(self.span_id)
            if row is not None and str(row["origin"]).startswith("analyst")
            else Reject(self.span_id)
        )
        return inner.describe(store)

    def run(self, tx: Tx) -> None:
        span = tx.span(self.span_id)
        if self.deletes(span):
            RemoveSpan(span.id).run(tx)
        else:
            Reject(span.id).run(tx)


@dataclass(frozen=True)
class Relabel(SpanCommand):
    """Give a span another label; the analyst's choice accepts it."""

    span_id: int
    label: str
    verb: ClassVar[str] = "Relabel"

    def describe(self, store: Store) -> str:
        return f"{super().describe(store)} as {self.label}"

    def run(self, tx: Tx) -> None:
        span = tx.span(self.span_id)
        tx.check_label(self.label)
        document = tx.document(span.document_id)
        tx.settle_overlaps(document, span.start, span.end, self.label, skip=span.id)
        changes: dict[str, Any] = {
            "label": self.label,
            "status": SpanStatus.ACCEPTED.value,
            "annotator": tx.annotator,
            "suggested": tx.remember_suggestion(span),
            "updated": tx.time,
        }
        if span.value_origin is not ValueOrigin.ANALYST:
            value = tx.value_for(document, span.start, span.end, self.label)
            changes["value"] = value
            changes["value_origin"] = ValueOrigin.COMPUTED.value if value is not None else None
        tx.update("span", span.id, **changes)
        _check_links(tx, span.id, self.label)
        tx.touch(span.document_id)


@dataclass(frozen=True)
class Resize(SpanCommand):
    """Move a span's boundaries (and recompute a computed calendar value)."""

    span_id: int
    start: int
    end: int
    verb: ClassVar[str] = "Resize"

    def run(self, tx: Tx) -> None:
        span = tx.span(self.span_id)
        document = tx.document(span.document_id)
        check_range(document, self.start, self.end)
        if span.status is SpanStatus.ACCEPTED or span.status is SpanStatus.SUGGESTED:
            tx.settle_overlaps(document, self.start, self.end, span.label, skip=span.id)
        changes: dict[str, Any] = {
            "start": self.start,
            "end": self.end,
            "status": SpanStatus.ACCEPTED.value,
            "annotator": tx.annotator,
            "suggested": tx.remember_suggestion(span),
            "updated": tx.time,
        }
        if span.value_origin is not ValueOrigin.ANALYST:
            value = tx.value_for(document, self.start, self.end, span.label)
            changes["value"] = value
            changes["value_origin"] = ValueOrigin.COMPUTED.value if value is not None else None
        tx.update("span", span.id, **changes)
        tx.touch(span.document_id)


@dataclass(frozen=True)
class SetValue(SpanCommand):
    """Set a DATE/TIME span's calendar value; None goes back to the computed value."""

    span_id: int
    value: str | None = None
    verb: ClassVar[str] = "Set value of"

    def describe(self, store: Store) -> str:
        shown = self.value if self.value is not None else "computed"
        return f"{super().describe(store)} to {shown}"

    def run(self, tx: Tx) -> None:
        span = tx.span(self.span_id)
        if not tx.schema.is_temporal(span.label):
            raise CommandError(f"span {span.id} is {span.label}: only DATE/TIME spans carry values")
        if self.value is None:
            document = tx.document(span.document_id)
            value = tx.value_for(document, span.start, span.end, span.label)
            origin = ValueOrigin.COMPUTED.value if value is not None else None
        else:
            value, origin = self.value.strip(), ValueOrigin.ANALYST.value
        tx.update(
            "span",
            span.id,
            value=value,
            value_origin=origin,
            annotator=tx.annotator,
            updated=tx.time,
        )
        tx.touch(span.document_id)


@dataclass(frozen=True)
class SetNote(SpanCommand):
    """Attach a free-text note to a span (None removes it)."""

    span_id: int
    note: str | None = None
    verb: ClassVar[str] = "Note on"

    def run(self, tx: Tx) -> None:
        span = tx.span(self.span_id)
        tx.update("span", span.id, note=self.note or None, updated=tx.time)


@dataclass(frozen=True)
class SetDocumentStatus(Command):
    """Mark a document new, in progress, done or skipped."""

    document: int
    status: DocStatus

    def document_id(self, store: Store) -> int | None:
        return self.document

    def describe(self, store: Store) -> str:
        return f"Mark {_quote(store.document(self.document).title)} {self.status.value}"

    def run(self, tx: Tx) -> None:
        tx.row("document", self.document, "document")
        tx.update("document", self.document, status=self.status.value, updated=tx.time)


@dataclass(frozen=True)
class SetDocumentMeta(Command):
    """Edit title, source, URL, publication date, place, language or extra metadata.

    A new publication date moves every computed calendar value of the document with it.
    """

    document: int
    changes: dict[str, Any] = field(default_factory=dict)

    def document_id(self, store: Store) -> int | None:
        return self.document

    def describe(self, store: Store) -> str:
        names = ", ".join(sorted(self.changes))
        return f"Edit {names} of {_quote(store.document(self.document).title)}"

    def run(self, tx: Tx) -> None:
        unknown = sorted(set(self.changes) - set(DOCUMENT_META_FIELDS))
        if unknown:
            raise CommandError(
                f"cannot edit {', '.join(unknown)}; editable: {', '.join(DOCUMENT_META_FIELDS)}"
            )
        published = self.changes.get("published")
        if published is not None and parse_published(str(published)) is None:
            raise CommandError(
                f"publication date {published!r} is not an ISO date (YYYY-MM-DD) or datetime"
                " (YYYY-MM-DDTHH:MM, optionally with an offset)"
            )
        tx.row("document", self.document, "document")
        tx.update("document", self.document, **self.changes, updated=tx.time)
        if "published" in self.changes:
            document = tx.document(self.document)
            for span in tx.store.spans(document.id):
                if span.value_origin is ValueOrigin.ANALYST or not tx.schema.is_temporal(
                    span.label
                ):
                    continue
                value = tx.value_for(document, span.start, span.end, span.label)
                tx.update(
                    "span",
                    span.id,
                    value=value,
                    value_origin=ValueOrigin.COMPUTED.value if value is not None else None,
                )


@dataclass(frozen=True)
class MarkDone(Command):
    """Accept every remaining suggestion (the analyst saw and left them) and mark the document done.

    A remaining suggestion that overlaps an accepted span cannot be accepted where the schema
    forbids overlaps; it is rejected instead.
    """

    document: int

    def document_id(self, store: Store) -> int | None:
        return self.document

    def describe(self, store: Store) -> str:
        return f"Mark {_quote(store.document(self.document).title)} done"

    def run(self, tx: Tx) -> None:
        document = tx.document(self.document)
        schema = tx.schema
        taken = [
            (s.start, s.end, schema.is_trigger(s.label))
            for s in tx.store.spans(document.id, [SpanStatus.ACCEPTED])
        ]
        for span in tx.store.spans(document.id, [SpanStatus.SUGGESTED]):
            layer = schema.is_trigger(span.label)
            clash = not schema.allow_overlap and any(
                span.start < end and start < span.end and trigger == layer
                for start, end, trigger in taken
            )
            status = SpanStatus.REJECTED if clash else SpanStatus.ACCEPTED
            if not clash:
                taken.append((span.start, span.end, layer))
            tx.update("span", span.id, status=status.value, annotator=tx.annotator, updated=tx.time)
            if clash:
                drop_links(tx, span.id)
        tx.update("document", document.id, status=DocStatus.DONE.value, updated=tx.time)


def _check_links(tx: Tx, span_id: int, label: str) -> None:
    """A relabel must not leave a span in a role or relation that refuses its new label."""
    for argument in tx.store.rows("argument", "span = ?", [span_id]):
        event = tx.row("event", argument["event_id"], "event")
        event_type = tx.schema.event(event["type"])
        role = event_type.role(argument["role"]) if event_type else None
        if role is not None and not role.accepts(label):
            raise CommandError(
                f"span {span_id} fills the {argument['role']} of a {event['type']} event, "
                f"which does not accept {label}; remove it from the event first"
            )
    for relation in tx.store.rows("relation", "head = ? OR child = ?", [span_id, span_id]):
        rtype = tx.schema.relation(relation["label"])
        if rtype is None:
            continue
        head = label if relation["head"] == span_id else tx.span(relation["head"]).label
        child = label if relation["child"] == span_id else tx.span(relation["child"]).label
        if not rtype.accepts(head, child):
            raise CommandError(
                f"span {span_id} is an end of a {relation['label']} relation that does not "
                f"accept {label}; remove the relation first"
            )


@dataclass(frozen=True)
class AddRelation(Command):
    """Link two spans of one document with a schema relation."""

    head: int
    child: int
    label: str

    def document_id(self, store: Store) -> int | None:
        row = store.row("span", self.head)
        return None if row is None else int(row["document_id"])

    def describe(self, store: Store) -> str:
        return f"Add {self.label} relation"

    def run(self, tx: Tx) -> None:
        head, child = tx.span(self.head), tx.span(self.child)
        rtype = tx.schema.relation(self.label)
        if rtype is None:
            known = ", ".join(r.name for r in tx.schema.relations)
            raise CommandError(f"relation {self.label!r} is not in the schema; known: {known}")
        if head.document_id != child.document_id:
            raise CommandError("a relation links two spans of the same document")
        if head.id == child.id:
            raise CommandError("a relation links two different spans")
        if not rtype.accepts(head.label, child.label):
            raise CommandError(
                f"{self.label} does not link {head.label} to {child.label} "
                f"(head: {', '.join(sorted(rtype.head)) or 'any'}; "
                f"child: {', '.join(sorted(rtype.child)) or 'any'})"
            )
        existing = tx.store.rows(
            "relation", "head = ? AND child = ? AND label = ?", [head.id, child.id, self.label]
        )
        if existing:
            raise CommandError(f"that {self.label} relation already exists")
        for end in (head, child):
            if end.status is not SpanStatus.ACCEPTED:
                Accept(end.id).run(tx)  # linking a suggestion is judging it (ADR 0006)
        tx.insert(
            "relation",
            {
                "document_id": head.document_id,
                "head": head.id,
                "child": child.id,
                "label": self.label,
            },
        )
        tx.touch(head.document_id)


@dataclass(frozen=True)
class RemoveRelation(Command):
    relation_id: int

    def document_id(self, store: Store) -> int | None:
        row = store.row("relation", self.relation_id)
        return None if row is None else int(row["document_id"])

    def describe(self, store: Store) -> str:
        row = store.row("relation", self.relation_id)
        return f"Delete {row['label'] if row else ''} relation".replace("  ", " ")

    def run(self, tx: Tx) -> None:
        row = tx.row("relation", self.relation_id, "relation")
        tx.delete("relation", self.relation_id)
        tx.touch(row["document_id"])


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
        row = store.row("span", self.trigger)
        return None if row is None else int(row["document_id"])

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
            if trigger.status is not SpanStatus.ACCEPTED:
                Accept(trigger.id).run(tx)
        elif self.document is not None and self.trigger_span is not None:
            start, end = self.trigger_span
            AddSpan(self.document, NewSpan(start, end, self.type)).run(tx)
            found = tx.store.rows(
                "span",
                "document_id = ? AND start = ? AND end = ? AND label = ? AND status = 'accepted'",
                [self.document, start, end, self.type],
            )
            trigger = span_from_row(found[0])
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
        tx.touch(trigger.document_id)


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
class SetEventAttributes(Command):
    """Change an event's polarity, context or other schema attributes."""

    event_id: int
    attributes: dict[str, Any] = field(default_factory=dict)

    def document_id(self, store: Store) -> int | None:
        row = store.row("event", self.event_id)
        return None if row is None else int(row["document_id"])

    def describe(self, store: Store) -> str:
        shown = ", ".join(f"{k}={v}" for k, v in sorted(self.attributes.items()))
        return f"Set event {shown}"

    def run(self, tx: Tx) -> None:
        row = tx.row("event", self.event_id, "event")
        merged = {**row["attributes"], **_checked_attributes(tx.schema, self.attributes)}
        merged.update(self.attributes)
        tx.update("event", self.event_id, attributes=merged)


@dataclass(frozen=True)
class RemoveEvent(Command):
    """Delete an event and its arguments (the trigger span stays)."""

    event_id: int

    def document_id(self, store: Store) -> int | None:
        row = store.row("event", self.event_id)
        return None if row is None else int(row["document_id"])

    def describe(self, store: Store) -> str:
        row = store.row("event", self.event_id)
        return f"Delete {row['type'] if row else ''} event".replace("  ", " ")

    def run(self, tx: Tx) -> None:
        row = tx.row("event", self.event_id, "event")
        for argument in tx.store.rows("argument", "event_id = ?", [self.event_id]):
            tx.delete("argument", argument["id"])
        tx.delete("event", self.event_id)
        tx.touch(row["document_id"])


@dataclass(frozen=True)
class AddArgument(Command):
    """Fill an event role with a span; a role that does not repeat is replaced."""

    event_id: int
    role: str
    span_id: int

    def document_id(self, store: Store) -> int | None:
        row = store.row("event", self.event_id)
        return None if row is None else int(row["document_id"])

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
            raise CommandError("the trigger cannot also be an argument of its event")
        if not role.accepts(span.label):
            raise CommandError(
                f"the {role.name} of {event['type']} accepts "
                f"{', '.join(sorted(role.labels))}, not {span.label}"
            )
        filled = tx.store.rows("argument", "event_id = ? AND role = ?", [self.event_id, role.name])
        if any(a["span"] == span.id for a in filled):
            raise CommandError(f"that span is already the {role.name} of this event")
        if not role.repeats:
            for argument in filled:
                tx.delete("argument", argument["id"])
        if span.status is not SpanStatus.ACCEPTED:
            Accept(span.id).run(tx)  # filling a role with a suggestion is judging it (ADR 0006)
        tx.insert("argument", {"event_id": self.event_id, "role": role.name, "span": span.id})
        tx.touch(event["document_id"])


@dataclass(frozen=True)
class RemoveArgument(Command):
    argument_id: int

    def document_id(self, store: Store) -> int | None:
        row = store.row("argument", self.argument_id)
        if row is None:
            return None
        event = store.row("event", row["event_id"])
        return None if event is None else int(event["document_id"])

    def describe(self, store: Store) -> str:
        row = store.row("argument", self.argument_id)
        return f"Remove {row['role'] if row else 'argument'} from event"

    def run(self, tx: Tx) -> None:
        tx.row("argument", self.argument_id, "argument")
        tx.delete("argument", self.argument_id)


@dataclass(frozen=True)
class Compound(Command):
    """Several commands as one undo step."""

    commands: Sequence[Command]
    description: str

    def document_id(self, store: Store) -> int | None:
        return self.commands[0].document_id(store) if self.commands else None

    def describe(self, store: Store) -> str:
        return self.description

    def run(self, tx: Tx) -> None:
        for command in self.commands:
            command.run(tx)
