"""Which project files this process has open, so that nothing here opens one of them by path.

SQLite knows another program still uses a project by the POSIX lock each connection holds on the
file, and POSIX drops *all* of a process's locks on a file when *any* descriptor of it is closed.
One `open()` and `close()` of an open project (a header check, an import of the wrong file) lets
the next program that closes the project believe it is the last: it folds the -wal in and deletes
it while this process is still writing to it, and every later edit is lost ("How To Corrupt An
SQLite Database File", §2.2). So a file's bytes are read only under `LOCK`, and only when
`held` says no connection of this process has it open; files are known by device and inode, so
another path to the same file (a link, `./`) is the same file.
"""

from __future__ import annotations

import os
import threading
from collections import Counter
from pathlib import Path

#: Taken while a file's bytes are read, and while a connection is opened or closed.
LOCK = threading.RLock()
_open: Counter[tuple[int, int]] = Counter()
_BESIDE = ("-wal", "-shm", "-journal")


def file_key(path: Path) -> tuple[int, int] | None:
    """(device, inode) of the file at `path` (links followed), or None if there is none."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_dev, status.st_ino


def held(path: Path) -> bool:
    """Whether a connection of this process has the file at `path` open, or the project whose
    -wal, -shm or -journal it is (SQLite locks the -shm too)."""
    path = Path(path)
    candidates = [path]
    for suffix in _BESIDE:
        if path.name.endswith(suffix):
            candidates.append(path.with_name(path.name[: -len(suffix)]))
    with LOCK:
        keys = [file_key(candidate) for candidate in candidates]
        return any(key is not None and _open[key] > 0 for key in keys)


def opened(key: tuple[int, int]) -> None:
    """Count a connection opened on the file `key` (under `LOCK`, before it reads the file)."""
    with LOCK:
        _open[key] += 1


def closed(key: tuple[int, int]) -> None:
    """Count a connection closed on the file `key` (after `sqlite3.Connection.close`)."""
    with LOCK:
        _open[key] -= 1
        if _open[key] <= 0:
            del _open[key]
