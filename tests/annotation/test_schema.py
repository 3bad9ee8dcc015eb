"""The bundled news schema and the checks that keep a custom schema usable."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotation.schema import SchemaError, load_schema

ONTONOTES = {
    "PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW",
    "LANGUAGE", "DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL",
}  # fmt: skip
EVENT_TYPES = {
    "MEET", "TALKS", "VISIT", "SIGN_AGREEMENT", "STATEMENT", "COMMIT", "PRAISE", "LAUNCH",
    "ATTACK", "CASUALTY", "PROTEST", "LEGAL_ACTION", "PERSONNEL", "SANCTION_THREAT",
}  # fmt: skip
COMMAND_KEYS = {"a", "x", "e", "r"}  # accept, reject, event, relation


def test_news_schema_has_the_ontonotes_labels_with_distinct_keys_and_colours() -> None:
    schema = load_schema()
    assert set(schema.label_names) == ONTONOTES
    keys = [label.key for label in schema.labels]
    assert len(set(keys)) == len(keys) == 18
    assert keys[:9] == list("123456789")
    assert not COMMAND_KEYS & set(keys)
    assert len({label.color for label in schema.labels}) == 18
    assert schema.label_for_key("1").name == "PERSON"  # type: ignore[union-attr]


def test_news_schema_events_have_time_and_place_roles() -> None:
    schema = load_schema()
    assert {event.type for event in schema.events} == EVENT_TYPES
    for event in schema.events:
        names = [role.name for role in event.roles]
        assert "time" in names and "place" in names, event.type
        assert all(name.islower() and name.isalpha() for name in names), event.type
        time = event.role("time")
        assert time is not None and time.labels == {"DATE", "TIME"}
    meet = schema.event("MEET")
    assert meet is not None
    assert [r.name for r in meet.roles] == ["participant", "place", "time", "occasion"]
    assert meet.role("participant").repeats  # type: ignore[union-attr]
    sign = schema.event("SIGN_AGREEMENT")
    assert sign is not None
    assert [r.name for r in sign.roles] == ["signatory", "instrument", "topic", "place", "time"]
    assert {r.name for r in schema.relations} == {
        "AFFILIATION",
        "LOCATED_IN",
        "ALIAS_OF",
        "PART_OF",
    }


def test_roles_offered_for_a_label() -> None:
    meet = load_schema().event("MEET")
    assert meet is not None
    assert [r.name for r in meet.roles_for("GPE")] == ["participant", "place"]
    assert [r.name for r in meet.roles_for("DATE")] == ["time"]


def test_a_project_can_use_another_schema(tmp_path: Path) -> None:
    custom = tmp_path / "mine.toml"
    custom.write_text('[[labels]]\nname = "SHIP"\nkey = "1"\ncolor = "#112233"\n')
    schema = load_schema(custom)
    assert schema.label_names == ("SHIP",) and schema.events == ()


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("", "defines no"),
        ('[[labels]]\nname = "A"\nkey = "1"\ncolor = "red"\n', "not #rrggbb"),
        (
            '[[labels]]\nname = "A"\nkey = "1"\ncolor = "#000000"\n'
            '[[labels]]\nname = "B"\nkey = "1"\ncolor = "#000001"\n',
            "label key '1' is defined twice",
        ),
        (
            '[[labels]]\nname = "A"\ncolor = "#000000"\n[[events]]\ntype = "E"\n'
            'roles = [{ name = "x", labels = ["NOPE"] }]\n',
            "unknown labels: NOPE",
        ),
        ("[[labels", "not a valid TOML schema"),
    ],
)
def test_bad_schema_files_are_refused_with_the_file_named(
    tmp_path: Path, toml: str, message: str
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(toml)
    with pytest.raises(SchemaError, match=message) as info:
        load_schema(path)
    assert str(path) in str(info.value)
