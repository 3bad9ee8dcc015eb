"""A sorted interval index: which spans overlap a stretch of text, fast enough to ask per block.

The highlighter asks it for every block it colours and the view for every visible line it
paints, so a query must cost a binary search plus the answer, not a scan of the article. Spans
are short (a few words); the rare long one (a paragraph-sized import) is kept apart and checked
on every query, so it cannot widen the search window of all others.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Iterable

#: Intervals longer than this are "long": kept in a side list instead of widening every search.
LONG = 512


class IntervalIndex:
    """Half-open intervals [start, end) keyed by int ids; overlap queries in O(log n + k)."""

    def __init__(self, items: Iterable[tuple[int, int, int]] = ()) -> None:
        entries = list(items)
        self._bounds: dict[int, tuple[int, int]] = {key: (s, e) for s, e, key in entries}
        self._short = sorted(entry for entry in entries if entry[1] - entry[0] <= LONG)
        self._long = sorted(entry for entry in entries if entry[1] - entry[0] > LONG)
        self._widest = max((e - s for s, e, _ in self._short), default=0)

    def __len__(self) -> int:
        return len(self._bounds)

    def __contains__(self, key: object) -> bool:
        return key in self._bounds

    def bounds(self, key: int) -> tuple[int, int]:
        return self._bounds[key]

    def add(self, start: int, end: int, key: int) -> None:
        """Add (or move) `key` to [start, end)."""
        if key in self._bounds:
            self.remove(key)
        self._bounds[key] = (start, end)
        if end - start > LONG:
            insort(self._long, (start, end, key))
        else:
            self._widest = max(self._widest, end - start)
            insort(self._short, (start, end, key))

    def remove(self, key: int) -> None:
        """Forget `key` (no error if it is not there)."""
        bounds = self._bounds.pop(key, None)
        if bounds is None:
            return
        entry = (bounds[0], bounds[1], key)
        target = self._long if bounds[1] - bounds[0] > LONG else self._short
        target.pop(bisect_left(target, entry))

    def overlapping(self, start: int, end: int) -> list[int]:
        """Keys whose interval overlaps [start, end), by start, end, key.

        An empty query range [p, p) finds the intervals that contain p.
        """
        if end == start:
            end = start + 1
        short = self._short
        low = bisect_left(short, (start - self._widest,))
        high = bisect_left(short, (end,))
        found = [entry for entry in short[low:high] if entry[1] > start]
        if self._long:
            found.extend(entry for entry in self._long if entry[0] < end and entry[1] > start)
            found.sort()
        return [entry[2] for entry in found]

    def at(self, position: int) -> list[int]:
        """Keys whose interval contains `position`."""
        return self.overlapping(position, position + 1)

    def keys(self) -> list[int]:
        """Every key, by start, end, key."""
        return [entry[2] for entry in sorted(self._short + self._long)]
