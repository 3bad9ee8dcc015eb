"""Primary JSONL export against a raw sqlite3 + orjson loop over the same rows.

Run by hand, never as a test:

    .venv/bin/python bench/export.py [--runs 5] [--quick]

DESIGN §7: export >= 0.5x a raw sqlite3 + orjson loop over the same rows (~40k documents/s).

- Input: `corpus.big_project(10_000)` (2,000 with `--quick`): short articles with ~20 spans each,
  half accepted; built once and cached.
- Dateline: `annotation.exporter.export_jsonl` with the default options (accepted spans), the
  primary shape: text, metadata, input hash, spaCy tokens, spans with token bounds, relations,
  events and answer, written atomically (fsync, rename).
- Limit: plain sqlite3 reading every document and its accepted spans (one query each, in id
  order, the spans grouped per document) and writing one orjson line per document ({text, meta,
  spans: [{start, end, label}]}) to a file.

Both read a byte copy of the project (so neither writes the cached one). Runs alternate the two;
medians, in documents/s; the ratio is Dateline's rate over the limit's.
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
import time
from itertools import groupby
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import Row, emit, median, parser
from corpus import ROOT, big_project, copy_project

sys.path.insert(0, str(ROOT))

from annotation.exporter import export_jsonl
from annotation.session import Session


def raw(project: Path, out: Path) -> tuple[float, int]:
    start = time.perf_counter()
    conn = sqlite3.connect(str(project))
    documents = conn.execute(
        "SELECT id, text, title, source, url, published, place, meta FROM document ORDER BY id"
    )
    spans = conn.execute(
        "SELECT document_id, start, [end], label FROM span WHERE status = 'accepted'"
        " ORDER BY document_id, start, [end], id"
    )
    by_document = groupby(spans, key=lambda row: row[0])
    pending = next(by_document, None)
    written = 0
    with out.open("wb") as handle:
        for id_, text, title, source, url, published, place, meta in documents:
            mine: list[dict[str, object]] = []
            while pending is not None and pending[0] <= id_:
                if pending[0] == id_:
                    mine = [{"start": s, "end": e, "label": label} for _, s, e, label in pending[1]]
                pending = next(by_document, None)
            record = {
                "text": text,
                "meta": {
                    **orjson.loads(meta or "{}"),
                    "title": title,
                    "source": source,
                    "url": url,
                    "published": published,
                    "place": place,
                },
                "spans": mine,
            }
            handle.write(orjson.dumps(record) + b"\n")
            written += 1
    conn.close()
    return time.perf_counter() - start, written


def dateline(project: Path, out: Path) -> tuple[float, int]:
    start = time.perf_counter()
    session = Session.open(project, create=False)
    written = export_jsonl(session.store, session.schema, out)
    session.close()
    return time.perf_counter() - start, written


def main() -> None:
    args = parser(__doc__.split("\n")[0]).parse_args()
    count = 2_000 if args.quick else 10_000
    folder = Path(tempfile.mkdtemp(prefix="dateline-export-"))
    project = copy_project(big_project(count), folder / "export.db")
    out = folder / "out.jsonl"
    dateline(project, out)  # warm: page cache, spaCy's tokenizer import
    limits: list[float] = []
    ours: list[float] = []
    for run in range(args.runs):
        order = ("raw", "dateline") if run % 2 == 0 else ("dateline", "raw")
        for side in order:
            elapsed, written = raw(project, out) if side == "raw" else dateline(project, out)
            if written != count:
                raise SystemExit(f"{side} wrote {written} documents, not {count}")
            (limits if side == "raw" else ours).append(elapsed)
    for path in folder.iterdir():
        path.unlink()
    folder.rmdir()
    limit_rate = count / median(limits)
    our_rate = count / median(ours)
    rows = [
        Row(
            "export",
            f"primary JSONL export of {count:,} documents",
            "raw sqlite3+orjson",
            limit_rate,
            our_rate,
            "docs/s",
            our_rate / limit_rate,
            ">= 0.5x",
            our_rate / limit_rate >= 0.5,
            f"runs {args.runs}; s: raw {', '.join(f'{t:.2f}' for t in limits)};"
            f" Dateline {', '.join(f'{t:.2f}' for t in ours)}",
        )
    ]
    emit(rows, args.json)


if __name__ == "__main__":
    main()
