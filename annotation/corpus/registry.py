"""The entity registry at work: which entity a span's text names, every mention of an entity,
the spans that read its name but are not linked yet, and the registry written out as JSONL.

Names and aliases are compared by `name_key` (case and spacing aside): 'Narendra Modi',
'PM Modi' and 'narendra  modi' are told apart only by their words.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from annotation.corpus.search import CONTEXT, Hit, SearchFilter, iter_hits
from annotation.model import Entity, SpanStatus, name_key
from annotation.store import Store
from annotation.store.fts_query import match_expression


@dataclass(frozen=True)
class RegistryIndex:
    """The registry's names and aliases by key, for matching many spans at once."""

    entities: dict[int, Entity]
    by_key: dict[str, tuple[int, ...]]

    @classmethod
    def of(cls, store: Store) -> RegistryIndex:
        entities = {entity.id: entity for entity in store.entities()}
        by_key: dict[str, list[int]] = {}
        for entity in entities.values():
            for name in (entity.name, *entity.aliases):
                found = by_key.setdefault(name_key(name), [])
                if entity.id not in found:
                    found.append(entity.id)
        return cls(entities, {key: tuple(ids) for key, ids in by_key.items()})

    def matches(self, text: str, label: str | None = None) -> list[Entity]:
        """Entities named `text` (by name or alias); of `label` only, when given."""
        found = [self.entities[i] for i in self.by_key.get(name_key(text), ())]
        return [e for e in found if label is None or e.label == label]


def suggested_entities(store: Store, span_id: int) -> list[Entity]:
    """The entities a span could link to: those of its label named by its text (by name, then
    alias), none for a span already linked."""
    span = store.span(span_id)
    if span.entity_id is not None:
        return []
    text = store.document_text(span.document_id, span.start, span.end)
    found = RegistryIndex.of(store).matches(text, span.label)
    return sorted(found, key=lambda e: (name_key(e.name) != name_key(text), e.name))


def mention_hits(store: Store, entity_id: int) -> list[Hit]:
    """Every span linked to the entity, with its context, by document and position."""
    return span_hits(store, store.mentions(entity_id), entity_id)


def span_hits(
    store: Store,
    rows: Sequence[tuple[int, int, int, int, str, str]],
    entity_id: int | None = None,
    width: int = CONTEXT,
) -> list[Hit]:
    """Hits for (span id, document id, start, end, label, status) rows, each with the stretch
    of text around it (not its whole document)."""
    places = [(doc, max(s - width - 20, 0), e + width + 20) for _i, doc, s, e, *_ in rows]
    around = store.texts_around(places)
    hits = []
    for place, (span_id, doc, start, end, label, status) in zip(places, rows, strict=True):
        title, text = around.get(place, ("", ""))
        state = SpanStatus(status)
        hits.append(Hit(doc, title, start, end, text, place[1], label, state, span_id, entity_id))
    return hits


def unlinked_mentions(store: Store, entity: Entity) -> list[Hit]:
    """Spans of the entity's label, linked to no entity, whose text is its name or an alias
    (rejected spans aside): the links the registry suggests."""
    names = [entity.name, *entity.aliases]
    keys = {name_key(name) for name in names}
    query = " OR ".join(f'"{" ".join(name.split())}"' for name in names)
    if match_expression(query) is None:
        return []
    wanted = SearchFilter(
        labels=frozenset({entity.label}),
        span_statuses=frozenset({SpanStatus.SUGGESTED, SpanStatus.ACCEPTED}),
    )
    return [
        hit
        for hit in iter_hits(store, query, wanted)
        if hit.entity_id is None and name_key(hit.text) in keys
    ]


def registry_records(store: Store) -> Iterable[dict[str, Any]]:
    """The registry as JSON records: id (the `entity_id` / `kb_id` of exported spans), name,
    label, aliases, Wikidata id, note and how many spans mention it."""
    counts = store.mention_counts()
    for entity in store.entities():
        yield {
            "id": entity.id,
            "name": entity.name,
            "label": entity.label,
            "aliases": list(entity.aliases),
            "wikidata": entity.wikidata,
            "note": entity.note,
            "mentions": counts.get(entity.id, 0),
        }


def write_registry(store: Store, output: str | Path, protect: Sequence[Path] = ()) -> int:
    """Write the registry as JSONL, one entity a line, atomically; how many were written."""
    from annotation.formats.files import atomic_output, check_output

    check_output(output, protect)
    written = 0
    with atomic_output(output) as temporary, temporary.open("wb") as handle:
        for record in registry_records(store):
            handle.write(orjson.dumps(record) + b"\n")
            written += 1
    return written
