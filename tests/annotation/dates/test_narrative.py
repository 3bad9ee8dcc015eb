"""An article's calendar values in reading order, each span anchored on the story so far."""

from __future__ import annotations

from datetime import date
from typing import Any

import spacy

from annotation.dates.narrative import Narrative, anchor_of


def _sentences(text: str) -> Any:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp(text)


def test_anchor_of_is_the_first_day_of_a_day_month_or_year() -> None:
    assert anchor_of("2025-06-18") == date(2025, 6, 18)
    assert anchor_of("2025-06") == date(2025, 6, 1)
    assert anchor_of("2015/2018") == date(2015, 1, 1)
    assert anchor_of("2025-12-06T12:46") == date(2025, 12, 6)
    for vague in ("P3Y", "2025-W48", "2025-Q3", "PRESENT_REF", "FY2026"):
        assert anchor_of(vague) is None


def test_the_following_day_counts_from_the_date_the_story_gave() -> None:
    text = "The talks opened on June 18, 2019. The next day the delegates left."
    narrative = Narrative(_sentences(text), date(2025, 12, 6))
    first = text.index("June 18, 2019")
    assert narrative.value(first, first + len("June 18, 2019")) == "2019-06-18"
    after = text.index("The next day")
    assert narrative.value(after, after + len("The next day")) == "2019-06-19"


def test_value_alone_leaves_the_anchor_where_it_was() -> None:
    text = "It began in 2019. By 2021 it was over. The following year it began again."
    narrative = Narrative(_sentences(text), date(2025, 12, 6))
    narrative.value(text.index("2019"), text.index("2019") + 4)
    assert narrative.value_alone(text.index("2021"), text.index("2021") + 4) == "2021"
    following = text.index("The following year")
    assert narrative.value(following, following + len("The following year")) == "2020"
