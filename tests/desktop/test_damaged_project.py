"""A project holding damaged values is refused, or its damaged article is, with a message naming
the project and the row; the window never crashes on it."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from desktop.main_window import MainWindow

#: damage -> (SQL that makes it, what the message says, whether the project opens at all)
DAMAGE = {
    "extra-labels": (
        "UPDATE setting SET value = '[\"X\"' WHERE key = 'extra_labels'",
        "its setting extra_labels ('[\"X\"') is not a list of label names",
        False,
    ),
    "document-status": (
        "UPDATE document SET status = 'weird' WHERE id = 2",
        "document 2 has status 'weird', which is not one of new, in_progress, done, skipped",
        False,
    ),
    "span-status": (
        "UPDATE span SET status = 'bogus' WHERE id = 1",
        "span 1 has status 'bogus', which is not one of suggested, accepted, rejected",
        True,
    ),
}


@pytest.mark.parametrize("case", list(DAMAGE))
def test_a_damaged_value_gets_a_message_naming_the_project_and_the_row(
    window: MainWindow, project: Path, tmp_path: Path, monkeypatch: Any, case: str
) -> None:
    damaged = tmp_path / "damaged.db"
    shutil.copyfile(project, damaged)
    sql, expected, opens = DAMAGE[case]
    conn = sqlite3.connect(damaged)
    conn.execute("INSERT OR REPLACE INTO setting VALUES ('extra_labels', '[\"X\"]')")
    conn.execute(sql)
    conn.commit()
    conn.close()
    shown: list[str] = []
    monkeypatch.setattr(
        "desktop.main_window.Message.ask",
        staticmethod(lambda _parent, _title, text: shown.append(text)),
    )
    window.controller.notice_posted.connect(lambda text, _error: shown.append(text))
    assert window.open_project(damaged) is opens
    assert len(shown) == 1 and shown[0].startswith(f"{damaged}: the project file is damaged")
    assert expected in shown[0]
    if opens:  # the damaged article is not shown; the others are
        assert window.controller.article is None
        window.open_document(2)
        assert window.controller.article is not None
    else:  # the open project stays open
        assert window.controller.document_id == 1
