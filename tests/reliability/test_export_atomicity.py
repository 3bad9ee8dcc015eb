"""An export killed at any moment leaves no partial file under the target name.

A child process (`export_child.py`) exports a 700-document project (150 for brat) and waits at
a chosen point (mid-way through the writing, or just before a finished file is renamed into
place) until the test kills it with SIGKILL; other runs are killed at a seeded progress report
without waiting. Afterwards the target holds the previous export byte for byte (or nothing, if
there was none) or the complete new one. What a kill can leave is a hidden `.NAME.*.part` file
(or folder) beside the target, which the next export ignores.
"""

from __future__ import annotations

import os
import random
import signal
import stat
from pathlib import Path

import orjson
import pytest

from annotation.exporter import ExportOptions, export
from annotation.importer import import_paths
from annotation.model import NewSpan
from annotation.session import Session
from tests.reliability import export_child
from tests.reliability.conftest import KILLED_EXIT_CODES, copy_project, messages, start_child

DOCUMENTS = 700
#: brat writes (and flushes) three files per document: its projects are smaller
BRAT_DOCUMENTS = 150


def _articles(count: int) -> list[bytes]:
    lines = []
    for n in range(count):
        text = f"Article {n}: Lee Jae-myung met Narendra Modi in Seoul on Monday {n}."
        spans = [NewSpan(13, 26, "PERSON"), NewSpan(31, 44, "PERSON"), NewSpan(48, 53, "GPE")]
        records = [{"start": s.start, "end": s.end, "label": s.label} for s in spans]
        # done ("accept"): training formats export only documents marked done
        lines.append(orjson.dumps({"text": text, "spans": records, "answer": "accept"}))
    return lines


def _projects(folder: Path, name: str, count: int) -> Path:
    """NAME.db with `count` articles, and NAME-small.db with the first two thirds of them."""
    lines = _articles(count)
    first, rest = lines[: count * 2 // 3], lines[count * 2 // 3 :]
    (folder / f"{name}-first.jsonl").write_bytes(b"\n".join(first) + b"\n")
    (folder / f"{name}-rest.jsonl").write_bytes(b"\n".join(rest) + b"\n")
    project = folder / f"{name}.db"
    session = Session.open(project)
    assert import_paths(session, [folder / f"{name}-first.jsonl"]).documents == len(first)
    session.close()
    copy_project(project, folder / f"{name}-small.db")
    session = Session.open(project)
    assert import_paths(session, [folder / f"{name}-rest.jsonl"]).documents == len(rest)
    session.close()
    return project


@pytest.fixture(scope="module")
def big_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """700 short articles with a few spans each (big-small.db: the first 466)."""
    return _projects(tmp_path_factory.mktemp("export"), "big", DOCUMENTS)


@pytest.fixture(scope="module")
def brat_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """150 short articles (brat-small.db: the first 100)."""
    return _projects(tmp_path_factory.mktemp("brat"), "brat", BRAT_DOCUMENTS)


def previous_export(project: Path, target: Path, fmt: str) -> None:
    """An earlier export (of the smaller project) under the target name."""
    session = Session.open(project.with_name(f"{project.stem}-small.db"), create=False)
    export(session.store, session.schema, target, fmt, ExportOptions(force=True))
    session.close()


def state(target: Path) -> dict[str, bytes]:
    """What is under the target name: a file's bytes, or a folder's files by relative path."""
    if target.is_dir():
        return {
            str(p.relative_to(target)): p.read_bytes() for p in target.rglob("*") if p.is_file()
        }
    return {"": target.read_bytes()} if target.exists() else {}


def kill_while_exporting(project: Path, target: Path, fmt: str, hold: str, *extra: str) -> bool:
    """Run the export child, SIGKILL it where it holds; whether it had finished."""
    child, connection = start_child(
        export_child.run_child, [str(project), str(target), fmt, hold, *extra]
    )
    kind, _, number = hold.partition(":")
    finished = killed = False
    reports = 0
    for message in messages(connection):
        reports += "progress" in message
        finished = finished or "finished" in message
        if "holding" in message or (kind == "report" and reports == int(number)):
            assert child.pid is not None
            os.kill(child.pid, signal.SIGKILL)
            killed = True
    child.join()
    connection.close()
    assert child.exitcode in (KILLED_EXIT_CODES if killed else (0,))
    return finished


def leftovers(folder: Path, *targets: Path) -> list[str]:
    """Names in the folder besides the targets: only hidden .part (and .old) leftovers allowed."""
    names = sorted(p.name for p in folder.iterdir() if p not in targets)
    assert all(name.startswith(".") and name.endswith((".part", ".old")) for name in names), names
    return names


def complete_jsonl(target: Path) -> bool:
    lines = target.read_bytes().splitlines()
    return len(lines) == DOCUMENTS and all(orjson.loads(line)["text"] for line in lines)


@pytest.mark.parametrize(
    ("fmt", "name", "hold", "previous"),
    [
        ("jsonl", "out.jsonl", "progress:3", False),
        ("jsonl", "out.jsonl", "rename:1", True),
        ("spacy", "out.spacy", "progress:2", True),
        ("brat", "out-brat", "progress:2", True),
    ],
)
def test_an_export_killed_mid_way_leaves_the_previous_file(
    big_project: Path,
    brat_project: Path,
    tmp_path: Path,
    fmt: str,
    name: str,
    hold: str,
    previous: bool,
) -> None:
    if fmt == "brat":
        big_project = brat_project
    target = tmp_path / name
    if previous:
        previous_export(big_project, target, fmt)
    before = state(target)
    assert kill_while_exporting(big_project, target, fmt, hold) is False
    assert state(target) == before
    assert leftovers(tmp_path, target)  # the interrupted export's temporary file, hidden
    if not previous:  # the next export is not disturbed by what the killed one left
        session = Session.open(big_project, create=False)
        export(session.store, session.schema, target, fmt)
        session.close()
        assert complete_jsonl(target)


def test_a_brat_folder_replaced_when_the_kill_comes_keeps_the_old_one(
    brat_project: Path, tmp_path: Path
) -> None:
    """Replacing a folder takes two renames (old aside, new in). Killed between them, the target
    name is empty for a moment, and the old folder is whole beside it (`.out-brat.*.old`)."""
    target = tmp_path / "out-brat"
    previous_export(brat_project, target, "brat")
    before = state(target)
    assert kill_while_exporting(brat_project, target, "brat", "rename:1") is False
    assert state(target) == before
    assert kill_while_exporting(brat_project, target, "brat", "rename:2") is False
    if target.exists():
        assert state(target) == before
    else:
        (aside,) = [p for p in tmp_path.glob(".out-brat.*.old/out-brat")]
        assert state(aside) == before


def test_split_parts_are_each_whole_when_the_kill_comes_between_their_renames(
    big_project: Path, tmp_path: Path
) -> None:
    """--split writes both parts, then renames them one after the other: each part is whole.

    Killed between the two renames, one part is new and the other missing (or, over an earlier
    split, the earlier one): a pair from two exports is possible, a partial file is not.
    """
    target = tmp_path / "out.jsonl"
    parts = {tmp_path / "out.train.jsonl": 0.8, tmp_path / "out.dev.jsonl": 0.2}
    assert kill_while_exporting(big_project, target, "jsonl", "rename:2", "0.8") is False
    (written,) = [path for path in parts if path.exists()]
    lines = written.read_bytes().splitlines()
    assert len(lines) == round(DOCUMENTS * parts[written])
    assert all(orjson.loads(line)["text"] for line in lines)
    leftovers(tmp_path, written)


def test_exports_killed_at_random_progress_reports_are_old_or_whole(
    big_project: Path, tmp_path: Path
) -> None:
    target = tmp_path / "out.jsonl"
    previous_export(big_project, target, "jsonl")
    before = state(target)
    for report in random.Random(3).sample(range(1, 13), 2):
        # The child goes on writing until the kill lands: on a busy machine it may have renamed
        # the new file in (but not yet said so), which is the other allowed outcome.
        kill_while_exporting(big_project, target, "jsonl", f"report:{report}")
        assert state(target) == before or complete_jsonl(target)


def test_an_export_gets_the_permissions_of_any_new_file(brat_project: Path, tmp_path: Path) -> None:
    """Training servers and brat's web server read exports as other users: a temporary file's
    owner-only mode must not survive the rename."""
    session = Session.open(brat_project, create=False)
    export(session.store, session.schema, tmp_path / "out.jsonl", "jsonl")
    export(session.store, session.schema, tmp_path / "brat", "brat")
    session.close()
    (tmp_path / "plain").write_bytes(b"")
    (tmp_path / "folder").mkdir()

    def mode(path: Path) -> int:
        return stat.S_IMODE(path.stat().st_mode)

    assert mode(tmp_path / "out.jsonl") == mode(tmp_path / "plain")
    assert mode(tmp_path / "brat") == mode(tmp_path / "folder")
