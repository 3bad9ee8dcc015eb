"""Run every benchmark (their quick settings) and write bench/RESULTS.md.

Run by hand on an otherwise idle machine, never as a test:

    .venv/bin/python bench/run_all.py [--only NAME ...] [--output bench/RESULTS.md]

Each script runs in its own process with `--quick --json FILE`; its rows (limit, Dateline's
figure, ratio, target) are collected into one table. Generated inputs come from
`bench/corpus.py` and are cached under the temporary folder: the first run builds them (about
a minute and a half) and that time is not counted. A target not met is explained from
`bench/SHORTFALLS.md`: each `## name` section there is quoted under the rows of that bench
that missed their target.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import orjson

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

#: (name, script, extra arguments), in the order they run; "--full" runs without `--quick`:
#: the doccano comparison is defined on 10,000 articles (a smaller run mostly times the CLI's
#: start) and the project-open target on 100,000 documents.
BENCHES = [
    ("dates", "dates.py", []),
    ("save", "save.py", []),
    ("bulk", "bulk.py", []),
    ("export", "export.py", []),
    ("doccano", "doccano.py", ["--full"]),
    ("render", "render.py", []),
    ("paint", "first_paint.py", []),
    ("open", "project_open.py", ["--full"]),
    ("search", "search.py", ["--full"]),
    ("suggest", "suggest.py", []),
    ("team", "team.py", []),
]


def machine() -> str:
    """What the figures were measured on."""
    from PySide6 import __version__ as pyside

    load = os.getloadavg()
    cpus = os.cpu_count()
    return (
        f"{platform.node()}: {cpus} cores, Python {platform.python_version()},"
        f" PySide6 {pyside}, SQLite {__import__('sqlite3').sqlite_version},"
        f" load average at start {load[0]:.2f}"
    )


def run(name: str, script: str, extra: list[str], folder: Path) -> tuple[list[dict], float, str]:
    """One bench script: its rows, its wall time and its output (for the log)."""
    rows_file = folder / f"{name}.json"
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    quick = [] if "--full" in extra else ["--quick"]
    extra = [argument for argument in extra if argument != "--full"]
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(HERE / script), *quick, "--json", str(rows_file), *extra],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - start
    output = done.stdout + done.stderr
    if done.returncode != 0 or not rows_file.exists():
        failed = {
            "bench": name,
            "what": f"{script} failed (exit code {done.returncode})",
            "limit_name": "",
            "limit": float("nan"),
            "figure": float("nan"),
            "unit": "",
            "ratio": None,
            "target": "",
            "met": False,
            "note": output.strip().splitlines()[-1] if output.strip() else "",
        }
        return [failed], seconds, output
    return orjson.loads(rows_file.read_bytes()), seconds, output


def shortfalls() -> dict[str, str]:
    """The explanations in SHORTFALLS.md, by bench name."""
    path = HERE / "SHORTFALLS.md"
    if not path.exists():
        return {}
    found: dict[str, str] = {}
    for section in re.split(r"^## ", path.read_text(encoding="utf-8"), flags=re.MULTILINE)[1:]:
        title, _, body = section.partition("\n")
        found[title.strip()] = body.strip()
    return found


def _figure(value: float, unit: str) -> str:
    if value != value:  # NaN: the script failed
        return "—"
    digits = 0 if abs(value) >= 100 else 1 if abs(value) >= 10 else 2
    return f"{value:,.{digits}f} {unit}"


def report(rows: list[dict], seconds: dict[str, float], started: str, where: str) -> str:
    explained = shortfalls()
    met = sum(1 for row in rows if row["met"] is True)
    missed = [row for row in rows if row["met"] is False]
    lines = [
        "# Benchmark results",
        "",
        f"Written by `python bench/run_all.py` on {started} ({where}).",
        f"Total {sum(seconds.values()) / 60:.1f} min. Targets: DESIGN.md §7 and issue 8; every",
        "ratio is against the raw limit measured by the same script in the same run (median of",
        "its runs). Ratios are Dateline's time over the limit's for `<=` targets, Dateline's",
        "rate over the limit's for `>=` targets.",
        "",
        f"**{met} of {met + len(missed)} targets met.**",
        "",
        "| bench | what | raw limit | Dateline | ratio | target | |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        ratio = f"{row['ratio']:.2f}×" if row["ratio"] is not None else ""
        verdict = {True: "met", False: "**not met**", None: ""}[row["met"]]
        limit = f"{row['limit_name']}: {_figure(row['limit'], row['unit'])}"
        lines.append(
            f"| {row['bench']} | {row['what']} | {limit} | {_figure(row['figure'], row['unit'])}"
            f" | {ratio} | {row['target']} | {verdict} |"
        )
    notes = [row for row in rows if row.get("note")]
    if notes:
        lines += ["", "## Details", ""]
        lines += [f"- {row['bench']}, {row['what']}: {row['note']}" for row in notes]
    lines += ["", "## Time per script", ""]
    lines += [f"- {name}: {value:.0f} s" for name, value in seconds.items()]
    if missed:
        lines += ["", "## Targets not met, and why", ""]
        for name in dict.fromkeys(row["bench"] for row in missed):
            which = "; ".join(row["what"] for row in missed if row["bench"] == name)
            lines += [f"### {name}: {which}", ""]
            lines.append(explained.get(name, "Not explained yet (add a section to SHORTFALLS.md)."))
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


#: RESULTS.md keeps what follows this line: figures of scripts run by hand (bench/learning.py).
BY_HAND = "<!-- kept by run_all.py: figures of scripts run by hand -->"


def _kept_by_hand(path: Path) -> str:
    """The part of the results file written by hand (after `BY_HAND`), to write back."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return ""
    at = text.find(BY_HAND)
    return "\n" + text[at:] if at != -1 else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", nargs="*", default=None, help="bench names to run")
    parser.add_argument("--output", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args()
    started = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    where = machine()
    print(where, flush=True)
    print("building or finding the generated inputs…", flush=True)
    subprocess.run([sys.executable, str(HERE / "corpus.py")], cwd=ROOT, check=True)
    rows: list[dict] = []
    seconds: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="dateline-run-all-") as tmp:
        for name, script, extra in BENCHES:
            if args.only and name not in args.only:
                continue
            print(f"\n== {name} ({script})", flush=True)
            found, took, output = run(name, script, extra, Path(tmp))
            seconds[name] = took
            print(output.rstrip()[-4000:], flush=True)
            rows += found
    kept = _kept_by_hand(args.output)
    args.output.write_text(report(rows, seconds, started, where) + kept, encoding="utf-8")
    print(f"\nwrote {args.output} ({sum(seconds.values()) / 60:.1f} min)")


if __name__ == "__main__":
    main()
