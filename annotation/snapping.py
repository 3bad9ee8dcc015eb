"""Where a gesture's span boundaries land: snapped to tokens, grown or shrunk a token at a time.

A drag over parts of words takes the whole words (spaCy tokens, as exports count them); holding
Alt keeps the exact characters. Until spaCy's tokens are ready (it loads in the background), word
boundaries stand in for them.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from typing import Literal

from annotation.tokens import Tokens

Edge = Literal["start", "end"]
_WORD = re.compile(r"\w+|[^\w\s]", re.UNICODE)
_WORD_CHAR = re.compile(r"\w")


def word_tokens(text: str) -> Tokens:
    """Runs of word characters and single punctuation marks: spaCy's tokens, roughly.

    Combining marks (Devanagari vowel signs, accents typed as two characters) stay with the
    letters they follow.
    """
    starts: list[int] = []
    ends: list[int] = []
    for match in _WORD.finditer(text):
        start, end = match.span()
        if ends and ends[-1] == start and unicodedata.category(text[start])[0] == "M":
            ends[-1] = end
            continue
        after_mark = ends and ends[-1] == start and unicodedata.category(text[start - 1])[0] == "M"
        if after_mark and _WORD_CHAR.match(text[start]):
            ends[-1] = end
            continue
        starts.append(start)
        ends.append(end)
    spaces = tuple(end < len(text) and text[end].isspace() for end in ends)
    return Tokens(tuple(starts), tuple(ends), spaces)


def trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """[start, end) without whitespace at its edges, or None if nothing else is in it."""
    piece = text[start:end]
    start += len(piece) - len(piece.lstrip())
    end = start + len(text[start:end].rstrip())
    return (start, end) if start < end else None


def snap(
    text: str, tokens: Tokens, start: int, end: int, precise: bool = False
) -> tuple[int, int] | None:
    """The span a selection of [start, end) makes: trimmed, and grown to whole tokens unless
    `precise`; None when it holds only whitespace."""
    trimmed = trim(text, start, end)
    if trimmed is None:
        return None
    if precise:
        return trimmed
    return tokens.snap(*trimmed)


def word_at(tokens: Tokens, position: int) -> tuple[int, int] | None:
    """The token covering `position`, or None on whitespace."""
    index = bisect_right(tokens.starts, position) - 1
    if index >= 0 and tokens.starts[index] <= position < tokens.ends[index]:
        return tokens.starts[index], tokens.ends[index]
    return None


def neighbour(
    text: str, tokens: Tokens, start: int, end: int, direction: int
) -> tuple[int, int] | None:
    """The token just after [start, end) (`direction` 1) or just before it (-1), skipping
    whitespace tokens (spaCy keeps runs of line breaks); None at either end of the text."""
    if direction > 0:
        index = bisect_left(tokens.starts, end)
        while index < len(tokens) and not text[tokens.starts[index] : tokens.ends[index]].strip():
            index += 1
        return (tokens.starts[index], tokens.ends[index]) if index < len(tokens) else None
    index = bisect_right(tokens.ends, start) - 1
    while index >= 0 and not text[tokens.starts[index] : tokens.ends[index]].strip():
        index -= 1
    return (tokens.starts[index], tokens.ends[index]) if index >= 0 else None


def step(
    text: str, tokens: Tokens, start: int, end: int, edge: Edge, grow: bool
) -> tuple[int, int] | None:
    """[start, end) with one edge moved by a token: outwards when `grow`, inwards otherwise.

    None when the span cannot change that way: shrinking a one-token span, growing past the text,
    or growing across a line break (an entity never spans paragraphs).
    """
    if grow:
        if edge == "end":
            index = bisect_left(tokens.starts, end)
            if index >= len(tokens):
                return None
            new = (start, tokens.ends[index])
        else:
            index = bisect_right(tokens.ends, start) - 1
            if index < 0:
                return None
            new = (tokens.starts[index], end)
        if "\n" in text[new[0] : new[1]]:
            return None
        return new
    inside = tokens.bounds(start, end)
    if inside is None or inside[0] == inside[1]:
        return None
    first, last = inside
    if edge == "end":
        return start, max(tokens.ends[last - 1], start + 1)
    return min(tokens.starts[first + 1], end - 1), end
