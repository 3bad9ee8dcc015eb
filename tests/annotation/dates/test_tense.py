"""Tests for annotation.dates.tense: hand-built parses without a model, the installed pipeline,
then the words alone."""

from __future__ import annotations

from typing import Any

import pytest

from annotation.dates.tense import Tense, tense_in_words, tense_of
from annotation.suggest.loading import DEFAULT_PIPELINES

spacy = pytest.importorskip("spacy")
from spacy.tokens import Doc  # noqa: E402


def _doc(words: list[str], heads: list[int], deps: list[str]) -> Doc:
    """A parsed Doc without a model: dependency labels only, as in the NER-only pipeline."""
    return Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps)


def test_tense_of_future_aux_on_hand_built_parse() -> None:
    # Parliament will vote on Tuesday
    doc = _doc(
        ["Parliament", "will", "vote", "on", "Tuesday"],
        [2, 2, 2, 2, 3],
        ["nsubj", "aux", "ROOT", "prep", "pobj"],
    )
    assert tense_of(doc[4:5]) is Tense.FUTURE


def test_tense_of_past_form_without_tags() -> None:
    # Polls closed on Sunday
    doc = _doc(["Polls", "closed", "on", "Sunday"], [1, 1, 1, 2], ["nsubj", "ROOT", "prep", "pobj"])
    assert tense_of(doc[3:4]) is Tense.PAST


def test_tense_of_infinitive_under_expected_is_future() -> None:
    # Talks are expected to resume next week
    doc = _doc(
        ["Talks", "are", "expected", "to", "resume", "next", "week"],
        [2, 2, 2, 4, 2, 6, 4],
        ["nsubjpass", "auxpass", "ROOT", "aux", "xcomp", "amod", "npadvmod"],
    )
    assert tense_of(doc[5:7]) is Tense.FUTURE


def test_tense_of_no_verb_is_unknown() -> None:
    doc = _doc(["Seoul", ",", "Dec", "6"], [0, 0, 0, 2], ["ROOT", "punct", "appos", "nummod"])
    assert tense_of(doc[2:4]) is Tense.UNKNOWN


@pytest.fixture(scope="module", params=["full", "ner_only"])
def nlp(request: pytest.FixtureRequest) -> Any:
    """The installed pipeline with and without the tagger (production runs without it)."""
    exclude = ["lemmatizer", "ner"]
    if request.param == "ner_only":
        exclude += ["tagger", "attribute_ruler"]
    for name in DEFAULT_PIPELINES:
        try:
            return spacy.load(name, exclude=exclude)
        except OSError:
            continue
    pytest.skip("no English spaCy pipeline installed")


F, P, NOW, U = Tense.FUTURE, Tense.PAST, Tense.PRESENT, Tense.UNKNOWN
#: sentence, expression, its tense from the installed pipeline's parse and from the words alone
#: (None: not a case for that reader)
CASES: list[tuple[str, str, Tense | None, Tense | None]] = [
    ("The two leaders will meet in Seoul on Sunday to sign the agreement.", "Sunday", F, None),
    ("The delegation is scheduled to visit New Delhi on Wednesday.", "Wednesday", F, None),
    ("Talks are expected to resume next week.", "next week", F, F),
    ("The PM is to visit Japan on Wednesday.", "Wednesday", F, None),
    ("The state assembly elections are due in November.", "November", F, F),
    ("The minister said he would resign on Friday.", "Friday", F, F),
    ("Shops reported brisk sales ahead of Christmas.", "Christmas", F, F),
    ("The court on Thursday rejected the bail plea of the accused.", "Thursday", P, None),
    ("Polls were held on Sunday amid tight security.", "Sunday", P, None),
    ("The leaders had met on Nov 22 in Johannesburg.", "Nov 22", P, None),
    ("The ruling party won the bypoll held on Sunday.", "Sunday", P, None),
    ("Police said on Friday that three suspects had been arrested.", "Friday", P, None),
    ("Prices have risen sharply since January.", "January", P, P),
    ("The press conference is at 2 pm.", "2 pm", NOW, NOW),
    ("The two sides are now working on a roadmap.", "now", NOW, None),
    # future cues beat the past tense of a reporting verb
    ("Officials said the vote could come as early as Tuesday.", "Tuesday", F, F),
    ("The regulator has scheduled a hearing Thursday.", "Thursday", F, F),
    ("The tender offer had been scheduled to expire Friday.", "Friday", P, None),
    ("The rally follows Monday's vote in parliament.", "Monday", U, U),
    ("Prices climbed as early as Monday, traders said.", "Monday", P, P),
    # the words alone
    ("Parliament will vote on the bill on Tuesday.", "Tuesday", None, F),
    ("Exports rose 6 per cent last month.", "last month", None, P),
    ("On Friday, police said three suspects had been arrested.", "Friday", None, P),
    ("The hearing was adjourned; it resumes on Monday.", "Monday", None, U),
    ("The ferry will be held in port until Friday.", "Friday", None, F),
]


@pytest.mark.model
@pytest.mark.parametrize(
    ("sentence", "expression", "tense"), [(s, e, t) for s, e, t, _ in CASES if t is not None]
)
def test_tense_of_with_installed_pipeline(
    nlp: Any, sentence: str, expression: str, tense: Tense
) -> None:
    doc = nlp(sentence)
    start = sentence.index(expression)
    span = doc.char_span(start, start + len(expression), alignment_mode="expand")
    assert tense_of(span) is tense


@pytest.mark.parametrize(
    ("sentence", "expression", "tense"), [(s, e, t) for s, e, _, t in CASES if t is not None]
)
def test_tense_in_words_reads_the_nearest_marker_in_the_clause(
    sentence: str, expression: str, tense: Tense
) -> None:
    assert tense_in_words(sentence, expression) is tense


def test_tense_in_words_missing_expression_is_unknown() -> None:
    assert tense_in_words("Nothing temporal here.", "Tuesday") is Tense.UNKNOWN
