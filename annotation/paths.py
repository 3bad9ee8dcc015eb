"""Where Dateline's files live: bundled resources and seeds, and the user's data folder."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from platformdirs import user_data_path

APP_NAME = "Dateline"
_REPO_ROOT = Path(__file__).resolve().parent.parent


def _bundle_root() -> Path:
    """The folder holding `resources/` and `seeds/`: the checkout, the wheel or the frozen app."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    installed = Path(__file__).resolve().parent / "_data"
    if installed.is_dir():
        return installed
    return _REPO_ROOT


def resource_path(relative: str) -> Path:
    """A bundled resource, e.g. `schemas/news.toml`."""
    return _bundle_root() / "resources" / relative


def seeds_path() -> Path:
    """The folder of sample articles shipped with the app."""
    return _bundle_root() / "seeds"


def data_dir() -> Path:
    """The user's data folder (DATELINE_HOME overrides it, for tests and portable installs)."""
    override = os.environ.get("DATELINE_HOME")
    return Path(override) if override else user_data_path(APP_NAME, appauthor=False)


def default_project_path() -> Path:
    """The project file used when none is named."""
    return data_dir() / "dateline.db"
