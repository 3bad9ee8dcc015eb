"""The search box's syntax as FTS5 MATCH expressions: never a syntax error."""

from __future__ import annotations

import sqlite3

from hypothesis import given
from hypothesis import strategies as st

from annotation.store.fts_query import filter_expression, match_expression


def test_match_expression_makes_phrases_operators_and_prefixes() -> None:
    assert match_expression("Narendra Modi") == '"Narendra Modi"'
    assert match_expression("Modi OR Shah") == '"Modi" OR "Shah"'
    assert match_expression('"Lee Jae-myung" AND Seoul') == '"Lee Jae-myung" AND "Seoul"'
    assert match_expression("Narendra Mod*") == '"Narendra Mod" *'
    assert match_expression("OR Seoul NOT") == '"Seoul"'
    assert match_expression("Seoul", column="text") == 'text : ("Seoul")'
    assert match_expression('say "hi"') == '"say" "hi"'
    assert match_expression("--- ...") is None and match_expression("") is None


def test_filter_expression_ands_words_and_the_last_may_be_begun() -> None:
    assert filter_expression("mombasa po") == '"mombasa" AND "po" *'
    assert filter_expression(" , ") is None


@given(st.text(max_size=40))
def test_any_typed_text_is_a_valid_match_expression(typed: str) -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(title, text)")
    conn.execute("INSERT INTO t VALUES ('a title', 'some text')")
    for expression in (match_expression(typed, column="text"), filter_expression(typed)):
        if expression is not None:
            conn.execute("SELECT rowid FROM t WHERE t MATCH ?", (expression,)).fetchall()
