"""Training in a child process: the CLI and the window wait on a pipe, never on spaCy.

Why a child: training holds the GIL for seconds at a time (the window would freeze) and uses
hundreds of MB the window should not keep. The child (multiprocessing's `spawn`, niced as the
spaCy process is) trains into a hidden folder beside the models; this process renames it into
place when the child reports success (`formats.base.atomic_folder`). Cancelling (the window's
Cancel, Ctrl+C in a terminal) terminates the child and removes the folder: nothing
half-written is left, and the project file is only ever read.

The child ignores SIGINT: Ctrl+C reaches every process of the terminal's group, and the parent
decides what happens (it terminates the child and cleans up).
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotation.formats.files import atomic_folder
from annotation.model import DocStatus
from annotation.training.corpus import TrainingError
from annotation.training.registry import (
    SavedModel,
    model_name,
    models_folder,
    next_version,
    read_model,
)

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from annotation.training.trainer import TrainOptions

log = logging.getLogger("annotation.training")

#: How often the parent looks whether it was cancelled while it waits (seconds).
_POLL = 0.1
_NICENESS = 5


class TrainingCancelled(Exception):
    """The training was cancelled; nothing was kept."""


@dataclass(frozen=True)
class TrainingProgress:
    """What the child is doing: a stage, and the step of the training loop with its loss."""

    stage: str
    done: int = 0
    total: int = 0
    loss: float | None = None


def run_training(
    options: TrainOptions,
    *,
    progress: Callable[[TrainingProgress], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> SavedModel:
    """Train a model of the project in a child process and install it; the saved model.

    Raises TrainingError (with the child's message), TrainingCancelled when `cancelled` said
    so, and lets KeyboardInterrupt through; in every failure the model's folder is removed.
    """
    _check_project(options.project)
    version = next_version(options.project)
    target = models_folder(options.project) / f"{model_name(options.project)}-{version}"
    context = multiprocessing.get_context("spawn")
    with atomic_folder(target) as temporary:
        receiver, sender = context.Pipe(duplex=False)
        child = context.Process(
            target=_child,
            args=(sender, options, temporary, model_name(options.project), version),
            name="dateline-training",
            daemon=True,
        )
        child.start()
        sender.close()
        finished = False
        try:
            _wait(child, receiver, progress, cancelled)
            finished = True
        finally:
            _stop(child, at_once=not finished)
            receiver.close()
    model = read_model(target)
    if model is None:  # pragma: no cover - the child wrote the meta it reported
        raise TrainingError(f"{target}: the trained model's meta.json cannot be read")
    return model


def _check_project(project: Path) -> None:
    """Fail here, at once, rather than in the child after spaCy has loaded."""
    from annotation.store import Store

    with Store(project, create=False) as store:
        done = store.count_documents([DocStatus.DONE])
    if done < 2:
        raise TrainingError(
            f"{project}: {done} done document{'s' if done != 1 else ''}; a model needs at least"
            " 2 (one to learn from, one to score it on): mark documents done first"
        )


def _wait(
    child: Any,
    receiver: Connection,
    progress: Callable[[TrainingProgress], None] | None,
    cancelled: Callable[[], bool] | None,
) -> None:
    """Relay the child's messages until it reports the end."""
    while True:
        if cancelled is not None and cancelled():
            raise TrainingCancelled("training cancelled: no model was saved")
        if not receiver.poll(_POLL):
            if not child.is_alive() and not receiver.poll():
                raise TrainingError(
                    f"the training process ended unexpectedly (exit code {child.exitcode})"
                )
            continue
        try:
            message = receiver.recv()
        except (EOFError, OSError) as exc:
            raise TrainingError(
                f"the training process ended unexpectedly (exit code {child.exitcode})"
            ) from exc
        kind = message[0]
        if kind == "progress":
            if progress is not None:
                progress(TrainingProgress(*message[1:]))
        elif kind == "error":
            raise TrainingError(message[1])
        elif kind == "done":
            return


def _stop(child: Any, *, at_once: bool) -> None:
    """End the child: it exits by itself after its report; `at_once` when it is still working
    (cancelled, interrupted, failed: its folder is thrown away)."""
    child.join(0.0 if at_once else 60.0)
    if child.is_alive():
        child.terminate()
        child.join(5.0)
    if child.is_alive():  # pragma: no cover - terminate is not refused
        child.kill()
        child.join()


def _child(
    sender: Connection, options: TrainOptions, output: Path, name: str, version: int
) -> None:
    """The child's main: train and report."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with contextlib.suppress(OSError, AttributeError):
        os.nice(_NICENESS)
    from annotation.training.trainer import train

    def report(stage: str, done: int, total: int, loss: float | None) -> None:
        sender.send(("progress", stage, done, total, loss))

    try:
        train(options, output, name, version, report)
    except (BrokenPipeError, EOFError, ConnectionError):
        return  # the parent is gone or stopped waiting: nobody wants the model
    except TrainingError as exc:
        _quietly(sender, ("error", str(exc)))
    except Exception as exc:  # reported to the parent, which says it in one line
        log.debug("training failed", exc_info=True)
        _quietly(sender, ("error", f"training failed: {type(exc).__name__}: {exc}"))
    else:
        _quietly(sender, ("done",))
    finally:
        sender.close()


def _quietly(sender: Connection, message: tuple[Any, ...]) -> None:
    with contextlib.suppress(OSError, EOFError):
        sender.send(message)
