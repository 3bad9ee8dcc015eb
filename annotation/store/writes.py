"""Row operations: the writes every edit is made of, each checked against what it expects.

Also the few reads an interactive edit makes before it writes, shaped so that saving one edit
costs as few statements as possible (DESIGN §7: one edit within 1.5x one fdatasync).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from annotation.store.base import ConflictError, StoreError, Table
from annotation.store.history import RowOp
from annotation.store.reads import Reads
from annotation.store.rows import decode, encode, word


class RowWrites(Reads):
    """Insert, read back and apply single rows; inside a transaction."""

    #: Text lengths in code points by document id, or a lower bound (False: not exact). Texts
    #: never change after import and documents are never deleted, so entries stay true; a write
    #: of a document's text through `insert_row` or `write` drops its entry all the same.
    _text_lengths: dict[int, tuple[int, bool]]

    def span_for_edit(self, span_id: int) -> tuple[dict[str, Any], str, str] | None:
        """A span's row (JSON decoded), its document's status and the span's text, in one query.

        What an edit of one span reads before it writes (its description, its document, its
        checks); None if there is no such span.
        """
        cursor = self.conn.execute(
            "SELECT s.*, d.status, substr(d.text, s.start + 1, max(s.[end] - s.start, 0))"
            " FROM span s JOIN document d ON d.id = s.document_id WHERE s.id = ?",
            (span_id,),
        )
        values = cursor.fetchone()
        if values is None:
            return None
        names = [column[0] for column in cursor.description[:-2]]
        row = decode("span", dict(zip(names, values[:-2], strict=True)), self.path)
        status = word("document", "status", values[-2], row["document_id"], self.path)
        return row, status.value, str(values[-1])

    def status_and_text(self, document_id: int, start: int, end: int) -> tuple[str, str] | None:
        """A document's status and its text's code points [start, end), in one query (None if
        there is no such document); the text is not read whole."""
        values = self.conn.execute(
            "SELECT status, substr(text, ?, ?) FROM document WHERE id = ?",
            (start + 1, max(end - start, 0), document_id),
        ).fetchone()
        if values is None:
            return None
        return word("document", "status", values[0], document_id, self.path).value, str(values[1])

    def text_reaches(self, document_id: int, end: int) -> bool:
        """Whether a document's text has at least `end` code points, mostly without reading it.

        SQLite's `length()` stops at a NUL character, so it is only a lower bound: the text is
        read whole only when `end` lies beyond it (an offset out of range, or a NUL in the text).
        Each document's figure is kept for the next edit.
        """
        known = self._text_lengths.get(document_id)
        if known is None:
            values = self.conn.execute(
                "SELECT length(text) FROM document WHERE id = ?", (document_id,)
            ).fetchone()
            if values is None:
                raise StoreError(f"{self.path}: no document {document_id}")
            known = self._text_lengths[document_id] = (int(values[0]), False)
        length, exact = known
        if end <= length or exact:
            return end <= length
        return end <= self.text_length(document_id)

    def text_length(self, document_id: int) -> int:
        """A document's text length in code points (read whole once, then kept)."""
        known = self._text_lengths.get(document_id)
        if known is not None and known[1]:
            return known[0]
        values = self.conn.execute(
            "SELECT text FROM document WHERE id = ?", (document_id,)
        ).fetchone()
        if values is None:
            raise StoreError(f"{self.path}: no document {document_id}")
        length = len(values[0])
        self._text_lengths[document_id] = (length, True)
        return length

    def insert_row(self, table: Table, row: dict[str, Any]) -> int:
        """Insert a row (with or without an id) and return its id; inside a transaction."""
        if table == "document" and "text" in row:
            self._text_lengths.pop(row.get("id", -1), None)
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
        if op.table == "document" and "text" in (op.after or op.before or {}):
            self._text_lengths.pop(op.id, None)
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
