"""A document's publication date (the DCT values resolve against): its own, else inferred from
its text when the metadata lacks it (`publication_of`); how an inferred or missing date is
recorded: docs/adr/0005-suggestion-runs-and-publication-dates.md.

Evidence, strongest first: a wire dateline near the top ('Seoul, Dec 6 (IANS)'), a labelled
byline stamp ('Updated: 6 December 2025 10:31 IST'), then full timestamps and ISO dates in the
text. A dateline without a year takes it from the timestamps in the text (the most common year,
the earliest on ties), choosing the year that puts the dateline nearest those stamps.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Final

from annotation.model import Document

__all__ = ["InferredDate", "Publication", "infer_published", "parse_published", "publication_of"]


@dataclass(frozen=True, slots=True)
class InferredDate:
    """A publication date and the text it was read from (offsets into the text)."""

    value: date | datetime
    evidence: str
    start: int
    end: int
    rule: str


_MONTHS: Final = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MON: Final = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WD: Final = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,? )?"
_CLOCK: Final = (
    r"(?:,? (?:at )?(?P<h>[01]?\d|2[0-3])[:.](?P<mi>[0-5]\d)(?::[0-5]\d)?"
    r" ?(?P<ap>[ap]\.?m\.?)?(?: ?\(?[a-z]{2,4}\)?)?)?"
)
_YEAR: Final = r"(?P<y>(?:19|20)\d\d)(?!\d)"
_DATELINE_WINDOW: Final = 800
_BYLINE_WINDOW: Final = 1500

# 'SEOUL, Dec 6 (IANS) -', 'New Delhi, December 6, 2025 (PTI)', 'Kolkata, Dec 6:'.
_DATELINE: Final = re.compile(
    r"(?m)^[ \t]*(?P<place>[A-Z][\w.'-]*(?:[ -][A-Z][\w.'-]*){0,3}),[ \t]+"
    r"(?P<date>" + _MON + r"[ \t]+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?:,?[ \t]+" + _YEAR + r")?)"
    r"[ \t]*(?:\((?P<agency>[A-Za-z][\w .&/-]{0,30})\)|[:\-–—])",
    re.IGNORECASE,
)
_LABEL: Final = (
    r"(?P<label>(?:last |first )?(?:updated|published|posted|modified)(?: on| at)?\s*:?\s*)?"
)
# 'Sat, Dec 06, 2025, 12:46 PM', 'December 6, 2025 10:31 IST'
_STAMP_MDY: Final = re.compile(
    _LABEL + _WD + _MON + r" (?P<d>[0-3]?\d)(?:st|nd|rd|th)?,? " + _YEAR + _CLOCK, re.IGNORECASE
)
# '6 December 2025 10:31 IST', 'Sat 6 Dec 2025'
_STAMP_DMY: Final = re.compile(
    _LABEL + _WD + r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)? " + _MON + r",? " + _YEAR + _CLOCK,
    re.IGNORECASE,
)
_STAMP_ISO: Final = re.compile(
    _LABEL + r"(?<!\d)(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)"
    r"(?:[T ](?P<h>[01]\d|2[0-3]):(?P<mi>[0-5]\d)(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?(?!\d)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class _Stamp:
    value: date | datetime
    start: int
    end: int
    labelled: bool
    has_time: bool


def _month(name: str) -> int:
    return _MONTHS[name[:3].lower()]


def _stamp(m: re.Match[str]) -> _Stamp | None:
    """A full date (with year) and optional clock time from a stamp match."""
    try:
        month = int(m["m"]) if "m" in m.re.groupindex else _month(m["mon"])
        day = date(int(m["y"]), month, int(m["d"]))
    except ValueError:
        return None
    value: date | datetime = day
    if m["h"] is not None:
        hour = int(m["h"])
        ap = (m.groupdict().get("ap") or "").lower().replace(".", "")
        if ap in {"am", "pm"}:
            if not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if ap == "pm" else 0)
        value = datetime(day.year, day.month, day.day, hour, int(m["mi"]))
    return _Stamp(value, m.start(), m.end(), bool(m["label"]), m["h"] is not None)


# Every stamp holds a year; the text between a stamp's start and its year is made of bounded
# pieces (a label, a weekday, a month, a day) and at most two runs of white space and one run of
# letters. Trying the stamp patterns only where a year is near finds exactly what `finditer`
# finds, at a fraction of the cost of trying every position (and many articles hold no year).
_YEAR_AT: Final = re.compile(r"(?=(?:19|20)\d\d)")
_MONTH_START: Final = re.compile(r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec", re.IGNORECASE)
_SPACE_RUN: Final = re.compile(r"\s+")
#: the stamp patterns' own flags, so the same letters count
_LETTER_RUN: Final = re.compile(r"[a-z]+", re.IGNORECASE)
#: more than the fixed pieces before a year add up to (label 19, weekday 3, month 10, day 7)
_BEFORE_YEAR: Final = 64


def _stamps(text: str) -> list[_Stamp]:
    years = [m.start() for m in _YEAR_AT.finditer(text)]
    if not years:
        return []
    # The year of a written-out stamp follows a space and a month name; an ISO date's year is
    # followed by a hyphen.
    month = _MONTH_START.search(text)
    first_month = len(text) if month is None else month.start()
    spelled = [y for y in years if y > first_month and text[y - 1] == " "]
    iso = [y for y in years if text[y + 4 : y + 5] == "-"]
    found = [
        s
        for rx, near in ((_STAMP_MDY, spelled), (_STAMP_DMY, spelled), (_STAMP_ISO, iso))
        for m in _near_years(rx, text, near)
        if (s := _stamp(m)) is not None
    ]
    return sorted(found, key=lambda s: s.start)


def _reach(text: str, year: int) -> int:
    """How far before `year` a stamp holding it may start.

    Its fixed pieces and the runs of white space and letters between them: widened until the
    runs within reach say no further (a run cut by the edge is counted in part, and the pieces
    nearer the year are all within it, so a start beyond would contradict the bound).
    """
    reach = _BEFORE_YEAR
    while True:
        window = text[max(year - reach, 0) : year]
        spaces = max(map(len, _SPACE_RUN.findall(window)), default=0)
        letters = max(map(len, _LETTER_RUN.findall(window)), default=0)
        wanted = _BEFORE_YEAR + 2 * spaces + letters
        if wanted <= reach or reach >= year:
            return wanted
        reach = wanted


def _near_years(rx: re.Pattern[str], text: str, years: list[int]) -> list[re.Match[str]]:
    """What `rx.finditer(text)` yields when every match holds its year at one of `years`."""
    found: list[re.Match[str]] = []
    pos = 0  # where the next match may start (as in finditer); starts before it failed
    for year in years:
        if year < pos:
            continue
        m = None
        for start in range(max(pos, year - _reach(text, year)), year + 1):
            m = rx.match(text, start)
            if m is not None:
                break
        if m is None:
            pos = year + 1
        else:
            found.append(m)
            pos = m.end()
    return found


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def _year_from(stamps: list[_Stamp], month: int, day: int) -> int | None:
    """The stamps' most common year (earliest on ties), shifted by one if that puts the
    dateline nearer the stamps ('Dec 31' with stamps from Jan 1 is last year's)."""
    if not stamps:
        return None
    counts = Counter(_day(s.value).year for s in stamps)
    best = max(counts.values())
    year = next(_day(s.value).year for s in stamps if counts[_day(s.value).year] == best)
    ref = next(_day(s.value) for s in stamps if _day(s.value).year == year)
    options = []
    for y in (year - 1, year, year + 1):
        try:
            options.append((abs((date(y, month, day) - ref).days), y))
        except ValueError:
            continue
    return min(options)[1] if options else None


def infer_published(text: str, fallback_year: int | None = None) -> InferredDate | None:
    """Publication date read from the text itself; None when nothing dates it.

    fallback_year: the year for a dateline without one when no stamp in the text gives it
        (for example the year of the file's collection).
    """
    stamps = _stamps(text)
    dateline = _DATELINE.search(text, 0, _DATELINE_WINDOW)
    if dateline is not None:
        found = _from_dateline(dateline, stamps, fallback_year)
        if found is not None:
            return found
    return _from_stamps(text, stamps)


def _from_dateline(
    m: re.Match[str], stamps: list[_Stamp], fallback_year: int | None
) -> InferredDate | None:
    month, day = _month(m["mon"]), int(m["d"])
    rule = "dateline"
    if m["y"]:
        year: int | None = int(m["y"])
    else:
        year = _year_from(stamps, month, day)
        rule = "dateline+stamp_year"
        if year is None and fallback_year is not None:
            year, rule = fallback_year, "dateline+fallback_year"
    if year is None:
        return None
    try:
        value = date(year, month, day)
    except ValueError:
        return None
    return InferredDate(value, m[0].strip(), m.start("place"), m.end(), rule)


def _from_stamps(text: str, stamps: list[_Stamp]) -> InferredDate | None:
    """A labelled byline near the top, else the commonest stamped day (earliest on ties)."""
    if not stamps:
        return None
    labelled = [s for s in stamps if s.labelled and s.start < _BYLINE_WINDOW]
    if labelled:
        published = [s for s in labelled if "updat" not in text[s.start : s.end].lower()]
        pick, rule = (published or labelled)[0], "byline"
    else:
        timed = [s for s in stamps if s.has_time]
        pool = timed or [s for s in stamps if s.start < _BYLINE_WINDOW]
        if not pool:
            return None
        counts = Counter(_day(s.value) for s in pool)
        best = max(counts.values())
        pick = next(s for s in pool if counts[_day(s.value)] == best)
        rule = "timestamp" if timed else "date_near_top"
    evidence = text[pick.start : pick.end].strip()
    offset = text.index(evidence, pick.start)
    return InferredDate(pick.value, evidence, offset, offset + len(evidence), rule)


@dataclass(frozen=True, slots=True)
class Publication:
    """A document's publication date as the normaliser needs it, and where it came from."""

    date: date | datetime | None
    #: set when the document has no date of its own and one was found in the text
    inferred: InferredDate | None = None
    #: the document's `published` could not be read as an ISO date or datetime
    unreadable: bool = False


def parse_published(text: str) -> date | datetime | None:
    """An ISO date or datetime (with or without offset), or None."""
    text = text.strip()
    try:
        if len(text) <= 10:
            return date.fromisoformat(text)
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def publication_of(document: Document) -> Publication:
    """The date values are resolved against: the document's, else inferred from its text."""
    if document.published:
        parsed = parse_published(document.published)
        return Publication(parsed, unreadable=parsed is None)
    inferred = _inferred(document.text)
    return Publication(inferred.value if inferred is not None else None, inferred)


@lru_cache(maxsize=32)
def _inferred(text: str) -> InferredDate | None:
    return infer_published(text)
