"""Write the corpus out in any format of the registry (`formats/registry.py`): which documents
and spans, split into parts, checked and written atomically. The formats themselves live in
`formats/`: JSONL training data (the primary shape, DESIGN.md §5), spaCy DocBin, doccano JSONL,
brat standoff, CoNLL IOB2.

Every output appears under its name only when complete: files are written beside the target and
renamed into place, a brat folder is filled beside the target and renamed in (see
`formats.files.atomic_output` and `atomic_folder`).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from annotation.formats import registry
from annotation.formats.alignment import AlignmentIssue
from annotation.formats.base import DocumentData, ExportOptions, FormatError
from annotation.formats.files import atomic_folder, atomic_output, check_output
from annotation.formats.registry import Format
from annotation.model import DocStatus
from annotation.schema import Schema
from annotation.store import Store

__all__ = ["ExportOptions", "ExportReport", "check_options", "export", "export_jsonl"]

Progress = Callable[[int, int], None]
_PAGE = 256
_DEFAULTS = ExportOptions()


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


def export(
    store: Store,
    schema: Schema,
    out: str | Path,
    fmt: str | None = None,
    options: ExportOptions = _DEFAULTS,
    progress: Progress | None = None,
) -> ExportReport:
    """Write the corpus to `out` in a format (inferred from the suffix when not given)."""
    out = Path(out)
    codec = registry.for_output(out, fmt)
    check_options(codec.name, options)
    ids = store.document_ids(DocStatus.DONE if options.only_done else None)
    parts: list[tuple[Path, list[int]]]
    if options.split is None:
        parts = [(out, ids)]
    else:
        train, dev = split_ids(ids, options.split, options.seed)
        parts = [(part_path(out, "train"), train), (part_path(out, "dev"), dev)]
    for path, _ids in parts:  # every part, before anything is written
        check_output(path, [store.path], folder=codec.folder)
    report = ExportReport(codec.name)
    counter = _Counter(len(ids), progress)
    # Every part is renamed into place only when all are written: a failure leaves none.
    with ExitStack() as stack:
        for path, part_ids in parts:
            target = stack.enter_context(_destination(codec, path, options))
            result = codec.write(_data(store, part_ids, options, counter), target, schema, options)
            report.outputs.append((path, result.documents))
            report.left_out.extend(result.issues)
    counter.finish()
    return report


def _destination(codec: Format, path: Path, options: ExportOptions) -> AbstractContextManager[Path]:
    """The temporary file or folder `codec` writes, renamed to `path` when the stack closes."""
    if codec.folder:
        return atomic_folder(path, force=options.force, replaceable=codec.foreign_content)
    return atomic_output(path)


def check_options(fmt: str, options: ExportOptions) -> None:
    """Refuse options the format cannot honour, before anything is written."""
    codec = registry.export_format(fmt)
    if options.split is not None and not 0 < options.split < 1:
        raise FormatError(
            f"--split must be between 0 and 1 (the training share), not {options.split}"
        )
    if options.doccano_shape not in ("entities", "label"):
        raise FormatError(f"unknown doccano shape {options.doccano_shape!r}: entities or label")
    if options.include_suggestions and not codec.keeps_status:
        raise FormatError(
            f"{fmt} has no place for a span's status: --include-suggestions works with "
            + ", ".join(f.name for f in registry.writable() if f.keeps_status)
        )
    if options.include_rejected and not codec.keeps_rejected:
        raise FormatError(
            f"{fmt} has no place for a span's status: --include-rejected works with jsonl "
            "(and spacy, as doc.spans['incorrect_spans'])"
        )


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
    """Documents with the spans the options select and their links, a few queries for all."""
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


def export_jsonl(
    store: Store,
    schema: Schema,
    out: str | Path,
    options: ExportOptions = _DEFAULTS,
    progress: Progress | None = None,
) -> int:
    """Write the corpus to `out` as primary JSONL; returns the number of documents written."""
    return export(store, schema, out, "jsonl", options, progress).documents
