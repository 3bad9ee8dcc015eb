"""Actions per entity: how many key presses and mouse gestures bring the sample articles from the
stock pipeline's suggestions to a gold annotation, in the real window.

    python bench/effort.py [--gold bench/gold/ians.jsonl] [--texts seeds/] [--pipeline NAME]
                           [--json] [--log]

The articles under `--texts` are imported into a fresh project and suggested with the stock
pipeline (as `dateline suggest` does); each gold document (Dateline JSONL of the target state)
is matched to the imported article with the same text. A scripted analyst (bench/analyst.py)
then drives the window twice, from the same starting project: once with the keyboard alone,
once with keyboard and mouse, each time doing the cheapest thing it knows next, and counts
every key press and mouse gesture until the stored article equals the gold. Printed: actions
per gold entity (accepted spans, event triggers among them) for each way; `--json` prints
`{"keyboard_and_mouse": A, "keyboard_only": B, "entities": N}` (null when the window offers no
way to reach the gold that way), `--log` every step.

Targets (issue 17, IANS sample, stock pipeline): at most 0.7 actions per entity with keyboard
and mouse, at most 1.0 with the keyboard alone. Counts, not times: the machine's load does not
change them.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

import orjson  # noqa: E402
from analyst import Analyst, Gold, Unreachable, differences  # noqa: E402


def read_gold(path: Path) -> list[Gold]:
    golds = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                golds.append(Gold.from_record(orjson.loads(line)))
            except (orjson.JSONDecodeError, KeyError, TypeError) as exc:
                raise SystemExit(f"{path}:{number}: not a Dateline JSONL record ({exc})") from exc
    return golds


def prepare(
    folder: Path, texts: Path, golds: list[Gold], pipeline: str | None
) -> tuple[Path, list[int]]:
    """A project of the articles under `texts`, suggested by the stock pipeline; the ids of the
    articles the gold documents are (matched by text)."""
    from annotation.importer import import_paths
    from annotation.session import Session
    from annotation.suggest import load_suggester, suggest_project

    path = folder / "start.db"
    session = Session.open(path, annotator="bench")
    try:
        import_paths(session, [texts])
        by_text = {session.store.document(i).text: i for i in session.store.document_ids()}
        ids = []
        for gold in golds:
            text = gold.text.replace("\r\n", "\n")
            if text not in by_text:
                raise SystemExit(
                    f"no article under {texts} has the text of gold {gold.text[:40]!r}"
                )
            ids.append(by_text[text])
        suggester = load_suggester(pipeline)
        suggest_project(session, suggester, document_ids=ids)
        print(f"suggestions by {suggester.origin} in {len(ids)} articles", file=sys.stderr)
    finally:
        session.close()
    return path, ids


def settle(ready: Any, seconds: float = 120.0) -> None:
    """Run the event loop until `ready()` (background work the window waits for), or give up."""
    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + seconds
    while not ready() and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.01)
    if not ready():
        raise SystemExit("the window's background work did not finish in time")


STRATEGIES = ("cheapest", "in order")


def measure(
    start: Path,
    ids: list[int],
    golds: list[Gold],
    keyboard_only: bool,
    pipeline: str | None,
    strategy: str,
) -> dict[str, Any]:
    """One run of the analyst on a copy of the starting project."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from annotation.suggest import load_suggester
    from desktop.app import create_window
    from desktop.settings import Settings

    folder = Path(tempfile.mkdtemp(prefix="dateline-effort-"))
    project = folder / "project.db"
    shutil.copy(start, project)
    settings = Settings(QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat))
    suggester = load_suggester(pipeline)
    window = create_window(
        project, settings=settings, loader=lambda _n, _c: suggester, load_pipeline=True
    )
    assert window is not None
    result: dict[str, Any] = {"keys": 0, "mouse": 0, "reached": True, "problems": []}
    try:
        settle(lambda: window.pipeline.ready)  # the pipeline, as an analyst would have it
        analyst = Analyst(window, keyboard_only)
        for document_id, gold in zip(ids, golds, strict=True):
            window.open_document(document_id)
            settle(lambda: getattr(window.controller, "_tokens", None) is not None)  # spaCy's
            try:
                analyst.annotate(gold, strategy)
            except Unreachable as exc:
                result["reached"] = False
                result["problems"].append(str(exc))
                continue
            problems = differences(window, document_id, gold, analyst.can_exclude)
            if problems:
                result["reached"] = False
                result["problems"].extend(problems)
        result["keys"], result["mouse"] = analyst.counts.keys, analyst.counts.mouse
        result["log"] = analyst.counts.log
        result["strategy"] = strategy
        result["excluded_markable"] = analyst.can_exclude
    finally:
        window.workers.cancel_all()
        window.workers.wait(30_000)
        window.window().close()
        QApplication.processEvents()
        shutil.rmtree(folder, ignore_errors=True)
    return result


def cost_of(run: dict[str, Any]) -> tuple[bool, int]:
    """Runs that reach the gold first, then the fewest actions."""
    return (not run["reached"], run["keys"] + run["mouse"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=HERE / "gold" / "ians.jsonl")
    parser.add_argument("--texts", type=Path, default=ROOT / "seeds")
    parser.add_argument("--pipeline", default=None, help="spaCy pipeline (default: the stock one)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--log", action="store_true", help="print every step (to stderr)")
    args = parser.parse_args()
    os.environ.setdefault("DATELINE_HOME", tempfile.mkdtemp(prefix="dateline-effort-home-"))
    golds = read_gold(args.gold)
    entities = sum(gold.entities for gold in golds)
    with tempfile.TemporaryDirectory() as folder:
        start, ids = prepare(Path(folder), args.texts, golds, args.pipeline)
        runs = {}
        for name, keyboard_only in (("keyboard_and_mouse", False), ("keyboard_only", True)):
            tried = [
                measure(start, ids, golds, keyboard_only, args.pipeline, strategy)
                for strategy in STRATEGIES
            ]
            runs[name] = min(tried, key=cost_of)
            if args.log:
                for run in tried:
                    total = run["keys"] + run["mouse"]
                    print(
                        f"{name} {run['strategy']}: {total} reached={run['reached']}",
                        file=sys.stderr,
                    )
                best = runs[name]
                print(f"-- {name.replace('_', ' ')} ({best['strategy']})", file=sys.stderr)
                for line in best["log"]:
                    print(f"   {line}", file=sys.stderr)
    figures: dict[str, Any] = {"entities": entities}
    for name, run in runs.items():
        figures[name] = run["keys"] + run["mouse"] if run["reached"] else None
    if args.json:
        print(orjson.dumps(figures).decode())
        return 0
    print(f"{len(golds)} gold documents, {entities} entities (accepted spans and event triggers)")
    for name, run in runs.items():
        what = name.replace("_", " ")
        total = run["keys"] + run["mouse"]
        if not run["reached"]:
            print(f"{what:>20}: gold not reached ({'; '.join(run['problems'])[:300]})")
            print(f"{'':>20}  {total} actions before it stopped")
            continue
        per = total / entities if entities else float("nan")
        print(
            f"{what:>20}: {per:.2f} actions per entity ({run['keys']} keys, {run['mouse']} mouse)"
        )
        if not run.get("excluded_markable", True):
            print(
                f"{'':>20}  (this window cannot mark a region as not part of the article:"
                " its suggestions were rejected one by one)"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
