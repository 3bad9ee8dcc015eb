"""Suggestions ▸ Train model: train in the background, see the scores, switch to the new model.

Non-modal: the analyst goes on annotating while the model trains (its progress is also in the
status bar). When a training ends, the per-label table shows the new model's scores on the
held-out documents next to the model in use on the same documents, and "Use this model" is
offered (the default button when the new model is better).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from annotation.training.registry import SavedModel
from annotation.training.scoring import ALL, LabelScore
from annotation.training.trainer import TrainOptions
from desktop.score_table import ScoreTable

if TYPE_CHECKING:
    from pathlib import Path

    from desktop.workers import Task


class TrainingHost(Protocol):
    """What the dialog needs (`desktop.learning.Learning`, which imports this module)."""

    model_trained: Any  # Signal(SavedModel)
    task: Task | None
    last: SavedModel | None

    @property
    def project(self) -> Path | None: ...

    @property
    def retrain_every(self) -> int: ...

    def set_retrain_every(self, documents: int) -> None: ...

    def train(self, options: TrainOptions | None = None) -> Task | None: ...

    def cancel(self) -> None: ...

    def models(self) -> list[SavedModel]: ...

    def current_model(self) -> SavedModel | None: ...

    def switch_to(self, model: SavedModel) -> None: ...


COLUMNS = ("Label", "Precision", "Recall", "F1", "Spans", "F1 in use")


class TrainingDialog(QDialog):
    """Train a model of the open project and decide whether to use it."""

    def __init__(self, parent: QWidget, learning: TrainingHost) -> None:
        super().__init__(parent)
        self.setObjectName("training_dialog")
        self.setWindowTitle("Train a model")
        self.learning = learning
        self.shown: SavedModel | None = None

        self.base = QComboBox()
        self.base.addItem("Fine-tune the pipeline in use", "current")
        self.base.addItem("A new entity recogniser", "blank")
        self.held_out = QDoubleSpinBox()
        self.held_out.setRange(0.05, 0.5)
        self.held_out.setSingleStep(0.05)
        self.held_out.setValue(0.2)
        self.held_out.setToolTip("Share of the done articles set aside to score the model")
        self.steps = QSpinBox()
        self.steps.setRange(10, 20_000)
        self.steps.setSingleStep(100)
        self.steps.setValue(600)
        self.every = QSpinBox()
        self.every.setObjectName("retrain_every")
        self.every.setRange(0, 10_000)
        self.every.setSpecialValueText("never")
        self.every.setSuffix(" done articles")
        self.every.setToolTip("Train again in the background every this many newly done articles")
        form = QFormLayout()
        form.addRow("Start from", self.base)
        form.addRow("Held out", self.held_out)
        form.addRow("Training steps", self.steps)
        form.addRow("Retrain every", self.every)

        self.stage = QLabel("Trains on the done articles; you can go on annotating meanwhile.")
        self.stage.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.verdict = QLabel()
        self.verdict.setObjectName("verdict")
        self.verdict.setWordWrap(True)
        self.table = ScoreTable("scores", COLUMNS)

        self.train_button = QPushButton("&Train")
        self.cancel_button = QPushButton("&Cancel training")
        self.use_button = QPushButton("&Use this model")
        buttons = QDialogButtonBox()
        buttons.addButton(self.train_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.use_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.hide)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.stage)
        layout.addWidget(self.progress)
        layout.addWidget(self.verdict)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(620, 520)

        self.train_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(learning.cancel)
        self.use_button.clicked.connect(self._on_use)
        self.every.valueChanged.connect(learning.set_retrain_every)
        learning.model_trained.connect(self.show_model)

    def refresh(self) -> None:
        """Follow the project: the automatic retraining setting, a training under way, the
        last model trained."""
        self.every.blockSignals(True)
        self.every.setValue(self.learning.retrain_every)
        self.every.blockSignals(False)
        task = self.learning.task
        if task is not None:
            self._follow(task)
        self._set_running(task is not None)
        shown = self.learning.last or (self.learning.models() or [None])[-1]
        if shown is not None:
            self.show_model(shown)

    def start(self) -> None:
        project = self.learning.project
        if project is None:
            return
        options = TrainOptions(
            project,
            base=str(self.base.currentData()),
            share=round(1 - self.held_out.value(), 3),
            max_steps=self.steps.value(),
        )
        task = self.learning.train(options)
        if task is None:
            self.stage.setText("A training is already running.")
            return
        self._follow(task)
        self._set_running(True)

    def _follow(self, task: object) -> None:
        signals = task.signals  # type: ignore[attr-defined]
        signals.progressed.connect(self._on_progress, Qt.ConnectionType.UniqueConnection)
        signals.failed.connect(self._on_failed, Qt.ConnectionType.UniqueConnection)
        signals.ended.connect(lambda: self._set_running(False))

    def _on_progress(self, done: int, total: int, stage: str) -> None:
        self.stage.setText(f"{stage}…" + (f" step {done} of {total}" if total else ""))
        self.progress.setRange(0, max(total, 0))
        self.progress.setValue(done)

    def _on_failed(self, message: str) -> None:
        self.stage.setText(message)

    def _set_running(self, running: bool) -> None:
        self.train_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        if not running:
            self.progress.setRange(0, 1)
            self.progress.setValue(0)

    def show_model(self, model: SavedModel) -> None:
        """The model's per-label table, against the model in use, and the offer to switch."""
        self.shown = model
        compared = model.compared or model.scores
        baseline = model.baseline
        rows = []
        for score in [*compared.labels, compared.overall]:
            other = None
            if baseline is not None:
                other = baseline.overall if score.label == ALL else baseline.label(score.label)
            rows.append(_cells(score, other))
        self.table.set_rows(rows)
        in_use = self.learning.current_model()
        using = in_use is not None and in_use.path == model.path
        beats = model.beats_baseline
        if using:
            text = f"{model.title} is the model in use."
        elif beats is None:
            text = (
                f"{model.title}: F1 {model.scores.overall.f1:.2f} on"
                f" {model.scores.documents} held-out articles (the model in use had learnt from"
                " all of them: no comparison)."
            )
        else:
            text = (
                f"{model.title}: F1 {compared.overall.f1:.2f} against"
                f" {model.baseline.overall.f1:.2f} for {model.baseline_name} on the same"  # type: ignore[union-attr]
                f" {compared.documents} held-out articles:"
                f" {'better — use it?' if beats else 'not better.'}"
            )
        self.verdict.setText(text)
        self.use_button.setEnabled(not using)
        self.use_button.setDefault(bool(beats) and not using)

    def _on_use(self) -> None:
        if self.shown is not None:
            self.learning.switch_to(self.shown)
            self.use_button.setEnabled(False)
            self.verdict.setText(f"Switching to {self.shown.title}…")


def _cells(score: LabelScore, in_use: LabelScore | None) -> tuple[str, ...]:
    """A label's scores, and its F1 for the model in use (on the same documents)."""
    return (
        score.label,
        f"{score.precision:.2f}",
        f"{score.recall:.2f}",
        f"{score.f1:.2f}",
        str(score.support),
        f"{in_use.f1:.2f}" if in_use is not None else "–",
    )
