"""Dateline writes the project file, its settings and the files asked for, and nothing else.

The headless commands run as an analyst runs them (the installed `dateline`, each in its own
process) with HOME, the XDG folders, DATELINE_HOME and TMPDIR pointed at fresh folders and the
working folder another one. Afterwards every file under all of them is listed and compared with
what the commands were asked to write: no cache, no log, no temporary file, no spaCy download.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from annotation.paths import seeds_path
from tests.reliability.conftest import DATELINE, child_env

PLACES = ("home", "config", "data", "cache", "state", "runtime", "dateline", "tmp", "cwd", "work")


def isolated(tmp_path: Path) -> tuple[dict[str, Path], dict[str, str]]:
    """Fresh, empty folders for every place a program may write, and the environment naming them."""
    folders = {name: tmp_path / name for name in PLACES}
    for folder in folders.values():
        folder.mkdir()
    folders["runtime"].chmod(0o700)
    env = child_env(
        HOME=str(folders["home"]),
        XDG_CONFIG_HOME=str(folders["config"]),
        XDG_DATA_HOME=str(folders["data"]),
        XDG_CACHE_HOME=str(folders["cache"]),
        XDG_STATE_HOME=str(folders["state"]),
        XDG_RUNTIME_DIR=str(folders["runtime"]),
        DATELINE_HOME=str(folders["dateline"]),
        TMPDIR=str(folders["tmp"]),
    )
    # Python's own byte-code cache is the interpreter's business, not Dateline's.
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return folders, env


def files_under(folders: dict[str, Path], root: Path) -> list[str]:
    return sorted(
        str(path.relative_to(root))
        for folder in folders.values()
        for path in folder.rglob("*")
        if path.is_file()
    )


def test_the_commands_write_only_what_they_were_asked_to(tmp_path: Path) -> None:
    folders, env = isolated(tmp_path)
    work = folders["work"]
    bad = work / "bad.jsonl"
    bad.write_bytes(b'{"text": "fine"}\n{"text": \n')
    project = str(work / "p\udcff.db")  # a name that is not UTF-8 (byte 0xff) is a name too

    def run(*args: str, code: int = 0) -> None:
        done = subprocess.run(
            [DATELINE, *args],
            cwd=folders["cwd"],
            env=env,
            capture_output=True,
            text=True,
            errors="replace",
            check=False,
        )
        assert done.returncode == code, (args, done.stdout, done.stderr)
        assert "Traceback" not in done.stderr

    run("import", str(seeds_path()), "-p", project)
    run("import", str(bad), "-p", project, code=1)
    run("stats", "-p", project)
    run("stats", "-p", str(work / "missing.db"), code=1)
    run("export", "-p", project, "-o", str(work / "out.jsonl"), "--all-documents")
    run("export", "-p", project, "--format", "brat", "-o", str(work / "brat"))
    run("import", str(seeds_path()))  # the default project, in the user data folder

    found = files_under(folders, tmp_path)
    brat = sorted(f"work/brat/{p.name}" for p in (work / "brat").iterdir())
    expected = sorted(
        [
            "dateline/dateline.db",
            "work/bad.jsonl",
            "work/p\udcff.db",
            "work/out.jsonl",
            *brat,
        ]
    )
    assert found == expected
    assert {Path(p).suffix for p in brat} >= {".txt", ".ann", ".conf"}
    assert os.listdir(folders["cwd"]) == []


@pytest.mark.model
def test_the_self_test_writes_nothing(tmp_path: Path) -> None:
    """`dateline --self-test` (pipeline, project, export, Qt offscreen) leaves no file anywhere."""
    folders, env = isolated(tmp_path)
    done = subprocess.run(
        [DATELINE, "--self-test"],
        cwd=folders["cwd"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "✓ Qt " in done.stdout and "Traceback" not in done.stderr
    assert files_under(folders, tmp_path) == []
