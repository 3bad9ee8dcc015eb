"""Fixtures of the training tests (built by `projects.py`, which the CLI tests share)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.annotation.training.projects import make_arms_project


@pytest.fixture
def arms_project(tmp_path: Path) -> Path:
    return make_arms_project(tmp_path)
