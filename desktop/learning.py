"""Suggestions that learn, in the window: train, switch, retrain on its own, rank what is next.

The window's part of `annotation.training` (issue 15). Training runs in a child process
(`run_training`); a worker thread of the general pool only waits on its pipe, so the window
never holds spaCy or blocks. Switching writes the project's `pipeline` setting and reloads the
spaCy process's pipeline; once it is ready, a worker replaces other models' pending
suggestions in documents nobody has worked on (`replace_suggestions`, through the spaCy
process) and the window reads those documents again.

Hooks in the main window: `install_learning(window)` once, `set_session` when a project opens
or closes, `apply_change` for every change (counting newly done documents for the automatic
retraining) and `next_document` when Ctrl+Enter looks for the next article.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction

from annotation.model import DocStatus
from annotation.rules import TODO
from annotation.session import Change, Session
from annotation.training.ordering import load_priorities
from annotation.training.process import TrainingProgress, run_training
from annotation.training.registry import (
    SavedModel,
    list_models,
    model_for_setting,
    models_folder,
)
from annotation.training.switching import ReplaceReport, replace_suggestions, use_model
from annotation.training.trainer import TrainOptions
from desktop.workers import Task

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMenuBar

    from desktop.training_dialog import TrainingDialog


class Window(Protocol):
    """What `Learning` uses of the main window (which imports this module, not the reverse)."""

    actions_: Any
    pipeline: Any
    workers: Any
    status: Any
    settings: Any
    documents: Any

    def menuBar(self) -> QMenuBar: ...

    def start_pipeline(self) -> None: ...


log = logging.getLogger(__name__)

#: The project setting that turns automatic retraining on (documents; absent or 0: off).
AUTO_SETTING = "retrain_every"
#: The project setting that orders the documents to do by expected corrections ("1").
ORDER_SETTING = "order_by_expected"


@dataclass(frozen=True)
class Replaced:
    """What a background replacement did."""

    document_ids: tuple[int, ...]
    report: ReplaceReport
    model: str


def train_task(
    options: TrainOptions,
    *,
    progress: Callable[[int, int, str], None],
    cancelled: Callable[[], bool],
) -> SavedModel:
    """A worker task: wait on the training child, relaying its progress."""

    def relay(update: TrainingProgress) -> None:
        progress(update.done, update.total, update.stage)

    return run_training(options, progress=relay, cancelled=cancelled)


def replace_task(
    suggester: Any,
    project: Path,
    *,
    progress: Callable[[int, int, str], None],
    cancelled: Callable[[], bool],
) -> Replaced:
    """A worker task: other models' pending suggestions in untouched documents replaced."""
    session = Session.open(project, create=False)
    try:
        ids = session.store.outdated_suggestion_documents(suggester.origin)
        report = replace_suggestions(
            session,
            suggester,
            document_ids=ids,
            progress=lambda done, total: progress(done, total, "Replacing suggestions"),
            cancelled=cancelled,
        )
        return Replaced(tuple(ids[: report.documents]), report, suggester.name)
    finally:
        session.close()


class Learning(QObject):
    """Train model, switching, automatic retraining and the next-document order."""

    #: a training finished (the saved model)
    model_trained = Signal(object)
    #: a switch is complete: suggestions come from this model now
    switched = Signal(object)

    def __init__(self, window: Window) -> None:
        super().__init__(window)  # type: ignore[arg-type]  # a QMainWindow
        self.window = window
        self.session: Session | None = None
        self.task: Task | None = None
        self.last: SavedModel | None = None
        self._switching: SavedModel | None = None
        self._dialog: TrainingDialog | None = None
        self._quality: QObject | None = None
        self._done_at_training = 0
        anchor = window.actions_.suggest.suggest_article  # the Suggestions menu holds it
        menu = next(
            item.menu()
            for item in window.menuBar().actions()
            if item.menu() is not None and anchor in item.menu().actions()
        )
        menu.addSeparator()
        self.train_action = QAction("&Train model…", window)
        self.train_action.setStatusTip(
            "Train a model on the done articles, compare it with the one in use, switch to it"
        )
        self.quality_action = QAction("Suggestion &quality…", window)
        self.quality_action.setStatusTip("How often each model's suggestions were kept, by label")
        self.order_action = QAction("&Order to-do by expected corrections", window)
        self.order_action.setCheckable(True)
        self.order_action.setStatusTip(
            "Articles the model in use is least sure of first (its decisions teach it most)"
        )
        menu.addActions([self.train_action, self.quality_action, self.order_action])
        self.train_action.triggered.connect(self.show_dialog)
        self.quality_action.triggered.connect(self.show_quality)
        self.order_action.toggled.connect(self._on_order_toggled)
        window.pipeline.state_changed.connect(self._on_pipeline_state_changed)

    # -- the project ------------------------------------------------------------------------------

    def set_session(self, session: Session | None) -> None:
        self.session = session
        self.last = None
        self._done_at_training = self._done_count()
        ordered = session is not None and session.setting(ORDER_SETTING) == "1"
        self.order_action.blockSignals(True)
        self.order_action.setChecked(ordered)
        self.order_action.blockSignals(False)
        self.refresh_priorities()

    @property
    def project(self) -> Path | None:
        return self.session.store.path if self.session is not None else None

    def current_model(self) -> SavedModel | None:
        """The trained model the project uses, if it uses one."""
        if self.session is None or self.project is None:
            return None
        return model_for_setting(self.project, self.session.setting("pipeline"))

    def models(self) -> list[SavedModel]:
        return list_models(self.project) if self.project is not None else []

    def _done_count(self) -> int:
        return self.session.store.count_documents([DocStatus.DONE]) if self.session else 0

    # -- training ---------------------------------------------------------------------------------

    def train(self, options: TrainOptions | None = None) -> Task | None:
        """Start a training in the background (one at a time); None if one is running."""
        if self.task is not None or self.project is None:
            return None
        options = options or TrainOptions(self.project)
        self._done_at_training = self._done_count()
        self.task = self.window.workers.start(
            "Training a model",
            train_task,
            options,
            on_done=self._on_trained,
            on_failed=self._on_training_failed,
        )
        self.task.signals.ended.connect(self._on_training_ended)
        return self.task

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _on_trained(self, model: SavedModel) -> None:
        if (
            self.project is None
            or model.path.parent.resolve() != models_folder(self.project).resolve()
        ):
            return  # another project was opened meanwhile: the model waits in its folder
        self.last = model
        verdict = ""
        if model.baseline is not None and model.compared is not None:
            verdict = (
                f": F1 {model.compared.overall.f1:.2f} against"
                f" {model.baseline.overall.f1:.2f} for {model.baseline_name}"
            )
        self.window.status.show_notice(f"Model {model.title} trained{verdict}")
        self.model_trained.emit(model)
        if model.beats_baseline is not False:  # the offer to switch: the dialog shows it
            self.show_dialog()

    def _on_training_failed(self, message: str) -> None:
        self.window.status.show_notice(message, True)

    def _on_training_ended(self) -> None:
        self.task = None

    # -- switching --------------------------------------------------------------------------------

    def switch_to(self, model: SavedModel) -> None:
        """Make `model` the project's pipeline; reload spaCy; replace untouched suggestions."""
        if self.session is None:
            return
        use_model(self.session, model)
        self.window.settings.pipeline = None  # the project's model, not a one-off override
        self._switching = model
        self.window.start_pipeline()
        self.refresh_priorities()

    def _on_pipeline_state_changed(self, state: str, _message: str) -> None:
        model = self._switching
        suggester = self.window.pipeline.suggester
        if model is None or state not in ("ready", "failed"):
            return
        self._switching = None
        if state == "failed" or suggester is None or self.project is None:
            return
        if suggester.origin != model.origin:
            self.window.status.show_notice(
                f"{model.title} did not load ({suggester.origin} is in use)", True
            )
            return
        self.window.workers.start(
            "Replacing suggestions",
            replace_task,
            suggester,
            self.project,
            nlp=True,
            on_done=self._on_replaced,
            on_failed=lambda message: self.window.status.show_notice(message, True),
        )

    def _on_replaced(self, replaced: Replaced) -> None:
        session = self.session
        if session is not None and replaced.document_ids:
            session.announce_written(f"Suggestions of {replaced.model}", replaced.document_ids)
        report = replaced.report
        self.window.status.show_notice(
            f"Now suggesting with {replaced.model}: {report.removed} pending suggestions of"
            f" other models replaced by {report.added} in {report.documents} untouched articles"
        )
        self.switched.emit(replaced)

    # -- automatic retraining ---------------------------------------------------------------------

    @property
    def retrain_every(self) -> int:
        value = self.session.setting(AUTO_SETTING) if self.session is not None else None
        try:
            return max(int(value or 0), 0)
        except ValueError:
            return 0

    def set_retrain_every(self, documents: int) -> None:
        if self.session is not None:
            self.session.set_setting(AUTO_SETTING, str(documents) if documents > 0 else None)

    def apply_change(self, change: Change) -> None:
        """Every N newly done documents, train again in the background (when asked to)."""
        every = self.retrain_every
        if not every or self.task is not None or not (change.document_rows or change.everything):
            return
        if self._done_count() - self._done_at_training >= every:
            self.train()

    # -- what to annotate next -------------------------------------------------------------------

    def _on_order_toggled(self, ordered: bool) -> None:
        if self.session is not None:
            self.session.set_setting(ORDER_SETTING, "1" if ordered else None)
        self.refresh_priorities()

    def refresh_priorities(self) -> None:
        """Show the model in use's ranking in the document list."""
        model = self.current_model()
        priorities = {p.document_id: p.errors for p in load_priorities(model.path)} if model else {}
        self.window.documents.model.set_priorities(priorities, self.order_action.isChecked())

    def next_document(self, after: int) -> int | None:
        """With the order on: the to-do document the model expects most corrections in."""
        if not self.order_action.isChecked() or self.session is None:
            return None
        model = self.current_model()
        if model is None:
            return None
        store = self.session.store
        for priority in load_priorities(model.path):
            if (
                priority.document_id != after
                and store.document_status(priority.document_id) in TODO
            ):
                return priority.document_id
        return None

    # -- dialogs ----------------------------------------------------------------------------------

    def show_dialog(self) -> TrainingDialog:
        from desktop.training_dialog import TrainingDialog

        if self._dialog is None:
            self._dialog = TrainingDialog(self.window, self)
        self._dialog.refresh()
        self._dialog.show()
        self._dialog.raise_()
        return self._dialog

    def show_quality(self) -> QObject | None:
        from desktop.quality_dialog import QualityDialog

        if self.session is None:
            return None
        dialog = QualityDialog(self.window, self.session.store)
        dialog.show()
        self._quality = dialog
        return dialog


def install_learning(window: Window) -> Learning:
    """Add the learning actions to the window's Suggestions menu."""
    return Learning(window)
