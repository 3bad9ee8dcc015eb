"""A read-only project or folder, a full disk and two programs creating one project at once: each
says what is really wrong (never "damaged… restore a backup" while every file is intact), leaves
nothing behind, and leaves the project usable once the cause is gone.

The commands run as the analyst would run them (`dateline`, in a process of its own) and as an
ordinary user: as root, without the capabilities that let root write a read-only file.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import orjson
import pytest

from annotation.session import Session
from tests.reliability import edit_child
from tests.reliability.conftest import DATELINE, copy_project, run_child, start_child

#: As root, drop what lets root write files it may not (an ordinary user has none of it).
AS_A_USER = (
    ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner", "--"]
    if os.geteuid() == 0
    else []
)


def dateline(*argv: str | Path, prefix: list[str] = AS_A_USER) -> subprocess.CompletedProcess[str]:
    return run_child(*prefix, DATELINE, *argv)


def one_error_line(done: subprocess.CompletedProcess[str]) -> str:
    """The one error a refused command prints (it must fail, without a traceback)."""
    assert done.returncode == 1 and "Traceback" not in done.stderr, done
    lines = [line for line in done.stderr.splitlines() if line.startswith("Error: ")]
    assert len(lines) == 1, done.stderr
    assert "damaged" not in lines[0] and "backup" not in lines[0], lines[0]
    return lines[0]


def modes(folder: Path) -> dict[str, str]:
    return {path.name: stat.filemode(path.stat().st_mode) for path in sorted(folder.iterdir())}


@pytest.fixture
def project(seeded_template: Path, tmp_path: Path) -> Path:
    """A copy of the seeded project, alone in a folder of its own."""
    folder = tmp_path / "folder"
    folder.mkdir()
    return copy_project(seeded_template, folder / "project.db")


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text("Ana Lobo met officials in Pemba on Friday.\n", encoding="utf-8")
    return path


def test_a_read_only_project_is_read_and_leaves_nothing_that_blocks_writes_later(
    project: Path, article: Path
) -> None:
    project.chmod(0o444)
    done = dateline("stats", "-p", project)
    assert done.returncode == 0 and "Documents: 9" in done.stdout, done
    assert modes(project.parent) == {"project.db": "-r--r--r--"}  # no read-only -shm left behind
    refused = one_error_line(dateline("import", "-p", project, article))
    assert f"{project}: not saved, nothing was changed: the project file is read-only" in refused
    assert "busy" not in refused
    project.chmod(0o644)
    done = dateline("import", "-p", project, article)
    assert done.returncode == 0, done.stderr


def test_a_read_only_shm_left_by_an_older_reader_is_made_writable_again(
    project: Path, tmp_path: Path, article: Path
) -> None:
    session = Session.open(project, annotator="a")
    # As an older Dateline or another SQLite tool left it: a -wal and a -shm as read-only as
    # the project was when it read it.
    shutil.copyfile(project, tmp_path / "copy.db")
    for suffix in ("-wal", "-shm"):
        beside = project.with_name(project.name + suffix)
        shutil.copyfile(beside, tmp_path / f"copy.db{suffix}")
    session.close()
    for suffix in ("", "-wal", "-shm"):
        shutil.move(tmp_path / f"copy.db{suffix}", project.with_name(project.name + suffix))
        project.with_name(project.name + suffix).chmod(0o444)
    project.chmod(0o644)
    done = dateline("import", "-p", project, article)
    assert done.returncode == 0, done.stderr
    assert "Imported 1 documents" in done.stdout + done.stderr


def test_a_read_only_folder_is_named_as_the_cause(project: Path, article: Path) -> None:
    folder = project.parent
    folder.chmod(0o555)
    try:
        done = dateline("stats", "-p", project)
        assert done.returncode == 0 and "Documents: 9" in done.stdout, done
        refused = one_error_line(dateline("import", "-p", project, article))
        assert (
            f"{project}: not saved, nothing was changed: " in refused
            and f"the folder {folder} is read-only" in refused
        )
        new = folder / "new.db"
        refused = one_error_line(dateline("import", "-p", new, article))
        assert refused.startswith(f"Error: {new}: cannot create the project: the folder ")
        assert modes(folder) == {"project.db": "-rw-r--r--"}
    finally:
        folder.chmod(0o755)


def on_a_full_disk(disk: Path, script: str) -> subprocess.CompletedProcess[str]:
    """Run `script` (sh) with `disk` a 64 KiB file system of its own, filled to the last block
    (in a mount namespace of its own: nothing is mounted for anyone else)."""
    mount = f"mount -t tmpfs -o size=64k tmpfs {disk}"
    fill = f"{mount} && (head -c 1M /dev/zero > {disk}/fill 2>/dev/null; true)"
    return run_child(
        "unshare", "--user", "--map-root-user", "--mount", "sh", "-c", f"{fill} && {script}"
    )


def test_a_full_disk_is_named_as_the_cause_and_creation_leaves_nothing(
    tmp_path: Path, article: Path
) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    probe = on_a_full_disk(disk, "true") if shutil.which("unshare") else None
    if probe is None or probe.returncode != 0:
        pytest.skip(f"no small file system can be mounted here ({probe and probe.stderr})")
    new = disk / "new.db"
    done = on_a_full_disk(
        disk, f'{DATELINE} import -p {new} {article}; echo "code=$?"; ls -a {disk}'
    )
    assert "code=1" in done.stdout, done
    assert done.stderr.startswith(f"Error: {new}: cannot create the project: the disk "), done
    assert "is full" in done.stderr and "damaged" not in done.stderr
    assert done.stdout.split("code=1")[1].split() == [".", "..", "fill"]  # nothing left behind


def reply(connection: Connection) -> dict[str, Any]:
    try:
        answer: dict[str, Any] = orjson.loads(connection.recv_bytes())
    except EOFError:
        return {"died": "with a traceback (see its stderr)"}
    return answer


def test_programs_creating_one_project_at_once_all_use_the_one_file(tmp_path: Path) -> None:
    for round_ in range(8):
        project = tmp_path / f"race{round_}.db"
        children = [
            start_child(edit_child.run_creator, [str(project), f"writer {n}"]) for n in range(4)
        ]
        for _child, connection in children:
            assert orjson.loads(connection.recv_bytes()) == {"ready": True}
        for _child, connection in children:
            connection.send_bytes(b"go")
        replies = [reply(connection) for _child, connection in children]
        for child, connection in children:
            child.join()
            connection.close()
        assert all("added" in reply for reply in replies), replies
        session = Session.open(project, create=False)
        titles = sorted(session.store.document(i).title for i in session.store.document_ids())
        session.close()
        assert titles == [f"writer {n}" for n in range(4)], round_
        assert (
            sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(f".race{round_}")) == []
        )
