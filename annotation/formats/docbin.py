"""spaCy's training format: a `.spacy` file (a serialised `DocBin`), read and write.

Writing: one `Doc` per document, made by the tokenizer of the document's language (the same
tokens as the JSONL export). The exporter hands it documents marked done unless asked for all;
in a document not marked done, tokens outside its spans are *missing*, not "outside", so that
`ner` learns nothing from text nobody reviewed. Accepted entity spans become `doc.ents` and
also the span group `doc.spans["sc"]` (what `spacy train` reads for `ner` and for `spancat`
respectively). Where a document's accepted spans overlap, `doc.ents` cannot hold them: its
entity annotation is left *missing* (not "outside") and the spans are only in
`doc.spans["sc"]`. Rejected suggestions, when asked for, go to `doc.spans["incorrect_spans"]`,
which `ner` learns from as known-wrong spans when configured with `incorrect_spans_key =
"incorrect_spans"`. A span whose ends do not fall on token boundaries cannot be written: it is
left out and reported (`AlignmentIssue`).

Reading: a DocBin is zlib-compressed msgpack, decoded by spaCy through srsly's msgpack (arrays
come back through `numpy.frombuffer`, which refuses object arrays), so nothing in the file is
unpickled or evaluated. `Doc.user_data` is never read. Documents carry no metadata in a DocBin:
they come back as new documents in English with their text and entity spans.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from itertools import pairwise
from pathlib import Path
from typing import Any

from annotation.formats.alignment import AlignmentIssue, check_alignment, summary
from annotation.formats.base import DocumentData, ExportOptions, FormatError, Located, WriteResult
from annotation.formats.files import CORPUS, read_input
from annotation.model import DocStatus, NewDocument, NewSpan, SpanStatus
from annotation.schema import Schema
from annotation.tokens import tokenizer, tokens_of

SPANS_KEY = "sc"
INCORRECT_SPANS_KEY = "incorrect_spans"


def make_doc(data: DocumentData, schema: Schema, issues: list[AlignmentIssue]) -> tuple[Any, int]:
    """The spaCy Doc of one document, and how many entity spans it holds."""
    document = data.document
    doc = tokenizer(document.language)(document.text)
    tokens = tokens_of(doc)
    entities: list[Any] = []
    incorrect: list[Any] = []
    for span in data.spans:
        if schema.is_trigger(span.label) or span.status is SpanStatus.SUGGESTED:
            continue
        issue = check_alignment(
            document.id, document.text, tokens, span.start, span.end, span.label
        )
        if issue is not None:
            issues.append(issue)
            continue
        # kb_id: the registry entity the span links to, for spaCy's entity linker
        kb_id = str(span.entity_id) if span.entity_id is not None else 0  # 0: none
        made = doc.char_span(
            span.start, span.end, label=span.label, kb_id=kb_id, alignment_mode="strict"
        )
        if made is None:  # pragma: no cover - check_alignment said it aligns
            continue
        (entities if span.status is SpanStatus.ACCEPTED else incorrect).append(made)
    entities.sort(key=lambda s: (s.start_char, s.end_char))
    overlapping = any(a.end > b.start for a, b in pairwise(entities))
    if overlapping:
        doc.set_ents([], default="missing")
    elif document.status is DocStatus.DONE:
        doc.ents = entities
    else:
        # Nobody finished it (--all-documents): what is not a span is unknown, not "no entity".
        doc.set_ents(entities, default="missing")
    doc.spans[SPANS_KEY] = entities
    if incorrect:
        doc.spans[INCORRECT_SPANS_KEY] = incorrect
    return doc, len(entities)


def write(
    items: Iterable[DocumentData], out: Path, schema: Schema, options: ExportOptions
) -> WriteResult:
    """The registry's writer: a DocBin file; with --strict, a misaligned span is an error."""
    from spacy.tokens import DocBin

    result = WriteResult()
    doc_bin = DocBin(store_user_data=False)
    for data in items:
        doc, count = make_doc(data, schema, result.issues)
        doc_bin.add(doc)
        result.documents += 1
        result.spans += count
    if options.strict and result.issues:
        raise FormatError(summary(result.issues, "a .spacy file"))
    out.write_bytes(doc_bin.to_bytes())
    return result


#: The most a `.spacy` file may hold once unpacked (~5 million tokens with spaCy's usual token
#: attributes): a DocBin is zlib-compressed, and a small crafted file could otherwise unpack into
#: more memory than the machine has. Reading one takes about twice this at most.
MAX_UNPACKED_BYTES = 512 * 1024**2
#: DocBin's fields (spaCy's `DocBin.to_bytes`) and their msgpack types
_FIELDS: dict[str, type] = {
    "attrs": list,
    "tokens": bytes,
    "spaces": bytes,
    "lengths": bytes,
    "strings": list,
    "cats": list,
}
_OPTIONAL_FIELDS: dict[str, type] = {"flags": list, "span_groups": list, "user_data": list}


def _check_unpacked_size(data: bytes, path: str | Path, limit: int) -> None:
    """Refuse a DocBin that unpacks to more than `limit` bytes, counting 16 MB at a time."""
    unpacker = zlib.decompressobj()
    size = 0
    chunk = data
    try:
        while chunk:
            size += len(unpacker.decompress(chunk, 16 * 1024**2))
            if size > limit:
                raise FormatError(
                    f"unpacks to more than {limit / 1024**2:,.0f} MB, more than Dateline reads "
                    "from one .spacy file: not imported (split the corpus into several .spacy "
                    "files)",
                    path=path,
                )
            chunk = unpacker.unconsumed_tail
    except zlib.error as exc:
        raise FormatError(
            f"not a spaCy DocBin (.spacy) file: it is not zlib-compressed ({exc})", path=path
        ) from exc


def _check_fields(data: bytes, path: str | Path) -> None:
    """Unpack the DocBin's fields and check they fit together before spaCy builds anything.

    Says what is wrong (a missing field, a token table of the wrong size) where spaCy would
    fail with a bare `KeyError('attrs')` or a numpy shape error.
    """
    import numpy
    import srsly

    def refuse(problem: str) -> FormatError:
        return FormatError(f"not a spaCy DocBin (.spacy) file: {problem}", path=path)

    try:
        msg = srsly.msgpack_loads(zlib.decompress(data))
    except Exception as exc:  # msgpack and numpy raise their own
        raise refuse(f"its content is not a DocBin's msgpack ({exc})") from exc
    if not isinstance(msg, dict):
        raise refuse(f"it holds a {type(msg).__name__}, not a DocBin's fields")
    missing = [name for name in _FIELDS if name not in msg]
    if missing:
        held = ", ".join(repr(key) for key in list(msg)[:8]) or "nothing"
        raise refuse(f"it lacks the field {missing[0]!r} (it holds {held})")
    for name, kind in {**_FIELDS, **_OPTIONAL_FIELDS}.items():
        if name in msg and not isinstance(msg[name], kind):
            raise refuse(f"its field {name!r} is a {type(msg[name]).__name__}, not {kind.__name__}")
    attributes = len(msg["attrs"])
    if len(msg["lengths"]) % 4 or not attributes:
        raise refuse("its token counts ('lengths') or attributes ('attrs') are damaged")
    lengths = numpy.frombuffer(msg["lengths"], dtype="int32")
    if (lengths < 0).any():
        raise refuse("a document has a negative number of tokens")
    tokens = int(lengths.sum(dtype="int64"))
    if len(msg["tokens"]) != tokens * attributes * 8:
        raise refuse(
            f"its token table holds {len(msg['tokens']):,} bytes where {tokens:,} tokens of "
            f"{attributes} attributes need {tokens * attributes * 8:,}"
        )
    if len(msg["spaces"]) != tokens:
        raise refuse(f"it has {len(msg['spaces']):,} token spaces for {tokens:,} tokens")
    for name in ("cats", "flags", "span_groups"):
        if name in msg and len(msg[name]) != len(lengths):
            raise refuse(
                f"its field {name!r} has {len(msg[name])} entries for {len(lengths)} documents"
            )


def read(path: Path, encoding: str | None, schema: Schema) -> list[Located]:
    """The registry's reader (a DocBin has no encoding and no schema to heed)."""
    return [Located(path, None, doc, f"document {n}") for n, doc in read_docbin(path)]


def read_docbin(
    path: str | Path, max_unpacked: int = MAX_UNPACKED_BYTES
) -> list[tuple[int, NewDocument]]:
    """The documents of a `.spacy` file, numbered from 1; raises FormatError naming the document."""
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    data = read_input(path, CORPUS)
    _check_unpacked_size(data, path, max_unpacked)
    _check_fields(data, path)  # what it unpacked is freed before spaCy unpacks it again
    try:
        doc_bin = DocBin(store_user_data=False).from_bytes(data)
    except Exception as exc:  # zlib, msgpack, numpy and spaCy each raise their own
        raise FormatError(f"not a spaCy DocBin (.spacy) file ({exc})", path=path) from exc
    # user_data is msgpack too, but it is arbitrary: it never reaches a Doc.
    doc_bin.user_data = [None] * len(doc_bin)
    documents = []
    docs = doc_bin.get_docs(Vocab())
    number = 0
    while True:
        number += 1
        try:
            doc = next(docs)
        except StopIteration:
            break
        except Exception as exc:
            raise FormatError(f"document {number}: damaged DocBin data ({exc})", path=path) from exc
        try:
            documents.append((number, _document(doc)))
        except FormatError as exc:
            raise FormatError(f"document {number}: {exc}", path=path) from exc
    return documents


def _document(doc: Any) -> NewDocument:
    text = doc.text
    if not text.strip():
        raise FormatError("no text")
    if "\r" in text:
        raise FormatError(
            "the text has CR line endings: its offsets would not survive normalising them"
        )
    group = doc.spans.get(SPANS_KEY)
    found = list(group) if group is not None and len(group) else list(doc.ents)
    spans = [
        NewSpan(s.start_char, s.end_char, s.label_, origin="import:spacy")
        for s in sorted(found, key=lambda s: (s.start_char, s.end_char))
        if s.label_
    ]
    if INCORRECT_SPANS_KEY in doc.spans:
        spans += [
            NewSpan(
                s.start_char,
                s.end_char,
                s.label_,
                status=SpanStatus.REJECTED,
                origin="import:spacy",
            )
            for s in doc.spans[INCORRECT_SPANS_KEY]
            if s.label_
        ]
    return NewDocument(text=text, spans=tuple(spans))
