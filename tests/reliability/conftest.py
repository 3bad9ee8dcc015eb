"""Shared helpers of the reliability suite: child processes, seeded projects, folder snapshots."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

import orjson
import pytest

from annotation.importer import import_paths
from annotation.paths import seeds_path
from annotation.session import Session

REPO = Path(__file__).resolve().parents[2]
#: The installed entry point, as the analyst runs it.
DATELINE = str(Path(sys.executable).parent / "dateline")


def child_env(**extra: str) -> dict[str, str]:
    """The environment of a child process: this interpreter's, with the repository importable."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env.update(extra)
    return env


def run_child(
    *command: str | Path, timeout: float | None = None
) -> subprocess.CompletedProcess[str]:
    """Run a command to its end in a process of its own, from the repository; its output as
    text, its exit code for the test to judge."""
    return subprocess.run(
        [str(part) for part in command],
        cwd=REPO,
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def spawn(module: str, *args: str, **extra_env: str) -> subprocess.Popen[bytes]:
    """Start `python -m module args...` with pipes on stdin, stdout and stderr."""
    return subprocess.Popen(
        [sys.executable, "-m", module, *args],
        cwd=REPO,
        env=child_env(**extra_env),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


#: Child processes fork from a server that has the core and spaCy's tokenizer imported already
#: (a fresh interpreter would spend most of each short-lived child importing).
CHILDREN = multiprocessing.get_context("forkserver")
CHILDREN.set_forkserver_preload(
    [f"tests.reliability.{name}" for name in ("edit_child", "export_child", "cli_child")]
)


def start_child(
    target: Callable[[Connection, list[str]], None], argv: list[str]
) -> tuple[BaseProcess, Connection]:
    """Run `target(connection, argv)` in a child process; our end of its connection."""
    ours, theirs = CHILDREN.Pipe()
    process = CHILDREN.Process(target=target, args=(theirs, argv))
    process.start()
    theirs.close()
    return process, ours


#: What `exitcode` says of a child our SIGKILL ended. The forkserver passes the status on, and
#: under load it sometimes cannot, and reports 255 instead (CPython issue #140867). A child that
#: failed on its own before the kill exits 1 (an exception) or 0, never either of these.
KILLED_EXIT_CODES = (-signal.SIGKILL, 255)


def messages(connection: Connection) -> Iterator[dict[str, Any]]:
    """What a child sends, to the end (it exited or was killed)."""
    while True:
        try:
            data = connection.recv_bytes()
        except EOFError:
            return
        yield orjson.loads(data)


def seeded_project(path: Path) -> Path:
    """A project holding the sample articles (as a first run makes it)."""
    session = Session.open(path, annotator="setup")
    report = import_paths(session, [seeds_path()])
    assert report.ok and report.documents > 5
    session.close()
    return path


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One seeded project per test run; tests copy it (`copy_project`)."""
    return seeded_project(tmp_path_factory.mktemp("template") / "seeded.db")


def copy_project(template: Path, target: Path) -> Path:
    """A copy of a closed project (its WAL was checkpointed and removed on close)."""
    assert not template.with_name(template.name + "-wal").exists()
    shutil.copyfile(template, target)
    return target


def snapshot(*folders: Path) -> dict[str, bytes | None]:
    """Every file and folder under the folders, by path, with its bytes (None for a folder)."""
    found: dict[str, bytes | None] = {}
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            found[str(path)] = None if path.is_dir() else path.read_bytes()
    return found
