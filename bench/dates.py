"""Time `annotation.dates.normalize` per call on typical news expressions; prints µs per call.

Run: .venv/bin/python bench/dates.py [--rounds N]
Calls pass a tense (as the suggester does) or no sentence; spaCy is never loaded. The
dateparser fallback is timed apart: it is rare and cached.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import Row, emit

from annotation.dates import normalize
from annotation.dates.tense import Tense

CASES = Path(__file__).resolve().parents[1] / "tests/annotation/dates/data/date_cases_dev.jsonl"
EXTRA = [
    "Sat, Dec 06, 2025, 12:46 PM",
    "around 3 am on Friday",
    "the fourth quarter of last year",
    "June 18-20",
    "from November to February",
    "June 18 that PM Modi",
    "the past two years",
    "FY2025-26",
    "every July",
    "the 10th anniversary",
]
FALLBACK = ["le 6 décembre 2025", "6. Dezember 2025"]


def _per_call(items: list[tuple[str, date, Tense | None]], rounds: int) -> float:
    for text, dct, tense in items:  # warm caches and lazy imports
        normalize(text, dct, tense=tense)
    start = time.perf_counter()
    for _ in range(rounds):
        for text, dct, tense in items:
            normalize(text, dct, tense=tense)
    return (time.perf_counter() - start) / (rounds * len(items)) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--json", type=Path, default=None, help="also write the result rows here")
    parser.add_argument("--quick", action="store_true", help="20 rounds (run_all uses it)")
    args = parser.parse_args()
    if args.quick:
        args.rounds = 20
    cases = [json.loads(line) for line in CASES.read_text().splitlines() if line]
    texts = [(c["text"], date.fromisoformat(c["dct"])) for c in cases]
    texts += [(t, date(2025, 12, 6)) for t in EXTRA]
    with_tense = [(t, d, Tense.PAST) for t, d in texts]
    without = [(t, d, None) for t, d in texts]
    fallback = [(t, date(2025, 12, 6), None) for t in FALLBACK]
    print(f"expressions: {len(texts)}, rounds: {args.rounds}")
    given = _per_call(with_tense, args.rounds)
    bare = _per_call(without, args.rounds)
    cached = _per_call(fallback, args.rounds)
    print(f"tense given:           {given:8.1f} µs/call")
    print(f"no sentence, no tense: {bare:8.1f} µs/call")
    print(f"dateparser fallback:   {cached:8.1f} µs/call (cached)")
    rows = [
        Row(
            "dates",
            f"normalize, {what}",
            "budget",
            1000.0,
            figure,
            "µs",
            None,
            "< 1 ms",
            figure < 1000,
        )
        for what, figure in (("tense given", given), ("no tense", bare), ("dateparser", cached))
    ]
    emit(rows, args.json)


if __name__ == "__main__":
    main()
