"""`merge`: analysts' projects into one team project, a layer each, again without duplicates."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from annotation.model import DocStatus, SpanStatus
from annotation.session import Session
from annotation.store import Store, TeamLayers
from annotation.team.merge import AGREED_ORIGIN, merge
from annotation.team.schemas import MergeError
from tests.annotation.team.conftest import NAIROBI, PARIS, SEOUL, TALLINN, Analyst


def _inputs(desk: dict[str, Analyst]) -> list[Path]:
    return [desk[name].path for name in ("alice", "bob", "carol")]


def _team(path: Path) -> tuple[Store, TeamLayers]:
    store = Store(path, create=False)
    return store, TeamLayers(store)


def _by_text(store: Store) -> dict[str, int]:
    return {store.document(i).text: i for i in store.document_ids()}


@pytest.fixture
def team(desk: dict[str, Analyst], tmp_path: Path) -> Path:
    """The team project, merged once from the three analysts' work as it stands."""
    path = tmp_path / "team.db"
    merge(_inputs(desk), path)
    return path


def test_merge_keeps_each_analysts_decisions_as_a_layer(
    desk: dict[str, Analyst], tmp_path: Path
) -> None:
    report = merge(_inputs(desk), tmp_path / "team.db")
    assert report.created and report.documents == 4
    assert [(layer.name, layer.documents, layer.done) for layer in report.layers] == [
        ("alice", 3, 3),
        ("bob", 2, 1),
        ("carol", 2, 2),
    ]
    store, layers = _team(tmp_path / "team.db")
    docs = _by_text(store)
    assert set(docs) == {PARIS, NAIROBI, SEOUL, TALLINN}
    paris = {layer.layer: layer for layer in layers.document_layers(docs[PARIS])}
    assert list(paris) == ["alice", "bob", "carol"]
    assert {layer.layer for layer in layers.document_layers(docs[TALLINN])} == {"carol"}
    alice = paris["alice"]
    assert alice.status is DocStatus.DONE
    friday = next(s for s in alice.spans if s.label == "DATE")
    assert (friday.value, friday.value_origin) == ("2025-05-30", "analyst")
    airbus = next(s for s in alice.spans if PARIS[s.start : s.end] == "Airbus")
    assert (airbus.label, airbus.note, airbus.annotator) == (
        "ORG",
        "the company, not the plane",
        "alice",
    )
    (meet,) = alice.events
    assert meet.attributes == {"polarity": "positive", "context": "asserted"}
    roles = {
        (a.role, PARIS[s.start : s.end])
        for a in alice.arguments
        for s in alice.spans
        if s.id == a.span
    }
    assert roles == {
        ("place", "Paris"),
        ("participant", "Emmanuel Macron"),
        ("participant", "Olaf Scholz"),
    }
    carol_roles = {a.role for a in paris["carol"].arguments}
    assert len(paris["carol"].arguments) == 2 and carol_roles == {"place", "participant"}
    assert paris["bob"].status is DocStatus.DONE
    bob_nairobi = layers.document_layers(docs[NAIROBI])[1]
    assert (bob_nairobi.layer, bob_nairobi.status) == ("bob", DocStatus.IN_PROGRESS)
    store.close()


def test_the_adjudicated_layer_starts_as_what_every_finished_analyst_agrees_on(
    team: Path,
) -> None:
    session = Session.open(team, create=False)
    docs = _by_text(session.store)
    paris = {PARIS[s.start : s.end]: s for s in session.store.spans(docs[PARIS])}
    # Friday's value and Airbus's label differ: not agreed, left for adjudication
    assert set(paris) == {"Emmanuel Macron", "Olaf Scholz", "Paris", "met"}
    assert {s.origin for s in paris.values()} == {AGREED_ORIGIN}
    assert all(s.status is SpanStatus.ACCEPTED for s in paris.values())
    (meet,) = session.store.events(docs[PARIS])
    roles = {(a.role, session.store.span(a.span).label) for a in session.store.arguments(meet.id)}
    assert roles == {("place", "GPE"), ("participant", "PERSON")}  # Scholz: carol left him out
    # NAIROBI: only alice finished it, so hers is the agreed version; bob's is not counted
    nairobi = {NAIROBI[s.start : s.end] for s in session.store.spans(docs[NAIROBI])}
    assert nairobi == {"William Ruto", "Kampala", "KenGen"}
    assert session.store.document(docs[PARIS]).status is DocStatus.NEW
    assert not session.can_undo  # a merge is a bulk write, as an import is
    session.close()


def test_merging_again_after_more_work_updates_layers_without_duplicates(
    desk: dict[str, Analyst], team: Path
) -> None:
    store, layers = _team(team)
    before = {p.name: p.decided for p in layers.progress()}
    store.close()
    bob = desk["bob"]
    bob.span(NAIROBI, "KenGen", "ORG")
    bob.done(NAIROBI)
    report = merge(_inputs(desk), team)
    assert not report.created and report.documents == 4
    assert [layer.new_documents for layer in report.layers] == [0, 0, 0]
    store, layers = _team(team)
    after = {p.name: p.decided for p in layers.progress()}
    assert after == {**before, "bob": before["bob"] + 1}
    assert [layer.name for layer in layers.layers()] == ["alice", "bob", "carol"]
    twice = store.conn.execute(
        "SELECT layer_id, start, [end], label, count(*) FROM layer_span"
        " GROUP BY 1, document_id, 2, 3, 4 HAVING count(*) > 1"
    ).fetchall()
    assert twice == []
    docs = _by_text(store)
    bob_nairobi = {layer.layer: layer for layer in layers.document_layers(docs[NAIROBI])}["bob"]
    assert bob_nairobi.status is DocStatus.DONE and len(bob_nairobi.spans) == 3
    spans = store.spans(docs[NAIROBI])
    assert sorted(NAIROBI[s.start : s.end] for s in spans) == ["Kampala", "KenGen", "William Ruto"]
    store.close()


def test_a_merge_again_leaves_a_document_an_adjudicator_started_as_it_is(
    desk: dict[str, Analyst], team: Path
) -> None:
    from annotation.commands import RemoveSpan

    session = Session.open(team, annotator="editor", create=False)
    docs = _by_text(session.store)
    paris = next(s for s in session.store.spans(docs[PARIS]) if s.label == "GPE")
    session.execute(RemoveSpan(paris.id))
    session.close()
    report = merge(_inputs(desk), team)
    assert report.kept == 1
    session = Session.open(team, annotator="editor", create=False)
    assert "GPE" not in {s.label for s in session.store.spans(docs[PARIS])}
    assert session.can_undo
    session.undo()
    assert "GPE" in {s.label for s in session.store.spans(docs[PARIS])}
    session.close()


def test_inputs_are_never_written(desk: dict[str, Analyst], tmp_path: Path) -> None:
    for who in desk.values():
        who.close()  # closed: read as immutable files
    folder = desk["alice"].path.parent
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}
    merge(_inputs(desk), tmp_path / "team.db")
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}
    assert after == before
    assert sorted(before) == ["alice.db", "bob.db", "carol.db"]


def test_inputs_open_in_a_window_are_read_with_their_latest_edits(
    desk: dict[str, Analyst], tmp_path: Path
) -> None:
    alice = desk["alice"]
    alice.session.store.conn.execute("PRAGMA wal_autocheckpoint = 0")
    alice.span(SEOUL, "3 June 2025", "DATE")  # only in alice's -wal so far
    wal = alice.path.with_name("alice.db-wal")
    wal_before = wal.read_bytes()
    db_before = alice.path.read_bytes()
    merge(_inputs(desk), tmp_path / "team.db")
    assert alice.path.read_bytes() == db_before and wal.read_bytes() == wal_before
    store, layers = _team(tmp_path / "team.db")
    seoul = _by_text(store)[SEOUL]
    assert "DATE" in {s.label for s in layers.document_layers(seoul)[0].spans}
    store.close()


def test_layers_are_named_by_names_given(desk: dict[str, Analyst], tmp_path: Path) -> None:
    report = merge(_inputs(desk), tmp_path / "team.db", names=["ana", "ben", "cleo"])
    assert [layer.name for layer in report.layers] == ["ana", "ben", "cleo"]
    with pytest.raises(MergeError, match="gives 2 names for 3 projects"):
        merge(_inputs(desk), tmp_path / "other.db", names=["ana", "ben"])
    with pytest.raises(MergeError, match="both ana's work"):
        merge(_inputs(desk), tmp_path / "other.db", names=["ana", "ana", "cleo"])
    assert not (tmp_path / "other.db").exists()


def test_a_schema_clash_is_refused_with_a_clear_message_and_nothing_written(
    desk: dict[str, Analyst], tmp_path: Path
) -> None:
    from annotation.paths import resource_path

    news = resource_path("schemas/news.toml").read_text(encoding="utf-8")
    clashing = news.replace('head = ["PERSON", "ORG"]', 'head = ["PERSON"]', 1)
    clashing = clashing.replace('temporal_labels = ["DATE", "TIME"]', 'temporal_labels = ["DATE"]')
    path = tmp_path / "carol.toml"
    path.write_text(clashing, "utf-8")
    desk["carol"].session.use_schema(path)
    team = tmp_path / "team.db"
    with pytest.raises(MergeError) as refused:
        merge(_inputs(desk), team)
    message = str(refused.value)
    assert "relation AFFILIATION links other labels" in message
    assert "differ on whether TIME spans carry a calendar value" in message
    assert str(desk["carol"].path) in message
    assert not team.exists() and list(tmp_path.glob(".team.db*")) == []


def test_schemas_are_reconciled_where_labels_match(
    desk: dict[str, Analyst], tmp_path: Path
) -> None:
    desk["bob"].session.add_labels(["VESSEL"])
    desk["carol"].session.add_labels(["VESSEL", "WEAPON"])
    merge(_inputs(desk), tmp_path / "team.db")
    session = Session.open(tmp_path / "team.db", create=False)
    assert session.schema.knows("VESSEL") and session.schema.knows("WEAPON")
    assert session.schema.knows("PERSON") and session.schema.is_trigger("MEET")
    session.close()


def test_a_project_of_its_own_is_not_merged_into(desk: dict[str, Analyst]) -> None:
    carol = desk["carol"].path
    before = carol.read_bytes()
    with pytest.raises(MergeError, match="a project of its own, not a team project"):
        merge([desk["alice"].path, desk["bob"].path], carol)
    assert carol.read_bytes() == before


def test_an_older_project_is_merged_without_being_updated(
    desk: dict[str, Analyst], tmp_path: Path
) -> None:
    """A project of schema 1 (before layers) is read as it is: a Store would migrate it."""
    import sqlite3

    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

    from annotation.migrations import APPLICATION_ID, m001_initial

    old = tmp_path / "old.db"
    conn = sqlite3.connect(old)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    steps = Migrations("dateline")
    steps()(m001_initial)
    steps.apply(Database(conn))
    source = desk["bob"].session.store.conn
    for table in ("document", "span", "edit_log"):
        # the columns schema 1 has (later schemas add some, e.g. span.entity_id)
        names = ", ".join(f"[{r[1]}]" for r in conn.execute(f"PRAGMA table_info([{table}])"))
        rows = source.execute(f"SELECT {names} FROM [{table}]").fetchall()
        marks = ",".join("?" * len(rows[0]))
        conn.executemany(f"INSERT INTO [{table}] ({names}) VALUES ({marks})", rows)
    conn.commit()
    conn.close()
    before = old.read_bytes()
    report = merge([desk["alice"].path, old], tmp_path / "team.db")
    assert [(layer.name, layer.decided) for layer in report.layers][1] == ("bob", 8)
    assert old.read_bytes() == before and sorted(p.name for p in tmp_path.glob("old.db*")) == [
        "old.db"
    ]
