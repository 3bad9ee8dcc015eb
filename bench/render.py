"""Open-and-colour and one edit until repaint, against Qt's own limits (DESIGN §7).

Run by hand, never as a test:

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/render.py [--runs 5] [--edits 60]

1. Open and colour: a 20,000-word article with 3,000 spans (and 100,000 words with about
   14,000), in the real `ArticleView` at 1000x800. The limit is plain `setPlainText` of the same
   text into the same widget, no highlighter, until its first paint. Dateline's figure is
   `ArticleSpans.load` (reading the spans from SQLite) + `show_article` + the first paint, so
   what the analyst sees; the rest of the article is coloured afterwards in idle slices of
   at most a few ms (also timed: "background colouring").
2. One edit: in the real `MainWindow`, an accept or relabel of a span on screen, through
   `session.execute` (which commits with synchronous=FULL) and every view's refresh, until
   the article has repainted. The limit is a plain repaint of the same view. p50 and p95.

Each figure is the median of `--runs` runs; runs alternate limit and Dateline so machine
noise hits both.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from annotation.commands import Accept, Relabel  # noqa: E402
from annotation.formats.base import text_uid  # noqa: E402
from annotation.model import SpanStatus  # noqa: E402
from annotation.paths import seeds_path  # noqa: E402
from annotation.session import Session  # noqa: E402
from annotation.store import now  # noqa: E402
from desktop.app import application  # noqa: E402
from desktop.article_spans import ArticleSpans  # noqa: E402
from desktop.article_view import ArticleView  # noqa: E402
from desktop.main_window import MainWindow  # noqa: E402
from desktop.pipeline import Pipeline  # noqa: E402
from desktop.settings import Settings  # noqa: E402
from desktop.workers import Workers  # noqa: E402

LABELS = ["PERSON", "ORG", "GPE", "DATE", "CARDINAL", "NORP", "MONEY", "LOC"]
_WORD = re.compile(r"\w+")


def article_text(words: int) -> str:
    """Seed paragraphs, repeated with their numbers varied, up to `words` words."""
    paragraphs: list[str] = []
    for path in sorted(seeds_path().glob("*.txt")):
        text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
        paragraphs += [p.strip() for p in text.split("\n\n") if len(p.split()) > 8]
    out: list[str] = []
    count = 0
    turn = 0
    while count < words:
        for paragraph in paragraphs:
            varied = re.sub(r"\d+", lambda m, turn=turn: str(int(m.group()) + turn), paragraph)
            out.append(varied)
            count += len(varied.split())
            if count >= words:
                break
        turn += 1
    return "\n\n".join(out)


def make_project(folder: Path, words: int, every: int = 7) -> tuple[Path, int, int]:
    """A project with one long article and a span every `every` words (half accepted)."""
    path = folder / f"render-{words}.db"
    session = Session.open(path, annotator="bench")
    text = article_text(words)
    rng = random.Random(words)
    time_ = now()
    store = session.store
    with store.transaction():
        store.insert_many(
            "document",
            [
                {
                    "id": 1,
                    "uid": text_uid(text),
                    "text": text,
                    "title": f"{words:,}-word article",
                    "source": "bench",
                    "url": None,
                    "published": "2025-06-21",
                    "place": None,
                    "language": "en",
                    "meta": {},
                    "status": "in_progress",
                    "created": time_,
                    "updated": time_,
                }
            ],
        )
        rows = []
        for number, match in enumerate(_WORD.finditer(text)):
            if number % every:
                continue
            status = SpanStatus.ACCEPTED if rng.random() < 0.5 else SpanStatus.SUGGESTED
            rows.append(
                {
                    "id": len(rows) + 1,
                    "document_id": 1,
                    "start": match.start(),
                    "end": match.end(),
                    "label": rng.choice(LABELS),
                    "status": status.value,
                    "origin": "model:bench@1"
                    if status is SpanStatus.SUGGESTED
                    else "analyst:bench",
                    "score": None,
                    "value": None,
                    "value_origin": None,
                    "note": None,
                    "annotator": "bench",
                    "suggested": None,
                    "created": time_,
                    "updated": time_,
                }
            )
        store.insert_many("span", rows)
    session.close()
    return path, len(text.split()), len(rows)


def settle(app: QApplication) -> None:
    for _ in range(3):
        app.processEvents()


def open_runs(app: QApplication, path: Path, runs: int) -> dict[str, float]:
    session = Session.open(path)
    view = ArticleView()
    view.resize(1000, 800)
    view.set_schema(session.schema)
    view.show()
    settle(app)
    text = session.store.document(1).text
    plain: list[float] = []
    ours: list[float] = []
    view_only: list[float] = []
    background: list[float] = []
    for _ in range(runs):
        view.show_article(None)
        settle(app)
        start = time.perf_counter()
        view.setPlainText(text)
        view.viewport().repaint()
        plain.append(time.perf_counter() - start)

        view.show_article(None)
        settle(app)
        start = time.perf_counter()
        article = ArticleSpans.load(session.store, 1)
        loaded = time.perf_counter()
        view.show_article(article)
        view.viewport().repaint()
        done = time.perf_counter()
        ours.append(done - start)
        view_only.append(done - loaded)
        # the rest of the article is coloured in idle slices: time until none is left
        start = time.perf_counter()
        while view._pending_from.isValid():  # the bench looks inside: colouring still to do
            app.processEvents()
        background.append(time.perf_counter() - start)
    view.close()
    session.close()
    return {
        "plain": statistics.median(plain),
        "ours": statistics.median(ours),
        "view": statistics.median(view_only),
        "background": statistics.median(background),
    }


def edit_runs(app: QApplication, path: Path, runs: int, edits: int) -> dict[str, float]:
    home = Path(tempfile.mkdtemp(prefix="dateline-bench-"))
    settings = Settings(QSettings(str(home / "s.ini"), QSettings.Format.IniFormat))
    workers = Workers()
    window = MainWindow(settings, workers, Pipeline(workers))
    window.resize(1500, 950)
    window.show()
    settle(app)
    window.open_project(path)
    window.open_document(1)
    settle(app)
    view = window.view
    controller = window.controller
    p50s: list[float] = []
    p95s: list[float] = []
    repaints: list[float] = []
    commits: list[float] = []
    rng = random.Random(7)
    for _ in range(runs):
        article = controller.article
        assert article is not None
        top = view.first_visible_position()
        bottom = view.position_at(view.viewport().rect().bottomLeft()) or top + 3000
        on_screen = [s.id for s in article.overlapping(top, bottom)]
        plain: list[float] = []
        timings: list[float] = []
        for number in range(edits):
            # the limit right before each edit, so machine noise hits both alike
            start = time.perf_counter()
            view.viewport().repaint()
            plain.append(time.perf_counter() - start)
            span = article.spans[rng.choice(on_screen)]
            if span.status is SpanStatus.SUGGESTED and number % 2 == 0:
                command = Accept(span.id)
            else:
                labels = [label for label in LABELS if label != span.label]
                command = Relabel(span.id, rng.choice(labels))
            start = time.perf_counter()
            change = controller.execute(command)
            committed = time.perf_counter()
            view.viewport().repaint()
            end = time.perf_counter()
            assert change is not None
            timings.append(end - start)
            commits.append(committed - start)
            app.processEvents()
        timings.sort()
        p50s.append(timings[len(timings) // 2])
        p95s.append(timings[int(len(timings) * 0.95) - 1])
        repaints.append(statistics.median(plain))
    window.close()
    return {
        "repaint": statistics.median(repaints),
        "p50": statistics.median(p50s),
        "p95": statistics.median(p95s),
        "commit": statistics.median(commits),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--edits", type=int, default=60)
    args = parser.parse_args()
    app = application()
    folder = Path(tempfile.mkdtemp(prefix="dateline-render-"))
    ms = 1000.0
    print(f"QPA: {app.platformName()}   runs: {args.runs}   edits per run: {args.edits}")
    for words in (20_000, 100_000):
        path, real_words, spans = make_project(folder, words)
        opened = open_runs(app, path, args.runs)
        edited = edit_runs(app, path, args.runs, args.edits)
        ratio = opened["ours"] / opened["plain"]
        print(f"\n{real_words:,} words, {spans:,} spans")
        print(f"  open and colour   limit setPlainText+paint {opened['plain'] * ms:7.1f} ms")
        print(
            f"                    Dateline (load+show+paint) {opened['ours'] * ms:7.1f} ms"
            f"   ratio {ratio:4.2f}x  (target <= {3 if words <= 20_000 else 6}x)"
        )
        print(
            f"                    of which view only {opened['view'] * ms:7.1f} ms"
            f" (ratio {opened['view'] / opened['plain']:4.2f}x);"
            f" background colouring afterwards {opened['background'] * ms:7.1f} ms"
        )
        print(f"  one edit          limit plain repaint {edited['repaint'] * ms:7.2f} ms")
        print(
            f"                    accept/relabel until repaint p50 {edited['p50'] * ms:6.2f} ms"
            f" (ratio {edited['p50'] / edited['repaint']:4.2f}x, target <= 2.5x)"
            f"  p95 {edited['p95'] * ms:6.2f} ms (target < 16 ms)"
        )
        print(
            f"                    of which the commit (fsync) p50 {edited['commit'] * ms:6.2f} ms"
        )


if __name__ == "__main__":
    main()
