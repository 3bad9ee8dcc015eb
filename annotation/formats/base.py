"""What every format shares: its error type, decoding text honestly, the records readers return
(`Located`) and writers take (`DocumentData`, `ExportOptions`, `WriteResult`)."""

from __future__ import annotations

import codecs
import hashlib
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

from annotation.errors import DatelineError
from annotation.formats.alignment import AlignmentIssue
from annotation.model import Argument, Document, Event, NewDocument, Relation, Span, SpanStatus

#: The longest document Dateline takes: spaCy's own default `max_length`. The longest news
#: features run to ~100,000 words (~600,000 characters); anything longer is a corpus in one file.
MAX_DOCUMENT_CHARS = 1_000_000


class FormatError(DatelineError, ValueError):
    """Input that cannot be imported as it stands; the message names the file and line or span."""

    def __init__(self, message: str, *, path: str | Path | None = None, line: int | None = None):
        where = ""
        if path is not None:
            where = f"{path}:{line}: " if line is not None else f"{path}: "
        super().__init__(where + message)
        self.path = None if path is None else str(path)
        self.line = line


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode_bytes(
    data: bytes, path: str | Path, encoding: str | None = None, *, sniff: bool = True
) -> str:
    """Decode a file's bytes: a BOM wins, then the named encoding, else strict UTF-8.

    Nothing is guessed silently: bytes that are not valid in the encoding are reported with the
    line and column where they occur. `sniff` refuses a file with NUL bytes early on as binary
    (a photo named .txt); files Dateline wrote itself (brat, CoNLL) may hold a text's NULs.
    """
    if encoding is None:
        for bom, name in _BOMS:
            if data.startswith(bom):
                data, encoding = data[len(bom) :], name
                break
    if sniff and b"\x00" in data[:8192] and encoding is None:
        raise FormatError("looks like a binary file (it contains NUL bytes), not text", path=path)
    if encoding is not None:
        check_encoding(encoding, path)
    try:
        return data.decode(encoding or "utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        hint = (
            " (it looks like Windows-1252/Latin-1: import again with --encoding cp1252)"
            if _looks_latin1(data)
            else ""
        )
        raise FormatError(
            f"not valid {encoding or 'UTF-8'}: byte 0x{data[exc.start]:02x} at line {line}, "
            f"column {column}{hint}",
            path=path,
            line=line,
        ) from exc
    except UnicodeError as exc:  # codecs that fail in their own way (utf-7, unicode-escape)
        raise FormatError(f"cannot be decoded as {encoding}: {exc}", path=path) from exc


#: codecs Python lists as text encodings that no file of articles is written in
_NOT_FOR_FILES = {
    "undefined": "it decodes nothing",
    "punycode": "it is for domain names",
    "idna": "it is for domain names",
}


def encoding_problem(encoding: str) -> str | None:
    """Why `encoding` cannot decode a text file (unknown, or not a text codec), or None."""
    try:
        codec = codecs.lookup(encoding)
    except LookupError:
        return f"{encoding!r} is not an encoding Python knows"
    reason = _NOT_FOR_FILES.get(codec.name)
    if reason is None and not getattr(codec, "_is_text_encoding", True):
        reason = "it is not a text encoding"
    return f"{encoding!r} cannot decode a text file ({reason})" if reason else None


def check_encoding(encoding: str, path: str | Path | None = None) -> None:
    """Refuse an encoding that cannot decode a text file, suggesting ones that can."""
    problem = encoding_problem(encoding)
    if problem is not None:
        raise FormatError(
            f"{problem}; name the file's encoding, e.g. utf-8, cp1252, latin-1 or utf-16",
            path=path,
        )


def _looks_latin1(data: bytes) -> bool:
    high = sum(1 for byte in data if byte >= 0x80)
    return high > 0 and all(byte not in data for byte in (0x81, 0x8D, 0x8F, 0x90, 0x9D))


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF, once, on import: offsets then mean the same everywhere."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def text_uid(text: str) -> str:
    """A stable identity of a text, for de-duplication and merging."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


@dataclass(frozen=True)
class AnnotationLines:
    """The file line of each span, relation and event of a document, in the document's order,
    for formats with a line per annotation (brat): messages then name the line."""

    spans: tuple[int, ...] = ()
    relations: tuple[int, ...] = ()
    events: tuple[int, ...] = ()


def word_problem(word: str) -> str | None:
    """What makes `word` unfit for a label or name that formats write between spaces (brat's
    `T1<TAB>LABEL 0 5`, CoNLL's `token B-LABEL`): whitespace or a control character."""
    for char in word:
        if char == " ":
            return "a space"
        if char == "\t":
            return "a tab"
        if char in "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029":
            return "a line break"
        if char.isspace():
            return f"a space character (U+{ord(char):04X})"
        if unicodedata.category(char) == "Cc":
            return f"a control character (U+{ord(char):04X})"
    return None


@dataclass(frozen=True, slots=True)
class DocumentData:
    """One document with the spans an export holds and the links between them.

    Writers get these and never touch the store. Relations, events and arguments may name spans
    that are not in `spans` (left out by status); writers drop such links.
    """

    document: Document
    spans: tuple[Span, ...]
    relations: tuple[Relation, ...] = ()
    events: tuple[Event, ...] = ()
    arguments: tuple[Argument, ...] = ()

    def span_index(self) -> dict[int, Span]:
        return {span.id: span for span in self.spans}

    def arguments_of(self, event_id: int) -> list[Argument]:
        return [argument for argument in self.arguments if argument.event_id == event_id]


@dataclass(frozen=True)
class Located:
    """A document a reader found, with where it came from (for messages)."""

    path: Path
    line: int | None
    document: NewDocument
    #: where in the file when lines do not say it ("document 3" of a .spacy file)
    part: str | None = None
    #: the line of each span, relation and event, where each has its own (brat)
    lines: AnnotationLines | None = None

    @property
    def where(self) -> str:
        if self.line is not None:
            return f"{self.path}:{self.line}"
        return f"{self.path}: {self.part}" if self.part else str(self.path)

    def at_span(self, index: int) -> Located:
        """Located at the line of one of its spans (itself when spans have no lines)."""
        return self._at(self.lines.spans[index] if self.lines else None)

    def at_relation(self, index: int) -> Located:
        return self._at(self.lines.relations[index] if self.lines else None)

    def at_event(self, index: int) -> Located:
        return self._at(self.lines.events[index] if self.lines else None)

    def _at(self, line: int | None) -> Located:
        return self if line is None else replace(self, line=line, lines=None)


@dataclass(frozen=True)
class ExportOptions:
    """Which documents and spans an export holds, and how it is written."""

    #: only documents marked done, whatever the format (an empty selection is an error)
    only_done: bool = False
    #: training formats (.spacy, CoNLL, JSONL): also documents nobody marked done, which they
    #: leave out by default (their unlabelled text would teach "no entity here")
    all_documents: bool = False
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
class WriteResult:
    """What a writer wrote, and the spans a format could not hold on token boundaries."""

    documents: int = 0
    spans: int = 0
    #: spans left out (.spacy, CoNLL), or written without token indices (JSONL)
    issues: list[AlignmentIssue] = field(default_factory=list)
