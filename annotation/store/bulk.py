"""Bulk writes (import, batch suggestions) and the record of which model covered which document.

They record no row operations, so they are not undoable (ADR 0001).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from operator import itemgetter
from typing import Any

from annotation.store.base import Connected, Table, now
from annotation.store.rows import JSON_COLUMNS, encode, encode_json


class BulkWrites(Connected):
    """Many rows at once; inside a transaction the caller holds."""

    def next_id(self, table: Table) -> int:
        """The id the next row of `table` gets (inside a write transaction ids are ours alone).

        Above every id the table ever held (its AUTOINCREMENT mark), not just above the rows
        it holds now: an id is never given twice, so an undo never meets a stranger.
        """
        sql = (
            "SELECT max(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = ?), 0),"
            f" COALESCE((SELECT MAX(id) FROM [{table}]), 0)) + 1"
        )
        return int(self.conn.execute(sql, (table,)).fetchone()[0])

    def insert_many(self, table: Table, rows: list[dict[str, Any]]) -> None:
        """Insert rows (with explicit ids) in one statement; inside a transaction."""
        if not rows:
            return
        columns = list(rows[0])
        values = itemgetter(*columns)
        tuples = (
            [values(row) for row in rows] if len(columns) > 1 else [(values(row),) for row in rows]
        )
        json_at = [i for i, c in enumerate(columns) if (table, c) in JSON_COLUMNS]
        if json_at:
            tuples = [_json_encoded(row, json_at) for row in tuples]
        self.insert_rows(table, columns, tuples)

    def insert_rows(
        self, table: Table, columns: Sequence[str], rows: Iterable[Sequence[Any]]
    ) -> None:
        """Insert rows given as tuples in `columns` order (JSON columns already encoded as text)
        in one statement; inside a transaction. The bulk path of import: no dict per row."""
        sql = (
            f"INSERT INTO [{table}] ({', '.join(f'[{c}]' for c in columns)})"
            f" VALUES ({', '.join('?' * len(columns))})"
        )
        self.conn.executemany(sql, rows)

    @contextmanager
    def roomy_cache(self, kib: int = 65_536) -> Iterator[None]:
        """A larger page cache for one bulk write: a big transaction that outgrows SQLite's
        default 2 MB spills pages to the WAL again and again (an import of 10,000 articles
        inserts ~1.6x faster with room); the cache is allocated only as it fills."""
        before = int(self.conn.execute("PRAGMA cache_size").fetchone()[0])
        self.conn.execute(f"PRAGMA cache_size = -{int(kib)}")
        try:
            yield
        finally:
            self.conn.execute(f"PRAGMA cache_size = {before}")

    def existing_uids(self, uids: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for i in range(0, len(uids), 500):
            chunk = uids[i : i + 500]
            sql = f"SELECT uid FROM document WHERE uid IN ({','.join('?' * len(chunk))})"
            found.update(row[0] for row in self.conn.execute(sql, chunk))
        return found

    def update_many(self, table: Table, rows: Sequence[dict[str, Any]]) -> None:
        """Set columns of rows by id (each dict: `id` plus the columns to set); bulk, no log."""
        for row in rows:
            encoded = encode(table, row)
            columns = [c for c in encoded if c != "id"]
            if not columns:
                continue
            sql = f"UPDATE [{table}] SET {', '.join(f'[{c}] = ?' for c in columns)} WHERE id = ?"
            self.conn.execute(sql, [encoded[c] for c in columns] + [row["id"]])

    # -- suggestion runs ------------------------------------------------------------------------

    def unsuggested_document_ids(
        self, model: str, *, after: int = 0, limit: int | None = None
    ) -> list[int]:
        """Documents no run of `model` has covered yet, in id order; a page of `limit` ids
        after id `after` walks a huge project in bounded memory (`dateline suggest --cluster`).
        """
        sql = (
            "SELECT id FROM document WHERE id > ? AND NOT EXISTS (SELECT 1 FROM suggestion_run"
            " WHERE document_id = document.id AND model = ?) ORDER BY id LIMIT ?"
        )
        return [row[0] for row in self.conn.execute(sql, (after, model, limit or -1))]

    def unsuggested_count(self, model: str) -> int:
        """How many documents no run of `model` has covered yet."""
        sql = (
            "SELECT count(*) FROM document WHERE NOT EXISTS (SELECT 1 FROM suggestion_run"
            " WHERE document_id = document.id AND model = ?)"
        )
        count: int = self.conn.execute(sql, (model,)).fetchone()[0]
        return count

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

    # -- replacing another model's suggestions (after a switch of pipeline) ---------------------

    def outdated_suggestion_documents(self, model: str) -> list[int]:
        """New documents (nobody has worked on them) with pending suggestions of a model other
        than `model`, in id order."""
        sql = (
            "SELECT d.id FROM document d WHERE d.status = 'new' AND EXISTS (SELECT 1 FROM span s"
            f" WHERE s.document_id = d.id AND {_OUTDATED}) ORDER BY d.id"
        )
        return [row[0] for row in self.conn.execute(sql, (model,))]

    def drop_outdated_suggestions(self, document_ids: Sequence[int], model: str) -> int:
        """Delete the pending suggestions of models other than `model` in those of these
        documents that are still new, with the events, arguments and relations that hang on
        them; inside a transaction (bulk: not undoable). How many spans went."""
        dropped = 0
        for first in range(0, len(document_ids), 500):
            chunk = list(document_ids[first : first + 500])
            marks = ",".join("?" * len(chunk))
            spans = [
                row[0]
                for row in self.conn.execute(
                    f"SELECT s.id FROM span s JOIN document d ON d.id = s.document_id"
                    f" WHERE s.document_id IN ({marks}) AND d.status = 'new' AND {_OUTDATED}",
                    [*chunk, model],
                )
            ]
            for start in range(0, len(spans), 500):
                ids = spans[start : start + 500]
                span_marks = ",".join("?" * len(ids))
                triggered = f"SELECT id FROM event WHERE [trigger] IN ({span_marks})"
                self.conn.execute(
                    f"DELETE FROM argument WHERE span IN ({span_marks})"
                    f" OR event_id IN ({triggered})",
                    [*ids, *ids],
                )
                self.conn.execute(f"DELETE FROM event WHERE [trigger] IN ({span_marks})", ids)
                self.conn.execute(
                    f"DELETE FROM relation WHERE head IN ({span_marks}) OR child IN ({span_marks})",
                    [*ids, *ids],
                )
                self.conn.execute(f"DELETE FROM span WHERE id IN ({span_marks})", ids)
            dropped += len(spans)
        return dropped


#: A span that is a pending suggestion of a model other than the parameter's.
_OUTDATED = "s.status = 'suggested' AND s.origin LIKE 'model:%' AND s.origin != ?"


def _json_encoded(row: tuple[Any, ...], json_at: list[int]) -> tuple[Any, ...]:
    """A row tuple with its JSON columns as text (None stays NULL)."""
    if all(row[i] is None for i in json_at):
        return row
    encoded = list(row)
    for i in json_at:
        if encoded[i] is not None:
            encoded[i] = encode_json(encoded[i])
    return tuple(encoded)
