"""Checks on the project file's bytes, made before SQLite opens it (and could write to it).

A file that is not a Dateline project, is truncated, comes from a newer Dateline or has a damaged
write-ahead log is refused with one clear line and left exactly as it was.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from annotation.migrations import APPLICATION_ID
from annotation.store.base import ProjectFileError

_SQLITE_MAGIC = b"SQLite format 3\x00"
_WAL_MAGIC = (0x377F0682, 0x377F0683)


def check_project_file(path: Path, schema_version: int) -> None:
    """Refuse an existing file that is not a usable project of schema `schema_version` or older.

    Reads the file with plain `open()`: only while no connection of this process has it open
    (`opening.connect` makes sure), since closing the handle would drop SQLite's locks.
    """
    if path.is_dir():
        raise ProjectFileError(f"{path}: is a folder, not a project file")
    with path.open("rb") as handle:
        header = handle.read(100)
    if not header:
        raise ProjectFileError(f"{path}: the file is empty, not a Dateline project")
    if header[:16] != _SQLITE_MAGIC or len(header) < 100:
        raise ProjectFileError(f"{path}: not a Dateline project (not an SQLite file)")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    valid_for = int.from_bytes(header[92:96], "big")
    change_counter = int.from_bytes(header[24:28], "big")
    size = path.stat().st_size
    if pages and valid_for == change_counter and size < pages * page_size:
        raise ProjectFileError(
            f"{path}: the project file is truncated ({size} bytes, its header "
            f"says {pages * page_size}); restore a backup copy"
        )
    application_id = int.from_bytes(header[68:72], "big")
    if application_id != APPLICATION_ID:
        raise ProjectFileError(
            f"{path}: an SQLite file of another application, not a Dateline project"
        )
    # A newer file is refused before SQLite opens it (closing would fold its -wal in).
    check_schema_version(path, int.from_bytes(header[60:64], "big"), schema_version)
    wal = path.with_name(path.name + "-wal")
    problem = wal_problem(wal)
    if problem:
        raise ProjectFileError(
            f"{path}: its write-ahead log {wal.name} is damaged ({problem}); both are "
            f"left as they are: move {wal.name} aside to open the project as of its last "
            "checkpoint"
        )


def check_schema_version(path: Path, version: int, schema_version: int) -> None:
    """Refuse a project made by a newer Dateline (`schema_version` is the newest this one reads)."""
    if version > schema_version:
        raise ProjectFileError(
            f"{path}: made by a newer Dateline (project schema {version}); this "
            f"version reads schema {schema_version} and older. Update Dateline to open it."
        )


def wal_problem(wal: Path) -> str | None:
    """What is wrong with a -wal file's header, or None when it is absent, empty or sound.

    SQLite ignores a -wal whose header is not valid and overwrites it later; one that is not a
    write-ahead log at all (random bytes, a torn or altered header) is reported instead.
    """
    try:
        with wal.open("rb") as handle:
            header = handle.read(32)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"cannot read it: {exc.strerror}"
    if not header:
        return None
    if len(header) < 32:
        return f"{len(header)} bytes, shorter than its header"
    words = [int.from_bytes(header[i : i + 4], "big") for i in range(0, 32, 4)]
    if words[0] not in _WAL_MAGIC or words[1] != 3007000:
        return "not an SQLite write-ahead log"
    order: Literal["big", "little"] = "big" if words[0] & 1 else "little"
    first = second = 0
    for i in range(0, 24, 8):
        first = (first + int.from_bytes(header[i : i + 4], order) + second) & 0xFFFFFFFF
        second = (second + int.from_bytes(header[i + 4 : i + 8], order) + first) & 0xFFFFFFFF
    if (first, second) != (words[6], words[7]):
        return "its header checksum does not match"
    return None
