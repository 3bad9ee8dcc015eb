"""Suggestions ▸ Suggestion quality: each model's suggestions as the analysts judged them.

A table per model version and label (kept, edited, rejected, pending, precision, missed) from
`annotation.training.quality`, and a small chart of each model's precision day by day
(pyqtgraph, imported when the dialog opens).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from annotation.store import Store
from annotation.training.quality import ModelQuality, Outcomes, suggestion_quality
from desktop.score_table import ScoreTable

COLUMNS = ("Label", "Kept", "Edited", "Rejected", "Pending", "Precision", "Missed")
#: one colour per model version in the chart
PALETTE = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#b07aa1")


class QualityDialog(QDialog):
    """Per model and label, and over time."""

    def __init__(self, parent: QWidget, store: Store) -> None:
        super().__init__(parent)
        self.setObjectName("quality_dialog")
        self.setWindowTitle("Suggestion quality")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.models = suggestion_quality(store)
        self.model_choice = QComboBox()
        for found in self.models:
            self.model_choice.addItem(found.title, found.origin)
        self.table = ScoreTable("quality", COLUMNS)
        note = QLabel(
            "Precision: suggestions kept as they were ÷ those decided. Missed: spans analysts"
            " added after the model suggested, or corrected."
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        if not self.models:
            layout.addWidget(QLabel("No model has made suggestions in this project yet."))
        layout.addWidget(self.model_choice)
        layout.addWidget(self.table, 1)
        layout.addWidget(note)
        self.chart = self._chart()
        if self.chart is not None:
            layout.addWidget(self.chart, 1)
        self.model_choice.currentIndexChanged.connect(self._show)
        self.resize(640, 620)
        self._show()

    def _show(self) -> None:
        index = self.model_choice.currentIndex()
        found = self.models[index] if 0 <= index < len(self.models) else None
        rows: list[tuple[str, Outcomes]] = []
        if found is not None:
            rows = [*sorted(found.labels.items()), ("All labels", found.overall)]
        self.table.set_rows([_cells(label, outcomes) for label, outcomes in rows])

    def _chart(self) -> Any:
        """Precision by day, one line per model version (None without decisions)."""
        days = sorted({day for found in self.models for day in found.days})
        if not days:
            return None
        import pyqtgraph

        plot = pyqtgraph.PlotWidget(background="w")
        plot.setObjectName("quality_chart")
        plot.setMinimumHeight(180)
        plot.setYRange(0, 1)
        plot.setLabel("left", "precision")
        plot.showGrid(y=True, alpha=0.3)
        plot.addLegend(offset=(-10, 10))
        plot.getAxis("bottom").setTicks([[(i, day[5:]) for i, day in enumerate(days)]])
        self.lines: dict[str, list[tuple[int, float]]] = {}
        for number, found in enumerate(self.models):
            points = _points(found, days)
            if not points:
                continue
            self.lines[found.origin] = points
            colour = PALETTE[number % len(PALETTE)]
            plot.plot(
                [x for x, _ in points],
                [y for _, y in points],
                pen=pyqtgraph.mkPen(colour, width=2),
                symbol="o",
                symbolBrush=colour,
                symbolSize=6,
                name=found.title,
            )
        return plot


def _cells(label: str, outcomes: Outcomes) -> tuple[str, ...]:
    """A label's row: what became of its suggestions, and the precision."""
    precision = outcomes.precision
    return (
        label,
        str(outcomes.kept),
        str(outcomes.edited),
        str(outcomes.rejected),
        str(outcomes.pending),
        f"{precision:.0%}" if precision is not None else "–",
        str(outcomes.missed),
    )


def _points(found: ModelQuality, days: list[str]) -> list[tuple[int, float]]:
    """(day index, precision) for the days the model's suggestions were decided."""
    points = []
    for index, day in enumerate(days):
        outcomes = found.days.get(day)
        if outcomes is not None and outcomes.precision is not None:
            points.append((index, outcomes.precision))
    return points
