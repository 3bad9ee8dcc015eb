"""Ctrl+C in a terminal during `dateline train`: the training child stops, no model is left."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from annotation.training import models_folder
from tests.annotation.training.projects import make_arms_project


def test_ctrl_c_during_dateline_train_keeps_nothing(tmp_path: Path) -> None:
    project = make_arms_project(tmp_path)
    command = [sys.executable, "-c", "from annotation.cli import main; main()"]
    process = subprocess.Popen(
        [*command, "train", "-p", str(project), "--max-steps", "1000000"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "DATELINE_HOME": str(tmp_path)},
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )
    folder = models_folder(project)
    deadline = time.monotonic() + 300
    # the child writes its training examples just before the first update
    while not any(folder.glob(".*.part/corpus/train.spacy")):
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the training never started"
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl+C sends: the whole group
    _out, err = process.communicate(timeout=600)
    assert process.returncode == 130, err
    assert "no model was saved" in err and "Traceback" not in err
    assert list(folder.iterdir()) == []
