"""Corpus search: the FTS5 index over the documents, and the spans a hit falls in.

The index (`document_fts`, migration m004) follows the `document` table through triggers; these
are its reads. Hits are found by FTS5's `highlight()`, which marks each matched phrase in the
text with two characters no article contains (Unicode noncharacters, reserved for a program's
own use), so the hits' offsets are FTS5's own, in code points.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

from annotation.store.base import Connected, StoreError

#: Where `highlight()` opens and closes a hit (noncharacters U+FDD0 and U+FDD1).
OPEN_MARK = "\ufdd0"
CLOSE_MARK = "\ufdd1"
#: The index's columns, as `highlight()` numbers them.
TEXT_COLUMN = 2


class SearchError(StoreError):
    """A search the index cannot run (a query it cannot read)."""


class CorpusSearch(Connected):
    """The search index's reads; none of them writes."""

    def marked_texts(
        self,
        match: str,
        *,
        after: int = 0,
        limit: int = 50,
        statuses: Sequence[str] | None = None,
    ) -> list[tuple[int, str, str]]:
        """(document id, title, text with every hit marked) of the documents matching `match`,
        in id order after `after` (keyset paging)."""
        sql = (
            "SELECT f.rowid, d.title, highlight(document_fts, ?, ?, ?) FROM document_fts f"
            " JOIN document d ON d.id = f.rowid WHERE document_fts MATCH ? AND f.rowid > ?"
        )
        params: list[Any] = [TEXT_COLUMN, OPEN_MARK, CLOSE_MARK, match, after]
        if statuses is not None:
            sql += f" AND d.status IN ({','.join('?' * len(statuses))})"
            params += list(statuses)
        sql += " ORDER BY f.rowid LIMIT ?"
        params.append(limit)
        return self._fts(sql, params, match)

    def count_matching_documents(self, match: str, statuses: Sequence[str] | None = None) -> int:
        """How many documents match (in any state, or in one of `statuses`)."""
        if statuses is None:
            sql = "SELECT count(*) FROM document_fts WHERE document_fts MATCH ?"
            return int(self._fts(sql, [match], match)[0][0])
        sql = (
            "SELECT count(*) FROM document d INDEXED BY document_list_id WHERE d.status IN"
            f" ({','.join('?' * len(statuses))}) AND d.id IN"
            " (SELECT rowid FROM document_fts WHERE document_fts MATCH ?)"
        )
        return int(self._fts(sql, [*statuses, match], match)[0][0])

    def spans_of_documents(
        self,
        document_ids: Sequence[int],
        labels: Iterable[str] | None = None,
        statuses: Iterable[str] | None = None,
    ) -> list[tuple[int, int, int, int, str, str, int | None]]:
        """(id, document id, start, end, label, status, entity id) of these documents' spans,
        with a label and status among those given, by document and start."""
        if not document_ids:
            return []
        sql = (
            "SELECT id, document_id, start, [end], label, status, entity_id FROM span"
            f" WHERE document_id IN ({','.join('?' * len(document_ids))})"
        )
        params: list[Any] = list(document_ids)
        for column, values in (("label", labels), ("status", statuses)):
            if values is not None:
                wanted = list(values)
                sql += f" AND {column} IN ({','.join('?' * len(wanted))})"
                params += wanted
        sql += " ORDER BY document_id, start"
        rows: list[tuple[int, int, int, int, str, str, int | None]] = self.conn.execute(
            sql, params
        ).fetchall()
        return rows

    def texts_around(
        self, places: Sequence[tuple[int, int, int]]
    ) -> dict[tuple[int, int, int], tuple[str, str]]:
        """(title, text[start:end]) for each (document id, start, end), one query a document."""
        found: dict[tuple[int, int, int], tuple[str, str]] = {}
        for place in places:
            document_id, start, end = place
            row = self.conn.execute(
                "SELECT title, substr(text, ?, ?) FROM document WHERE id = ?",
                (start + 1, max(end - start, 0), document_id),
            ).fetchone()
            if row is not None:
                found[place] = (row[0] or "", row[1])
        return found

    def _fts(self, sql: str, params: Sequence[Any], match: str) -> list[Any]:
        try:
            return self.conn.execute(sql, params).fetchall()
        except sqlite3.OperationalError as exc:
            if "fts5" not in str(exc) and "MATCH" not in str(exc):
                raise
            raise SearchError(f"cannot search for {match!r}: {exc}") from exc
