"""Who did what and how far analysts agree: the team section of `dateline stats`, and the
figures of the window's team dialog."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from annotation.session import Session, project_schema
from annotation.store import LayerProgress, Store, TeamLayers
from annotation.team.agreement import Agreement, agreement
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


@dataclass(frozen=True)
class TeamFigures:
    """Each analyst's progress and the agreement figures of a team project."""

    progress: tuple[LayerProgress, ...]
    agreement: Agreement


def team_figures(project: str | Path) -> TeamFigures:
    """Progress and agreement of a team project, with a connection of its own (the window runs
    it in a child process: token-level kappa needs spaCy's tokenizer, which the window's process
    never loads, ADR 0007)."""
    session = Session.open(project, create=False)
    try:
        found = agreement(session.store, session.schema)
        return TeamFigures(tuple(TeamLayers(session.store).progress()), found)
    finally:
        session.close()
