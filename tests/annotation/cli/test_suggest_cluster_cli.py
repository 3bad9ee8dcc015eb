"""`dateline suggest --cluster`: the client killed or interrupted mid-run, and what it refuses.

The faults run the real command in a child process with its own `local:1` cluster; a gate
component holds one chunk on a worker, so the client is stopped with work saved and work left.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import annotation.suggest.cluster as cluster_module
from annotation.cli import main
from tests.annotation.suggest.gate import held, release

pytest.importorskip(
    "distributed", reason='Dask is not installed: pip install "dateline[cluster]" (dev has it)'
)

import psutil

from tests.annotation.suggest.test_cluster import (
    BATCH,
    DOCUMENTS,
    held_at_seven,
    make_project,
    outcome,
    run_here,
    wait_for,
)

ROOT = Path(__file__).resolve().parents[3]
GATE = "tests.annotation.suggest.gate"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def covered(project: Path) -> list[int]:
    conn = sqlite3.connect(f"file:{project}?mode=ro", uri=True)
    try:
        return [row[0] for row in conn.execute("SELECT document_id FROM suggestion_run")]
    finally:
        conn.close()


@contextlib.contextmanager
def suggesting(project: Path, folder: Path, gate: Path) -> Iterator[subprocess.Popen[str]]:
    """`dateline suggest --cluster local:1` in a child process (its own session, as a terminal
    would start it), stopped once a worker holds document 7 and a first chunk is saved."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env["DASK_DISTRIBUTED__WORKER__PRELOAD"] = f'["{GATE}"]'
    command = [sys.executable, "-c", "from annotation.cli import main; main()", "suggest"]
    command += ["-p", str(project), "-m", str(folder), "--cluster", "local:1", "-b", str(BATCH)]
    child = subprocess.Popen(
        command,
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        wait_for(lambda: held(gate) and covered(project), "chunk held and another saved")
        yield child
    finally:
        release(gate)
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
        child.communicate()


def family(pid: int) -> list[psutil.Process]:
    return psutil.Process(pid).children(recursive=True)


def gone(processes: list[psutil.Process]) -> bool:
    def alive(process: psutil.Process) -> bool:
        try:
            return process.status() != psutil.STATUS_ZOMBIE
        except psutil.NoSuchProcess:
            return False

    return not any(alive(process) for process in processes)


def each_saved_batch_is_whole(project: Path, reference: dict[str, Any]) -> list[int]:
    """The documents a stopped run covered carry exactly their spans of a full run; the others
    none. Returns the covered ones."""
    done = sorted(covered(project))
    spans = outcome(project)["spans"]
    assert spans == [span for span in reference["spans"] if span[0] in done]
    return done


def test_a_client_killed_mid_run_resumes_to_the_state_of_an_uninterrupted_run(
    tmp_path: Path, dask_client: Any
) -> None:
    gate, folder, there = held_at_seven(tmp_path)
    with suggesting(there, folder, gate) as child:
        workers = family(child.pid)
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        # its local cluster ends with it, the worker holding document 7 too
        wait_for(lambda: gone(workers), "end of the killed client's workers")
        assert held(gate)[0] in [worker.pid for worker in workers]
    here = make_project(tmp_path / "here.db", hold=7)
    run_here(here, folder)
    reference = outcome(here)
    done = each_saved_batch_is_whole(there, reference)
    assert 7 not in done and 0 < len(done) < DOCUMENTS
    # the next run (here on a running scheduler, by its address) does only what is left
    address = dask_client.scheduler.address
    code, stdout, stderr = run("suggest", "-p", str(there), "-m", str(folder), "--cluster", address)
    assert code == 0, stderr
    assert f" in {DOCUMENTS - len(done)} documents with " in stdout
    assert outcome(there) == reference


def test_ctrl_c_keeps_the_saved_batches_and_stops_cluster_and_workers(tmp_path: Path) -> None:
    gate, folder, there = held_at_seven(tmp_path)
    with suggesting(there, folder, gate) as child:
        workers = family(child.pid)
        os.killpg(child.pid, signal.SIGINT)  # as a terminal does: the whole foreground group
        _, stderr = child.communicate()
        assert child.returncode == 130
        wait_for(lambda: gone(workers), "end of the interrupted client's workers")
    done = covered(there)
    assert (
        f"Interrupted: suggestions for {len(done)} of {DOCUMENTS} documents are saved; run"
        f" `dateline suggest --cluster local:1` again to continue with the rest." in stderr
    )
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr
    here = make_project(tmp_path / "here.db", hold=7)
    run_here(here, folder)
    assert 7 not in each_saved_batch_is_whole(there, outcome(here))


def test_without_dask_the_option_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cluster_module, "cluster_available", lambda: False)
    project = make_project(tmp_path / "p.db")
    code, _, stderr = run("suggest", "-p", str(project), "--cluster", "local:2")
    assert code == 1
    assert stderr.strip() == (
        'Error: --cluster needs Dask\'s distributed scheduler: pip install "dateline[cluster]"'
    )
    assert covered(project) == []


def test_cluster_options_are_checked_before_anything_starts(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p.db")
    code, _, stderr = run("suggest", "-p", str(project), "--cluster", "local:2", "-n", "2")
    assert code == 2 and "--processes and --cluster do not go together" in stderr
    code, _, stderr = run("suggest", "-p", str(project), "--cluster", "local:0")
    assert code == 1 and "a local cluster needs at least one worker" in stderr
