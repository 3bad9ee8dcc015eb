"""Commands on one span: add, delete, accept, reject, discard, relabel, resize, value, note."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from annotation import rules
from annotation.commands import steps
from annotation.commands.base import CommandError, DocumentCommand, SpanCommand, Tx, quote
from annotation.commands.steps import drop_links
from annotation.links import links_phrase, span_links
from annotation.model import NewSpan, Span, SpanStatus, ValueOrigin
from annotation.store import Store, Table, new_span_row


@dataclass(frozen=True)
class AddSpan(DocumentCommand):
    """Create a span; an accepted span takes over a suggestion it coincides with.

    An accepted span drawn inside (or around) a suggestion of its layer refits it: the
    suggestion is rejected as before, and the roles and relations it had move to the new span
    where the schema accepts the new label ("June 18" drawn in "June 18 that PM Modi" stays the
    time of its events).
    """

    span: NewSpan

    def describe(self, store: Store) -> str:
        text = store.document_text(self.document, self.span.start, self.span.end)
        return f"Add {self.span.label} {quote(text)}"

    def prepare(self, tx: Tx) -> tuple[str, int | None]:
        # The quoted text and the document's status (for `touch`) in one read.
        text = tx.document_text(self.document, self.span.start, self.span.end)
        return f"Add {self.span.label} {quote(text)}", self.document

    def run(self, tx: Tx) -> None:
        # The document by id: its text is read only if a value or a clash needs it (a long
        # article's whole text is 0.5 ms of an edit that should take one fsync).
        document = self.document
        if tx.document_status(document) is None:
            raise CommandError(f"no document {document} in this project")
        new = self.span
        steps.check_range(tx, document, new.start, new.end)
        steps.check_label(tx.schema, new.label)
        overlapping = tx.store.overlapping_spans(document, new.start, new.end)
        same = [
            s for s in overlapping if (s.start, s.end, s.label) == (new.start, new.end, new.label)
        ]
        if same and new.status is SpanStatus.ACCEPTED:
            if same[0].status is SpanStatus.ACCEPTED:
                raise CommandError(f"document {document}: that {new.label} span already exists")
            Accept(same[0].id).run(tx)
            return
        carried: list[tuple[Table, dict[str, Any]]] = []
        if new.status is SpanStatus.ACCEPTED:
            carried = _links_to_carry(tx, new, overlapping)
            steps.settle_overlaps(
                tx, document, new.start, new.end, new.label, overlapping=overlapping
            )
        value, value_origin = new.value, new.value_origin
        if value is None:
            value = steps.value_for(tx, document, new.start, new.end, new.label)
            value_origin = ValueOrigin.COMPUTED if value is not None else None
        span_id = tx.insert(
            "span",
            new_span_row(
                document,
                new.start,
                new.end,
                new.label,
                new.status,
                new.origin if new.origin != "analyst" else steps.analyst_origin(tx),
                tx.time,
                score=new.score,
                value=value,
                value_origin=value_origin,
                note=new.note,
                annotator=tx.annotator,
            ),
        )
        for table, row in carried:
            end = "span" if table == "argument" else ("head" if row["head"] is None else "child")
            tx.insert(table, {**row, end: span_id})
        steps.touch(tx, document)


def _links_to_carry(
    tx: Tx, new: NewSpan, overlapping: list[Span]
) -> list[tuple[Table, dict[str, Any]]]:
    """The roles and relations of the suggestions a new accepted span refits (nested with it,
    same layer) that accept its label: rows to insert once it exists (its end left None)."""
    schema = tx.schema
    layer = schema.is_trigger(new.label)
    carried: list[tuple[Table, dict[str, Any]]] = []
    seen: set[tuple[object, ...]] = set()
    for old in overlapping:
        nested = (new.start <= old.start and old.end <= new.end) or (
            old.start <= new.start and new.end <= old.end
        )
        if old.status is not SpanStatus.SUGGESTED or not nested:
            continue
        if schema.is_trigger(old.label) != layer:
            continue
        relations, arguments, _events = tx.store.span_links(old.id)
        for argument in arguments:
            event = tx.row("event", argument.event_id, "event")
            event_type = schema.event(event["type"])
            role = event_type.role(argument.role) if event_type else None
            key: tuple[object, ...] = ("argument", argument.event_id, argument.role)
            if role is not None and role.accepts(new.label) and key not in seen:
                seen.add(key)
                row = {"event_id": argument.event_id, "role": argument.role, "span": None}
                carried.append(("argument", row))
        for relation in relations:
            rtype = schema.relation(relation.label)
            is_head = relation.head == old.id
            other = relation.child if is_head else relation.head
            other_label = tx.span(other).label
            labels = (new.label, other_label) if is_head else (other_label, new.label)
            key = ("relation", relation.label, other, is_head)
            if rtype is not None and rtype.accepts(*labels) and key not in seen:
                seen.add(key)
                row = {
                    "document_id": relation.document_id,
                    "head": None if is_head else other,
                    "child": other if is_head else None,
                    "label": relation.label,
                }
                carried.append(("relation", row))
    return carried


class _TakesLinks(SpanCommand):
    """A command that takes the span's links with it: its description names them."""

    def describe_span(self, store: Store, span: Span | None, text: str) -> str:
        head = super().describe_span(store, span, text)
        return head + links_phrase(span_links(store, self.span_id))


@dataclass(frozen=True)
class RemoveSpan(_TakesLinks):
    """Delete a span and every relation, argument and event that hangs on it."""

    verb: ClassVar[str] = "Delete"

    def run(self, tx: Tx) -> None:
        span = tx.span(self.span_id)
        drop_links(tx, span.id)
        tx.delete("span", span.id)
        steps.touch(tx, span.document_id)


@dataclass(frozen=True)
class Accept(SpanCommand):
    """Confirm a span (a suggestion becomes part of the corpus)."""

    verb: ClassVar[str] = "Accept"

    def run(self, tx: Tx) -> None:
        span = tx.span(self.span_id)
        if span.status is not SpanStatus.ACCEPTED:
            steps.settle_overlaps(
                tx, span.document_id, span.start, span.end, span.label, skip=span.id
            )
        tx.update(
            "span",
            span.id,
            status=SpanStatus.ACCEPTED.value,
            annotator=tx.annotator,
            updated=tx.time,
        )
        steps.touch(tx, span.document_id)


@dataclass(frozen=True)
class Reject(_TakesLinks):
    """Turn a span down; it is kept as negative evidence and hidden from the training data.

    Its links go with it (a rejected trigger takes its event along): see `drop_links`.
    """

    verb: ClassVar[str] = "Reject"

    def run(self, tx: Tx) -> None:
        span = tx.span(self.span_id)
        steps.reject(tx, span.id)
        steps.touch(tx, span.document_id)


@dataclass(frozen=True)
class Discard(SpanCommand):
    """Take a span out of the corpus the way its origin calls for (the X key).

    A span an analyst made is deleted (with its links); a model's suggestion or an imported span
    is rejected, so it is kept as negative evidence.
    """

    @staticmethod
    def deletes(span: Span) -> bool:
        """Whether discarding this span deletes it (analyst-made) rather than rejecting it."""
        return span.origin.startswith("analyst")

    def describe_span(self, store: Store, span: Span | None, text: str) -> str:
        inner: SpanCommand = (
            RemoveSpan(self.span_id)
            if span is not None and self.deletes(span)
            else Reject(self.span_id)
        )
        return inner.describe_span(store, span, text)

    def run(self, tx: Tx) -> None:
        span = tx.span(self.span_id)
        if self.deletes(span):
            RemoveSpan(span.id).run(tx)
        else:
            Reject(span.id).run(tx)


@dataclass(frozen=True)
class Relabel(SpanCommand):
    """Give a span another label; the analyst's choice accepts it."""

    label: str
    verb: ClassVar[str] = "Relabel"

    def describe_span(self, store: Store, span: Span | None, text: str) -> str:
        return f"{super().describe_span(store, span, text)} as {self.label}"

    def run(self, tx: Tx) -> None:
        span = tx.span(self.span_id)
        steps.check_label(tx.schema, self.label)
        document = span.document_id  # its text is read only if a value or a clash needs it
        steps.settle_overlaps(tx, document, span.start, span.end, self.label, skip=span.id)
        steps.reshape(tx, span, label=self.label)
        _check_links(tx, span.id, self.label)
        steps.touch(tx, span.document_id)


@dataclass(frozen=True)
class Resize(SpanCommand):
    """Move a span's boundaries (and recompute a computed calendar value)."""

    start: int
    end: int
    verb: ClassVar[str] = "Resize"

    def run(self, tx: Tx) -> None:
        span = tx.span(self.span_id)
        document = span.document_id  # its text is read only if a value or a clash needs it
        steps.check_range(tx, document, self.start, self.end)
        if span.status is SpanStatus.ACCEPTED or span.status is SpanStatus.SUGGESTED:
            steps.settle_overlaps(tx, document, self.start, self.end, span.label, skip=span.id)
        steps.reshape(tx, span, start=self.start, end=self.end)
        steps.touch(tx, span.document_id)


@dataclass(frozen=True)
class SetValue(SpanCommand):
    """Set a DATE/TIME span's calendar value; None goes back to the computed value."""

    value: str | None = None
    verb: ClassVar[str] = "Set value of"

    def describe_span(self, store: Store, span: Span | None, text: str) -> str:
        shown = self.value if self.value is not None else "computed"
        return f"{super().describe_span(store, span, text)} to {shown}"

    def run(self, tx: Tx) -> None:
        span = tx.span(self.span_id)
        if not tx.schema.is_temporal(span.label):
            raise CommandError(f"span {span.id} is {span.label}: only DATE/TIME spans carry values")
        if self.value is None:
            columns = steps.computed_value(tx, span.document_id, span.start, span.end, span.label)
        else:
            columns = {"value": self.value.strip(), "value_origin": ValueOrigin.ANALYST.value}
        tx.update(
            "span",
            span.id,
            **columns,
            annotator=tx.annotator,
            updated=tx.time,
        )
        steps.touch(tx, span.document_id)


@dataclass(frozen=True)
class SetNote(SpanCommand):
    """Attach a free-text note to a span (None removes it)."""

    note: str | None = None
    verb: ClassVar[str] = "Note on"

    def run(self, tx: Tx) -> None:
        span = tx.span(self.span_id)
        tx.update("span", span.id, note=self.note or None, updated=tx.time)


def _check_links(tx: Tx, span_id: int, label: str) -> None:
    """A relabel must not leave a span in a role or relation that refuses its new label."""
    relations, arguments, _events = tx.store.span_links(span_id)
    for argument in arguments:
        event = tx.row("event", argument.event_id, "event")
        event_type = tx.schema.event(event["type"])
        role = event_type.role(argument.role) if event_type else None
        refusal = rules.role_refusal(event["type"], role, label) if role is not None else None
        if refusal is not None:
            raise CommandError(
                f"span {span_id} fills the {argument.role} of a {event['type']} event, and "
                f"{refusal}; remove it from the event first"
            )
    for relation in relations:
        rtype = tx.schema.relation(relation.label)
        if rtype is None:
            continue
        head = label if relation.head == span_id else tx.span(relation.head).label
        child = label if relation.child == span_id else tx.span(relation.child).label
        refusal = rules.relation_refusal(rtype, head, child)
        if refusal is not None:
            raise CommandError(
                f"span {span_id} is an end of a {relation.label} relation, and {refusal};"
                " remove the relation first"
            )
