"""Bring articles into a project: find the files, read each in its format, check it, store it;
each file all-or-nothing, every file reported.

The formats are in `formats/` (chosen through `formats/registry.py`), the checks in
`import_checks.py`, the rows written in `import_rows.py`.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from annotation.formats import registry
from annotation.formats.base import FormatError, Located, check_encoding
from annotation.formats.files import (
    Found,
    check_not_project,
    files_in,
    only_files,
    why_unusable,
)
from annotation.import_checks import check_documents
from annotation.import_rows import Stored, store_documents
from annotation.schema import Schema
from annotation.session import Session
from annotation.store import StoreError

Progress = Callable[[int, int, str], None]


@dataclass
class ImportReport(Stored):
    """What an import did, file by file: what the files stored, summed, and what failed."""

    files: int = 0
    new_labels: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    #: files not tried because the project itself failed (every earlier file is in or reported)
    not_tried: list[Path] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def expand(paths: Iterable[str | Path], fmt: str | None = None) -> Found:
    """Files to import, and what could not be looked into inside folders.

    A folder gives the files of its format: with no --format, its brat `.ann` files if it has
    any, else its text files. A named path that is missing or not a regular file or folder
    (a FIFO, a device, a broken or looping link) refuses the whole import: nothing is read.
    """
    found = Found()
    for raw in paths:
        path = Path(raw)
        try:
            mode = os.stat(path).st_mode
        except OSError as exc:
            raise FormatError(why_unusable(path, exc), path=path) from exc
        if stat.S_ISDIR(mode):
            inside = _folder_files(path, fmt)
            if not inside.files and not inside.problems:
                raise FormatError("the folder holds no files to import", path=path)
            found.files.extend(inside.files)
            found.problems.extend(inside.problems)
        elif stat.S_ISREG(mode):
            found.files.append(path)
        else:
            raise FormatError(only_files(mode), path=path)
    return found


def _folder_files(folder: Path, fmt: str | None) -> Found:
    if fmt is not None:
        return files_in(folder, registry.import_format(fmt).suffixes)
    brat, text = registry.import_format("brat"), registry.import_format("text")
    inside = files_in(folder, (*brat.suffixes, *text.suffixes))
    annotated = [path for path in inside.files if path.suffix.lower() in brat.suffixes]
    return Found(annotated or inside.files, inside.problems)


def read_file(path: Path, fmt: str | None, encoding: str | None, schema: Schema) -> list[Located]:
    """All documents of one file in its format (raises FormatError on the first problem)."""
    return registry.for_input(path, fmt).read(path, encoding, schema)


def import_paths(
    session: Session,
    paths: Iterable[str | Path],
    *,
    fmt: str | None = None,
    encoding: str | None = None,
    add_labels: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Import files into the project; a file with any problem imports nothing and is reported.

    Every file ends up imported or in `errors`; when the project itself fails (a full disk),
    the files after the failing one are listed in `not_tried`.
    """
    if encoding is not None:
        check_encoding(encoding)
    report = ImportReport()
    found = expand(paths, fmt)
    report.errors.extend(f"{path}: {reason}" for path, reason in found.problems)
    files = found.files
    for number, path in enumerate(files, 1):
        if progress is not None:
            progress(number - 1, len(files), str(path))
        try:
            _import_file(session, path, fmt, encoding, add_labels, report)
        except FormatError as exc:
            report.errors.append(str(exc))
        except (StoreError, sqlite3.Error) as exc:
            report.errors.append(f"{path}: not imported: {exc}")
            report.not_tried.extend(files[number:])
            break
        except Exception as exc:  # a reader's bug must not cost the other files their import
            report.errors.append(
                f"{path}: not imported: unexpected {type(exc).__name__}: {exc} "
                "(a fault in Dateline: please report it with the file)"
            )
    if progress is not None:
        progress(len(files), len(files), "")
    if report.document_ids:
        session.announce_bulk(f"Import {report.documents} documents", report.document_ids)
    return report


def _import_file(
    session: Session,
    path: Path,
    fmt: str | None,
    encoding: str | None,
    add_labels: bool,
    report: ImportReport,
) -> None:
    """Read, check and store one file, all or nothing (raises on the first problem)."""
    # Opening the project's own file and closing it would drop this process's SQLite locks.
    check_not_project(path, [session.store.path])
    located = read_file(path, fmt, encoding, session.schema)
    new_labels = check_documents(located, session.schema, add_labels)
    stored = store_documents(session, located, str(path), new_labels)
    report.new_labels.extend(new_labels)
    report.files += 1
    report.add(stored)
