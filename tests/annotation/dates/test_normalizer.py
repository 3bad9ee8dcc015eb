"""Tests for annotation.dates.normalizer: the dev cases, cases beyond them, a weekday property."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotation.dates import DateValue, fallback, normalize
from annotation.dates.grammar import Story
from annotation.dates.tense import Tense
from annotation.dates.valuer import value_in

DATA = Path(__file__).parent / "data" / "date_cases_dev.jsonl"
CASES: list[dict[str, Any]] = [json.loads(line) for line in DATA.read_text().splitlines() if line]

# Categories whose expected value depends on the tense of the sentence.
TENSE_CATEGORIES = {
    "weekday_same_day",
    "weekday_past",
    "weekday_future",
    "weekday_past_yearboundary",
    "weekday_month_day",
    "month_day",
    "month_day_past",
    "month_day_future",
    "month_day_past_yearboundary",
    "month_past",
    "month_future",
    "month_past_yearboundary",
    "holiday",
    "quarter",
    "weekend",
    "clock_time_weekday",
    "range",
}
P, F, U = Tense.PAST, Tense.FUTURE, Tense.UNKNOWN
DCT = date(2025, 12, 6)  # a Saturday


def _case_id(case: dict[str, Any]) -> str:
    return f"{case['id']}-{case['text'][:24]}"


def _check(case: dict[str, Any], got: DateValue | None) -> None:
    if case["value"] is None:
        assert got is None, f"{case['text']!r} is not a date, got {got}"
        return
    assert got is not None, f"{case['text']!r} gave None"
    assert got.value == case["value"] or got.value in case["alt"], got
    assert got.type == case["type"], got


def _parsed_value(parse: Any, text: str, sentence: str, dct: date) -> str | None:
    """The value of `text` in `sentence` as the app computes it, with the sentence's parse."""
    start = sentence.find(text)
    assert start >= 0, (text, sentence)
    return value_in(parse(sentence), start, start + len(text), dct)


def _tense_free(case: dict[str, Any]) -> bool:
    return case["category"] not in TENSE_CATEGORIES


@pytest.mark.parametrize("case", [c for c in CASES if _tense_free(c)], ids=_case_id)
def test_normalize_dev_case_without_sentence(case: dict[str, Any]) -> None:
    _check(case, normalize(case["text"], date.fromisoformat(case["dct"])))


@pytest.mark.model
@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_normalize_dev_case_with_parsed_sentence(case: dict[str, Any], parse: Any) -> None:
    got = _parsed_value(parse, case["text"], case["sentence"], date.fromisoformat(case["dct"]))
    assert got == case["value"] or got in case["alt"], got


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_normalize_dev_case_with_sentence_string(case: dict[str, Any]) -> None:
    _check(case, normalize(case["text"], date.fromisoformat(case["dct"]), case["sentence"]))


def _category_tense(category: str) -> Tense | None:
    for word, tense in (("future", F), ("past", P), ("same_day", P)):
        if word in category:
            return tense
    return None


@pytest.mark.parametrize(
    "case", [c for c in CASES if _category_tense(c["category"]) is not None], ids=_case_id
)
def test_normalize_dev_case_with_given_tense(case: dict[str, Any]) -> None:
    tense = _category_tense(case["category"])
    _check(case, normalize(case["text"], date.fromisoformat(case["dct"]), tense=tense))


# text, DCT, tense, expected value, type, mod
OWN_CASES: list[tuple[str, date, Tense, str, str, str | None]] = [
    # quarters and halves
    ("Q3", DCT, P, "2025-Q3", "DATE", None),
    ("Q3 2024", DCT, U, "2024-Q3", "DATE", None),
    ("the first quarter of 2024", DCT, U, "2024-Q1", "DATE", None),
    ("the fourth quarter", date(2026, 2, 10), P, "2025-Q4", "DATE", None),
    ("the third quarter", DCT, F, "2026-Q3", "DATE", None),
    ("the September quarter", DCT, P, "2025-Q3", "DATE", None),
    ("third-quarter", DCT, P, "2025-Q3", "DATE", None),
    ("last quarter", DCT, U, "2025-Q3", "DATE", None),
    ("next quarter", DCT, U, "2026-Q1", "DATE", None),
    ("the second half of next year", DCT, U, "2026-H2", "DATE", None),
    ("H1 2025", DCT, U, "2025-H1", "DATE", None),
    ("the year-ago quarter", DCT, U, "2024-Q4", "DATE", None),
    # fiscal years: named by the year they end in
    ("fiscal year 2024-25", DCT, U, "FY2025", "DATE", None),
    ("FY2025-26", DCT, U, "FY2026", "DATE", None),
    ("FY 2025-26", DCT, U, "FY2026", "DATE", None),
    ("the 2024-25 fiscal", DCT, U, "FY2025", "DATE", None),
    ("this fiscal", DCT, U, "FY2026", "DATE", None),
    ("last fiscal", date(2025, 3, 14), U, "FY2024", "DATE", None),
    ("Q2 FY26", DCT, U, "FY2026-Q2", "DATE", None),
    ("Q3FY26", DCT, U, "FY2026-Q3", "DATE", None),
    # sets
    ("daily", DCT, U, "P1D", "SET", None),
    ("each July", DCT, U, "XXXX-07", "SET", None),
    ("every Monday", DCT, U, "XXXX-WXX-1", "SET", None),
    ("on Mondays", DCT, U, "XXXX-WXX-1", "SET", None),
    ("twice a year", DCT, U, "P1Y", "SET", None),
    ("every two years", DCT, U, "P2Y", "SET", None),
    ("every other day", DCT, U, "P2D", "SET", None),
    ("every Christmas", DCT, U, "XXXX-12-25", "SET", None),
    # decades and centuries
    ("the 1990s", DCT, U, "199", "DATE", None),
    ("the early 1990s", DCT, U, "199", "DATE", "START"),
    ("the '90s", DCT, U, "199", "DATE", None),
    ("the nineties", DCT, U, "199", "DATE", None),
    ("the 1800s", DCT, U, "18", "DATE", None),
    ("the 2000s", DCT, U, "200", "DATE", None),
    ("the twenty-first century", DCT, U, "20", "DATE", None),
    ("the late 19th century", DCT, U, "18", "DATE", "END"),
    ("this decade", DCT, U, "202", "DATE", None),
    # year boundaries, ISO week 53, leap years
    ("last week", date(2027, 1, 5), U, "2026-W53", "DATE", None),
    ("this week", date(2026, 12, 31), U, "2026-W53", "DATE", None),
    ("last week", date(2026, 1, 5), U, "2026-W01", "DATE", None),
    ("last month", date(2025, 1, 15), U, "2024-12", "DATE", None),
    ("next month", DCT, U, "2026-01", "DATE", None),
    ("Jan 2", date(2025, 12, 30), U, "2026-01-02", "DATE", None),
    ("Jan 2", date(2025, 12, 30), P, "2025-01-02", "DATE", None),
    ("December 31", date(2026, 1, 2), U, "2025-12-31", "DATE", None),
    ("February 29", date(2025, 3, 1), P, "2024-02-29", "DATE", None),
    ("Feb 29, 2024", DCT, U, "2024-02-29", "DATE", None),
    ("this winter", date(2025, 1, 10), U, "2024-WI", "DATE", None),
    ("last summer", DCT, U, "2025-SU", "DATE", None),
    ("the summer of 2024", DCT, U, "2024-SU", "DATE", None),
    # ranges
    ("June 18-20", DCT, P, "2025-06-18/2025-06-20", "DATE", None),
    ("18-20 June", DCT, P, "2025-06-18/2025-06-20", "DATE", None),
    ("June 18 to 20, 2024", DCT, U, "2024-06-18/2024-06-20", "DATE", None),
    ("from November to February", DCT, P, "2024-11/2025-02", "DATE", None),
    ("from November to February", DCT, F, "2025-11/2026-02", "DATE", None),
    ("Monday to Friday", DCT, P, "2025-12-01/2025-12-05", "DATE", None),
    ("2 to 3 pm", DCT, U, "2025-12-06T14:00/2025-12-06T15:00", "TIME", None),
    ("between March and May 2024", DCT, U, "2024-03/2024-05", "DATE", None),
    ("2015-18", DCT, U, "2015/2018", "DATE", None),
    # over-long spans resolve on their longest temporal prefix
    ("June 18 that PM Modi", DCT, P, "2025-06-18", "DATE", None),
    ("12:46 PM\nSituation", DCT, U, "2025-12-06T12:46", "TIME", None),
    ("Sat, Dec 06, 2025, 12:46 PM\nSituation tense", DCT, U, "2025-12-06T12:46", "TIME", None),
    ("Dec 6 (IANS)", DCT, U, "2025-12-06", "DATE", None),
    # explicit dates in other shapes (own grammar first, dateparser as the fallback)
    ("2025-12-06", DCT, U, "2025-12-06", "DATE", None),
    ("2025-12-06T10:31:00+05:30", DCT, U, "2025-12-06T10:31", "TIME", None),
    ("06.12.2025", DCT, U, "2025-12-06", "DATE", None),
    ("25/12/2025", DCT, U, "2025-12-25", "DATE", None),
    ("le 6 décembre 2025", DCT, U, "2025-12-06", "DATE", None),
    ("6. Dezember 2025", DCT, U, "2025-12-06", "DATE", None),
    ("Updated: 6 December 2025 10:31 IST", DCT, U, "2025-12-06T10:31", "TIME", None),
    # holidays
    ("Easter", date(2026, 1, 10), F, "2026-04-05", "DATE", None),
    ("Good Friday 2024", DCT, U, "2024-03-29", "DATE", None),
    ("Thanksgiving", DCT, P, "2025-11-27", "DATE", None),
    ("New Year's Day", DCT, F, "2026-01-01", "DATE", None),
    ("last Christmas", DCT, U, "2024-12-25", "DATE", None),
    # days, parts of day, clock times
    ("Thursday, December 4", DCT, U, "2025-12-04", "DATE", None),
    ("Wednesday, December 4", DCT, U, "2024-12-04", "DATE", None),
    ("next Tuesday", DCT, U, "2025-12-09", "DATE", None),
    ("Saturday", DCT, F, "2025-12-06", "DATE", None),
    ("Monday last week", DCT, U, "2025-11-24", "DATE", None),
    ("yesterday morning", DCT, U, "2025-12-05TMO", "TIME", None),
    ("Friday night", DCT, P, "2025-12-05TNI", "TIME", None),
    ("the early hours of Saturday", DCT, P, "2025-12-06", "DATE", "START"),
    ("Friday at 3 pm", DCT, P, "2025-12-05T15:00", "TIME", None),
    ("8.30 pm on Friday", DCT, P, "2025-12-05T20:30", "TIME", None),
    ("3 pm yesterday", DCT, U, "2025-12-05T15:00", "TIME", None),
    ("1400 hrs", DCT, U, "2025-12-06T14:00", "TIME", None),
    ("the day after tomorrow", DCT, U, "2025-12-08", "DATE", None),
    ("tonight", DCT, U, "2025-12-06TNI", "TIME", None),
    # relative periods, mods
    ("three days ago", DCT, U, "2025-12-03", "DATE", None),
    ("five years ago", DCT, U, "2020", "DATE", None),
    ("a few days ago", DCT, U, "PAST_REF", "DATE", None),
    ("in two weeks", DCT, F, "2025-W51", "DATE", None),
    ("three years from now", DCT, U, "2028", "DATE", None),
    ("late last year", DCT, U, "2024", "DATE", "END"),
    ("by the end of the month", DCT, U, "2025-12", "DATE", "END"),
    ("mid-December", DCT, P, "2025-12", "DATE", "MID"),
    ("March-end", DCT, P, "2025-03", "DATE", "END"),
    ("year-end", DCT, U, "2025", "DATE", "END"),
    ("earlier this year", DCT, U, "2025", "DATE", None),
    ("last June", DCT, U, "2025-06", "DATE", None),
    ("June 18 last year", DCT, U, "2024-06-18", "DATE", None),
    ("the first week of December", DCT, U, "2025-W49", "DATE", None),
    ("last weekend", DCT, U, "2025-W48-WE", "DATE", None),
    ("2030 or later", DCT, U, "2030", "DATE", "ON_OR_AFTER"),
    ("before 2030", DCT, U, "2030", "DATE", "BEFORE"),
    # durations and references
    ("more than three years", DCT, U, "P3Y", "DURATION", "MORE_THAN"),
    ("two and a half years", DCT, U, "P2Y6M", "DURATION", None),
    ("two years and three months", DCT, U, "P2Y3M", "DURATION", None),
    ("the last 24 hours", DCT, U, "PT24H", "DURATION", None),
    ("three-year-old", DCT, U, "P3Y", "DURATION", None),
    ("decades", DCT, U, "PXDE", "DURATION", None),
    ("two to three years", DCT, U, "PXY", "DURATION", None),
    ("recent years", DCT, U, "PAST_REF", "DATE", None),
    ("the near future", DCT, U, "FUTURE_REF", "DATE", None),
    ("currently", DCT, U, "PRESENT_REF", "DATE", None),
    ("in the past", DCT, U, "PAST_REF", "DATE", None),
    ("in future", DCT, U, "FUTURE_REF", "DATE", None),
    # later additions: wire shapes, split years, present-tense schedules, holiday seasons
    ("0900 GMT", DCT, U, "2025-12-06T09:00", "TIME", None),
    ("Dec 06, 2025 | 10:31 AM IST", DCT, U, "2025-12-06T10:31", "TIME", None),
    ("shortly after midnight", DCT, P, "2025-12-06T24:00", "TIME", "AFTER"),
    ("2024-25", DCT, U, "FY2025", "DATE", None),
    ("the 2024-25 season", DCT, U, "2024/2025", "DATE", None),
    ("three fiscal years", DCT, U, "P3Y", "DURATION", None),
    ("Tuesday", DCT, Tense.PRESENT, "2025-12-09", "DATE", None),
    ("Christmas", DCT, P, "2025-12-25", "DATE", None),
    ("Christmas", date(2025, 6, 6), P, "2024-12-25", "DATE", None),
    ("this time last year", date(2024, 2, 29), U, "2023-02-28", "DATE", "APPROX"),
    ("March 3 to 5", DCT, P, "2025-03-03/2025-03-05", "DATE", None),
    ("late on Friday night", DCT, P, "2025-12-05TNI", "TIME", "END"),
]


@pytest.mark.parametrize(("text", "dct", "tense", "value", "typ", "mod"), OWN_CASES)
def test_normalize_own_case(
    text: str, dct: date, tense: Tense, value: str, typ: str, mod: str | None
) -> None:
    got = normalize(text, dct, tense=tense)
    assert got is not None, text
    assert (got.value, got.type, got.mod) == (value, typ, mod), got


# expression, sentence, expected value on DCT (Saturday 2025-12-06); tense from the parse
SENTENCE_CASES = [
    ("Sunday", "Security was tightened ahead of Sunday's polls.", "2025-12-07"),
    ("Wednesday", "The court hears the case on Wednesday.", "2025-12-10"),
    ("Monday", "Schools reopen on Monday after the winter break.", "2025-12-08"),
    ("Friday", "The team beat Australia on Friday.", "2025-12-05"),
    ("Thursday", "The government cut fuel taxes on Thursday.", "2025-12-04"),
    ("Tuesday", "The minister is likely to announce the package on Tuesday.", "2025-12-09"),
    ("Saturday", "The Prime Minister will address the nation on Saturday.", "2025-12-06"),
    ("March", "The polls are scheduled for March.", "2026-03"),
    ("March", "The company plans to list its shares in March.", "2026-03"),
    ("October", "Retail inflation eased to 0.25 per cent in October.", "2025-10"),
    ("April", "He has been in custody since April.", "2025-04"),
    ("January 10", "The hearing has been adjourned to January 10.", "2026-01-10"),
    ("December 15", "The deadline has been extended to December 15.", "2025-12-15"),
    ("the weekend", "Rain is forecast for the weekend.", "2025-W49-WE"),
    ("Tuesday", "Voting will take place on Monday and counting on Tuesday.", "2025-12-09"),
    ("Sept. 1", "She had been appointed ambassador, effective Sept. 1.", "2025-09-01"),
    ("January", "The bill, published in January, would add a levy.", "2025-01"),
]


@pytest.mark.model
@pytest.mark.parametrize(("text", "sentence", "value"), SENTENCE_CASES)
def test_value_with_the_tense_from_the_parse(
    text: str, sentence: str, value: str, parse: Any
) -> None:
    assert _parsed_value(parse, text, sentence, DCT) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("the following year", "2020"),
        ("the next day", "2019-05-02"),
        ("the previous day", "2019-04-30"),
        ("two days later", "2019-05-03"),
        ("a week earlier", "2019-W17"),
        ("that year", "2019"),
        ("the day before", "2019-04-30"),
        ("the same week", "2019-W18"),
        ("that night", "2019-05-01TNI"),
    ],
)
def test_normalize_anchored_on_previous_date(text: str, value: str) -> None:
    got = normalize(text, DCT, anchor=date(2019, 5, 1))
    assert got is not None and got.value == value


def test_normalize_anchor_defaults_to_publication_date() -> None:
    got = normalize("the following year", DCT)
    assert got is not None and got.value == "2026"


@pytest.mark.parametrize(
    "text",
    [
        "the 10th anniversary",
        "fourth",
        "G20",
        "2+2",
        "4G",
        "COVID-19",
        "Section 2025",
        "the 1990 Act",
        "24/7",
        "9/11",
        "P2P",
        "Vision 2047",
        "Diwali",
        "Eid",
        "Independence Day",
        "June 31",
        "Feb 29, 2025",
        "",
        "   ",
    ],
)
def test_normalize_non_dates_give_none(text: str) -> None:
    assert normalize(text, DCT) is None


def test_normalize_dayfirst_reads_day_before_month() -> None:
    assert normalize("7/4/2025", DCT) == normalize("4/7/2025", DCT, dayfirst=True)
    got = normalize("4/7/2025", DCT, dayfirst=True)
    assert got is not None and got.value == "2025-07-04"


def test_normalize_uses_clock_of_a_datetime_publication() -> None:
    got = normalize("two hours ago", datetime(2025, 12, 6, 12, 46))
    assert got is not None and (got.value, got.type) == ("2025-12-06T10:46", "TIME")


def test_normalize_records_rule_and_mod() -> None:
    got = normalize("around 3 am on Friday", DCT, tense=P)
    assert got == DateValue("2025-12-05T03:00", "TIME", "APPROX", got.rule if got else "")
    assert got is not None and got.rule


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=40), days=st.integers(min_value=0, max_value=100_000))
def test_normalize_never_raises(text: str, days: int) -> None:
    got = normalize(text, date(1900, 1, 1) + timedelta(days=days))
    assert got is None or got.type in {"DATE", "TIME", "DURATION", "SET"}


_WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


@given(
    d=st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31)),
    wd=st.sampled_from(range(7)),
)
def test_normalize_past_weekday_is_within_the_week_ending_on_publication(d: date, wd: int) -> None:
    got = normalize(_WEEKDAY_NAMES[wd], d, tense=Tense.PAST)
    assert got is not None
    day = date.fromisoformat(got.value)
    assert d - timedelta(days=6) <= day <= d
    assert day.weekday() == wd


def test_normalize_with_a_sentence_string_never_imports_spacy() -> None:
    code = (
        "import sys; from datetime import date; from annotation.dates import normalize;"
        "got = normalize('Friday', date(2025, 12, 6), 'The leaders will meet on Friday.');"
        "sys.exit(2 if 'spacy' in sys.modules else 0 if got.value == '2025-12-12' else 1)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


# -- what real news needs (docs/dates.md): one case per rule, each written for these tests --------

TUESDAY = date(2026, 3, 10)
TBD = Story()  # no story yet: anchored on the publication date

NEWS_CASES: list[tuple[str, str, date, Tense, Story, str | None]] = [
    # the period a business story reports on, and comparisons with it
    (
        "year earlier, quarter",
        "a year earlier",
        TUESDAY,
        P,
        Story(None, "2025-Q4", "2025-Q4"),
        "2024-Q4",
    ),
    ("year ago, quarter", "a year ago", TUESDAY, P, Story(None, "2025-Q4", "2025-Q4"), "2024-Q4"),
    ("year ago, no period", "a year ago", TUESDAY, P, TBD, "2025"),
    (
        "year-ago quarter",
        "the year-ago quarter",
        TUESDAY,
        P,
        Story(None, "2026", "2025-Q4"),
        "2024-Q4",
    ),
    ("year-earlier, day", "a year earlier", TUESDAY, P, Story(None, "2026-02-27"), "2025-02-27"),
    (
        "comparable period",
        "the comparable period last year",
        TUESDAY,
        P,
        Story(None, "2025-Q4", "2025-Q4"),
        "2024-Q4",
    ),
    ("year-earlier ordinal", "the year-earlier fourth quarter", TUESDAY, P, TBD, "2025-Q4"),
    ("year-earlier amount", "the year-earlier six months", TUESDAY, P, TBD, "P6M"),
    ("the quarter", "the quarter", TUESDAY, P, Story(None, "2027", "2025-Q4"), "2025-Q4"),
    (
        "latest quarter, named",
        "the latest quarter",
        TUESDAY,
        P,
        Story(None, "2025-Q4", "2025-Q4"),
        "2025-Q4",
    ),
    (
        "latest quarter, ahead",
        "the latest quarter",
        TUESDAY,
        P,
        Story(None, "2026-Q2", "2026-Q2"),
        "2025-Q4",
    ),
    ("year's quarter", "last year's second quarter", TUESDAY, P, TBD, "2025-Q2"),
    ("year's period", "the 2024 period", TUESDAY, P, Story(None, "2025-Q4", "2025-Q4"), "2024-Q4"),
    ("its quarter", "its fourth quarter", TUESDAY, P, TBD, "2025-Q4"),
    ("full year", "the full year", TUESDAY, P, Story(None, "2025-Q4", "2025-Q4"), "2025"),
    # quarters are reported weeks after they end
    ("report lag", "the fourth quarter", date(2026, 2, 3), F, TBD, "2025-Q4"),
    ("no lag", "the fourth quarter", date(2026, 4, 20), F, TBD, "2026-Q4"),
    # a clock time in a past clause is on the day the story tells
    (
        "story day clock",
        "10 p.m.",
        TUESDAY,
        P,
        Story(date(2026, 3, 2), "2026-03-02"),
        "2026-03-02T22:00",
    ),
    (
        "present clock",
        "10 p.m.",
        TUESDAY,
        Tense.PRESENT,
        Story(date(2026, 3, 2), "2026-03-02"),
        "2026-03-10T22:00",
    ),
    ("part of a day", "late afternoon yesterday", TUESDAY, P, TBD, "2026-03-09TAF"),
    ("overnight", "overnight", TUESDAY, P, Story(date(2026, 3, 6), "2026-03-06"), "2026-03-05TNI"),
    # a yearless date in a past clause stays in this year when this year's is near
    ("deadline ahead", "April 2", TUESDAY, P, TBD, "2026-04-02"),
    ("month ahead", "April", TUESDAY, P, TBD, "2026-04"),
    ("month far back", "October", TUESDAY, P, TBD, "2025-10"),
    ("this year's, behind", "January 20", TUESDAY, P, TBD, "2026-01-20"),
    # durations (TimeML's units: fractions in the next smaller unit, decades in years)
    ("fraction", "3 1/2 years", TUESDAY, U, TBD, "P3Y6M"),
    ("and a half after", "an hour and a half", TUESDAY, U, TBD, "PT1H30M"),
    ("half an hour", "half an hour", TUESDAY, U, TBD, "PT30M"),
    ("more", "two more weeks", TUESDAY, U, TBD, "P2W"),
    ("trading days", "six trading days", TUESDAY, U, TBD, "P6D"),
    ("a term", "a four-year term", TUESDAY, U, TBD, "P4Y"),
    ("decade", "a decade", TUESDAY, U, TBD, "P10Y"),
    ("decades counted", "three decades", TUESDAY, U, TBD, "P30Y"),
    ("decades vague", "decades", TUESDAY, U, TBD, "PXDE"),
    ("unit-long", "a week-long", TUESDAY, U, TBD, "P1W"),
    ("lone unit", "week", TUESDAY, U, TBD, "P1W"),
    ("latest months", "the latest six months", TUESDAY, U, TBD, "P6M"),
    # weeks
    ("week of", "the week of April 13", TUESDAY, F, TBD, "2026-W16"),
    ("week beginning", "the week beginning 2 March", TUESDAY, P, TBD, "2026-W10"),
    # broadcast copy spells years out
    ("spelled year", "nineteen eighty-four", TUESDAY, U, TBD, "1984"),
    ("spelled month year", "June twenty twenty-two", TUESDAY, U, TBD, "2022-06"),
    ("year two thousand", "the year two thousand", TUESDAY, U, TBD, "2000"),
    ("spelled oh", "the spring of nineteen oh six", TUESDAY, U, TBD, "1906-SP"),
    # vague references
    ("current", "current", TUESDAY, U, TBD, "PRESENT_REF"),
    ("future", "future", TUESDAY, U, TBD, "FUTURE_REF"),
    ("future units", "future years", TUESDAY, U, TBD, "FUTURE_REF"),
    ("more recently", "more recently", TUESDAY, U, TBD, "PAST_REF"),
    ("a later date", "a later date", TUESDAY, U, TBD, "FUTURE_REF"),
]


@pytest.mark.parametrize(
    ("text", "dct", "tense", "story", "value"),
    [case[1:] for case in NEWS_CASES],
    ids=[case[0] for case in NEWS_CASES],
)
def test_normalize_news_case(
    text: str, dct: date, tense: Tense, story: Story, value: str | None
) -> None:
    got = normalize(text, dct, tense=tense, story=story)
    assert (got.value if got else None) == value, got


def test_normalize_a_year_before_a_quarter_is_a_year_not_an_amount() -> None:
    got = normalize("the 2019 quarter", TUESDAY, tense=P)
    assert got is not None and got.value == "2019"


def test_dateparser_is_asked_only_about_texts_with_a_month(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []
    real = fallback._dateparse

    def spy(text: str, *rest: Any) -> Any:
        asked.append(text)
        return real(text, *rest)

    monkeypatch.setattr(fallback, "_dateparse", spy)
    assert normalize("a good part of 2019", TUESDAY) is None
    assert asked == []
    got = normalize("le 6 décembre 2025", TUESDAY)
    assert got is not None and got.value == "2025-12-06" and asked == ["le 6 décembre 2025"]
