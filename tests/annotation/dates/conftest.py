"""Fixtures for the calendar-value tests."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(scope="module")
def parse() -> Any:
    """The app's parse (`Suggester.parse`); model tests skip when no pipeline is installed."""
    from annotation.suggest import load_suggester

    suggester = load_suggester()
    if suggester.degraded:
        pytest.skip("no English spaCy pipeline installed")
    return suggester.parse
