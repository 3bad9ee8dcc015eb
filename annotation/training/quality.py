"""How good each model's suggestions were, by label and by day, from the analysts' decisions.

Held-out scores say how a model did on documents set aside when it was trained; this says how
it does at work. Per model version (the span origin) and label: suggestions kept as they were,
edited (relabelled or resized: the model's label counts), rejected and still pending;
precision is kept ÷ decided. Misses are the spans analysts added in documents after the model
had suggested there, plus the corrected versions of edited suggestions: what the analysts ended
with that the model did not suggest. By day, for the window's chart.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from annotation.model import SpanStatus

if TYPE_CHECKING:
    from annotation.store import Store


class Decisions:
    """Suggestions kept as they came, edited and rejected, and the precision they give (here and
    in the statistics view, `annotation.corpus.progress`)."""

    kept: int
    edited: int
    rejected: int

    @property
    def decided(self) -> int:
        return self.kept + self.edited + self.rejected

    @property
    def precision(self) -> float | None:
        """Kept ÷ decided (an edited one was not right as it came); None before any decision."""
        return self.kept / self.decided if self.decided else None


@dataclass
class Outcomes(Decisions):
    """The decisions on one model's suggestions (of one label, or one day)."""

    kept: int = 0
    edited: int = 0
    rejected: int = 0
    pending: int = 0
    #: spans analysts added after the model suggested in the document
    added: int = 0

    @property
    def missed(self) -> int:
        """What the analysts ended with that the model did not suggest as such."""
        return self.added + self.edited

    def count(self, status: str, edited: bool, spans: int) -> None:
        if status == SpanStatus.ACCEPTED.value:
            if edited:
                self.edited += spans
            else:
                self.kept += spans
        elif status == SpanStatus.REJECTED.value:
            self.rejected += spans
        else:
            self.pending += spans


@dataclass
class ModelQuality:
    """One model version's suggestions: overall, per label and per day."""

    origin: str
    overall: Outcomes = field(default_factory=Outcomes)
    labels: dict[str, Outcomes] = field(default_factory=lambda: defaultdict(Outcomes))
    days: dict[str, Outcomes] = field(default_factory=lambda: defaultdict(Outcomes))

    @property
    def title(self) -> str:
        """`en_dateline_re3d 3` from `model:en_dateline_re3d@3`."""
        return self.origin.removeprefix("model:").replace("@", " ")


def suggestion_quality(store: Store) -> list[ModelQuality]:
    """Every model that suggested in the project, in origin order."""
    models: dict[str, ModelQuality] = {}

    def model(origin: str) -> ModelQuality:
        return models.setdefault(origin, ModelQuality(origin))

    for origin, label, status, edited, day, spans in store.suggestion_outcomes():
        found = model(origin)
        for outcomes in (found.overall, found.labels[label]):
            outcomes.count(status, edited, spans)
        if status != SpanStatus.SUGGESTED.value:
            found.days[day].count(status, edited, spans)
    for origin, label, day, spans in store.analyst_additions():
        if origin.startswith("model:"):
            found = model(origin)
            for outcomes in (found.overall, found.labels[label], found.days[day]):
                outcomes.added += spans
    return [models[origin] for origin in sorted(models)]


def quality_lines(models: list[ModelQuality]) -> list[str]:
    """The section `dateline stats` prints."""
    if not models:
        return []
    lines = [
        "Suggestions by model and label, from the analysts' decisions:",
        "  kept as suggested / edited / rejected / pending; precision = kept ÷ decided;",
        "  missed = spans analysts added after the model suggested, or corrected",
    ]
    for found in models:
        lines.append(f"  {found.title}: {_row(found.overall)}")
        for label, outcomes in sorted(found.labels.items()):
            lines.append(f"    {label:<18}{_row(outcomes)}")
    return lines


def _row(outcomes: Outcomes) -> str:
    precision = outcomes.precision
    shown = f"{precision:.1%}" if precision is not None else "-"
    return (
        f"{outcomes.kept} / {outcomes.edited} / {outcomes.rejected} / {outcomes.pending}"
        f"  precision {shown}  missed {outcomes.missed}"
    )
