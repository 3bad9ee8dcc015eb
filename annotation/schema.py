"""The label, relation and event schema of a project, read from TOML.

The schema is the contract between analysts and the corpus: which labels exist (with the colour and
key an analyst learns), which relations link which labels, and which roles each event type has.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotation.errors import DatelineError
from annotation.paths import resource_path

DEFAULT_SCHEMA = "schemas/news.toml"
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


class SchemaError(DatelineError, ValueError):
    """A schema file that cannot be used, with the file and the offending entry named."""


@dataclass(frozen=True, slots=True)
class Label:
    """An entity label with its colour and the key that applies it."""

    name: str
    key: str
    color: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class RelationType:
    """A relation label and the span labels its ends accept (empty: any)."""

    name: str
    head: frozenset[str] = frozenset()
    child: frozenset[str] = frozenset()
    description: str = ""

    def accepts(self, head_label: str, child_label: str) -> bool:
        """Whether a relation of this type may link spans with these labels."""
        return (not self.head or head_label in self.head) and (
            not self.child or child_label in self.child
        )


@dataclass(frozen=True, slots=True)
class Role:
    """An event role: the labels it accepts, whether required, whether several spans fill it."""

    name: str
    labels: frozenset[str] = frozenset()
    required: bool = False
    repeats: bool = False

    def accepts(self, label: str) -> bool:
        """Whether a span with this label may fill the role."""
        return not self.labels or label in self.labels


@dataclass(frozen=True, slots=True)
class EventType:
    """An event type, its roles and the trigger words that suggest it."""

    type: str
    roles: tuple[Role, ...]
    triggers: frozenset[str] = frozenset()
    description: str = ""

    def role(self, name: str) -> Role | None:
        """The role called `name`, or None."""
        return next((role for role in self.roles if role.name == name), None)

    def roles_for(self, label: str) -> tuple[Role, ...]:
        """The roles a span with this label may fill, in schema order."""
        return tuple(role for role in self.roles if role.accepts(label))


@dataclass(frozen=True, slots=True)
class Schema:
    """A whole schema: labels, relations, events and span rules."""

    name: str
    labels: tuple[Label, ...]
    relations: tuple[RelationType, ...] = ()
    events: tuple[EventType, ...] = ()
    event_attributes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    allow_overlap: bool = False
    temporal_labels: frozenset[str] = frozenset({"DATE", "TIME"})
    source: str = ""
    #: a pipeline's labels -> this schema's (`[label_map]`: PERSON -> Person), so a stock
    #: pipeline suggests into a schema with labels of its own
    label_map: dict[str, str] = field(default_factory=dict)
    #: the labels of event triggers: the event types (a trigger carries its event's type)
    trigger_labels: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "trigger_labels", frozenset(e.type for e in self.events))

    def label(self, name: str) -> Label | None:
        """The label called `name`, or None."""
        return next((label for label in self.labels if label.name == name), None)

    def is_trigger(self, label: str) -> bool:
        """Whether spans with this label are event triggers (labelled with their event type)."""
        return label in self.trigger_labels

    def knows(self, label: str) -> bool:
        """Whether a span may carry this label: an entity label or an event type (triggers)."""
        return self.label(label) is not None or self.is_trigger(label)

    def label_for_key(self, key: str) -> Label | None:
        """The label bound to a key ('1'..'9' or a letter), or None."""
        key = key.lower()
        return next((label for label in self.labels if label.key == key), None)

    @property
    def label_names(self) -> tuple[str, ...]:
        return tuple(label.name for label in self.labels)

    def relation(self, name: str) -> RelationType | None:
        """The relation type called `name`, or None."""
        return next((rel for rel in self.relations if rel.name == name), None)

    def event(self, type_: str) -> EventType | None:
        """The event type called `type_`, or None."""
        return next((event for event in self.events if event.type == type_), None)

    def suggested_label(self, label: str) -> str | None:
        """The label a pipeline's `label` takes here: mapped, else itself if known, else None."""
        mapped = self.label_map.get(label)
        if mapped is not None:
            return mapped
        return label if self.knows(label) else None

    def is_temporal(self, label: str) -> bool:
        """Whether spans with this label carry a calendar value."""
        return label in self.temporal_labels

    def with_labels(self, names: Iterable[str]) -> Schema:
        """This schema plus labels it lacks (for imports that bring new labels on request)."""
        palette = ("#7f7f7f", "#bcbd22", "#17becf", "#9467bd", "#8c564b", "#e377c2")
        labels = list(self.labels)
        known = {label.name for label in labels}
        for name in names:
            if name not in known:
                labels.append(Label(name, "", palette[len(labels) % len(palette)]))
                known.add(name)
        return Schema(
            self.name,
            tuple(labels),
            self.relations,
            self.events,
            self.event_attributes,
            self.allow_overlap,
            self.temporal_labels,
            self.source,
            self.label_map,
        )


def bundled_schemas() -> dict[str, Path]:
    """The schemas shipped with Dateline by name (`news`, `re3d`)."""
    folder = resource_path(DEFAULT_SCHEMA).parent
    return {file.stem: file for file in sorted(folder.glob("*.toml"))}


def schema_file(path: str | Path | None) -> Path:
    """The file a schema setting names: a path, a bundled schema's name, or None (news)."""
    if path is None:
        return resource_path(DEFAULT_SCHEMA)
    file = Path(path)
    if not file.exists() and file.name == str(path) and str(path) in bundled_schemas():
        return bundled_schemas()[str(path)]
    return file


def schema_setting(path: str | Path) -> str:
    """What a project stores to name its schema: a bundled schema by name (the installed copy
    may move with an upgrade), any other file by its absolute path."""
    file = schema_file(path)
    bundled = bundled_schemas()
    if bundled.get(file.stem) == file.resolve() or bundled.get(file.stem) == file:
        return file.stem
    return str(file.resolve())


def load_schema(path: str | Path | None = None) -> Schema:
    """Read a schema file (the bundled news schema when `path` is None; a bundled schema by
    name, e.g. "re3d", when no such file exists)."""
    file = schema_file(path)
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SchemaError(f"{file}: cannot read schema: {exc.strerror}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SchemaError(f"{file}: not a valid TOML schema: {exc}") from exc
    return parse_schema(data, str(file))


def parse_schema(data: dict[str, Any], source: str = "<schema>") -> Schema:
    """Build and check a schema from parsed TOML."""
    labels = tuple(_label(entry, source) for entry in data.get("labels", []))
    if not labels:
        raise SchemaError(f"{source}: the schema defines no [[labels]]")
    _unique(source, "label", [label.name for label in labels])
    _unique(source, "label key", [label.key for label in labels if label.key])
    names = {label.name for label in labels}
    relations = tuple(
        RelationType(
            name=_text(entry, "name", source, "relation"),
            head=_labels(entry.get("head", []), names, source, f"relation {entry.get('name')}"),
            child=_labels(entry.get("child", []), names, source, f"relation {entry.get('name')}"),
            description=str(entry.get("description", "")),
        )
        for entry in data.get("relations", [])
    )
    _unique(source, "relation", [rel.name for rel in relations])
    events = tuple(_event(entry, names, source) for entry in data.get("events", []))
    _unique(source, "event type", [event.type for event in events])
    spans = data.get("spans", {})
    attributes = {
        str(key): tuple(str(v) for v in values)
        for key, values in data.get("event_attributes", {}).items()
    }
    label_map = _label_map(data.get("label_map", {}), names, source)
    return Schema(
        name=str(data.get("name", Path(source).stem)),
        labels=labels,
        relations=relations,
        events=events,
        event_attributes=attributes,
        allow_overlap=bool(spans.get("allow_overlap", False)),
        temporal_labels=frozenset(spans.get("temporal_labels", ["DATE", "TIME"])),
        source=source,
        label_map=label_map,
    )


def _label_map(entries: Any, names: set[str], source: str) -> dict[str, str]:
    """`[label_map]`: each pipeline label names one of this schema's labels."""
    if not isinstance(entries, dict):
        raise SchemaError(f'{source}: [label_map] must be a table (PIPELINE_LABEL = "Label")')
    found: dict[str, str] = {}
    for key, value in entries.items():
        if not isinstance(value, str) or value not in names:
            raise SchemaError(
                f"{source}: [label_map] maps {key} to {value!r}, which is not a label of the schema"
            )
        found[str(key)] = value
    return found


def _label(entry: dict[str, Any], source: str) -> Label:
    name = _text(entry, "name", source, "label")
    color = str(entry.get("color", "#888888"))
    if not _COLOR.match(color):
        raise SchemaError(f"{source}: label {name}: colour {color!r} is not #rrggbb")
    key = str(entry.get("key", "")).lower()
    if len(key) > 1:
        raise SchemaError(f"{source}: label {name}: key {key!r} must be one character")
    return Label(name, key, color, str(entry.get("description", "")))


def _event(entry: dict[str, Any], names: set[str], source: str) -> EventType:
    type_ = _text(entry, "type", source, "event")
    roles = tuple(
        Role(
            name=_text(role, "name", source, f"event {type_} role"),
            labels=_labels(role.get("labels", []), names, source, f"event {type_}"),
            required=bool(role.get("required", False)),
            repeats=bool(role.get("repeats", False)),
        )
        for role in entry.get("roles", [])
    )
    _unique(source, f"role of {type_}", [role.name for role in roles])
    triggers = frozenset(str(word).lower() for word in entry.get("triggers", []))
    return EventType(type_, roles, triggers, str(entry.get("description", "")))


def _labels(values: list[Any], names: set[str], source: str, where: str) -> frozenset[str]:
    unknown = [str(value) for value in values if value not in names]
    if unknown:
        raise SchemaError(f"{source}: {where} names unknown labels: {', '.join(unknown)}")
    return frozenset(str(value) for value in values)


def _text(entry: dict[str, Any], key: str, source: str, what: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value:
        raise SchemaError(f"{source}: a {what} entry has no {key!r}: {entry!r}")
    return value


def _unique(source: str, what: str, values: list[str]) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise SchemaError(f"{source}: {what} {value!r} is defined twice")
        seen.add(value)
