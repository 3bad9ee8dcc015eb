"""Fixtures for the window tests: a tiny project, a ruler-based suggester, isolated settings.

Every test drives real widgets offscreen (tests/conftest.py sets QT_QPA_PLATFORM). Suggestions
come from spaCy's blank English with an entity ruler: the point is the window, not a model.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, QSettings, Qt
from PySide6.QtGui import QMouseEvent, QTextCursor
from PySide6.QtWidgets import QApplication

from annotation.session import Session
from desktop.article_view import ArticleView
from desktop.main_window import MainWindow
from desktop.settings import Settings
from tests.annotation.conftest import add_document, ruler_nlp

ARTICLE = (
    "India, South Korea explore space cooperation\n"
    "\n"
    "Seoul, Dec 6 (IANS) Indian Ambassador Gourangalal Das and KASA Administrator Yoon Youngbin"
    " on Saturday explored space cooperation.\n"
    "\n"
    "On November 22, Prime Minister Narendra Modi and President Lee Jae-myung met in South"
    " Africa."
)
SCRIPTS = (
    "Mixed scripts 🚀\n"
    "\n"
    "अनन्या देशपांडे met 박서연 in Seoul 🇮🇳🤝🇰🇷 and e\u0301lan café.\n"
    "Launch of SETU-1 🛰️ was praised by 김도현."
)
PATTERNS = [
    {"label": "GPE", "pattern": "India"},
    {"label": "GPE", "pattern": "South Korea"},
    {"label": "GPE", "pattern": "Seoul"},
    {"label": "ORG", "pattern": "IANS"},
    {"label": "PERSON", "pattern": "Gourangalal Das"},
    {"label": "ORG", "pattern": "KASA"},
    {"label": "PERSON", "pattern": "Yoon Youngbin"},
    {"label": "PERSON", "pattern": "Narendra Modi"},
    {"label": "PERSON", "pattern": "Lee Jae-myung"},
    {"label": "GPE", "pattern": "South Africa"},
    {"label": "PERSON", "pattern": "박서연"},
]


def ruler_suggester(patterns: Sequence[dict[str, Any]] = PATTERNS) -> Any:
    from annotation.suggest import Suggester

    return Suggester(ruler_nlp(patterns, version="1.0.0"), temporal_labels=())


def ruler_loader(_name: str | None, _configured: str | None) -> Any:
    return ruler_suggester()


class SlowLoader:
    """A loader that blocks until the test lets it finish (the window must not wait for it)."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.started = threading.Event()

    def __call__(self, name: str | None, configured: str | None) -> Any:
        self.started.set()
        if not self.release.wait(30):
            raise TimeoutError("the test never released the slow loader")
        return ruler_suggester()


def add_article(session: Session, text: str, title: str, **fields: Any) -> int:
    return add_document(session.store, text, title=title, **fields)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project with two articles; the first has ruler suggestions."""
    from annotation.suggest import save_suggestions

    path = tmp_path / "project.db"
    session = Session.open(path, annotator="tester")
    try:
        first = add_article(
            session, ARTICLE, "India, South Korea", source="IANS", published="2025-12-06"
        )
        add_article(session, SCRIPTS, "Mixed scripts", source="Saffron Bay", published="2025-09-16")
        add_article(session, ARTICLE + "\nThird.", "Third article", published="2025-06-01")
        suggester = ruler_suggester()
        results = list(suggester.suggest([session.store.document(first)]))
        save_suggestions(session, results, suggester.origin)
    finally:
        session.close()
    return path


IANS_SEED = "ians-india-south-korea-space-2025-12-06.txt"
IANS_PATTERNS = [
    *PATTERNS,
    {"label": "GPE", "pattern": "Canada"},
    {"label": "ORG", "pattern": "MEA"},
    {"label": "PERSON", "pattern": "Lee"},
    {"label": "ORG", "pattern": "ISRO"},
    {"label": "ORG", "pattern": "Latest News"},
    {"label": "PRODUCT", "pattern": "Sat"},
    {"label": "GPE", "pattern": "Kolkata"},
]


@contextmanager
def ians_project(path: Path, patterns: Sequence[dict[str, Any]] = ()) -> Iterator[Session]:
    """A new project at `path` holding the IANS sample article (document 1), with suggestions
    from a ruler of `patterns`; open for the fixture to annotate, closed on leaving."""
    from annotation.importer import import_paths
    from annotation.paths import seeds_path
    from annotation.suggest import save_suggestions

    session = Session.open(path, annotator="tester")
    try:
        import_paths(session, [seeds_path() / IANS_SEED])
        if patterns:
            suggester = ruler_suggester(patterns)
            documents = [session.store.document(1)]
            save_suggestions(session, suggester.suggest(documents), suggester.origin)
        yield session
    finally:
        session.close()


@pytest.fixture
def ians(tmp_path: Path) -> Path:
    """The IANS sample article (long enough to scroll) with ruler suggestions."""
    path = tmp_path / "ians.db"
    with ians_project(path, IANS_PATTERNS):
        return path


#: The start of a script run by `in_a_process`: `open_window(project, **options)` opens the
#: window as `dateline` does, with settings of its own next to the project.
OPEN_WINDOW = (
    "import sys\n"
    "from pathlib import Path\n"
    "from PySide6.QtCore import QSettings\n"
    "from desktop.app import create_window\n"
    "from desktop.settings import Settings\n"
    "def open_window(project, **options):\n"
    "    ini = str(Path(project).with_suffix('.ini'))\n"
    "    settings = Settings(QSettings(ini, QSettings.Format.IniFormat))\n"
    "    return create_window(Path(project), settings=settings, **options)\n"
)


def in_a_process(script: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run a script in a fresh interpreter: what it imports is its own to see."""
    return subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=timeout, check=False
    )


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def make_window(qtbot: Any, settings: Settings) -> Iterator[Callable[..., MainWindow]]:
    from desktop.app import create_window

    made: list[MainWindow] = []

    def make(project: Path, loader: Any = ruler_loader, load_pipeline: bool = False) -> MainWindow:
        window = create_window(
            project, settings=settings, loader=loader, load_pipeline=load_pipeline
        )
        assert window is not None
        qtbot.addWidget(window)
        made.append(window)
        window.activateWindow()
        window.view.setFocus()
        return window

    yield make
    for window in made:
        window.workers.cancel_all()
        window.workers.wait(30_000)


@pytest.fixture
def window(make_window: Callable[..., MainWindow], project: Path) -> MainWindow:
    return make_window(project)


# -- driving the article with the mouse ------------------------------------------------------------


def point_at(view: ArticleView, position: int, *, after: bool = False) -> QPoint:
    """A viewport point inside the character at code-point `position` (or just before it)."""
    article = view.article
    assert article is not None
    view.reveal(position, position + 1)
    cursor = QTextCursor(view.document())
    cursor.setPosition(article.positions.to_utf16(position))
    rect = view.cursorRect(cursor)
    x = rect.x() - 2 if after else rect.x() + 2
    return QPoint(int(x), rect.center().y())


def _mouse(
    view: ArticleView,
    kind: QEvent.Type,
    point: QPoint,
    buttons: Qt.MouseButton,
    modifiers: Qt.KeyboardModifier,
) -> None:
    target = view.viewport()
    local = QPointF(point)
    button = Qt.MouseButton.LeftButton if kind != QEvent.Type.MouseMove else Qt.MouseButton.NoButton
    event = QMouseEvent(kind, local, QPointF(target.mapToGlobal(point)), button, buttons, modifiers)
    QApplication.sendEvent(target, event)


def drag(
    view: ArticleView,
    start: int,
    end: int,
    modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    """Press inside character `start`, move, release inside character `end - 1`."""
    first = point_at(view, start)
    last = point_at(view, end, after=True)
    left = Qt.MouseButton.LeftButton
    _mouse(view, QEvent.Type.MouseButtonPress, first, left, modifiers)
    middle = QPoint((first.x() + last.x()) // 2, (first.y() + last.y()) // 2)
    _mouse(view, QEvent.Type.MouseMove, middle, left, modifiers)
    _mouse(view, QEvent.Type.MouseMove, last, left, modifiers)
    _mouse(view, QEvent.Type.MouseButtonRelease, last, Qt.MouseButton.NoButton, modifiers)


def click(view: ArticleView, position: int) -> None:
    point = point_at(view, position)
    _mouse(
        view,
        QEvent.Type.MouseButtonPress,
        point,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    _mouse(
        view,
        QEvent.Type.MouseButtonRelease,
        point,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )


def double_click(view: ArticleView, position: int) -> None:
    """The events a window system sends for a double click."""
    point = point_at(view, position)
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    plain = Qt.KeyboardModifier.NoModifier
    _mouse(view, QEvent.Type.MouseButtonPress, point, left, plain)
    _mouse(view, QEvent.Type.MouseButtonRelease, point, none, plain)
    _mouse(view, QEvent.Type.MouseButtonPress, point, left, plain)
    _mouse(view, QEvent.Type.MouseButtonDblClick, point, left, plain)
    _mouse(view, QEvent.Type.MouseButtonRelease, point, none, plain)


def spans_in_file(path: Path, document_id: int) -> list[tuple[int, int, str, str]]:
    """(start, end, label, status) as stored, read through a fresh connection."""
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        rows = conn.execute(
            "SELECT start, end, label, status FROM span WHERE document_id = ? ORDER BY start, end",
            (document_id,),
        ).fetchall()
    finally:
        conn.close()
    return [tuple(row) for row in rows]  # type: ignore[misc]


def document_status(path: Path, document_id: int) -> str:
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        return str(
            conn.execute("SELECT status FROM document WHERE id = ?", (document_id,)).fetchone()[0]
        )
    finally:
        conn.close()
