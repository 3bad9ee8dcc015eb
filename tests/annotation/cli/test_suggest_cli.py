"""`dateline suggest`: batch runs with a progress bar, Ctrl+C, re-runs and one-line errors."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import annotation.suggest as suggest_module
from annotation.cli import main
from annotation.session import Session
from annotation.suggest import Suggester, Suggestion
from tests.annotation.conftest import SAMPLE, add_document, ruler_nlp
from tests.annotation.test_suggest import PATTERNS


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


class Interrupting(Suggester):
    """The test pipeline, with a Ctrl+C after `after` documents."""

    after = 3

    def suggest(self, documents: Any, **options: Any) -> Iterator[tuple[int, list[Suggestion]]]:
        for number, result in enumerate(super().suggest(documents, **options)):
            if number == self.after:
                raise KeyboardInterrupt
            yield result


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "p.db"
    session = Session.open(path)
    for n in range(5):
        add_document(session.store, f"{n}. {SAMPLE}", published="2025-12-06")
    session.close()
    return path


@pytest.fixture
def rules(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str | None, str | None]]:
    """`load_suggester` gives the test pipeline; the calls it got are recorded."""
    calls: list[tuple[str | None, str | None]] = []

    def load(name: str | None = None, *, configured: str | None = None) -> Suggester:
        calls.append((name, configured))
        return Suggester(ruler_nlp(PATTERNS), temporal_labels=())

    monkeypatch.setattr(suggest_module, "load_suggester", load)
    return calls


def spans_per_document(project: Path) -> list[int]:
    session = Session.open(project)
    try:
        return [len(session.store.spans(i)) for i in session.store.document_ids()]
    finally:
        session.close()


def test_suggest_covers_every_document_once(project: Path, rules: list[Any]) -> None:
    code, stdout, stderr = run("suggest", "-p", str(project))
    assert code == 0, stderr
    assert "Suggested 30 spans in 5 documents with model:en_test_rules@1.2.3" in stdout
    assert "spaCy pipeline en_test_rules 1.2.3 loaded" in stderr
    assert spans_per_document(project) == [6] * 5
    code, stdout, _ = run("suggest", "-p", str(project))
    assert code == 0
    assert stdout.strip() == (
        "All 5 documents already have suggestions from model:en_test_rules@1.2.3"
    )
    assert spans_per_document(project) == [6] * 5


def test_the_progress_bar_shows_documents_rate_and_position(
    project: Path, rules: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    # click draws the bar only on a terminal
    monkeypatch.setattr("click._termui_impl.isatty", lambda _file: True)
    code, _, stderr = run("suggest", "-p", str(project), "--batch-size", "2")
    assert code == 0
    assert "Suggesting" in stderr and "5/5" in stderr and "2/5" in stderr
    assert "docs/s" in stderr


def test_ctrl_c_keeps_finished_batches_and_the_next_run_continues(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    interrupting = Interrupting(ruler_nlp(PATTERNS))
    monkeypatch.setattr(suggest_module, "load_suggester", lambda *a, **k: interrupting)
    code, _, stderr = run("suggest", "-p", str(project), "--batch-size", "2")
    assert code == 130
    assert "Interrupted: suggestions for 2 of 5 documents are saved" in stderr
    assert "Traceback" not in stderr
    assert spans_per_document(project) == [6, 6, 0, 0, 0]
    whole = Suggester(ruler_nlp(PATTERNS))
    monkeypatch.setattr(suggest_module, "load_suggester", lambda *a, **k: whole)
    code, stdout, _ = run("suggest", "-p", str(project), "--batch-size", "2")
    assert code == 0 and "in 3 documents" in stdout
    assert spans_per_document(project) == [6] * 5


def test_model_option_and_project_setting(project: Path, rules: list[Any]) -> None:
    run("suggest", "-p", str(project))
    code, _, _ = run("suggest", "-p", str(project), "--model", "my_pipeline", "--remember")
    assert code == 0
    run("suggest", "-p", str(project))
    assert rules == [(None, None), ("my_pipeline", None), (None, "my_pipeline")]
    code, _, stderr = run("suggest", "-p", str(project), "--remember")
    assert code == 2 and "--remember needs --model" in stderr


def test_errors_are_one_line_without_traceback(project: Path, tmp_path: Path) -> None:
    code, _, stderr = run("suggest", "-p", str(project), "--model", "xx_no_such_pipeline")
    assert code == 1 and "Traceback" not in stderr
    assert "Error: no spaCy pipeline 'xx_no_such_pipeline' is installed" in stderr
    code, _, stderr = run("suggest", "-p", str(tmp_path / "missing.db"))
    assert code == 1 and "no such project file" in stderr and "Traceback" not in stderr
    assert not (tmp_path / "missing.db").exists()


def test_help_lists_the_options() -> None:
    code, stdout, _ = run("suggest", "--help")
    assert code == 0
    for option in ("--project", "--model", "--processes", "--batch-size"):
        assert option in stdout
