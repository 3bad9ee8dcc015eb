"""What to annotate next: the documents to do, ranked by how much the model will get wrong.

The measure is the model's own uncertainty: the entity recogniser decodes each document with a
small beam (`beam_width` 8) instead of greedily, which gives every candidate entity a
probability `p` (spaCy's `scored_ents`, the share of the beam that holds it). A candidate is a
correction the analyst will probably make with probability `min(p, 1 - p)` (a suggestion that
is wrong, or an entity the suggestions leave out), so their sum is the number of corrections
the model expects the document to need. Documents with more come first: the analyst's
decisions there teach the next model the most (bench/learning.py measures it).

Ranking needs spaCy (`expected_errors` runs where the model is loaded: the training child,
`dateline next`); the result is kept in the model's folder (`priorities.json`) for the window's
document list, which reads it without spaCy.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from annotation.formats.files import atomic_output
from annotation.model import Document
from annotation.schema import Schema

PRIORITIES = "priorities.json"
#: To-do documents ranked after a training (the first ones by id); `dateline next --limit`.
RANK_LIMIT = 2000
_BEAM_WIDTH = 8


@dataclass(frozen=True, slots=True)
class Priority:
    """A document to do and the corrections the model expects it to need."""

    document_id: int
    uid: str
    errors: float


def expected_errors(
    nlp: Any, documents: Iterable[Document], schema: Schema, batch_size: int = 16
) -> list[Priority]:
    """Expected corrections per document, most first (ties in document order)."""
    if "ner" not in nlp.pipe_names:
        return []
    ner = nlp.get_pipe("ner")
    found: list[Priority] = []
    width, density = ner.cfg.get("beam_width", 1), ner.cfg.get("beam_density", 0.0)
    ner.cfg["beam_width"], ner.cfg["beam_density"] = _BEAM_WIDTH, 0.0001
    try:
        pending = list(documents)
        texts = (document.text for document in pending)
        batch: list[tuple[Document, Any]] = []
        for document, doc in zip(
            pending, nlp.pipe(texts, batch_size=batch_size, disable=["ner"]), strict=True
        ):
            batch.append((document, doc))
            if len(batch) == batch_size:
                found += _score(ner, batch, schema)
                batch = []
        found += _score(ner, batch, schema)
    finally:
        ner.cfg["beam_width"], ner.cfg["beam_density"] = width, density
    return sorted(found, key=lambda p: -p.errors)


def _score(ner: Any, batch: Sequence[tuple[Document, Any]], schema: Schema) -> list[Priority]:
    if not batch:
        return []
    beams = ner.predict([doc for _, doc in batch])
    scored = ner.scored_ents(beams)
    found = []
    for (document, _doc), candidates in zip(batch, scored, strict=True):
        errors = sum(
            min(p, 1.0 - p)
            for (_start, _end, label), p in candidates.items()
            if schema.suggested_label(ner.vocab.strings[label] if isinstance(label, int) else label)
        )
        found.append(Priority(document.id, document.uid, round(float(errors), 3)))
    return found


def save_priorities(folder: Path, priorities: Sequence[Priority]) -> None:
    """Keep a model's ranking beside it (atomically: a reader never sees half a file)."""
    records = [{"id": p.document_id, "uid": p.uid, "errors": p.errors} for p in priorities]
    with atomic_output(folder / PRIORITIES) as temporary:
        temporary.write_bytes(orjson.dumps(records))


def load_priorities(folder: Path) -> list[Priority]:
    """A model's ranking, most expected corrections first; [] when there is none."""
    try:
        records = orjson.loads((folder / PRIORITIES).read_bytes())
        return [Priority(int(r["id"]), str(r["uid"]), float(r["errors"])) for r in records]
    except (OSError, orjson.JSONDecodeError, KeyError, TypeError, ValueError):
        return []
