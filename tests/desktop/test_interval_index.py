"""The interval index answers exactly what a scan over all intervals answers."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from desktop.interval_index import LONG, IntervalIndex

INTERVALS = st.lists(
    st.tuples(st.integers(0, 3000), st.integers(1, 40) | st.integers(LONG, LONG * 3)),
    max_size=40,
)


def brute(items: dict[int, tuple[int, int]], start: int, end: int) -> list[int]:
    end = max(end, start + 1)
    hits = [(s, e, k) for k, (s, e) in items.items() if s < end and e > start]
    return [k for _s, _e, k in sorted(hits)]


@given(INTERVALS, st.integers(0, 3500), st.integers(0, 600))
def test_overlapping_matches_a_scan(raw: list[tuple[int, int]], start: int, width: int) -> None:
    items = {key: (s, s + length) for key, (s, length) in enumerate(raw)}
    index = IntervalIndex((s, e, key) for key, (s, e) in items.items())
    assert index.overlapping(start, start + width) == brute(items, start, start + width)


@given(INTERVALS, st.lists(st.integers(0, 39), max_size=20), st.integers(0, 3500))
def test_adding_and_removing_keeps_answers_exact(
    raw: list[tuple[int, int]], removed: list[int], start: int
) -> None:
    items: dict[int, tuple[int, int]] = {}
    index: IntervalIndex = IntervalIndex()
    for key, (s, length) in enumerate(raw):
        index.add(s, s + length, key)
        items[key] = (s, s + length)
    for key in removed:
        index.remove(key)
        items.pop(key, None)
    for key in list(items)[:3]:  # move a few
        s, e = items[key]
        index.add(s + 7, e + 7, key)
        items[key] = (s + 7, e + 7)
    assert len(index) == len(items)
    assert index.overlapping(start, start + 50) == brute(items, start, start + 50)
    assert index.at(start) == brute(items, start, start + 1)
    assert sorted(index.keys()) == sorted(items)
