"""CoNLL-2003-style IOB2: write, and read entity spans back.

Written: `-DOCSTART- -X- O O` and a blank line before each document, then one token per line
(`token TAG`, separated by a space, TAG being `O`, `B-LABEL` or `I-LABEL`), with a blank line
after each sentence. Tokens are spaCy's (the document's language); a token holding whitespace is
split at it, whitespace-only tokens are left out. A sentence ends at every line break and where
spaCy's rule-based `sentencizer` ends one, except inside an entity. Only accepted entity spans
are written; spans that do not cover whole tokens, or overlap an earlier span, are left out and
reported.

Read: the first column is the token and the last the tag (`token TAG`, or CoNLL-2003's four
columns). `O`, `B-`, `I-` and also `E-`/`S-` (BIOES) and `L-`/`U-` (BILOU) tags are understood;
an `I-` without its `B-` starts an entity (as IOB1 files do). The text is rebuilt from the tokens:
one space between tokens, a line break between sentences. What CoNLL cannot hold is lost: the
exact whitespace and line layout, metadata, status, values, relations and events.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from annotation.formats.alignment import check_alignment, locate, summary
from annotation.formats.base import (
    DocumentData,
    ExportOptions,
    FormatError,
    Located,
    WriteResult,
    word_problem,
)
from annotation.formats.files import CORPUS, read_text
from annotation.model import NewDocument, NewSpan, SpanStatus
from annotation.schema import Schema
from annotation.tokens import tokens_of

#: the document line spaCy's `spacy convert -c ner` splits documents at (it matches this exact
#: line); CoNLL-2003 readers (CoNLL-2003's own `-DOCSTART- -X- -X- O`, Hugging Face's and flair's
#: loaders, AllenNLP) skip any line whose first column is -DOCSTART-, so it suits them too
DOCSTART = "-DOCSTART- -X- O O"
_TAG = re.compile(r"^(?:O|([BIESLU])-(\S+))$")


@lru_cache(maxsize=8)
def _sentencizer(language: str) -> Any:
    """A blank pipeline of the language with the rule-based sentencizer."""
    import spacy

    try:
        nlp = spacy.blank(language or "en")
    except (ImportError, KeyError, ValueError):
        nlp = spacy.blank("xx")
    nlp.add_pipe("sentencizer")
    return nlp


# -- writing ------------------------------------------------------------------------------------


def document_lines(data: DocumentData, schema: Schema, result: WriteResult) -> list[str]:
    """One document's lines (starting with -DOCSTART-); left-out spans go to `result.issues`."""
    document = data.document
    doc = _sentencizer(document.language)(document.text)
    tokens = tokens_of(doc)
    tags = ["O"] * len(doc)
    inside: set[int] = set()  # token indices that continue an entity
    taken_until = -1
    wanted = [
        s for s in data.spans if s.status is SpanStatus.ACCEPTED and not schema.is_trigger(s.label)
    ]
    for span in sorted(wanted, key=lambda s: (s.start, -s.end, s.id)):
        problem = word_problem(span.label)
        if problem is not None:
            raise FormatError(
                f"document {document.id} ({document.title!r}): the label {span.label!r} holds "
                f"{problem}, which a CoNLL tag cannot (its columns are separated by spaces); "
                "rename it, using _ or - instead"
            )
        issue = check_alignment(
            document.id, document.text, tokens, span.start, span.end, span.label
        )
        if issue is None and span.start < taken_until:
            issue = locate(
                document.id,
                document.text,
                tokens,
                span.start,
                span.end,
                span.label,
                "overlaps another span (IOB tags hold one entity per token)",
            )
        if issue is not None:
            result.issues.append(issue)
            continue
        bounds = tokens.bounds(span.start, span.end)
        assert bounds is not None
        first, last = bounds
        tags[first] = f"B-{span.label}"
        for index in range(first + 1, last + 1):
            tags[index] = f"I-{span.label}"
            inside.add(index)
        taken_until = span.end
        result.spans += 1
    lines = [DOCSTART, ""]
    sentence: list[str] = []
    for index, token in enumerate(doc):
        if index not in inside and token.is_sent_start and sentence:
            lines.extend(sentence)
            lines.append("")
            sentence = []
        pieces = token.text.split()
        for number, piece in enumerate(pieces):
            tag = tags[index]
            if number and tag.startswith("B-"):
                tag = "I-" + tag[2:]
            sentence.append(f"{piece} {tag}")
        if "\n" in token.text and index + 1 not in inside and sentence:
            lines.extend(sentence)
            lines.append("")
            sentence = []
    if sentence:
        lines.extend(sentence)
        lines.append("")
    return lines


def write(
    items: Iterable[DocumentData], out: Path, schema: Schema, options: ExportOptions
) -> WriteResult:
    """The registry's writer: a CoNLL IOB2 file; with --strict, a span left out is an error."""
    result = WriteResult()
    chunks: list[bytes] = []
    for data in items:
        chunks.append(("\n".join(document_lines(data, schema, result)) + "\n").encode("utf-8"))
        result.documents += 1
    if options.strict and result.issues:
        raise FormatError(summary(result.issues, "CoNLL"))
    with out.open("wb") as handle:
        handle.writelines(chunks)
    return result


# -- reading ------------------------------------------------------------------------------------


def read(path: Path, encoding: str | None, schema: Schema) -> list[Located]:
    """The registry's reader: every document of the file, at the line it starts on."""
    return [Located(path, n, doc) for n, doc in read_conll(path, encoding)]


def read_conll(path: str | Path, encoding: str | None = None) -> list[tuple[int, NewDocument]]:
    """Documents of a CoNLL file with the line each starts on; errors name the line."""
    text = read_text(path, encoding, CORPUS, sniff=False)  # a text may hold NULs
    documents: list[tuple[int, NewDocument]] = []
    sentences: list[list[tuple[str, str, int]]] = []
    sentence: list[tuple[str, str, int]] = []
    start_line = 1

    def flush() -> None:
        if sentence:
            sentences.append(list(sentence))
            sentence.clear()

    def finish() -> None:
        flush()
        if sentences:
            documents.append((start_line, _document(sentences, path)))
        sentences.clear()

    for number, line in enumerate(text.split("\n"), start=1):
        columns = line.split()
        if not columns:
            flush()
            continue
        if columns[0] == "-DOCSTART-":
            finish()
            start_line = number
            continue
        if len(columns) < 2:
            raise FormatError(
                f"expected a token and its tag, got {line.strip()!r}", path=path, line=number
            )
        tag = columns[-1]
        if not _TAG.match(tag):
            raise FormatError(
                f"{tag!r} is not an IOB tag (O, B-LABEL, I-LABEL, or BIOES/BILOU)",
                path=path,
                line=number,
            )
        sentence.append((columns[0], tag, number))
    finish()
    if not documents:
        raise FormatError("no tokens: the file holds no document", path=path)
    return documents


def _document(sentences: list[list[tuple[str, str, int]]], path: str | Path) -> NewDocument:
    """Rebuild the text (one space between tokens, a line break between sentences) and spans."""
    parts: list[str] = []
    spans: list[NewSpan] = []
    offset = 0
    for number, sentence in enumerate(sentences):
        if number:
            parts.append("\n")
            offset += 1
        open_span: tuple[int, str] | None = None  # (start, label)
        last_end = offset
        for position, (token, tag, _line) in enumerate(sentence):
            if position:
                parts.append(" ")
                offset += 1
            start, end = offset, offset + len(token)
            parts.append(token)
            offset = end
            match = _TAG.match(tag)
            assert match is not None
            prefix, label = match.group(1), match.group(2)
            continues = open_span is not None and open_span[1] == label and prefix in "IEL"
            if open_span is not None and not continues:
                spans.append(NewSpan(open_span[0], last_end, open_span[1], origin="import:conll"))
                open_span = None
            if prefix is not None and not continues:
                open_span = (start, label)
            last_end = end
            if open_span is not None and prefix in ("E", "L", "S", "U"):
                spans.append(NewSpan(open_span[0], end, open_span[1], origin="import:conll"))
                open_span = None
        if open_span is not None:
            spans.append(NewSpan(open_span[0], last_end, open_span[1], origin="import:conll"))
    return NewDocument(text="".join(parts), spans=tuple(spans))
