"""Every example in docs/dates.md is what the normaliser gives: the page cannot drift."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from annotation.dates import normalize
from annotation.dates.grammar import Story
from annotation.dates.narrative import anchor_of
from annotation.dates.tense import Tense

DOC = Path(__file__).resolve().parents[3] / "docs" / "dates.md"
ROW = re.compile(
    r"^\| `(?P<text>[^`]+)` \| (?P<dct>[\d-]+) \| (?P<tense>\S+) \| (?P<story>[^|]*)"
    r"\| `(?P<value>[^`]+)` \|$"
)
TENSES = {"past": Tense.PAST, "future": Tense.FUTURE, "present": Tense.PRESENT, "·": None}
EXAMPLES = [m.groupdict() for line in DOC.read_text().splitlines() if (m := ROW.match(line))]


def _story(cell: str) -> Story | None:
    """The story after its last value was `cell`, as `Narrative` would leave it."""
    value = cell.strip().strip("`")
    if not value:
        return None
    quarter = value if value[4:6] in {"-Q", "-H"} else None
    return Story(anchor_of(value), value, quarter)


def test_the_page_has_examples() -> None:
    assert len(EXAMPLES) > 60


@pytest.mark.parametrize("example", EXAMPLES, ids=[e["text"] for e in EXAMPLES])
def test_docs_example(example: dict[str, str]) -> None:
    got = normalize(
        example["text"],
        date.fromisoformat(example["dct"]),
        tense=TENSES[example["tense"]] or Tense.UNKNOWN,
        story=_story(example["story"]),
    )
    assert got is not None and got.value == example["value"], got
