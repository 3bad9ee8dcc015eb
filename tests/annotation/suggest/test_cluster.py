"""Suggesting on a Dask cluster: the same records as a local run, worker faults, refusals.

One local cluster serves the whole run (`dask_client`, 2 worker processes on 127.0.0.1); each
test's pipeline has a name of its own, so no test finds another's loaded on the workers.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import orjson
import pytest

from annotation.session import Session
from annotation.suggest import SaveReport, SuggestError, describe_pipeline, load_suggester
from annotation.suggest import suggest_project as suggest_here
from tests.annotation.conftest import SAMPLE, add_document, ruler_nlp
from tests.annotation.suggest.gate import HOLD, held, release
from tests.annotation.test_suggest import DATES, PATTERNS, WIRE

pytest.importorskip(
    "distributed", reason='Dask is not installed: pip install "dateline[cluster]" (dev has it)'
)

from annotation.suggest.cluster import (
    connected,
    local_workers,
    suggest_on_cluster,
)

DOCUMENTS = 12
BATCH = 2
#: How long a test waits for a worker or client to reach a point (a hang fails, nothing is timed)
DEADLINE = 90.0
T = TypeVar("T")


def pipeline_folder(tmp_path: Path, gate: Path | None = None, version: str = "1.0.0") -> Path:
    """A blank pipeline with entity-ruler rules (entities and dates), saved as a folder."""
    nlp = ruler_nlp(PATTERNS + DATES, name=f"cluster_{uuid.uuid4().hex[:8]}", version=version)
    if gate is not None:
        nlp.add_pipe("dateline_test_gate", first=True, config={"folder": str(gate)})
    folder = tmp_path / "pipeline"
    nlp.to_disk(folder)
    return folder


def held_at_seven(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A gate folder, a pipeline whose gate holds document 7 on the worker that reads it, and the
    project ("there") to run it on."""
    gate = tmp_path / "gate"
    gate.mkdir()
    return gate, pipeline_folder(tmp_path, gate), make_project(tmp_path / "there.db", hold=7)


def set_version(folder: Path, version: str) -> None:
    meta = orjson.loads((folder / "meta.json").read_bytes())
    meta["version"] = version
    (folder / "meta.json").write_bytes(orjson.dumps(meta))


def make_project(path: Path, hold: int | None = None) -> Path:
    """DOCUMENTS articles with dates to value; one without a publication date (inferred from
    its dateline); document `hold` (1-based) is held by the gate."""
    session = Session.open(path)
    for number in range(1, DOCUMENTS + 1):
        mark = f" {HOLD}." if number == hold else ""
        if number == 5:
            add_document(session.store, f"{WIRE}\nSeoul{mark}", title=f"wire {number}")
            continue
        text = f"{number}. {SAMPLE} The pact was signed on June 18, 2019.{mark}"
        add_document(session.store, text, published="2025-12-06")
    session.close()
    return path


def run_here(project: Path, folder: Path) -> SaveReport:
    """The reference: `dateline suggest` in this process."""
    session = Session.open(project)
    try:
        return suggest_here(session, load_suggester(str(folder)), batch_size=BATCH)
    finally:
        session.close()


def run_there(
    project: Path,
    folder: Path,
    client: Any,
    progress: Callable[[int, int], None] | None = None,
    pipeline: Any = None,
) -> SaveReport:
    session = Session.open(project)
    try:
        return suggest_on_cluster(
            session,
            client,
            pipeline or describe_pipeline(str(folder)),
            batch_size=BATCH,
            progress=progress,
        )
    finally:
        session.close()


def outcome(project: Path) -> dict[str, Any]:
    """All a run leaves in the project, without row ids and times (a cluster saves its chunks
    in the order they finish, so span ids differ from a local run's)."""
    conn = sqlite3.connect(f"file:{project}?mode=ro", uri=True)
    try:
        spans = {
            row[0]: row[1:]
            for row in conn.execute(
                "SELECT id, document_id, start, [end], label, status, origin, score, value,"
                " value_origin, note, annotator, suggested FROM span"
            )
        }
        events = {
            row[0]: (spans[row[1]], row[2], row[3])
            for row in conn.execute("SELECT id, [trigger], type, attributes FROM event")
        }
        arguments = [
            (events[event], role, spans[span])
            for event, role, span in conn.execute("SELECT event_id, role, span FROM argument")
        ]
        return {
            "spans": sorted(spans.values(), key=repr),
            "events": sorted(events.values(), key=repr),
            "arguments": sorted(arguments, key=repr),
            "documents": conn.execute(
                "SELECT id, published, meta, status FROM document ORDER BY id"
            ).fetchall(),
            "runs": conn.execute(
                "SELECT document_id, model FROM suggestion_run ORDER BY document_id, model"
            ).fetchall(),
        }
    finally:
        conn.close()


def saved_batches(project: Path) -> int:
    conn = sqlite3.connect(f"file:{project}?mode=ro", uri=True)
    try:
        return int(
            conn.execute("SELECT count(*) FROM edit_log WHERE kind = 'suggest'").fetchone()[0]
        )
    finally:
        conn.close()


def wait_for(found: Callable[[], T], what: str) -> T:
    """Poll until `found()` gives something true; a hang fails the test after DEADLINE."""
    deadline = time.monotonic() + DEADLINE
    while not (result := found()):
        if time.monotonic() > deadline:
            raise AssertionError(f"no {what} after {DEADLINE:.0f} s")
        time.sleep(0.05)
    return result


def test_local_workers_parses_local_n_and_refuses_malformed_ones() -> None:
    assert local_workers("local:3") == 3
    assert local_workers("tcp://127.0.0.1:8786") is None
    for bad in ("local:0", "local:two", "local"):
        with pytest.raises(SuggestError, match="local"):
            local_workers(bad)


def test_suggestions_from_the_cluster_are_those_of_a_local_run(
    tmp_path: Path, dask_client: Any
) -> None:
    folder = pipeline_folder(tmp_path)
    here = make_project(tmp_path / "here.db")
    there = make_project(tmp_path / "there.db")
    before = outcome(there)
    expected = run_here(here, folder)
    progress: list[tuple[int, int]] = []
    report = run_there(there, folder, dask_client, lambda *step: progress.append(step))
    assert outcome(there) == outcome(here) != before
    assert report == expected and report.documents == DOCUMENTS
    assert progress[0] == (0, DOCUMENTS) and progress[-1] == (DOCUMENTS, DOCUMENTS)
    assert [done for done, _ in progress] == sorted(done for done, _ in progress)
    # what was compared is not empty: values, origins and an inferred publication date
    spans = outcome(there)["spans"]
    origin = describe_pipeline(str(folder)).origin
    assert {span[5] for span in spans} == {origin}
    assert ("2019-06-18", "computed") in {(span[7], span[8]) for span in spans}
    assert "published_inferred" in outcome(there)["documents"][4][2]
    # a second run finds every document covered and sends nothing
    assert run_there(there, folder, dask_client).documents == 0


def test_a_worker_killed_mid_chunk_has_it_run_again_and_nothing_is_saved_twice(
    tmp_path: Path, dask_client: Any
) -> None:
    gate, folder, there = held_at_seven(tmp_path)
    killed: list[int] = []

    def kill_the_holder() -> None:
        try:
            (pid, *_) = wait_for(lambda: held(gate), "worker holding document 7")
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)
        finally:
            release(gate)

    workers = set(dask_client.run(os.getpid).values())
    killer = threading.Thread(target=kill_the_holder)
    killer.start()
    try:
        report = run_there(there, folder, dask_client)
    finally:
        release(gate)
        killer.join()
    assert killed and killed[0] in workers
    here = make_project(tmp_path / "here.db", hold=7)
    run_here(here, folder)
    assert outcome(there) == outcome(here)
    # each chunk saved once: one transaction per chunk, each document counted once
    assert report.documents == DOCUMENTS
    assert saved_batches(there) == DOCUMENTS // BATCH == saved_batches(here)
    # the nanny has started a worker in place of the killed one (for the tests that follow)
    dask_client.wait_for_workers(2, timeout=DEADLINE)


def test_workers_with_another_version_of_the_pipeline_refuse_it(
    tmp_path: Path, dask_client: Any
) -> None:
    folder = pipeline_folder(tmp_path, version="1.0.0")
    there = make_project(tmp_path / "there.db")
    before = outcome(there)
    asked = describe_pipeline(str(folder))  # what the client has installed
    set_version(folder, "2.0.0")  # ... and what the workers have
    with pytest.raises(SuggestError) as refused:
        run_there(there, folder, dask_client, pipeline=asked)
    message = str(refused.value)
    assert message.startswith("Dask worker tcp://127.0.0.1:")
    assert f"has the spaCy pipeline {asked.name} 2.0.0" in message
    assert f"the client asked for {asked.name} 1.0.0" in message
    assert "install the same pipeline version on the client and every worker" in message
    assert outcome(there) == before
    # once the workers have the client's version, the next run is not refused
    set_version(folder, "1.0.0")
    assert run_there(there, folder, dask_client, pipeline=asked).documents == DOCUMENTS


def test_an_unreachable_scheduler_is_one_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import annotation.suggest.cluster as cluster

    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", 0.5)
    unreachable = r"cannot reach the Dask scheduler at tcp://127\.0\.0\.1:9"
    with pytest.raises(SuggestError, match=unreachable), connected("tcp://127.0.0.1:9"):
        pass


def test_a_scheduler_without_workers_is_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from distributed import Client, LocalCluster

    import annotation.suggest.cluster as cluster

    monkeypatch.setattr(cluster, "WORKER_WAIT", 0.5)
    folder = pipeline_folder(tmp_path)
    there = make_project(tmp_path / "there.db")
    with (
        LocalCluster(n_workers=0, host="127.0.0.1", dashboard_address=None) as empty,
        Client(empty) as client,
    ):
        with pytest.raises(SuggestError) as refused:
            run_there(there, folder, client)
        address = empty.scheduler_address
    assert str(refused.value) == (
        f"no Dask worker joined the scheduler at {address} within 0 s:"
        f" start some with `dask worker {address}`"
    )


def test_no_connection_keeps_a_long_log_of_the_articles_it_carried(dask_client: Any) -> None:
    # Dask's default keeps each connection's last 1,000 messages: chunks of articles, sent by the
    # client and relayed by its local scheduler; the client's memory grew with the project.
    from annotation.suggest.cluster import MESSAGE_LOG

    scheduler = dask_client.cluster.scheduler
    comms = [dask_client.scheduler_comm, *scheduler.stream_comms.values()]
    assert len(comms) >= 2  # the client's, and one a worker (one may be restarting)
    assert {comm.recent_message_log.maxlen for comm in comms} == {MESSAGE_LOG}
