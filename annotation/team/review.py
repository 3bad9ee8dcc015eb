"""One document of a team project under review: every analyst's version, where they differ,
and what the adjudicated layer holds."""

from __future__ import annotations

from dataclasses import dataclass

from annotation.schema import Schema
from annotation.store import LayerDocument, Store, TeamLayers
from annotation.team.disagreements import Disagreement, disagreements
from annotation.team.units import Units


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
