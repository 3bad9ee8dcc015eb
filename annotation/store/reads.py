"""Reading a project: rows, documents, spans, links and counts, each in one query."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from operator import itemgetter
from typing import Any

import orjson

from annotation.model import (
    Argument,
    DocStatus,
    Document,
    DocumentSummary,
    Event,
    Relation,
    Span,
    SpanStatus,
)
from annotation.store.base import Connected, StoreError, Table
from annotation.store.fts_query import filter_expression
from annotation.store.list_pages import SUMMARY_SELECT, list_filter
from annotation.store.rows import (
    DOCUMENT_STATUSES,
    SPAN_STATUSES,
    VALUE_ORIGINS,
    decode,
    document_from_row,
    event_from_row,
    span_from_row,
    word,
)

#: The span table's columns: id, document id, then `Span`'s other fields in order (what
#: `span_tuples` selects).
_SPAN_COLUMNS = (
    "id, document_id, start, [end], label, status, origin, score, value, value_origin, note,"
    " annotator, suggested, created, updated, entity_id"
)


#: (start, end, id) of a brief row: text order
_TEXT_ORDER = itemgetter(1, 2, 0)
_STATUS_OF = itemgetter(4)


class Reads(Connected):
    """The store's queries; none of them writes."""

    def row(self, table: Table, id_: int) -> dict[str, Any] | None:
        """A raw row as stored (JSON columns decoded), or None."""
        cursor = self.conn.execute(f"SELECT * FROM [{table}] WHERE id = ?", (id_,))
        values = cursor.fetchone()
        if values is None:
            return None
        names = [column[0] for column in cursor.description]
        return decode(table, dict(zip(names, values, strict=True)), self.path)

    def _rows(self, table: Table, where: str, params: Sequence[Any]) -> list[dict[str, Any]]:
        """Rows picked by a WHERE clause: for this class's own queries (no other room writes
        SQL, ADR 0001's store boundary)."""
        cursor = self.conn.execute(f"SELECT * FROM [{table}] WHERE {where}", params)
        names = [column[0] for column in cursor.description]
        return [
            decode(table, dict(zip(names, values, strict=True)), self.path)
            for values in cursor.fetchall()
        ]

    def document(self, document_id: int) -> Document:
        row = self.row("document", document_id)
        if row is None:
            raise StoreError(f"{self.path}: no document {document_id}")
        return document_from_row(row)

    def document_text(self, document_id: int, start: int, end: int) -> str:
        """Code points [start, end) of a document's text, without reading all of it."""
        row = self.conn.execute(
            "SELECT substr(text, ?, ?) FROM document WHERE id = ?",
            (start + 1, max(end - start, 0), document_id),
        ).fetchone()
        if row is None:
            raise StoreError(f"{self.path}: no document {document_id}")
        return str(row[0])

    def document_status(self, document_id: int) -> DocStatus | None:
        """A document's status (None if there is no such document), without its text."""
        row = self.conn.execute(
            "SELECT status FROM document WHERE id = ?", (document_id,)
        ).fetchone()
        return None if row is None else word("document", "status", row[0], document_id, self.path)

    def check_document_statuses(self) -> None:
        """Refuse, naming it, a document whose status the project cannot hold (one look at an
        index: the document list reads statuses a page at a time, where no error can be shown).
        """
        marks = ",".join("?" * len(DOCUMENT_STATUSES))
        sql = f"SELECT id, status FROM document WHERE status NOT IN ({marks}) LIMIT 1"
        row = self.conn.execute(sql, list(DOCUMENT_STATUSES)).fetchone()
        if row is not None:
            word("document", "status", row[1], row[0], self.path)

    def document_ids(self, status: DocStatus | None = None) -> list[int]:
        if status is None:
            return [r[0] for r in self.conn.execute("SELECT id FROM document ORDER BY id")]
        sql = "SELECT id FROM document WHERE status = ? ORDER BY id"
        return [r[0] for r in self.conn.execute(sql, (status.value,))]

    def documents(
        self,
        *,
        status: DocStatus | None = None,
        text: str | None = None,
        after_id: int = 0,
        limit: int | None = None,
        statuses: Iterable[DocStatus] | None = None,
    ) -> list[DocumentSummary]:
        """A page of the document list in id order (keyset paging: pass the last id seen).

        `statuses` keeps documents in any of several states (the window's "to do" filter).
        """
        where, params = _document_filter(status, statuses, text)
        where.insert(0, "d.id > ?")
        params.insert(0, after_id)
        sql = f"{SUMMARY_SELECT} WHERE {' AND '.join(where)} ORDER BY d.id"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [
            DocumentSummary(r[0], r[1] or "", r[2], r[3], self._document_status(r), r[5], r[6])
            for r in self.conn.execute(sql, params)
        ]

    def _document_status(self, row: Sequence[Any]) -> DocStatus:
        """The status of a document row (id first, status fifth), checked."""
        status: DocStatus | None = DOCUMENT_STATUSES.get(row[4])
        return status or word("document", "status", row[4], row[0], self.path)

    def count_documents(
        self, statuses: Iterable[DocStatus] | None = None, text: str | None = None
    ) -> int:
        """How many documents are in these states (None: any) with `text` in their title or
        source (the document list's filter); with neither, all of them."""
        expression = filter_expression(text) if text else None
        if statuses is None and expression is not None:
            sql = "SELECT count(*) FROM document_fts WHERE document_fts MATCH ?"
            return int(self.conn.execute(sql, (expression,)).fetchone()[0])
        where, params = _document_filter(None, statuses, text)
        clause = f" WHERE {' AND '.join(where)}" if where else ""
        sql = f"SELECT count(*) FROM document d{clause}"
        return int(self.conn.execute(sql, params).fetchone()[0])

    def document_summary(self, document_id: int) -> DocumentSummary | None:
        found = self.documents(after_id=document_id - 1, limit=1)
        return found[0] if found and found[0].id == document_id else None

    def neighbour_document(
        self,
        document_id: int,
        step: int,
        *,
        statuses: Iterable[DocStatus] | None = None,
        text: str | None = None,
    ) -> int | None:
        """The next (step > 0) or previous document id, or None at either end.

        With `statuses` or `text`, the neighbour in the list filtered that way.
        """
        where, params = _document_filter(None, statuses, text)
        if step > 0:
            where.insert(0, "d.id > ?")
            order = "ASC"
        else:
            where.insert(0, "d.id < ?")
            order = "DESC"
        params.insert(0, document_id)
        sql = (
            f"SELECT d.id FROM document d INDEXED BY document_list_id WHERE {' AND '.join(where)}"
            f" ORDER BY d.id {order} LIMIT 1"
        )
        row = self.conn.execute(sql, params).fetchone()
        return None if row is None else int(row[0])

    def span(self, span_id: int) -> Span:
        row = self.row("span", span_id)
        if row is None:
            raise StoreError(f"{self.path}: no span {span_id}")
        return span_from_row(row)

    def spans(self, document_id: int, statuses: Iterable[SpanStatus] | None = None) -> list[Span]:
        """A document's spans in text order."""
        return [self.span_from_tuple(row) for row in self.span_tuples(document_id, statuses)]

    def span_tuples(
        self, document_id: int, statuses: Iterable[SpanStatus] | None = None
    ) -> list[tuple[Any, ...]]:
        """A document's spans as raw rows in `Span` field order, in text order.

        For readers of thousands of spans that need few of them whole (the window builds a
        `Span` only for what it shows): rows cost a fraction of records. `suggested` is still
        JSON text; `span_from_tuple` makes the record.
        """
        sql = f"SELECT {_SPAN_COLUMNS} FROM span WHERE document_id = ?"
        params: list[Any] = [document_id]
        if statuses is not None:
            self._check_span_statuses("document_id = ?", params)
            wanted = [status.value for status in statuses]
            sql += f" AND status IN ({','.join('?' * len(wanted))})"
            params += wanted
        sql += " ORDER BY start, end, id"
        return self.conn.execute(sql, params).fetchall()

    def span_briefs(self, document_id: int) -> list[tuple[int, int, int, str, str, str | None]]:
        """(id, start, end, label, status, value) of a document's spans, in text order.

        What drawing an article needs; the window reads the whole `Span` only of the spans an
        analyst looks at (`span`).
        """
        # The index gives the rows by start; ordering by (end, id) too would cost SQLite a
        # temporary B-tree (2-4 ms for 3,000 spans), Python's sort of nearly sorted rows less.
        sql = (
            "SELECT id, start, [end], label, status, value FROM span WHERE document_id = ?"
            " ORDER BY start"
        )
        rows: list[tuple[int, int, int, str, str, str | None]] = self.conn.execute(
            sql, (document_id,)
        ).fetchall()
        rows.sort(key=_TEXT_ORDER)
        if not set(map(_STATUS_OF, rows)) <= SPAN_STATUSES.keys():  # ~20 ns a span
            for row in rows:
                word("span", "status", row[4], row[0], self.path)
        return rows

    def span_from_tuple(self, row: Sequence[Any]) -> Span:
        """The `Span` of a row from `span_tuples`."""
        suggested = row[12]
        if suggested is not None:
            suggested = decode("span", {"id": row[0], "suggested": suggested}, self.path)[
                "suggested"
            ]
        status = SPAN_STATUSES.get(row[5]) or word("span", "status", row[5], row[0], self.path)
        origin = row[9]
        if origin is not None:
            origin = VALUE_ORIGINS.get(origin, False)
            if origin is False:
                origin = word("span", "value_origin", row[9], row[0], self.path)
        return Span(
            row[2],
            row[3],
            row[4],
            status,
            row[6],
            row[7],
            row[8],
            origin,
            row[10],
            row[11],
            suggested,
            row[13] or "",
            row[14] or "",
            row[15],
            id=row[0],
            document_id=row[1],
        )

    def overlapping_spans(
        self, document_id: int, start: int, end: int, skip: int = 0
    ) -> list[Span]:
        """The document's spans, rejected ones aside, that overlap [start, end) (`skip`: a
        span to leave out, the one being moved)."""
        rows = self._rows(
            "span",
            "document_id = ? AND start < ? AND end > ? AND status != 'rejected' AND id != ?",
            [document_id, end, start, skip],
        )
        return [span_from_row(row) for row in rows]

    def span_at(
        self, document_id: int, start: int, end: int, label: str, status: SpanStatus
    ) -> Span | None:
        """The document's span with these offsets, label and status, if there is one."""
        rows = self._rows(
            "span",
            "document_id = ? AND start = ? AND end = ? AND label = ? AND status = ? LIMIT 1",
            [document_id, start, end, label, status.value],
        )
        return span_from_row(rows[0]) if rows else None

    def has_relation(self, head: int, child: int, label: str) -> bool:
        """Whether a relation with this label links `head` to `child`."""
        sql = "SELECT 1 FROM relation WHERE head = ? AND child = ? AND label = ? LIMIT 1"
        return self.conn.execute(sql, (head, child, label)).fetchone() is not None

    def relations(self, document_id: int) -> list[Relation]:
        return [
            Relation(r["id"], r["document_id"], r["head"], r["child"], r["label"])
            for r in self._rows("relation", "document_id = ? ORDER BY id", [document_id])
        ]

    def events(self, document_id: int) -> list[Event]:
        return [
            event_from_row(row)
            for row in self._rows("event", "document_id = ? ORDER BY id", [document_id])
        ]

    def arguments(self, event_id: int) -> list[Argument]:
        return [
            Argument(r["id"], r["event_id"], r["role"], r["span"])
            for r in self._rows("argument", "event_id = ? ORDER BY id", [event_id])
        ]

    def document_arguments(self, document_id: int) -> list[Argument]:
        sql = (
            "SELECT a.id, a.event_id, a.role, a.span FROM argument a"
            " JOIN event e ON e.id = a.event_id WHERE e.document_id = ? ORDER BY a.id"
        )
        return [Argument(*row) for row in self.conn.execute(sql, (document_id,))]

    # -- many documents at once (export) ----------------------------------------------------------

    def documents_by_id(self, ids: Sequence[int]) -> list[Document]:
        """The documents with these ids, in the order given (one query a chunk)."""
        found: dict[int, Document] = {}
        for chunk in _chunks(ids):
            cursor = self.conn.execute(
                f"SELECT * FROM document WHERE id IN ({','.join('?' * len(chunk))})", chunk
            )
            names = [column[0] for column in cursor.description]
            # Every row fetched before any is decoded: a damaged one raises with no statement
            # left open (which would keep the connection, and its -wal file, alive).
            for values in cursor.fetchall():
                row = decode("document", dict(zip(names, values, strict=True)), self.path)
                found[row["id"]] = document_from_row(row)
        missing = [i for i in ids if i not in found]
        if missing:
            raise StoreError(f"{self.path}: no document {missing[0]}")
        return [found[i] for i in ids]

    def spans_by_document(
        self, ids: Sequence[int], statuses: Iterable[SpanStatus] | None = None
    ) -> dict[int, list[Span]]:
        """The spans of these documents, each document's in text order (as `spans`)."""
        wanted = None if statuses is None else [status.value for status in statuses]
        found: dict[int, list[Span]] = {i: [] for i in ids}
        make = self.span_from_tuple
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT {_SPAN_COLUMNS} FROM span WHERE document_id IN ({marks})"
            params: list[Any] = list(chunk)
            if wanted is not None:
                sql += f" AND status IN ({','.join('?' * len(wanted))})"
                params += wanted
                # what the filter leaves out must not hide a damaged row (an index lookup)
                self._check_span_statuses(f"document_id IN ({marks})", chunk)
            sql += " ORDER BY document_id, start, end, id"
            for row in self.conn.execute(sql, params).fetchall():
                found[row[1]].append(make(row))
        return found

    def _check_span_statuses(self, where: str, params: Sequence[Any]) -> None:
        """Refuse, naming it, a span (of those `where` picks) whose status is not a known one."""
        known = list(SPAN_STATUSES)
        sql = (
            f"SELECT id, status FROM span WHERE {where}"
            f" AND status NOT IN ({','.join('?' * len(known))}) LIMIT 1"
        )
        row = self.conn.execute(sql, [*params, *known]).fetchone()
        if row is not None:
            word("span", "status", row[1], row[0], self.path)

    def relations_by_document(self, ids: Sequence[int]) -> dict[int, list[Relation]]:
        """The relations of these documents, each document's in id order (as `relations`)."""
        found: dict[int, list[Relation]] = {i: [] for i in ids}
        for chunk in _chunks(ids):
            sql = (
                "SELECT id, document_id, head, child, label FROM relation"
                f" WHERE document_id IN ({','.join('?' * len(chunk))}) ORDER BY id"
            )
            for row in self.conn.execute(sql, chunk):
                found[row[1]].append(Relation(*row))
        return found

    def events_by_document(self, ids: Sequence[int]) -> dict[int, list[Event]]:
        """The events of these documents, each document's in id order (as `events`)."""
        found: dict[int, list[Event]] = {i: [] for i in ids}
        for chunk in _chunks(ids):
            where = f"document_id IN ({','.join('?' * len(chunk))}) ORDER BY id"
            for row in self._rows("event", where, chunk):
                found[row["document_id"]].append(event_from_row(row))
        return found

    def arguments_by_document(self, ids: Sequence[int]) -> dict[int, list[Argument]]:
        """The event arguments of these documents, each document's in id order."""
        found: dict[int, list[Argument]] = {i: [] for i in ids}
        for chunk in _chunks(ids):
            sql = (
                "SELECT e.document_id, a.id, a.event_id, a.role, a.span FROM argument a"
                " JOIN event e ON e.id = a.event_id"
                f" WHERE e.document_id IN ({','.join('?' * len(chunk))}) ORDER BY a.id"
            )
            for row in self.conn.execute(sql, chunk):
                found[row[0]].append(Argument(*row[1:]))
        return found

    def span_links(self, span_id: int) -> tuple[list[Relation], list[Argument], list[Event]]:
        """The relations a span is an end of, the roles it fills and the events it triggers."""
        relations = [
            Relation(*row)
            for row in self.conn.execute(
                "SELECT id, document_id, head, child, label FROM relation"
                " WHERE head = ? OR child = ? ORDER BY id",
                (span_id, span_id),
            )
        ]
        arguments = [
            Argument(*row)
            for row in self.conn.execute(
                "SELECT id, event_id, role, span FROM argument WHERE span = ? ORDER BY id",
                (span_id,),
            )
        ]
        events = [
            event_from_row(row) for row in self._rows("event", "trigger = ? ORDER BY id", [span_id])
        ]
        return relations, arguments, events

    def excluded_regions_of_source(self, source: str, skip: int = 0) -> list[Any]:
        """The regions marked as not part of the article (`meta["excluded"]` entries) in the
        documents of one source, but `skip` (annotation/regions.py reads them)."""
        found: list[Any] = []
        for (value,) in self.conn.execute(
            "SELECT json_extract(meta, '$.excluded') FROM document"
            " WHERE source = ? AND id != ? AND json_valid(meta)"
            " AND json_extract(meta, '$.excluded') IS NOT NULL",
            (source, skip),
        ):
            try:
                entries = orjson.loads(value)
            except orjson.JSONDecodeError:
                continue
            if isinstance(entries, list):
                found.extend(entries)
        return found

    def label_counts(self, status: SpanStatus | None = None) -> dict[str, int]:
        sql = "SELECT label, count(*) FROM span"
        params: tuple[Any, ...] = ()
        if status is not None:
            sql += " WHERE status = ?"
            params = (status.value,)
        sql += " GROUP BY label ORDER BY count(*) DESC, label"
        return {label: count for label, count in self.conn.execute(sql, params)}

    def status_counts(self) -> dict[str, int]:
        sql = "SELECT status, count(*) FROM document GROUP BY status"
        return dict(self.conn.execute(sql).fetchall())

    def span_status_counts(self) -> dict[str, int]:
        sql = "SELECT status, count(*) FROM span GROUP BY status"
        return dict(self.conn.execute(sql).fetchall())

    def suggestion_outcomes(self) -> list[tuple[str, str, str, bool, str, int]]:
        """(origin, label the model gave, status, edited, day, spans) of model suggestions:
        how analysts decided them, and on which day (the day of the last change)."""
        sql = (
            "SELECT origin, COALESCE(json_extract(suggested, '$.label'), label), status,"
            " suggested IS NOT NULL, substr(updated, 1, 10), count(*) FROM span"
            " WHERE origin LIKE 'model:%' GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 5"
        )
        return [(o, lab, s, bool(e), d, int(n)) for o, lab, s, e, d, n in self.conn.execute(sql)]

    def analyst_additions(self) -> list[tuple[str, str, str, int]]:
        """(model, label, day, spans): accepted spans analysts added to documents after a model
        had suggested there (what the model missed)."""
        sql = (
            "SELECT r.model, s.label, substr(s.created, 1, 10), count(*) FROM span s"
            " JOIN suggestion_run r ON r.document_id = s.document_id"
            " WHERE s.origin LIKE 'analyst%' AND s.status = 'accepted' AND s.created >= r.time"
            " GROUP BY 1, 2, 3 ORDER BY 1, 3"
        )
        return [(m, label, d, int(n)) for m, label, d, n in self.conn.execute(sql)]

    def count(self, table: Table) -> int:
        return int(self.conn.execute(f"SELECT count(*) FROM [{table}]").fetchone()[0])


def _document_filter(
    status: DocStatus | None, statuses: Iterable[DocStatus] | None, text: str | None
) -> tuple[list[str], list[Any]]:
    """WHERE terms and parameters for the document list's status and text filter (the text
    through the search index: words in the title, source or text)."""
    wanted = [status] if status is not None else []
    if statuses is not None:
        wanted += list(statuses)
    return list_filter(wanted if wanted or statuses is not None else None, text)


def _chunks(ids: Sequence[int], size: int = 500) -> Iterable[list[int]]:
    """Ids in chunks small enough for one `IN (...)` each (SQLite's parameter limit)."""
    for first in range(0, len(ids), size):
        yield list(ids[first : first + size])
