"""The team section of `dateline stats`: who did what, and agreement per label."""

from __future__ import annotations

from annotation.session import project_schema
from annotation.store import Store, TeamLayers
from annotation.team.agreement import agreement
from annotation.team.progress import progress_lines
from annotation.team.report import label_table


def team_lines(store: Store) -> list[str]:
    """Progress per analyst and the agreement table per label (nothing for a project that is
    not a team project)."""
    layers = TeamLayers(store)
    if not layers.is_team():
        return []
    lines = progress_lines(layers.progress())
    result = agreement(store, project_schema(store.setting))
    if result.overall is not None and len(result.analysts) > 2:
        lines.append(
            f"Agreement per label ({result.overall.documents} documents every analyst marked "
            "done; F1 pooled over pairs, Fleiss' kappa; `dateline agreement` for each pair):"
        )
        lines += label_table(result.overall, None)
    for pair in result.pairs if len(result.analysts) == 2 else ():
        lines.append(
            f"Agreement per label, {pair.a} and {pair.b} ({pair.figures.documents} documents "
            "both marked done; Cohen's kappa):"
        )
        lines += label_table(pair.figures, (pair.a, pair.b))
    if result.overall is None:
        lines.append(
            "Agreement: no document every analyst marked done yet (see `dateline agreement`)."
        )
    return lines
