"""What every format shares: its error type, reading text honestly, writing atomically, and the
plain record of one document that every writer turns into its format."""

from __future__ import annotations

import codecs
import hashlib
import os
import secrets
import shutil
import tempfile
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from annotation.model import Argument, Document, Event, Relation, Span

#: The longest document Dateline takes: spaCy's own default `max_length`. The longest news
#: features run to ~100,000 words (~600,000 characters); anything longer is a corpus in one file.
MAX_DOCUMENT_CHARS = 1_000_000


class FormatError(ValueError):
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


def input_hash(text: str) -> int:
    """A signed 32-bit hash of the text, as Prodigy's `_input_hash` is."""
    digest = hashlib.blake2b(text.encode("utf-8"), digest_size=4).digest()
    return int.from_bytes(digest, "little", signed=True)


@contextmanager
def atomic_output(target: str | Path, mode: str = "wb") -> Iterator[IO[bytes]]:
    """Write to a temporary file beside `target` and rename it into place only when complete.

    A crash or an error leaves the previous file (or none) under the target name, never half of
    a new one.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary, fd = _beside(target)
    try:
        with os.fdopen(fd, mode) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@contextmanager
def atomic_folder(
    target: str | Path,
    *,
    force: bool = False,
    replaceable: Callable[[Path], str | None] | None = None,
) -> Iterator[Path]:
    """Fill a temporary folder beside `target` and rename it into place only when complete.

    An existing target is refused unless `force`; then it is renamed aside, the new folder renamed
    in, and the old one deleted (as atomic as the OS allows: at every moment the target name holds
    either the whole old folder or the whole new one). `replaceable(path)` may veto replacing a
    folder that is not an earlier export (it returns the reason).
    """
    target = Path(target)
    if target.exists():
        if not target.is_dir():
            raise FormatError("exists and is not a folder; choose another output", path=target)
        if not force:
            raise FormatError("the folder already exists; pass --force to replace it", path=target)
        reason = replaceable(target) if replaceable is not None else None
        if reason:
            raise FormatError(f"not replacing this folder: {reason}", path=target)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary, _ = _beside(target, folder=True)
    try:
        yield temporary
        _fsync_tree(temporary)
        if target.exists():
            aside = Path(
                tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent)
            )
            os.replace(target, aside / target.name)
            try:
                os.replace(temporary, target)
            except BaseException:
                os.replace(aside / target.name, target)
                raise
            shutil.rmtree(aside, ignore_errors=True)
        else:
            os.replace(temporary, target)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise


def _beside(target: Path, *, folder: bool = False) -> tuple[Path, int]:
    """A new hidden `.NAME.XXXXXXXX.part` file (and its descriptor) or folder beside `target`.

    Created with the permissions any new file gets (the umask's): mkstemp's and mkdtemp's are
    owner-only, and would survive the rename into place.
    """
    while True:
        temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
        try:
            if folder:
                temporary.mkdir(0o777)
                return temporary, -1
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
            return temporary, os.open(temporary, flags, 0o666)
        except FileExistsError:
            continue


def _fsync_tree(folder: Path) -> None:
    """Flush every file of a folder to disk before the folder is renamed into place."""
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            with path.open("rb") as handle:
                os.fsync(handle.fileno())
    if hasattr(os, "O_DIRECTORY"):
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


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
