"""Spans that do not fall on token boundaries, reported for token-based formats (.spacy, CoNLL).

Dateline keeps character offsets (an analyst may hold Alt and select part of a word); formats
that label whole tokens cannot hold such a span. They leave it out and say so: which document,
which span, the text it covers, and the nearest token boundaries it could be moved to.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from annotation.tokens import Tokens


@dataclass(frozen=True, slots=True)
class AlignmentIssue:
    """One span left out of a token-based export, and why."""

    document_id: int
    start: int
    end: int
    label: str
    text: str
    #: token boundaries nearest the start (at or before, at or after) and the end
    start_before: int | None
    start_after: int | None
    end_before: int | None
    end_after: int | None
    #: the smallest run of whole tokens covering the span, and its text
    expanded: tuple[int, int] | None
    expanded_text: str
    #: what is wrong when it is not the boundaries (e.g. an overlap a format cannot hold)
    reason: str = ""

    @property
    def problem(self) -> str:
        if self.reason:
            return self.reason
        bad_start = self.start_before != self.start
        bad_end = self.end_after != self.end
        if bad_start and bad_end:
            return "starts and ends inside a token"
        if bad_start:
            return "starts inside a token"
        if bad_end:
            return "ends inside a token"
        return "covers no token"

    def __str__(self) -> str:
        starts = _either(self.start_before, self.start_after)
        ends = _either(self.end_before, self.end_after)
        line = (
            f"document {self.document_id}: span {self.start}-{self.end} {self.label} "
            f"{_quote(self.text)} {self.problem}; nearest token boundaries: start {starts}, "
            f"end {ends}"
        )
        if self.expanded is not None:
            line += f" (whole tokens: {self.expanded[0]}-{self.expanded[1]} "
            line += f"{_quote(self.expanded_text)})"
        return line


def _either(before: int | None, after: int | None) -> str:
    options = [str(value) for value in dict.fromkeys((before, after)) if value is not None]
    return " or ".join(options) or "none"


def _quote(text: str, limit: int = 60) -> str:
    shown = text.replace("\n", "⏎")
    return repr(shown if len(shown) <= limit else shown[: limit - 1] + "…")


def check_alignment(
    document_id: int, text: str, tokens: Tokens, start: int, end: int, label: str
) -> AlignmentIssue | None:
    """None when [start, end) begins and ends on token boundaries, else what is wrong and where."""
    if tokens.aligned(start, end):
        return None
    return locate(document_id, text, tokens, start, end, label)


def locate(
    document_id: int,
    text: str,
    tokens: Tokens,
    start: int,
    end: int,
    label: str,
    reason: str = "",
) -> AlignmentIssue:
    """A span that a token-based export leaves out, with the token boundaries around it."""
    starts, ends = tokens.starts, tokens.ends
    i = bisect_right(starts, start) - 1
    j = bisect_left(starts, start)
    k = bisect_right(ends, end) - 1
    m = bisect_left(ends, end)
    # Only boundaries that still make a span: a start before the span's end, an end after its
    # start ('vill' at 37-41 in 'the village': end 44, not the 36 that ends 'the').
    if j < len(starts) and starts[j] >= end:
        j = len(starts)
    if k >= 0 and ends[k] <= start:
        k = -1
    bounds = tokens.bounds(start, end)
    expanded = None
    if bounds is not None:
        expanded = (starts[bounds[0]], ends[bounds[1]])
    return AlignmentIssue(
        document_id=document_id,
        start=start,
        end=end,
        label=label,
        text=text[start:end],
        start_before=starts[i] if i >= 0 else None,
        start_after=starts[j] if j < len(starts) else None,
        end_before=ends[k] if k >= 0 else None,
        end_after=ends[m] if m < len(ends) else None,
        expanded=expanded,
        expanded_text=text[expanded[0] : expanded[1]] if expanded else "",
        reason=reason,
    )


def spans(count: int) -> str:
    return f"{count} span" if count == 1 else f"{count} spans"


def summary(issues: list[AlignmentIssue], what: str) -> str:
    """One line for an error: how many spans, and the first."""
    first = issues[0]
    more = f" (and {len(issues) - 1} more)" if len(issues) > 1 else ""
    return (
        f"{spans(len(issues))} cannot be written to {what}; first: {first}{more}. Nothing was "
        "written; export without --strict to write the others and get the full report"
    )
