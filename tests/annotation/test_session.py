"""Undo and redo live in the core, persist in the project file, and announce what changed."""

from __future__ import annotations

import tempfile
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotation.commands import (
    Accept,
    AddRelation,
    AddSpan,
    Command,
    CommandError,
    MarkDone,
    Reject,
    Relabel,
    RemoveSpan,
    Resize,
    SetDocumentStatus,
    SetNote,
)
from annotation.importer import import_paths
from annotation.model import DocStatus, NewSpan, SpanStatus
from annotation.session import Change, Session
from annotation.store import ConflictError, StoreError
from annotation.suggest import Suggestion, save_suggestions
from tests.annotation.conftest import SAMPLE, add_document, add_span, dump


def test_undo_works_after_closing_and_reopening(project: Path) -> None:
    session = Session.open(project, annotator="a")
    doc = add_document(session.store)
    session.execute(AddSpan(doc, NewSpan(0, 13, "PERSON")))
    session.execute(AddSpan(doc, NewSpan(18, 31, "PERSON")))
    session.close()

    reopened = Session.open(project)
    assert reopened.undo_text == "Undo Add PERSON 'Lee Jae-myung'"
    reopened.undo()
    assert [s.text_in(SAMPLE) for s in reopened.store.spans(doc)] == ["Narendra Modi"]
    reopened.close()

    again = Session.open(project)
    assert again.redo_text == "Redo Add PERSON 'Lee Jae-myung'"
    again.redo()
    assert len(again.store.spans(doc)) == 2
    again.close()


def test_a_new_edit_discards_the_redo_branch_but_keeps_it_in_the_audit_trail(
    session: Session,
) -> None:
    doc = add_document(session.store)
    session.execute(AddSpan(doc, NewSpan(0, 13, "PERSON")))
    session.undo()
    assert session.can_redo
    session.execute(AddSpan(doc, NewSpan(18, 31, "PERSON")))
    assert not session.can_redo
    states = [entry.state for entry in session.store.history()]
    assert states == ["done", "discarded"]


def test_changes_are_announced_after_commit(session: Session) -> None:
    doc = add_document(session.store)
    seen: list[tuple[Change, int]] = []

    def on_change(change: Change) -> None:
        # the edit is already committed: a second connection sees it
        other = Session.open(session.store.path)
        seen.append((change, len(other.store.spans(doc))))
        other.close()

    session.changed.connect(on_change)
    session.execute(AddSpan(doc, NewSpan(0, 13, "PERSON")), source="view")
    session.undo()
    assert [(c.kind, c.source, n) for c, n in seen] == [("do", "view", 1), ("undo", None, 0)]
    assert seen[0][0].description == "Add PERSON 'Narendra Modi'"


def test_a_conflicting_undo_step_is_skipped_and_the_earlier_ones_stay_reachable(
    project: Path,
) -> None:
    session = Session.open(project, annotator="a")
    doc = add_document(session.store)
    session.execute(AddSpan(doc, NewSpan(0, 13, "PERSON")))
    span = session.execute(AddSpan(doc, NewSpan(18, 31, "PERSON"))).added_span
    with session.store.transaction():  # another program edits the file behind our back
        session.store.conn.execute("UPDATE span SET label = 'ORG' WHERE id = ?", (span,))
    before = dump(session.store)
    seen: list[Change] = []
    session.changed.connect(seen.append)
    message = (
        r"Cannot undo “Add PERSON 'Lee Jae-myung'”: span \d+ has been changed since .*"
        r"It is skipped \(its changes stay\); Undo now goes on to “Add PERSON 'Narendra Modi'”"
    )
    with pytest.raises(ConflictError, match=message):
        session.undo()
    assert dump(session.store) == before  # nothing of the step was taken back
    assert [c.description for c in seen] == ["Skipped Add PERSON 'Lee Jae-myung'"]  # menus follow
    assert session.undo_text == "Undo Add PERSON 'Narendra Modi'"
    session.close()
    # The next Undo goes on, also after a restart; the audit trail keeps the step, marked.
    reopened = Session.open(project, annotator="a")
    assert reopened.undo() is not None
    assert [s.label for s in reopened.store.spans(doc)] == ["ORG"]
    assert [e.state for e in reopened.store.history()] == ["skipped", "undone"]
    assert not reopened.can_undo and reopened.redo_text == "Redo Add PERSON 'Narendra Modi'"
    reopened.close()


def test_a_conflicting_redo_step_is_left_out_and_the_later_ones_stay_reachable(
    session: Session,
) -> None:
    doc = add_document(session.store)
    span = add_span(session, doc, 0, 13, "PERSON")
    session.execute(Relabel(span, "ORG"))
    session.execute(AddSpan(doc, NewSpan(18, 31, "PERSON")))
    session.undo()
    session.undo()
    with session.store.transaction():  # another program relabels it its own way
        session.store.conn.execute("UPDATE span SET label = 'GPE' WHERE id = ?", (span,))
    message = r"Cannot redo “Relabel PERSON .*left out.*Redo now goes on to “Add PERSON 'Lee"
    with pytest.raises(ConflictError, match=message):
        session.redo()
    assert session.redo() is not None
    assert [(s.text_in(SAMPLE), s.label) for s in session.store.spans(doc)] == [
        ("Narendra Modi", "GPE"),
        ("Lee Jae-myung", "PERSON"),
    ]
    assert [e.state for e in session.store.history()] == ["done", "discarded", "done"]


def test_an_edit_that_changes_nothing_records_no_undo_step(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("annotation.commands.base.now", lambda: "2025-12-06T10:00:00.000Z")
    doc = add_document(session.store)
    first = session.execute(AddSpan(doc, NewSpan(0, 13, "PERSON")))
    span = first.added_span
    assert first.entry is not None and span is not None
    # Accepting it again in the same millisecond changes nothing: no step to undo.
    again = session.execute(Accept(span))
    assert again.entry is None and not again.spans
    assert session.undo_entry is not None and session.undo_entry.id == first.entry


def test_ids_are_never_given_twice_so_undo_survives_imports_and_suggestion_runs(
    project: Path, tmp_path: Path
) -> None:
    session = Session.open(project, annotator="a")
    doc = add_document(session.store)
    session.execute(AddSpan(doc, NewSpan(0, 13, "PERSON")))
    deleted = add_span(session, doc, 18, 31, "PERSON")
    session.execute(RemoveSpan(deleted))
    # Another program saves suggestions, imports an annotated file and edits.
    other = Session.open(project, annotator="b")
    save_suggestions(other, [(doc, [Suggestion(35, 47, "GPE")])], "model:test@1")
    source = tmp_path / "more.jsonl"
    source.write_bytes(
        orjson.dumps({"text": "Oslo is cold.", "spans": [{"start": 0, "end": 4, "label": "GPE"}]})
    )
    assert import_paths(other, [source]).ok
    other.execute(AddSpan(doc, NewSpan(51, 62, "DATE")))
    other.close()
    assert deleted not in {row[0] for row in session.store.conn.execute("SELECT id FROM span")}
    # Every step of the shared history is still reachable (bulk writes are not steps).
    assert session.undo_text == "Undo Add DATE 'November 22'"
    session.undo()
    session.undo()
    assert session.store.span(deleted).label == "PERSON"
    session.undo()
    session.undo()
    assert not session.can_undo
    assert [s.text_in(SAMPLE) for s in session.store.spans(doc)] == ["South Africa"]
    session.close()


def test_two_windows_share_one_persistent_history(project: Path) -> None:
    first = Session.open(project, annotator="a")
    doc = add_document(first.store)
    span = first.execute(AddSpan(doc, NewSpan(0, 13, "PERSON"))).added_span
    second = Session.open(project, annotator="b")
    assert span is not None
    second.execute(Relabel(span, "ORG"))
    assert first.refresh() is not None  # the first window notices the outside change
    assert first.store.span(span).label == "ORG"
    assert first.undo_text == "Undo Relabel PERSON 'Narendra Modi' as ORG"
    first.undo()
    assert second.store.span(span).label == "PERSON"
    first.close()
    second.close()


def test_refresh_is_silent_without_outside_changes(session: Session) -> None:
    add_document(session.store)
    session.execute(SetDocumentStatus(1, DocStatus.SKIPPED))
    assert session.refresh() is None


def test_a_write_through_another_connection_is_announced_for_its_documents_only(
    tmp_path: Path,
) -> None:
    project = tmp_path / "p.db"
    window = Session.open(project, annotator="a")
    first, second = add_document(window.store), add_document(window.store, text=SAMPLE + " Two.")
    worker = Session.open(project, annotator="worker")  # the suggestion worker's connection
    worker.execute(AddSpan(second, NewSpan(0, 13, "PERSON")))
    heard: list[Change] = []
    window.changed.connect(heard.append)
    change = window.announce_written("3 suggestions", [second])
    assert heard == [change]
    assert not change.everything and change.reloads(second) and not change.reloads(first)
    assert window.refresh() is None  # not announced a second time as "everything"
    worker.close()
    window.close()


# -- property: any sequence of edits undoes to the start and redoes to the end ----------------

TEXT = "Ana met Bo in Oslo on Monday; Cy and Di signed the pact in Rome. 🚀 नमस्ते 서울"
WORDS = [(i, i + len(w)) for i, w in ((TEXT.index(w), w) for w in TEXT.split())]
LABELS = ["PERSON", "GPE", "DATE", "ORG"]

edit = st.one_of(
    st.tuples(st.just("add"), st.sampled_from(WORDS), st.sampled_from(LABELS), st.booleans()),
    st.tuples(st.just("accept"), st.integers(0, 30)),
    st.tuples(st.just("reject"), st.integers(0, 30)),
    st.tuples(st.just("relabel"), st.integers(0, 30), st.sampled_from(LABELS)),
    st.tuples(st.just("remove"), st.integers(0, 30)),
    st.tuples(st.just("resize"), st.integers(0, 30), st.sampled_from(WORDS)),
    st.tuples(st.just("note"), st.integers(0, 30), st.text(max_size=5)),
    st.tuples(st.just("relate"), st.integers(0, 30), st.integers(0, 30)),
    st.tuples(
        st.just("done"),
    ),
    st.tuples(st.just("status"), st.sampled_from(list(DocStatus))),
)


def _command(session: Session, doc: int, step: tuple) -> Command | None:  # type: ignore[type-arg]
    spans = session.store.spans(doc)
    pick = (lambda n: spans[n % len(spans)].id) if spans else None
    kind = step[0]
    if kind == "add":
        (start, end), label, suggested = step[1], step[2], step[3]
        status = SpanStatus.SUGGESTED if suggested else SpanStatus.ACCEPTED
        return AddSpan(doc, NewSpan(start, end, label, status=status, origin="model:m@1"))
    if kind == "done":
        return MarkDone(doc)
    if kind == "status":
        return SetDocumentStatus(doc, step[1])
    if pick is None:
        return None
    commands = {
        "accept": lambda: Accept(pick(step[1])),
        "reject": lambda: Reject(pick(step[1])),
        "relabel": lambda: Relabel(pick(step[1]), step[2]),
        "remove": lambda: RemoveSpan(pick(step[1])),
        "resize": lambda: Resize(pick(step[1]), *step[2]),
        "note": lambda: SetNote(pick(step[1]), step[2]),
        "relate": lambda: AddRelation(pick(step[1]), pick(step[2]), "ALIAS_OF"),
    }
    return commands[kind]()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=st.lists(edit, min_size=1, max_size=25))
def test_random_edits_undo_to_the_start_and_redo_to_the_end(steps: list[tuple]) -> None:  # type: ignore[type-arg]
    with tempfile.TemporaryDirectory() as folder:
        session = Session.open(Path(folder) / "p.db", annotator="h")
        doc = add_document(session.store, TEXT)
        start = dump(session.store)
        done = 0
        for step in steps:
            command = _command(session, doc, step)
            if command is None:
                continue
            try:
                session.execute(command)
                done += 1
            except CommandError:
                pass
        end = dump(session.store)
        for _ in range(done):
            session.undo()
        assert dump(session.store) == start
        assert not session.can_undo
        for _ in range(done):
            session.redo()
        assert dump(session.store) == end
        assert not session.can_redo
        session.close()


def test_a_damaged_history_entry_is_reported_not_a_traceback(session: Session) -> None:
    doc = add_document(session.store)
    session.execute(AddSpan(doc, NewSpan(0, 13, "PERSON")))
    with session.store.transaction():
        session.store.conn.execute("UPDATE edit_log SET ops = x'7b7b7b'")
    with pytest.raises(StoreError, match=r"edit-log entry 1 .* cannot be read"):
        session.undo()


def test_the_history_records_changed_columns_not_whole_documents(session: Session) -> None:
    doc = add_document(session.store, "Oslo. " * 20_000)
    session.execute(AddSpan(doc, NewSpan(0, 4, "GPE")))  # also marks the document in progress
    session.execute(MarkDone(doc))
    sizes = [len(row[0]) for row in session.store.conn.execute("SELECT ops FROM edit_log")]
    assert max(sizes) < 2_000
    session.undo()
    session.undo()
    assert session.store.document(doc).status is DocStatus.NEW


def test_a_redo_branch_is_looked_for_only_when_there_may_be_one(session: Session) -> None:
    doc = add_document(session.store)
    session.execute(AddSpan(doc, NewSpan(0, 13, "PERSON")))
    seen: list[str] = []
    session.store.conn.set_trace_callback(seen.append)
    session.execute(AddSpan(doc, NewSpan(18, 31, "PERSON")))
    session.undo()
    session.execute(AddSpan(doc, NewSpan(35, 47, "GPE")))
    session.store.conn.set_trace_callback(None)
    discards = [s for s in seen if s.startswith("UPDATE edit_log SET state = 'discarded'")]
    assert len(discards) == 1  # after the undo, not before
    assert [entry.state for entry in session.store.history()] == ["done", "discarded", "done"]


def test_a_redo_branch_made_in_another_window_is_discarded(project: Path) -> None:
    first = Session.open(project, annotator="a")
    doc = add_document(first.store)
    first.execute(AddSpan(doc, NewSpan(0, 13, "PERSON")))
    first.execute(AddSpan(doc, NewSpan(18, 31, "PERSON")))
    second = Session.open(project, annotator="b")
    assert second.undo() is not None
    first.execute(AddSpan(doc, NewSpan(35, 47, "GPE")))
    assert not first.can_redo and not second.can_redo
    assert [entry.state for entry in first.store.history()] == ["done", "discarded", "done"]
    first.close()
    second.close()


def test_a_discard_rolled_back_with_its_edit_leaves_the_redo_branch(session: Session) -> None:
    doc = add_document(session.store)
    session.execute(AddSpan(doc, NewSpan(0, 13, "PERSON")))
    session.undo()
    store = session.store
    with pytest.raises(RuntimeError), store.transaction():
        store.log("edit", "Lost", (), annotator=None, document_id=doc)
        raise RuntimeError("power cut")
    assert session.can_redo
    session.execute(AddSpan(doc, NewSpan(18, 31, "PERSON")))
    assert not session.can_redo
    assert [entry.state for entry in store.history()] == ["done", "discarded"]
