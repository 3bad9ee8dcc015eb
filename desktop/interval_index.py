"""A sorted interval index: which spans overlap a stretch of text, fast enough to ask per block.

The highlighter asks it for every block it colours and the view for every visible line it
paints, so a query must cost a binary search plus the answer, not a scan of the article. Spans
are short (a few words); the rare long one (a paragraph-sized import) is kept apart and checked
on every query, so it cannot widen the search window of all others.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Hashable, Iterable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)

#: Intervals longer than this are "long": kept in a side list instead of widening every search.
LONG = 512


class IntervalIndex(Generic[K]):
    """Half-open intervals [start, end) with keys; overlap and point queries in O(log n + k)."""

    def __init__(self, items: Iterable[tuple[int, int, K]] = ()) -> None:
        self._bounds: dict[K, tuple[int, int]] = {}
        self._short: list[tuple[int, int, int]] = []  # (start, end, serial) sorted
        self._long: list[tuple[int, int, int]] = []
        self._keys: dict[int, K] = {}
        self._serials: dict[K, int] = {}
        self._next = 0
        self._widest = 0
        items = list(items)
        if items:
            self._bounds = {key: (start, end) for start, end, key in items}
            self._keys = dict(enumerate(key for _, _, key in items))
            self._serials = {key: serial for serial, key in self._keys.items()}
            self._next = len(items)
            entries = [(start, end, serial) for serial, (start, end, _) in enumerate(items)]
            self._short = sorted(entry for entry in entries if entry[1] - entry[0] <= LONG)
            self._long = sorted(entry for entry in entries if entry[1] - entry[0] > LONG)
            self._widest = max((end - start for start, end, _ in self._short), default=0)

    def __len__(self) -> int:
        return len(self._bounds)

    def __contains__(self, key: object) -> bool:
        return key in self._bounds

    def bounds(self, key: K) -> tuple[int, int]:
        return self._bounds[key]

    def add(self, start: int, end: int, key: K) -> None:
        """Add (or move) `key` to [start, end)."""
        if key in self._bounds:
            self.remove(key)
        self._put(start, end, key, sort=True)

    def remove(self, key: K) -> None:
        """Forget `key` (no error if it is not there)."""
        bounds = self._bounds.pop(key, None)
        if bounds is None:
            return
        serial = self._serials.pop(key)
        del self._keys[serial]
        entry = (bounds[0], bounds[1], serial)
        target = self._long if bounds[1] - bounds[0] > LONG else self._short
        target.pop(bisect_left(target, entry))

    def overlapping(self, start: int, end: int) -> list[K]:
        """Keys whose interval overlaps [start, end), by start then end.

        An empty query range [p, p) finds the intervals that contain p.
        """
        if end == start:
            end = start + 1
        found: list[tuple[int, int, int]] = []
        short = self._short
        low = bisect_left(short, (start - self._widest, -1, -1))
        high = bisect_left(short, (end, -1, -1))
        for index in range(low, high):
            entry = short[index]
            if entry[1] > start:
                found.append(entry)
        if self._long:
            found.extend(entry for entry in self._long if entry[0] < end and entry[1] > start)
            found.sort()
        keys = self._keys
        return [keys[entry[2]] for entry in found]

    def at(self, position: int) -> list[K]:
        """Keys whose interval contains `position`."""
        return self.overlapping(position, position + 1)

    def keys(self) -> list[K]:
        """Every key, by start then end."""
        entries = sorted(self._short + self._long)
        return [self._keys[entry[2]] for entry in entries]

    def _put(self, start: int, end: int, key: K, *, sort: bool) -> None:
        serial = self._next
        self._next += 1
        self._bounds[key] = (start, end)
        self._keys[serial] = key
        self._serials[key] = serial
        entry = (start, end, serial)
        if end - start > LONG:
            target = self._long
        else:
            target = self._short
            self._widest = max(self._widest, end - start)
        if sort:
            insort(target, entry)
        else:
            target.append(entry)
