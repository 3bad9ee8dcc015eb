"""The suggester in a child process: spaCy never enters the window's process.

Why: importing spaCy and reading a model on a worker thread of the window's process holds the
GIL for long stretches of C code (module initialisation, deserialising weights), and the
window's event loop stalled 130 ms to a second while it loaded (bench/first_paint.py). Across a
process boundary the window only waits on a pipe, which releases the GIL. The model's few
hundred MB stay out of the window's resident memory too.

Two pipes: `jobs` carries the long requests (the load, suggestion runs), used by one worker
thread at a time; `quick` carries the short ones (an article's tokens, the calendar value of
one span), answered by a second thread in the child so they never wait behind a suggestion run.
If the window's process dies, the child sees its pipe close and exits.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import KW_ONLY, dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from annotation.suggest.suggester import TEMPORAL_LABELS, SuggestError, Suggestion

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from annotation.model import Document
    from annotation.schema import EventType
    from annotation.suggest.suggester import Suggester
    from annotation.tokens import Tokens

log = logging.getLogger("annotation.suggest")

#: How often a waiting suggestion run looks whether it was cancelled (seconds).
_CANCEL_POLL = 0.05
#: The child's scheduling priority below the window's (`os.nice`).
_NICENESS = 5


def load_named(name: str | None, configured: str | None) -> Suggester:
    """`load_suggester`; a named pipeline that fails to load falls back to the default."""
    from annotation.suggest.loading import load_suggester

    if name:
        try:
            return load_suggester(name, configured=configured)
        except SuggestError as exc:
            suggester = load_suggester(None, configured=configured)
            suggester.notice = f"{exc}; using {suggester.name} {suggester.version} instead"
            return suggester
    return load_suggester(None, configured=configured)


class NlpProcess:
    """A child process that loads pipelines and answers suggestion, token and value requests.

    Starting it costs the window a process spawn (milliseconds); the child imports spaCy on
    its own, and answers `tokenize` from then on. `load` (call it off the GUI thread) waits
    for a pipeline to be read; loading again replaces it. Every method is safe to call from
    any thread.
    """

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")
        self._jobs, jobs_child = context.Pipe()
        self._quick, quick_child = context.Pipe()
        self._process = context.Process(
            target=serve, args=(jobs_child, quick_child), name="dateline-spacy", daemon=True
        )
        self._process.start()
        jobs_child.close()
        quick_child.close()
        self._jobs_lock = threading.Lock()
        self._quick_lock = threading.Lock()
        self._closed = False

    @property
    def pid(self) -> int | None:
        return self._process.pid

    def load(self, name: str | None = None, configured: str | None = None) -> RemoteSuggester:
        """Load a pipeline (`load_named`) in the child and wait for it, or SuggestError."""
        with self._jobs_lock:
            self._send(self._jobs, ("load", name, configured))
            reply = self._receive(self._jobs)
        if reply[0] == "failed":
            raise SuggestError(reply[1])
        return RemoteSuggester(self, **reply[1])

    def tokenize(self, text: str, language: str = "en") -> Tokens:
        """spaCy's tokens of a text (the child's blank tokenizer for the language)."""
        tokens: Tokens = self._ask(("tokenize", text, language))
        return tokens

    def line_value(self, line: str, start: int, end: int, published: date) -> str | None:
        """The calendar value of line[start:end], with the tense from the line's parse."""
        value: str | None = self._ask(("value", line, start, end, published))
        return value

    def suggest(
        self,
        documents: Iterable[Document],
        batch_size: int,
        events: Sequence[EventType],
        cancelled: Callable[[], bool] | None,
    ) -> Iterator[tuple[int, list[Suggestion]]]:
        """(document id, suggestions) as the child finishes each document."""
        with self._jobs_lock:
            self._send(self._jobs, ("suggest", list(documents), batch_size, list(events)))
            ended = False
            try:
                while True:
                    if cancelled is not None:
                        while not cancelled():
                            if self._jobs.poll(_CANCEL_POLL):
                                break
                        else:
                            return
                    reply = self._receive(self._jobs)
                    if reply[0] == "end":
                        ended = True
                        return
                    if reply[0] == "error":
                        raise SuggestError(reply[1])
                    yield reply[1], reply[2]
            finally:
                if not ended:
                    self._stop_run()

    def _stop_run(self) -> None:
        """Tell the child to stop the run and drop what it still sends for it."""
        try:
            self._jobs.send(("cancel",))
            while True:
                if self._jobs.recv()[0] == "end":
                    return
        except (EOFError, OSError):
            return

    def close(self, timeout: float = 5.0) -> None:
        """Stop the child at once; idempotent.

        The child holds nothing to save (the window's worker saves suggestions), so it is
        terminated rather than asked: a run in progress would keep it from reading a request.
        A worker still waiting on it gets SuggestError.
        """
        if self._closed:
            return
        self._closed = True
        if self._process.is_alive():
            self._process.terminate()
            self._process.join(timeout)
        if self._process.is_alive():
            self._process.kill()
            self._process.join(timeout)

    def _ask(self, request: tuple[Any, ...]) -> Any:
        with self._quick_lock:
            self._send(self._quick, request)
            reply = self._receive(self._quick)
        if reply[0] == "error":
            raise SuggestError(reply[1])
        return reply[1]

    def _send(self, connection: Connection, message: tuple[Any, ...]) -> None:
        try:
            connection.send(message)
        except (OSError, ValueError) as exc:
            raise SuggestError("the spaCy process has ended; reload the pipeline") from exc

    def _receive(self, connection: Connection) -> Any:
        try:
            return connection.recv()
        except (EOFError, OSError) as exc:
            raise SuggestError(
                f"the spaCy process ended unexpectedly (exit code {self._process.exitcode})"
            ) from exc


@dataclass(eq=False)
class RemoteSuggester:
    """What the window needs of a `Suggester`, answered by an `NlpProcess`."""

    process: NlpProcess
    _: KW_ONLY
    name: str
    origin: str
    version: str
    notice: str
    degraded: bool
    temporal_labels: frozenset[str] = TEMPORAL_LABELS

    def __repr__(self) -> str:
        return f"RemoteSuggester({self.origin!r}, pid={self.process.pid})"

    def suggest(
        self,
        documents: Iterable[Document],
        *,
        batch_size: int = 16,
        n_process: int = 1,
        events: Sequence[EventType] = (),
        cancelled: Callable[[], bool] | None = None,
    ) -> Iterator[tuple[int, list[Suggestion]]]:
        """As `Suggester.suggest` (`n_process` is ignored: the child is one process)."""
        return self.process.suggest(documents, batch_size, events, cancelled)

    def line_value(self, line: str, start: int, end: int, published: date) -> str | None:
        return self.process.line_value(line, start, end, published)

    def tokenize(self, text: str, language: str = "en") -> Tokens:
        return self.process.tokenize(text, language)

    def close(self) -> None:
        self.process.close()


# -- the child ------------------------------------------------------------------------------------


def serve(jobs: Connection, quick: Connection) -> None:
    """The child's main: answer `quick` on a thread, and jobs (load, suggest) here."""
    # Below the window in the scheduler: on a busy machine its event loop gets the core first.
    with contextlib.suppress(OSError, AttributeError):
        os.nice(_NICENESS)
    holder: dict[str, Suggester] = {}
    loaded = threading.Event()
    threading.Thread(
        target=_serve_quick, args=(quick, holder, loaded), name="quick", daemon=True
    ).start()
    while True:
        try:
            request = jobs.recv()
        except (EOFError, OSError):
            return
        kind = request[0]
        if kind == "load":
            reply = _load(holder, *request[1:])
            loaded.set()
            if not _quietly(jobs.send, reply):
                return
        elif kind == "suggest":
            suggester = holder.get("suggester")
            if suggester is None:
                if not _quietly(jobs.send, ("error", "no pipeline is loaded")):
                    return
                if not _quietly(jobs.send, ("end",)):
                    return
            elif not _run(jobs, suggester, *request[1:]):
                return
        # a "cancel" that arrives after its run ended is dropped here


def _load(
    holder: dict[str, Suggester], name: str | None, configured: str | None
) -> tuple[str, Any]:
    """Load a pipeline into `holder`; the reply for the window."""
    try:
        suggester = load_named(name, configured)
    except Exception as exc:  # every failure is reported to the window
        return "failed", str(exc) if isinstance(
            exc, SuggestError
        ) else f"{type(exc).__name__}: {exc}"
    holder["suggester"] = suggester
    return "loaded", {
        "name": suggester.name,
        "origin": suggester.origin,
        "version": suggester.version,
        "notice": suggester.notice,
        "degraded": suggester.degraded,
        "temporal_labels": suggester.temporal_labels,
    }


def _run(
    jobs: Connection,
    suggester: Suggester,
    documents: list[Document],
    batch_size: int,
    events: list[EventType],
) -> bool:
    """One suggestion run, streamed; False when the window is gone."""
    try:
        stream = suggester.suggest(documents, batch_size=batch_size, events=events)
        for document_id, suggestions in stream:
            jobs.send(("result", document_id, suggestions))
            if jobs.poll() and jobs.recv()[0] == "cancel":
                break
    except (EOFError, OSError, BrokenPipeError):
        return False
    except Exception as exc:  # reported to the window, the child goes on
        log.exception("suggestion run failed")
        if not _quietly(jobs.send, ("error", f"{type(exc).__name__}: {exc}")):
            return False
    return _quietly(jobs.send, ("end",))


def _serve_quick(quick: Connection, holder: dict[str, Suggester], loaded: threading.Event) -> None:
    while True:
        try:
            request = quick.recv()
        except (EOFError, OSError):
            os._exit(0)  # the window's process is gone: so is this one, mid-run or not
        try:
            if request[0] == "tokenize":
                from annotation.tokens import tokenize

                reply: Any = tokenize(request[1], request[2])
            elif request[0] == "value":
                line, start, end, published = request[1:]
                loaded.wait()
                suggester = holder.get("suggester")
                if suggester is None:
                    raise SuggestError("the pipeline did not load")
                reply = suggester.line_value(line, start, end, published)
            else:
                raise SuggestError(f"unknown request {request[0]!r}")
            message: tuple[Any, ...] = ("ok", reply)
        except Exception as exc:  # reported to the caller
            message = ("error", f"{type(exc).__name__}: {exc}")
        if not _quietly(quick.send, message):
            os._exit(0)


def _quietly(send: Callable[[Any], None], message: tuple[Any, ...]) -> bool:
    """Send; False when the window's end of the pipe is gone."""
    try:
        send(message)
    except (EOFError, OSError, BrokenPipeError):
        return False
    return True
