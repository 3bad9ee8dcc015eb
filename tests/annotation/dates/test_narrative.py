"""An article's calendar values in reading order, each span anchored on the story so far."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import spacy

from annotation.dates.narrative import Narrative, anchor_of


def _sentences(text: str) -> Any:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp(text)


def test_anchor_of_is_the_first_day_of_a_calendar_value() -> None:
    assert anchor_of("2025-06-18") == date(2025, 6, 18)
    assert anchor_of("2025-06") == date(2025, 6, 1)
    assert anchor_of("2015/2018") == date(2015, 1, 1)
    assert anchor_of("2025-12-06T12:46") == date(2025, 12, 6)
    assert anchor_of("2025-W48") == date(2025, 11, 24)
    assert anchor_of("2025-Q3") == date(2025, 7, 1)
    for vague in ("P3Y", "PRESENT_REF", "FY2026", "XXXX-WXX-1"):
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


def _values(text: str, published: date, nlp: Any = None) -> dict[str, str | None]:
    """Every marked [[expression]] of `text` valued in reading order, by its words."""
    pieces, spans, plain = text.split("[["), [], ""
    plain = pieces[0]
    for piece in pieces[1:]:
        inner, _, rest = piece.partition("]]")
        spans.append((len(plain), len(plain) + len(inner)))
        plain += inner + rest
    narrative = Narrative((nlp or _sentences)(plain), published)
    return {plain[s:e]: narrative.value(s, e) for s, e in spans}


EARNINGS = (
    "Harbour Mills posted a [[third-quarter]] profit of $4 million, up from $3 million "
    "[[a year earlier]]. The company expects [[2026]] to be stronger. Sales in [[the quarter]] "
    "rose 6%, and [[year-earlier]] sales were restated. For [[the nine months]], profit rose to "
    "$9 million from $7 million [[a year before]]."
)


def test_a_business_story_compares_with_its_own_quarter() -> None:
    got = _values(EARNINGS, date(2025, 11, 4))
    assert got["third-quarter"] == "2025-Q3"
    assert got["a year earlier"] == "2024-Q3"
    assert got["the quarter"] == "2025-Q3"  # not 2026's: a year named in passing
    assert got["year-earlier"] == "2024-Q3"
    assert got["a year before"] == "2024"  # 'the nine months' ended the quarter's story


def test_the_quarter_ended_on_a_day_is_the_storys_period() -> None:
    text = "In the three months ended [[Sept. 30]], revenue rose 4% from [[the year-ago period]]."
    got = _values(text, date(2025, 10, 28))
    assert got == {"Sept. 30": "2025-09-30", "the year-ago period": "2024-Q3"}


def test_comparisons_leave_the_story_where_it_was() -> None:
    text = "Orders fell in [[March]], from [[a year earlier]]. [[The following month]] they rose."
    got = _values(text, date(2025, 6, 2))
    assert got["a year earlier"] == "2024-03"
    assert got["The following month"] == "2025-04"


@pytest.mark.model
def test_a_clock_time_in_a_past_clause_is_on_the_day_the_story_tells(parse: Any) -> None:
    text = (
        "A courier was attacked on [[Oct. 23]] near the port. He died at [[10 p.m.]], police "
        "said. The inquest opens at [[9 a.m.]]"
    )
    got = _values(text, date(2025, 10, 27), parse)
    assert got == {
        "Oct. 23": "2025-10-23",
        "10 p.m.": "2025-10-23T22:00",
        "9 a.m.": "2025-10-27T09:00",
    }
