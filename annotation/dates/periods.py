"""Rules for parts of a year: fiscal years (named by the year they end in), quarters, halves and
seasons."""

from __future__ import annotations

import re
from typing import Final

from annotation.dates.calendar import SEASON_START, span_bounds
from annotation.dates.grammar import ParseEnv, Result, RuleSet, as_date, resolve_year
from annotation.dates.lexicon import MONTH_RE, MONTHS, SEASONS, year_spec

RULES: Final = RuleSet()
#: Companies report a quarter some weeks after it ends: 'expects to report a third-quarter loss'
#: written in early November is about the quarter that ended on September 30.
REPORTING_LAG_DAYS: Final = 45


def _fy_end(first: str, second: str | None) -> int:
    """Fiscal year named by the year it ends in: FY2025-26 and FY26 are both FY2026."""
    if second:
        return int(second) if len(second) == 4 else int(first) // 100 * 100 + int(second)
    return int(first) if len(first) == 4 else 2000 + int(first)


_FY_NUM_RE: Final = r"'?(?P<f1>\d{4}|\d\d)(?:[-/](?P<f2>\d{4}|\d\d))?(?![\d])"


@RULES.rule(
    "fiscal",
    rf"(?:(?:fiscal|financial)(?: year)?,? |fy ?){_FY_NUM_RE}"
    r"|(?P<h1>\d{4})[-/](?P<h2>\d{4}|\d\d) (?:fiscal|financial year|fiscal year|fy)",
)
def _fiscal(m: re.Match[str], env: ParseEnv) -> Result | None:
    if m["h1"]:
        return as_date(f"FY{_fy_end(m['h1'], m['h2'])}")
    return as_date(f"FY{_fy_end(m['f1'], m['f2'])}")


_QUARTER_ORDINALS: Final = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3}
_QUARTER_ORDINALS.update({"fourth": 4, "4th": 4, "final": 4, "last": 4})


@RULES.rule(
    "fiscal_quarter",
    rf"(?:q(?P<q>[1-4])|(?P<o>first|second|third|fourth|final|1st|2nd|3rd|4th)[- ]quarter)"
    rf"(?:,? (?:of )?|[ -]?)(?:(?:the )?(?:fiscal|financial)(?: year)? ?|fy ?){_FY_NUM_RE}",
)
def _fiscal_quarter(m: re.Match[str], env: ParseEnv) -> Result | None:
    q = int(m["q"]) if m["q"] else _QUARTER_ORDINALS[m["o"]]
    return as_date(f"FY{_fy_end(m['f1'], m['f2'])}-Q{q}")


@RULES.rule(
    "quarter",
    rf"(?:q(?P<q>[1-4])|(?P<o>first|second|third|fourth|final|1st|2nd|3rd|4th)[- ]quarter"
    rf"|(?P<mon>{MONTH_RE}) quarter)(?:(?:,? |[- ]?')(?P<Y>\d{{4}}|\d\d)(?![\d])"
    rf"|{year_spec('y')})",
)
def _quarter(m: re.Match[str], env: ParseEnv) -> Result | None:
    """Q3, 'the third quarter (of last year)', 'the September quarter' (the one ending then)."""
    if m["mon"]:
        month = MONTHS[m["mon"].rstrip(".")]
        if month % 3:
            return None
        q = month // 3
    else:
        q = int(m["q"]) if m["q"] else _QUARTER_ORDINALS[m["o"]]
    if m["Y"]:
        year: int | None = int(m["Y"]) if len(m["Y"]) == 4 else 2000 + int(m["Y"])
    else:
        year = resolve_year(span_bounds(3 * q - 2, 3), m, env, lag=REPORTING_LAG_DAYS)
    return None if year is None else as_date(f"{year:04d}-Q{q}")


@RULES.rule(
    "half",
    rf"(?:h(?P<h>[12])|(?P<o>first|second|1st|2nd|latter|last) half)"
    rf"(?:,? (?P<Y>\d{{4}})(?![\d])|{year_spec('y')})",
)
def _half(m: re.Match[str], env: ParseEnv) -> Result | None:
    h = int(m["h"]) if m["h"] else (1 if m["o"] in {"first", "1st"} else 2)
    year = int(m["Y"]) if m["Y"] else resolve_year(span_bounds(6 * h - 5, 6), m, env)
    return None if year is None else as_date(f"{year:04d}-H{h}")


@RULES.rule(
    "season",
    r"(?:(?P<rel>this|last|next|coming|this coming|this past|past|previous|following|that) )?"
    rf"(?P<s>spring|summer|autumn|fall|winter){year_spec('y')}",
)
def _season(m: re.Match[str], env: ParseEnv) -> Result | None:
    code = SEASONS[m["s"]]
    year = resolve_year(span_bounds(SEASON_START[code], 3), m, env, m["rel"])
    return None if year is None else as_date(f"{year:04d}-{code}")
