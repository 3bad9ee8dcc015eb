"""What runs on a Dask worker: the pipeline, loaded once (a worker plugin), and chunks through it.

Imported on the workers (Dask unpickles `PipelinePlugin` and `suggest_chunk` by reference), and on
the client only once Dask is known to be installed: Dask is the optional `cluster` extra.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

from distributed import WorkerPlugin, get_worker

from annotation import __version__
from annotation.suggest.suggester import SuggestError, Suggestion

if TYPE_CHECKING:
    from distributed import Worker

    from annotation.model import Document
    from annotation.schema import EventType
    from annotation.suggest.loading import PipelineRef
    from annotation.suggest.suggester import Suggester


def plugin_name(pipeline: PipelineRef) -> str:
    """One plugin per pipeline and Dateline version: later runs find it loaded (idempotent)."""
    return f"dateline-pipeline:{pipeline.origin}:dateline-{__version__}"


class PipelinePlugin(WorkerPlugin):
    """Loads the pipeline the client asked for on each worker, once, or refuses to.

    A worker whose Dateline or pipeline (name and version) differs from the client's refuses:
    its suggestions would not be the ones the origin on the saved spans promises. Workers that
    join later load it as they start; one that refuses then fails each chunk it is given with
    the same message.
    """

    idempotent = True

    def __init__(self, pipeline: PipelineRef, dateline: str = __version__) -> None:
        self.pipeline = pipeline
        self.dateline = dateline
        self.suggester: Suggester | None = None
        self.refusal: str | None = None
        self.lock = threading.Lock()

    def __reduce__(self) -> tuple[type[PipelinePlugin], tuple[PipelineRef, str]]:
        # Only what was asked travels; the loaded pipeline and the lock stay where they are.
        return PipelinePlugin, (self.pipeline, self.dateline)

    async def setup(self, worker: Worker) -> None:
        # Off the worker's event loop: reading a model takes seconds, heartbeats go on meanwhile.
        loop = asyncio.get_running_loop()
        try:
            self.suggester = await loop.run_in_executor(None, self._load)
        except SuggestError as exc:
            self.refusal = f"Dask worker {worker.address}: {exc}"
            raise SuggestError(self.refusal) from None

    def teardown(self, worker: Worker) -> None:
        self.suggester = None

    def _load(self) -> Suggester:
        from annotation.suggest.loading import fallback_suggester, load_suggester

        wanted = self.pipeline
        if self.dateline != __version__:
            raise SuggestError(
                f"has Dateline {__version__}, the client {self.dateline}: install the same"
                " Dateline on the client and every worker"
            )
        if wanted.load_name is None:
            suggester = fallback_suggester()
        else:
            suggester = load_suggester(wanted.load_name)
        if suggester.origin != wanted.origin:
            raise SuggestError(
                f"has the spaCy pipeline {suggester.name} {suggester.version}"
                f" ({suggester.origin}), the client asked for {wanted.name} {wanted.version}"
                f" ({wanted.origin}): install the same pipeline version on the client and every"
                " worker"
            )
        return suggester


def suggest_chunk(
    name: str, documents: Sequence[Document], events: Sequence[EventType], batch_size: int
) -> list[tuple[int, list[Suggestion]]]:
    """A Dask task: (document id, suggestions) for each document of a chunk, in order.

    Only these plain records go back to the client; it saves them (`save_suggestions`).
    """
    worker = get_worker()
    plugin = worker.plugins.get(name)
    if not isinstance(plugin, PipelinePlugin):
        raise SuggestError(f"Dask worker {worker.address} has no pipeline loaded for this run")
    suggester = plugin.suggester
    if suggester is None:
        raise SuggestError(plugin.refusal or f"Dask worker {worker.address}: no pipeline loaded")
    # spaCy holds the GIL: threads of one worker would only take turns (run one thread a worker).
    with plugin.lock:
        return list(suggester.suggest(documents, batch_size=batch_size, events=events))


def dask_setup(worker: Worker) -> None:
    """Preload of `local:N` workers: out of the terminal's process group, so that Ctrl+C reaches
    the client alone, which cancels the run and closes the cluster (the workers end with it, as
    they do when the client dies)."""
    with contextlib.suppress(OSError, AttributeError):  # Windows has no sessions
        os.setsid()
