"""`dateline suggest` throughput against plain `nlp.pipe` (DESIGN §7: target ratio >= 0.9).

Run by hand, never as a test:

    .venv/bin/python bench/suggest.py [--articles 500] [--runs 3] [--batch-size 16]
                                      [--processes 1] [--model NAME] [--profile]

Both sides use the same pipeline object (loaded by `load_suggester`, so with the same excluded
components), the same texts, batch size and processes. The plain side only iterates
`nlp.pipe`; the Dateline side is `suggest_project`, the function `dateline suggest` calls: it
reads the documents from a project file, runs the pipe, builds the suggestions with their
calendar values and writes them, one transaction per batch. Each run gets a fresh copy of the
imported project. Runs alternate (plain, dateline, plain, ...) so machine noise hits both; the
medians and the median of the per-run ratios are printed.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotation.importer import import_paths  # noqa: E402
from annotation.paths import seeds_path  # noqa: E402
from annotation.session import Session  # noqa: E402
from annotation.suggest import Suggester, load_suggester, suggest_project  # noqa: E402

#: Names swapped in the variants, so articles differ in more than their numbers.
_NAMES = [
    ("Seoul", ["Busan", "Incheon", "Daegu"]),
    ("Nairobi", ["Mombasa", "Kisumu", "Nakuru"]),
    ("NAIROBI", ["MOMBASA", "KISUMU", "NAKURU"]),
    ("Narendra Modi", ["Amit Verma", "Priya Nair", "Rahul Menon"]),
    ("Tallinn", ["Tartu", "Narva", "Pärnu"]),
    ("Port Louis", ["Curepipe", "Mahébourg", "Quatre Bornes"]),
    ("Legazpi", ["Naga", "Sorsogon", "Iriga"]),
    ("LEGAZPI", ["NAGA", "SORSOGON", "IRIGA"]),
]
_NUMBER = re.compile(r"(?<![\d.,:])(\d{2,3}(?:,\d{3})*)(?![\d:])")


def variant(text: str, number: int) -> str:
    """A deterministic variation of a seed article: other names, other (non-year) figures."""
    for name, others in _NAMES:
        text = text.replace(name, others[number % len(others)])

    def shift(match: re.Match[str]) -> str:
        value = int(match.group(1).replace(",", ""))
        if 1900 <= value <= 2100 or value <= 31:  # years and days of the month stay
            return match.group(1)
        return f"{value + 3 * number:,}"

    return _NUMBER.sub(shift, text) + f"\n\n(Ref. DL-{number:05d})\n"


def build_corpus(folder: Path, articles: int) -> int:
    """Write `articles` text files (with metadata sidecars) varied from the seeds."""
    seeds = sorted(seeds_path().glob("*.txt"))
    for number in range(articles):
        seed = seeds[number % len(seeds)]
        text = seed.read_text(encoding="utf-8").replace("\r\n", "\n")
        target = folder / f"{number:05d}-{seed.stem}.txt"
        target.write_text(variant(text, number), encoding="utf-8")
        meta = seed.with_suffix(".meta.json")
        if meta.exists():
            shutil.copy(meta, target.with_suffix(".meta.json"))
    return sum(len(p.read_text(encoding="utf-8").split()) for p in folder.glob("*.txt"))


def plain(suggester: Suggester, texts: list[str], batch_size: int, processes: int) -> float:
    started = time.perf_counter()
    for _doc in suggester.nlp.pipe(texts, batch_size=batch_size, n_process=processes):
        pass
    return time.perf_counter() - started


def dateline(
    suggester: Suggester, template: Path, work: Path, batch_size: int, processes: int
) -> tuple[float, int]:
    project = work / "run.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{project}{suffix}").unlink(missing_ok=True)
    shutil.copy(template, project)
    session = Session.open(project)
    try:
        started = time.perf_counter()
        report = suggest_project(session, suggester, batch_size=batch_size, n_process=processes)
        elapsed = time.perf_counter() - started
    finally:
        session.close()
    return elapsed, report.added


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--model", default=None)
    parser.add_argument("--profile", action="store_true", help="cProfile one Dateline run")
    args = parser.parse_args()

    suggester = load_suggester(args.model)
    print(suggester.notice)
    with tempfile.TemporaryDirectory(prefix="dateline-bench-") as tmp:
        work = Path(tmp)
        corpus = work / "corpus"
        corpus.mkdir()
        words = build_corpus(corpus, args.articles)
        template = work / "template.db"
        session = Session.open(template)
        report = import_paths(session, [corpus])
        session.close()
        assert report.documents == args.articles, report
        session = Session.open(template)
        ids = session.store.document_ids()
        texts = [session.store.document(i).text for i in ids]
        session.close()
        print(
            f"{len(texts)} articles, {words:,} words; batch size {args.batch_size},"
            f" {args.processes} process(es), {args.runs} runs each"
        )
        # Warm up (first-call allocations, lazy imports of the date normaliser).
        plain(suggester, texts[:32], args.batch_size, 1)
        dateline(suggester, template, work, args.batch_size, 1)

        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            dateline(suggester, template, work, args.batch_size, args.processes)
            profiler.disable()
            stats = pstats.Stats(profiler).sort_stats("cumulative")
            stats.print_stats(40)
            return

        plain_times: list[float] = []
        dateline_times: list[float] = []
        spans = 0
        for run in range(args.runs):
            plain_times.append(plain(suggester, texts, args.batch_size, args.processes))
            elapsed, spans = dateline(suggester, template, work, args.batch_size, args.processes)
            dateline_times.append(elapsed)
            print(
                f"run {run + 1}: plain nlp.pipe {len(texts) / plain_times[-1]:.1f} docs/s,"
                f" dateline suggest {len(texts) / elapsed:.1f} docs/s"
                f" (ratio {plain_times[-1] / elapsed:.3f}, {spans} spans)"
            )
        plain_rate = len(texts) / statistics.median(plain_times)
        dateline_rate = len(texts) / statistics.median(dateline_times)
        ratios = [p / d for p, d in zip(plain_times, dateline_times, strict=True)]
        print(
            orjson.dumps(
                {
                    "articles": len(texts),
                    "words": words,
                    "runs": args.runs,
                    "batch_size": args.batch_size,
                    "processes": args.processes,
                    "pipeline": suggester.origin,
                    "plain_docs_per_s": round(plain_rate, 2),
                    "dateline_docs_per_s": round(dateline_rate, 2),
                    "ratio_of_medians": round(dateline_rate / plain_rate, 3),
                    "median_ratio": round(statistics.median(ratios), 3),
                    "target": 0.9,
                }
            ).decode()
        )


if __name__ == "__main__":
    main()
