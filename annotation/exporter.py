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
from dataclasses import dataclass, field, replace
from pathlib import Path

from annotation.formats import registry
from annotation.formats.alignment import AlignmentIssue, spans
from annotation.formats.base import DocumentData, ExportOptions, FormatError
from annotation.formats.files import atomic_folder, atomic_output, check_output
from annotation.formats.registry import Format
from annotation.model import DocStatus
from annotation.schema import Schema
from annotation.store import Store

__all__ = [
    "ExportOptions",
    "ExportReport",
    "check_options",
    "document_notes",
    "export",
    "export_jsonl",
    "span_note",
]

Progress = Callable[[int, int], None]
_PAGE = 256
_DEFAULTS = ExportOptions()
DONE = DocStatus.DONE


@dataclass
class ExportReport:
    """What an export wrote, what it left out, and what it included that nobody reviewed."""

    format: str
    #: (path, documents) for each file or folder written, in order
    outputs: list[tuple[Path, int]] = field(default_factory=list)
    #: spans a token-based format could not hold on token boundaries (or overlapping): left out
    #: (.spacy, CoNLL) or written without token indices (JSONL); see `misaligned`
    left_out: list[AlignmentIssue] = field(default_factory=list)
    #: what the format does with such spans (the registry's `misaligned`)
    misaligned: str = ""
    #: documents not written because nobody marked them done, by status
    documents_left_out: dict[DocStatus, int] = field(default_factory=dict)
    #: documents written to a training format though nobody marked them done (--all-documents)
    unreviewed_included: dict[DocStatus, int] = field(default_factory=dict)
    #: it holds only documents marked done (--only-done, or a training format's default)
    done_only: bool = False
    #: the selection was the format's default (training data: done only), not --only-done
    done_by_default: bool = False

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
    paths = [out] if options.split is None else [part_path(out, p) for p in ("train", "dev")]
    for path in paths:  # every part, before anything is read or written
        check_output(path, [store.path], folder=codec.folder)
    report = ExportReport(codec.name, misaligned=codec.misaligned)
    ids = _select(store, codec, options, report)
    parts: list[tuple[Path, list[int]]]
    if options.split is None:
        parts = [(out, ids)]
    else:
        train, dev = split_ids(ids, options.split, options.seed)
        parts = list(zip(paths, (train, dev), strict=True))
    counter = _Counter(len(ids), progress)
    options = _with_predictions(codec, options)
    # Every part is renamed into place only when all are written: a failure leaves none.
    with ExitStack() as stack:
        for path, part_ids in parts:
            target = stack.enter_context(_destination(codec, path, options))
            result = codec.write(_data(store, part_ids, options, counter), target, schema, options)
            report.outputs.append((path, result.documents))
            report.left_out.extend(result.issues)
    counter.finish()
    return report


#: how each status reads in a report
_STATUS_WORDS = {
    DocStatus.NEW: "new",
    DocStatus.IN_PROGRESS: "in progress",
    DocStatus.SKIPPED: "skipped",
    DocStatus.DONE: "done",
}


def _select(store: Store, codec: Format, options: ExportOptions, report: ExportReport) -> list[int]:
    """The ids to export: every document, or only those marked done (--only-done, and training
    formats unless --all-documents), counting by status what is left out or included unreviewed.

    Refuses a done-only export when nothing is done: an empty training file looks like success.
    """
    done_only = options.only_done or (codec.training and not options.all_documents)
    others = {
        status: len(store.document_ids(status)) for status in _STATUS_WORDS if status is not DONE
    }
    others = {status: count for status, count in others.items() if count}
    if not done_only:
        if codec.training:
            report.unreviewed_included = others
        return store.document_ids()
    ids = store.document_ids(DONE)
    report.documents_left_out = others
    report.done_only = True
    report.done_by_default = not options.only_done
    if not ids:
        if not others:
            raise FormatError(
                f"nothing to export: the project holds no documents, and {codec.name} exports "
                "only documents marked done"
            )
        why = (
            "--only-done"
            if options.only_done
            else f"{codec.name} is training data, so it holds only documents marked done"
        )
        raise FormatError(
            f"nothing to export: no document is marked done ({_by_status(others)}), and {why}. "
            "Mark the documents an analyst has finished as done"
            + ("" if options.only_done else ", or export every document with --all-documents")
        )
    return ids


def _with_predictions(codec: Format, options: ExportOptions) -> ExportOptions:
    """A format that writes suggestions as predictions (Label Studio) reads them too."""
    if codec.writes_predictions and not options.include_suggestions:
        return replace(options, include_suggestions=True)
    return options


def _by_status(counts: dict[DocStatus, int]) -> str:
    return ", ".join(f"{count} {_STATUS_WORDS[status]}" for status, count in counts.items())


def _documents(count: int) -> str:
    return f"{count} document" if count == 1 else f"{count} documents"


#: what each training format does with a document nobody reviewed, when it is included
_UNREVIEWED_WRITTEN = {
    "spacy": "their tokens outside a span are marked missing, not 'no entity'",
    "jsonl": "they carry no 'answer' (skipped ones: 'ignore'); train only on answer 'accept'",
    "conll": "CoNLL cannot say that text is unreviewed: their tokens outside a span are tagged O",
}


def document_notes(report: ExportReport, *, include_hint: str = "--all-documents") -> list[str]:
    """The lines an analyst sees about documents left out or included unreviewed.

    `include_hint` names how to include the rest (the command line's option by default).
    """
    notes = []
    if report.documents_left_out:
        count = sum(report.documents_left_out.values())
        line = (
            f"Left out {_documents(count)} nobody marked done "
            f"({_by_status(report.documents_left_out)})"
        )
        if report.done_by_default:
            line += (
                f": {report.format} is training data, and their unreviewed text would teach a "
                f"model there is no entity in it. Mark them done, or include them with "
                f"{include_hint}"
            )
        notes.append(line + ".")
    if report.unreviewed_included:
        count = sum(report.unreviewed_included.values())
        written = _UNREVIEWED_WRITTEN.get(report.format, "")
        notes.append(
            f"Included {_documents(count)} nobody marked done "
            f"({_by_status(report.unreviewed_included)})" + (f": {written}." if written else ".")
        )
    return notes


def span_note(report: ExportReport) -> str | None:
    """The line above the spans a token-based format could not hold whole, or None."""
    if not report.left_out:
        return None
    count = spans(len(report.left_out))
    if report.misaligned == "left out":
        return (
            f"Left out {count} that {report.format} cannot hold (it labels whole spaCy tokens; "
            "--strict makes this an error):"
        )
    return (
        f"Wrote {count} {report.misaligned or 'as they are'}: they do not cover whole spaCy "
        "tokens, so Prodigy and spaCy drop them when training (--strict makes this an error):"
    )


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
    if options.include_suggestions and not (codec.keeps_status or codec.writes_predictions):
        raise FormatError(
            f"{fmt} has no place for a span's status: --include-suggestions works with "
            + ", ".join(f.name for f in registry.writable() if f.keeps_status)
        )
    if options.only_done and options.all_documents:
        raise FormatError("--only-done and --all-documents contradict each other: choose one")
    if options.all_documents and not codec.training:
        raise FormatError(
            "--all-documents is for training data ("
            + ", ".join(f.name for f in registry.writable() if f.training)
            + f"); {fmt} writes every document unless --only-done"
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
