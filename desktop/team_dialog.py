"""Review ▸ Team progress and agreement: who did what (documents done, spans decided, time
spent) and agreement per label, computed by the core in a child process (token-level kappa needs
spaCy's tokenizer, which the window's process never loads: ADR 0007)."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.workers import Progress

if TYPE_CHECKING:
    from annotation.team.agreement import Figures
    from annotation.team.summary import TeamFigures


def team_figures(
    project: Path, *, progress: Progress, cancelled: Callable[[], bool]
) -> TeamFigures:
    """A worker's task: the core's `team_figures` in a spawned child process, waited for."""
    from annotation.team.summary import team_figures as compute

    progress(0, 0, "Comparing the analysts")
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(compute, str(project)).result()


class TeamDialog(QDialog):
    """Two tables: each analyst's progress, and agreement per label."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("team_dialog")
        self.setWindowTitle("Team progress and agreement")
        self.resize(720, 560)
        self.status = QLabel("Comparing the analysts…")
        self.status.setWordWrap(True)
        self.progress = _table(["analyst", "documents", "done", "spans decided", "time spent"])
        self.progress.setObjectName("team_progress")
        self.agreement_title = QLabel()
        self.agreement_title.setWordWrap(True)
        self.agreement = _table(["label", "marked", "same", "exact F1", "overlap F1", "kappa"])
        self.agreement.setObjectName("team_agreement")
        self.links = QLabel()
        self.links.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Who did what"))
        layout.addWidget(self.progress, 1)
        layout.addWidget(self.agreement_title)
        layout.addWidget(self.agreement, 2)
        layout.addWidget(self.links)
        layout.addWidget(self.status)
        layout.addWidget(buttons)

    def show_figures(self, figures: TeamFigures) -> None:
        from annotation.team.progress import duration

        _fill(
            self.progress,
            [
                (p.name, p.documents, p.done, p.decided, duration(p.seconds))
                for p in figures.progress
            ],
        )
        result = figures.agreement
        overall = result.overall
        if overall is None and result.pairs:
            overall = result.pairs[0].figures
        if overall is None:
            self.agreement_title.setText("Agreement: no document two analysts both marked done.")
            _fill(self.agreement, [])
            self.links.setText("")
        else:
            kind = "Fleiss' kappa" if len(result.analysts) > 2 else "Cohen's kappa"
            self.agreement_title.setText(
                f"Agreement per label over {overall.documents} documents every analyst marked "
                f"done ({kind}; F1 pooled over pairs). `dateline agreement` gives each pair."
            )
            _fill(self.agreement, _label_rows(overall))
            self.links.setText(_links_line(overall))
        self.status.setText(f"Analysts: {', '.join(result.analysts)}")

    def show_failure(self, message: str) -> None:
        self.status.setText(message)


def _label_rows(figures: Figures) -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
    for figure in [*figures.labels.values(), figures.total]:
        rows.append(
            (
                figure.label,
                figure.exact.a + figure.exact.b,
                figure.exact.same,
                _num(figure.f1),
                _num(figure.overlap_f1),
                _num(figure.kappa),
            )
        )
    return rows


def _links_line(figures: Figures) -> str:
    values = figures.values
    parts = []
    if values.both:
        parts.append(f"calendar values: {values.same} of {values.both} the same")
    parts.append(f"relations F1 {_num(figures.relations.f1)}")
    parts.append(f"events F1 {_num(figures.events.f1)}")
    parts.append(f"roles F1 {_num(figures.roles.f1)}")
    return "; ".join(parts)


def _num(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def _table(headers: Sequence[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: Sequence[Sequence[object]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(str(value)))
    table.resizeColumnsToContents()
