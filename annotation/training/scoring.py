"""Precision, recall and F1 per label: exact spans (start, end and label) against the analysts'.

What is scored is what an analyst would be shown: the suggestions a pipeline makes (cleaned as
`Suggester` cleans them, labels mapped by the schema's `[label_map]`) against the accepted
spans of done documents. Plain records, so the window and `dateline models` read them without
spaCy.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

#: (document key, start, end, label)
Triple = tuple[Any, int, int, str]


@dataclass(frozen=True, slots=True)
class LabelScore:
    """One label's (or all labels') counts and the figures made from them."""

    label: str
    #: spans found exactly, suggested but wrong, missed
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def support(self) -> int:
        """How many spans the analysts have with this label."""
        return self.tp + self.fn


@dataclass(frozen=True, slots=True)
class Scores:
    """A pipeline's figures on some documents: all labels together, then each label."""

    overall: LabelScore
    labels: tuple[LabelScore, ...]
    documents: int

    def label(self, name: str) -> LabelScore | None:
        return next((score for score in self.labels if score.label == name), None)

    def to_dict(self) -> dict[str, Any]:
        """spaCy's `performance` shape (ents_p, ents_r, ents_f, ents_per_type) plus the counts."""
        return {
            "ents_p": self.overall.precision,
            "ents_r": self.overall.recall,
            "ents_f": self.overall.f1,
            "ents_per_type": {
                s.label: {"p": s.precision, "r": s.recall, "f": s.f1} for s in self.labels
            },
            "dateline_counts": {s.label: [s.tp, s.fp, s.fn] for s in (self.overall, *self.labels)},
            "documents": self.documents,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Scores:
        counts = data.get("dateline_counts") or {}
        made = {label: LabelScore(label, *map(int, c)) for label, c in counts.items()}
        overall = made.pop(ALL, LabelScore(ALL, 0, 0, 0))
        return cls(overall, tuple(made.values()), int(data.get("documents", 0)))


#: The name of the all-labels row.
ALL = "ALL"


def score(gold: Iterable[Triple], predicted: Iterable[Triple], documents: int) -> Scores:
    """Exact-match counts per label, every label of either side listed (sorted)."""
    wanted = set(gold)
    found = set(predicted)
    tp = Counter(t[3] for t in wanted & found)
    fp = Counter(t[3] for t in found - wanted)
    fn = Counter(t[3] for t in wanted - found)
    names = sorted(set(tp) | set(fp) | set(fn))
    labels = tuple(LabelScore(name, tp[name], fp[name], fn[name]) for name in names)
    overall = LabelScore(ALL, sum(tp.values()), sum(fp.values()), sum(fn.values()))
    return Scores(overall, labels, documents)


def table(scores: Scores, against: Scores | None = None, against_name: str = "") -> list[str]:
    """The per-label table `dateline train` prints (and the window shows in its dialog)."""
    lines = [f"{'label':<20}{'P':>7}{'R':>7}{'F1':>7}{'spans':>7}"]
    if against is not None:
        lines[0] += f"   F1 {against_name}"
    for row in (*scores.labels, scores.overall):
        line = (
            f"{row.label:<20}{row.precision:>7.2f}{row.recall:>7.2f}{row.f1:>7.2f}{row.support:>7}"
        )
        if against is not None:
            other = against.overall if row.label == ALL else against.label(row.label)
            line += f"   {other.f1:.2f}" if other is not None else "   -"
        lines.append(line)
    return lines
