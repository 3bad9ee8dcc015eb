"""Tests for annotation.dates.published: publication dates read from article text."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotation.dates.published import InferredDate, infer_published

SAMPLE_NAME = "ians-india-south-korea-space-2025-12-06.txt"
ROOT = Path(__file__).resolve().parents[2]

# The head and tail of the sample article, so the test runs on a fresh clone without ../shared.
SAMPLE_EXCERPT = """India, South Korea explore space cooperation, discuss strengthening ties

by IANS |

Seoul, Dec 6 (IANS) Indian Ambassador to South Korea Gourangalal Das and Korea Aerospace \
Administration (KASA) Administrator Yoon Youngbin on Saturday explored areas of space cooperation.

On November 22, Prime Minister Narendra Modi and South Korean President Lee Jae-myung met.

Latest News
EC to organise special camps for sex workers in Kolkata's Sonagachi during SIR exercise \
Sat, Dec 06, 2025, 12:46 PM
Situation tense at Pak-Afghan border as both sides exchange heavy gunfire \
Sat, Dec 06, 2025, 12:39 PM
"""


def _sample_texts() -> list[str]:
    texts = [SAMPLE_EXCERPT]
    for path in (ROOT / "seeds" / SAMPLE_NAME, ROOT.parent / "shared" / "seeds" / SAMPLE_NAME):
        if path.is_file():
            texts.append(path.read_text(encoding="utf-8"))
    return texts


@pytest.mark.parametrize("text", _sample_texts())
def test_infer_published_sample_article_from_dateline_and_stamp_year(text: str) -> None:
    got = infer_published(text)
    assert got is not None
    assert got.value == date(2025, 12, 6)
    assert got.evidence == "Seoul, Dec 6 (IANS)"
    assert text[got.start : got.end] == got.evidence
    assert got.rule == "dateline+stamp_year"


def test_infer_published_text_without_date_is_none() -> None:
    assert infer_published("The minister spoke to reporters about the budget.") is None
    assert infer_published("") is None


def test_infer_published_dateline_without_year_or_stamp_is_none() -> None:
    assert infer_published("SEOUL, Dec 6 (Reuters) - South Korea said on Saturday...") is None


def test_infer_published_dateline_takes_fallback_year() -> None:
    got = infer_published("SEOUL, Dec 6 (Reuters) - South Korea said...", fallback_year=2024)
    assert got == InferredDate(date(2024, 12, 6), "SEOUL, Dec 6 (Reuters)", 0, 22, got.rule)


def test_infer_published_dateline_year_nearest_the_stamps() -> None:
    text = "NEW YORK, Dec. 31 (AP) — Crowds gathered.\nPosted Thu, Jan 01, 2026, 09:00 AM"
    got = infer_published(text)
    assert got is not None and got.value == date(2025, 12, 31)


def test_infer_published_dateline_with_year() -> None:
    got = infer_published("New Delhi, December 6, 2025 (PTI) The government said...")
    assert got is not None and (got.value, got.rule) == (date(2025, 12, 6), "dateline")


def test_infer_published_byline_prefers_published_over_updated() -> None:
    text = (
        "Title\nUpdated: 6 December 2025 10:31 IST\n"
        "Published: 5 December 2025 22:10 IST\nBody text on December 1, 2025."
    )
    got = infer_published(text)
    assert got is not None
    assert got.value == datetime(2025, 12, 5, 22, 10)
    assert got.rule == "byline"
    assert text[got.start : got.end] == got.evidence


def test_infer_published_iso_timestamp() -> None:
    got = infer_published("Some story\n2025-12-06T10:31:00+05:30\nBody")
    assert got is not None and got.value == datetime(2025, 12, 6, 10, 31)


# -- stamps are looked for only near years: exactly what scanning every position finds ----------

_STAMP_PIECES = [
    "Updated:",
    "Published on",
    "last modified at",
    "  \n ",
    " ",
    "Sat,",
    "Wednesdayyyyyyyyyyyyyyyyyyyyyyy,",
    "Dec",
    "September.",
    "6th",
    "06,",
    "2025",
    "1999",
    "20251",
    "2025-12-06",
    "2025-13-40",
    "2024-02-29T10:31:05.123456789+05:30",
    "12:46 PM",
    "at 9.30 a.m. (IST)",
    "Seoul, Dec 6 (IANS) -",
    "x",
    ".",
    "\n\n",
]


def _stamps_everywhere(text: str) -> list[object]:
    from annotation.dates import published

    found = [
        s
        for rx in (published._STAMP_MDY, published._STAMP_DMY, published._STAMP_ISO)
        for m in rx.finditer(text)
        if (s := published._stamp(m)) is not None
    ]
    return sorted(found, key=lambda s: s.start)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_STAMP_PIECES), max_size=24), st.sampled_from([" ", "", "\n"]))
def test_stamps_near_years_match_a_full_scan(pieces: list[str], glue: str) -> None:
    from annotation.dates.published import _stamps

    text = glue.join(pieces)
    assert _stamps(text) == _stamps_everywhere(text)


def test_stamps_near_years_match_a_full_scan_on_the_sample() -> None:
    from annotation.dates.published import _stamps

    assert _stamps(SAMPLE_EXCERPT) == _stamps_everywhere(SAMPLE_EXCERPT)
    assert _stamps(SAMPLE_EXCERPT)
