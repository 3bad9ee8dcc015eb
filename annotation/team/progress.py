"""Who did what in a team project: documents done, spans decided and time spent, per analyst.

Time spent comes from each analyst's edit log: the gap before an edit is time on that edit's
document when it is short (reading, deciding); a longer gap is a break and counts nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from annotation.store import LayerProgress, Store, TeamLayers

#: A gap between two edits longer than this is a break, not work.
IDLE_SECONDS = 300.0


def active_time(
    edits: Iterable[tuple[str, int | None, str | None]],
) -> dict[int, tuple[float, int]]:
    """Seconds worked and edits made per document, from (time, document id, analyst) in order."""
    found: dict[int, tuple[float, int]] = {}
    last: datetime | None = None
    for stamp, document_id, _analyst in edits:
        try:
            time = datetime.fromisoformat(stamp)
        except ValueError:
            continue
        gap = (time - last).total_seconds() if last is not None else None
        last = time
        if document_id is None:
            continue
        seconds, count = found.get(document_id, (0.0, 0))
        worked = gap if gap is not None and 0 <= gap <= IDLE_SECONDS else 0.0
        found[document_id] = (seconds + worked, count + 1)
    return found


def duration(seconds: float) -> str:
    """'2 h 05 min', '14 min', '40 s'."""
    whole = round(seconds)
    if whole < 60:
        return f"{whole} s"
    minutes = whole // 60
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d} min"


def team_progress(store: Store) -> list[LayerProgress]:
    """Each analyst's progress (empty for a project that is not a team project)."""
    return TeamLayers(store).progress()


def progress_lines(progress: list[LayerProgress]) -> list[str]:
    """The per-analyst table of `dateline stats`."""
    if not progress:
        return []
    width = max(8, *(len(p.name) for p in progress))
    lines = [
        "Analysts (team project):",
        f"  {'analyst':<{width}}  {'documents':>9}  {'done':>6}  {'decided':>8}  {'time':>11}",
    ]
    for p in progress:
        lines.append(
            f"  {p.name:<{width}}  {p.documents:>9}  {p.done:>6}  {p.decided:>8}"
            f"  {duration(p.seconds):>11}"
        )
    return lines
