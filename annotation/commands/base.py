"""What every command is built on: the `Tx` it reads and writes through, and `Command`.

A `Tx` holds no rules: they are `annotation.rules`, and the steps several commands share
(`steps.py`) apply them.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, ClassVar

from annotation.dates.valuer import Valuer
from annotation.errors import DatelineError
from annotation.model import DocStatus, Document, Span
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


class CommandError(DatelineError):
    """An edit refused by the rules (schema, offsets, overlaps); nothing was written.

    Not a `StoreError`: the project file is fine, the edit is not."""


def quote(text: str, limit: int = 40) -> str:
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
        # What this edit has read and not written since, so that naming the edit, finding its
        # document and running it read each row once: span rows (whole, JSON decoded) with
        # their records, and document statuses. A write through this Tx forgets the row.
        self._spans: dict[int, tuple[dict[str, Any], Span]] = {}
        self._statuses: dict[int, str] = {}

    # reads
    def document(self, document_id: int) -> Document:
        row = self.store.row("document", document_id)
        if row is None:
            raise CommandError(f"no document {document_id} in this project")
        return document_from_row(row)

    def span(self, span_id: int) -> Span:
        known = self._spans.get(span_id)
        if known is not None:
            return known[1]
        row = self.store.row("span", span_id)
        if row is None:
            raise CommandError(f"no span {span_id} in this project (deleted meanwhile?)")
        span = span_from_row(row)
        self._spans[span_id] = (row, span)
        return span

    def span_and_text(self, span_id: int) -> tuple[Span, str] | None:
        """A span and its text (None if there is no such span), its document's status kept."""
        found = self.store.span_for_edit(span_id)
        if found is None:
            return None
        row, status, text = found
        span = span_from_row(row)
        self._spans[span_id] = (row, span)
        self._statuses[span.document_id] = status
        return span, text

    def document_text(self, document_id: int, start: int, end: int) -> str:
        """Code points [start, end) of a document's text (its status kept), without reading it
        whole; StoreError if there is no such document."""
        found = self.store.status_and_text(document_id, start, end)
        if found is None:
            raise StoreError(f"{self.store.path}: no document {document_id}")
        self._statuses[document_id] = found[0]
        return found[1]

    def document_status(self, document_id: int) -> DocStatus | None:
        """A document's status (None if there is no such document), without its text."""
        known = self._statuses.get(document_id)
        if known is not None:
            return DocStatus(known)
        status = self.store.document_status(document_id)
        if status is not None:
            self._statuses[document_id] = status.value
        return status

    def row(self, table: Table, id_: int, what: str) -> dict[str, Any]:
        if table == "span" and id_ in self._spans:
            return dict(self._spans[id_][0])
        row = self.store.row(table, id_)
        if row is None:
            raise CommandError(f"no {what} {id_} in this project (deleted meanwhile?)")
        return row

    def _known(self, table: Table, id_: int, columns: list[str]) -> dict[str, Any] | None:
        """Columns of a row as this edit read it (and has not written it since), if it did."""
        if table == "span" and id_ in self._spans:
            row = self._spans[id_][0]
            if all(column in row for column in columns):
                return {column: row[column] for column in columns}
        elif table == "document" and columns == ["status"] and id_ in self._statuses:
            return {"status": self._statuses[id_]}
        return None

    def _forget(self, table: Table, id_: int) -> None:
        if table == "span":
            self._spans.pop(id_, None)
        elif table == "document":
            self._statuses.pop(id_, None)

    # writes
    def insert(self, table: Table, row: dict[str, Any]) -> int:
        id_ = self.store.insert_row(table, row)
        self._forget(table, id_)
        stored = self.store.row(table, id_)
        self.ops.append(RowOp(table, id_, None, stored))
        return id_

    def update(self, table: Table, id_: int, **changes: Any) -> None:
        """Change some columns of a row, recording only those (plus the row's identity).

        Recording whole rows would copy a document's text into the log on every status change.
        """
        columns = sorted(set(changes) | set(IDENTITY_COLUMNS[table]))
        before = self._known(table, id_, columns)
        if before is None:
            before = self.store.row_values(table, id_, columns)
        if before is None:
            raise CommandError(f"no {table} {id_} in this project")
        after = {**before, **changes}
        if after == before:
            return
        op = RowOp(table, id_, before, after)
        self._forget(table, id_)
        self.store.write(op)  # `before` was read in this transaction, and not written since
        self.ops.append(op)

    def delete(self, table: Table, id_: int) -> None:
        known = self._spans.get(id_) if table == "span" else None
        before = dict(known[0]) if known is not None else self.store.row(table, id_)
        if before is None:
            return
        op = RowOp(table, id_, before, None)
        self._forget(table, id_)
        self.store.write(op)
        self.ops.append(op)


class Command(ABC):
    """One undoable edit."""

    @abstractmethod
    def run(self, tx: Tx) -> None:
        """Check and write the edit; raise CommandError to refuse it (nothing is kept)."""

    def prepare(self, tx: Tx) -> tuple[str, int | None]:
        """What `describe` and `document_id` say, read in the edit's transaction before `run`.

        A command whose `run` reads the same rows overrides it to read them once (into `tx`).
        """
        return self.describe(tx.store), self.document_id(tx.store)

    @abstractmethod
    def describe(self, store: Store) -> str:
        """What the Edit menu calls this step, e.g. "Accept PERSON 'Narendra Modi'"."""

    @abstractmethod
    def document_id(self, store: Store) -> int | None:
        """The document the edit is about (for the log and for jumping back on undo)."""


def document_of(store: Store, table: Table, id_: int) -> int | None:
    """The document a span, relation or event belongs to (None: there is no such row)."""
    row = store.row(table, id_)
    return None if row is None else int(row["document_id"])


@dataclass(frozen=True)
class DocumentCommand(Command):
    """A command on one document."""

    document: int

    def document_id(self, store: Store) -> int | None:
        return self.document


@dataclass(frozen=True)
class RangeCommand(DocumentCommand):
    """A command on a stretch [start, end) of one document's text."""

    start: int
    end: int


@dataclass(frozen=True)
class EventCommand(Command):
    """A command on one existing event."""

    event_id: int

    def document_id(self, store: Store) -> int | None:
        return document_of(store, "event", self.event_id)


@dataclass(frozen=True)
class SpanCommand(Command):
    """A command on one existing span."""

    span_id: int
    verb: ClassVar[str] = ""

    def document_id(self, store: Store) -> int | None:
        return document_of(store, "span", self.span_id)

    def describe(self, store: Store) -> str:
        row = store.row("span", self.span_id)
        if row is None:
            return self.describe_span(store, None, "")
        text = store.document_text(row["document_id"], row["start"], row["end"])
        return self.describe_span(store, span_from_row(row), text)

    def prepare(self, tx: Tx) -> tuple[str, int | None]:
        # One read of the span, its text and its document's status serves the description,
        # the log's document and the edit itself.
        found = tx.span_and_text(self.span_id)
        if found is None:
            return self.describe_span(tx.store, None, ""), None
        span, text = found
        return self.describe_span(tx.store, span, text), span.document_id

    def describe_span(self, store: Store, span: Span | None, text: str) -> str:
        """`describe` given the span (None: there is none) and its text; subclasses add to it."""
        if span is None:
            return f"{self.verb} span {self.span_id}"
        return f"{self.verb} {span.label} {quote(text)}"
