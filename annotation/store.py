"""The project file: the only place that speaks SQL.

One SQLite file per project, in WAL mode with `synchronous=FULL`, so an edit that returned is on
disk. Every edit is a list of row operations applied in one `BEGIN IMMEDIATE` transaction together
with its edit-log entry, which is what makes undo persistent, exact and safe across processes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import orjson
from sqlite_utils import Database

from annotation.migrations import APPLICATION_ID, SCHEMA_VERSION, migrations
from annotation.model import (
    Argument,
    DocStatus,
    Document,
    DocumentSummary,
    Event,
    Relation,
    Span,
    SpanStatus,
    ValueOrigin,
)

TABLES = ("document", "span", "relation", "event", "argument")
#: Columns an update records besides the changed ones, so a Change can say where it happened.
IDENTITY_COLUMNS: dict[str, tuple[str, ...]] = {
    "document": (),
    "span": ("document_id", "start", "end"),
    "relation": ("document_id",),
    "event": ("document_id",),
    "argument": ("event_id",),
}
Table = Literal["document", "span", "relation", "event", "argument"]
_SQLITE_MAGIC = b"SQLite format 3\x00"
_JSON_COLUMNS = {("document", "meta"), ("event", "attributes"), ("span", "suggested")}


class StoreError(Exception):
    """A project file that cannot be used or an edit that cannot be stored."""


class ProjectFileError(StoreError):
    """The file is not a usable Dateline project; it has been left untouched."""


class ConflictError(StoreError):
    """The rows an edit (or its undo) expects have been changed by another edit or process."""


def now() -> str:
    """A UTC timestamp with milliseconds, sortable as text."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass(frozen=True, slots=True)
class RowOp:
    """One row written by an edit: inserted (no `before`), deleted (no `after`) or updated."""

    table: Table
    id: int
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    def inverted(self) -> RowOp:
        return RowOp(self.table, self.id, self.after, self.before)

    def to_json(self) -> list[Any]:
        return [self.table, self.id, self.before, self.after]

    @classmethod
    def from_json(cls, data: list[Any]) -> RowOp:
        table, id_, before, after = data
        return cls(table, id_, before, after)


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One step of the persistent edit history."""

    id: int
    kind: str
    state: str
    description: str
    annotator: str | None
    time: str
    document_id: int | None
    ops: tuple[RowOp, ...]


class Store:
    """An open project file."""

    def __init__(self, path: str | Path, *, create: bool = True) -> None:
        self.path = Path(path)
        self._check_file(create)
        try:
            conn = sqlite3.connect(str(self.path), timeout=10.0, check_same_thread=False)
        except sqlite3.Error as exc:
            raise ProjectFileError(f"{self.path}: cannot open the project: {exc}") from exc
        self.db = Database(conn, execute_plugins=False)
        self.conn = conn
        try:
            self._prepare()
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise ProjectFileError(
                f"{self.path}: the project file is damaged or not a Dateline project ({exc})"
            ) from exc
        except StoreError:
            conn.close()
            raise

    # -- opening -------------------------------------------------------------------------------

    def _check_file(self, create: bool) -> None:
        """Refuse what is not a SQLite file before SQLite gets a chance to write to it."""
        if not self.path.exists():
            if not create:
                raise ProjectFileError(f"{self.path}: no such project file")
            self._create_file()
            return
        if self.path.is_dir():
            raise ProjectFileError(f"{self.path}: is a folder, not a project file")
        with self.path.open("rb") as handle:
            header = handle.read(100)
        if not header:
            raise ProjectFileError(f"{self.path}: the file is empty, not a Dateline project")
        if header[:16] != _SQLITE_MAGIC or len(header) < 100:
            raise ProjectFileError(f"{self.path}: not a Dateline project (not an SQLite file)")
        page_size = int.from_bytes(header[16:18], "big")
        page_size = 65536 if page_size == 1 else page_size
        pages = int.from_bytes(header[28:32], "big")
        valid_for = int.from_bytes(header[92:96], "big")
        change_counter = int.from_bytes(header[24:28], "big")
        size = self.path.stat().st_size
        if pages and valid_for == change_counter and size < pages * page_size:
            raise ProjectFileError(
                f"{self.path}: the project file is truncated ({size} bytes, its header "
                f"says {pages * page_size}); restore a backup copy"
            )
        application_id = int.from_bytes(header[68:72], "big")
        if application_id != APPLICATION_ID:
            raise ProjectFileError(
                f"{self.path}: an SQLite file of another application, not a Dateline project"
            )
        # A newer file is refused before SQLite opens it (closing would fold its -wal in).
        self._check_version(int.from_bytes(header[60:64], "big"))
        wal = self.path.with_name(self.path.name + "-wal")
        problem = _wal_problem(wal)
        if problem:
            raise ProjectFileError(
                f"{self.path}: its write-ahead log {wal.name} is damaged ({problem}); both are "
                f"left as they are: move {wal.name} aside to open the project as of its last "
                "checkpoint"
            )

    def _create_file(self) -> None:
        """Create an empty, marked project under a temporary name and rename it into place.

        The mark is written before WAL mode is on, so it is in the main file's header at once, and
        a crash during creation leaves no half-made file under the project's name.
        """
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(f".{self.path.name}.creating")
        temporary.unlink(missing_ok=True)
        conn = sqlite3.connect(str(temporary))
        try:
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.commit()
        finally:
            conn.close()
        temporary.replace(self.path)

    def _check_version(self, version: int) -> None:
        if version > SCHEMA_VERSION:
            raise ProjectFileError(
                f"{self.path}: made by a newer Dateline (project schema {version}); this "
                f"version reads schema {SCHEMA_VERSION} and older. Update Dateline to open it."
            )

    def _prepare(self) -> None:
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        self._check_version(version)
        self.conn.execute("PRAGMA busy_timeout = 10000")
        if self.conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute("PRAGMA synchronous = FULL")
        self.conn.execute("PRAGMA foreign_keys = ON")
        backup = self._backup(f".v{version}.bak") if 0 < version < SCHEMA_VERSION else None
        if version < SCHEMA_VERSION:
            try:
                migrations.apply(self.db)
            except Exception as exc:
                kept = f"; a copy from before the update is at {backup}" if backup else ""
                raise ProjectFileError(
                    f"{self.path}: could not update the project to schema {SCHEMA_VERSION} "
                    f"({type(exc).__name__}: {exc}){kept}"
                ) from exc

    def _backup(self, suffix: str) -> Path:
        """Copy the project before a migration changes it.

        SQLite's backup copies what this connection sees, the -wal's edits included (a checkpoint
        cannot fold them in while another window holds a read open); the copy appears under its
        name only when complete.
        """
        target = self.path.with_name(self.path.name + suffix)
        partial = target.with_name(target.name + ".part")
        partial.unlink(missing_ok=True)
        copy = sqlite3.connect(str(partial))
        try:
            self.conn.backup(copy)
        finally:
            copy.close()
        partial.replace(target)
        return target

    def close(self) -> None:
        """Close the file (checkpointing the WAL so the .db file stands alone)."""
        with suppress(sqlite3.Error):
            self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions ---------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction, taken at once so a concurrent writer waits rather than fails."""
        if self.conn.in_transaction:
            with self.db.atomic():
                yield
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StoreError(
                f"{self.path}: the project is busy in another program ({exc})"
            ) from exc
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    @property
    def data_version(self) -> int:
        """Changes when another connection commits to this file (for refresh on outside edits)."""
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    # -- settings -------------------------------------------------------------------------------

    def setting(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
        return default if row is None else row[0]

    def set_setting(self, key: str, value: str | None) -> None:
        with self.transaction():
            if value is None:
                self.conn.execute("DELETE FROM setting WHERE key = ?", (key,))
            else:
                self.db.table("setting").upsert({"key": key, "value": value}, pk="key")

    # -- reading --------------------------------------------------------------------------------

    def row(self, table: Table, id_: int) -> dict[str, Any] | None:
        """A raw row as stored (JSON columns decoded), or None."""
        cursor = self.conn.execute(f"SELECT * FROM [{table}] WHERE id = ?", (id_,))
        values = cursor.fetchone()
        if values is None:
            return None
        names = [column[0] for column in cursor.description]
        return _decode(table, dict(zip(names, values, strict=True)), self.path)

    def rows(self, table: Table, where: str, params: Sequence[Any]) -> list[dict[str, Any]]:
        return [
            _decode(table, row, self.path)
            for row in self.db.query(f"SELECT * FROM [{table}] WHERE {where}", params)
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
        return None if row is None else DocStatus(row[0])

    def document_count(self, status: DocStatus | None = None) -> int:
        if status is None:
            return int(self.conn.execute("SELECT count(*) FROM document").fetchone()[0])
        sql = "SELECT count(*) FROM document WHERE status = ?"
        return int(self.conn.execute(sql, (status.value,)).fetchone()[0])

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
        sql = (
            "SELECT d.id, d.title, d.source, d.published, d.status,"
            " (SELECT count(*) FROM span s WHERE s.document_id = d.id"
            "  AND s.status = 'suggested') AS open,"
            " (SELECT count(*) FROM span s WHERE s.document_id = d.id"
            "  AND s.status = 'accepted') AS spans"
            f" FROM document d WHERE {' AND '.join(where)} ORDER BY d.id"
        )
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [
            DocumentSummary(r[0], r[1] or "", r[2], r[3], DocStatus(r[4]), r[5], r[6])
            for r in self.conn.execute(sql, params)
        ]

    def count_documents(
        self, statuses: Iterable[DocStatus] | None = None, text: str | None = None
    ) -> int:
        """How many documents the list shows with this filter."""
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
            f"SELECT d.id FROM document d WHERE {' AND '.join(where)} ORDER BY d.id {order} LIMIT 1"
        )
        row = self.conn.execute(sql, params).fetchone()
        return None if row is None else int(row[0])

    def document_id_for_uid(self, uid: str) -> int | None:
        row = self.conn.execute("SELECT id FROM document WHERE uid = ?", (uid,)).fetchone()
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
        sql = (
            "SELECT id, start, [end], label, status, value FROM span WHERE document_id = ?"
            " ORDER BY start, end, id"
        )
        return self.conn.execute(sql, (document_id,)).fetchall()

    def span_from_tuple(self, row: Sequence[Any]) -> Span:
        """The `Span` of a row from `span_tuples`."""
        suggested = row[12]
        if suggested is not None:
            suggested = _decode("span", {"id": row[0], "suggested": suggested}, self.path)[
                "suggested"
            ]
        return Span(
            row[0],
            row[1],
            row[2],
            row[3],
            row[4],
            _SPAN_STATUSES[row[5]],
            row[6],
            row[7],
            row[8],
            _VALUE_ORIGINS[row[9]] if row[9] else None,
            row[10],
            row[11],
            suggested,
            row[13] or "",
            row[14] or "",
        )

    def relations(self, document_id: int) -> list[Relation]:
        return [
            Relation(r["id"], r["document_id"], r["head"], r["child"], r["label"])
            for r in self.rows("relation", "document_id = ? ORDER BY id", [document_id])
        ]

    def events(self, document_id: int) -> list[Event]:
        return [
            event_from_row(row)
            for row in self.rows("event", "document_id = ? ORDER BY id", [document_id])
        ]

    def arguments(self, event_id: int) -> list[Argument]:
        return [
            Argument(r["id"], r["event_id"], r["role"], r["span"])
            for r in self.rows("argument", "event_id = ? ORDER BY id", [event_id])
        ]

    def document_arguments(self, document_id: int) -> list[Argument]:
        sql = (
            "SELECT a.id, a.event_id, a.role, a.span FROM argument a"
            " JOIN event e ON e.id = a.event_id WHERE e.document_id = ? ORDER BY a.id"
        )
        return [Argument(*row) for row in self.conn.execute(sql, (document_id,))]

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
            event_from_row(row) for row in self.rows("event", "trigger = ? ORDER BY id", [span_id])
        ]
        return relations, arguments, events

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

    def origin_counts(self) -> list[tuple[str, str, int, int]]:
        """(origin, status, spans, spans an analyst edited) for every origin: model quality."""
        sql = (
            "SELECT origin, status, count(*), sum(suggested IS NOT NULL) FROM span"
            " GROUP BY origin, status ORDER BY origin, status"
        )
        return [(o, s, int(n), int(e or 0)) for o, s, n, e in self.conn.execute(sql)]

    def count(self, table: Table) -> int:
        return int(self.conn.execute(f"SELECT count(*) FROM [{table}]").fetchone()[0])

    # -- row operations (edits) -----------------------------------------------------------------

    def insert_row(self, table: Table, row: dict[str, Any]) -> int:
        """Insert a row (with or without an id) and return its id; inside a transaction."""
        encoded = _encode(table, row)
        columns = list(encoded)
        sql = (
            f"INSERT INTO [{table}] ({', '.join(f'[{c}]' for c in columns)})"
            f" VALUES ({', '.join('?' * len(columns))})"
        )
        cursor = self.conn.execute(sql, [encoded[c] for c in columns])
        return int(cursor.lastrowid or row["id"])

    def row_values(self, table: Table, id_: int, columns: Sequence[str]) -> dict[str, Any] | None:
        """Some columns of a row (JSON columns decoded), or None if there is no such row."""
        names = ", ".join(f"[{column}]" for column in columns)
        values = self.conn.execute(f"SELECT {names} FROM [{table}] WHERE id = ?", (id_,)).fetchone()
        if values is None:
            return None
        return _decode(table, dict(zip(columns, values, strict=True)), self.path)

    def apply(self, op: RowOp) -> None:
        """Apply one row operation after checking the row is in the state it expects.

        An update records only the columns it changes (and the row's identity), so only those
        are checked and written.
        """
        if op.before is not None and op.after is not None:
            current = self.row_values(op.table, op.id, list(op.before))
        else:
            current = self.row(op.table, op.id)
        if current != op.before:
            raise ConflictError(
                f"{op.table} {op.id} has been changed since this edit was recorded"
                " (by a later edit or another window)"
            )
        if op.after is None:
            self.conn.execute(f"DELETE FROM [{op.table}] WHERE id = ?", (op.id,))
        elif op.before is None:
            self.insert_row(op.table, op.after)
        else:
            encoded = _encode(op.table, op.after)
            columns = [c for c in encoded if c != "id" and op.before.get(c) != op.after[c]]
            if columns:
                assignments = ", ".join(f"[{c}] = ?" for c in columns)
                sql = f"UPDATE [{op.table}] SET {assignments} WHERE id = ?"
                self.conn.execute(sql, [encoded[c] for c in columns] + [op.id])

    # -- the edit log ---------------------------------------------------------------------------

    def log(
        self,
        kind: str,
        description: str,
        ops: Sequence[RowOp],
        *,
        annotator: str | None,
        document_id: int | None,
        state: str = "done",
    ) -> int:
        """Record an edit; a new undoable edit discards the redo branch (kept for audit)."""
        if state == "done":
            self.conn.execute("UPDATE edit_log SET state = 'discarded' WHERE state = 'undone'")
        payload = orjson.dumps([op.to_json() for op in ops]) if ops else None
        row = {
            "kind": kind,
            "state": state,
            "description": description,
            "annotator": annotator,
            "time": now(),
            "document_id": document_id,
            "ops": payload,
        }
        return int(self.db.table("edit_log").insert(row).last_pk or 0)

    def last_done(self) -> LogEntry | None:
        return self._entry("state = 'done' ORDER BY id DESC")

    def first_undone(self) -> LogEntry | None:
        return self._entry("state = 'undone' ORDER BY id ASC")

    def set_log_state(self, entry_id: int, state: str) -> None:
        self.conn.execute("UPDATE edit_log SET state = ? WHERE id = ?", (state, entry_id))

    def history(self, limit: int = 100) -> list[LogEntry]:
        """The most recent log entries, newest first (the audit trail)."""
        sql = "SELECT * FROM edit_log ORDER BY id DESC LIMIT ?"
        return [_entry_from_row(row, self.path) for row in self.db.query(sql, [limit])]

    def _entry(self, clause: str) -> LogEntry | None:
        rows = list(self.db.query(f"SELECT * FROM edit_log WHERE {clause} LIMIT 1"))
        return _entry_from_row(rows[0], self.path) if rows else None

    # -- bulk writes (import, batch suggestions) ----------------------------------------------

    def next_id(self, table: Table) -> int:
        """The id the next row of `table` gets (inside a write transaction ids are ours alone)."""
        return int(
            self.conn.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM [{table}]").fetchone()[0]
        )

    def insert_many(self, table: Table, rows: list[dict[str, Any]]) -> None:
        """Insert rows (with explicit ids) in one statement; inside a transaction."""
        if not rows:
            return
        columns = list(rows[0])
        sql = (
            f"INSERT INTO [{table}] ({', '.join(f'[{c}]' for c in columns)})"
            f" VALUES ({', '.join('?' * len(columns))})"
        )
        json_columns = [c for c in columns if (table, c) in _JSON_COLUMNS]
        if json_columns:
            rows = [_encode(table, row) for row in rows]
        self.conn.executemany(sql, [tuple(row[c] for c in columns) for row in rows])

    def existing_uids(self, uids: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for i in range(0, len(uids), 500):
            chunk = uids[i : i + 500]
            sql = f"SELECT uid FROM document WHERE uid IN ({','.join('?' * len(chunk))})"
            found.update(row[0] for row in self.conn.execute(sql, chunk))
        return found

    # -- suggestion runs ------------------------------------------------------------------------

    def unsuggested_document_ids(self, model: str) -> list[int]:
        """Documents no run of `model` has covered yet, in id order."""
        sql = (
            "SELECT id FROM document WHERE id NOT IN"
            " (SELECT document_id FROM suggestion_run WHERE model = ?) ORDER BY id"
        )
        return [row[0] for row in self.conn.execute(sql, (model,))]

    def was_suggested(self, document_id: int, model: str) -> bool:
        """Whether a run of `model` has covered the document."""
        sql = "SELECT 1 FROM suggestion_run WHERE document_id = ? AND model = ?"
        return self.conn.execute(sql, (document_id, model)).fetchone() is not None

    def record_suggestion_run(self, document_id: int, model: str) -> None:
        self.db.table("suggestion_run").upsert(
            {"document_id": document_id, "model": model, "time": now()},
            pk=("document_id", "model"),
        )

    def record_suggestion_runs(
        self, document_ids: Sequence[int], model: str, time: str | None = None
    ) -> None:
        """Mark documents as covered by `model` (one statement; inside a transaction)."""
        stamp = time or now()
        self.conn.executemany(
            "INSERT OR REPLACE INTO suggestion_run (document_id, model, time) VALUES (?, ?, ?)",
            [(document_id, model, stamp) for document_id in document_ids],
        )

    def update_many(self, table: Table, rows: Sequence[dict[str, Any]]) -> None:
        """Set columns of rows by id (each dict: `id` plus the columns to set); bulk, no log."""
        for row in rows:
            encoded = _encode(table, row)
            columns = [c for c in encoded if c != "id"]
            if not columns:
                continue
            sql = f"UPDATE [{table}] SET {', '.join(f'[{c}] = ?' for c in columns)} WHERE id = ?"
            self.conn.execute(sql, [encoded[c] for c in columns] + [row["id"]])

    def integrity_errors(self) -> list[str]:
        """What `PRAGMA integrity_check` and the foreign-key check report (empty when sound)."""
        problems = [row[0] for row in self.conn.execute("PRAGMA integrity_check")]
        problems = [p for p in problems if p != "ok"]
        problems += [str(row) for row in self.conn.execute("PRAGMA foreign_key_check")]
        return problems


# -- row <-> record ---------------------------------------------------------------------------


def _document_filter(
    status: DocStatus | None, statuses: Iterable[DocStatus] | None, text: str | None
) -> tuple[list[str], list[Any]]:
    """WHERE terms and parameters for the document list's status and text filter."""
    where: list[str] = []
    params: list[Any] = []
    wanted = [status.value] if status is not None else []
    if statuses is not None:
        wanted += [value.value for value in statuses]
    if wanted or statuses is not None:
        where.append(f"d.status IN ({','.join('?' * len(wanted))})" if wanted else "0")
        params += wanted
    if text:
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        where.append("(d.title LIKE ? ESCAPE '\\' OR d.source LIKE ? ESCAPE '\\')")
        params += [pattern, pattern]
    return where, params


def _decode(table: str, row: dict[str, Any], path: Path) -> dict[str, Any]:
    for key in row:
        if (table, key) in _JSON_COLUMNS and isinstance(row[key], str | bytes):
            try:
                row[key] = orjson.loads(row[key])
            except orjson.JSONDecodeError as exc:
                raise StoreError(
                    f"{path}: the project file is damaged: {table} {row.get('id')} has an "
                    f"unreadable {key} ({exc})"
                ) from exc
    return row


_WAL_MAGIC = (0x377F0682, 0x377F0683)


def _wal_problem(wal: Path) -> str | None:
    """What is wrong with a -wal file's header, or None when it is absent, empty or sound.

    SQLite ignores a -wal whose header is not valid and overwrites it later; one that is not a
    write-ahead log at all (random bytes, a torn or altered header) is reported instead.
    """
    try:
        with wal.open("rb") as handle:
            header = handle.read(32)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"cannot read it: {exc.strerror}"
    if not header:
        return None
    if len(header) < 32:
        return f"{len(header)} bytes, shorter than its header"
    words = [int.from_bytes(header[i : i + 4], "big") for i in range(0, 32, 4)]
    if words[0] not in _WAL_MAGIC or words[1] != 3007000:
        return "not an SQLite write-ahead log"
    order: Literal["big", "little"] = "big" if words[0] & 1 else "little"
    first = second = 0
    for i in range(0, 24, 8):
        first = (first + int.from_bytes(header[i : i + 4], order) + second) & 0xFFFFFFFF
        second = (second + int.from_bytes(header[i + 4 : i + 8], order) + first) & 0xFFFFFFFF
    if (first, second) != (words[6], words[7]):
        return "its header checksum does not match"
    return None


def _encode(table: str, row: dict[str, Any]) -> dict[str, Any]:
    encoded = dict(row)
    for key, value in row.items():
        if (table, key) in _JSON_COLUMNS and value is not None:
            encoded[key] = orjson.dumps(value).decode()
    return encoded


def document_from_row(row: dict[str, Any]) -> Document:
    return Document(
        id=row["id"],
        uid=row["uid"],
        text=row["text"],
        title=row["title"] or "",
        source=row["source"],
        url=row["url"],
        published=row["published"],
        place=row["place"],
        language=row["language"] or "en",
        meta=row["meta"] or {},
        status=DocStatus(row["status"]),
        created=row["created"] or "",
        updated=row["updated"] or "",
    )


_SPAN_COLUMNS = (
    "id, document_id, start, [end], label, status, origin, score, value, value_origin, note,"
    " annotator, suggested, created, updated"
)
_SPAN_STATUSES = {status.value: status for status in SpanStatus}
_VALUE_ORIGINS = {origin.value: origin for origin in ValueOrigin}


def span_from_row(row: dict[str, Any]) -> Span:
    return Span(
        id=row["id"],
        document_id=row["document_id"],
        start=row["start"],
        end=row["end"],
        label=row["label"],
        status=SpanStatus(row["status"]),
        origin=row["origin"],
        score=row["score"],
        value=row["value"],
        value_origin=ValueOrigin(row["value_origin"]) if row["value_origin"] else None,
        note=row["note"],
        annotator=row["annotator"],
        suggested=row["suggested"],
        created=row["created"] or "",
        updated=row["updated"] or "",
    )


def event_from_row(row: dict[str, Any]) -> Event:
    return Event(
        row["id"], row["document_id"], row["type"], row["trigger"], row["attributes"] or {}
    )


def _entry_from_row(row: dict[str, Any], path: Path) -> LogEntry:
    try:
        ops = tuple(RowOp.from_json(op) for op in orjson.loads(row["ops"])) if row["ops"] else ()
    except (orjson.JSONDecodeError, TypeError, ValueError) as exc:
        raise StoreError(
            f"{path}: the project file is damaged: edit-log entry {row['id']} "
            f"(“{row['description']}”) cannot be read, so it cannot be undone ({exc})"
        ) from exc
    return LogEntry(
        row["id"],
        row["kind"],
        row["state"],
        row["description"],
        row["annotator"],
        row["time"],
        row["document_id"],
        ops,
    )
