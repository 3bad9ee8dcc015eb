"""Primary JSONL export against a raw sqlite3 + orjson loop over the same rows.

Run by hand, never as a test:

    .venv/bin/python bench/export.py [--runs 5] [--quick]

DESIGN §7: export >= 0.5x a raw sqlite3 + orjson loop over the same rows (~40k documents/s).

- Input: `corpus.big_project(10_000)` (2,000 with `--quick`): short articles with ~20 spans each,
  half accepted; built once and cached.
- Dateline: `annotation.exporter.export_jsonl` with every document (`all_documents`: the
  default holds only those marked done, a sixth of these) and accepted spans, the primary shape:
  text, metadata, input and task hashes, spaCy tokens, spans with token bounds, relations,
  events and answer, written atomically (fsync, rename).
- Limit: plain sqlite3 reading every document and its accepted spans (one query each, in id
  order, the spans grouped per document) and writing one orjson line per document ({text, meta,
  spans: [{start, end, label}]}) to a file.
- A second limit writes what the primary shape needs beyond that and costs most: the same loop
  plus spaCy's tokenizer (`nlp.tokenizer.pipe`, blank English) and Prodigy's token records,
  with each span's token bounds. It is the raw floor of the same output; the first is the
  floor DESIGN §7 names (which leaves the tokens out).

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

from annotation.exporter import ExportOptions, export_jsonl
from annotation.session import Session


def raw_meta(meta: str | None, *fields: str | None) -> dict[str, object]:
    """A raw loop's `meta`: the stored JSON plus title, source, url, published and place."""
    names = ("title", "source", "url", "published", "place")
    return {**orjson.loads(meta or "{}"), **dict(zip(names, fields, strict=True))}


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
                "meta": raw_meta(meta, title, source, url, published, place),
                "spans": mine,
            }
            handle.write(orjson.dumps(record) + b"\n")
            written += 1
    conn.close()
    return time.perf_counter() - start, written


def raw_with_tokens(project: Path, out: Path) -> tuple[float, int]:
    """The raw loop plus spaCy's tokens and the spans' token bounds (the primary shape's cost)."""
    from bisect import bisect_left, bisect_right

    import spacy

    tokenizer = spacy.blank("en").tokenizer
    start = time.perf_counter()
    conn = sqlite3.connect(str(project))
    documents = conn.execute(
        "SELECT id, text, title, source, url, published, place, meta FROM document ORDER BY id"
    ).fetchall()
    spans: dict[int, list[tuple[int, int, str]]] = {}
    for document_id, s, e, label in conn.execute(
        "SELECT document_id, start, [end], label FROM span WHERE status = 'accepted'"
        " ORDER BY document_id, start, [end], id"
    ):
        spans.setdefault(document_id, []).append((s, e, label))
    written = 0
    with out.open("wb") as handle:
        docs = tokenizer.pipe((row[1] for row in documents), batch_size=256)
        for (id_, text, title, source, url, published, place, meta), doc in zip(
            documents, docs, strict=True
        ):
            tokens = [
                {
                    "text": t.text,
                    "start": t.idx,
                    "end": t.idx + len(t),
                    "id": t.i,
                    "ws": bool(t.whitespace_),
                }
                for t in doc
            ]
            starts = [t["start"] for t in tokens]
            ends = [t["end"] for t in tokens]
            mine = [
                {
                    "start": s,
                    "end": e,
                    "label": label,
                    "token_start": bisect_right(ends, s),
                    "token_end": bisect_left(starts, e) - 1,
                }
                for s, e, label in spans.get(id_, ())
            ]
            record = {
                "text": text,
                "meta": raw_meta(meta, title, source, url, published, place),
                "tokens": tokens,
                "spans": mine,
            }
            handle.write(orjson.dumps(record) + b"\n")
            written += 1
    conn.close()
    return time.perf_counter() - start, written


def dateline(project: Path, out: Path) -> tuple[float, int]:
    start = time.perf_counter()
    session = Session.open(project, create=False)
    written = export_jsonl(session.store, session.schema, out, ExportOptions(all_documents=True))
    session.close()
    return time.perf_counter() - start, written


def main() -> None:
    args = parser(__doc__.split("\n")[0]).parse_args()
    count = 2_000 if args.quick else 10_000
    folder = Path(tempfile.mkdtemp(prefix="dateline-export-"))
    project = copy_project(big_project(count), folder / "export.db")
    out = folder / "out.jsonl"
    dateline(project, out)  # warm: page cache, spaCy's tokenizer import
    raw_with_tokens(project, out)  # warm the blank tokenizer too
    sides = {"raw": raw, "tokens": raw_with_tokens, "dateline": dateline}
    times: dict[str, list[float]] = {side: [] for side in sides}
    for run in range(args.runs):
        order = list(sides) if run % 2 == 0 else list(reversed(sides))
        for side in order:
            elapsed, written = sides[side](project, out)
            if written != count:
                raise SystemExit(f"{side} wrote {written} documents, not {count}")
            times[side].append(elapsed)
    limits, ours, tokened = times["raw"], times["dateline"], times["tokens"]
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
        ),
        Row(
            "export",
            f"primary JSONL export of {count:,} documents, against the same output's floor",
            "raw loop + spaCy tokens",
            count / median(tokened),
            our_rate,
            "docs/s",
            our_rate / (count / median(tokened)),
            "(context)",
            None,
            f"s: {', '.join(f'{t:.2f}' for t in tokened)} (no DESIGN target: the floor of the"
            " primary shape, which carries spaCy's tokens)",
        ),
    ]
    emit(rows, args.json)


if __name__ == "__main__":
    main()
