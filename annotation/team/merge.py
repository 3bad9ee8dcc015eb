"""`merge`: analysts' project files into one team project, each analyst's work a layer.

Documents are matched by their text (and URL, else source, when both have one). Each input's
decided annotations (accepted and rejected spans with values and notes, relations, events with
roles and attributes) and each document's status become that analyst's layer; merging again
replaces the layer, so it never holds a thing twice. What every analyst who finished a document
agrees on is written into the project's own tables (the adjudicated layer) for documents no one
has adjudicated yet. Inputs are only read (`ProjectReader`); the team project changes in one
transaction, and a new one appears under its name only when complete.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from annotation.formats.base import text_uid
from annotation.model import DocStatus, Document, SpanStatus, ValueOrigin
from annotation.schema import Schema
from annotation.store import (
    LayerDocument,
    MainRows,
    ProjectReader,
    Store,
    TeamLayers,
    new_document_row,
    new_span_row,
    now,
)
from annotation.store.layers import (
    ARGUMENT_COLUMNS,
    DOCUMENT_COLUMNS,
    EVENT_COLUMNS,
    RELATION_COLUMNS,
    SPAN_COLUMNS,
)
from annotation.team.disagreements import agreed
from annotation.team.progress import active_time
from annotation.team.schemas import MergeError, ProjectSchema, TeamSchema, reconcile
from annotation.team.units import (
    Units,
    event_order,
    relation_order,
    role_order,
    span_order,
)

Progress = Callable[[int, int], None]
#: The origin of a span every analyst agreed on, written by a merge.
AGREED_ORIGIN = "team:agreed"
_PAGE = 256


@dataclass(frozen=True)
class LayerReport:
    """What one input brought: its layer's name, documents (new to the team), done, decided."""

    name: str
    path: Path
    documents: int
    new_documents: int
    done: int
    decided: int


@dataclass(frozen=True)
class _Analyst:
    """One analyst's project as a merge reads it: the reader, the layer's name, the schema."""

    reader: ProjectReader
    name: str
    schema: ProjectSchema


@dataclass
class MergeReport:
    output: Path
    created: bool
    layers: list[LayerReport] = field(default_factory=list)
    documents: int = 0
    #: documents whose adjudicated layer now holds what the analysts agree on
    agreed: int = 0
    #: documents an adjudicator has worked on, left as they are
    kept: int = 0
    labels_added: tuple[str, ...] = ()


def merge(
    inputs: Sequence[str | Path],
    output: str | Path,
    names: Sequence[str] | None = None,
    progress: Progress | None = None,
) -> MergeReport:
    """Merge analysts' projects into the team project `output` (made if missing)."""
    paths = [Path(p) for p in inputs]
    output = Path(output)
    _check_paths(paths, output, names)
    readers: list[ProjectReader] = []
    try:
        for path in paths:
            readers.append(ProjectReader(path))
        layer_names = list(names) if names else [_recorded_analyst(r) for r in readers]
        _check_names(paths, layer_names)
        analysts = [
            _Analyst(reader, name, ProjectSchema.of(str(reader.path), reader.setting))
            for reader, name in zip(readers, layer_names, strict=True)
        ]
        if output.exists():
            return _into_existing(analysts, output, progress)
        return _into_new(analysts, output, progress)
    finally:
        for reader in readers:
            reader.close()


def _check_paths(paths: list[Path], output: Path, names: Sequence[str] | None) -> None:
    if not paths:
        raise MergeError("name the analysts' project files to merge")
    resolved = [p.resolve() for p in paths]
    if output.resolve() in resolved:
        raise MergeError(f"{output}: the team project cannot be one of the inputs (never written)")
    for i, path in enumerate(resolved):
        if path in resolved[:i]:
            raise MergeError(f"{paths[i]} is named twice")
    if len(paths) < 2 and not output.exists():
        raise MergeError("a new team project needs at least two analysts' projects")
    if names is not None and len(names) != len(paths):
        raise MergeError(
            f"--names gives {len(names)} names for {len(paths)} projects; give one per project, "
            "in the same order"
        )


def _recorded_analyst(reader: ProjectReader) -> str:
    found = reader.analysts()
    if not found:
        raise MergeError(
            f"{reader.path}: no analyst's name is recorded in it; name each project's analyst "
            "with --names (e.g. --names alice,bob)"
        )
    return found.most_common(1)[0][0]


def _check_names(paths: list[Path], names: list[str]) -> None:
    for i, name in enumerate(names):
        if not name.strip():
            raise MergeError(f"{paths[i]}: an empty analyst name")
        if name in names[:i]:
            first = paths[names.index(name)]
            raise MergeError(
                f"{first} and {paths[i]} are both {name}'s work; name the layers with --names "
                "(one name per project)"
            )


def _into_new(analysts: list[_Analyst], output: Path, progress: Progress | None) -> MergeReport:
    team_schema = reconcile([analyst.schema for analyst in analysts], None)
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(f".{output.name}.merging")
    _remove(partial)
    try:
        store = Store(partial)
        try:
            report = _write(store, analysts, team_schema, output, progress)
        finally:
            store.close()
        if output.exists():
            raise MergeError(f"{output} appeared while the merge ran; nothing was written to it")
        partial.replace(output)
    finally:
        _remove(partial)
    report.created = True
    return report


def _into_existing(
    analysts: list[_Analyst], output: Path, progress: Progress | None
) -> MergeReport:
    with ProjectReader(output) as existing:  # refused before it is opened for writing
        if not existing.is_team() and existing.count_documents() > 0:
            raise MergeError(
                f"{output}: a project of its own, not a team project made by `dateline merge`; "
                "merge into a new file"
            )
    store = Store(output, create=False)
    try:
        layers = TeamLayers(store)
        team = ProjectSchema.of(str(output), store.setting) if layers.is_team() else None
        team_schema = reconcile([analyst.schema for analyst in analysts], team)
        return _write(store, analysts, team_schema, output, progress)
    finally:
        store.close()


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        with suppress(FileNotFoundError):
            os.remove(f"{path}{suffix}")


def _write(
    store: Store,
    analysts: list[_Analyst],
    team_schema: TeamSchema,
    output: Path,
    progress: Progress | None,
) -> MergeReport:
    layers = TeamLayers(store)
    report = MergeReport(output, created=False)
    counter = _Counter(progress, sum(a.reader.count_documents() for a in analysts))
    with store.transaction(), store.roomy_cache():
        before = set(orjson.loads(store.setting("extra_labels") or "[]"))
        store.set_setting("schema_path", team_schema.path)
        store.set_setting("extra_labels", orjson.dumps(list(team_schema.extra)).decode())
        report.labels_added = tuple(label for label in team_schema.extra if label not in before)
        matcher = _Matcher(layers)
        for analyst in analysts:
            reader = analyst.reader
            report.layers.append(_copy_layer(store, layers, matcher, reader, analyst.name, counter))
            if not reader.unchanged():
                raise MergeError(
                    f"{reader.path} was saved by another program while it was read; nothing was "
                    "merged: run the merge again"
                )
        report.agreed, report.kept = _write_agreed(store, layers, team_schema.schema, counter)
        report.documents = store.count_documents()
    counter.finish()
    return report


class _Counter:
    def __init__(self, progress: Progress | None, inputs: int) -> None:
        self.progress = progress
        self.total = inputs
        self.done = 0

    def add(self, total: int) -> None:
        self.total += total
        self.step(0)

    def step(self, count: int) -> None:
        self.done += count
        if self.progress is not None:
            self.progress(self.done, max(self.total, self.done))

    def finish(self) -> None:
        if self.progress is not None:
            self.progress(self.total, self.total)


class _Matcher:
    """Finds the team document an input's document is, or makes it."""

    def __init__(self, layers: TeamLayers) -> None:
        self.layers = layers
        self.by_text: dict[str, list[tuple[int, str | None, str | None]]] = {}
        self.uids: set[str] = set()
        for id_, uid, text, url, source in layers.document_texts():
            self.by_text.setdefault(text_uid(text), []).append((id_, url, source))
            self.uids.add(uid)
        self.next_id = layers.next_id("document")

    def match(self, doc: Document, time: str) -> tuple[int, dict[str, Any] | None]:
        """The team document's id, and its row when it is new."""
        uid = text_uid(doc.text)
        candidates = self.by_text.setdefault(uid, [])
        for id_, url, source in candidates:
            if _same_document(url, source, doc.url, doc.source):
                return id_, None
        id_ = self.next_id
        self.next_id += 1
        if uid in self.uids:
            uid = text_uid(f"{doc.text}\x00{doc.url or ''}\x00{doc.source or ''}\x00{id_}")
        self.uids.add(uid)
        candidates.append((id_, doc.url, doc.source))
        return id_, new_document_row(doc, uid, time, status=DocStatus.NEW, id_=id_)


def _same_document(
    url: str | None, source: str | None, url2: str | None, source2: str | None
) -> bool:
    """Same text: the same document unless both have URLs (else sources) that differ."""
    if url and url2:
        return url == url2
    if source and source2:
        return source == source2
    return True


def _copy_layer(
    store: Store,
    layers: TeamLayers,
    matcher: _Matcher,
    reader: ProjectReader,
    name: str,
    counter: _Counter,
) -> LayerReport:
    """Write one input as the layer `name` (replacing what an earlier merge wrote)."""
    time = now()
    layer_id = layers.ensure_layer(name, str(reader.path.resolve()), time)
    layers.clear_layer(layer_id)
    worked = active_time(reader.edit_times())
    ids = {
        table: layers.next_id(table)
        for table in ("layer_span", "layer_relation", "layer_event", "layer_argument")
    }
    columns = {
        "layer_document": DOCUMENT_COLUMNS,
        "layer_span": SPAN_COLUMNS,
        "layer_relation": RELATION_COLUMNS,
        "layer_event": EVENT_COLUMNS,
        "layer_argument": ARGUMENT_COLUMNS,
    }
    # a page's new rows, by table (written and cleared after each page)
    rows: dict[str, list[tuple[Any, ...]]] = {table: [] for table in columns}

    def add(table: str, team_id: int, *values: Any) -> int:
        """A new row of a layer table: its id, the layer, the team document, `values`."""
        id_ = ids[table]
        ids[table] += 1
        rows[table].append((id_, layer_id, team_id, *values))
        return id_

    documents = new = done = decided = 0
    after = 0
    while True:
        page = reader.documents_page(after, _PAGE)
        if not page:
            break
        after = page[-1]
        docs = reader.documents_by_id(page)
        spans = reader.decided_span_rows(page)
        relations = reader.relations_by_document(page)
        events = reader.events_by_document(page)
        arguments = reader.arguments_by_document(page)
        new_docs: list[dict[str, Any]] = []
        for doc in docs:
            team_id, new_row = matcher.match(doc, time)
            if new_row is not None:
                new_docs.append(new_row)
                new += 1
            seconds, edits = worked.get(doc.id, (0.0, 0))
            rows["layer_document"].append(
                (layer_id, team_id, doc.status.value, seconds, edits, doc.updated or time)
            )
            documents += 1
            done += doc.status is DocStatus.DONE
            span_ids: dict[int, int] = {}
            for row in spans[doc.id]:
                # (id, document_id, start, end, label, status, origin, value, value_origin,
                # note, annotator, updated) -> the layer's columns
                span_ids[row[0]] = add("layer_span", team_id, *row[2:11], row[11] or time)
            decided += len(spans[doc.id])
            for relation in relations[doc.id]:
                if relation.head in span_ids and relation.child in span_ids:
                    head, child = span_ids[relation.head], span_ids[relation.child]
                    add("layer_relation", team_id, head, child, relation.label)
            event_ids: dict[int, int] = {}
            for event in events[doc.id]:
                if event.trigger in span_ids:
                    attributes = orjson.dumps(event.attributes).decode()
                    trigger = span_ids[event.trigger]
                    event_ids[event.id] = add(
                        "layer_event", team_id, event.type, trigger, attributes
                    )
            for argument in arguments[doc.id]:
                if argument.event_id in event_ids and argument.span in span_ids:
                    event_id, span = event_ids[argument.event_id], span_ids[argument.span]
                    add("layer_argument", team_id, event_id, argument.role, span)
        store.insert_many("document", new_docs)
        for table, page_rows in rows.items():
            layers.insert_rows(table, columns[table], page_rows)
            page_rows.clear()
        counter.step(len(page))
    return LayerReport(name, reader.path, documents, new, done, decided)


def _write_agreed(
    store: Store, layers: TeamLayers, schema: Schema, counter: _Counter
) -> tuple[int, int]:
    """Write what the analysts agree on into every document no one has adjudicated yet.

    Returns (documents written, documents kept as an adjudicator left them).
    """
    ids = layers.layered_document_ids()
    counter.add(len(ids))
    statuses = layers.main_statuses(ids)
    open_ids = [i for i in ids if statuses.get(i) is DocStatus.NEW]
    kept = len(ids) - len(open_ids)
    next_ids = {table: layers.next_id(table) for table in ("span", "relation", "event", "argument")}
    time = now()
    written = 0
    for first in range(0, len(open_ids), _PAGE):
        page = open_ids[first : first + _PAGE]
        versions = layers.layers_by_document(page)
        rows = MainRows()
        for document_id in page:
            done = {
                layer.layer: _units(schema, layer) for layer in versions[document_id] if layer.done
            }
            _agreed_rows(agreed(done), document_id, rows, next_ids, time)
            written += 1
        layers.replace_agreed(page, rows, AGREED_ORIGIN)
        counter.step(len(page))
    counter.step(kept)
    return written, kept


def _units(schema: Schema, layer: LayerDocument) -> Units:
    return Units.of(schema, layer.spans, layer.relations, layer.events, layer.arguments)


def _agreed_rows(
    units: Units, document_id: int, rows: MainRows, ids: dict[str, int], time: str
) -> None:
    span_ids: dict[Any, int] = {}
    for key, span in sorted(units.spans.items(), key=lambda item: span_order(item[0])):
        span_ids[key] = ids["span"]
        ids["span"] += 1
        rows.spans.append(
            new_span_row(
                document_id,
                span.start,
                span.end,
                span.label,
                SpanStatus.ACCEPTED,
                AGREED_ORIGIN,
                time,
                value=span.value,
                value_origin=ValueOrigin(span.value_origin) if span.value_origin else None,
                note=span.note,
                id_=span_ids[key],
            )
        )
    for head, child, label in sorted(units.relations, key=relation_order):
        rows.relations.append(
            {
                "id": ids["relation"],
                "document_id": document_id,
                "head": span_ids[head],
                "child": span_ids[child],
                "label": label,
            }
        )
        ids["relation"] += 1
    for (event_type, trigger), version in sorted(
        units.events.items(), key=lambda item: event_order(item[0])
    ):
        event_id = ids["event"]
        ids["event"] += 1
        rows.events.append(
            {
                "id": event_id,
                "document_id": document_id,
                "type": event_type,
                "trigger": span_ids[trigger],
                "attributes": dict(version.attributes),
            }
        )
        for role, filler in sorted(version.roles, key=role_order):
            rows.arguments.append(
                {
                    "id": ids["argument"],
                    "event_id": event_id,
                    "role": role,
                    "span": span_ids[filler],
                }
            )
            ids["argument"] += 1
