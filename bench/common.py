"""What the benchmark scripts share: medians, percentiles, result rows and how they are printed.

Every script measures a raw limit and Dateline's figure in the same run, interleaved, and
reports the ratio against the target of DESIGN §7. `--json FILE` also writes the rows, which
`run_all.py` collects into RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import orjson


@dataclass
class Row:
    """One figure against its limit, and the ratio the target is written in (DESIGN §7):
    Dateline's time over the limit's for "<=" targets, Dateline's rate over the limit's for ">="
    targets; None where the target is an absolute figure (a stall, a memory size)."""

    bench: str
    what: str
    limit_name: str
    limit: float
    figure: float
    unit: str
    ratio: float | None
    target: str
    met: bool | None
    note: str = ""


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def percentile(values: Sequence[float], share: float) -> float:
    """The value below which `share` of the sorted values fall (nearest rank)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(round(share * len(ordered) + 0.5) - 1, 0)
    return ordered[min(rank, len(ordered) - 1)]


def parser(description: str, runs: int = 5) -> argparse.ArgumentParser:
    found = argparse.ArgumentParser(description=description)
    found.add_argument("--runs", type=int, default=runs, help="runs (medians are reported)")
    found.add_argument("--json", type=Path, default=None, help="also write the rows here")
    found.add_argument("--quick", action="store_true", help="smaller inputs (run_all uses it)")
    return found


def show(rows: Sequence[Row]) -> None:
    for row in rows:
        ratio = f"{row.ratio:6.2f}x" if row.ratio is not None else "      "
        verdict = {True: "met", False: "NOT MET", None: ""}[row.met]
        print(
            f"{row.bench:>10} | {row.what:<44} | {row.limit_name}: {row.limit:10.3f} {row.unit}"
            f" | Dateline: {row.figure:10.3f} {row.unit} | {ratio} target {row.target} {verdict}"
        )
        if row.note:
            print(f"{'':>10} | {row.note}")


def emit(rows: Sequence[Row], path: Path | None) -> None:
    show(rows)
    if path is not None:
        path.write_bytes(orjson.dumps([asdict(row) for row in rows], option=orjson.OPT_INDENT_2))


def child_lines(code: str, cwd: Path, **env: str) -> Iterator[tuple[float, list[str]]]:
    """Run `code` in a fresh interpreter (offscreen Qt unless set, plus `env`); each line it
    prints as (seconds since the spawn when it was read, its words)."""
    environment = dict(
        os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"), **env
    )
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=environment,
        cwd=cwd,
    )
    assert child.stdout is not None
    try:
        for line in child.stdout:
            yield time.perf_counter() - start, line.split()
    finally:
        child.wait(timeout=600)
