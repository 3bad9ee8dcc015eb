"""Commands on the entity registry: create, edit, link a span, merge, split.

Each is one undoable edit: the registry's rows and the spans' `entity_id` are written through
the `Tx`, so undo restores both. A span links only to an entity of its own label.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from annotation.commands import steps
from annotation.commands.base import Command, CommandError, SpanCommand, Tx, document_of, quote
from annotation.model import Span, name_key
from annotation.store import Store, StoreError

#: A Wikidata item id as the analyst types it (nothing is looked up).
WIKIDATA_ID = re.compile(r"Q[1-9][0-9]*")
ENTITY_FIELDS = ("name", "label", "aliases", "wikidata", "note")


def clean_name(name: str) -> str:
    return " ".join(name.split())


def clean_aliases(name: str, aliases: Iterable[str]) -> list[str]:
    """Aliases with white space tidied, without empties, repeats or the name itself."""
    seen = {name_key(name)}
    kept: list[str] = []
    for alias in aliases:
        alias = clean_name(alias)
        if alias and name_key(alias) not in seen:
            seen.add(name_key(alias))
            kept.append(alias)
    return kept


def _check_fields(tx: Tx, fields: dict[str, Any]) -> None:
    if "name" in fields and not fields["name"]:
        raise CommandError("an entity needs a name")
    label = fields.get("label")
    if label is not None:
        steps.check_label(tx.schema, label)
        if tx.schema.is_trigger(label):
            raise CommandError(f"{label} is an event type; entities take entity labels")
    wikidata = fields.get("wikidata")
    if wikidata and not WIKIDATA_ID.fullmatch(wikidata):
        raise CommandError(f"{wikidata!r} is not a Wikidata item id (Q followed by digits)")


def _entity(tx: Tx, entity_id: int) -> dict[str, Any]:
    return tx.row("entity", entity_id, "entity")


def _entity_name(store: Store, entity_id: int) -> str:
    """What an edit's description calls an entity: its name ('entity 7' once it is gone)."""
    try:
        return store.entity(entity_id).name
    except StoreError:
        return f"entity {entity_id}"


def _link(tx: Tx, span: Span, entity: dict[str, Any] | None) -> None:
    """Point a span at an entity (None: at none), refusing one of another label."""
    if entity is not None and entity["label"] != span.label:
        raise CommandError(
            f"span {span.id} is {span.label}; {quote(entity['name'])} is {entity['label']}"
        )
    target = None if entity is None else int(entity["id"])
    if span.entity_id != target:
        tx.update("span", span.id, entity_id=target, updated=tx.time)


def _document_of(store: Store, span_ids: Sequence[int]) -> int | None:
    return document_of(store, "span", span_ids[0]) if span_ids else None


@dataclass(frozen=True)
class CreateEntity(Command):
    """Add an entity to the registry, linking the given spans to it in the same step."""

    name: str
    label: str
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None
    note: str | None = None
    link: tuple[int, ...] = ()

    def document_id(self, store: Store) -> int | None:
        return _document_of(store, self.link)

    def describe(self, store: Store) -> str:
        return f"New entity {self.label} {quote(self.name)}"

    def run(self, tx: Tx) -> None:
        name = clean_name(self.name)
        fields = {"name": name, "label": self.label, "wikidata": self.wikidata or None}
        _check_fields(tx, fields)
        entity_id = tx.insert(
            "entity",
            {
                **fields,
                "aliases": clean_aliases(name, self.aliases),
                "note": self.note,
                "created": tx.time,
                "updated": tx.time,
            },
        )
        entity = _entity(tx, entity_id)
        for span_id in self.link:
            _link(tx, tx.span(span_id), entity)


@dataclass(frozen=True)
class EditEntity(Command):
    """Change an entity's name, label, aliases, Wikidata id or note."""

    entity: int
    changes: dict[str, Any] = field(default_factory=dict)

    def document_id(self, store: Store) -> int | None:
        return None

    def describe(self, store: Store) -> str:
        try:
            name = store.entity(self.entity).name
        except StoreError:
            return f"Edit entity {self.entity}"
        return f"Edit {', '.join(sorted(self.changes))} of {quote(name)}"

    def run(self, tx: Tx) -> None:
        unknown = sorted(set(self.changes) - set(ENTITY_FIELDS))
        if unknown:
            raise CommandError(f"cannot edit {', '.join(unknown)}; editable: {ENTITY_FIELDS}")
        row = _entity(tx, self.entity)
        changes = dict(self.changes)
        if "name" in changes:
            changes["name"] = clean_name(changes["name"])
        if "wikidata" in changes:
            changes["wikidata"] = changes["wikidata"] or None
        _check_fields(tx, changes)
        name = changes.get("name", row["name"])
        changes["aliases"] = clean_aliases(name, changes.get("aliases", row["aliases"] or []))
        label = changes.get("label", row["label"])
        if label != row["label"]:
            others = tx.store.mentions(self.entity)
            if others:
                raise CommandError(
                    f"{quote(row['name'])} has {len(others)} mentions labelled {row['label']};"
                    f" it cannot become {label} (split it, or relabel and relink them)"
                )
        tx.update("entity", self.entity, **changes, updated=tx.time)


@dataclass(frozen=True)
class LinkSpan(SpanCommand):
    """Link a span to a registry entity (None: unlink it)."""

    entity: int | None
    verb: ClassVar[str] = "Link"

    def describe_span(self, store: Store, span: Span | None, text: str) -> str:
        if self.entity is None:
            return f"Unlink {quote(text)}" if span else f"Unlink span {self.span_id}"
        return f"Link {quote(text)} to {quote(_entity_name(store, self.entity))}"

    def run(self, tx: Tx) -> None:
        span = tx.span(self.span_id)
        _link(tx, span, None if self.entity is None else _entity(tx, self.entity))


@dataclass(frozen=True)
class MergeEntities(Command):
    """Fold one entity into another: its mentions move, its name and aliases become aliases."""

    keep: int
    merged: int

    def document_id(self, store: Store) -> int | None:
        return None

    def describe(self, store: Store) -> str:
        try:
            kept, merged = store.entity(self.keep), store.entity(self.merged)
        except StoreError:
            return f"Merge entity {self.merged} into {self.keep}"
        return f"Merge {quote(merged.name)} into {quote(kept.name)}"

    def run(self, tx: Tx) -> None:
        if self.keep == self.merged:
            raise CommandError("an entity cannot be merged into itself")
        kept, merged = _entity(tx, self.keep), _entity(tx, self.merged)
        if kept["label"] != merged["label"]:
            raise CommandError(
                f"{quote(merged['name'])} is {merged['label']}, {quote(kept['name'])} is"
                f" {kept['label']}: only entities of one label merge"
            )
        ids = {kept["wikidata"], merged["wikidata"]} - {None, ""}
        if len(ids) > 1:
            raise CommandError(
                f"{quote(kept['name'])} and {quote(merged['name'])} have different Wikidata ids"
                f" ({', '.join(sorted(ids))}): clear the wrong one first"
            )
        aliases = clean_aliases(
            kept["name"], [*(kept["aliases"] or []), merged["name"], *(merged["aliases"] or [])]
        )
        notes = [note for note in (kept["note"], merged["note"]) if note]
        for span_id in tx.store.mention_ids(self.merged):
            tx.update("span", span_id, entity_id=self.keep, updated=tx.time)
        tx.update(
            "entity",
            self.keep,
            aliases=aliases,
            wikidata=kept["wikidata"] or merged["wikidata"],
            note="\n".join(notes) or None,
            updated=tx.time,
        )
        tx.delete("entity", self.merged)


@dataclass(frozen=True)
class SplitEntity(Command):
    """Make a new entity of some of an entity's mentions (and aliases), which move to it."""

    entity: int
    name: str
    spans: tuple[int, ...]
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None

    def document_id(self, store: Store) -> int | None:
        return _document_of(store, self.spans)

    def describe(self, store: Store) -> str:
        return f"Split {quote(self.name)} from {quote(_entity_name(store, self.entity))}"

    def run(self, tx: Tx) -> None:
        source = _entity(tx, self.entity)
        mentions = set(tx.store.mention_ids(self.entity))
        strangers = [span_id for span_id in self.spans if span_id not in mentions]
        if strangers:
            raise CommandError(f"span {strangers[0]} is not a mention of {quote(source['name'])}")
        name = clean_name(self.name)
        moved = {name_key(alias) for alias in (name, *self.aliases)}
        if name_key(source["name"]) in moved:
            raise CommandError(
                f"{quote(source['name'])} keeps its name; give the new entity another"
            )
        CreateEntity(name, source["label"], self.aliases, self.wikidata, None, self.spans).run(tx)
        kept = [alias for alias in source["aliases"] or [] if name_key(alias) not in moved]
        if kept != (source["aliases"] or []):
            tx.update("entity", self.entity, aliases=kept, updated=tx.time)
