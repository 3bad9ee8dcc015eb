"""The live state of an open project: run edits, undo and redo them, announce what changed.

Views never keep a copy of the state: they ask the session (which reads the store) and refresh
what each `Change` names. Undo history is the store's edit log, so it survives a restart.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import orjson
from psygnal import Signal

from annotation.commands import Command, Tx
from annotation.dates.valuer import Valuer
from annotation.schema import Schema, load_schema, schema_setting
from annotation.store import ConflictError, LogEntry, RowOp, Store, StoreError

ChangeKind = Literal["do", "undo", "redo", "bulk", "external"]


@dataclass(frozen=True, slots=True)
class Change:
    """What one edit touched, so each view refreshes only that."""

    description: str
    kind: ChangeKind
    documents: frozenset[int] = frozenset()
    #: documents whose own row (status, metadata) changed
    document_rows: frozenset[int] = frozenset()
    spans: frozenset[int] = frozenset()
    added_spans: frozenset[int] = frozenset()
    removed_spans: frozenset[int] = frozenset()
    relations: frozenset[int] = frozenset()
    events: frozenset[int] = frozenset()
    arguments: frozenset[int] = frozenset()
    #: registry entities created, edited or deleted, or whose mentions changed
    entities: frozenset[int] = frozenset()
    #: (document id, start, end) text ranges whose spans changed, before and after the edit
    ranges: tuple[tuple[int, int, int], ...] = ()
    #: the object that started the edit (a view can skip refreshing itself)
    source: object | None = None
    #: everything may have changed (another process wrote the file, a bulk import)
    everything: bool = False
    #: documents whose spans, relations and events may all have changed (read them again)
    whole_documents: frozenset[int] = frozenset()
    #: the edit-log entry this edit recorded, undid or redid (None: it changed nothing, so there
    #: is no step to undo; or a bulk or outside change)
    entry: int | None = None

    def reloads(self, document_id: int) -> bool:
        """Whether a view of this document must read all of it again."""
        return self.everything or document_id in self.whole_documents

    @property
    def added_span(self) -> int | None:
        """The one span an edit created, if it created exactly one."""
        return next(iter(self.added_spans)) if len(self.added_spans) == 1 else None


@dataclass
class _Ids:
    documents: set[int] = field(default_factory=set)
    document_rows: set[int] = field(default_factory=set)
    spans: set[int] = field(default_factory=set)
    added: set[int] = field(default_factory=set)
    removed: set[int] = field(default_factory=set)
    relations: set[int] = field(default_factory=set)
    events: set[int] = field(default_factory=set)
    arguments: set[int] = field(default_factory=set)
    entities: set[int] = field(default_factory=set)
    ranges: list[tuple[int, int, int]] = field(default_factory=list)


def change_from_ops(
    ops: Sequence[RowOp],
    description: str,
    kind: ChangeKind,
    document_id: int | None,
    source: object | None,
    entry: int | None = None,
) -> Change:
    """Summarise row operations as a Change."""
    ids = _Ids()
    if document_id is not None:
        ids.documents.add(document_id)
    for op in ops:
        rows = [row for row in (op.before, op.after) if row is not None]
        if op.table == "document":
            ids.document_rows.add(op.id)
            ids.documents.add(op.id)
        elif op.table == "span":
            ids.spans.add(op.id)
            if op.before is None:
                ids.added.add(op.id)
            if op.after is None:
                ids.removed.add(op.id)
            for row in rows:
                ids.documents.add(row["document_id"])
                ids.ranges.append((row["document_id"], row["start"], row["end"]))
                if row.get("entity_id") is not None:
                    ids.entities.add(row["entity_id"])
        elif op.table == "relation":
            ids.relations.add(op.id)
            ids.documents.update(row["document_id"] for row in rows)
        elif op.table == "event":
            ids.events.add(op.id)
            ids.documents.update(row["document_id"] for row in rows)
        elif op.table == "argument":
            ids.arguments.add(op.id)
            ids.events.update(row["event_id"] for row in rows)
        elif op.table == "entity":
            ids.entities.add(op.id)
    return Change(
        description=description,
        kind=kind,
        documents=frozenset(ids.documents),
        document_rows=frozenset(ids.document_rows),
        spans=frozenset(ids.spans),
        added_spans=frozenset(ids.added),
        removed_spans=frozenset(ids.removed),
        relations=frozenset(ids.relations),
        events=frozenset(ids.events),
        arguments=frozenset(ids.arguments),
        entities=frozenset(ids.entities),
        ranges=tuple(sorted(set(ids.ranges))),
        source=source,
        entry=entry,
    )


def project_schema(setting: Callable[[str], str | None], where: object = None) -> Schema:
    """A project's schema from its settings: its schema file (else the bundled news schema) plus
    the labels imports brought. `where`: the project, for the message if they are damaged."""
    custom = setting("schema_path")
    schema = load_schema(custom) if custom else load_schema()
    extra = extra_labels(setting, where)
    return schema.with_labels(extra) if extra else schema


def extra_labels(setting: Callable[[str], str | None], where: object = None) -> list[str]:
    """The labels imports added to a project's schema (its setting `extra_labels`)."""
    stored = setting("extra_labels")
    if not stored:
        return []
    try:
        names = orjson.loads(stored)
    except orjson.JSONDecodeError as exc:
        names = exc
    if not isinstance(names, list) or not all(isinstance(n, str) and n for n in names):
        prefix = f"{where}: " if where is not None else ""
        raise StoreError(
            f"{prefix}the project file is damaged: its setting extra_labels ({stored[:60]!r}) "
            "is not a list of label names; restore a backup copy or correct that setting"
        )
    return names


class Session:
    """An open project: its store, its schema, the analyst's name, and the edit history."""

    #: emitted with a Change after every committed edit, undo, redo, bulk write or outside change
    changed = Signal(object)

    def __init__(
        self,
        store: Store,
        *,
        schema: Schema | None = None,
        annotator: str | None = None,
        valuer: Valuer | None = None,
    ) -> None:
        self.store = store
        store.check_document_statuses()
        self.schema = schema if schema is not None else self._project_schema()
        self.annotator = annotator
        self.valuer = valuer
        self._seen_version = store.data_version

    @classmethod
    def open(
        cls, path: str | Path, *, annotator: str | None = None, create: bool = True
    ) -> Session:
        """Open (or create) a project file."""
        store = Store(path, create=create)
        try:
            return cls(store, annotator=annotator)
        except BaseException:
            store.close()  # e.g. a damaged settings page: leave no -wal/-shm behind
            raise

    def _project_schema(self) -> Schema:
        return project_schema(self.store.setting, self.store.path)

    def add_labels(self, names: Sequence[str]) -> None:
        """Extend this project's schema with labels an import brought (kept in the project)."""
        extra = extra_labels(self.store.setting, self.store.path)
        extra += [name for name in names if name not in extra and not self.schema.knows(name)]
        self.store.set_setting("extra_labels", orjson.dumps(extra).decode())
        self.schema = self.schema.with_labels(extra)

    def reload_schema(self) -> Schema:
        """Read the project's schema again (another connection added labels, e.g. an import)."""
        self.schema = self._project_schema()
        return self.schema

    def use_schema(self, path: str | Path | None) -> None:
        """Make the project use another schema file (None: the bundled news schema; a bundled
        schema's name, e.g. "re3d", is stored as that name)."""
        schema = load_schema(path)
        self.store.set_setting("schema_path", schema_setting(path) if path else None)
        self.schema = schema

    def close(self) -> None:
        self.store.close()

    # -- edits ----------------------------------------------------------------------------------

    def execute(self, command: Command, source: object | None = None) -> Change:
        """Run an edit in one transaction; it is on disk before the Change is announced.

        An edit that changed nothing (its rows were already so) records no undo step: the
        Change's `entry` is None.
        """
        store = self.store
        with store.transaction():
            tx = Tx(store, self.schema, self.annotator, self.valuer)
            description, document_id = command.prepare(tx)
            command.run(tx)
            entry = None
            if tx.ops:
                entry = store.log(
                    "edit",
                    description,
                    tx.ops,
                    annotator=self.annotator,
                    document_id=document_id,
                    time=tx.time,
                )
        change = change_from_ops(tx.ops, description, "do", document_id, source, entry)
        self._announce(change)
        return change

    def undo(self, source: object | None = None) -> Change | None:
        """Undo the latest edit still done (persisted: works after a restart)."""
        return self._step(backwards=True, source=source)

    def redo(self, source: object | None = None) -> Change | None:
        """Redo the earliest undone edit."""
        return self._step(backwards=False, source=source)

    def _step(self, *, backwards: bool, source: object | None) -> Change | None:
        store = self.store
        verb = "undo" if backwards else "redo"
        with store.transaction():
            entry = store.last_done() if backwards else store.first_undone()
            if entry is None:
                return None
            ops = [op.inverted() for op in reversed(entry.ops)] if backwards else list(entry.ops)
            conflict: ConflictError | None = None
            try:
                with store.transaction():  # a savepoint: a conflict takes back the ops applied
                    for op in ops:
                        store.apply(op)
            except ConflictError as exc:
                conflict = exc
            else:
                store.set_log_state(entry.id, "undone" if backwards else "done")
            if conflict is not None:
                # The step leaves the undo (or redo) history, so the ones before it stay
                # reachable; the audit trail keeps it, marked.
                store.set_log_state(entry.id, "skipped" if backwards else "discarded")
                following = store.last_done() if backwards else store.first_undone()
        kind: ChangeKind = "undo" if backwards else "redo"
        if conflict is not None:
            skipped = Change(f"Skipped {entry.description}", kind, source=source, entry=entry.id)
            self._announce(skipped)
            then = (
                f"{verb.capitalize()} now goes on to “{following.description}”"
                if following is not None
                else f"there is nothing left to {verb}"
            )
            what = "its changes stay" if backwards else "it is left out"
            raise ConflictError(
                f"Cannot {verb} “{entry.description}”: {conflict}. It is skipped ({what}); {then}."
            ) from conflict
        change = change_from_ops(ops, entry.description, kind, entry.document_id, source, entry.id)
        self._announce(change)
        return change

    @property
    def can_undo(self) -> bool:
        return self.store.last_done() is not None

    @property
    def can_redo(self) -> bool:
        return self.store.first_undone() is not None

    @property
    def undo_entry(self) -> LogEntry | None:
        return self.store.last_done()

    @property
    def redo_entry(self) -> LogEntry | None:
        return self.store.first_undone()

    @property
    def undo_text(self) -> str:
        """'Undo Accept PERSON …' for the Edit menu, or '' when there is nothing to undo."""
        entry = self.store.last_done()
        return f"Undo {entry.description}" if entry else ""

    @property
    def redo_text(self) -> str:
        entry = self.store.first_undone()
        return f"Redo {entry.description}" if entry else ""

    # -- bulk work and outside changes ----------------------------------------------------------

    def announce_bulk(self, description: str, documents: Iterable[int] = ()) -> Change:
        """Tell views that a bulk write (import, batch suggestions) changed many things."""
        change = Change(description, "bulk", documents=frozenset(documents), everything=True)
        self._announce(change)
        return change

    def announce_written(self, description: str, documents: Iterable[int]) -> Change:
        """Announce what this program wrote through another connection (the window's
        suggestion worker) to these documents only, and take the file's version as seen.

        `refresh` would announce that write as "everything changed", and every view would read
        everything again. A commit another process made meanwhile is taken as seen too; its
        documents show it when next read.
        """
        self._seen_version = self.store.data_version
        ids = frozenset(documents)
        change = Change(description, "bulk", documents=ids, document_rows=ids, whole_documents=ids)
        self._announce(change)
        return change

    def refresh(self) -> Change | None:
        """Announce a change if another process committed to the file since we last looked."""
        version = self.store.data_version
        if version == self._seen_version:
            return None
        self._seen_version = version
        change = Change("Changed in another window", "external", everything=True)
        self._announce(change)
        return change

    def _announce(self, change: Change) -> None:
        # Our own commits leave `data_version` as it is; reading it here would mark another
        # process's commits as seen without ever announcing them.
        self.changed.emit(change)

    # -- convenience reads ----------------------------------------------------------------------

    def setting(self, key: str, default: str | None = None) -> str | None:
        return self.store.setting(key, default)

    def set_setting(self, key: str, value: str | None) -> None:
        self.store.set_setting(key, value)
