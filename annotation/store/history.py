"""The persistent edit history: row operations, log entries and the `edit_log` table."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from annotation.store.base import Connected, StoreError, Table, now


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
    """One step of the persistent edit history.

    `state`: `done` (Undo takes it back), `undone` (Redo does it again), `discarded` (a redo
    branch a new edit dropped, or a redo that met rows changed since: its changes are not
    there), `skipped` (an undo that met rows changed since: its changes stay) or `bulk` (an
    import or a suggestion run: not undoable).
    """

    id: int
    kind: str
    state: str
    description: str
    annotator: str | None
    time: str
    document_id: int | None
    ops: tuple[RowOp, ...]


class EditLog(Connected):
    """Recording edits and moving them between done, undone and discarded."""

    #: `PRAGMA data_version` at which this connection last found no undone entry (None: not
    #: known). Only this connection's undo or another connection's commit (which moves the
    #: version) can make one, so until then an edit need not look for a redo branch.
    _no_undone_at: int | None = None

    def log(
        self,
        kind: str,
        description: str,
        ops: Sequence[RowOp],
        *,
        annotator: str | None,
        document_id: int | None,
        state: str = "done",
        time: str | None = None,
    ) -> int:
        """Record an edit; a new undoable edit discards the redo branch (kept for audit).

        `time`: the edit's timestamp if it has one already (default: now).
        """
        if state == "done":
            self._discard_redo_branch()
        elif state == "undone":
            self._no_undone_at = None
        payload = orjson.dumps([op.to_json() for op in ops]) if ops else None
        # Plain SQL: this runs in every edit's transaction, before its one fsync (DESIGN §7).
        cursor = self.conn.execute(
            "INSERT INTO edit_log (kind, state, description, annotator, time, document_id, ops)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (kind, state, description, annotator, time or now(), document_id, payload),
        )
        return int(cursor.lastrowid or 0)

    def last_done(self) -> LogEntry | None:
        return self._entry("state = 'done' ORDER BY id DESC")

    def first_undone(self) -> LogEntry | None:
        return self._entry("state = 'undone' ORDER BY id ASC")

    def set_log_state(self, entry_id: int, state: str) -> None:
        if state == "undone":
            self._no_undone_at = None
        self.conn.execute("UPDATE edit_log SET state = ? WHERE id = ?", (state, entry_id))

    def _discard_redo_branch(self) -> None:
        """Mark undone entries discarded, skipping the write when there can be none.

        Inside the edit's write transaction, so no other connection commits meanwhile. The
        flag is set only when nothing was discarded: a discard rolled back with its edit
        would otherwise leave undone entries behind a flag that says there are none.
        """
        version = int(self.conn.execute("PRAGMA data_version").fetchone()[0])
        if self._no_undone_at == version:
            return
        cursor = self.conn.execute("UPDATE edit_log SET state = 'discarded' WHERE state = 'undone'")
        self._no_undone_at = version if cursor.rowcount == 0 else None

    def history(self, limit: int = 100) -> list[LogEntry]:
        """The most recent log entries, newest first (the audit trail)."""
        sql = "SELECT * FROM edit_log ORDER BY id DESC LIMIT ?"
        return [_entry_from_row(row, self.path) for row in self.db.query(sql, [limit])]

    def _entry(self, clause: str) -> LogEntry | None:
        rows = list(self.db.query(f"SELECT * FROM edit_log WHERE {clause} LIMIT 1"))
        return _entry_from_row(rows[0], self.path) if rows else None


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
