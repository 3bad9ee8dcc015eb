"""The primary JSONL schema (DESIGN.md §5), pinned: field names and types.

Tools downstream (spaCy's Prodigy readers, the team's training scripts) depend on this shape.
Changing a name or a type here is a breaking change of Dateline's export: say so in the
changelog and in docs/formats.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from annotation.session import Session
from tests.annotation.formats.conftest import export_all, records

TOP = {
    "text": str,
    "meta": dict,
    "_input_hash": int,
    "_task_hash": int,
    "tokens": list,
    "spans": list,
    "relations": list,
    "events": list,
}
META = {"title": str, "source": str, "url": str, "published": str, "place": str}
TOKEN = {"text": str, "start": int, "end": int, "id": int, "ws": bool}
SPAN = {"start": int, "end": int, "token_start": int, "token_end": int, "label": str}
SPAN_OPTIONAL = {"value": str, "note": str, "entity_id": int}
PROVENANCE = {"status": str, "origin": str}
PROVENANCE_OPTIONAL = {"score": float}
RELATION = {"head": int, "child": int, "head_span": dict, "child_span": dict, "label": str}
EVENT = {"type": str, "trigger": dict, "arguments": list, "attributes": dict}
ARGUMENT = {"role": str, "span": dict}


def check(record: dict[str, Any], required: dict[str, type], optional: dict[str, type]) -> None:
    assert set(required) <= set(record), f"missing {set(required) - set(record)}"
    assert set(record) <= set(required) | set(optional), f"extra {set(record) - set(required)}"
    for key, value in record.items():
        kind = {**required, **optional}[key]
        assert isinstance(value, kind) or (value is None and key in META), (key, value)


def check_span(span: dict[str, Any], provenance: bool) -> None:
    required = {**SPAN, **PROVENANCE} if provenance else SPAN
    optional = {**SPAN_OPTIONAL, **PROVENANCE_OPTIONAL} if provenance else SPAN_OPTIONAL
    check(span, required, optional)
    assert span["start"] < span["end"] and span["token_start"] <= span["token_end"]


def test_primary_jsonl_field_names_and_types(annotated: Session, tmp_path: Path) -> None:
    out = tmp_path / "contract.jsonl"
    export_all(annotated, out)
    done, in_progress, skipped = records(out)
    assert (done["answer"], skipped["answer"], "answer" in in_progress) == (
        "accept",
        "ignore",
        False,
    )
    for record in (done, in_progress, skipped):
        check(record, TOP, {"answer": str})
        check(record["meta"], META, {"language": str, "file": str, "section": str})
        for token in record["tokens"]:
            check(token, TOKEN, {})
        for span in record["spans"]:
            check_span(span, provenance=False)
        for relation in record["relations"]:
            check(relation, RELATION, {})
            check_span(relation["head_span"], provenance=False)
            check_span(relation["child_span"], provenance=False)
            assert relation["head"] == relation["head_span"]["token_end"]
            assert relation["child"] == relation["child_span"]["token_end"]
        for event in record["events"]:
            check(event, EVENT, {})
            check_span(event["trigger"], provenance=False)
            for argument in event["arguments"]:
                check(argument, ARGUMENT, {})
                check_span(argument["span"], provenance=False)
    assert {s["label"] for s in done["spans"]}.isdisjoint({"MEET", "SIGN_AGREEMENT"})
    assert [e["type"] for e in done["events"]] == ["MEET", "SIGN_AGREEMENT"]
    assert done["events"][0]["attributes"] == {"polarity": "positive", "context": "historical"}
    assert {s.get("value") for s in done["spans"]} == {None, "2025-11-22", "2025-12-06"}


def test_provenance_fields_appear_on_every_span_when_asked(
    annotated: Session, tmp_path: Path
) -> None:
    out = tmp_path / "provenance.jsonl"
    export_all(annotated, out, include_suggestions=True, include_rejected=True)
    for record in records(out):
        for span in record["spans"]:
            check_span(span, provenance=True)
            assert span["status"] in {"accepted", "suggested", "rejected"}
    statuses = {s["status"] for r in records(out) for s in r["spans"]}
    assert statuses == {"accepted", "suggested", "rejected"}


def test_events_carry_roles_with_spans_and_the_time_value_relations_their_ends(
    annotated: Session, tmp_path: Path
) -> None:
    out = tmp_path / "events.jsonl"
    export_all(annotated, out)
    done = records(out)[0]
    text = done["text"]

    def shown(span: dict[str, Any]) -> tuple[str, str]:
        return text[span["start"] : span["end"]], span["label"]

    meet, sign = done["events"]
    assert (shown(meet["trigger"]), shown(sign["trigger"])) == (
        ("met", "MEET"),
        ("signed", "SIGN_AGREEMENT"),
    )
    assert [(a["role"], *shown(a["span"])) for a in meet["arguments"]] == [
        ("participant", "Narendra Modi", "PERSON"),
        ("participant", "Lee Jae-myung", "PERSON"),
        ("place", "Jōhannesburg", "GPE"),
        ("time", "22 November 2025", "DATE"),
    ]
    # the time argument's calendar value travels with its span
    assert [a["span"].get("value") for a in meet["arguments"]] == [None, None, None, "2025-11-22"]
    assert [
        (a["role"], a["span"].get("value")) for a in sign["arguments"] if a["role"] == "time"
    ] == [("time", "2025-12-06")]
    assert sign["attributes"] == {"polarity": "positive", "context": "asserted"}
    assert [
        (shown(r["head_span"])[0], r["label"], shown(r["child_span"])[0]) for r in done["relations"]
    ] == [
        ("KASA", "LOCATED_IN", "Seoul"),
        ("Lee Jae-myung", "ALIAS_OF", "이재명"),
    ]
    tokens = done["tokens"]
    for relation in done["relations"]:
        head, child = relation["head_span"], relation["child_span"]
        assert tokens[relation["head"]]["end"] == head["end"]
        assert tokens[relation["child"]]["end"] == child["end"]
