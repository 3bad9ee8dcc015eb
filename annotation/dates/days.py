"""Rules for days named from the DCT or the anchor: weekdays, 'today', 'yesterday', 'that night'."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Final

from annotation.dates.calendar import weekday_date
from annotation.dates.grammar import ParseEnv, Result, RuleSet, as_date, direction
from annotation.dates.lexicon import PARTS_OF_DAY, WEEKDAY_RE, WEEKDAYS, alt
from annotation.dates.tense import Tense

RULES: Final = RuleSet()


@RULES.rule(
    "weekday",
    r"(?:(?P<rel>last|next|this|coming|this coming|this past|past|previous|following|that|same) )?"
    rf"(?P<wd>{WEEKDAY_RE})(?: (?P<wk>last|next|this|the previous|the following) week)?",
)
def _weekday(m: re.Match[str], env: ParseEnv) -> Result | None:
    wd = WEEKDAYS[m["wd"].rstrip(".")]
    ctx = env.ctx
    if m["wk"]:
        base = ctx.anchor if m["wk"].startswith("the") else ctx.dct
        step = {"last": -7, "next": 7, "this": 0, "the previous": -7, "the following": 7}
        monday = base + timedelta(days=step[m["wk"]] - base.weekday())
        return as_date((monday + timedelta(days=wd)).isoformat())
    rel = m["rel"]
    if rel == "this" and env.rewind is None:
        how = {Tense.PAST: "past", Tense.FUTURE: "future"}.get(ctx.tense(), "this")
        return as_date(weekday_date(wd, ctx.dct, how).isoformat())
    ref, how = direction(env, rel)
    if how == "nearest":
        # A bare weekday is the most recent one unless the clause looks ahead. A present clause
        # with a weekday is a schedule in news copy ('the court hears the case on Tuesday').
        how = "future" if ctx.tense() is Tense.PRESENT else "past"
    return as_date(weekday_date(wd, ref, how).isoformat())


@RULES.rule("weekdays", rf"(?:every |each )?(?P<wd>{alt(w + 's' for w in WEEKDAYS if len(w) > 4)})")
def _weekdays(m: re.Match[str], env: ParseEnv) -> Result | None:
    return f"XXXX-WXX-{WEEKDAYS[m['wd'][:-1]] + 1}", "SET", None


@RULES.rule(
    "deictic",
    r"(?P<w>today|tonight|yesterday|tomorrow|day before yesterday|day after tomorrow"
    r"|this (?:morning|afternoon|evening)|last (?:night|evening)|overnight)",
)
def _deictic(m: re.Match[str], env: ParseEnv) -> Result | None:
    w, dct = m["w"], env.ctx.dct
    offsets = {"today": 0, "yesterday": -1, "tomorrow": 1}
    offsets |= {"day before yesterday": -2, "day after tomorrow": 2}
    if w in offsets:
        return as_date((dct + timedelta(days=offsets[w])).isoformat())
    if w == "tonight":
        return f"{dct.isoformat()}TNI", "TIME", None
    if w.startswith("this "):
        return f"{dct.isoformat()}T{PARTS_OF_DAY[w[5:]]}", "TIME", None
    if w == "overnight":  # the night leading into the story's day
        return f"{(env.ctx.anchor - timedelta(days=1)).isoformat()}TNI", "TIME", None
    day = dct - timedelta(days=1)
    return f"{day.isoformat()}T{PARTS_OF_DAY[w[5:]]}", "TIME", None


@RULES.rule(
    "part_of_day",
    r"(?:(?P<rel>that|same|next|following|previous) )?(?P<pod>morning|afternoon|evening|night)",
)
def _part_of_day(m: re.Match[str], env: ParseEnv) -> Result | None:
    """'that night', 'the next morning', '(in the) evening': parts of the anchor's day."""
    step = {"next": 1, "following": 1, "previous": -1}.get(m["rel"] or "", 0)
    day = env.ctx.anchor + timedelta(days=step)
    return f"{day.isoformat()}T{PARTS_OF_DAY[m['pod']]}", "TIME", None
