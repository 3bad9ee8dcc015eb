"""The entity registry: create and link, alias matches, every mention, merge and split, each
undone exactly; exports carry the entity ids."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from annotation.cli import main
from annotation.commands import (
    AddSpan,
    CommandError,
    CreateEntity,
    EditEntity,
    LinkSpan,
    MergeEntities,
    SetDocumentStatus,
    SplitEntity,
)
from annotation.corpus.registry import (
    RegistryIndex,
    mention_hits,
    suggested_entities,
    unlinked_mentions,
)
from annotation.exporter import export
from annotation.formats.base import ExportOptions
from annotation.model import DocStatus, NewSpan
from annotation.session import Session
from tests.annotation.conftest import dump


def _span_at(session: Session, document: int, start: int) -> int:
    return next(s.id for s in session.store.spans(document) if s.start == start)


def _modi_spans(session: Session) -> tuple[int, int]:
    """The PERSON span 'Narendra Modi' (document 1) and a new one over 'PM Modi' (document 2)."""
    text = session.store.document(2).text
    at = text.index("PM Modi")
    pm = session.execute(AddSpan(2, NewSpan(at, at + 7, "PERSON"))).added_span
    assert pm is not None
    return _span_at(session, 1, 0), pm


def test_create_with_a_link_then_undo_restores_every_row(corpus: Session) -> None:
    narendra, _pm = _modi_spans(corpus)
    before = dump(corpus.store)
    change = corpus.execute(
        CreateEntity("Narendra  Modi", "PERSON", ("Modi", "modi", " "), "Q1058", link=(narendra,))
    )
    (entity,) = corpus.store.entities()
    assert (entity.name, entity.aliases, entity.wikidata) == ("Narendra Modi", ("Modi",), "Q1058")
    assert corpus.store.span(narendra).entity_id == entity.id
    assert change.entities == {entity.id} and narendra in change.spans
    assert corpus.undo_text == "Undo New entity PERSON 'Narendra Modi'"
    corpus.undo()
    assert dump(corpus.store) == before
    corpus.redo()
    assert corpus.store.span(narendra).entity_id == entity.id


def test_link_refuses_another_label_and_a_bad_wikidata_id(corpus: Session) -> None:
    gpe = _span_at(corpus, 1, 35)
    corpus.execute(CreateEntity("Narendra Modi", "PERSON"))
    (entity,) = corpus.store.entities()
    with pytest.raises(CommandError, match="is GPE; 'Narendra Modi' is PERSON"):
        corpus.execute(LinkSpan(gpe, entity.id))
    with pytest.raises(CommandError, match="not a Wikidata item id"):
        corpus.execute(EditEntity(entity.id, {"wikidata": "modi"}))
    with pytest.raises(CommandError, match="not in the schema"):
        corpus.execute(CreateEntity("X", "NOPE"))


def test_alias_match_suggests_the_entity_and_finds_unlinked_mentions(corpus: Session) -> None:
    narendra, pm = _modi_spans(corpus)
    corpus.execute(CreateEntity("Narendra Modi", "PERSON", ("PM Modi",), link=(narendra,)))
    (entity,) = corpus.store.entities()
    assert RegistryIndex.of(corpus.store).matches("pm  MODI", "PERSON") == [entity]
    assert RegistryIndex.of(corpus.store).matches("pm modi", "GPE") == []
    assert suggested_entities(corpus.store, pm) == [entity]
    assert suggested_entities(corpus.store, narendra) == []  # linked already
    (unlinked,) = unlinked_mentions(corpus.store, entity)
    assert (unlinked.span_id, unlinked.text) == (pm, "PM Modi")
    corpus.execute(LinkSpan(pm, entity.id))
    assert unlinked_mentions(corpus.store, entity) == []
    mentions = mention_hits(corpus.store, entity.id)
    assert [(h.document, h.span_id, h.text) for h in mentions] == [
        (1, narendra, "Narendra Modi"),
        (2, pm, "PM Modi"),
    ]
    context, at = mentions[1].context_line()
    assert context.startswith("India and") and context[at:].startswith("PM Modi")
    corpus.execute(LinkSpan(pm, None))
    assert corpus.undo_text == "Undo Unlink 'PM Modi'"
    assert [h.span_id for h in mention_hits(corpus.store, entity.id)] == [narendra]


def test_merge_moves_mentions_and_names_and_undo_splits_them_again(corpus: Session) -> None:
    narendra, pm = _modi_spans(corpus)
    corpus.execute(CreateEntity("Narendra Modi", "PERSON", ("Modi",), link=(narendra,)))
    corpus.execute(CreateEntity("PM Modi", "PERSON", ("Modi", "the PM"), "Q1058", link=(pm,)))
    kept, merged = (e.id for e in corpus.store.entities())
    before = dump(corpus.store)
    change = corpus.execute(MergeEntities(kept, merged))
    (entity,) = corpus.store.entities()
    assert entity.id == kept and entity.aliases == ("Modi", "PM Modi", "the PM")
    assert entity.wikidata == "Q1058"
    assert corpus.store.mention_ids(kept) == [narendra, pm]
    assert change.entities == {kept, merged}
    corpus.undo()
    assert dump(corpus.store) == before
    corpus.execute(EditEntity(kept, {"wikidata": "Q1"}))
    with pytest.raises(CommandError, match="different Wikidata ids"):
        corpus.execute(MergeEntities(kept, merged))


def test_split_moves_chosen_mentions_and_aliases_and_undo_merges_back(corpus: Session) -> None:
    narendra, pm = _modi_spans(corpus)
    corpus.execute(
        CreateEntity("Narendra Modi", "PERSON", ("Modi", "PM Modi"), link=(narendra, pm))
    )
    (source,) = corpus.store.entities()
    before = dump(corpus.store)
    corpus.execute(SplitEntity(source.id, "PM Modi", (pm,)))
    first, second = corpus.store.entities()
    assert (first.name, first.aliases, corpus.store.mention_ids(first.id)) == (
        "Narendra Modi",
        ("Modi",),
        [narendra],
    )
    assert (second.name, corpus.store.mention_ids(second.id)) == ("PM Modi", [pm])
    assert corpus.undo_text == "Undo Split 'PM Modi' from 'Narendra Modi'"
    corpus.undo()
    assert dump(corpus.store) == before
    with pytest.raises(CommandError, match="keeps its name"):
        corpus.execute(SplitEntity(source.id, "narendra modi", (pm,)))
    with pytest.raises(CommandError, match="is not a mention"):
        corpus.execute(SplitEntity(source.id, "Other", (_span_at(corpus, 1, 35),)))


def test_exports_carry_the_entity_ids_and_the_registry_is_its_own_jsonl(
    corpus: Session, tmp_path: Path
) -> None:
    narendra, _pm = _modi_spans(corpus)
    corpus.execute(CreateEntity("Narendra Modi", "PERSON", ("PM Modi",), "Q1058", link=(narendra,)))
    (entity,) = corpus.store.entities()
    corpus.execute(SetDocumentStatus(1, DocStatus.DONE))  # training formats hold done documents
    options = ExportOptions()
    export(corpus.store, corpus.schema, tmp_path / "out.jsonl", "jsonl", options)
    records = [orjson.loads(line) for line in (tmp_path / "out.jsonl").read_bytes().splitlines()]
    linked = [(s["start"], s.get("entity_id")) for r in records for s in r["spans"]]
    assert (0, entity.id) in linked and (35, None) in linked

    export(corpus.store, corpus.schema, tmp_path / "out.spacy", "spacy", options)
    import spacy
    from spacy.tokens import DocBin

    docs = list(DocBin().from_disk(tmp_path / "out.spacy").get_docs(spacy.blank("en").vocab))
    assert [(e.text, e.kb_id_) for e in docs[0].ents] == [
        ("Narendra Modi", str(entity.id)),
        ("Seoul", ""),
    ]
    assert [s.kb_id_ for s in docs[0].spans["sc"]] == [str(entity.id), ""]

    result = CliRunner().invoke(
        main, ["entities", "--export", str(tmp_path / "kb.jsonl"), "-p", str(corpus.store.path)]
    )
    assert result.exit_code == 0, result.output
    (line,) = (tmp_path / "kb.jsonl").read_bytes().splitlines()
    assert orjson.loads(line) == {
        "id": entity.id,
        "name": "Narendra Modi",
        "label": "PERSON",
        "aliases": ["PM Modi"],
        "wikidata": "Q1058",
        "note": None,
        "mentions": 1,
    }
    listed = CliRunner().invoke(main, ["entities", "-p", str(corpus.store.path)])
    assert "Narendra Modi  (also PM Modi)  Q1058  1 mention" in listed.stdout


def test_a_merged_entitys_id_is_never_given_again_so_its_undo_still_works(
    corpus: Session,
) -> None:
    """An entity merged away (deleted) leaves its id unused: a new entity made afterwards gets
    another, so undoing the new one and then the merge brings the merged entity back whole."""
    narendra, pm = _modi_spans(corpus)
    corpus.execute(CreateEntity("Narendra Modi", "PERSON", link=(narendra,)))
    corpus.execute(CreateEntity("PM Modi", "PERSON", link=(pm,)))
    kept, merged = (e.id for e in corpus.store.entities())
    before = dump(corpus.store)
    corpus.execute(MergeEntities(kept, merged))
    corpus.execute(CreateEntity("Yoon Youngbin", "PERSON"))
    (new,) = [e.id for e in corpus.store.entities() if e.name == "Yoon Youngbin"]
    assert new not in {kept, merged}
    corpus.undo()
    corpus.undo()
    assert dump(corpus.store) == before
