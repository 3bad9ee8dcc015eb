"""What an export of a team project holds, document by document, so the export can say so.

The project's own annotations are the adjudicated layer: a merge fills a document's with what
every analyst who finished it agrees on, and an adjudicator's edits (ending with "done") turn it
into the adjudicated version. So an export writes the adjudicated layer where there is one, else
the annotations all analysts agree on; this counts which is which.
"""

from __future__ import annotations

from dataclasses import dataclass

from annotation.store import Store, TeamLayers


@dataclass(frozen=True)
class ExportBasis:
    """Documents by what their annotations in the project's own tables rest on."""

    #: marked done by the adjudicator
    adjudicated: int
    #: an adjudicator has started (what all agree on, plus some decisions)
    started: int
    #: what every analyst who finished the document agrees on (two or more analysts)
    agreed: int
    #: one analyst finished it: that analyst's annotations
    single: int
    #: no analyst finished it: nothing agreed
    unfinished: int

    def describe(self) -> str:
        """One paragraph for the export's report."""
        parts = [f"{self.adjudicated} adjudicated"]
        if self.started:
            parts.append(f"{self.started} partly adjudicated (the rest as agreed)")
        parts.append(f"{self.agreed} with only what every analyst agrees on (not adjudicated)")
        if self.single:
            parts.append(f"{self.single} from the one analyst who finished them")
        if self.unfinished:
            parts.append(f"{self.unfinished} that no analyst finished (no agreed annotations)")
        return "Team project: " + "; ".join(parts) + "."


def export_basis(store: Store, only_done: bool = False) -> ExportBasis | None:
    """What an export of this project rests on (None: not a team project).

    `only_done`: the export holds only documents marked done, the adjudicated ones.
    """
    layers = TeamLayers(store)
    if not layers.is_team():
        return None
    counts = layers.basis_counts()
    adjudicated = sum(n for (status, _done), n in counts.items() if status == "done")
    if only_done:
        return ExportBasis(adjudicated, 0, 0, 0, 0)
    untouched = {done: n for (status, done), n in counts.items() if status == "new"}
    started = sum(n for (status, _done), n in counts.items() if status not in ("new", "done"))
    return ExportBasis(
        adjudicated,
        started,
        sum(n for done, n in untouched.items() if done >= 2),
        untouched.get(1, 0),
        untouched.get(0, 0),
    )
