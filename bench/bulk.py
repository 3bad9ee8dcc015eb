"""Bulk import against raw `executemany` of the same rows into the same tables.

Run by hand, never as a test:

    .venv/bin/python bench/bulk.py [--runs 5] [--quick]

DESIGN §7: bulk work in one transaction per batch, >= 0.3x raw `executemany`.

- Input: a JSONL file (Prodigy shape) of N short articles (`corpus.short_document`, with title,
  source and publication date) carrying ~20 accepted spans each (`corpus.word_spans`, labels of
  the news schema, DATE among them); N = 10,000, or 2,000 with `--quick`.
- Dateline: `annotation.importer.import_paths` (what `dateline import` runs) reading that file
  into a fresh project: parsing, schema checks, duplicate detection, calendar values for DATE
  spans, one transaction. Timed from the call to its return; the project is created (and its
  schema migrated) before the clock starts.
- Limit: a fresh project created the same way (same tables, indexes and pragmas: WAL,
  `synchronous=FULL`, foreign keys), then plain sqlite3 inserting the same document and span
  rows, already built as tuples, with one `executemany` per table in one transaction, commit
  included.

Runs alternate the two; medians of the runs, in documents/s (rows/s in the note). The ratio is
Dateline's rate over the limit's.
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import Row, emit, median, parser
from corpus import ROOT, short_document, word_spans

sys.path.insert(0, str(ROOT))

from annotation.formats.base import text_uid
from annotation.importer import import_paths
from annotation.session import Session

_STAMP = "2025-01-01T00:00:00.000Z"
_DOCUMENT = (
    "INSERT INTO document (id, uid, text, title, source, url, published, place, language, meta,"
    " status, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_SPAN = (
    "INSERT INTO span (id, document_id, start, [end], label, status, origin, score, value,"
    " value_origin, note, annotator, suggested, created, updated)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def build_input(folder: Path, count: int) -> tuple[Path, list[tuple], list[tuple]]:
    """The JSONL file, and the document and span rows the limit inserts."""
    path = folder / f"bulk-{count}.jsonl"
    documents: list[tuple] = []
    spans: list[tuple] = []
    with path.open("wb") as handle:
        for number in range(1, count + 1):
            text, meta = short_document(number)
            found = word_spans(text, 7.0, seed=number)
            handle.write(
                orjson.dumps(
                    {
                        "text": text,
                        "meta": meta,
                        "spans": [
                            {"start": s, "end": e, "label": label} for s, e, label, _ in found
                        ],
                    }
                )
                + b"\n"
            )
            head = (number, text_uid(text), text, meta["title"], meta["source"], None)
            documents.append((*head, meta["published"], None, "en", "{}", "new", _STAMP, _STAMP))
            for s, e, label, _ in found:
                first = (len(spans) + 1, number, s, e, label, "accepted", "import:jsonl")
                spans.append((*first, None, None, None, None, "bench", None, _STAMP, _STAMP))
    return path, documents, spans


def fresh_project(path: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    Session.open(path, annotator="bench").close()
    return path


def raw(project: Path, documents: list[tuple], spans: list[tuple]) -> float:
    conn = sqlite3.connect(str(project), isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    start = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany(_DOCUMENT, documents)
    conn.executemany(_SPAN, spans)
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed


def dateline(project: Path, source: Path) -> float:
    session = Session.open(project, annotator="bench")
    start = time.perf_counter()
    report = import_paths(session, [source], fmt="jsonl")
    elapsed = time.perf_counter() - start
    session.close()
    if not report.ok:
        raise SystemExit(f"import failed: {report.errors}")
    return elapsed


def main() -> None:
    args = parser(__doc__.split("\n")[0]).parse_args()
    count = 2_000 if args.quick else 10_000
    folder = Path(tempfile.mkdtemp(prefix="dateline-bulk-"))
    source, documents, spans = build_input(folder, count)
    project = folder / "bulk.db"
    limits: list[float] = []
    ours: list[float] = []
    for run in range(args.runs):
        order = ("raw", "dateline") if run % 2 == 0 else ("dateline", "raw")
        for side in order:
            fresh_project(project)
            if side == "raw":
                limits.append(raw(project, documents, spans))
            else:
                ours.append(dateline(project, source))
    for path in folder.iterdir():
        path.unlink()
    folder.rmdir()
    limit_rate = count / median(limits)
    our_rate = count / median(ours)
    rows_per_doc = (count + len(spans)) / count
    rows = [
        Row(
            "bulk",
            f"import {count:,} JSONL documents, {len(spans):,} spans",
            "raw executemany",
            limit_rate,
            our_rate,
            "docs/s",
            our_rate / limit_rate,
            ">= 0.3x",
            our_rate / limit_rate >= 0.3,
            f"rows/s: raw {limit_rate * rows_per_doc:,.0f},"
            f" Dateline {our_rate * rows_per_doc:,.0f};"
            f" runs {args.runs}; s: raw {', '.join(f'{t:.2f}' for t in limits)};"
            f" Dateline {', '.join(f'{t:.2f}' for t in ours)}",
        )
    ]
    emit(rows, args.json)


if __name__ == "__main__":
    main()
