"""Code points <-> UTF-16: the converter agrees with Python's encoder and with Qt itself."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QTextCursor, QTextDocument

from desktop.positions import Positions, utf16_length

#: Letters from the scripts analysts meet: emoji (astral, flags, ZWJ), Devanagari with vowel
#: signs, Hangul syllables and jamo, combining marks, Latin with diacritics.
ALPHABET = st.sampled_from(
    [
        *"aZ .,\n",
        *["🚀", "🇮", "🇳", "🤝", "🛰", "\ufe0f", "\u200d", "👩", "🔬", "𝔘", "𠀋"],
        *"अनन्या देशपांडे",
        *"박서연김도현",
        *["\u1100", "\u1161", "\u11a8"],
        *["\u0301", "\u0308", "é", "ņ", "ė"],
    ]
)
TEXTS = st.text(alphabet=ALPHABET, max_size=60)


def reference_utf16(text: str, cp: int) -> int:
    return len(text[:cp].encode("utf-16-le")) // 2


@given(TEXTS)
def test_to_utf16_counts_what_the_encoder_counts(text: str) -> None:
    positions = Positions(text)
    assert positions.utf16_length == utf16_length(text) == len(text.encode("utf-16-le")) // 2
    for cp in range(len(text) + 1):
        assert positions.to_utf16(cp) == reference_utf16(text, cp)


@given(TEXTS)
def test_round_trip_is_identity_on_character_boundaries(text: str) -> None:
    positions = Positions(text)
    for cp in range(len(text) + 1):
        assert positions.to_code_point(positions.to_utf16(cp)) == cp


@given(TEXTS)
def test_positions_inside_a_surrogate_pair_round_down_and_ranges_cover_it(text: str) -> None:
    positions = Positions(text)
    for cp, char in enumerate(text):
        if ord(char) > 0xFFFF:
            u16 = positions.to_utf16(cp)
            assert positions.to_code_point(u16 + 1) == cp
            assert positions.range_to_code_points(u16, u16 + 1) == (cp, cp + 1)


@settings(max_examples=60, deadline=None)
@given(TEXTS, st.data())
def test_qt_selects_exactly_the_code_point_range(text: str, data: st.DataObject) -> None:
    """Through a real QTextDocument: selecting the converted range yields the same text."""
    document = QTextDocument()
    document.setPlainText(text)
    positions = Positions(text)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    cursor = QTextCursor(document)
    cursor.setPosition(positions.to_utf16(start))
    cursor.setPosition(positions.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
    # Qt reports paragraph breaks as U+2029 in selections
    assert cursor.selectedText() == text[start:end].replace("\n", "\u2029")
    assert positions.range_to_code_points(cursor.selectionStart(), cursor.selectionEnd()) == (
        start,
        end,
    )


def test_plain_text_maps_one_to_one() -> None:
    positions = Positions("Seoul, Dec 6 (IANS)")
    assert positions.identity
    assert positions.to_utf16(7) == 7 and positions.to_code_point(7) == 7


def test_emoji_devanagari_and_hangul_by_hand() -> None:
    text = "🚀 अनन्या met 박서연 🇮🇳!"
    positions = Positions(text)
    rocket_end = positions.to_utf16(1)
    assert rocket_end == 2
    hangul = text.index("박서연")
    assert positions.to_utf16(hangul) == hangul + 1  # one astral character before it
    flag = text.index("🇮🇳")
    assert positions.to_utf16(flag + 2) == flag + 1 + 4  # two regional indicators, 2 units each
    assert positions.to_code_point(positions.to_utf16(len(text))) == len(text)
