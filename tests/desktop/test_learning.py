"""Suggestions ▸ Train model, switching, retraining, quality and the next-article order."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from annotation.session import Session
from annotation.suggest import save_suggestions
from annotation.suggest.remote import load_named
from annotation.training import models_folder
from desktop.document_list_model import EXPECTED
from desktop.main_window import MainWindow
from tests.annotation.conftest import add_document
from tests.annotation.training.projects import make_arms_project, ruler

WAITING = "Colonel Ahmed saw AK-47 rifles."


@pytest.fixture
def window(make_window: Callable[..., MainWindow], tmp_path: Path, qtbot: Any) -> MainWindow:
    """This module's window: the arms project (eight done articles) plus one new article with a
    stock suggestion, its pipeline loaded."""
    project = make_arms_project(tmp_path)
    session = Session.open(project)
    try:
        waiting = add_document(session.store, WAITING)
        stock = ruler("stock_test", [{"label": "PERSON", "pattern": "Colonel"}])
        save_suggestions(session, stock.suggest([session.store.document(waiting)]), stock.origin)
    finally:
        session.close()
    window = make_window(project, loader=load_named, load_pipeline=True)
    qtbot.waitUntil(lambda: window.pipeline.ready, timeout=30_000)
    return window


def test_a_model_trained_in_the_window_is_offered_and_switching_replaces_untouched_suggestions(
    window: MainWindow, qtbot: Any
) -> None:
    learning = window.learning
    dialog = learning.show_dialog()
    dialog.steps.setValue(40)
    dialog.held_out.setValue(0.25)
    with qtbot.waitSignal(learning.model_trained, timeout=120_000):
        dialog.train_button.click()
        assert not dialog.train_button.isEnabled() and dialog.cancel_button.isEnabled()
    labels = [dialog.table.item(row, 0).text() for row in range(dialog.table.rowCount())]
    assert "ALL" in labels and {"Person", "Weapon"} & set(labels)
    assert "better" in dialog.verdict.text() and dialog.use_button.isEnabled()
    model = dialog.shown
    assert model is not None and model.origin == "model:en_dateline_arms@1"

    with qtbot.waitSignal(learning.switched, timeout=60_000):
        dialog.use_button.click()
    session = window.session
    assert session is not None
    assert session.setting("pipeline") == str(model.path.resolve())
    assert window.pipeline.suggester is not None
    assert window.pipeline.suggester.origin == model.origin
    waiting = next(
        i for i in session.store.document_ids() if session.store.document(i).text == WAITING
    )
    origins = {s.origin for s in session.store.spans(waiting)}
    assert origins == {model.origin}  # the stock suggestion was replaced
    assert "is the model in use" in learning.show_dialog().verdict.text()

    # what to annotate next: the model ranked the article to do when it was trained
    learning.order_action.setChecked(True)
    documents = window.documents.model
    assert documents.ranked and documents.document_id(0) == waiting
    assert documents.data(documents.index(0, EXPECTED)) != ""
    assert learning.next_document(after=1) == waiting


def test_cancelling_a_training_in_the_window_keeps_nothing(window: MainWindow, qtbot: Any) -> None:
    learning = window.learning
    dialog = learning.show_dialog()
    dialog.steps.setValue(20_000)
    dialog.train_button.click()
    task = learning.task
    assert task is not None
    qtbot.waitUntil(lambda: "Training" in dialog.stage.text(), timeout=60_000)
    with qtbot.waitSignal(task.signals.ended, timeout=30_000):
        dialog.cancel_button.click()
    assert learning.task is None and dialog.train_button.isEnabled()
    assert window.project is not None
    assert list(models_folder(window.project).iterdir()) == []


def test_retraining_starts_by_itself_every_n_newly_done_articles(
    window: MainWindow, qtbot: Any
) -> None:
    learning = window.learning
    learning.show_dialog().every.setValue(1)
    assert window.session is not None and window.session.setting("retrain_every") == "1"
    assert learning.task is None
    waiting = window.session.store.document_ids()[-1]
    window.open_document(waiting)
    window.actions_.document.mark_done.trigger()
    task = learning.task
    assert task is not None  # one more done article: a training started in the background
    with qtbot.waitSignal(task.signals.ended, timeout=30_000):
        learning.cancel()


def test_the_quality_dialog_shows_decisions_per_label_and_a_chart(
    make_window: Callable[..., MainWindow], project: Path, qtbot: Any
) -> None:
    window = make_window(project)  # the ruler project's window, not this module's
    controller = window.controller
    controller.next_suggestion(1)
    controller.accept()  # India, GPE
    controller.discard()  # South Korea, rejected
    dialog: Any = window.learning.show_quality()
    qtbot.addWidget(dialog)
    rows = {
        dialog.table.item(row, 0).text(): [
            dialog.table.item(row, c).text() for c in range(1, dialog.table.columnCount())
        ]
        for row in range(dialog.table.rowCount())
    }
    assert rows["GPE"][:3] == ["1", "0", "1"] and rows["GPE"][4] == "50%"
    assert dialog.chart is not None
    assert list(dialog.lines.values()) == [[(0, 0.5)]]
