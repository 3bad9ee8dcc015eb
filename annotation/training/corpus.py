"""What a model learns from: the project's done documents, split by document, as spaCy Docs.

A done document is fully annotated: its accepted entity spans are the entities and every other
token is outside one. Its rejected suggestions go along as `incorrect_spans` (known-wrong
spans: spaCy's `ner` reads them when its `incorrect_spans_key` is set, see `trainer.py`).
Docs are made by `formats.docbin.make_doc`, the `.spacy` export's own function, so tokens,
misaligned spans and overlapping spans are handled as that export handles them.

The split is by document and reproducible: documents are ranked by a hash of their uid and the
seed, and the first ones are held out. A document keeps its rank as the project grows, so the
held-out documents of the next model are mostly those of the last one (the comparison of two
models stays fair: see `trainer.compare`).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from annotation.errors import DatelineError
from annotation.exporter import page_data
from annotation.formats.alignment import AlignmentIssue
from annotation.formats.base import DocumentData, ExportOptions
from annotation.formats.docbin import INCORRECT_SPANS_KEY, SPANS_KEY, make_doc
from annotation.model import DocStatus, Span, SpanStatus
from annotation.regions import Range, excluded_ranges, overlaps
from annotation.schema import Schema

if TYPE_CHECKING:
    from annotation.store import Store

#: Accepted and rejected spans: what an analyst decided (done documents have nothing pending).
_DECIDED = ExportOptions(only_done=True, include_rejected=True)
_PAGE = 256


class TrainingError(DatelineError):
    """Training cannot start or go on (too few documents, a base that cannot load, ...)."""


@dataclass(frozen=True)
class Corpus:
    """The done documents, split into those the model learns from and those it is scored on."""

    train: tuple[DocumentData, ...]
    held_out: tuple[DocumentData, ...]
    #: the schema's entity labels (what the model learns to suggest)
    labels: tuple[str, ...]
    seed: int
    share: float

    @property
    def fingerprint(self) -> str:
        """A hash of everything the model saw: texts and decided spans of both parts."""
        digest = hashlib.blake2b(digest_size=12)
        for part, documents in (("train", self.train), ("held_out", self.held_out)):
            digest.update(part.encode())
            for data in documents:
                digest.update(data.document.uid.encode())
                for span in data.spans:
                    digest.update(f"{span.start},{span.end},{span.label},{span.status}".encode())
        return digest.hexdigest()


def done_documents(store: Store) -> list[DocumentData]:
    """Every done document with its accepted and rejected spans, in id order, without the
    regions that are not part of the article (annotation/regions.py)."""
    ids = store.document_ids(DocStatus.DONE)
    found: list[DocumentData] = []
    for first in range(0, len(ids), _PAGE):
        found += page_data(store, ids[first : first + _PAGE], _DECIDED)
    return [article_only(data, excluded_ranges(store, data.document)) for data in found]


def article_only(data: DocumentData, excluded: Sequence[Range]) -> DocumentData:
    """The document with the (merged, sorted) excluded ranges cut out of its text and the spans
    in them left out, the others moved to the shorter text. A "Latest News" list is neither
    something to learn entities from nor text where nothing is an entity."""
    if not excluded:
        return data
    text = data.document.text
    pieces: list[str] = []
    at = 0
    for start, end in excluded:
        pieces.append(text[at:start])
        at = max(at, end)
    pieces.append(text[at:])

    def shift(position: int) -> int:
        return position - sum(
            min(end, position) - start for start, end in excluded if start < position
        )

    spans = tuple(
        replace(s, start=shift(s.start), end=shift(s.end))
        for s in data.spans
        if not overlaps(excluded, s.start, s.end)
    )
    document = replace(data.document, text="".join(pieces))
    return replace(data, document=document, spans=spans)


def rank(uid: str, seed: int) -> str:
    """A document's place in the split order: fixed by its uid and the seed alone."""
    return hashlib.blake2b(f"{seed}:{uid}".encode(), digest_size=8).hexdigest()


def split(
    documents: Sequence[DocumentData], share: float, seed: int
) -> tuple[list[DocumentData], list[DocumentData]]:
    """(train, held out): `share` of the documents to train on, at least one of each."""
    if not 0 < share < 1:
        raise TrainingError(f"the training share must be between 0 and 1, not {share}")
    if len(documents) < 2:
        raise TrainingError(
            f"{len(documents)} done document{'s' if len(documents) != 1 else ''}: a model needs"
            " at least 2 (one to learn from, one to score it on); mark documents done with"
            " Ctrl+Enter in the window"
        )
    ordered = sorted(documents, key=lambda data: rank(data.document.uid, seed))
    held = min(max(math.ceil(len(ordered) * (1 - share) - 1e-9), 1), len(ordered) - 1)
    return _by_id(ordered[held:]), _by_id(ordered[:held])


def _by_id(documents: Sequence[DocumentData]) -> list[DocumentData]:
    return sorted(documents, key=lambda data: data.document.id)


def build_corpus(
    store: Store,
    schema: Schema,
    share: float = 0.8,
    seed: int = 0,
    held_out: Collection[str] = (),
) -> Corpus:
    """The project's done documents, split for training; `held_out` (uids), when given, are the
    documents to hold out instead of a share (a fixed test set, as bench/learning.py uses)."""
    documents = done_documents(store)
    if held_out:
        wanted = set(held_out)
        kept = [d for d in documents if d.document.uid in wanted]
        train = [d for d in documents if d.document.uid not in wanted]
        if not kept or not train:
            raise TrainingError("the documents to hold out leave nothing to learn from or score")
        return Corpus(tuple(train), tuple(kept), _labels(schema), seed, share)
    train, kept = split(documents, share, seed)
    return Corpus(tuple(train), tuple(kept), _labels(schema), seed, share)


def _labels(schema: Schema) -> tuple[str, ...]:
    return tuple(label.name for label in schema.labels)


def trainable(data: DocumentData, schema: Schema) -> DocumentData:
    """The spans a model can learn from: entity labels of the schema, and no negative that is
    also a positive (spaCy refuses an example that says both, E868)."""
    accepted = {
        (s.start, s.end, s.label)
        for s in data.spans
        if s.status is SpanStatus.ACCEPTED and schema.label(s.label) is not None
    }

    def keep(span: Span) -> bool:
        if schema.label(span.label) is None:
            return False
        return span.status is SpanStatus.ACCEPTED or (
            span.status is SpanStatus.REJECTED
            and (span.start, span.end, span.label) not in accepted
        )

    return replace(data, spans=tuple(s for s in data.spans if keep(s)), relations=(), events=())


def paragraphs(data: DocumentData) -> Iterator[DocumentData]:
    """The document cut at line breaks that no span crosses, blank lines left out.

    Short examples shuffle into many small batches: on re3d (38 documents) a fine-tune reached
    the same F1 in fewer steps than with whole documents (bench/learning.py).
    """
    text = data.document.text
    covered: set[int] = set()
    for span in data.spans:
        at = text.find("\n", span.start, span.end)
        while at != -1:
            covered.add(at)
            at = text.find("\n", at + 1, span.end)
    cuts = [at for at, char in enumerate(text) if char == "\n" and at not in covered]
    start = 0
    for end in [*cuts, len(text)]:
        piece = text[start:end]
        if piece.strip():
            inside = tuple(
                replace(s, start=s.start - start, end=s.end - start)
                for s in data.spans
                if start <= s.start and s.end <= end
            )
            yield replace(data, document=replace(data.document, text=piece), spans=inside)
        start = end + 1


def reference_docs(
    documents: Iterable[DocumentData], schema: Schema, issues: list[AlignmentIssue]
) -> Iterator[Any]:
    """spaCy Docs with the gold entities (and negatives), made as the `.spacy` export makes them.

    Where a document's accepted spans overlap (a schema with `allow_overlap`), the export leaves
    its entities missing; a flat entity recogniser learns the longest of them instead
    (`spacy.util.filter_spans`), so the document still teaches something.
    """
    from spacy.util import filter_spans

    for data in documents:
        doc, _count = make_doc(data, schema, issues)
        if not doc.has_annotation("ENT_IOB") and len(doc.spans.get(SPANS_KEY, ())):
            doc.set_ents(filter_spans(doc.spans[SPANS_KEY]), default="outside")
        yield doc


def negatives(doc: Any) -> int:
    """How many known-wrong spans a reference Doc carries."""
    return len(doc.spans.get(INCORRECT_SPANS_KEY, ()))
