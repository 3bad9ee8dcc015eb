"""The document list at any row: a page at an offset, in any order, filtered, and where a
document sits in it.

A page is found by scanning a narrow covering index in the list's order (migration m004's
`document_list_*`, each carrying the status the filter reads) and stepping over the rows before
it: the texts are never read, so the last page of 100,000 documents costs about what the first
does. A text filter keeps the documents the search index finds (`filter_expression`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Literal

from annotation.model import DocStatus, DocumentSummary
from annotation.store.base import Connected
from annotation.store.fts_query import filter_expression

ListOrder = Literal["id", "title", "source", "published", "status"]

#: The index each order scans, and its sort key.
_ORDERS: dict[str, tuple[str, str]] = {
    "id": ("document_list_id", "d.id"),
    "title": ("document_list_title", "d.title"),
    "source": ("document_list_source", "d.source"),
    "published": ("document_list_published", "d.published"),
    "status": ("idx_document_status_id", "d.status"),
}

#: The columns of a `DocumentSummary`, selected from `document d` (add WHERE, ORDER BY).
SUMMARY_SELECT = (
    "SELECT d.id, d.title, d.source, d.published, d.status,"
    " (SELECT count(*) FROM span s WHERE s.document_id = d.id"
    "  AND s.status = 'suggested') AS open,"
    " (SELECT count(*) FROM span s WHERE s.document_id = d.id"
    "  AND s.status = 'accepted') AS spans"
    " FROM document d"
)


def list_filter(
    statuses: Iterable[DocStatus] | None, text: str | None, *, in_order: bool = False
) -> tuple[list[str], list[Any]]:
    """WHERE terms and parameters for the list's status and text filter.

    The text term keeps the documents the search index finds: looked up by id, or, `in_order`,
    tested on each row of an index scan in the list's order (`+`: no lookup by id).
    """
    where: list[str] = []
    params: list[Any] = []
    if statuses is not None:
        wanted = [status.value for status in statuses]
        where.append(f"d.status IN ({','.join('?' * len(wanted))})" if wanted else "0")
        params += wanted
    expression = filter_expression(text) if text else None
    if text and expression is None:
        where.append("0")  # nothing searchable typed (punctuation only): nothing matches
    elif expression is not None:
        plus = "+" if in_order else ""
        where.append(f"{plus}d.id IN (SELECT rowid FROM document_fts WHERE document_fts MATCH ?)")
        params.append(expression)
    return where, params


class DocumentPages(Connected):
    """The list's pages by offset, in an order, with its filter."""

    def document_page(
        self,
        offset: int,
        limit: int,
        *,
        order: ListOrder = "id",
        descending: bool = False,
        statuses: Iterable[DocStatus] | None = None,
        text: str | None = None,
    ) -> list[DocumentSummary]:
        """`limit` summaries from row `offset` of the list in this order and filter."""
        index, key = _ORDERS[order]
        direction = "DESC" if descending else "ASC"
        expression = filter_expression(text) if text else None
        if order == "id" and expression is not None:
            # In id order the search index gives the rows in order itself.
            where, params = list_filter(statuses, None)
            sql = (
                "SELECT f.rowid FROM document_fts f"
                + (
                    " JOIN document d INDEXED BY document_list_id ON d.id = f.rowid"
                    if where
                    else ""
                )
                + " WHERE document_fts MATCH ?"
                + "".join(f" AND {term}" for term in where)
                + f" ORDER BY f.rowid {direction} LIMIT ? OFFSET ?"
            )
            params = [expression, *params]
        else:
            where, params = list_filter(statuses, text, in_order=True)
            clause = f" WHERE {' AND '.join(where)}" if where else ""
            sql = (
                f"SELECT d.id FROM document d INDEXED BY {index}{clause}"
                f" ORDER BY {key} {direction}, d.id {direction} LIMIT ? OFFSET ?"
            )
        ids = [row[0] for row in self.conn.execute(sql, [*params, limit, max(offset, 0)])]
        return self.summaries(ids)

    def list_ids(
        self,
        statuses: Iterable[DocStatus] | None = None,
        text: str | None = None,
        *,
        descending: bool = False,
    ) -> list[int]:
        """The ids of every document the filter keeps, in id order (from the narrow index)."""
        where, params = list_filter(statuses, text)
        clause = f" WHERE {' AND '.join(where)}" if where else ""
        direction = "DESC" if descending else "ASC"
        sql = (
            f"SELECT d.id FROM document d INDEXED BY document_list_id{clause}"
            f" ORDER BY d.id {direction}"
        )
        return [int(row[0]) for row in self.conn.execute(sql, params)]

    def summaries(self, ids: Sequence[int]) -> list[DocumentSummary]:
        """The list's summaries of these documents, in the order given (missing ones left out)."""
        if not ids:
            return []
        sql = f"{SUMMARY_SELECT} WHERE d.id IN ({','.join('?' * len(ids))})"
        found = {
            r[0]: DocumentSummary(r[0], r[1] or "", r[2], r[3], DocStatus(r[4]), r[5], r[6])
            for r in self.conn.execute(sql, list(ids))
        }
        return [found[i] for i in ids if i in found]

    def document_position(
        self,
        document_id: int,
        *,
        order: ListOrder = "id",
        descending: bool = False,
        statuses: Iterable[DocStatus] | None = None,
        text: str | None = None,
    ) -> int | None:
        """The row a document has in the list in this order and filter (None: filtered out)."""
        index, key = _ORDERS[order]
        column = key.removeprefix("d.")
        row = self.conn.execute(
            f"SELECT [{column}] FROM document WHERE id = ?", (document_id,)
        ).fetchone()
        if row is None:
            return None
        where, params = list_filter(statuses, text)
        shown = self.conn.execute(
            f"SELECT count(*) FROM document d WHERE d.id = ?"
            f"{''.join(' AND ' + term for term in where)}",
            [document_id, *params],
        ).fetchone()[0]
        if not shown:
            return None
        # Rows before it: a smaller key, or the same key and a smaller id (NULLs sort first).
        before = "<" if not descending else ">"
        value = row[0]
        if value is None:
            earlier = f"({key} IS NULL AND d.id {before} ?)"
            earlier_params: list[Any] = [document_id]
            if descending:
                earlier = f"({key} IS NOT NULL OR {earlier})"
        else:
            null_first = f"{key} IS NULL OR " if not descending else ""
            earlier = f"({null_first}{key} {before} ? OR ({key} = ? AND d.id {before} ?))"
            earlier_params = [value, value, document_id]
        sql = (
            f"SELECT count(*) FROM document d INDEXED BY {index}"
            f" WHERE {' AND '.join([*where, earlier])}"
        )
        return int(self.conn.execute(sql, [*params, *earlier_params]).fetchone()[0])
