"""spaCy loads in the background: the window works before it is ready and gets suggestions after."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest

from annotation.model import SpanStatus
from annotation.suggest import Suggester as LocalSuggester
from annotation.suggest.remote import RemoteSuggester
from desktop.pipeline import PipelineState, Suggester
from tests.desktop.conftest import (
    OPEN_WINDOW,
    SCRIPTS,
    SlowLoader,
    in_a_process,
    point_at,
    ruler_suggester,
    spans_in_file,
)


def test_the_window_takes_either_suggester_as_a_suggester() -> None:
    local = ruler_suggester()
    remote = RemoteSuggester(
        None,  # type: ignore[arg-type]  # the child process is not needed to check the shape
        name=local.name,
        origin=local.origin,
        version=local.version,
        notice=local.notice,
        degraded=False,
    )
    assert isinstance(local, LocalSuggester) and isinstance(local, Suggester)
    assert isinstance(remote, Suggester)
    assert not isinstance(object(), Suggester)


def test_window_is_shown_before_a_slow_pipeline_finishes_loading(
    make_window: Any, project: Path, qtbot: Any
) -> None:
    loader = SlowLoader()
    window = make_window(project, loader=loader, load_pipeline=True)
    try:
        assert window.isVisible()
        assert loader.started.wait(10)  # loading has begun, on a worker thread
        assert window.pipeline.state is PipelineState.LOADING
        assert "Loading spaCy" in window.status.pipeline.text()
        # the event loop keeps running while spaCy loads
        ticks: list[int] = []
        timer = QTimer()
        timer.timeout.connect(lambda: ticks.append(1))
        timer.start(5)
        qtbot.waitUntil(lambda: len(ticks) >= 3)
        timer.stop()
        # and the analyst can already work
        QTest.keyClick(window.view, Qt.Key.Key_Tab)
        QTest.keyClick(window.view, Qt.Key.Key_Return)
        assert (0, 5, "GPE", "accepted") in spans_in_file(project, 1)
        assert not window.pipeline.ready
    finally:
        loader.release.set()
    qtbot.waitUntil(lambda: window.pipeline.ready, timeout=20_000)
    assert "spaCy ready" in window.status.pipeline.text()


def test_an_article_without_suggestions_gets_them_when_spacy_is_ready(
    make_window: Any, project: Path, qtbot: Any
) -> None:
    window = make_window(project, load_pipeline=False)
    window.open_document(2)
    article = window.controller.article
    assert article is not None and not article.spans
    window.start_pipeline()
    qtbot.waitUntil(
        lambda: any(
            s.status is SpanStatus.SUGGESTED for s in window.controller.article.spans.values()
        ),
        timeout=20_000,
    )
    name = SCRIPTS.index("박서연")
    assert (name, name + 3, "PERSON", "suggested") in spans_in_file(project, 2)
    # the view, the inspector's list and the header all show them
    under = window.view.spans_at(point_at(window.view, name + 1))
    assert [(s.label, s.status) for s in under] == [("PERSON", SpanStatus.SUGGESTED)]
    qtbot.waitUntil(
        lambda: window.inspector.tree_model.group_titles() == ["PERSON  (1)", "GPE  (1)"]
    )
    assert window.header.counts.text() == "0 accepted · 2 to review ·"


def test_saved_suggestions_reload_only_their_documents(
    make_window: Any, project: Path, qtbot: Any, monkeypatch: Any
) -> None:
    """The worker's save is not "everything changed": the schema is not read again, the open
    article keeps its text document (no reset, no jump), the list updates its row."""
    window = make_window(project, load_pipeline=False)
    window.open_document(2)
    shown = window.view.document()
    reloads: list[int] = []
    monkeypatch.setattr(
        window.session, "reload_schema", lambda: reloads.append(1) or window.session.schema
    )
    changes: list[Any] = []
    window.session.changed.connect(changes.append)
    window.start_pipeline()
    qtbot.waitUntil(
        lambda: any(
            s.status is SpanStatus.SUGGESTED for s in window.controller.article.spans.values()
        ),
        timeout=20_000,
    )
    # the open article's suggestions come alone; the next articles' may follow in a second save
    bulk = [c for c in changes if c.kind == "bulk"]
    (change,) = [c for c in bulk if 2 in c.whole_documents]
    assert change.whole_documents == {2}
    assert not any(c.everything for c in bulk)
    assert reloads == []
    assert window.view.document() is shown
    row = window.documents.model.row_of(2)
    assert window.documents.model.summary(row).open_suggestions == 2


def test_a_failing_pipeline_is_reported_not_raised(
    make_window: Any, project: Path, qtbot: Any
) -> None:
    from annotation.suggest import SuggestError

    def broken(_name: str | None, _configured: str | None) -> Any:
        raise SuggestError("no spaCy pipeline 'xx_missing' is installed")

    window = make_window(project, loader=broken, load_pipeline=True)
    qtbot.waitUntil(lambda: window.pipeline.state is PipelineState.FAILED, timeout=20_000)
    assert "spaCy failed" in window.status.pipeline.text()
    text, error = window.status.last_notice
    assert error and "xx_missing" in text


def test_the_window_opens_without_importing_spacy(tmp_path: Path) -> None:
    """The startup path stays free of spaCy (it loads on a worker after the window is up)."""
    script = OPEN_WINDOW + (
        f"window = open_window({str(tmp_path / 'p.db')!r}, load_pipeline=False)\n"
        "assert window is not None and window.isVisible()\n"
        "print('spacy' in sys.modules, 'thinc' in sys.modules)\n"
    )
    result = in_a_process(script)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split()[-2:] == ["False", "False"], result.stderr


def test_the_real_pipeline_runs_in_a_child_process_and_never_enters_the_window(
    project: Path,
) -> None:
    """With the default loader, suggestions, tokens and date values come from the child."""
    script = OPEN_WINDOW + (
        "import time\n"
        "from PySide6.QtWidgets import QApplication\n"
        f"window = open_window({str(project)!r})\n"
        "saved = []\n"
        "window.pipeline.suggestions_saved.connect(saved.append)\n"
        "window.open_document(2)\n"
        "deadline = time.monotonic() + 90\n"
        "while time.monotonic() < deadline and not (saved and window.controller._tokens):\n"
        "    QApplication.processEvents()\n"
        "    time.sleep(0.01)\n"
        "origin = window.pipeline.suggester.origin\n"
        "spans = window.session.store.spans(2)\n"
        "print('suggested', sum(1 for s in spans if s.origin == origin))\n"
        "print('tokens', len(window.controller._tokens or ()))\n"
        "text = window.session.store.document(2).text\n"
        "window.close()\n"
        "print('spacy', 'spacy' in sys.modules, 'thinc' in sys.modules)\n"
    )
    result = in_a_process(script, timeout=180)
    lines = dict(line.split(" ", 1) for line in result.stdout.splitlines() if " " in line)
    assert result.returncode == 0, result.stderr[-2000:]
    assert int(lines["suggested"]) > 0, result.stdout
    assert int(lines["tokens"]) > 10, result.stdout
    assert lines["spacy"] == "False False", result.stdout
