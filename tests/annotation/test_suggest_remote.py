"""The window's spaCy runs in a child process: same answers as in-process, cancellable, closable."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from annotation.model import Document
from annotation.schema import load_schema
from annotation.suggest import SuggestError
from annotation.suggest.remote import NlpProcess, RemoteSuggester, load_named
from annotation.tokens import tokenize

TEXT = (
    "Prime Minister Narendra Modi met President Lee Jae-myung in Johannesburg on Saturday,"
    " and the two sides will sign an agreement on Friday."
)


@pytest.fixture(scope="module")
def remote() -> Iterator[RemoteSuggester]:
    process = NlpProcess()
    try:
        yield process.load()
    finally:
        process.close()


def documents(count: int) -> list[Document]:
    return [Document(i, f"u{i}", TEXT, published="2025-11-23") for i in range(1, count + 1)]


def test_suggestions_from_the_child_equal_those_computed_here(remote: RemoteSuggester) -> None:
    here = load_named(None, None)
    events = load_schema().events
    wanted = list(here.suggest(documents(3), events=events))
    got = list(remote.suggest(documents(3), events=events))
    assert got == wanted
    assert remote.origin == here.origin and remote.version == here.version
    labels = {s.label for s in got[0][1]}
    assert {"PERSON", "GPE", "DATE", "MEET"} <= labels
    saturday = next(s for s in got[0][1] if TEXT[s.start : s.end] == "Saturday")
    assert saturday.value == "2025-11-22"


def test_tokens_and_calendar_values_come_from_the_child(remote: RemoteSuggester) -> None:
    assert remote.tokenize(TEXT, "en") == tokenize(TEXT, "en")
    friday = TEXT.index("Friday")
    # 'will sign ... on Friday': future tense, so the coming Friday, not the last one
    assert remote.line_value(TEXT, friday, friday + 6, date(2025, 11, 23)) == "2025-11-28"


def test_a_cancelled_run_stops_and_the_next_run_gets_only_its_own_results(
    remote: RemoteSuggester,
) -> None:
    got: list[int] = []
    for document_id, _ in remote.suggest(documents(60), cancelled=lambda: len(got) >= 2):
        got.append(document_id)
    assert 2 <= len(got) < 60
    again = [document_id for document_id, _ in remote.suggest(documents(2)[1:])]
    assert again == [2]


def test_a_closed_process_answers_with_a_suggest_error() -> None:
    process = NlpProcess()
    assert len(process.tokenize("Tokens come before any pipeline is loaded.")) == 8
    suggester = process.load("xx_no_such_pipeline_installed")  # falls back to the default
    assert "xx_no_such_pipeline_installed" in suggester.notice
    process.close()
    with pytest.raises(SuggestError):
        suggester.tokenize("Hello there.")
    with pytest.raises(SuggestError):
        list(suggester.suggest(documents(1)))
