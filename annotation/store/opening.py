"""Opening a project file: creating it safely, checking its bytes, and connecting to it.

Everything here that touches the file's bytes runs under `open_files.LOCK` and only while no
connection of this process has the file open (see `open_files`). A project that may not be
written (a read-only file or folder) is opened read-only, and leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import sqlite3
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote

from annotation.migrations import APPLICATION_ID
from annotation.store import open_files
from annotation.store.base import ProjectFileError, sqlite_reason
from annotation.store.project_file import check_project_file


class Connection(NamedTuple):
    """A connection `connect` made, whether it is read-only, and the file it is counted on."""

    conn: sqlite3.Connection
    read_only: bool
    key: tuple[int, int]


def connect(path: Path, schema_version: int, create: bool) -> Connection:
    """A connection to the project at `path` (made if `create`), counted in `open_files`
    until `disconnect`."""
    with open_files.LOCK:
        if not path.exists():
            if not create:
                raise ProjectFileError(f"{path}: no such project file")
            create_project_file(path)
        read_only = not writable(path)
        # Once this process has the file open, it was checked then and SQLite guards it now.
        if not open_files.held(path):
            check_project_file(path, schema_version)
            if not read_only:
                repair_modes(path)
        key = open_files.file_key(path)
        if key is None:
            raise ProjectFileError(f"{path}: no such project file (removed meanwhile?)")
        try:
            conn = sqlite3.connect(
                _read_only_uri(path) if read_only else str(path),
                timeout=10.0,
                check_same_thread=False,
                uri=read_only,
            )
        except sqlite3.Error as exc:
            reason = sqlite_reason(path, exc)
            raise ProjectFileError(f"{path}: cannot open the project: {reason}") from exc
        open_files.opened(key)
        return Connection(conn, read_only, key)


def disconnect(connection: Connection) -> None:
    """Close a connection `connect` made (and stop counting it)."""
    connection.conn.close()
    open_files.closed(connection.key)


def writable(path: Path) -> bool:
    """Whether this user may write the project and make its -wal and -shm beside it."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)


def _read_only_uri(path: Path) -> str:
    """A read-only connection's URI. With nothing in its -wal, the file is opened as immutable:
    SQLite then makes no -shm (it would make it as read-only as the project, and a writer
    later could not use it)."""
    wal = path.with_name(path.name + "-wal")
    pending = wal.exists() and wal.stat().st_size > 0
    immutable = "" if pending else "&immutable=1"
    return f"file:{quote(str(path.resolve()))}?mode=ro{immutable}"


def repair_modes(path: Path) -> None:
    """Give a -wal or -shm left read-only (by a program that read a read-only project) the
    project's own permissions, so that it can be written again; or say what to do."""
    mode = path.stat().st_mode & 0o777
    for suffix in ("-wal", "-shm"):
        beside = path.with_name(path.name + suffix)
        if not beside.exists() or os.access(beside, os.R_OK | os.W_OK):
            continue
        try:
            beside.chmod(mode)
        except OSError as exc:
            raise ProjectFileError(
                f"{path}: {beside.name} beside it is read-only and cannot be changed "
                f"({exc.strerror}); make it writable, or delete it while no program has the "
                "project open"
            ) from exc


def create_project_file(path: Path) -> None:
    """Create an empty, marked project under a temporary name and link it into place.

    The mark is written before WAL mode is on, so it is in the main file's header at once. A
    crash or a full disk leaves no half-made file under the project's name (and the temporary
    one is removed), and a program creating the same project at the same moment is not
    overwritten: the first to link wins, the other opens its file.
    """
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ProjectFileError(
            f"{path}: cannot create the folder {folder}: {exc.strerror}"
        ) from exc
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.creating")
    try:
        conn = sqlite3.connect(str(temporary))
        try:
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.commit()
            # WAL before the file has its name: programs opening it at the same moment then find
            # it in WAL mode already. Switching it there needs the file alone, and SQLite answers
            # "database is locked" at once, without waiting, to all but one of them.
            conn.execute("PRAGMA journal_mode = WAL")
        finally:
            conn.close()
        _link(temporary, path)
    except FileExistsError:
        pass  # another program made it meanwhile
    except sqlite3.Error as exc:
        raise ProjectFileError(
            f"{path}: cannot create the project: {sqlite_reason(path, exc)}"
        ) from exc
    except OSError as exc:
        raise ProjectFileError(f"{path}: cannot create the project: {exc.strerror}") from exc
    finally:
        for leftover in (
            temporary,
            *(temporary.with_name(temporary.name + end) for end in ("-journal", "-wal", "-shm")),
        ):
            with contextlib.suppress(OSError):
                leftover.unlink(missing_ok=True)


def _link(temporary: Path, path: Path) -> None:
    """Put the made file under the project's name unless a file is there (FileExistsError).

    A hard link does both at once; where the file system has none (FAT, some shares), a rename
    after a check is the best there is.
    """
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise
    except OSError:
        if path.exists():
            raise FileExistsError(path) from None
        os.replace(temporary, path)
