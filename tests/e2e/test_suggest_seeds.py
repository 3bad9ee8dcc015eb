"""Issue 3's must-show: a fresh project, `dateline import seeds/`, `dateline suggest`, dated spans.

Runs the installed `dateline` entry point in a subprocess with an isolated DATELINE_HOME and the
installed spaCy pipeline.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from annotation.model import SpanStatus
from annotation.paths import seeds_path
from annotation.session import Session

pytestmark = pytest.mark.model

SAMPLE = "ians-india-south-korea-space-2025-12-06.txt"


def dateline(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).with_name("dateline")
    fallback = [sys.executable, "-c", "from annotation.cli import main; main()"]
    command = [str(script)] if script.exists() else fallback
    env = {**os.environ, "DATELINE_HOME": str(home)}
    return subprocess.run(
        [*command, *args], capture_output=True, text=True, env=env, cwd=home, timeout=900
    )


def test_import_then_suggest_gives_every_seed_suggestions_and_dated_dates(tmp_path: Path) -> None:
    project = tmp_path / "p.db"
    imported = dateline("import", str(seeds_path()), "-p", str(project), home=tmp_path)
    assert imported.returncode == 0, imported.stderr
    seeds = len(list(seeds_path().glob("*.txt")))
    assert f"Imported {seeds} documents" in imported.stdout

    suggested = dateline("suggest", "-p", str(project), home=tmp_path)
    assert suggested.returncode == 0, suggested.stderr
    assert "Suggesting" in suggested.stderr  # the progress bar's label (no terminal here)
    assert f"in {seeds} documents with model:" in suggested.stdout

    session = Session.open(project, create=False)
    try:
        store = session.store
        documents = [store.document(i) for i in store.document_ids()]
        for document in documents:
            spans = store.spans(document.id)
            assert spans, f"no suggestions for {document.meta.get('file')}"
            assert {s.status for s in spans} == {SpanStatus.SUGGESTED}
            assert all(s.origin.startswith("model:") for s in spans)
            assert all(s.text_in(document.text) == s.text_in(document.text).strip() for s in spans)
        sample = next(d for d in documents if d.meta.get("file") == SAMPLE)
        dates = {
            s.text_in(sample.text): s.value
            for s in store.spans(sample.id)
            if s.label == "DATE" and s.start < sample.text.index("Latest News")
        }
        assert dates["Saturday"] == "2025-12-06"
        assert dates["Dec 6"] == "2025-12-06"
        assert dates["November 22"] == "2025-11-22"
        assert dates["June this year"] == "2025-06"
        june_18 = [text for text in dates if text.startswith("June 18")]
        assert len(june_18) == 1 and dates[june_18[0]] == "2025-06-18"
        # the article without a publication date gets one from its dateline, flagged
        inferred = [d for d in documents if "published_inferred" in d.meta]
        assert [d.meta["file"] for d in inferred] == [
            "harbour-wire-nairobi-mobile-money-levy-protest.txt"
        ]
        assert inferred[0].published is not None
        assert inferred[0].published.startswith("2025-03-14")
    finally:
        session.close()

    again = dateline("suggest", "-p", str(project), home=tmp_path)
    assert again.returncode == 0
    assert f"All {seeds} documents already have suggestions from model:" in again.stdout
