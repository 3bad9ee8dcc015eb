"""Code points <-> UTF-16 units: the one place where core offsets meet Qt text positions.

The core counts Unicode code points (Python `str` indices); Qt counts UTF-16 code units, so every
character outside the Basic Multilingual Plane (emoji, some CJK, historic scripts) takes two Qt
positions. Nothing else in `desktop/` does offset arithmetic against Qt (STYLE.md rule 9).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def utf16_length(text: str) -> int:
    """How many UTF-16 units `text` takes in Qt."""
    return len(text) + sum(1 for _ in _ASTRAL.finditer(text))


class Positions:
    """Converts offsets of one text between code points and UTF-16 units.

    Plain BMP text (nearly all news) maps one to one and costs nothing; otherwise a sorted list
    of the astral characters' offsets makes each conversion one binary search.
    """

    __slots__ = ("_astral_cp", "_astral_u16", "length", "utf16_length")

    def __init__(self, text: str) -> None:
        self._astral_cp = [match.start() for match in _ASTRAL.finditer(text)]
        # where each astral character starts in UTF-16: every earlier one added a unit
        self._astral_u16 = [cp + i for i, cp in enumerate(self._astral_cp)]
        self.length = len(text)
        self.utf16_length = len(text) + len(self._astral_cp)

    @property
    def identity(self) -> bool:
        """Whether both counts agree everywhere (no character outside the BMP)."""
        return not self._astral_cp

    def to_utf16(self, cp: int) -> int:
        """The Qt position of code-point offset `cp` (0 <= cp <= length)."""
        if not self._astral_cp:
            return cp
        return cp + bisect_left(self._astral_cp, cp)

    def to_code_point(self, u16: int) -> int:
        """The code-point offset of Qt position `u16`.

        A position between the two halves of a surrogate pair (Qt never puts a cursor there, but
        a hit test may) rounds down to the character's start.
        """
        if not self._astral_u16:
            return u16
        # astral characters starting before u16: each of them added one unit
        before = bisect_left(self._astral_u16, u16)
        if before and self._astral_u16[before - 1] + 1 == u16:
            # inside the pair of the last one: its own start, in code points
            return self._astral_cp[before - 1]
        return u16 - before

    def range_to_utf16(self, start: int, end: int) -> tuple[int, int]:
        """A code-point range as a Qt range."""
        return self.to_utf16(start), self.to_utf16(end)

    def range_to_code_points(self, start: int, end: int) -> tuple[int, int]:
        """A Qt range as a code-point range; a half-covered pair counts as covered."""
        first = self.to_code_point(start)
        last = self.to_code_point(end)
        if self._astral_u16 and last < self.length:
            inside = bisect_right(self._astral_u16, end - 1)
            if inside and self._astral_u16[inside - 1] + 1 == end:
                last += 1
        return first, last
