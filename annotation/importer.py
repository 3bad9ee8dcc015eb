"""Bring articles into a project: each file all-or-nothing, checked against the schema first."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

from annotation.dates.published import parse_published
from annotation.dates.valuer import make_valuer
from annotation.formats.base import FormatError, text_uid
from annotation.formats.text import TEXT_SUFFIXES, read_text_document, text_files
from annotation.model import Document, NewDocument, SpanStatus, ValueOrigin
from annotation.schema import Schema
from annotation.session import Session
from annotation.store import TABLES, now

#: Import formats by name (`doccano` is JSONL that must be in one of doccano's shapes).
IMPORT_FORMATS = ("text", "jsonl", "doccano", "html", "spacy", "conll", "brat")
#: The longest document Dateline takes: spaCy's own default `max_length`. The longest news
#: features run to ~100,000 words (~600,000 characters); anything longer is a corpus in one file.
MAX_DOCUMENT_CHARS = 1_000_000
#: File suffixes that imply a format (doccano files are `.jsonl`: the JSONL reader knows them).
_SUFFIX_FORMAT = {
    ".txt": "text",
    ".text": "text",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".html": "html",
    ".htm": "html",
    ".spacy": "spacy",
    ".conll": "conll",
    ".iob": "conll",
    ".ann": "brat",
}
#: What a folder given with --format holds.
_FOLDER_SUFFIXES = {
    "jsonl": (".jsonl", ".ndjson"),
    "doccano": (".jsonl", ".ndjson"),
    "html": (".html", ".htm"),
    "spacy": (".spacy",),
    "conll": (".conll", ".iob"),
    "brat": (".ann",),
}

Progress = Callable[[int, int, str], None]


@dataclass
class ImportReport:
    """What an import did, file by file."""

    files: int = 0
    documents: int = 0
    duplicates: int = 0
    spans: int = 0
    relations: int = 0
    events: int = 0
    new_labels: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    document_ids: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class Located:
    """A document read from a file, with where it came from (for messages)."""

    path: Path
    line: int | None
    document: NewDocument
    #: where in the file when lines do not say it ("document 3" of a .spacy file)
    part: str | None = None

    @property
    def where(self) -> str:
        if self.line is not None:
            return f"{self.path}:{self.line}"
        return f"{self.path}: {self.part}" if self.part else str(self.path)


def _files_with(folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
    return sorted(
        path
        for path in folder.rglob("*")
        if path.is_file() and path.suffix.lower() in suffixes and not path.name.startswith(".")
    )


def expand(paths: Iterable[str | Path], fmt: str | None = None) -> list[Path]:
    """Files to import. A folder gives the files of its format: with no --format, its brat
    `.ann` files if it has any, else its text files."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            if fmt is None:
                found = _files_with(path, (".ann",)) or text_files(path)
            elif fmt == "text":
                found = text_files(path)
            else:
                found = _files_with(path, _FOLDER_SUFFIXES.get(fmt, TEXT_SUFFIXES))
            if not found:
                raise FormatError("the folder holds no files to import", path=path)
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            raise FormatError("no such file or folder", path=path)
    return files


def format_of(path: Path, fmt: str | None) -> str:
    if fmt is not None:
        if fmt not in IMPORT_FORMATS:
            raise FormatError(f"unknown import format {fmt!r}; known: {', '.join(IMPORT_FORMATS)}")
        return fmt
    inferred = _SUFFIX_FORMAT.get(path.suffix.lower())
    if inferred is None:
        raise FormatError(
            f"cannot tell the format from the suffix {path.suffix!r}; "
            f"pass --format ({', '.join(IMPORT_FORMATS)})",
            path=path,
        )
    return inferred


def read_file(
    path: Path, fmt: str, encoding: str | None = None, schema: Schema | None = None
) -> list[Located]:
    """All documents of one file (raises FormatError on the first problem).

    For brat, `path` is the `.ann` file (or its `.txt`): the pair is one unit.
    """
    if fmt == "text":
        return [Located(path, None, read_text_document(path, encoding))]
    if fmt in ("jsonl", "doccano"):
        from annotation.formats.jsonl import read_jsonl

        only_doccano = fmt == "doccano"
        return [
            Located(path, n, doc)
            for n, doc in read_jsonl(path, encoding, only_doccano=only_doccano)
        ]
    if fmt == "html":
        from annotation.formats.html import read_html

        return [Located(path, None, read_html(path, encoding))]
    if fmt == "spacy":
        from annotation.formats.docbin import read_docbin

        return [Located(path, None, doc, f"document {n}") for n, doc in read_docbin(path)]
    if fmt == "conll":
        from annotation.formats.conll import read_conll

        return [Located(path, n, doc) for n, doc in read_conll(path, encoding)]
    if fmt == "brat":
        from annotation.formats.brat import read_brat

        ann = path.with_suffix(".ann")
        if not ann.exists():
            raise FormatError(f"no {ann.name} beside it (brat keeps annotations there)", path=path)
        return [Located(ann, None, read_brat(ann, encoding, schema))]
    raise FormatError(f"unknown import format {fmt!r}; known: {', '.join(IMPORT_FORMATS)}")


def check_documents(located: Sequence[Located], schema: Schema, add_labels: bool) -> list[str]:
    """Check spans, relations and events against the schema; return labels to add."""
    unknown: dict[str, str] = {}
    # Sets, not the schema's lookups (each a scan of its labels): one test per imported span.
    triggers = frozenset(event.type for event in schema.events)
    known = frozenset(schema.label_names) | triggers
    links_seen: set[tuple[str, str, str]] = set()
    for item in located:
        doc = item.document
        if doc.published and parse_published(doc.published) is None:
            raise FormatError(
                f"{item.where}: publication date {doc.published!r} is not an ISO date "
                "(YYYY-MM-DD) or datetime (YYYY-MM-DDTHH:MM, with or without offset)"
            )
        if len(doc.text) > MAX_DOCUMENT_CHARS:
            raise FormatError(
                f"{item.where}: the article is {len(doc.text):,} characters long; Dateline takes "
                f"articles of up to {MAX_DOCUMENT_CHARS:,} (about 170,000 words). Split it into "
                "one file per article, or into a JSONL file with one article per line."
            )
        for span in doc.spans:
            if span.label not in known and span.label not in unknown:
                unknown[span.label] = item.where
        _check_overlaps(item, schema, triggers)
        for head, child, label in doc.relations:
            link = (label, doc.spans[head].label, doc.spans[child].label)
            if link in links_seen:
                continue
            _check_relation(item, schema, label)
            _check_relation_ends(item, schema, *link)
            links_seen.add(link)
        for type_, trigger, arguments, attributes in doc.events:
            event_type = schema.event(type_)
            if event_type is None:
                raise FormatError(f"{item.where}: event type {type_!r} is not in the schema")
            if doc.spans[trigger].label != type_:
                raise FormatError(
                    f"{item.where}: the trigger of a {type_} event is labelled "
                    f"{doc.spans[trigger].label}; triggers carry their event type"
                )
            for role, index in arguments:
                role_def = event_type.role(role)
                label = doc.spans[index].label
                if role_def is None:
                    raise FormatError(f"{item.where}: {type_} has no role {role!r}")
                if not role_def.accepts(label) and label not in unknown:
                    raise FormatError(
                        f"{item.where}: the {role} of {type_} does not accept {label}"
                    )
            _check_attributes(item, schema, type_, attributes)
    if unknown and not add_labels:
        listing = ", ".join(f"{label} (first at {where})" for label, where in unknown.items())
        raise FormatError(
            f"labels not in the schema {schema.name!r}: {listing}. Known labels: "
            f"{', '.join(schema.label_names)}. "
            "Import with --add-labels to add them to this project."
        )
    return list(unknown)


def _check_relation(item: Located, schema: Schema, label: str) -> None:
    if schema.relation(label) is None:
        known = ", ".join(r.name for r in schema.relations)
        hint = ""
        if any(event.role(label) for event in schema.events):
            hint = (
                f"; {label!r} is an event role: a doccano file holds events as trigger spans and "
                "role relations, and Dateline rebuilds them only from lines that list them "
                "under 'dateline'"
            )
        raise FormatError(
            f"{item.where}: relation label {label!r} is not in the schema ({known}){hint}"
        )


def _check_relation_ends(item: Located, schema: Schema, label: str, head: str, child: str) -> None:
    """An import may not hold a relation the analyst could not have drawn (AddRelation's rule)."""
    relation = schema.relation(label)
    if relation is not None and schema.knows(head) and not relation.accepts(head, child):
        raise FormatError(
            f"{item.where}: {label} does not link {head} to {child} "
            f"(head: {', '.join(sorted(relation.head)) or 'any'}; "
            f"child: {', '.join(sorted(relation.child)) or 'any'})"
        )


def _check_attributes(
    item: Located, schema: Schema, type_: str, attributes: dict[str, Any]
) -> None:
    for key, value in attributes.items():
        allowed = schema.event_attributes.get(key)
        if allowed is None:
            known = ", ".join(schema.event_attributes) or "none"
            raise FormatError(
                f"{item.where}: {type_} event attribute {key!r} is not in the schema ({known})"
            )
        if value not in allowed:
            raise FormatError(
                f"{item.where}: {type_} event attribute {key} must be one of "
                f"{', '.join(allowed)}, not {value!r}"
            )


def _check_overlaps(item: Located, schema: Schema, triggers: frozenset[str]) -> None:
    """Accepted spans of one layer (entities, or event triggers) may not overlap."""
    if schema.allow_overlap:
        return
    layers: dict[bool, list[tuple[int, int, str, int]]] = {True: [], False: []}
    accepted = SpanStatus.ACCEPTED
    for number, new in enumerate(item.document.spans, 1):
        if new.status is accepted:
            layers[new.label in triggers].append((new.start, new.end, new.label, number))
    for spans in layers.values():
        spans.sort()
        for before, after in pairwise(spans):
            if after[0] < before[1]:
                raise FormatError(
                    f"{item.where}: span {before[3]} ({before[0]}-{before[1]} {before[2]})"
                    f" and span {after[3]} ({after[0]}-{after[1]} {after[2]}) overlap, which the"
                    " schema does not allow"
                )


def import_paths(
    session: Session,
    paths: Iterable[str | Path],
    *,
    fmt: str | None = None,
    encoding: str | None = None,
    add_labels: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Import files into the project; a file with any problem imports nothing and is reported."""
    report = ImportReport()
    files = expand(paths, fmt)
    for number, path in enumerate(files, 1):
        if progress is not None:
            progress(number - 1, len(files), str(path))
        try:
            located = read_file(path, format_of(path, fmt), encoding, session.schema)
            new_labels = check_documents(located, session.schema, add_labels)
            _store_documents(session, located, report, str(path), new_labels)
            report.new_labels.extend(new_labels)
            report.files += 1
        except FormatError as exc:
            report.errors.append(str(exc))
    if progress is not None:
        progress(len(files), len(files), "")
    if report.document_ids:
        session.announce_bulk(f"Import {report.documents} documents", report.document_ids)
    return report


_SPAN_COLUMNS = (
    "id",
    "document_id",
    "start",
    "end",
    "label",
    "status",
    "origin",
    "score",
    "value",
    "value_origin",
    "note",
    "annotator",
    "suggested",
    "created",
    "updated",
)
_RELATION_COLUMNS = ("id", "document_id", "head", "child", "label")


def _store_documents(
    session: Session,
    located: Sequence[Located],
    report: ImportReport,
    origin: str,
    new_labels: Sequence[str],
) -> None:
    """Write one file's documents and everything they carry in one transaction.

    Spans and relations go in as plain tuples through one `executemany` each: at ~13 spans an
    article, a dict per row costs more than SQLite's insert.
    """
    store = session.store
    time = now()
    with store.roomy_cache(), store.transaction():
        if new_labels:
            session.add_labels(new_labels)
        uids = [text_uid(item.document.text) for item in located]
        seen = store.existing_uids(uids)
        rows: dict[str, list[dict[str, Any]]] = {t: [] for t in ("document", "event", "argument")}
        span_rows: list[tuple[Any, ...]] = []
        relation_rows: list[tuple[Any, ...]] = []
        ids = {table: store.next_id(table) for table in TABLES}  # type: ignore[arg-type]
        added: list[int] = []
        spans = _SpanRows(session, time)
        for item, uid in zip(located, uids, strict=True):
            doc = item.document
            if uid in seen:
                report.duplicates += 1
                continue
            seen.add(uid)
            document_id = ids["document"]
            ids["document"] += 1
            added.append(document_id)
            rows["document"].append(
                {
                    "id": document_id,
                    "uid": uid,
                    "text": doc.text,
                    "title": doc.title or first_line(doc.text),
                    "source": doc.source,
                    "url": doc.url,
                    "published": doc.published,
                    "place": doc.place,
                    "language": doc.language,
                    "meta": doc.meta,
                    "status": doc.status.value,
                    "created": time,
                    "updated": time,
                }
            )
            first_span = ids["span"]
            ids["span"] = spans.add(doc, document_id, first_span, span_rows)
            relation_id = ids["relation"]
            for head, child, label in doc.relations:
                relation_rows.append(
                    (relation_id, document_id, first_span + head, first_span + child, label)
                )
                relation_id += 1
            ids["relation"] = relation_id
            for type_, trigger, arguments, attributes in doc.events:
                event_id = ids["event"]
                ids["event"] += 1
                rows["event"].append(
                    {
                        "id": event_id,
                        "document_id": document_id,
                        "type": type_,
                        "trigger": first_span + trigger,
                        "attributes": attributes,
                    }
                )
                for role, index in arguments:
                    rows["argument"].append(
                        {
                            "id": ids["argument"],
                            "event_id": event_id,
                            "role": role,
                            "span": first_span + index,
                        }
                    )
                    ids["argument"] += 1
        store.insert_many("document", rows["document"])
        store.insert_rows("span", _SPAN_COLUMNS, span_rows)
        store.insert_rows("relation", _RELATION_COLUMNS, relation_rows)
        store.insert_many("event", rows["event"])
        store.insert_many("argument", rows["argument"])
        if added:
            store.log(
                "import",
                f"Import {len(added)} documents from {origin}",
                (),
                annotator=session.annotator,
                document_id=None,
                state="bulk",
            )
    report.documents += len(added)
    report.document_ids.extend(added)
    report.spans += len(span_rows)
    report.relations += len(relation_rows)
    report.events += len(rows["event"])


def first_line(text: str, limit: int = 160) -> str:
    """A title for a document that came without one: its first non-empty line."""
    line = next((line.strip() for line in text.split("\n") if line.strip()), "")
    return line if len(line) <= limit else line[: limit - 1] + "…"


class _SpanRows:
    """Span rows of imported documents, DATE/TIME spans with their calendar values."""

    def __init__(self, session: Session, time: str) -> None:
        # Without a loaded pipeline the tense is unknown (the valuer never loads spaCy itself).
        self.valuer = session.valuer or make_valuer()
        self.temporal = session.schema.temporal_labels
        self.annotator = session.annotator
        self.time = time

    def add(self, doc: NewDocument, document_id: int, span_id: int, rows: list[Any]) -> int:
        """Append the document's span rows (ids from `span_id` on, in order); the next id."""
        valued = None
        annotator, time, temporal = self.annotator, self.time, self.temporal
        for span in doc.spans:
            value, value_origin = span.value, span.value_origin
            if value is None and span.label in temporal:
                if valued is None:
                    valued = _stub_document(doc, document_id)
                value = self.valuer(valued, span.start, span.end, span.label)
                value_origin = ValueOrigin.COMPUTED if value is not None else None
            rows.append(
                (
                    span_id,
                    document_id,
                    span.start,
                    span.end,
                    span.label,
                    span.status._value_,  # `.value` is a descriptor: ~1 µs a span
                    span.origin,
                    span.score,
                    value,
                    value_origin._value_ if value_origin else None,
                    span.note,
                    annotator,
                    None,
                    time,
                    time,
                )
            )
            span_id += 1
        return span_id


def _stub_document(doc: NewDocument, document_id: int) -> Document:
    """The document as the valuer sees it, before it is stored."""
    return Document(
        id=document_id,
        uid="",
        text=doc.text,
        title=doc.title,
        source=doc.source,
        url=doc.url,
        published=doc.published,
        place=doc.place,
        language=doc.language,
        meta=doc.meta,
    )
