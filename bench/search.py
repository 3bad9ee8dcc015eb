"""Corpus search and the document list at a glance, on the 100,000-document project.

Run by hand, never as a test:

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/search.py [--runs 5] [--quick]

Issue 19's targets, each against the raw limit measured in the same run on a copy of the cached
project of `bench/project_open.py` (`--quick`: 20,000 documents):

1. Search, p95 over a set of queries (names, phrases, common words, a prefix, an accent folded,
   a label filter, "no GPE there yet"), each run `--runs` times: what the search dock does
   for a query (`count_documents` and the first page of hits with their offsets and context,
   `search(limit=100)`) against the bare FTS5 statements that read the same documents (a
   `count(*)` and `SELECT rowid, highlight(...)` over the documents the page covered). Targets:
   <= 2x and < 50 ms. Also reported: the bare query that reads only rowids (no text, no hit
   offsets), for scale.
2. The document list (the real `DocumentList` widget, offscreen, 420x700): scroll to the last
   row, until painted (target < 100 ms), against the bare `SELECT ... ORDER BY id LIMIT 100
   OFFSET n` on the document table; the text filter (`Mombasa`: count and first page painted)
   against the bare FTS5 count and first page; the sort by title (first page painted, then the
   last row) against the bare `ORDER BY title LIMIT 100 OFFSET n`. Each timed from a list that
   has forgotten its pages.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import Row, emit, median, parser, percentile

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

#: (query, labels, no-label): names of the corpus generator, words, phrases, a prefix, an accent
QUERIES: list[tuple[str, tuple[str, ...], str | None]] = [
    ("Mombasa", (), None),
    ("Tartu", (), None),
    ("Priya Nair", (), None),
    ("minister", (), None),
    ("the", (), None),
    ("Nair*", (), None),
    ("Parnu", (), None),
    ("Busan OR Incheon", (), None),
    ("Priya Nair", ("PERSON",), None),
    ("Mombasa", (), "GPE"),
]
FILTER = "Mombasa"


#: CPU seconds of each timed call, by what was timed (the wall time of a shared 2-core machine
#: swings with its load; the process's CPU time much less)
CPU: dict[str, list[float]] = {}


def _time(call: Callable[[], object], what: str = "") -> float:
    began, cpu = time.perf_counter(), time.process_time()
    call()
    CPU.setdefault(what, []).append(time.process_time() - cpu)
    return time.perf_counter() - began


def search_rows(store: object, runs: int) -> list[Row]:
    from annotation.corpus.search import SearchFilter, count_documents, search
    from annotation.store.fts_query import match_expression
    from annotation.store.search import CLOSE_MARK, OPEN_MARK, TEXT_COLUMN

    conn = store.conn  # type: ignore[attr-defined]
    ours: list[float] = []
    bare: list[float] = []
    rowids: list[float] = []
    notes = []
    for query, labels, missing in QUERIES:
        filters = SearchFilter(labels=frozenset(labels) if labels else None, missing_label=missing)
        match = match_expression(query, column="text")
        page = search(store, query, filters, limit=100)  # type: ignore[arg-type]
        last = page.after if page.after is not None else 1 << 62
        documents = len({hit.document for hit in page.hits})

        def dock(query: str = query, filters: SearchFilter = filters) -> None:
            count_documents(store, query, filters)  # type: ignore[arg-type]
            search(store, query, filters, limit=100)  # type: ignore[arg-type]

        def raw(match: str | None = match, last: int = last) -> None:
            conn.execute(
                "SELECT count(*) FROM document_fts WHERE document_fts MATCH ?", (match,)
            ).fetchall()
            conn.execute(
                "SELECT rowid, highlight(document_fts, ?, ?, ?) FROM document_fts"
                " WHERE document_fts MATCH ? AND rowid <= ? ORDER BY rowid",
                (TEXT_COLUMN, OPEN_MARK, CLOSE_MARK, match, last),
            ).fetchall()

        def ids_only(match: str | None = match, last: int = last) -> None:
            conn.execute(
                "SELECT count(*) FROM document_fts WHERE document_fts MATCH ?", (match,)
            ).fetchall()
            conn.execute(
                "SELECT rowid FROM document_fts WHERE document_fts MATCH ? AND rowid <= ?",
                (match, last),
            ).fetchall()

        mine: list[float] = []
        for run in range(runs):
            for side in ("ours", "raw", "ids") if run % 2 == 0 else ("ids", "raw", "ours"):
                if side == "ours":
                    mine.append(_time(dock, "search"))
                elif side == "raw":
                    bare.append(_time(raw, "bare"))
                else:
                    rowids.append(_time(ids_only, "ids"))
        ours += mine
        what = query + (f" --label {labels[0]}" if labels else "")
        what += f" --no-label {missing}" if missing else ""
        notes.append(
            f"{what}: {len(page.hits)} hits in {documents} docs, {median(mine) * 1000:.1f} ms"
        )
    ms = 1000.0
    p95, raw95, ids95 = (percentile(v, 0.95) * ms for v in (ours, bare, rowids))
    return [
        Row(
            "search",
            "search p95 (count and first page of hits)",
            "bare FTS5 count + highlight",
            raw95,
            p95,
            "ms",
            p95 / raw95,
            "<= 2x and < 50 ms",
            p95 / raw95 <= 2 and p95 < 50,
            f"{len(QUERIES)} queries x {runs} runs; CPU p95 {_cpu95('search'):.1f} ms against"
            f" {_cpu95('bare'):.1f} ms ({_cpu95('search') / _cpu95('bare'):.2f}x); median ms per"
            " query: " + "; ".join(notes),
        ),
        Row(
            "search",
            "search p95, against rowids only",
            "bare FTS5 count + rowids",
            ids95,
            p95,
            "ms",
            p95 / ids95,
            "(context: no text read)",
            None,
            "the bare query that reads no text gives no hit offsets or context",
        ),
    ]


_CHILD_SIZE = (420, 700)


def list_rows(session: object, runs: int) -> list[Row]:
    from PySide6.QtCore import QEvent, QObject, Qt
    from PySide6.QtWidgets import QApplication

    from desktop.document_list import DocumentList
    from desktop.document_list_model import PAGE, TITLE

    app = QApplication.instance() or QApplication([])
    store = session.store  # type: ignore[attr-defined]
    conn = store.conn
    widget = DocumentList()
    widget.resize(*_CHILD_SIZE)
    widget.model.set_session(session)  # type: ignore[arg-type]
    widget.show()
    app.processEvents()
    total = widget.model.total
    table = widget.table

    painted = [0]

    class Paints(QObject):
        def eventFilter(self, watched: object, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                painted[0] += 1
            return False

    paints = Paints()
    table.viewport().installEventFilter(paints)

    def settle() -> None:
        """Until the change is painted (the view's update arrives in the event loop)."""
        before = painted[0]
        app.processEvents()
        if painted[0] == before:
            table.viewport().repaint()

    def fresh(statuses: object = None, text: str = "") -> None:
        """The list as opened: its first page shown, no other page read."""
        widget.search.blockSignals(True)
        widget.search.setText(text)
        widget.search.blockSignals(False)
        table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        widget.model.set_filter(statuses, text)  # type: ignore[arg-type]
        table.scrollToTop()
        settle()

    def scroll_end() -> None:
        table.scrollToBottom()
        settle()

    def filter_text() -> None:
        widget.search.setText(FILTER)
        widget._apply_filter()  # what the 200 ms debounce then does
        settle()

    def sort_title() -> None:
        table.sortByColumn(TITLE, Qt.SortOrder.AscendingOrder)
        settle()

    from annotation.store.fts_query import filter_expression

    expression = filter_expression(FILTER)
    columns = "id, title, source, published, status"
    cases: dict[str, tuple[Callable[[], None], Callable[[], None], Callable[[], object]]] = {
        "scroll": (
            fresh,
            scroll_end,
            lambda: conn.execute(
                f"SELECT {columns} FROM document ORDER BY id LIMIT ? OFFSET ?",
                (PAGE, total - PAGE),
            ).fetchall(),
        ),
        "filter": (
            fresh,
            filter_text,
            lambda: (
                conn.execute(
                    "SELECT count(*) FROM document_fts WHERE document_fts MATCH ?", (expression,)
                ).fetchall(),
                conn.execute(
                    f"SELECT {columns} FROM document WHERE id IN (SELECT rowid FROM"
                    " document_fts WHERE document_fts MATCH ?) ORDER BY id LIMIT ?",
                    (expression, PAGE),
                ).fetchall(),
            ),
        ),
        "sort": (
            fresh,
            sort_title,
            lambda: conn.execute(
                f"SELECT {columns} FROM document ORDER BY title, id LIMIT ? OFFSET 0", (PAGE,)
            ).fetchall(),
        ),
        "sortscroll": (
            lambda: (fresh(), sort_title()),
            scroll_end,
            lambda: conn.execute(
                f"SELECT {columns} FROM document ORDER BY title, id LIMIT ? OFFSET ?",
                (PAGE, total - PAGE),
            ).fetchall(),
        ),
    }
    found: dict[str, tuple[list[float], list[float]]] = {}
    for name, (prepare, act, bare) in cases.items():
        ours: list[float] = []
        limit: list[float] = []
        for run in range(runs):
            for side in ("ours", "raw") if run % 2 == 0 else ("raw", "ours"):
                if side == "ours":
                    prepare()
                    ours.append(_time(act, name))
                else:
                    limit.append(_time(bare, name + " bare"))
        found[name] = (ours, limit)
    last_row = widget.model.rowCount() - 1
    assert widget.model.document_id(last_row) is not None
    filtered = 0
    fresh()
    filter_text()
    filtered = widget.model.total
    widget.close()

    ms = 1000.0

    def row(name: str, what: str, limit_name: str, target: str, met: bool | None, note: str) -> Row:
        ours, limit = found[name]
        figure, bare = median(ours) * ms, median(limit) * ms
        return Row("list", what, limit_name, bare, figure, "ms", figure / bare, target, met, note)

    scroll = median(found["scroll"][0]) * ms

    def runs_note(name: str) -> str:
        cpu = median(CPU[name]) * ms
        return f"median of {runs} runs, CPU {cpu:.1f} ms; ms per run: "

    return [
        row(
            "scroll",
            f"{total:,} documents: scroll the list to the last row",
            "bare SELECT ... LIMIT/OFFSET",
            "< 100 ms",
            scroll < 100,
            runs_note("scroll") + " ".join(f"{t * ms:.1f}" for t in found["scroll"][0]),
        ),
        row(
            "filter",
            f"{total:,} documents: filter the list by text",
            "bare FTS5 count + first page",
            "(ratio reported)",
            None,
            f"'{FILTER}': {filtered:,} documents (count and first page painted);"
            f" CPU {median(CPU['filter']) * ms:.1f} ms",
        ),
        row(
            "sort",
            f"{total:,} documents: sort the list by title",
            "bare ORDER BY title LIMIT",
            "(ratio reported)",
            None,
            f"first page painted; CPU {median(CPU['sort']) * ms:.1f} ms",
        ),
        row(
            "sortscroll",
            f"{total:,} documents: by title, scroll to the last row",
            "bare ORDER BY title LIMIT/OFFSET",
            "< 100 ms",
            median(found["sortscroll"][0]) * ms < 100,
            runs_note("sortscroll") + " ".join(f"{t * ms:.1f}" for t in found["sortscroll"][0]),
        ),
    ]


def _cpu95(what: str) -> float:
    return percentile(CPU[what], 0.95) * 1000.0


def main() -> None:
    args = parser(__doc__.split("\n")[0], runs=5).parse_args()
    from corpus import big_project, copy_project

    from annotation.session import Session

    count = 20_000 if args.quick else 100_000
    home = Path(tempfile.mkdtemp(prefix="dateline-search-"))
    try:
        path = copy_project(big_project(count), home / "big.db")
        session = Session.open(path, create=False)
        try:
            rows = search_rows(session.store, args.runs)
            rows += list_rows(session, args.runs)
        finally:
            session.close()
    finally:
        shutil.rmtree(home, ignore_errors=True)
    emit(rows, args.json)


if __name__ == "__main__":
    main()
