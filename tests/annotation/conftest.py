"""Fixtures for core tests: a temp-file project and tiny hand-built articles."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from annotation.commands import AddSpan
from annotation.formats.base import text_uid
from annotation.model import NewDocument, NewSpan
from annotation.session import Session
from annotation.store import TABLES, Store, new_document_row, now

SAMPLE = (
    "Narendra Modi met Lee Jae-myung in South Africa on November 22. "
    "KASA and ISRO signed an MoU in Seoul on Saturday."
)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return tmp_path / "project.db"


@pytest.fixture
def session(project: Path) -> Iterator[Session]:
    opened = Session.open(project, annotator="tester")
    yield opened
    opened.close()


def add_document(store: Store, text: str = SAMPLE, **fields: Any) -> int:
    """Insert a document directly (as an import would) and return its id."""
    doc = NewDocument(text=text, title=fields.pop("title", text.split("\n")[0][:40]), **fields)
    with store.transaction():
        return store.insert_row("document", new_document_row(doc, text_uid(doc.text), now()))


def ruler_nlp(
    patterns: Sequence[dict[str, Any]], name: str = "test_rules", version: str = "1.2.3"
) -> Any:
    """spaCy's blank English with a sentencizer and an entity ruler, for tests where a model is
    not the point (STYLE.md rule 6)."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    ruler: Any = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(list(patterns))
    nlp.meta["name"] = name
    nlp.meta["version"] = version
    return nlp


def add_span(session: Session, document: int, start: int, end: int, label: str) -> int:
    """Add an accepted span through the command, as the window does, and return its id."""
    added = session.execute(AddSpan(document, NewSpan(start, end, label))).added_span
    assert added is not None
    return added


def dump(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the domain tables, for exact before/after comparisons."""
    result = {}
    for table in TABLES:
        cursor = store.conn.execute(f"SELECT * FROM [{table}] ORDER BY id")
        result[table] = [tuple(row) for row in cursor]
    return result


@pytest.fixture(scope="module")
def dask_client() -> Iterator[Any]:
    """A client of one local Dask cluster per test module (2 worker processes on 127.0.0.1):
    starting one takes seconds; closing it with the module keeps its workers from running
    beside the rest of the suite. Its workers preload the tests' gate component."""
    pytest.importorskip(
        "distributed", reason='Dask is not installed: pip install "dateline[cluster]" (dev has it)'
    )
    import dask

    from annotation.suggest.cluster import connected

    with (
        dask.config.set({"distributed.worker.preload": ["tests.annotation.suggest.gate"]}),
        connected("local:2") as client,
    ):
        yield client
