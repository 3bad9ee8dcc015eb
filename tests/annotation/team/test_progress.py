"""Who did what: documents done, spans decided and time spent (from each analyst's edit log)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from annotation.store import Store, TeamLayers
from annotation.team.merge import merge
from annotation.team.progress import active_time, duration
from tests.annotation.team.conftest import NAIROBI, PARIS, Analyst


def test_active_time_counts_short_gaps_and_skips_breaks() -> None:
    edits = [
        ("2025-06-02T09:00:00.000Z", 1, "ana"),
        ("2025-06-02T09:01:00.000Z", 1, "ana"),  # 60 s on 1
        ("2025-06-02T09:03:30.000Z", 2, "ana"),  # 150 s on 2
        ("2025-06-02T11:00:00.000Z", 2, "ana"),  # a break: nothing
        ("2025-06-02T11:00:20.000Z", 2, "ana"),  # 20 s on 2
        ("2025-06-02T11:00:25.000Z", None, "ana"),  # no document: the gap is nobody's
    ]
    assert active_time(edits) == {1: (60.0, 2), 2: (170.0, 3)}
    assert [duration(s) for s in (40, 14 * 60 + 5, 2 * 3600 + 5 * 60)] == [
        "40 s",
        "14 min",
        "2 h 05 min",
    ]


def test_progress_per_analyst_after_a_merge(tmp_path: Path) -> None:
    ana = Analyst(tmp_path / "ana.db", "ana", [PARIS, NAIROBI])
    ben = Analyst(tmp_path / "ben.db", "ben", [PARIS])
    ana.span(PARIS, "Paris", "GPE")
    ana.span(PARIS, "Olaf Scholz", "PERSON")
    ana.done(PARIS)
    ana.span(NAIROBI, "Kampala", "GPE")
    ben.span(PARIS, "Paris", "GPE")
    for who in (ana, ben):
        who.close()
    conn = sqlite3.connect(ana.path)
    ids = [row[0] for row in conn.execute("SELECT id FROM edit_log ORDER BY id")]
    stamps = ["09:00:00", "09:02:00", "09:02:30", "13:00:00"]  # last: after a break
    for id_, stamp in zip(ids, stamps, strict=True):
        conn.execute("UPDATE edit_log SET time = ? WHERE id = ?", (f"2025-06-02T{stamp}.000Z", id_))
    conn.commit()
    conn.close()
    merge([ana.path, ben.path], tmp_path / "team.db")
    store = Store(tmp_path / "team.db", create=False)
    progress = {p.name: p for p in TeamLayers(store).progress()}
    store.close()
    assert (progress["ana"].documents, progress["ana"].done, progress["ana"].decided) == (2, 1, 3)
    assert progress["ana"].seconds == 150.0 and progress["ana"].edits == 4
    assert (progress["ben"].documents, progress["ben"].done, progress["ben"].decided) == (1, 0, 1)
