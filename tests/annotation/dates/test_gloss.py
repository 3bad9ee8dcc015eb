"""Calendar values in words, beside their codes (issue 17, friction 3)."""

from __future__ import annotations

import pytest

from annotation.dates.gloss import gloss, needs_gloss


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("P3D", "3 days"),
        ("PT8M", "8 minutes"),
        ("P1Y", "1 year"),
        ("P2Y6M", "2 years 6 months"),
        ("PT1H30M", "1 hour 30 minutes"),
        ("PXY", "some years"),
        ("PXDE", "some decades"),
        ("2025-06-18TNI", "night of 18 June 2025"),
        ("2026-03-09TAF", "afternoon of 9 March 2026"),
        ("FY2026-Q1", "first quarter of fiscal 2026"),
        ("FY2026", "fiscal year 2026"),
        ("2025-Q4", "fourth quarter of 2025"),
        ("2027-H2", "second half of 2027"),
        ("2025-12-06", "Saturday 6 December 2025"),
        ("2025-06", "June 2025"),
        ("2025-W48", "week 48 of 2025"),
        ("2026-W10-WE", "the weekend of week 10 of 2026"),
        ("2024-WI", "winter 2024"),
        ("199", "the 1990s"),
        ("20", "the 21st century"),
        ("2025-12-06T12:46", "12:46 on 6 December 2025"),
        ("T10:30", "10:30"),
        ("PAST_REF", "the past"),
        ("XXXX-07", "every July"),
        ("XXXX-WXX-1", "every Monday"),
        ("2025-06-18/2025-06-20", "Wednesday 18 June 2025 to Friday 20 June 2025"),
    ],
)
def test_a_value_reads_as_words(value: str, words: str) -> None:
    assert gloss(value) == words


@pytest.mark.parametrize(
    "value", ["", None, "2025-13-01", "2025-02-30", "P", "PQ3", "XYZ", "2025-Q7"]
)
def test_what_is_not_a_known_value_has_no_gloss(value: str | None) -> None:
    assert gloss(value) is None


def test_plain_dates_need_no_gloss_in_a_tag() -> None:
    assert [needs_gloss(v) for v in ("2025-12-06", "2025-06", "2025", "P3D", "2025-W48")] == [
        False,
        False,
        False,
        True,
        True,
    ]
