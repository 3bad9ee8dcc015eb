"""Background work: spaCy, imports and exports run on thread pools, never on the GUI thread.

A `Task` runs a plain function on a pool; its signals arrive on the GUI thread (they are queued
across threads). spaCy work goes to a pool of one thread, so loading the pipeline, suggesting
and parsing never compete for the same `nlp` object; everything else to a small general pool.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)

#: A task's function gets a `progress(done, total, what)` callback and a `cancelled()` check.
Progress = Callable[[int, int, str], None]


class TaskCancelled(Exception):
    """Raised inside a task function that noticed it was cancelled."""


class TaskSignals(QObject):
    """What a task reports (delivered on the thread that created it: the GUI thread)."""

    finished = Signal(object)
    failed = Signal(str)
    progressed = Signal(int, int, str)
    #: after finished or failed, whatever happened
    ended = Signal()


class Task(QRunnable):
    """One function run on a pool."""

    def __init__(self, name: str, function: Callable[..., Any], *args: Any) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.name = name
        self.function = function
        self.args = args
        self.signals = TaskSignals()
        self._cancel = threading.Event()
        self.done = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def progress(self, done: int, total: int, what: str = "") -> None:
        if self._cancel.is_set():
            raise TaskCancelled(self.name)
        self.signals.progressed.emit(done, total, what)

    def run(self) -> None:
        try:
            result = self.function(
                *self.args, progress=self.progress, cancelled=self._cancel.is_set
            )
        except TaskCancelled:
            self._emit(self.signals.failed, f"{self.name}: cancelled")
        except Exception as exc:  # a task's failure is shown to the analyst, never raised
            log.error("%s failed:\n%s", self.name, traceback.format_exc())
            self._emit(self.signals.failed, f"{self.name} failed: {exc}")
        else:
            self._emit(self.signals.finished, result)
        finally:
            self.done.set()
            self._emit(self.signals.ended)

    def _emit(self, signal: Any, *args: Any) -> None:
        try:
            signal.emit(*args)
        except RuntimeError:  # the window (and the signals' QObject) went away while we ran
            log.debug("%s: nobody is listening any more", self.name)


class Workers(QObject):
    """The window's background pools and the tasks running on them."""

    #: the tasks running changed: a summary for the status bar ('' when idle), done, total
    activity_changed = Signal(str, int, int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.nlp_pool = QThreadPool(self)
        self.nlp_pool.setMaxThreadCount(1)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(2)
        self._tasks: dict[int, Task] = {}
        self._progress: dict[int, tuple[int, int, str]] = {}

    def start(
        self,
        name: str,
        function: Callable[..., Any],
        *args: Any,
        nlp: bool = False,
        on_done: Callable[[Any], None] | None = None,
        on_failed: Callable[[str], None] | None = None,
        quiet: bool = False,
    ) -> Task:
        """Run `function(*args, progress=..., cancelled=...)` in the background."""
        task = Task(name, function, *args)
        key = id(task)
        self._tasks[key] = task
        if on_done is not None:
            task.signals.finished.connect(on_done)
        if on_failed is not None:
            task.signals.failed.connect(on_failed)
        if not quiet:
            self._progress[key] = (0, 0, name)
            task.signals.progressed.connect(
                lambda done, total, what: self._on_task_progressed(key, name, done, total, what)
            )
        task.signals.ended.connect(lambda: self._on_task_ended(key))
        (self.nlp_pool if nlp else self.pool).start(task)
        self._announce()
        return task

    def tasks(self) -> list[Task]:
        return list(self._tasks.values())

    def cancel_all(self) -> None:
        for task in self._tasks.values():
            task.cancel()

    def wait(self, milliseconds: int = 30_000) -> bool:
        """Wait for running tasks (on quit); True when all ended."""
        first = self.pool.waitForDone(milliseconds)
        second = self.nlp_pool.waitForDone(milliseconds)
        return first and second

    def _on_task_progressed(self, key: int, name: str, done: int, total: int, what: str) -> None:
        if key in self._tasks:
            self._progress[key] = (done, total, name)
            self._announce()

    def _on_task_ended(self, key: int) -> None:
        self._tasks.pop(key, None)
        self._progress.pop(key, None)
        self._announce()

    def _announce(self) -> None:
        if not self._progress:
            self.activity_changed.emit("", 0, 0)
            return
        done, total, name = next(reversed(self._progress.values()))
        more = len(self._progress) - 1
        summary = f"{name}…" + (f" (+{more} more)" if more else "")
        self.activity_changed.emit(summary, done, total)
