"""`dateline suggest --cluster`: the pipeline runs on Dask workers, this process saves.

The client walks the documents not yet covered in id order, a page at a time, and keeps a
bounded window of chunks on the cluster: its memory stays flat however large the project. Each
chunk's plain records are saved as it completes, with `save_suggestions` (the same code and
origin as a local run), one transaction per chunk. So:

- a worker that dies has its chunks re-run by the scheduler; the client saves each chunk once,
  when its result arrives;
- a client that dies leaves whole transactions behind; the next run covers only the documents
  no saved chunk covered;
- Ctrl+C cancels the chunks in flight and keeps the saved ones.

Dask is an optional extra (`pip install "dateline[cluster]"`): this module imports it inside
functions only. How far one client scales: docs/scaling.md.
"""

from __future__ import annotations

import contextlib
import logging
import re
import signal
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.util import find_spec
from typing import TYPE_CHECKING, Any

from annotation.suggest.project import Progress
from annotation.suggest.saving import SaveReport, save_suggestions
from annotation.suggest.suggester import SuggestError

if TYPE_CHECKING:
    from distributed import Client, Future

    from annotation.session import Session
    from annotation.suggest.loading import PipelineRef

INSTALL_HINT = 'pip install "dateline[cluster]"'
#: How long a run waits for a first worker to join the scheduler (seconds).
WORKER_WAIT = 30.0
#: Times the pipeline is asked for when workers leave while it is (a restart, a lost machine).
REGISTER_TRIES = 3
#: How long connecting to a scheduler may take (seconds).
CONNECT_TIMEOUT = 10.0
#: Chunks kept on the cluster per worker thread: one running, one queued behind it, so no
#: worker idles while the client saves.
CHUNKS_PER_THREAD = 2
#: Messages Dask keeps per connection for debugging (its default, 1,000, would keep articles).
MESSAGE_LOG = 10
#: How often the window follows workers joining or leaving (seconds).
_RECOUNT = 2.0
_LOCAL = re.compile(r"local:(\d+)")
#: Run by each local worker as it starts (`cluster_worker.dask_setup`).
_LOCAL_PRELOAD = "annotation.suggest.cluster_worker"


def cluster_available() -> bool:
    """Whether Dask's distributed scheduler is installed (the `cluster` extra)."""
    return find_spec("distributed") is not None


def require_dask() -> None:
    """SuggestError saying how to install Dask, unless it is installed."""
    if not cluster_available():
        raise SuggestError(f"--cluster needs Dask's distributed scheduler: {INSTALL_HINT}")


def local_workers(address: str) -> int | None:
    """N for `local:N` (a LocalCluster of N worker processes), None for a scheduler address."""
    found = _LOCAL.fullmatch(address.strip())
    if found is None:
        if address.strip().startswith("local"):
            raise SuggestError(f"--cluster {address}: write local:N, N worker processes (local:2)")
        return None
    workers = int(found.group(1))
    if workers < 1:
        raise SuggestError(f"--cluster {address}: a local cluster needs at least one worker")
    return workers


@contextmanager
def connected(address: str) -> Iterator[Client]:
    """A Dask client of the scheduler at `address`, or of a LocalCluster for `local:N`.

    The local cluster listens on 127.0.0.1 only, runs one thread per worker process (spaCy holds
    the GIL) and ends with the block, its worker processes with it.
    """
    require_dask()
    import dask

    workers = local_workers(address)
    # Dask keeps the last messages of each connection for debugging: here they carry chunks of
    # articles (the client's to the scheduler, the local scheduler's to each worker), 1,000
    # of them by default, and the client's memory would grow with them.
    with dask.config.set({"distributed.admin.low-level-log-length": MESSAGE_LOG}):
        if workers is not None:
            with _local_cluster(workers) as client:
                yield client
            return
        yield from _remote(address)


def _remote(address: str) -> Iterator[Client]:
    from distributed import Client

    try:
        client = Client(address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as exc:
        raise SuggestError(f"cannot reach the Dask scheduler at {address}: {exc}") from exc
    try:
        yield client
    finally:
        client.close()


@contextmanager
def _local_cluster(workers: int) -> Iterator[Client]:
    import dask
    from distributed import Client, LocalCluster

    preload = [*dask.config.get("distributed.worker.preload"), _LOCAL_PRELOAD]
    with _no_interrupt():
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            # no dashboard; its HTTP server (health, metrics) on a free loopback port
            dashboard_address=None,
            scheduler_kwargs={"dashboard": False, "dashboard_address": "127.0.0.1:0"},
            silence_logs=logging.CRITICAL,  # failures reach the user as SuggestError
            preload=preload,
        )
    with cluster, Client(cluster) as client:
        yield client


@contextmanager
def _no_interrupt() -> Iterator[None]:
    """Ctrl+C ignored while local workers are spawned: they inherit that, until their preload
    takes them out of the terminal's process group (a Ctrl+C meanwhile would kill them)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def scheduler_address(client: Client) -> str:
    """The address the client talks to (a local cluster's is a free port on 127.0.0.1)."""
    scheduler = client.scheduler
    return str(scheduler.address) if scheduler is not None else "?"


def suggest_on_cluster(
    session: Session,
    client: Client,
    pipeline: PipelineRef,
    *,
    batch_size: int = 16,
    progress: Progress | None = None,
    report: SaveReport | None = None,
) -> SaveReport:
    """Suggest for every document `pipeline` has not covered, on the cluster behind `client`.

    Chunks of `batch_size` documents; each is one transaction when its result arrives. Raises
    SuggestError when a worker refuses the pipeline, a chunk fails, or no worker joins.
    """
    from distributed import as_completed

    from annotation.suggest.cluster_worker import suggest_chunk

    report = report if report is not None else SaveReport()
    store = session.store
    origin = pipeline.origin
    total = store.unsuggested_count(origin)
    if progress is not None:
        progress(0, total)
    if not total:
        return report
    name = _load_pipeline(client, pipeline)
    events = list(session.schema.events)
    run = uuid.uuid4().hex[:8]
    in_flight: dict[Future[Any], list[int]] = {}
    finished = as_completed()
    window = _Window(client)
    after = 0

    def refill() -> None:
        nonlocal after
        while len(in_flight) < window.size():
            ids = store.unsuggested_document_ids(origin, after=after, limit=batch_size)
            if not ids:
                return
            after = ids[-1]
            future = client.submit(
                suggest_chunk,
                name,
                store.documents_by_id(ids),
                events,
                batch_size,
                key=f"dateline-suggest-{run}-{ids[0]}",
            )
            in_flight[future] = ids
            finished.add(future)

    done = 0
    try:
        refill()
        for future in finished:
            ids = in_flight.pop(future)
            try:
                results = _results(future, ids)
            except SuggestError:
                _forget(client, name)  # a worker that refused it joined during the run
                raise
            future.release()
            save_suggestions(session, results, origin, report)
            done += len(ids)
            if progress is not None:
                progress(done, total)
            refill()
    finally:
        if in_flight:  # Ctrl+C or a failed chunk: the workers drop the rest
            with contextlib.suppress(Exception):  # a lost scheduler has nothing left to cancel
                client.cancel(list(in_flight))
    return report


def _load_pipeline(client: Client, pipeline: PipelineRef) -> str:
    """Have every worker load the pipeline (once: later runs find it loaded); its plugin name."""
    from annotation.suggest.cluster_worker import PipelinePlugin, plugin_name

    try:
        client.wait_for_workers(1, timeout=WORKER_WAIT)
    except TimeoutError as exc:
        address = scheduler_address(client)
        raise SuggestError(
            f"no Dask worker joined the scheduler at {address} within {WORKER_WAIT:.0f} s:"
            f" start some with `dask worker {address}`"
        ) from exc
    name = plugin_name(pipeline)
    try:
        for attempt in range(REGISTER_TRIES):
            try:
                client.register_plugin(PipelinePlugin(pipeline), name=name)
                break
            except OSError:  # a worker left while being asked (Dask's CommClosedError)
                if attempt + 1 == REGISTER_TRIES:
                    raise
                _forget(client, name)  # else the next try finds it registered and asks no one
                client.wait_for_workers(1, timeout=WORKER_WAIT)
    except Exception as exc:
        _forget(client, name)
        if isinstance(exc, SuggestError):
            raise SuggestError(str(exc)) from None
        raise SuggestError(f"the Dask workers could not load {pipeline.name}: {exc}") from exc
    return name


def _forget(client: Client, name: str) -> None:
    """Unregister a pipeline that failed, so that workers joining later do not try it and the
    next run asks every worker again."""
    with contextlib.suppress(Exception):
        client.unregister_worker_plugin(name)


def _results(future: Future[Any], ids: list[int]) -> list[tuple[int, Any]]:
    """A chunk's records, checked against the documents sent; SuggestError if it failed."""
    from distributed import KilledWorker

    span = f"documents {ids[0]}-{ids[-1]}" if len(ids) > 1 else f"document {ids[0]}"
    try:
        results: list[tuple[int, Any]] = future.result()
    except SuggestError:
        raise
    except KilledWorker as exc:
        raise SuggestError(
            f"{span}: every Dask worker that ran them died (out of memory?); the run stopped"
        ) from exc
    except Exception as exc:
        raise SuggestError(f"{span} failed on the cluster: {type(exc).__name__}: {exc}") from exc
    if [document_id for document_id, _ in results] != ids:
        raise SuggestError(f"{span}: the cluster answered for other documents")
    return results


class _Window:
    """How many chunks to keep on the cluster: `CHUNKS_PER_THREAD` per worker thread, as
    workers join or leave (asked at most every `_RECOUNT` seconds)."""

    def __init__(self, client: Client) -> None:
        self._client = client
        self._size = 0
        self._counted = float("-inf")

    def size(self) -> int:
        now = time.monotonic()
        if now - self._counted >= _RECOUNT:
            threads = sum(self._client.nthreads().values())
            self._size = CHUNKS_PER_THREAD * max(threads, 1)
            self._counted = now
        return self._size
