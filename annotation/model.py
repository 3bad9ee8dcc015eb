"""The domain records: documents, spans, relations, events and arguments.

Records are frozen: the store owns live state and hands out snapshots, so a view can never edit a
copy that drifts from the file. Offsets are Unicode code points, end exclusive, everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any


class SpanStatus(StrEnum):
    """Where a span stands in triage: a suggestion until an analyst accepts or rejects it."""

    SUGGESTED = "suggested"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class DocStatus(StrEnum):
    """How far an analyst has got with a document."""

    NEW = "new"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    SKIPPED = "skipped"


class ValueOrigin(StrEnum):
    """Who set a span's calendar value: the date normaliser or an analyst."""

    COMPUTED = "computed"
    ANALYST = "analyst"


@dataclass(frozen=True, slots=True, kw_only=True)
class Publication:
    """A document's publication metadata: what every format carries beside the text, and what an
    analyst may edit (`SetDocumentMeta`). The one list of these fields; the others derive from it.
    """

    title: str = ""
    source: str | None = None
    url: str | None = None
    published: str | None = None
    place: str | None = None
    language: str = "en"
    #: anything else the source or an analyst recorded about the document
    meta: dict[str, Any] = field(default_factory=dict)


#: The publication fields that are plain words (formats carry them as the document's metadata).
PUBLICATION_FIELDS = tuple(f.name for f in fields(Publication) if f.name != "meta")
#: Document fields an analyst may edit through `SetDocumentMeta`.
DOCUMENT_META_FIELDS = (*PUBLICATION_FIELDS, "meta")


@dataclass(frozen=True, slots=True)
class Document(Publication):
    """One article: its text (LF line endings) and publication metadata."""

    id: int
    uid: str
    text: str
    status: DocStatus = DocStatus.NEW
    created: str = ""
    updated: str = ""


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    """What the document list shows, without the text (a project may hold 100,000 articles)."""

    id: int
    title: str
    source: str | None
    published: str | None
    status: DocStatus
    open_suggestions: int
    spans: int


@dataclass(frozen=True, slots=True)
class SpanFields:
    """What a span says, stored (`Span`) or still to be created (`NewSpan`): where, which label,
    its triage state, its provenance and its calendar value."""

    start: int
    end: int
    label: str
    status: SpanStatus = SpanStatus.ACCEPTED
    origin: str = "analyst"
    score: float | None = None
    value: str | None = None
    value_origin: ValueOrigin | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Span(SpanFields):
    """A labelled stretch of a document's text, with its provenance and triage state."""

    id: int = field(kw_only=True)
    document_id: int = field(kw_only=True)
    annotator: str | None = None
    #: the model's original start, end and label, kept when an analyst edits a suggestion
    suggested: dict[str, Any] | None = None
    created: str = ""
    updated: str = ""
    #: the registry entity this span mentions (None: not linked)
    entity_id: int | None = None

    def text_in(self, document_text: str) -> str:
        """The covered text."""
        return document_text[self.start : self.end]


@dataclass(frozen=True, slots=True)
class Relation:
    """A labelled, directed link from a head span to a child span."""

    id: int
    document_id: int
    head: int
    child: int
    label: str


@dataclass(frozen=True, slots=True)
class Event:
    """An event of a schema type, anchored on a trigger span."""

    id: int
    document_id: int
    type: str
    trigger: int
    attributes: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Argument:
    """One role of an event filled by a span."""

    id: int
    event_id: int
    role: str
    span: int


@dataclass(frozen=True, slots=True)
class Entity:
    """A canonical person, organisation or place of the registry, which spans link to.

    `wikidata` is an id the analyst typed (`Q42`); nothing is fetched.
    """

    id: int
    name: str
    label: str
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None
    note: str | None = None


def name_key(text: str) -> str:
    """How the registry compares a span's text with names and aliases: case and runs of
    white space do not count ('Narendra  MODI' is 'narendra modi')."""
    return " ".join(text.casefold().split())


@dataclass(frozen=True, slots=True)
class NewSpan(SpanFields):
    """A span to create: what importers, suggesters and gestures hand to the core."""


@dataclass(frozen=True, slots=True)
class NewDocument(Publication):
    """A document to create, with any spans, relations and events it arrives with."""

    text: str
    status: DocStatus = DocStatus.NEW
    spans: tuple[NewSpan, ...] = ()
    #: (head span index, child span index, label), indices into `spans`
    relations: tuple[tuple[int, int, str], ...] = ()
    #: (type, trigger span index, ((role, span index), ...), attributes)
    events: tuple[tuple[str, int, tuple[tuple[str, int], ...], dict[str, Any]], ...] = ()
