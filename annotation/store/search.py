"""Corpus search: the FTS5 index over the documents, and the spans a hit falls in.

The index (`document_fts`, migration m004) follows the `document` table through triggers; these
are its reads. Hits are found by FTS5's `highlight()`, which marks each matched phrase in the
text with two characters no article contains (Unicode noncharacters, reserved for a program's
own use), so the hits' offsets are FTS5's own, in code points.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Generator, Iterable, Sequence
from typing import Any

from annotation.store.base import Connected, StoreError

#: Where `highlight()` opens and closes a hit (noncharacters U+FDD0 and U+FDD1).
OPEN_MARK = "\ufdd0"
CLOSE_MARK = "\ufdd1"
#: The other noncharacters, for a text that holds the usual marks itself.
SPARE_MARKS = tuple(chr(code) for code in range(0xFDD2, 0xFDF0))
#: The index's columns, as `highlight()` numbers them.
TEXT_COLUMN = 2


class SearchError(StoreError):
    """A search the index cannot run (a query it cannot read)."""


class CorpusSearch(Connected):
    """The search index's reads; none of them writes."""

    def marked_texts(
        self, match: str, *, after: int = 0, statuses: Sequence[str] | None = None
    ) -> Generator[tuple[int, str, str], None, None]:
        """(document id, title, text with every hit marked) of the documents matching `match`,
        in id order after `after`, read as they are taken: a search stops reading where its
        page is full. Close the generator when done (the statement stays open until then)."""
        # The title through the index: FTS5 reads the document's row once for both columns.
        sql = "SELECT f.rowid, f.title, highlight(document_fts, ?, ?, ?) FROM document_fts f"
        params: list[Any] = [TEXT_COLUMN, OPEN_MARK, CLOSE_MARK]
        if statuses is not None:
            sql += " JOIN document d INDEXED BY document_list_id ON d.id = f.rowid"
        sql += " WHERE document_fts MATCH ? AND f.rowid > ?"
        params += [match, after]
        if statuses is not None:
            sql += f" AND d.status IN ({','.join('?' * len(statuses))})"
            params += list(statuses)
        sql += " ORDER BY f.rowid"
        try:
            cursor = self.conn.execute(sql, params)
        except sqlite3.OperationalError as exc:
            raise _search_error(exc, match) from exc
        try:
            for document_id, title, marked in cursor:
                yield document_id, title or "", marked
        except sqlite3.OperationalError as exc:
            raise _search_error(exc, match) from exc
        finally:
            cursor.close()

    def marked_again(self, document_id: int, match: str) -> tuple[str, str, str] | None:
        """One document's text marked with two noncharacters its text does not hold (marked,
        open mark, close mark), for a text that holds the usual ones; None if it holds all."""
        row = self.conn.execute("SELECT text FROM document WHERE id = ?", (document_id,)).fetchone()
        if row is None:
            return None
        free = [mark for mark in SPARE_MARKS if mark not in row[0]]
        if len(free) < 2:
            return None
        sql = (
            "SELECT highlight(document_fts, ?, ?, ?) FROM document_fts"
            " WHERE document_fts MATCH ? AND rowid = ?"
        )
        found = self._fts(sql, [TEXT_COLUMN, free[0], free[1], match, document_id], match)
        return (found[0][0], free[0], free[1]) if found else None

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
            raise _search_error(exc, match) from exc


def _search_error(exc: sqlite3.OperationalError, match: str) -> Exception:
    """A query FTS5 cannot read as a SearchError; any other failure as it is."""
    if "fts5" not in str(exc) and "MATCH" not in str(exc):
        return exc
    return SearchError(f"cannot search for {match!r}: {exc}")
