"""Which paths an import may read and an export may write, and writing them atomically.

Reading takes regular files only (a FIFO would block the import forever, `/dev/zero` never
ends), each up to a size cap, and a folder walk reports what it could not read (a subfolder
without permission, a broken link) instead of skipping it. Writing takes a new path or a regular
file that is not an SQLite database, and never the open project, however it is reached (a hard
link, a symbolic link, its WAL): replacing it would destroy every edit.
"""

from __future__ import annotations

import errno
import os
import secrets
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from annotation.formats.base import (
    MAX_DOCUMENT_CHARS,
    FormatError,
    decode_bytes,
    normalise_newlines,
)


@dataclass(frozen=True)
class Cap:
    """The most bytes one input file may hold, and what to say about a bigger one."""

    limit: int
    #: "for one article (...)"
    what: str
    #: what to do instead
    advice: str


#: a file that is one article: four bytes a character in the widest encodings, and a BOM
ARTICLE = Cap(
    4 * MAX_DOCUMENT_CHARS + 4,
    f"for one article (an article may be up to {MAX_DOCUMENT_CHARS:,} characters)",
    "split it into one file per article, or into a JSONL file with one article per line",
)
#: a saved web page (markup is many times its text), a brat .ann, a .meta.json sidecar
PAGE = Cap(
    64 * 1024**2,
    "for one web page or one article's annotations or metadata",
    "save or export the article alone",
)
#: a file of many articles (JSONL, CoNLL, .spacy)
CORPUS = Cap(1024**3, "in one file of articles", "split it into several files")

SQLITE_HEADER = b"SQLite format 3\x00"
#: the files SQLite keeps beside a database while it is open
_COMPANIONS = ("-wal", "-shm", "-journal")
_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISLNK, "a symbolic link"),
)


def kind_of(mode: int) -> str:
    """What a file of this mode is, in words ("a named pipe (FIFO)")."""
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def why_unusable(path: str | Path, exc: OSError) -> str:
    """An OSError on `path` in words: a symlink loop or a dangling link is not "no such file"."""
    if exc.errno == errno.ELOOP:
        return "a symbolic link loop (following its links never reaches a file)"
    if exc.errno == errno.ENOENT and os.path.islink(path):
        return f"a symbolic link to {os.readlink(path)}, which does not exist"
    if exc.errno == errno.ENOENT:
        return "no such file or folder"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    return exc.strerror or str(exc)


def read_input(path: str | Path, cap: Cap) -> bytes:
    """The bytes of a regular file of at most `cap.limit` bytes; anything else is a FormatError.

    The file is opened without blocking and checked through its descriptor, so a FIFO or device
    put in its place is refused, never read.
    """
    try:
        info = os.stat(path)
    except OSError as exc:
        raise FormatError(f"cannot read: {why_unusable(path, exc)}", path=path) from exc
    if not stat.S_ISREG(info.st_mode):
        raise FormatError(only_files(info.st_mode), path=path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise FormatError(f"cannot read: {why_unusable(path, exc)}", path=path) from exc
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FormatError(only_files(info.st_mode), path=path)
        size = info.st_size
        data = b"" if size > cap.limit else handle.read(cap.limit + 1)
    if size > cap.limit or len(data) > cap.limit:
        raise FormatError(
            f"the file is {max(size, len(data)):,} bytes, and Dateline reads at most "
            f"{cap.limit:,} bytes {cap.what}: {cap.advice}",
            path=path,
        )
    return data


def read_text(path: str | Path, encoding: str | None, cap: Cap, *, sniff: bool = True) -> str:
    """A text file's contents (at most `cap`), decoded honestly, with LF line endings."""
    return normalise_newlines(decode_bytes(read_input(path, cap), path, encoding, sniff=sniff))


def only_files(mode: int) -> str:
    """The refusal of a path that is not a regular file."""
    return f"is {kind_of(mode)}: Dateline imports only regular files"


@dataclass
class Found:
    """The files of a folder walk, and what it could not look into (path, reason)."""

    files: list[Path] = field(default_factory=list)
    problems: list[tuple[Path, str]] = field(default_factory=list)


def files_in(folder: Path, suffixes: Iterable[str]) -> Found:
    """The files under `folder` whose suffix is one of `suffixes`, in a stable order.

    Hidden files are left out. A subfolder that cannot be read, and an entry with a wanted
    suffix that is not a regular file (a FIFO, a device, a broken or looping link), are
    reported, not skipped in silence. Symbolic links to folders are not followed (no loops).
    """
    wanted = tuple(suffix.lower() for suffix in suffixes)
    found = Found()
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            with os.scandir(current) as entries:
                listed = sorted(entries, key=lambda entry: entry.name)
        except OSError as exc:
            found.problems.append(
                (
                    current,
                    f"cannot read this folder ({why_unusable(current, exc)}): nothing in it"
                    " was imported",
                )
            )
            continue
        for entry in listed:
            path = Path(entry.path)
            try:
                if entry.is_dir(follow_symlinks=False):
                    pending.append(path)
                    continue
            except OSError as exc:  # pragma: no cover - scandir knows the type on Linux
                found.problems.append((path, f"cannot read: {why_unusable(path, exc)}"))
                continue
            if entry.name.startswith(".") or path.suffix.lower() not in wanted:
                continue
            try:
                mode = os.stat(path).st_mode
            except OSError as exc:
                found.problems.append((path, f"cannot read: {why_unusable(path, exc)}"))
                continue
            if stat.S_ISREG(mode):
                found.files.append(path)
            elif not stat.S_ISDIR(mode):
                found.problems.append((path, only_files(mode)))
    found.files.sort()
    found.problems.sort()
    return found


# -- writing ------------------------------------------------------------------------------------


def check_output(
    target: str | Path, protect: Sequence[str | Path] = (), *, folder: bool = False
) -> None:
    """Refuse an output that an export would destroy; pass a new path or a replaceable one.

    `protect` names open project files: the target may not be one of them nor one of their
    SQLite companions (`-wal`, `-shm`, `-journal`), by any path. `folder` outputs (brat) may
    replace a folder (`atomic_folder` decides whether); file outputs a regular file that is not
    an SQLite database.
    """
    target = Path(target)
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise FormatError(f"cannot write here: {why_unusable(target, exc)}", path=target) from exc
    _check_not_project(target, info, protect)
    if info is None:
        return
    if stat.S_ISLNK(info.st_mode):
        raise FormatError(
            f"is a symbolic link (to {os.readlink(target)}): an export would replace the link; "
            "name the file itself or a new file",
            path=target,
        )
    if folder:
        if not stat.S_ISDIR(info.st_mode):
            raise FormatError(
                f"is {_kind_or_file(info.st_mode)}; brat writes a folder", path=target
            )
        return
    if not stat.S_ISREG(info.st_mode):
        raise FormatError(
            f"is {kind_of(info.st_mode)}: an export writes only a new file or replaces a regular "
            "one" + ("; only brat writes a folder" if stat.S_ISDIR(info.st_mode) else ""),
            path=target,
        )
    if _is_sqlite(target):  # opened only now that it is known not to be the project
        raise FormatError(
            "is an SQLite database (perhaps a Dateline project): an export never replaces one; "
            "choose another name",
            path=target,
        )


def _kind_or_file(mode: int) -> str:
    return "a file" if stat.S_ISREG(mode) else kind_of(mode)


def _check_not_project(
    target: Path, info: os.stat_result | None, protect: Sequence[str | Path]
) -> None:
    hit = _project_reached(target, info, protect)
    if hit is not None:
        raise FormatError(
            f"is {hit}: exporting onto it would destroy the project; choose another name",
            path=target,
        )


def check_not_project(source: str | Path, protect: Sequence[str | Path]) -> None:
    """Refuse to import one of the open projects: reading it by path (and closing it) would
    drop the SQLite locks this process holds on it."""
    try:
        info = os.lstat(source)
    except OSError:
        return  # reading it will say what is wrong
    hit = _project_reached(Path(source), info, protect)
    if hit is not None:
        raise FormatError(f"is {hit}, not a file to import into it", path=source)


def _project_reached(
    target: Path, info: os.stat_result | None, protect: Sequence[str | Path]
) -> str | None:
    """Which project file `target` is, by inode (links) or resolved name (a WAL to come)."""
    try:
        reached = os.stat(target) if info is not None else None
    except OSError:
        reached = None  # a dangling link: refused as a link
    resolved = os.path.realpath(target)
    for project in protect:
        project_path = os.path.realpath(project)
        for suffix in ("", *_COMPANIONS):
            guarded = project_path + suffix
            try:
                same_file = reached is not None and os.path.samestat(reached, os.stat(guarded))
            except OSError:
                same_file = False
            if same_file or resolved == guarded:
                what = "the open project" if not suffix else f"the open project's {suffix[1:]} file"
                return f"{what} ({project})"
    return None


def _is_sqlite(path: Path) -> bool:
    """Whether a regular file starts with SQLite's header (read without blocking)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return False  # not readable: the write decides
    try:
        return os.read(fd, len(SQLITE_HEADER)) == SQLITE_HEADER
    finally:
        os.close(fd)


# -- writing atomically ---------------------------------------------------------------------


@contextmanager
def atomic_output(target: str | Path) -> Iterator[Path]:
    """A new temporary file beside `target` to write, renamed into place only when complete.

    A crash or an error leaves the previous file (or none) under the target name, never half of
    a new one.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary, fd = _beside(target)
    os.close(fd)
    try:
        yield temporary
        fd = os.open(temporary, os.O_RDWR | getattr(os, "O_BINARY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
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
