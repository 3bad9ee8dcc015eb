"""An export never destroys the project it comes from, nor any file it should not replace.

`dateline export -o proj.db` once wrote JSONL over the open project and said "Wrote 9
documents"; File ▸ Export onto the project's path did the same while the window went on
"saving" into the unlinked old file. Every route to the project's file (its path, a hard link, a
symbolic link, a relative path, its WAL) is refused, and so are other SQLite files and anything
that is neither a regular file nor a new path. The window asks before it replaces a file.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from annotation.cli import main
from annotation.commands import AddSpan
from annotation.model import NewSpan
from annotation.session import Session
from desktop import dialogs
from desktop.dialogs import ExportRequest
from desktop.main_window import MainWindow
from tests.desktop.conftest import make_window, project, settings  # noqa: F401 (fixtures)
from tests.reliability.conftest import copy_project

SQLITE = b"SQLite format 3\x00"


def documents_in(path: Path) -> int:
    session = Session.open(path, create=False)
    try:
        return session.store.count("document")
    finally:
        session.close()


def export_cli(db: Path, output: Path | str, *more: str) -> Any:
    return CliRunner().invoke(
        main, ["export", "-p", str(db), "-o", str(output), "--format", "jsonl", *more]
    )


@pytest.fixture
def seeded(seeded_template: Path, tmp_path: Path) -> Path:
    return copy_project(seeded_template, tmp_path / "proj.db")


ROUTES: dict[str, Callable[[Path], Path | str]] = {
    "its own path": lambda db: db,
    "a relative path through its folder": lambda db: os.path.relpath(
        db.parent / ".." / db.parent.name / db.name
    ),
    "a hard link": lambda db: _hard_link(db),
    "a symbolic link": lambda db: _symlink(db, db.with_name("link.jsonl")),
}


def _hard_link(db: Path) -> Path:
    link = db.with_name("hard.jsonl")
    os.link(db, link)
    return link


def _symlink(target: Path, link: Path) -> Path:
    link.symlink_to(target)
    return link


@pytest.mark.parametrize("route", list(ROUTES))
def test_cli_export_onto_the_open_project_is_refused_and_the_project_is_intact(
    seeded: Path, route: str
) -> None:
    before = seeded.read_bytes()
    count = documents_in(seeded)
    output = ROUTES[route](seeded)
    result = export_cli(seeded, output)
    assert result.exit_code == 1, result.output
    assert "the open project" in result.output and "Traceback" not in result.output
    assert "Wrote" not in result.output
    assert seeded.read_bytes() == before and documents_in(seeded) == count
    assert Path(output).is_symlink() == (route == "a symbolic link")


def test_cli_export_onto_the_projects_wal_or_another_sqlite_file_is_refused(
    seeded: Path, tmp_path: Path
) -> None:
    other = copy_project(seeded, tmp_path / "other.db")
    other_bytes = other.read_bytes()
    result = export_cli(seeded, other)
    assert result.exit_code == 1 and "SQLite database" in result.output, result.output
    assert other.read_bytes() == other_bytes
    wal = seeded.with_name(seeded.name + "-wal")
    result = export_cli(seeded, wal)
    assert result.exit_code == 1 and "the open project" in result.output, result.output
    assert not wal.exists()


def test_cli_export_onto_a_symlink_or_a_fifo_leaves_the_node_in_place(
    seeded: Path, tmp_path: Path
) -> None:
    kept = tmp_path / "kept.jsonl"
    kept.write_text("someone else's file\n", encoding="utf-8")
    link = _symlink(kept, tmp_path / "out.jsonl")
    result = export_cli(seeded, link)
    assert result.exit_code == 1 and "symbolic link" in result.output, result.output
    assert link.is_symlink() and kept.read_text(encoding="utf-8") == "someone else's file\n"
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    result = export_cli(seeded, fifo)
    assert result.exit_code == 1 and "named pipe" in result.output, result.output
    assert fifo.is_fifo()
    # --split checks both parts before writing either
    os.mkfifo(tmp_path / "parts.dev.jsonl")
    result = export_cli(seeded, tmp_path / "parts.jsonl", "--split", "0.5")
    assert result.exit_code == 1 and "named pipe" in result.output, result.output
    assert not (tmp_path / "parts.train.jsonl").exists()


# -- the window -----------------------------------------------------------------------------------


def _asked(monkeypatch: pytest.MonkeyPatch, request: ExportRequest, answer: bool) -> list[str]:
    """Answer the export dialog with `request` and every confirmation with `answer`."""
    seen: list[str] = []
    monkeypatch.setattr(dialogs.ExportDialog, "ask", staticmethod(lambda *a, **k: request))
    monkeypatch.setattr(
        dialogs.Confirm,
        "ask",
        staticmethod(lambda _p, _t, text: seen.append(text) or answer),
    )
    monkeypatch.setattr(
        dialogs.Message, "ask", staticmethod(lambda _p, _t, text: seen.append(text))
    )
    return seen


def test_window_export_onto_the_open_project_is_refused_and_edits_still_save(
    make_window: Callable[..., MainWindow],  # noqa: F811
    project: Path,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    window = make_window(project)
    for target in (project, _symlink(project, tmp_path / "link.jsonl")):
        seen = _asked(monkeypatch, ExportRequest(target, "jsonl"), answer=True)
        window.actions_.file.export.trigger()
        assert window.workers.wait(30_000)
        assert len(seen) == 1 and "the open project" in seen[0], seen
        assert project.read_bytes()[:16] == SQLITE
    session = window.session
    assert session is not None
    change = session.execute(AddSpan(2, NewSpan(0, 5, "PERSON")))
    other = Session.open(project, create=False)  # another program sees the edit
    try:
        assert other.store.span(change.added_span).label == "PERSON"
    finally:
        other.close()


def test_window_asks_before_replacing_an_existing_file(
    make_window: Callable[..., MainWindow],  # noqa: F811
    project: Path,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    qtbot: Any,
) -> None:
    window = make_window(project)
    out = tmp_path / "notes.jsonl"
    out.write_text("my notes\n", encoding="utf-8")
    seen = _asked(monkeypatch, ExportRequest(out, "jsonl"), answer=False)
    window.actions_.file.export.trigger()
    assert window.workers.wait(30_000)
    assert len(seen) == 1 and str(out) in seen[0] and "already exists" in seen[0], seen
    assert out.read_text(encoding="utf-8") == "my notes\n"
    # nothing is marked done in this project: all its articles, which the export then says
    seen = _asked(monkeypatch, ExportRequest(out, "jsonl", all_documents=True), answer=True)
    window.actions_.file.export.trigger()
    qtbot.waitUntil(lambda: window.status.last_notice[0].startswith("Exported"), timeout=30_000)
    assert len(seen) == 2 and out.read_bytes().startswith(b'{"text":')
    assert seen[1].startswith("Included ") and "nobody marked done" in seen[1]
