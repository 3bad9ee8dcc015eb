"""A small corpus imported the way an analyst imports one (JSONL through the importer)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

from annotation.importer import import_paths
from annotation.session import Session

ARTICLES = [
    {
        "meta": {"title": "Modi meets Lee in Seoul"},
        "text": "Narendra Modi met Lee Jae-myung in Seoul on Saturday.\n\nModi said Seoul and"
        " New Delhi would work together.",
        "spans": [
            {"start": 0, "end": 13, "label": "PERSON"},
            {"start": 35, "end": 40, "label": "GPE"},
        ],
    },
    {
        "meta": {"title": "Space cooperation"},
        "text": "India and South Korea explore space cooperation. PM Modi spoke from Pärnu.",
        "spans": [{"start": 0, "end": 5, "label": "GPE"}],
    },
    {
        "meta": {"title": "Nothing about him"},
        "text": "Mombasa port workers went on strike over pay on Monday.",
    },
]


def write_articles(path: Path, articles: list[dict[str, object]]) -> Path:
    path.write_bytes(b"".join(orjson.dumps(article) + b"\n" for article in articles))
    return path


@pytest.fixture
def corpus(tmp_path: Path) -> Iterator[Session]:
    """Three articles imported from JSONL (their spans accepted, as the file says)."""
    session = Session.open(tmp_path / "corpus.db", annotator="ana")
    report = import_paths(session, [write_articles(tmp_path / "in.jsonl", ARTICLES)])
    assert not report.errors, report.errors
    yield session
    session.close()
