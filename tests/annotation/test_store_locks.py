"""A second store of a file in this process must not drop the locks of the first (POSIX)."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

from annotation.session import Session
from annotation.store import Store


def _open_and_close(path: Path) -> None:
    Session.open(path, create=False).close()


def test_another_process_closing_cannot_delete_the_wal_under_open_connections(
    tmp_path: Path,
) -> None:
    path = tmp_path / "p.db"
    held = Session.open(path)
    try:
        held.set_setting("before", "1")
        with Store(path, create=False):  # e.g. the window's worker opening its own connection
            pass
        context = multiprocessing.get_context("spawn")
        child = context.Process(target=_open_and_close, args=(path,))  # e.g. a training child
        child.start()
        child.join(60)
        assert child.exitcode == 0
        held.set_setting("after", "1")
        again = Session.open(path, create=False)
        try:
            assert again.setting("after") == "1"
        finally:
            again.close()
    finally:
        held.close()
