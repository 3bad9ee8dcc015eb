"""Which paths an import reads and an export writes (annotation/formats/files.py)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from annotation.formats.base import FormatError
from annotation.formats.files import check_output


def test_check_output_passes_a_new_path_and_a_regular_file(tmp_path: Path) -> None:
    check_output(tmp_path / "new.jsonl")
    check_output(tmp_path / "new" / "deeper.jsonl")
    (tmp_path / "old.jsonl").write_text("{}\n", encoding="utf-8")
    check_output(tmp_path / "old.jsonl", [tmp_path / "p.db"])
    (tmp_path / "brat").mkdir()
    check_output(tmp_path / "brat", folder=True)


def test_check_output_refuses_a_device_without_touching_it() -> None:
    """`-o /dev/null` as root once replaced the system's /dev/null with the export."""
    with pytest.raises(FormatError, match=r"^/dev/null: is a device: an export writes only"):
        check_output("/dev/null")


def test_check_output_refuses_a_folder_for_a_file_and_a_file_for_brat(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match=r"is a folder.*only brat writes a folder"):
        check_output(tmp_path)
    (tmp_path / "x.jsonl").write_text("{}\n", encoding="utf-8")
    with pytest.raises(FormatError, match="is a file; brat writes a folder"):
        check_output(tmp_path / "x.jsonl", folder=True)


def test_check_output_refuses_any_sqlite_file_and_the_project_by_every_name(
    tmp_path: Path,
) -> None:
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(FormatError, match="is an SQLite database"):
        check_output(other)
    project = tmp_path / "p.db"
    project.write_bytes(b"")  # not yet a database: the inode is what counts
    os.link(project, tmp_path / "hard.jsonl")
    for name in ("p.db", "hard.jsonl", "p.db-wal", "p.db-shm", "sub/../p.db"):
        with pytest.raises(FormatError, match="open project"):
            check_output(tmp_path / name, [project])
