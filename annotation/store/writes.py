"""Row operations: the writes every edit is made of, each checked against what it expects."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from annotation.store.base import ConflictError, Table
from annotation.store.history import RowOp
from annotation.store.reads import Reads
from annotation.store.rows import decode, encode


class RowWrites(Reads):
    """Insert, read back and apply single rows; inside a transaction."""

    def insert_row(self, table: Table, row: dict[str, Any]) -> int:
        """Insert a row (with or without an id) and return its id; inside a transaction."""
        encoded = encode(table, row)
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
        return decode(table, dict(zip(columns, values, strict=True)), self.path)

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
        self.write(op)

    def write(self, op: RowOp) -> None:
        """Apply one row operation whose `before` was read in this same transaction."""
        if op.after is None:
            self.conn.execute(f"DELETE FROM [{op.table}] WHERE id = ?", (op.id,))
        elif op.before is None:
            self.insert_row(op.table, op.after)
        else:
            encoded = encode(op.table, op.after)
            columns = [c for c in encoded if c != "id" and op.before.get(c) != op.after[c]]
            if columns:
                assignments = ", ".join(f"[{c}] = ?" for c in columns)
                sql = f"UPDATE [{op.table}] SET {assignments} WHERE id = ?"
                self.conn.execute(sql, [encoded[c] for c in columns] + [op.id])
