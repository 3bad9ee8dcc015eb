"""What the window remembers between runs (QSettings): layout, font size, annotator, choices.

Per-user preferences only; everything about the corpus lives in the project file.
"""

from __future__ import annotations

import getpass
import json
import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

DEFAULT_FONT_SIZE = 12
MIN_FONT_SIZE = 7
MAX_FONT_SIZE = 40
MAX_RECENT = 8


def _login_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (containers)
        return os.environ.get("USER", "") or "analyst"


def _bool(value: object, default: bool) -> bool:
    if value is None:
        return default
    if isinstance(value, str):
        return value.lower() in ("1", "true", "yes")
    return bool(value)


class Settings:
    """Typed access to the window's QSettings."""

    def __init__(self, store: QSettings | None = None) -> None:
        self.store = store if store is not None else QSettings("Dateline", "Dateline")

    def sync(self) -> None:
        self.store.sync()

    # layout
    def geometry(self) -> QByteArray | None:
        value = self.store.value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    def window_state(self) -> QByteArray | None:
        value = self.store.value("window/state")
        return value if isinstance(value, QByteArray) else None

    def set_layout(self, geometry: QByteArray, state: QByteArray) -> None:
        self.store.setValue("window/geometry", geometry)
        self.store.setValue("window/state", state)

    def dock_sizes(self) -> dict[str, tuple[int, int]]:
        """Each dock's preferred size (width, height), as the analyst last set it."""
        try:
            found = json.loads(str(self.store.value("window/dock_sizes", "{}")))
            return {str(k): (int(v[0]), int(v[1])) for k, v in found.items()}
        except (TypeError, ValueError, IndexError, AttributeError):
            return {}

    def set_dock_sizes(self, sizes: dict[str, tuple[int, int]]) -> None:
        self.store.setValue("window/dock_sizes", json.dumps({k: list(v) for k, v in sizes.items()}))

    # reading
    @property
    def font_size(self) -> int:
        try:
            size = int(self.store.value("view/font_size", DEFAULT_FONT_SIZE))
        except (TypeError, ValueError):
            size = DEFAULT_FONT_SIZE
        return min(max(size, MIN_FONT_SIZE), MAX_FONT_SIZE)

    @font_size.setter
    def font_size(self, size: int) -> None:
        self.store.setValue("view/font_size", min(max(size, MIN_FONT_SIZE), MAX_FONT_SIZE))

    @property
    def show_rejected(self) -> bool:
        return _bool(self.store.value("view/show_rejected"), False)

    @show_rejected.setter
    def show_rejected(self, shown: bool) -> None:
        self.store.setValue("view/show_rejected", shown)

    # who and with what
    @property
    def annotator(self) -> str:
        name = self.store.value("annotator/name")
        return str(name) if name else _login_name()

    @annotator.setter
    def annotator(self, name: str) -> None:
        self.store.setValue("annotator/name", name.strip())

    @property
    def pipeline(self) -> str | None:
        """The spaCy pipeline chosen in the window (None: the project's, else the default)."""
        name = self.store.value("suggest/pipeline")
        return str(name) if name else None

    @pipeline.setter
    def pipeline(self, name: str | None) -> None:
        if name:
            self.store.setValue("suggest/pipeline", name)
        else:
            self.store.remove("suggest/pipeline")

    # projects
    def recent_projects(self) -> list[Path]:
        value = self.store.value("projects/recent")
        if isinstance(value, str):
            value = [value]
        paths = [Path(str(item)) for item in value or [] if item]
        return [path for path in paths if path.exists()][:MAX_RECENT]

    def add_recent_project(self, path: Path) -> None:
        path = path.resolve()
        paths = [path] + [p for p in self.recent_projects() if p.resolve() != path]
        self.store.setValue("projects/recent", [str(p) for p in paths[:MAX_RECENT]])

    def last_document(self, project: Path) -> int | None:
        value = self.store.value(f"projects/last_document/{_key(project)}")
        try:
            return int(value) if value is not None else None
        except (TypeError, ValueError):
            return None

    def set_last_document(self, project: Path, document_id: int) -> None:
        self.store.setValue(f"projects/last_document/{_key(project)}", document_id)


def _key(path: Path) -> str:
    """A settings key for a project path (QSettings keys may not hold slashes freely)."""
    return str(path.resolve()).replace("/", "|").replace("\\", "|")
