"""The statistics view: the project's progress in plots (documents done per day and per analyst,
spans per label and state, suggestion precision per label and model, values unresolved).

The figures are gathered and drawn on a worker with its own connection to the project (the same
figure `dateline stats --plot` writes), and shown here as an image: the window never waits.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap, QResizeEvent
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.workers import Workers


def draw_plots(path: Path, width: int, height: int, **_task: Any) -> tuple[bytes, int, int, str]:
    """On a worker: the project's figures drawn as RGBA pixels, and a one-line summary."""
    from annotation.corpus.plots import render_rgba
    from annotation.corpus.progress import project_figures
    from annotation.session import Session

    session = Session.open(path, create=False)
    try:
        figures = project_figures(session.store, session.schema)
    finally:
        session.close()
    pixels, columns, rows = render_rgba(figures, width, height)
    done = sum(n for _day, n in figures.done_per_day)
    summary = (
        f"{done:,} documents done by {len(figures.done_per_analyst)} analysts;"
        f" {figures.unresolved:,} calendar values unresolved"
    )
    return pixels, columns, rows, summary


class StatsView(QDialog):
    """A window beside the workbench with the project's plots."""

    def __init__(self, parent: QWidget | None, workers: Workers) -> None:
        super().__init__(parent)
        self.setObjectName("stats_view")
        self.setWindowTitle("Statistics")
        self.workers = workers
        self.project: Path | None = None
        self.image = QLabel("Drawing…")
        self.image.setObjectName("stats_image")
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image.setMinimumSize(600, 400)
        self.summary = QLabel()
        self.summary.setObjectName("stats_summary")
        self.refresh_button = QPushButton("Refresh")
        self.refresh_button.clicked.connect(self.refresh)
        footer = QHBoxLayout()
        footer.addWidget(self.summary, 1)
        footer.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.image, 1)
        layout.addLayout(footer)
        self.resize(1300, 860)
        self._drawn_for: tuple[int, int] | None = None
        self._busy = False
        self.pixmap: QPixmap | None = None

    def show_project(self, project: Path | None) -> None:
        self.project = project
        self.show()
        self.raise_()
        self.refresh()

    def refresh(self) -> None:
        """Gather and draw again (on a worker)."""
        if self.project is None or self._busy:
            return
        self._busy = True
        size = (self.image.width(), self.image.height())
        self._drawn_for = size
        self.refresh_button.setEnabled(False)
        self.workers.start(
            "Drawing the statistics",
            draw_plots,
            self.project,
            *size,
            on_done=self._on_drawn,
            on_failed=self._on_failed,
        )

    def _on_drawn(self, result: tuple[bytes, int, int, str]) -> None:
        self._busy = False
        self.refresh_button.setEnabled(True)
        pixels, columns, rows, summary = result
        image = QImage(pixels, columns, rows, 4 * columns, QImage.Format.Format_RGBA8888).copy()
        self.pixmap = QPixmap.fromImage(image)
        self.image.setPixmap(self.pixmap)
        self.summary.setText(summary)
        if self._drawn_for != (self.image.width(), self.image.height()):
            self.refresh()  # resized while drawing

    def _on_failed(self, message: str) -> None:
        self._busy = False
        self.refresh_button.setEnabled(True)
        self.image.setText(message)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        size = (self.image.width(), self.image.height())
        if self.isVisible() and self._drawn_for is not None and self._drawn_for != size:
            self.refresh()
