"""Write the corpus out: JSONL training data (the primary shape, DESIGN.md §5), spaCy DocBin,
doccano JSONL, brat standoff or CoNLL IOB2.

Every output appears under its name only when complete: files are written beside the target and
renamed into place, a brat folder is filled beside the target and renamed in (see
`formats.base.atomic_output` and `atomic_folder`).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from annotation.formats.alignment import AlignmentIssue
from annotation.formats.base import DocumentData, FormatError, atomic_folder, atomic_output
from annotation.formats.files import check_output
from annotation.formats.jsonl import document_record, dumps
from annotation.model import DocStatus, Document, SpanStatus
from annotation.schema import Schema
from annotation.store import Store
from annotation.tokens import Tokens, tokenize_many

Progress = Callable[[int, int], None]
_PAGE = 256

#: Export formats by name.
EXPORT_FORMATS = ("jsonl", "spacy", "doccano", "brat", "conll")
#: Output suffixes that imply a format (doccano files are `.jsonl` too: name it explicitly).
_SUFFIX_FORMAT = {".jsonl": "jsonl", ".spacy": "spacy", ".conll": "conll", ".iob": "conll"}
#: What `dateline export --format NAME` writes when no output is named.
DEFAULT_OUTPUT = {
    "jsonl": "dateline.jsonl",
    "spacy": "dateline.spacy",
    "doccano": "dateline.doccano.jsonl",
    "brat": "dateline-brat",
    "conll": "dateline.conll",
}


@dataclass(frozen=True)
class ExportOptions:
    """Which documents and spans an export holds, and how it is written."""

    only_done: bool = False
    include_suggestions: bool = False
    include_rejected: bool = False
    #: the share of documents for the training part (None: no split)
    split: float | None = None
    seed: int = 0
    #: token-based formats: a span that does not align to tokens is an error, not a report line
    strict: bool = False
    #: brat: replace an existing export folder
    force: bool = False
    #: doccano: "entities" (with relations and flattened events) or "label" (triples)
    doccano_shape: str = "entities"

    @property
    def statuses(self) -> tuple[SpanStatus, ...]:
        wanted = [SpanStatus.ACCEPTED]
        if self.include_suggestions:
            wanted.append(SpanStatus.SUGGESTED)
        if self.include_rejected:
            wanted.append(SpanStatus.REJECTED)
        return tuple(wanted)

    @property
    def with_provenance(self) -> bool:
        return self.include_suggestions or self.include_rejected


@dataclass
class ExportReport:
    """What an export wrote, and the spans a format could not hold."""

    format: str
    #: (path, documents) for each file or folder written, in order
    outputs: list[tuple[Path, int]] = field(default_factory=list)
    #: spans left out by a token-based format (not aligned to tokens, or overlapping)
    left_out: list[AlignmentIssue] = field(default_factory=list)

    @property
    def documents(self) -> int:
        return sum(count for _path, count in self.outputs)


def export_format(output: str | Path, fmt: str | None) -> str:
    """The format to write: the one asked for, else the one the output's suffix implies."""
    if fmt is not None:
        if fmt not in EXPORT_FORMATS:
            raise FormatError(f"unknown export format {fmt!r}; known: {', '.join(EXPORT_FORMATS)}")
        return fmt
    suffix = Path(output).suffix.lower()
    inferred = _SUFFIX_FORMAT.get(suffix)
    if inferred is None:
        raise FormatError(
            f"cannot tell the export format from {str(output)!r}; pass --format "
            f"({', '.join(EXPORT_FORMATS)}); .jsonl means jsonl, .spacy spacy, .conll conll, "
            "and brat writes a folder",
            path=None,
        )
    return inferred


def part_path(output: Path, part: str) -> Path:
    """`out.jsonl` -> `out.train.jsonl` (a folder `out` -> `out.train`)."""
    return output.with_name(f"{output.stem}.{part}{output.suffix}")


def split_ids(ids: list[int], share: float, seed: int) -> tuple[list[int], list[int]]:
    """Train and dev document ids: a shuffle fixed by the seed, each part in id order."""
    if not 0 < share < 1:
        raise FormatError(f"--split must be between 0 and 1 (the training share), not {share}")
    shuffled = sorted(ids)
    random.Random(seed).shuffle(shuffled)
    cut = round(len(shuffled) * share)
    return sorted(shuffled[:cut]), sorted(shuffled[cut:])


def documents(store: Store, options: ExportOptions) -> Iterator[Document]:
    """The documents an export holds, in id order, a page at a time."""
    status = DocStatus.DONE if options.only_done else None
    after = 0
    while True:
        page = store.documents(status=status, after_id=after, limit=_PAGE)
        if not page:
            return
        for summary in page:
            yield store.document(summary.id)
        after = page[-1].id


def document_data(store: Store, doc: Document, options: ExportOptions) -> DocumentData:
    """A document with the spans the options select, and its links."""
    return DocumentData(
        document=doc,
        spans=tuple(store.spans(doc.id, options.statuses)),
        relations=tuple(store.relations(doc.id)),
        events=tuple(store.events(doc.id)),
        arguments=tuple(store.document_arguments(doc.id)),
    )


def record(
    data: DocumentData, schema: Schema, tokens: Tokens, options: ExportOptions
) -> dict[str, Any]:
    """One document in the primary JSONL shape."""
    return document_record(data, schema, tokens, with_provenance=options.with_provenance)


def export(
    store: Store,
    schema: Schema,
    out: str | Path,
    fmt: str | None = None,
    options: ExportOptions = ExportOptions(),
    progress: Progress | None = None,
) -> ExportReport:
    """Write the corpus to `out` in a format (inferred from the suffix when not given)."""
    out = Path(out)
    fmt = export_format(out, fmt)
    check_options(fmt, options)
    ids = store.document_ids(DocStatus.DONE if options.only_done else None)
    parts: list[tuple[Path, list[int]]]
    if options.split is None:
        parts = [(out, ids)]
    else:
        train, dev = split_ids(ids, options.split, options.seed)
        parts = [(part_path(out, "train"), train), (part_path(out, "dev"), dev)]
    for path, _ids in parts:  # every part, before anything is written
        check_output(path, [store.path], folder=fmt == "brat")
    report = ExportReport(fmt)
    counter = _Counter(len(ids), progress)
    # Every part is renamed into place only when all are written: a failure leaves none.
    with ExitStack() as stack:
        for path, part_ids in parts:
            written = _write(store, schema, path, fmt, part_ids, options, report, counter, stack)
            report.outputs.append((path, written))
    counter.finish()
    return report


def check_options(fmt: str, options: ExportOptions) -> None:
    """Refuse options the format cannot honour, before anything is written."""
    if options.split is not None and not 0 < options.split < 1:
        raise FormatError(
            f"--split must be between 0 and 1 (the training share), not {options.split}"
        )
    if fmt == "jsonl":
        return
    if options.include_suggestions:
        raise FormatError(
            f"{fmt} has no place for a span's status: --include-suggestions works with jsonl"
        )
    if options.include_rejected and fmt != "spacy":
        raise FormatError(
            f"{fmt} has no place for a span's status: --include-rejected works with jsonl "
            "(and spacy, as doc.spans['incorrect_spans'])"
        )
    if options.doccano_shape not in ("entities", "label"):
        raise FormatError(f"unknown doccano shape {options.doccano_shape!r}: entities or label")


class _Counter:
    """Progress across every part of an export."""

    def __init__(self, total: int, progress: Progress | None) -> None:
        self.total = total
        self.done = 0
        self.progress = progress

    def step(self) -> None:
        self.done += 1
        if self.progress is not None and (self.done % 64 == 0 or self.done == self.total):
            self.progress(self.done, self.total)

    def finish(self) -> None:
        if self.progress is not None:
            self.progress(self.done, self.total)


def page_data(store: Store, ids: Sequence[int], options: ExportOptions) -> list[DocumentData]:
    """`document_data` of many documents, read with a few queries for all of them."""
    statuses = options.statuses
    docs = store.documents_by_id(ids)
    spans = store.spans_by_document(ids, statuses)
    relations = store.relations_by_document(ids)
    events = store.events_by_document(ids)
    arguments = store.arguments_by_document(ids)
    return [
        DocumentData(
            document=doc,
            spans=tuple(spans[doc.id]),
            relations=tuple(relations[doc.id]),
            events=tuple(events[doc.id]),
            arguments=tuple(arguments[doc.id]),
        )
        for doc in docs
    ]


def _data(
    store: Store, ids: Sequence[int], options: ExportOptions, counter: _Counter
) -> Iterator[DocumentData]:
    for first in range(0, len(ids), _PAGE):
        for data in page_data(store, ids[first : first + _PAGE], options):
            yield data
            counter.step()


def _write(
    store: Store,
    schema: Schema,
    path: Path,
    fmt: str,
    ids: list[int],
    options: ExportOptions,
    report: ExportReport,
    counter: _Counter,
    stack: ExitStack,
) -> int:
    """Write one output into a temporary file or folder that `stack` renames in at its end."""
    if fmt == "brat":
        from annotation.formats.brat import foreign_content, write_brat

        folder = stack.enter_context(
            atomic_folder(path, force=options.force, replaceable=foreign_content)
        )
        return write_brat(_data(store, ids, options, counter), folder, schema)
    handle = stack.enter_context(atomic_output(path))
    if fmt == "jsonl":
        return _write_jsonl(store, schema, ids, options, handle, counter)
    if fmt == "doccano":
        from annotation.formats.doccano import Shape, write_doccano

        shape: Shape = "label" if options.doccano_shape == "label" else "entities"
        return write_doccano(_data(store, ids, options, counter), handle, schema, shape)
    if fmt == "spacy":
        from annotation.formats.docbin import write_docbin

        result = write_docbin(
            _data(store, ids, options, counter), handle, schema, strict=options.strict
        )
    else:
        from annotation.formats.conll import write_conll

        result = write_conll(
            _data(store, ids, options, counter), handle, schema, strict=options.strict
        )
    report.left_out.extend(result.issues)
    return result.documents


def _write_jsonl(
    store: Store,
    schema: Schema,
    ids: list[int],
    options: ExportOptions,
    handle: IO[bytes],
    counter: _Counter,
) -> int:
    written = 0
    for first in range(0, len(ids), _PAGE):
        batch = page_data(store, ids[first : first + _PAGE], options)
        written += _write_batch(schema, batch, options, handle)
        for _ in batch:
            counter.step()
    return written


def export_jsonl(
    store: Store,
    schema: Schema,
    out: str | Path,
    options: ExportOptions = ExportOptions(),
    progress: Progress | None = None,
) -> int:
    """Write the corpus to `out` as primary JSONL; returns the number of documents written."""
    return export(store, schema, out, "jsonl", options, progress).documents


def _write_batch(
    schema: Schema, batch: list[DocumentData], options: ExportOptions, handle: Any
) -> int:
    by_language: dict[str, list[DocumentData]] = {}
    for data in batch:
        by_language.setdefault(data.document.language, []).append(data)
    lines: dict[int, bytes] = {}
    for language, group in by_language.items():
        texts = (data.document.text for data in group)
        for data, tokens in zip(group, tokenize_many(texts, language), strict=True):
            lines[data.document.id] = dumps(record(data, schema, tokens, options))
    for data in batch:
        handle.write(lines[data.document.id])
    return len(batch)
