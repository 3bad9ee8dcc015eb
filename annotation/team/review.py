"""One document of a team project under review: every analyst's version, where they differ,
and what the adjudicated layer holds."""

from __future__ import annotations

from dataclasses import dataclass

from annotation.commands.base import quote
from annotation.schema import Schema
from annotation.store import LayerDocument, Store, TeamLayers
from annotation.team.disagreements import (
    Disagreement,
    EventDisagreement,
    SpanDisagreement,
    disagreements,
)
from annotation.team.units import SpanKey, Units, span_order


@dataclass(frozen=True)
class Review:
    """The analysts' versions of a document. Only finished versions are compared: what an
    analyst has not marked done is work in progress, shown but not held against anyone."""

    document_id: int
    layers: tuple[LayerDocument, ...]
    versions: dict[str, Units]
    items: tuple[Disagreement, ...]

    @property
    def analysts(self) -> tuple[str, ...]:
        return tuple(self.versions)


def review(store: Store, schema: Schema, document_id: int) -> Review:
    layers = tuple(TeamLayers(store).document_layers(document_id))
    versions = {
        layer.layer: Units.of(schema, layer.spans, layer.relations, layer.events, layer.arguments)
        for layer in layers
        if layer.done
    }
    return Review(document_id, layers, versions, tuple(disagreements(versions, schema)))


def adjudicated(store: Store, schema: Schema, document_id: int) -> Units:
    """What the adjudicated layer (the project's own tables) holds for a document."""
    return Units.of(
        schema,
        store.spans(document_id),
        store.relations(document_id),
        store.events(document_id),
        store.document_arguments(document_id),
    )


def item_title(item: Disagreement, text: str) -> str:
    """What a disagreement is about: "'Airbus'", "MEET event on 'met'", "'KASA' -> 'ISRO'"."""
    if isinstance(item, SpanDisagreement):
        kind = "event trigger " if item.trigger else ""
        return f"{kind}{quote(text[item.start : item.end])}"
    if isinstance(item, EventDisagreement):
        return f"{item.key[0]} event on {quote(text[item.start : item.end])}"
    head = quote(text[item.head[0] : item.head[1]], 24)
    child = quote(text[item.child[0] : item.child[1]], 24)
    return f"relation {head} -> {child}"


def version_text(item: Disagreement, name: str, text: str) -> str:
    """What one analyst said about a disagreement, in a line ("—" for nothing)."""
    if isinstance(item, SpanDisagreement):
        keys = sorted(dict(item.versions)[name], key=span_order)
        return ", ".join(_span_text(key, text) for key in keys) or "—"
    if isinstance(item, EventDisagreement):
        event = dict(item.versions)[name]
        if event is None:
            return "no event"
        roles = sorted(event.roles, key=lambda role: (role[0], span_order(role[1])))
        parts = [f"{role} {quote(text[key[0] : key[1]], 24)}" for role, key in roles]
        parts += [f"{key}={value}" for key, value in event.attributes]
        return ", ".join(parts) or "no roles"
    return ", ".join(sorted(dict(item.versions)[name])) or "no relation"


def _span_text(key: SpanKey, text: str) -> str:
    shown = f"{key[2]} {quote(text[key[0] : key[1]], 30)}"
    return shown + (f" = {key[3]}" if key[3] else "")
