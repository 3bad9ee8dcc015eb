"""A project in numbers: progress, label counts, and how often each model was right."""

from __future__ import annotations

from annotation.model import DocStatus, SpanStatus
from annotation.store import Store
from annotation.training.quality import quality_lines, suggestion_quality


def project_stats(store: Store) -> str:
    """A plain-text summary for `dateline stats`."""
    lines = [f"Project {store.path}"]
    documents = store.status_counts()
    total = sum(documents.values())
    lines.append(f"Documents: {total}")
    for status in DocStatus:
        lines.append(f"  {status.value:<12}{documents.get(status.value, 0):>8}")
    spans = store.span_status_counts()
    lines.append(f"Spans: {sum(spans.values())}")
    for span_status in SpanStatus:
        lines.append(f"  {span_status.value:<12}{spans.get(span_status.value, 0):>8}")
    labels = store.label_counts(SpanStatus.ACCEPTED)
    if labels:
        lines.append("Accepted spans by label:")
        lines += [f"  {label:<12}{count:>8}" for label, count in labels.items()]
    lines.append(f"Relations: {store.count('relation')}   Events: {store.count('event')}")
    lines += quality_lines(suggestion_quality(store))
    from annotation.team.summary import team_lines

    lines += team_lines(store)
    return "\n".join(lines)
