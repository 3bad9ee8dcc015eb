"""The analysts' layers of a team project (ADR 0008): the `layer*` tables, read and replaced.

A layer holds what one analyst decided (accepted and rejected spans, relations, events with
their roles, each document's status and the time spent on it), copied from that analyst's project
by `dateline merge`. Layers are written only by a merge, a layer at a time and never by an edit:
the project's own tables are the adjudicated layer, which every edit works on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from typing import Any, NamedTuple

import orjson

from annotation.model import Argument, DocStatus, Event, Relation
from annotation.store.base import TABLES, StoreError
from annotation.store.store import Store

LAYER_TABLES = ("layer_argument", "layer_event", "layer_relation", "layer_span", "layer_document")


class LayerSpan(NamedTuple):
    """A span of a layer: an analyst's decided span as a merge copied it (a plain row: a team
    project holds hundreds of thousands)."""

    id: int
    document_id: int
    start: int
    end: int
    label: str
    status: str
    origin: str | None
    value: str | None
    value_origin: str | None
    note: str | None
    annotator: str | None
    updated: str | None


#: columns of the layer tables a merge writes, in insert order
SPAN_COLUMNS = ("id", "layer_id", *LayerSpan._fields[1:])
RELATION_COLUMNS = ("id", "layer_id", "document_id", "head", "child", "label")
EVENT_COLUMNS = ("id", "layer_id", "document_id", "type", "trigger", "attributes")
ARGUMENT_COLUMNS = ("id", "layer_id", "document_id", "event_id", "role", "span")
DOCUMENT_COLUMNS = ("layer_id", "document_id", "status", "seconds", "edits", "updated")


@dataclass(frozen=True, slots=True)
class Layer:
    """One analyst's layer: the name it goes by, the project it came from and when."""

    id: int
    name: str
    source: str | None
    merged: str | None


@dataclass(frozen=True, slots=True)
class LayerDocument:
    """What one analyst decided on one document (ids are the layer's own)."""

    layer: str
    document_id: int
    status: DocStatus
    seconds: float = 0.0
    edits: int = 0
    spans: tuple[LayerSpan, ...] = ()
    relations: tuple[Relation, ...] = ()
    events: tuple[Event, ...] = ()
    arguments: tuple[Argument, ...] = ()

    @property
    def done(self) -> bool:
        return self.status is DocStatus.DONE


@dataclass(frozen=True, slots=True)
class LayerProgress:
    """One analyst's progress: documents held and done, spans decided, time spent."""

    name: str
    documents: int
    done: int
    decided: int
    seconds: float
    edits: int


@dataclass
class MainRows:
    """Rows for the project's own tables (a merge's agreed annotations), ids already given."""

    spans: list[dict[str, Any]] = field(default_factory=list)
    relations: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    arguments: list[dict[str, Any]] = field(default_factory=list)


class TeamLayers:
    """The layer tables of an open project."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.conn = store.conn

    # -- reading ----------------------------------------------------------------------------------

    def layers(self) -> list[Layer]:
        """Every layer, in the order they were first merged."""
        sql = "SELECT id, name, source, merged FROM layer ORDER BY id"
        return [Layer(*row) for row in self.conn.execute(sql)]

    def is_team(self) -> bool:
        """Whether the project holds analysts' layers (it was made by `dateline merge`)."""
        return self.conn.execute("SELECT 1 FROM layer LIMIT 1").fetchone() is not None

    def layered_document_ids(self) -> list[int]:
        """Documents at least one layer holds, in id order."""
        sql = "SELECT DISTINCT document_id FROM layer_document ORDER BY document_id"
        return [int(row[0]) for row in self.conn.execute(sql)]

    def document_layers(self, document_id: int) -> list[LayerDocument]:
        """Every layer's version of one document, in layer order."""
        return self.layers_by_document([document_id])[document_id]

    def layers_by_document(self, ids: Sequence[int]) -> dict[int, list[LayerDocument]]:
        """Every layer's version of each of these documents (a few queries for all of them)."""
        names = {layer.id: layer.name for layer in self.layers()}
        found: dict[int, list[LayerDocument]] = {i: [] for i in ids}
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            parts = self._parts(chunk, marks)
            sql = (
                "SELECT layer_id, document_id, status, seconds, edits FROM layer_document"
                f" WHERE document_id IN ({marks}) ORDER BY document_id, layer_id"
            )
            for layer_id, document_id, status, seconds, edits in self.conn.execute(sql, chunk):
                key = (layer_id, document_id)
                spans, relations, events, arguments = (part.get(key, []) for part in parts)
                found[document_id].append(
                    LayerDocument(
                        names[layer_id],
                        document_id,
                        DocStatus(status),
                        float(seconds or 0.0),
                        int(edits or 0),
                        tuple(spans),
                        tuple(relations),
                        tuple(events),
                        tuple(arguments),
                    )
                )
        return found

    def _parts(self, chunk: list[int], marks: str) -> tuple[dict[tuple[int, int], list[Any]], ...]:
        """The layers' spans, relations, events and arguments of these documents, each by
        (layer, document)."""

        def records(
            table: str, columns: Sequence[str], make: Callable[[Sequence[Any]], Any], order: str
        ) -> dict[tuple[int, int], list[Any]]:
            listed = ", ".join(f"[{column}]" for column in columns)
            sql = (
                f"SELECT layer_id, document_id, {listed} FROM [{table}]"
                f" WHERE document_id IN ({marks}) ORDER BY {order}"
            )
            found: dict[tuple[int, int], list[Any]] = {}
            for row in self.conn.execute(sql, chunk):
                found.setdefault((row[0], row[1]), []).append(make(row[2:]))
            return found

        span_order = "document_id, start, [end], id"
        return (
            records("layer_span", LayerSpan._fields, LayerSpan._make, span_order),
            records("layer_relation", _columns(Relation), lambda row: Relation(*row), "id"),
            records("layer_event", _columns(Event), _event, "id"),
            records("layer_argument", _columns(Argument), lambda row: Argument(*row), "id"),
        )

    def progress(self) -> list[LayerProgress]:
        """Per layer: documents it holds, documents done, spans decided, time and edits."""
        sql = (
            "SELECT l.name,"
            " (SELECT count(*) FROM layer_document d WHERE d.layer_id = l.id),"
            " (SELECT count(*) FROM layer_document d WHERE d.layer_id = l.id"
            "  AND d.status = 'done'),"
            " (SELECT count(*) FROM layer_span s WHERE s.layer_id = l.id),"
            " (SELECT coalesce(sum(seconds), 0) FROM layer_document d WHERE d.layer_id = l.id),"
            " (SELECT coalesce(sum(edits), 0) FROM layer_document d WHERE d.layer_id = l.id)"
            " FROM layer l ORDER BY l.id"
        )
        return [
            LayerProgress(name, int(docs), int(done), int(decided), float(secs), int(edits))
            for name, docs, done, decided, secs, edits in self.conn.execute(sql)
        ]

    def basis_counts(self) -> dict[tuple[str, int], int]:
        """Documents by (the project's own status, how many layers marked them done)."""
        sql = (
            "SELECT d.status, coalesce(x.done, 0), count(*) FROM document d LEFT JOIN"
            " (SELECT document_id, count(*) AS done FROM layer_document WHERE status = 'done'"
            " GROUP BY document_id) x ON x.document_id = d.id GROUP BY 1, 2"
        )
        return {(str(s), int(done)): int(n) for s, done, n in self.conn.execute(sql)}

    def document_texts(self) -> Iterator[tuple[int, str, str, str | None, str | None]]:
        """(id, uid, text, url, source) of every document, for matching a merge's inputs."""
        sql = "SELECT id, uid, text, url, source FROM document ORDER BY id"
        yield from self.conn.execute(sql)

    def main_statuses(self, ids: Sequence[int]) -> dict[int, DocStatus]:
        """The project's own status of these documents (the adjudicator's)."""
        found: dict[int, DocStatus] = {}
        for chunk in _chunks(ids):
            sql = f"SELECT id, status FROM document WHERE id IN ({','.join('?' * len(chunk))})"
            found.update((i, DocStatus(s)) for i, s in self.conn.execute(sql, chunk))
        return found

    # -- writing (a merge; inside the caller's transaction, not undoable) -------------------------

    def ensure_layer(self, name: str, source: str, time: str) -> int:
        """The id of the layer called `name`, made if new; its source and merge time updated."""
        row = self.conn.execute("SELECT id FROM layer WHERE name = ?", (name,)).fetchone()
        if row is not None:
            self.conn.execute(
                "UPDATE layer SET source = ?, merged = ? WHERE id = ?", (source, time, row[0])
            )
            return int(row[0])
        cursor = self.conn.execute(
            "INSERT INTO layer (name, source, merged) VALUES (?, ?, ?)", (name, source, time)
        )
        return int(cursor.lastrowid or 0)

    def clear_layer(self, layer_id: int) -> None:
        """Delete every row of a layer (a merge then writes it again whole)."""
        for table in LAYER_TABLES:
            self.conn.execute(f"DELETE FROM [{table}] WHERE layer_id = ?", (layer_id,))

    def next_id(self, table: str) -> int:
        """The id the next row of a layer or annotation table gets (an annotation table's above
        every id it ever held: ids are never given twice, ADR 0016)."""
        if table in TABLES:
            return self.store.next_id(table)  # type: ignore[arg-type]
        if table not in LAYER_TABLES:
            raise StoreError(f"no table {table!r}")
        sql = f"SELECT COALESCE(MAX(id), 0) + 1 FROM [{table}]"
        return int(self.conn.execute(sql).fetchone()[0])

    def insert_rows(
        self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
    ) -> None:
        """Insert layer rows given as tuples in `columns` order (JSON already encoded)."""
        if table not in LAYER_TABLES:
            raise StoreError(f"not a layer table: {table!r}")
        sql = (
            f"INSERT INTO [{table}] ({', '.join(f'[{c}]' for c in columns)})"
            f" VALUES ({', '.join('?' * len(columns))})"
        )
        self.conn.executemany(sql, rows)

    def replace_agreed(self, ids: Sequence[int], rows: MainRows, origin: str) -> None:
        """Replace the spans of `origin` (what a merge found agreed) in these documents, with
        their links, by `rows`; other spans (a model's suggestions) stay.

        Only for documents no one has adjudicated yet: nothing in the edit log refers to them.
        """
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            agreed = f"SELECT id FROM span WHERE document_id IN ({marks}) AND origin = ?"
            params = [*chunk, origin]
            self.conn.execute(
                f"DELETE FROM argument WHERE span IN ({agreed}) OR event_id IN"
                f" (SELECT id FROM event WHERE trigger IN ({agreed}))",
                params + params,
            )
            self.conn.execute(f"DELETE FROM event WHERE trigger IN ({agreed})", params)
            self.conn.execute(
                f"DELETE FROM relation WHERE head IN ({agreed}) OR child IN ({agreed})",
                params + params,
            )
            self.conn.execute(
                f"DELETE FROM span WHERE document_id IN ({marks}) AND origin = ?", params
            )
        self.store.insert_many("span", rows.spans)
        self.store.insert_many("relation", rows.relations)
        self.store.insert_many("event", rows.events)
        self.store.insert_many("argument", rows.arguments)


def _columns(record: type[Relation | Event | Argument]) -> list[str]:
    """A record's fields: the columns of its layer table that it is read from."""
    return [f.name for f in fields(record)]


def _event(row: Sequence[Any]) -> Event:
    return Event(row[0], row[1], row[2], row[3], orjson.loads(row[4]) if row[4] else {})


def _chunks(ids: Sequence[int], size: int = 500) -> Iterator[list[int]]:
    for first in range(0, len(ids), size):
        yield list(ids[first : first + size])
