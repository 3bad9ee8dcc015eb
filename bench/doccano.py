"""The peer comparison: doccano's relation JSONL in and out through Dateline's CLI.

Run by hand, never as a test:

    .venv/bin/python bench/doccano.py [--runs 5] [--quick]

From the issue: importing and then exporting 10,000 short articles with ~135,000 entity spans and
~15,000 relations in doccano's relation shape (`bench/corpus.py: doccano_corpus`). doccano 1.8.4
(its own server and worker, on this kind of machine) takes about 3 s each way per 1,000 such
articles, so 30 s each way for 10,000; Dateline, through its CLI, should be at least 10x faster
each way (<= 3.0 s).

Each run spawns the real command, `.venv/bin/dateline import -p X.db --format doccano FILE` into
a fresh project, then `dateline export -p X.db --format doccano -o out.jsonl`, and times it from
spawn to exit (the interpreter's start and the imports included), with DATELINE_HOME in a
temporary folder. The figure is the median of the runs. The limit is doccano's figure scaled to
the corpus size (it is not measured here). A last check reads the export back: the same number of
documents, entities and relations as went in. `--quick` uses 2,000 articles.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import Row, emit, median, parser
from corpus import doccano_corpus, iter_doccano

ROOT = Path(__file__).resolve().parent.parent
DATELINE = ROOT / ".venv" / "bin" / "dateline"
#: doccano 1.8.4: about 3 s each way per 1,000 short articles (from the issue)
DOCCANO_PER_1000 = 3.0


def timed(args: list[str], env: dict[str, str]) -> float:
    """Wall time of one CLI run from spawn to exit; a failure stops the benchmark."""
    start = time.perf_counter()
    done = subprocess.run(args, env=env, capture_output=True, text=True, cwd=ROOT, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({done.returncode}):\n{done.stderr}")
    return elapsed


def fresh(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def counts(path: Path) -> tuple[int, int, int]:
    documents = entities = relations = 0
    for record in iter_doccano(path):
        documents += 1
        entities += len(record.get("entities", ()))
        relations += len(record.get("relations", ()))
    return documents, entities, relations


def main() -> None:
    args = parser(__doc__.split("\n")[0]).parse_args()
    articles = 2_000 if args.quick else 10_000
    source, entities, relations = doccano_corpus(articles)
    home = Path(tempfile.mkdtemp(prefix="dateline-doccano-"))
    env = dict(os.environ, DATELINE_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"))
    project = home / "doccano.db"
    out = home / "out.jsonl"
    imports: list[float] = []
    exports: list[float] = []
    load = os.getloadavg()[0]  # absolute times: say how busy the machine was
    try:
        for _ in range(args.runs):
            fresh(project)
            imports.append(
                timed(
                    [
                        str(DATELINE),
                        "import",
                        "-p",
                        str(project),
                        "--format",
                        "doccano",
                        str(source),
                    ],
                    env,
                )
            )
            exports.append(
                timed(
                    [
                        str(DATELINE),
                        *("export", "-p", str(project), "--format", "doccano", "-o", str(out)),
                    ],
                    env,
                )
            )
        kept = counts(out)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    wanted = (articles, entities, relations)
    limit = DOCCANO_PER_1000 * articles / 1000
    runs = ", ".join(f"{i:.2f}/{e:.2f}" for i, e in zip(imports, exports, strict=True))
    rows = []
    for what, times in (("import", imports), ("export", exports)):
        figure = median(times)
        rows.append(
            Row(
                "doccano",
                f"{what} {articles:,} articles, CLI wall time",
                "doccano 1.8.4",
                limit,
                figure,
                "s",
                figure / limit,
                "<= 0.1x",
                figure / limit <= 0.1,
                f"{entities:,} entities, {relations:,} relations; load average {load:.1f} at"
                f" the start ({os.cpu_count()} cores); runs (import/export s): {runs}",
            )
        )
    rows.append(
        Row(
            "doccano",
            "export round-trips the import",
            "wanted",
            float(sum(wanted)),
            float(sum(kept)),
            "items",
            None,
            "same counts",
            kept == wanted,
            f"documents, entities, relations: {kept} (wanted {wanted})",
        )
    )
    emit(rows, args.json)


if __name__ == "__main__":
    main()
