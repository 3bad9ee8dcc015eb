"""The whole window through the real entry point (`dateline`, in process), with a fresh home.

First run: the default project is created and seeded, spaCy loads in the background and its
suggestions appear, the analyst accepts one with the keyboard. Second run: the edit is there,
and so is its undo step.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from annotation.model import SpanStatus
from desktop.launcher import main
from desktop.main_window import MainWindow

pytestmark = [pytest.mark.slow, pytest.mark.model]

Step = Callable[[MainWindow], bool]


def drive(steps: list[Step], timeout: float = 120.0) -> list[str]:
    """Run `steps` against the window while its event loop runs; each returns True when done.

    Returns what went wrong ([] when every step passed). Windows are closed at the end either
    way, so `dateline` returns.
    """
    problems: list[str] = []
    pending: Iterator[Step] = iter(steps)
    state: dict[str, Any] = {"step": next(pending), "deadline": time.monotonic() + timeout}
    timer = QTimer()

    def tick() -> None:
        # the workbench is built into a top-level frame (desktop/frame.py)
        windows = [w for w in QApplication.allWidgets() if isinstance(w, MainWindow)]
        window = next((w for w in windows if w.isVisible()), None)
        if window is None:
            return
        try:
            if state["step"](window):
                state["step"] = next(pending)
        except StopIteration:
            timer.stop()
            window.close()
            return
        except AssertionError as exc:
            problems.append(f"{state['step'].__name__}: {exc}")
            timer.stop()
            window.close()
            return
        if time.monotonic() > state["deadline"]:
            problems.append(f"timed out in {state['step'].__name__}: {window.status.last_notice}")
            timer.stop()
            window.close()

    timer.timeout.connect(tick)
    timer.start(50)
    return problems


def test_first_run_seeds_suggests_and_keeps_an_edit(
    tmp_path: Path, monkeypatch: Any, qapp: Any
) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("DATELINE_HOME", str(home))
    project = home / "dateline.db"
    accepted: dict[str, Any] = {}

    def seeds_imported(window: MainWindow) -> bool:
        return window.documents.model.total == 9 and window.controller.article is not None

    def suggestions_appear(window: MainWindow) -> bool:
        article = window.controller.article
        assert article is not None
        return window.pipeline.ready and any(
            span.status is SpanStatus.SUGGESTED for span in article.spans.values()
        )

    def accept_one(window: MainWindow) -> bool:
        window.activateWindow()
        window.view.setFocus()
        QTest.keyClick(window.view, Qt.Key.Key_Tab)
        span = window.controller.selected
        assert span is not None, "Tab selected nothing"
        QTest.keyClick(window.view, Qt.Key.Key_Return)
        accepted.update(document=span.document_id, start=span.start, end=span.end, label=span.label)
        assert window.status.saved.text() == "✓ All changes saved"
        return True

    problems = drive([seeds_imported, suggestions_appear, accept_one])
    result = CliRunner().invoke(main, [], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert not problems, problems
    assert project.exists()

    conn = sqlite3.connect(project)
    try:
        row = conn.execute(
            "SELECT status FROM span WHERE document_id = ? AND start = ? AND end = ? AND label = ?",
            (accepted["document"], accepted["start"], accepted["end"], accepted["label"]),
        ).fetchone()
        documents = conn.execute("SELECT count(*) FROM document").fetchone()[0]
    finally:
        conn.close()
    assert documents == 9
    assert row == ("accepted",)

    def edit_survived(window: MainWindow) -> bool:
        article = window.controller.article
        if article is None:
            return False
        assert article.id == accepted["document"]  # reopened where the analyst left off
        spans = [
            s
            for s in article.spans.values()
            if (s.start, s.end) == (accepted["start"], accepted["end"])
        ]
        assert spans and spans[0].status is SpanStatus.ACCEPTED
        assert window.actions_.edit.undo.text().startswith(f"Undo Accept {accepted['label']}")
        return True

    problems = drive([edit_survived])
    second = CliRunner().invoke(main, [str(project)], catch_exceptions=False)
    assert second.exit_code == 0, second.output
    assert not problems, problems
