"""The spaCy pipeline in the background: load it, suggest for articles, hand the results over.

spaCy runs in a child process (`annotation.suggest.remote`, ADR 0007): importing it and reading
the model (seconds) hold the GIL for long stretches, which a thread of this process could not
hide. A worker thread of the spaCy pool waits on the child's pipe (which releases the GIL) and
saves the suggestions through its own connection to the project file (SQLite in WAL mode lets
it write while the window reads), keeping the commit's fsync off the GUI thread too; the window
then reads again only the documents written (`Session.announce_written`). Tests pass a
`loader` to run a pipeline on the worker thread instead: either way the window sees a
`Suggester` (the protocol below).
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from PySide6.QtCore import QObject, Signal

from annotation.model import DocStatus, Document
from annotation.session import Session
from annotation.store import Store
from annotation.worklist import to_do_after
from desktop.workers import Progress, Task, TaskCancelled, Workers

if TYPE_CHECKING:
    from annotation.dates.valuer import Valuer
    from annotation.schema import EventType
    from annotation.suggest import Suggestion
    from annotation.suggest.remote import NlpProcess, RemoteSuggester
    from annotation.tokens import Tokens

log = logging.getLogger(__name__)

#: Articles after the open one that get suggestions ahead of time.
PREFETCH = 3


@runtime_checkable
class Suggester(Protocol):
    """What the window needs of a loaded pipeline: `annotation.suggest.remote.RemoteSuggester`
    (the spaCy process), or an `annotation.suggest.Suggester` run on a worker (tests)."""

    name: str
    #: the origin its spans are saved with (`model:<name>@<version>`)
    origin: str
    #: what the status bar says once it has loaded
    notice: str
    #: rules only: no model is installed
    degraded: bool

    def suggest(
        self,
        documents: Iterable[Document],
        *,
        batch_size: int = ...,
        n_process: int = ...,
        events: Sequence[EventType] = ...,
        cancelled: Callable[[], bool] | None = ...,
    ) -> Iterator[tuple[int, list[Suggestion]]]: ...

    def line_value(self, line: str, start: int, end: int, published: date) -> str | None:
        """The calendar value of line[start:end], with the tense from the line's parse."""
        ...


#: (pipeline name or None, the project's configured pipeline or None) -> a loaded suggester
Loader = Callable[[str | None, str | None], Suggester]


class PipelineState(StrEnum):
    IDLE = "idle"
    LOADING = "loading"
    READY = "ready"
    FAILED = "failed"


@dataclass(frozen=True)
class SuggestResult:
    """What a background suggestion run did."""

    document_ids: tuple[int, ...]
    added: int
    summary: str


def valuer_for(suggester: Suggester | None) -> Valuer | None:
    """The session's calendar-value function, when the date normaliser is installed.

    The normaliser itself is imported by `import_dates` on a worker (about 100 ms of rule
    tables: not on the GUI thread), or by the first value asked for, whichever comes first.
    """
    if importlib.util.find_spec("annotation.dates") is None:
        return None
    from annotation.dates.valuer import make_valuer

    if suggester is None:
        return make_valuer()
    return make_valuer(line_value=suggester.line_value)


def import_dates(**_: Any) -> bool:
    """Import the date normaliser ahead of the first value (a worker task); False if it cannot."""
    try:
        importlib.import_module("annotation.dates.normalizer")
    except ImportError as exc:
        log.warning("calendar values are off: the date normaliser cannot be imported (%s)", exc)
        return False
    return True


def _load(loader: Loader, name: str | None, configured: str | None, **_: Any) -> Suggester:
    return loader(name, configured)


def _load_remote(
    process: NlpProcess, name: str | None, configured: str | None, **_: Any
) -> RemoteSuggester:
    return process.load(name, configured)


#: Suggestions are saved every this many documents (one transaction each).
_SAVE_EVERY = 16


def _suggest(
    suggester: Suggester,
    project: Path,
    document_ids: Sequence[int],
    *,
    progress: Progress,
    cancelled: Callable[[], bool],
) -> SuggestResult:
    """Suggest for the documents that still need it and save the batch (worker thread)."""
    from annotation.suggest import SaveReport, save_suggestions

    session = Session.open(project, create=False)
    try:
        store = session.store
        documents = []
        for document_id in document_ids:
            row = store.row("document", document_id)
            if row is None or row["status"] in (DocStatus.DONE.value, DocStatus.SKIPPED.value):
                continue
            if store.was_suggested(document_id, suggester.origin):
                continue
            documents.append(store.document(document_id))
        batch: list[tuple[int, Any]] = []
        done: list[int] = []
        report = SaveReport()
        progress(0, len(documents), "Suggesting")
        events = session.schema.events
        stream = suggester.suggest(
            documents, batch_size=_SAVE_EVERY, events=events, cancelled=cancelled
        )
        for number, result in enumerate(stream, 1):
            batch.append(result)
            progress(number, len(documents), "Suggesting")
            # Saved a batch at a time: a cancel or a crash keeps what is finished.
            if len(batch) == _SAVE_EVERY or cancelled():
                save_suggestions(session, batch, suggester.origin, report)
                done += [document_id for document_id, _ in batch]
                batch = []
            if cancelled():
                break
        if batch:
            save_suggestions(session, batch, suggester.origin, report)
            done += [document_id for document_id, _ in batch]
        summary = f"{report.added} suggestions from {suggester.name}"
        return SuggestResult(tuple(done), report.added, summary)
    finally:
        session.close()


class Pipeline(QObject):
    """The window's suggester: its loading state and background suggestion runs."""

    state_changed = Signal(str, str)
    suggestions_saved = Signal(object)
    failed = Signal(str)

    def __init__(self, workers: Workers, loader: Loader | None = None) -> None:
        """`loader` None: the pipeline runs in a child process (`NlpProcess`), so neither
        spaCy's import nor the model's load nor its runs hold this process's GIL."""
        super().__init__()
        self.workers = workers
        self.loader = loader
        self.state = PipelineState.IDLE
        self.message = "spaCy not loaded"
        self.suggester: Suggester | None = None
        self._process: NlpProcess | None = None
        self._child_lock = threading.Lock()
        self._shut = False  # after `shutdown`, until the next `load`
        self._queued: set[int] = set()
        self._generation = 0

    @property
    def ready(self) -> bool:
        return self.state is PipelineState.READY and self.suggester is not None

    def load(self, name: str | None, configured: str | None) -> Task:
        """Load (or reload) the pipeline in the background."""
        self._generation += 1
        generation = self._generation
        self.suggester = None
        self._set_state(PipelineState.LOADING, f"Loading spaCy {name or 'pipeline'}…")
        function: Callable[..., Any]
        if self.loader is None:
            with self._child_lock:
                self._shut = False
            function, args = _load_remote, (self._child(), name, configured)
        else:
            function, args = _load, (self.loader, name, configured)
        return self.workers.start(
            "Loading spaCy",
            function,
            *args,
            nlp=True,
            on_done=lambda suggester: self._on_loaded(generation, suggester),
            on_failed=lambda message: self._on_load_failed(generation, message),
        )

    def tokenize(self, text: str, language: str = "en") -> Tokens:
        """spaCy's tokens of a text: from the child process when there is one (worker threads)."""
        if self.loader is None:
            from annotation.suggest import SuggestError

            if self._shut:  # the window is closing: nobody waits for these tokens
                raise TaskCancelled("Tokenizing")
            try:
                return self._child().tokenize(text, language)
            except SuggestError as exc:
                if self._shut:
                    raise TaskCancelled("Tokenizing") from exc
                log.warning("tokenizing here: the spaCy process cannot (%s)", exc)
        from annotation.tokens import tokenize

        return tokenize(text, language)

    def _child(self) -> NlpProcess:
        """The spaCy process, started on first need (tokens are wanted before the load)."""
        with self._child_lock:
            if self._shut:
                from annotation.suggest import SuggestError

                raise SuggestError("the window is closing")
            if self._process is None:
                from annotation.suggest.remote import NlpProcess

                self._process = NlpProcess()
            return self._process

    def shutdown(self) -> None:
        """Stop the child process, if any (a run in progress fails; nothing is half-saved)."""
        with self._child_lock:
            process, self._process = self._process, None
            self._shut = True
        if process is not None:
            process.close()

    def _on_loaded(self, generation: int, suggester: Suggester) -> None:
        if generation != self._generation:
            return
        self.suggester = suggester
        state = PipelineState.READY
        self._set_state(state, suggester.notice)

    def _on_load_failed(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self._set_state(PipelineState.FAILED, message)

    def _set_state(self, state: PipelineState, message: str) -> None:
        self.state = state
        self.message = message
        self.state_changed.emit(state.value, message)

    def suggest(self, project: Path, document_ids: Sequence[int]) -> Task | None:
        """Suggest for these documents in the background (those not queued already)."""
        suggester = self.suggester
        wanted = [i for i in document_ids if i not in self._queued]
        if suggester is None or not wanted:
            return None
        self._queued.update(wanted)
        generation = self._generation

        def finished(result: SuggestResult) -> None:
            self._queued.difference_update(wanted)
            if generation == self._generation:
                self.suggestions_saved.emit(result)

        def failed(message: str) -> None:
            self._queued.difference_update(wanted)
            self.failed.emit(message)

        return self.workers.start(
            "Suggesting",
            _suggest,
            suggester,
            project,
            wanted,
            nlp=True,
            on_done=finished,
            on_failed=failed,
        )

    def suggest_ahead(self, store: Store, project: Path, document_id: int) -> None:
        """The open article, then the next few to do, get suggestions if they have none.

        The open article goes alone first: its suggestions come sooner, and a problem with one
        of the others cannot hold them up.
        """
        suggester = self.suggester
        if suggester is None:
            return
        wanted = [document_id, *to_do_after(store, document_id, PREFETCH)]
        wanted = [i for i in wanted if not store.was_suggested(i, suggester.origin)]
        if wanted and wanted[0] == document_id:
            self.suggest(project, wanted[:1])
            wanted = wanted[1:]
        if wanted:
            self.suggest(project, wanted)
