"""Training in a child process: the model appears whole or not at all."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from annotation.session import Session
from annotation.training import (
    TrainingCancelled,
    TrainingError,
    TrainingProgress,
    TrainOptions,
    list_models,
    models_folder,
    run_training,
)


def test_a_cancelled_training_leaves_nothing(arms_project: Path) -> None:
    seen: list[TrainingProgress] = []
    with pytest.raises(TrainingCancelled):
        run_training(
            TrainOptions(arms_project, max_steps=10_000),
            progress=seen.append,
            cancelled=lambda: any(p.stage == "Training" for p in seen),
        )
    assert seen  # it had started
    assert list(models_folder(arms_project).iterdir()) == []


def test_ctrl_c_leaves_nothing_and_stops_the_child(arms_project: Path) -> None:
    children: list[int] = []

    def interrupt(update: TrainingProgress) -> None:
        import multiprocessing

        # only the training's own child: other tests' processes (a Dask cluster kept for
        # the whole run) are children of this process too
        children.extend(
            p.pid
            for p in multiprocessing.active_children()
            if p.pid and p.name == "dateline-training"
        )
        if update.stage == "Training":
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_training(TrainOptions(arms_project, max_steps=10_000), progress=interrupt)
    assert children, "the training child was never seen"
    assert list(models_folder(arms_project).iterdir()) == []
    for pid in children:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def test_too_few_done_documents_fail_before_a_child_starts(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    Session.open(path).close()
    with pytest.raises(TrainingError, match="0 done documents"):
        run_training(TrainOptions(path))
    assert not models_folder(path).exists()


def test_a_finished_training_is_installed_under_the_next_version(arms_project: Path) -> None:
    made = run_training(TrainOptions(arms_project, share=0.75, max_steps=20))
    again = run_training(TrainOptions(arms_project, share=0.75, max_steps=20, seed=1))
    assert (made.version, again.version) == ("1", "2")
    assert [m.path for m in list_models(arms_project)] == [made.path, again.path]
    assert made.path.parent == models_folder(arms_project)
    assert made.fingerprint != again.fingerprint  # another seed, another split
