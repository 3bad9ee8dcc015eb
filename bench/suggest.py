"""`dateline suggest` throughput against plain `nlp.pipe` (DESIGN §7: target ratio >= 0.9).

Run by hand, never as a test:

    .venv/bin/python bench/suggest.py [--articles 500] [--runs 3] [--batch-size 16]
                                      [--processes 1] [--chunk 64] [--model NAME] [--profile]

Both sides use the same pipeline object (loaded by `load_suggester`, so with the same excluded
components), the same texts, batch size and processes. The plain side only iterates
`nlp.pipe`; the Dateline side is `suggest_project`, the function `dateline suggest` calls: it
reads the documents from a project file, runs the pipe, builds the suggestions with their
calendar values and writes them, one transaction per batch. Each run gets a fresh copy of the
imported project. A run interleaves the two sides chunk by chunk (`--chunk 64` documents: plain
then Dateline, Dateline then plain, ...), so that the load of other programs on a shared machine
hits both alike; `--chunk 0` runs each side over the whole corpus in one go, as the CLI does
(use it with `--processes 2`: workers start once per call). It prints the throughputs and their
ratio in wall-clock time and, with one process, in CPU time of this process. The summary gives
the median rates, their ratio and the median of the per-run ratios.
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
sys.path.insert(0, str(ROOT / "bench"))

from common import Row, emit  # noqa: E402

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


Timing = tuple[float, float]  # (wall seconds, CPU seconds of this process)


def plain(suggester: Suggester, texts: list[str], batch_size: int, processes: int) -> Timing:
    wall, cpu = time.perf_counter(), time.process_time()
    for _doc in suggester.nlp.pipe(texts, batch_size=batch_size, n_process=processes):
        pass
    return time.perf_counter() - wall, time.process_time() - cpu


def fresh_project(template: Path, work: Path) -> Session:
    project = work / "run.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{project}{suffix}").unlink(missing_ok=True)
    shutil.copy(template, project)
    return Session.open(project)


def dateline(
    suggester: Suggester, session: Session, ids: list[int], batch_size: int, processes: int
) -> tuple[Timing, int]:
    wall, cpu = time.perf_counter(), time.process_time()
    report = suggest_project(
        session, suggester, batch_size=batch_size, n_process=processes, document_ids=ids
    )
    return (time.perf_counter() - wall, time.process_time() - cpu), report.added


def one_run(
    suggester: Suggester,
    template: Path,
    work: Path,
    ids: list[int],
    texts: list[str],
    args: argparse.Namespace,
    run: int,
) -> tuple[Timing, Timing, int]:
    """Both sides over the whole corpus, interleaved chunk by chunk (`--chunk`)."""
    size = args.chunk or len(ids)
    plain_total = [0.0, 0.0]
    ours_total = [0.0, 0.0]
    spans = 0
    session = fresh_project(template, work)
    try:
        for number, first in enumerate(range(0, len(ids), size)):
            chunk_ids, chunk_texts = ids[first : first + size], texts[first : first + size]
            sides = ["plain", "dateline"]
            if (number + run) % 2:  # alternate which side goes first
                sides.reverse()
            for side in sides:
                if side == "plain":
                    timing = plain(suggester, chunk_texts, args.batch_size, args.processes)
                    totals = plain_total
                else:
                    timing, added = dateline(
                        suggester, session, chunk_ids, args.batch_size, args.processes
                    )
                    spans += added
                    totals = ours_total
                totals[0] += timing[0]
                totals[1] += timing[1]
    finally:
        session.close()
    return (plain_total[0], plain_total[1]), (ours_total[0], ours_total[1]), spans


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--model", default=None)
    parser.add_argument(
        "--chunk",
        type=int,
        default=64,
        help="documents per interleaved chunk (0: each side over the whole corpus in one go)",
    )
    parser.add_argument("--profile", action="store_true", help="cProfile one Dateline run")
    parser.add_argument("--json", type=Path, default=None, help="also write the result row here")
    parser.add_argument(
        "--quick", action="store_true", help="40 articles, 5 runs, chunks of 20 (run_all uses it)"
    )
    args = parser.parse_args()
    if args.quick:
        args.articles, args.runs, args.chunk = 40, 5, 20

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
            f" {args.processes} process(es), {args.runs} runs each,"
            f" interleaved in chunks of {args.chunk or len(ids)} documents"
        )
        # Warm up (first-call allocations, lazy imports of the date normaliser).
        plain(suggester, texts[:32], args.batch_size, 1)
        warm = fresh_project(template, work)
        dateline(suggester, warm, ids[:32], args.batch_size, 1)
        warm.close()

        if args.profile:
            session = fresh_project(template, work)
            profiler = cProfile.Profile()
            profiler.enable()
            dateline(suggester, session, ids, args.batch_size, args.processes)
            profiler.disable()
            session.close()
            stats = pstats.Stats(profiler).sort_stats("cumulative")
            stats.print_stats(40)
            return

        plain_times: list[Timing] = []
        dateline_times: list[Timing] = []
        spans = 0
        count = len(texts)
        for run in range(args.runs):
            plain_timing, ours_timing, spans = one_run(
                suggester, template, work, ids, texts, args, run
            )
            plain_times.append(plain_timing)
            dateline_times.append(ours_timing)
            (plain_wall, plain_cpu), (ours_wall, ours_cpu) = plain_times[-1], dateline_times[-1]
            print(
                f"run {run + 1}: plain nlp.pipe {count / plain_wall:.2f} docs/s,"
                f" dateline suggest {count / ours_wall:.2f} docs/s"
                f" (wall ratio {plain_wall / ours_wall:.3f}, CPU ratio {plain_cpu / ours_cpu:.3f},"
                f" {spans} spans)",
                flush=True,
            )
        plain_rate = count / statistics.median(t[0] for t in plain_times)
        dateline_rate = count / statistics.median(t[0] for t in dateline_times)
        wall = [p[0] / d[0] for p, d in zip(plain_times, dateline_times, strict=True)]
        cpu = [p[1] / d[1] for p, d in zip(plain_times, dateline_times, strict=True)]
        result = {
            "articles": count,
            "words": words,
            "runs": args.runs,
            "batch_size": args.batch_size,
            "processes": args.processes,
            "chunk": args.chunk or count,
            "pipeline": suggester.origin,
            "plain_docs_per_s": round(plain_rate, 2),
            "dateline_docs_per_s": round(dateline_rate, 2),
            "ratio_of_median_rates": round(dateline_rate / plain_rate, 3),
            "median_wall_ratio": round(statistics.median(wall), 3),
            "target": 0.9,
        }
        if args.processes == 1:  # the workers' CPU time is not this process's
            result["median_cpu_ratio"] = round(statistics.median(cpu), 3)
        print(orjson.dumps(result).decode())
        ratio = dateline_rate / plain_rate
        emit(
            [
                Row(
                    "suggest",
                    f"dateline suggest, {count} articles, batch {args.batch_size}",
                    "plain nlp.pipe",
                    plain_rate,
                    dateline_rate,
                    "docs/s",
                    ratio,
                    ">= 0.9x",
                    ratio >= 0.9,
                    f"median of per-run wall ratios {statistics.median(wall):.3f};"
                    f" {args.runs} runs, chunks of {args.chunk or count}; {suggester.origin}",
                )
            ],
            args.json,
        )


if __name__ == "__main__":
    main()
