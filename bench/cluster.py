"""`dateline suggest --cluster local:2` against one process and `--processes 2`; the client's save
rate alone; the client's peak memory on a 100,000-article project.

Run by hand, never as a test (it takes 10-15 minutes on 2 cores; let nothing else run):

    .venv/bin/python bench/cluster.py [--articles 500] [--model NAME] [--batch-size 16]
                                      [--skip-memory] [--quick] [--json FILE]

1. Throughput. bench/suggest.py's corpus (`--articles` long articles varied from the seeds),
   imported once; each variant runs on a fresh copy, one after another, through the function its
   CLI option calls: `suggest_project` in this process (the limit every ratio is against),
   `suggest_project(n_process=2)` (`--processes 2`), and `suggest_on_cluster` on a new `local:2`
   cluster (`--cluster local:2`). Each is timed from the call to its last saved batch, its own
   start-up included (child processes spawned and given the pipeline; the local cluster started
   and the pipeline loaded on its workers); this process's pipeline is loaded before. The three
   must leave the same spans (checked).
2. Save rate alone. The one-process run's records, kept as they went by, saved again into a fresh
   copy with `save_suggestions`, `--batch-size` (then 4x as many) documents a transaction: what
   the client can store, in documents and spans per second. Over one process's rate it is the
   number of workers one client can feed (docs/scaling.md).
3. Peak client memory. The real command, `dateline suggest --cluster local:2`, in a child process
   on bench/corpus.py's 100,000-article project, with the rule-based pipeline (the client never
   loads the pipeline, so the workers' pipeline does not change its memory; the rules keep the
   workers ahead of the client, so this is also the client's own top speed). The client's
   resident memory (its local scheduler included) is sampled every 0.2 s with the share done;
   the peak over the whole run against the peak over its first 10% says whether it stays flat.
   `--quick` stops the run (Ctrl+C) after 10,000 documents.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import psutil  # noqa: E402  (Dask brings it: this bench needs the `cluster` extra)
from common import Row, emit, parser  # noqa: E402
from corpus import big_project, copy_project  # noqa: E402
from suggest import build_corpus  # noqa: E402

from annotation.importer import import_paths  # noqa: E402
from annotation.session import Session  # noqa: E402
from annotation.suggest import (  # noqa: E402
    SaveReport,
    Suggester,
    Suggestion,
    describe_pipeline,
    fallback_suggester,
    load_suggester,
    save_suggestions,
    suggest_project,
)
from annotation.suggest.cluster import connected, suggest_on_cluster  # noqa: E402

Results = list[tuple[int, list[Suggestion]]]


class Keeping(Suggester):
    """The pipeline as is, keeping every record it yields (for the save-rate replay)."""

    def __init__(self, inner: Suggester, kept: Results) -> None:
        self.__dict__.update(inner.__dict__)
        self.kept = kept

    def suggest(self, documents: Any, **options: Any) -> Iterator[tuple[int, list[Suggestion]]]:
        for result in super().suggest(documents, **options):
            self.kept.append(result)
            yield result


def spans(project: Path) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(f"file:{project}?mode=ro", uri=True)
    try:
        sql = "SELECT document_id, start, [end], label, origin, value FROM span ORDER BY 1, 2, 3, 4"
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def throughput(args: Any, work: Path) -> tuple[list[Row], float, Results, Path, str]:
    corpus = work / "corpus"
    corpus.mkdir()
    words = build_corpus(corpus, args.articles)
    template = work / "template.db"
    session = Session.open(template)
    assert import_paths(session, [corpus]).documents == args.articles
    session.close()
    suggester = load_suggester(args.model)
    pipeline = describe_pipeline(args.model)
    assert pipeline.origin == suggester.origin, (pipeline, suggester)
    print(f"{args.articles} articles, {words:,} words; {suggester.origin}; batch {args.batch_size}")
    kept: Results = []
    rates: dict[str, float] = {}
    outcomes: dict[str, list[tuple[Any, ...]]] = {}
    variants = [("one process", 1), ("--processes 2", 2), ("--cluster local:2", 0)]
    for name, processes in variants:
        project = copy_project(template, work / f"{processes}.db")
        session = Session.open(project)
        started = time.perf_counter()
        if processes:
            used = Keeping(suggester, kept) if processes == 1 else suggester
            report = suggest_project(session, used, batch_size=args.batch_size, n_process=processes)
        else:
            with connected("local:2") as client:
                report = suggest_on_cluster(session, client, pipeline, batch_size=args.batch_size)
        seconds = time.perf_counter() - started
        session.close()
        assert report.documents == args.articles, (name, report)
        rates[name] = args.articles / seconds
        outcomes[name] = spans(project)
        print(
            f"{name}: {rates[name]:.2f} docs/s ({seconds:.1f} s, {report.added} spans;"
            f" load average {os.getloadavg()[0]:.2f})",
            flush=True,
        )
    single = rates["one process"]
    for name in rates:
        assert outcomes[name] == outcomes["one process"], f"{name} left other spans"
    rows = [
        Row(
            "cluster",
            f"{name}, {args.articles} articles",
            "one process",
            single,
            rates[name],
            "docs/s",
            rates[name] / single,
            "report",
            None,
            f"start-up included; same spans as one process; {suggester.origin}",
        )
        for name in ("--processes 2", "--cluster local:2")
    ]
    return rows, single, kept, template, suggester.origin


def save_rate(
    args: Any, work: Path, single: float, kept: Results, template: Path, origin: str, batch: int
) -> Row:
    project = copy_project(template, work / "save.db")
    session = Session.open(project)
    report = SaveReport()
    started = time.perf_counter()
    for first in range(0, len(kept), batch):
        save_suggestions(session, kept[first : first + batch], origin, report)
    seconds = time.perf_counter() - started
    session.close()
    documents, rows = report.documents / seconds, report.added / seconds
    print(
        f"save alone, batch {batch}: {documents:.1f} docs/s, {rows:.0f} spans/s"
        f" ({report.added} spans)"
    )
    return Row(
        "cluster",
        f"client save rate alone, batch {batch}",
        "one process",
        single,
        documents,
        "docs/s",
        documents / single,
        "report",
        None,
        f"{rows:,.0f} spans/s ({report.added / max(report.documents, 1):.0f} spans a document);"
        " the ratio is how many one-process workers one client can feed",
    )


def peak_memory(args: Any, work: Path) -> list[Row]:
    source = big_project(100_000)
    project = copy_project(source, work / "big.db")
    rules = work / "rules"
    fallback_suggester().nlp.to_disk(rules)
    total = 100_000
    stop_at = 10_000 if args.quick else None
    command = [sys.executable, "-c", "from annotation.cli import main; main()", "suggest"]
    command += ["-p", str(project), "-m", str(rules), "--cluster", "local:2"]
    command += ["-b", str(args.batch_size)]
    env = dict(
        os.environ,
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    )
    started = time.perf_counter()
    child = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    client = psutil.Process(child.pid)
    samples: list[tuple[int, int]] = []  # (documents done, resident bytes)
    cpu = 0.0
    conn = sqlite3.connect(f"file:{project}?mode=ro", uri=True)
    try:
        while child.poll() is None:
            try:
                rss = client.memory_info().rss
                times = client.cpu_times()
                cpu = times.user + times.system
            except psutil.NoSuchProcess:
                break
            done = conn.execute("SELECT count(*) FROM suggestion_run").fetchone()[0]
            samples.append((done, rss))
            if stop_at is not None and done >= stop_at:
                child.send_signal(signal.SIGINT)
                break
            time.sleep(0.2)
        out, err = child.communicate()
        done = conn.execute("SELECT count(*) FROM suggestion_run").fetchone()[0]
    finally:
        conn.close()
    seconds = time.perf_counter() - started
    if child.returncode not in (0, 130):
        raise SystemExit(f"dateline suggest failed ({child.returncode}):\n{err}")
    first = [rss for done_, rss in samples if done_ <= max(done // 10, 1)]
    early, peak = max(first) / 1e6, max(rss for _, rss in samples) / 1e6
    rate = done / seconds
    print(out.strip())
    marks = []
    for share in (0.1, 0.25, 0.5, 0.75, 1.0):
        upto = [rss for done_, rss in samples if done_ <= share * done]
        if upto:
            marks.append(f"{share:.0%}: {max(upto) / 1e6:.0f} MB")
    print("peak client memory by share done: " + ", ".join(marks))
    print(
        f"peak client memory: {peak:.0f} MB over {done:,} of {total:,} documents"
        f" ({early:.0f} MB over the first 10%); {rate:.0f} docs/s with start-up,"
        f" client CPU {cpu / seconds:.0%} of one core"
    )
    return [
        Row(
            "cluster",
            f"peak client memory, {total:,}-article project",
            "first 10% of the run",
            early,
            peak,
            "MB",
            peak / early,
            "flat: <= 1.2x",
            peak / early <= 1.2,
            f"{done:,} documents done ({rate:.0f} docs/s, start-up included), rules pipeline,"
            f" --cluster local:2; client CPU {cpu / seconds:.0%} of one core",
        )
    ]


def main() -> None:
    options = parser(__doc__.split("\n")[0], runs=1)
    options.add_argument("--articles", type=int, default=500)
    options.add_argument("--model", default=None)
    options.add_argument("--batch-size", type=int, default=16)
    options.add_argument("--skip-memory", action="store_true")
    args = options.parse_args()
    if args.quick:
        args.articles = 60
    print(f"{os.cpu_count()} cores, load average at start {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory(prefix="dateline-bench-cluster-") as tmp:
        work = Path(tmp)
        rows, single, kept, template, origin = throughput(args, work)
        for batch in (args.batch_size, 4 * args.batch_size):
            rows.append(save_rate(args, work, single, kept, template, origin, batch))
        if not args.skip_memory:
            rows += peak_memory(args, work)
    print(f"load average at end {os.getloadavg()[0]:.2f}")
    emit(rows, args.json)


if __name__ == "__main__":
    main()
