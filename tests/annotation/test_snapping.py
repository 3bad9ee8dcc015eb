"""Gesture boundaries: snapping to tokens, growing and shrinking by a token, the word fallback."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotation.snapping import snap, step, trim, word_at, word_tokens

TEXT = "KASA and ISRO signed an MoU in Seoul.\nLee Jae-myung met Modi."


def test_word_tokens_are_words_and_punctuation() -> None:
    tokens = word_tokens("Jae-myung met Modi.")
    words = [("Jae-myung met Modi."[s:e]) for s, e in zip(tokens.starts, tokens.ends, strict=True)]
    assert words == ["Jae", "-", "myung", "met", "Modi", "."]
    assert tokens.spaces == (False, False, True, True, False, False)


def test_snap_grows_a_drag_over_parts_of_two_words_to_both_words() -> None:
    tokens = word_tokens(TEXT)
    start = TEXT.index("SRO")  # from inside "ISRO"
    end = TEXT.index("igned") + 2  # into "signed"
    assert snap(TEXT, tokens, start, end) == (TEXT.index("ISRO"), TEXT.index("signed") + 6)


def test_snap_keeps_characters_when_precise_and_trims_whitespace() -> None:
    tokens = word_tokens(TEXT)
    start = TEXT.index(" ISRO")
    assert snap(TEXT, tokens, start, start + 4, precise=True) == (start + 1, start + 4)
    assert snap(TEXT, tokens, 4, 5) is None  # a lone space
    assert trim(TEXT, 3, 9) == (3, 8)


def test_word_at_finds_the_token_under_a_position() -> None:
    tokens = word_tokens(TEXT)
    seoul = TEXT.index("Seoul")
    assert word_at(tokens, seoul + 2) == (seoul, seoul + 5)
    assert word_at(tokens, TEXT.index(" in")) is None


def test_step_grows_and_shrinks_one_token_at_either_edge() -> None:
    tokens = word_tokens(TEXT)
    mou = TEXT.index("MoU")
    span = (mou, mou + 3)
    assert step(TEXT, tokens, *span, "end", grow=True) == (mou, TEXT.index(" Seoul"))
    assert step(TEXT, tokens, *span, "start", grow=True) == (TEXT.index("an MoU"), mou + 3)
    grown = (TEXT.index("an MoU"), mou + 3)
    assert step(TEXT, tokens, *grown, "start", grow=False) == span
    assert step(TEXT, tokens, *grown, "end", grow=False) == (grown[0], grown[0] + 2)
    assert step(TEXT, tokens, *span, "end", grow=False) is None  # one token cannot shrink


def test_step_never_grows_across_a_line_break_or_past_the_text() -> None:
    tokens = word_tokens(TEXT)
    dot = TEXT.index(".\n")
    assert step(TEXT, tokens, dot, dot + 1, "end", grow=True) is None
    assert step(TEXT, tokens, 0, 4, "start", grow=True) is None
    last = len(TEXT) - 1
    assert step(TEXT, tokens, last, last + 1, "end", grow=True) is None


@given(st.text(alphabet="ab -.\n😀अ", max_size=30), st.integers(0, 30), st.integers(0, 30))
def test_snap_result_covers_the_selection_on_token_boundaries(text: str, a: int, b: int) -> None:
    start, end = sorted((min(a, len(text)), min(b, len(text))))
    tokens = word_tokens(text)
    snapped = snap(text, tokens, start, end)
    if snapped is None:
        assert not text[start:end].strip()
        return
    low, high = snapped
    assert 0 <= low < high <= len(text)
    assert low <= start + (len(text[start:end]) - len(text[start:end].lstrip()))
    assert not text[low].isspace() and not text[high - 1].isspace()


def test_word_tokens_keep_combining_marks_with_their_letters() -> None:
    text = "अनन्या देशपांडे met 박서연, e\u0301lan."
    tokens = word_tokens(text)
    words = [text[s:e] for s, e in zip(tokens.starts, tokens.ends, strict=True)]
    assert words == ["अनन्या", "देशपांडे", "met", "박서연", ",", "e\u0301lan", "."]


def test_neighbour_is_the_next_or_previous_word_past_line_breaks() -> None:
    from annotation.snapping import neighbour

    text = "Seoul, Dec 6\n\nIndian envoy"
    tokens = word_tokens(text)
    assert neighbour(text, tokens, 0, 5, 1) == (5, 6)  # the comma
    assert neighbour(text, tokens, 7, 10, -1) == (5, 6)
    assert neighbour(text, tokens, 11, 12, 1) == (14, 20)  # "Indian", after the blank line
    assert neighbour(text, tokens, 0, 5, -1) is None
    assert neighbour(text, tokens, 21, 26, 1) is None
