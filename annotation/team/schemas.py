"""One schema for a team project from its analysts' schemas: labels that match are one label,
labels that clash stop the merge.

Two schemas clash where one name means different things (an entity label in one and an event
type in the other, a relation or event role that links other labels, a label valued as a date in
one only, overlaps allowed in one only). Entity labels only one analyst used are added to the team
project as imports add labels (`extra_labels`); relations and event types must all be in the
schema file the team project uses, so that file is the one that holds them all.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import orjson

from annotation.schema import Schema, SchemaError
from annotation.session import project_schema
from annotation.store import StoreError


class MergeError(StoreError):
    """A merge refused before anything was written (the inputs are never written)."""


@dataclass(frozen=True)
class ProjectSchema:
    """A project's schema and where it comes from (its `schema_path` and `extra_labels`)."""

    owner: str
    schema: Schema
    path: str | None
    extra: tuple[str, ...]

    @classmethod
    def of(cls, owner: str, setting: Callable[[str], str | None]) -> ProjectSchema:
        try:
            schema = project_schema(setting)
            extra = tuple(orjson.loads(setting("extra_labels") or "[]"))
        except (SchemaError, StoreError, orjson.JSONDecodeError) as exc:
            raise MergeError(f"{owner}: its schema cannot be read ({exc})") from exc
        return cls(owner, schema, setting("schema_path"), extra)


@dataclass(frozen=True)
class TeamSchema:
    """The team project's schema settings and the schema they make."""

    path: str | None
    extra: tuple[str, ...]
    schema: Schema


def reconcile(inputs: Sequence[ProjectSchema], team: ProjectSchema | None) -> TeamSchema:
    """The team project's schema, or a MergeError naming every clash."""
    everyone = ([team] if team is not None else []) + list(inputs)
    clashes = [
        clash
        for i, first in enumerate(everyone)
        for second in everyone[i + 1 :]
        for clash in _clashes(first, second)
    ]
    if clashes:
        raise MergeError(
            "the analysts' schemas clash, so their work cannot be compared; give everyone the "
            "same schema file:\n  " + "\n  ".join(dict.fromkeys(clashes))
        )
    base = team if team is not None else _fullest(inputs)
    for other in inputs:
        missing = _missing_links(base.schema, other.schema)
        if missing:
            raise MergeError(
                f"{other.owner}'s schema has {', '.join(missing)}, which {base.owner}'s schema "
                f"({base.path or 'the bundled news schema'}) lacks; use that schema file for "
                "the team project"
            )
    extra = list(base.extra)
    for other in everyone:
        for label in other.schema.labels:
            if not base.schema.knows(label.name) and label.name not in extra:
                extra.append(label.name)
    schema = base.schema.with_labels(extra)
    return TeamSchema(base.path, tuple(extra), schema)


def _fullest(inputs: Sequence[ProjectSchema]) -> ProjectSchema:
    """The input whose schema holds every relation and event type the others use."""
    for candidate in inputs:
        if all(not _missing_links(candidate.schema, other.schema) for other in inputs):
            return candidate
    holds = "; ".join(
        f"{one.owner}: {', '.join(_link_names(one.schema)) or 'no relations or events'}"
        for one in inputs
    )
    raise MergeError(
        "no analyst's schema holds every relation and event type the others use, so no one "
        f"schema fits the team project ({holds}); give everyone the same schema file"
    )


def _link_names(schema: Schema) -> list[str]:
    return [f"relation {r.name}" for r in schema.relations] + [
        f"event type {e.type}" for e in schema.events
    ]


def _missing_links(base: Schema, other: Schema) -> list[str]:
    """Relations and event types of `other` that `base` lacks."""
    missing = [f"relation {r.name}" for r in other.relations if base.relation(r.name) is None]
    return missing + [f"event type {e.type}" for e in other.events if base.event(e.type) is None]


def _clashes(a: ProjectSchema, b: ProjectSchema) -> list[str]:
    """What one name means differently in two schemas."""
    x, y = a.schema, b.schema
    who = f"{a.owner} and {b.owner}"
    found: list[str] = []
    if x.allow_overlap != y.allow_overlap:
        found.append(f"{who} differ on whether spans may overlap")
    for name in sorted({label.name for label in x.labels} | {e.type for e in x.events}):
        if not y.knows(name):
            continue
        if x.is_trigger(name) != y.is_trigger(name):
            kinds = {True: "an event type", False: "an entity label"}
            found.append(
                f"{name} is {kinds[x.is_trigger(name)]} for {a.owner} but "
                f"{kinds[y.is_trigger(name)]} for {b.owner}"
            )
        if x.is_temporal(name) != y.is_temporal(name):
            found.append(f"{who} differ on whether {name} spans carry a calendar value")
    for relation in x.relations:
        other = y.relation(relation.name)
        if other is not None and (other.head, other.child) != (relation.head, relation.child):
            found.append(f"relation {relation.name} links other labels for {who}")
    for event in x.events:
        other_event = y.event(event.type)
        if other_event is None:
            continue
        roles = {(r.name, r.labels, r.repeats) for r in event.roles}
        if roles != {(r.name, r.labels, r.repeats) for r in other_event.roles}:
            found.append(f"event type {event.type} has other roles for {who}")
    for key, values in x.event_attributes.items():
        if key in y.event_attributes and set(y.event_attributes[key]) != set(values):
            found.append(f"event attribute {key} takes other values for {who}")
    return found
