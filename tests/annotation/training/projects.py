"""Projects for the training tests: labels of their own, a blank pipeline, finished documents."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import spacy

from annotation.commands import AddSpan, MarkDone, Reject
from annotation.model import NewSpan
from annotation.session import Session
from annotation.suggest import Suggester, save_suggestions
from tests.annotation.conftest import add_document

SCHEMA = """
name = "arms"
[spans]
temporal_labels = []
[label_map]
PERSON = "Person"
[[labels]]
name = "Person"
key = "1"
[[labels]]
name = "Weapon"
key = "2"
"""

#: (text, [(phrase, label)]): what the analyst accepts in each document
DOCUMENTS = [
    ("Rebels fired AK-47 rifles at the convoy.", [("AK-47 rifles", "Weapon")]),
    (
        "Colonel Ahmed carried an RPG launcher.",
        [("Colonel Ahmed", "Person"), ("RPG launcher", "Weapon")],
    ),
    ("The militia seized AK-47 rifles near the border.", [("AK-47 rifles", "Weapon")]),
    ("Colonel Ahmed denied the report.", [("Colonel Ahmed", "Person")]),
    ("Fighters used an RPG launcher against the tank.", [("RPG launcher", "Weapon")]),
    (
        "Police found AK-47 rifles and an RPG launcher.",
        [("AK-47 rifles", "Weapon"), ("RPG launcher", "Weapon")],
    ),
    ("Colonel Ahmed met the envoy.", [("Colonel Ahmed", "Person")]),
    (
        "An RPG launcher was found by Colonel Ahmed.",
        [("RPG launcher", "Weapon"), ("Colonel Ahmed", "Person")],
    ),
]
#: a stock-like pipeline's suggestions (PERSON, mapped to Person) that the analyst rejects
WRONG = [
    {"label": "PERSON", "pattern": "Rebels"},
    {"label": "PERSON", "pattern": "Fighters"},
    {"label": "PERSON", "pattern": "Police"},
]


def ruler(name: str, patterns: list[dict[str, Any]]) -> Suggester:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    entity_ruler: Any = nlp.add_pipe("entity_ruler")
    entity_ruler.add_patterns(patterns)
    nlp.meta["name"] = name
    nlp.meta["version"] = "1.0.0"
    return Suggester(nlp, temporal_labels=())


def make_blank_pipeline(tmp_path: Path) -> Path:
    """A blank English pipeline saved as a folder: the project's pipeline before any model."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.meta["name"] = "blank_test"
    nlp.meta["version"] = "0.1.0"
    folder = tmp_path / "blank_pipeline"
    nlp.to_disk(folder)
    return folder


def finish(session: Session, document_id: int, accepted: list[tuple[str, str]]) -> None:
    """What an analyst does: reject the wrong suggestion, add the right spans, mark done."""
    text = session.store.document(document_id).text
    for span in session.store.spans(document_id):
        session.execute(Reject(span.id))
    for phrase, label in accepted:
        start = text.index(phrase)
        session.execute(AddSpan(document_id, NewSpan(start, start + len(phrase), label)))
    session.execute(MarkDone(document_id))


def make_arms_project(tmp_path: Path) -> Path:
    """Eight done documents with Weapon and Person spans; 'Rebels', 'Fighters' and 'Police'
    were suggested as Person and rejected. The project's pipeline is a blank one."""
    blank_pipeline = make_blank_pipeline(tmp_path)
    schema = tmp_path / "arms.toml"
    schema.write_text(SCHEMA, encoding="utf-8")
    path = tmp_path / "arms.db"
    session = Session.open(path, annotator="ana")
    try:
        session.use_schema(schema)
        session.set_setting("pipeline", str(blank_pipeline))
        stock = ruler("stock_test", WRONG)
        ids = [add_document(session.store, text) for text, _ in DOCUMENTS]
        documents = [session.store.document(i) for i in ids]
        save_suggestions(session, stock.suggest(documents), stock.origin)
        for document_id, (_text, accepted) in zip(ids, DOCUMENTS, strict=True):
            finish(session, document_id, accepted)
    finally:
        session.close()
    return path
