"""The statistics view's figures: documents done per day and per analyst, spans per label and
state, suggestion precision per label and model version, calendar values still unresolved.

Plain numbers from the store's aggregates (`store/progress.py`); suggestion precision is the
training room's count (`annotation.training.quality`); in a team project, documents done per
analyst are the team's own figures (`annotation.team.progress`: each analyst's layer).
`plots.py` draws them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from annotation.model import DocStatus, SpanStatus
from annotation.schema import Schema
from annotation.store import Store
from annotation.team.progress import team_progress
from annotation.training.quality import Decisions, suggestion_quality

#: How the figures name a document done with no analyst on record (imported done).
NO_ANALYST = "(imported)"


@dataclass(frozen=True)
class Precision(Decisions):
    """How one model version's suggestions of one label fared with the analysts."""

    model: str
    label: str
    kept: int
    edited: int
    rejected: int
    pending: int


@dataclass(frozen=True)
class ProjectFigures:
    """What the statistics view shows."""

    documents: dict[DocStatus, int] = field(default_factory=dict)
    #: (day, documents marked done that day), by day
    done_per_day: list[tuple[str, int]] = field(default_factory=list)
    #: (analyst, documents done), most first
    done_per_analyst: list[tuple[str, int]] = field(default_factory=list)
    #: label -> span status -> spans
    spans: dict[str, dict[SpanStatus, int]] = field(default_factory=dict)
    precision: list[Precision] = field(default_factory=list)
    #: (temporal label, accepted spans with a value, without one)
    values: list[tuple[str, int, int]] = field(default_factory=list)

    @property
    def unresolved(self) -> int:
        return sum(missing for _label, _resolved, missing in self.values)


def project_figures(store: Store, schema: Schema) -> ProjectFigures:
    """Gather every figure of the statistics view (a few aggregate queries)."""
    documents = {status: 0 for status in DocStatus}
    for status, count in store.status_counts().items():
        documents[DocStatus(status)] = count
    marks = store.done_marks()
    days = Counter(time[:10] for _analyst, time in marks.values() if time)
    analysts = Counter(analyst or NO_ANALYST for analyst, _time in marks.values())
    team = team_progress(store)
    if team:  # a team project: each analyst's own layer says what they finished
        analysts = Counter({layer.name: layer.done for layer in team})
    spans: dict[str, dict[SpanStatus, int]] = defaultdict(dict)
    for label, status, count in store.label_status_counts():
        spans[label][SpanStatus(status)] = count
    return ProjectFigures(
        documents=documents,
        done_per_day=sorted(days.items()),
        done_per_analyst=sorted(analysts.items(), key=lambda item: (-item[1], item[0])),
        spans=dict(sorted(spans.items(), key=lambda item: -sum(item[1].values()))),
        precision=_precision(store),
        values=_values(store, schema),
    )


def _precision(store: Store) -> list[Precision]:
    """Per model version and label, from the training room's count of the analysts' decisions
    (`annotation.training.quality`)."""
    return [
        Precision(
            model.origin.removeprefix("model:"),
            label,
            outcomes.kept,
            outcomes.edited,
            outcomes.rejected,
            outcomes.pending,
        )
        for model in suggestion_quality(store)
        for label, outcomes in sorted(model.labels.items())
    ]


def _values(store: Store, schema: Schema) -> list[tuple[str, int, int]]:
    found: dict[str, list[int]] = {label: [0, 0] for label in sorted(schema.temporal_labels)}
    for label, has_value, count in store.value_counts(schema.temporal_labels):
        found.setdefault(label, [0, 0])[0 if has_value else 1] += count
    return [(label, resolved, missing) for label, (resolved, missing) in found.items()]
