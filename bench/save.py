"""Saving one edit against one fdatasync of a small block in the same folder.

Run by hand, never as a test:

    .venv/bin/python bench/save.py [--runs 5] [--edits 200] [--quick]

DESIGN §7: WAL, `synchronous=FULL` for interactive edits (one fsync per human action, so a power
cut loses nothing confirmed): p95 <= 1.5x one fdatasync.

- Limit: `os.pwrite` of a 4 KiB block at the end of a file in the project's folder, then
  `os.fdatasync` (what one WAL commit must at least do: append and make it durable).
- Dateline: one interactive edit through the core, `Session.execute` of an `Accept`, a
  `Relabel` or an `AddSpan` (in turn), timed until it returns (committed, on disk). Each run
  works on a fresh copy of the cached 20,000-word article project (a span every ~7 words, half
  of them suggestions) and of the 10-document project, never on the cached files.

Each run makes `--edits` edits (>= 200) and as many limit writes, interleaved one by one (the
order of each pair alternates), so both see the same disk and the same neighbours. p50 and p95
are taken per run; the medians over runs are reported, with ratios of p95 (the target) and p50.
SQLite's automatic checkpoints (every ~1,000 WAL pages) land in some edits: they are part of the
figure, as they are for the analyst.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import Row, emit, median, parser, percentile

HERE = Path(__file__).resolve()
ROOT = HERE.parent.parent
BLOCK = 4096
_WORD = re.compile(r"\w+")


class Limit:
    """Append a small block to a file and fdatasync it."""

    def __init__(self, path: Path) -> None:
        self.fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        self.offset = 0
        self.block = os.urandom(BLOCK)

    def once(self) -> float:
        start = time.perf_counter()
        os.pwrite(self.fd, self.block, self.offset)
        os.fdatasync(self.fd)
        took = time.perf_counter() - start
        self.offset += BLOCK
        return took

    def close(self) -> None:
        os.close(self.fd)


class Edits:
    """Interactive edits on a project copy: accept, relabel, add (in turn), each timed."""

    def __init__(self, path: Path) -> None:
        from annotation.model import SpanStatus
        from annotation.session import Session

        self.session = Session.open(path, annotator="bench", create=False)
        store = self.session.store
        self.labels = ["PERSON", "ORG", "GPE", "LOC", "NORP"]
        self.suggested: list[int] = []
        self.accepted: list[int] = []
        self.free: list[tuple[int, int, int]] = []
        for document_id in store.document_ids():
            spans = store.span_briefs(document_id)
            for span_id, _start, _end, _label, status, _value in spans:
                if status == SpanStatus.SUGGESTED.value:
                    self.suggested.append(span_id)
                elif status == SpanStatus.ACCEPTED.value:
                    self.accepted.append(span_id)
            text = store.document(document_id).text
            covered = bytearray(len(text))
            for _id, start, end, *_rest in spans:
                covered[start:end] = b"\x01" * (end - start)
            for match in _WORD.finditer(text):
                if len(match.group()) > 3 and not any(covered[match.start() : match.end()]):
                    self.free.append((document_id, match.start(), match.end()))
        self.turn = 0

    def once(self) -> float:
        from annotation.commands import Accept, AddSpan, Command, Relabel
        from annotation.model import NewSpan

        kind = self.turn % 3
        command: Command
        if kind == 0 and self.suggested:
            span_id = self.suggested.pop(0)
            command = Accept(span_id)
            self.accepted.append(span_id)
        elif kind == 1 and self.accepted:
            span_id = self.accepted[self.turn % len(self.accepted)]
            command = Relabel(span_id, self.labels[self.turn % len(self.labels)])
        else:
            document_id, start, end = self.free.pop(0)
            command = AddSpan(document_id, NewSpan(start, end, "ORG"))
        self.turn += 1
        start_time = time.perf_counter()
        self.session.execute(command)
        return time.perf_counter() - start_time

    def close(self) -> None:
        self.session.close()


def one_run(source: Path, folder: Path, edits: int, run: int) -> tuple[list[float], list[float]]:
    """(limit times, edit times) of one run on a fresh copy of `source` in `folder`."""
    from corpus import copy_project

    project = copy_project(source, folder / "project.db")
    limit = Limit(folder / "limit.bin")
    ours = Edits(project)
    raw: list[float] = []
    edit: list[float] = []
    try:
        for _ in range(3):  # warm both (first WAL frames, statement cache)
            limit.once()
            ours.once()
        for number in range(edits):
            if (number + run) % 2 == 0:
                raw.append(limit.once())
                edit.append(ours.once())
            else:
                edit.append(ours.once())
                raw.append(limit.once())
    finally:
        ours.close()
        limit.close()
    for name in ("project.db", "project.db-wal", "project.db-shm", "limit.bin"):
        (folder / name).unlink(missing_ok=True)
    return raw, edit


def main() -> None:
    found = parser(__doc__.split("\n")[0], runs=5)
    found.add_argument("--edits", type=int, default=200, help="edits per run (>= 200)")
    args = found.parse_args()
    sys.path.insert(0, str(ROOT))
    from corpus import long_article_project, small_project

    edits = max(args.edits, 200)
    article, words, spans = long_article_project(20_000)
    inputs = [
        (f"{words:,}-word article, {spans:,} spans", article),
        ("10-document project", small_project(10)),
    ]
    folder = Path(tempfile.mkdtemp(prefix="dateline-save-"))
    rows: list[Row] = []
    ms = 1000.0
    try:
        for name, source in inputs:
            p50: list[float] = []
            p95: list[float] = []
            raw50: list[float] = []
            raw95: list[float] = []
            for run in range(args.runs):
                raw, edit = one_run(source, folder, edits, run)
                raw50.append(percentile(raw, 0.5))
                raw95.append(percentile(raw, 0.95))
                p50.append(percentile(edit, 0.5))
                p95.append(percentile(edit, 0.95))
            ratio95 = median(p95) / median(raw95)
            ratio50 = median(p50) / median(raw50)
            runs = ", ".join(f"{a / b:.2f}" for a, b in zip(p95, raw95, strict=True))
            rows.append(
                Row(
                    "save",
                    f"one edit, p95 ({name})",
                    "fdatasync p95",
                    median(raw95) * ms,
                    median(p95) * ms,
                    "ms",
                    ratio95,
                    "<= 1.5x",
                    ratio95 <= 1.5,
                    f"{edits} edits x {args.runs} runs; p95 ratio per run: {runs}",
                )
            )
            rows.append(
                Row(
                    "save",
                    f"one edit, p50 ({name})",
                    "fdatasync p50",
                    median(raw50) * ms,
                    median(p50) * ms,
                    "ms",
                    ratio50,
                    "(p50, no target)",
                    None,
                )
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    emit(rows, args.json)


if __name__ == "__main__":
    main()
