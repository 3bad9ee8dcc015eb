"""Primary JSONL: loss-free round trips, rejected spans as negative examples, train/dev split."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotation.commands import AddSpan, MarkDone
from annotation.exporter import ExportOptions, export, span_note
from annotation.formats import registry
from annotation.formats.base import DocumentData, FormatError
from annotation.formats.jsonl import document_record, dumps, parse_record
from annotation.model import DocStatus, Document, NewSpan, Span, SpanStatus
from annotation.schema import load_schema
from annotation.session import Session
from annotation.tokens import tokenize
from tests.annotation.conftest import add_document
from tests.annotation.formats.conftest import TYPHOON, export_all, import_ok, records, snapshot

SCHEMA = load_schema()


def test_jsonl_round_trip_keeps_spans_relations_events_values_notes_and_metadata(
    annotated: Session, fresh: Session, tmp_path: Path
) -> None:
    out = tmp_path / "corpus.jsonl"
    assert export_all(annotated, out).outputs == [(out, 3)]
    import_ok(fresh, [out])
    before, after = snapshot(annotated.store), snapshot(fresh.store)
    # JSONL's `answer` says done (accept) or skipped (ignore); in progress reads back as new.
    assert before[1]["status"] is DocStatus.IN_PROGRESS and after[1]["status"] is DocStatus.NEW
    after[1]["status"] = DocStatus.IN_PROGRESS
    assert after == before


def test_jsonl_include_rejected_keeps_negative_examples_with_status_and_origin(
    annotated: Session, fresh: Session, tmp_path: Path
) -> None:
    out = tmp_path / "negatives.jsonl"
    export_all(annotated, out, include_rejected=True)
    first = records(out)[0]
    (rejected,) = [s for s in first["spans"] if s["status"] == "rejected"]
    assert first["text"][rejected["start"] : rejected["end"]] == "MoU"
    assert rejected["origin"] == "model:en_core_web_sm@3.8.0" and rejected["score"] == 0.41
    assert all(s["status"] == "accepted" for s in first["spans"] if s is not rejected)
    import_ok(fresh, [out])
    statuses = (SpanStatus.ACCEPTED, SpanStatus.REJECTED)
    after = snapshot(fresh.store, statuses)
    assert [d["spans"] for d in after] == [d["spans"] for d in snapshot(annotated.store, statuses)]
    (mou,) = fresh.store.spans(1, [SpanStatus.REJECTED])
    assert (mou.origin, mou.score) == ("model:en_core_web_sm@3.8.0", 0.41)


def test_jsonl_include_suggestions_round_trips_pending_suggestions(
    annotated: Session, fresh: Session, tmp_path: Path
) -> None:
    out = tmp_path / "pending.jsonl"
    export_all(annotated, out, include_suggestions=True)
    import_ok(fresh, [out])
    statuses = (SpanStatus.ACCEPTED, SpanStatus.SUGGESTED)
    assert [d["spans"] for d in snapshot(fresh.store, statuses)] == [
        d["spans"] for d in snapshot(annotated.store, statuses)
    ]


def test_jsonl_split_is_by_document_and_fixed_by_the_seed(
    annotated: Session, tmp_path: Path
) -> None:
    for number in range(17):
        import_ok(annotated, [_text_file(tmp_path, number)])
    out = tmp_path / "corpus.jsonl"
    report = export_all(annotated, out, split=0.8, seed=7)
    train, dev = tmp_path / "corpus.train.jsonl", tmp_path / "corpus.dev.jsonl"
    assert report.outputs == [(train, 16), (dev, 4)] and not out.exists()
    train_texts = [r["text"] for r in records(train)]
    dev_texts = [r["text"] for r in records(dev)]
    assert not set(train_texts) & set(dev_texts) and len(set(train_texts + dev_texts)) == 20
    first = (train.read_bytes(), dev.read_bytes())
    export_all(annotated, out, split=0.8, seed=7)
    assert (train.read_bytes(), dev.read_bytes()) == first
    export_all(annotated, out, split=0.8, seed=8)
    assert [r["text"] for r in records(dev)] != dev_texts


def test_a_split_export_writes_both_parts_or_neither(
    annotated: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "corpus.jsonl"
    calls = []

    def explode_on_the_dev_part(self: registry.Format, *args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real(self, *args, **kwargs)

    real = registry.Format.write
    monkeypatch.setattr(registry.Format, "write", explode_on_the_dev_part)
    with pytest.raises(RuntimeError):
        export_all(annotated, out, split=0.5)
    assert sorted(p.name for p in tmp_path.iterdir() if "corpus" in p.name) == []


def _text_file(folder: Path, number: int) -> Path:
    path = folder / f"article-{number}.txt"
    path.write_text(f"Article {number} reports from Nairobi.\n", encoding="utf-8")
    return path


# -- a property: random span layouts over random Unicode text survive exactly -------------------

LABELS = ("PERSON", "ORG", "DATE", "GPE")
# Any code point but surrogates (not encodable) and CR (normalised to LF on import, by design).
TEXTS = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\r"), min_size=1, max_size=60
).filter(lambda text: text.strip() != "")


@st.composite
def layouts(draw: st.DrawFn) -> tuple[str, list[tuple[int, int, str, str | None]]]:
    text = draw(TEXTS)
    count = draw(st.integers(0, 6))
    spans = []
    for _ in range(count):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        label = draw(st.sampled_from(LABELS))
        value = draw(st.none() | st.sampled_from(["2025-12-06", "2025-W48", "XXXX-06"]))
        spans.append((start, end, label, value if label == "DATE" else None))
    return text, spans


def multiset(items: Iterable[object]) -> list[object]:
    """Items in a fixed order, for comparing collections with repeats and None values."""
    return sorted(items, key=repr)


def document_data(text: str, spans: list[tuple[int, int, str, str | None]]) -> DocumentData:
    document = Document(id=1, uid="u", text=text, title="t", status=DocStatus.DONE)
    return DocumentData(
        document,
        tuple(
            Span(start, end, label, SpanStatus.ACCEPTED, value=value, id=n, document_id=1)
            for n, (start, end, label, value) in enumerate(spans, 1)
        ),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(layouts())
def test_jsonl_random_layouts_round_trip_exactly(
    layout: tuple[str, list[tuple[int, int, str, str | None]]],
) -> None:
    text, spans = layout
    line = dumps(document_record(document_data(text, spans), SCHEMA, tokenize(text)))
    assert line.count(b"\n") == 1
    back = parse_record(orjson.loads(line))
    assert back.text == text and back.status is DocStatus.DONE
    assert multiset((s.start, s.end, s.label, s.value) for s in back.spans) == multiset(spans)


VILLAGE = "Rescuers reached the village of Nam Pha at dawn."


def test_jsonl_records_carry_prodigys_input_and_task_hashes(
    annotated: Session, tmp_path: Path
) -> None:
    import json

    from murmurhash.mrmr import hash as murmur

    out = tmp_path / "a.jsonl"
    export_all(annotated, out)
    first = records(out)
    assert all(isinstance(r["_task_hash"], int) for r in first)
    leaders = first[0]
    # Prodigy's recipe: MurmurHash3 of the input keys as sorted JSON; the task hash prefixes
    # the input hash to the task keys (spans), leaving out keys like score and source.
    text_json = json.dumps({"text": leaders["text"]}, sort_keys=True, separators=(",", ":"))
    assert leaders["_input_hash"] == murmur(text_json)
    spans_json = json.dumps({"spans": leaders["spans"]}, sort_keys=True, separators=(",", ":"))
    assert leaders["_task_hash"] == murmur(f"{leaders['_input_hash']}{spans_json}")
    # the same text and spans give the same hashes; another span, another task hash
    export_all(annotated, out)
    assert [(r["_input_hash"], r["_task_hash"]) for r in records(out)] == [
        (r["_input_hash"], r["_task_hash"]) for r in first
    ]
    agency = TYPHOON.index("agency")
    annotated.execute(AddSpan(2, NewSpan(agency, agency + len("agency"), "ORG")))
    export_all(annotated, out)
    second = records(out)
    assert second[1]["_input_hash"] == first[1]["_input_hash"]
    assert second[1]["_task_hash"] != first[1]["_task_hash"]


def test_a_span_off_token_boundaries_keeps_its_offsets_without_token_indices_and_is_reported(
    session: Session, tmp_path: Path
) -> None:
    doc = add_document(session.store, VILLAGE)
    start = VILLAGE.index("village")  # 21; 'vill' ends inside the token 'village' (21-28)
    session.execute(AddSpan(doc, NewSpan(start, start + 4, "GPE")))
    session.execute(MarkDone(doc))
    out = tmp_path / "v.jsonl"
    report = export(session.store, session.schema, out)
    ((span,),) = [r["spans"] for r in records(out)]
    assert span == {"start": start, "end": start + 4, "label": "GPE"}  # no token_start/end
    (issue,) = report.left_out
    assert str(issue) == (
        f"document {doc}: span 21-25 GPE 'vill' ends inside a token; nearest token boundaries: "
        "start 21, end 28 (whole tokens: 21-28 'village')"
    )  # not "end 20 or 28": 20 ends 'the', before the span starts
    assert span_note(report) == (
        "Wrote 1 span without token_start/token_end: they do not cover whole spaCy tokens, so "
        "Prodigy and spaCy drop them when training (--strict makes this an error):"
    )
    with pytest.raises(FormatError, match="1 span cannot be written to JSONL with token indices"):
        export(session.store, session.schema, out, options=ExportOptions(strict=True))
    assert records(out)[0]["spans"] == [span]  # the strict failure left the export alone
