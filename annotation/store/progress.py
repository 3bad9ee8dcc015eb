"""The statistics view's reads: who marked what done when, spans by label and state, calendar
values still missing (how the models' suggestions fared is `Reads.suggestion_outcomes`). Each is
one aggregate query."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import orjson

from annotation.store.base import Connected

#: What an edit that marks a document done writes into its row operations.
_DONE_MARK = b'"status":"done"'


class ProgressReads(Connected):
    """Aggregates over the whole project; none of them writes."""

    def done_marks(self) -> dict[int, tuple[str | None, str]]:
        """For each document now done: (the analyst who marked it, when), from the edit log's
        latest step that set it done; a document done without one (imported done) gets no
        analyst and its row's update time."""
        found: dict[int, tuple[str | None, str]] = {}
        sql = (
            "SELECT e.document_id, e.annotator, e.time, e.ops FROM edit_log e"
            " JOIN document d ON d.id = e.document_id"
            " WHERE d.status = 'done' AND e.state = 'done' AND instr(e.ops, ?) > 0"
            " ORDER BY e.id"
        )
        for document_id, annotator, time, ops in self.conn.execute(sql, (_DONE_MARK,)):
            if _sets_done(orjson.loads(ops), document_id):
                found[int(document_id)] = (annotator, str(time))
        for document_id, updated, created in self.conn.execute(
            "SELECT id, updated, created FROM document WHERE status = 'done'"
        ):
            if document_id not in found:
                found[int(document_id)] = (None, str(updated or created or ""))
        return found

    def label_status_counts(self) -> list[tuple[str, str, int]]:
        """(label, span status, spans) for every label and state present."""
        sql = "SELECT label, status, count(*) FROM span GROUP BY label, status"
        return [(str(label), str(status), int(n)) for label, status, n in self.conn.execute(sql)]

    def value_counts(self, labels: Iterable[str]) -> list[tuple[str, bool, int]]:
        """(label, has a value, accepted spans) for these (temporal) labels."""
        wanted = sorted(labels)
        if not wanted:
            return []
        sql = (
            "SELECT label, value IS NOT NULL, count(*) FROM span WHERE status = 'accepted'"
            f" AND label IN ({','.join('?' * len(wanted))}) GROUP BY 1, 2"
        )
        return [(str(a), bool(b), int(n)) for a, b, n in self.conn.execute(sql, wanted)]


def _sets_done(ops: Any, document_id: int) -> bool:
    """Whether row operations set this document's status to done."""
    for op in ops:
        table, id_, _before, after = op
        if table == "document" and id_ == document_id and (after or {}).get("status") == "done":
            return True
    return False
