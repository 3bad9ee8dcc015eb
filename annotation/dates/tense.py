"""Tense of the clause that governs a temporal expression: from spaCy's dependency parse
(`tense_of`), or from the words alone for callers without one (`tense_in_words`).

Works with the full English pipeline and with the NER-only production pipeline, which excludes
`tagger`, `attribute_ruler` and `lemmatizer`: there `tag_`, `pos_`, `lemma_` and `morph` are
empty, so the rules lean on dependency labels and word forms and use tags only when present.
This module never imports spaCy: the caller parses (the suggester, the spaCy process).

Choices made for dating: the present perfect ('has signed') counts as PAST, 'would' as a
reported FUTURE, 'may/might/should/must' as FUTURE; a present clause that schedules ('are due
in', 'is set for', 'expects ... in') is FUTURE; a participle without auxiliary ('the bill
published in January') is PAST. Words between the expression and its verb can override the
clause: 'ahead of' / 'in the run-up to' point forward, 'since' back, 'effective' to the nearest.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

__all__ = ["Tense", "tense_in_words", "tense_of"]


def _words(text: str) -> list[str]:
    return text.split()


class Tense(StrEnum):
    """Temporal direction of a clause relative to the time of writing."""

    PAST = "PAST"
    PRESENT = "PRESENT"
    FUTURE = "FUTURE"
    UNKNOWN = "UNKNOWN"


_FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo", "would", "ll"})
_FUTURE_MODALS = frozenset({"may", "might", "must", "should"})
_PAST_AUX = frozenset({"was", "were", "had", "did", "'d"})
_PERFECT_AUX = frozenset({"has", "have", "'ve"})
_PRESENT_AUX = frozenset({"is", "are", "am", "'s", "'re", "'m", "do", "does"})
_BE = frozenset({"is", "are", "am", "was", "were", "'s", "'re", "be"})
# Heads whose infinitival complement lies ahead: "is expected to", "plans to", "set to".
_FUTURE_HEADS = frozenset(
    _words(
        "expected expect expects scheduled slated set due likely poised going plans plan planning "
        "planned aims aim aiming intends intend intending hopes hope hoping wants want seeks seek "
        "about ready unlikely bound tipped projected forecast forecasts predicted"
    )
)
# Words that make a present clause point ahead: "are due in November", "is scheduled for".
_SCHEDULE = frozenset(
    _words("due scheduled slated set expected likely poised upcoming planned tipped unlikely")
)
# Verbs of expectation: "the company expects a loss in January" speaks of what is ahead.
_EXPECT_VERBS = frozenset(
    _words(
        "expects expect plans plan aims aim hopes hope intends intend forecasts forecast predicts "
        "predict projects anticipates anticipate"
    )
)
_IRREGULAR_PAST = frozenset(
    _words(
        "said met held told took came went made gave found left won lost saw began fell rose hit "
        "struck led fled sold bought brought thought fought caught taught sought ran wrote spoke "
        "broke chose drove flew grew knew threw drew shot stood understood sent spent built kept "
        "slept meant felt paid laid heard got became swore tore wore ate sat lay rang sang sank "
        "stole froze woke shook withdrew undertook oversaw dealt stuck hung swung spun wept swept "
        "dug sprang shrank rode arose bound ground wound overcame forgot forgave beat bit hid lit "
        "fed bled sped upheld withheld mistook forsook underwent cut put let hurt shut cost "
        "spread quit bet burst cast upset split"
    )
)
_NOT_PAST = frozenset({"need", "feed", "speed", "bleed", "breed", "seed", "shed", "embed", "red"})
_PARTICIPLE_DEPS = frozenset({"acl", "amod", "advcl", "pcomp"})
_CLAUSE_DEPS = frozenset(
    {"ROOT", "ccomp", "xcomp", "advcl", "relcl", "acl", "csubj", "csubjpass", "pcomp", "parataxis"}
)
_VERB_CHILD_DEPS = frozenset(
    {
        "nsubj",
        "nsubjpass",
        "aux",
        "auxpass",
        "dobj",
        "dative",
        "agent",
        "prt",
        "acomp",
        "attr",
        "oprd",
        "xcomp",
        "ccomp",
        "expl",
        "csubj",
    }
)
# Prepositional cues on the path from the expression to its verb.
_AHEAD_WORDS = frozenset({"ahead", "run-up", "runup", "lead-up", "build-up", "eve", "anticipation"})
# 'effective Sept. 1' may lie on either side of the DCT whatever the clause: take the nearest.
_NEAREST_WORDS = frozenset({"effective"})
# 'adjourned to January 10', 'extended till Nov 30': a new date, on either side of the DCT.
_DEFERRAL_VERBS = frozenset(
    _words(
        "adjourned adjourn adjourns extended extend extends postponed postpone postpones "
        "deferred defer defers pushed moved rescheduled fixed brought advanced"
    )
)
_DEFERRAL_PREPS = frozenset({"to", "till", "until", "for", "on"})
#: Verbs that fix the date of something else: in the perfect, that something lies ahead.
_SCHEDULING_VERBS = frozenset(_words("scheduled rescheduled set slated planned called fixed"))
#: Verbs that report: their past tense does not date what they report.
_REPORTING_VERBS = frozenset(
    _words("said told announced reported added noted stated disclosed indicated confirmed")
)
#: 'as early as Tuesday', 'as soon as Friday': the earliest of what may still come.
_EARLIEST = [["as", "early", "as"], ["as", "soon", "as"]]
_MAX_STEPS = 32


def _is_verb(tok: Token) -> bool:
    """Whether a token heads a clause; tags decide when the tagger ran, the parse otherwise."""
    if tok.tag_:
        return tok.tag_.startswith("VB") or tok.tag_ == "MD"
    if tok.dep_ in {"xcomp", "ccomp", "advcl", "relcl", "csubj", "csubjpass", "pcomp"}:
        return True
    if any(c.dep_ in _VERB_CHILD_DEPS for c in tok.children):
        return True
    return tok.dep_ in {"acl", "conj", "ROOT"} and _looks_past(tok.lower_)


def _looks_past(word: str) -> bool:
    """A past form by spelling, for pipelines without a tagger."""
    if word in _IRREGULAR_PAST:
        return True
    return len(word) > 3 and word.endswith("ed") and word not in _NOT_PAST


def _governing_verb(tok: Token) -> tuple[Token | None, list[Token]]:
    """Walk up from `tok` to the nearest clause head; also return the tokens passed."""
    path: list[Token] = []
    for _ in range(_MAX_STEPS):
        if tok.dep_ in _CLAUSE_DEPS | {"conj"} and _is_verb(tok):
            return tok, path
        if tok.head.i == tok.i:
            return None, path
        path.append(tok)
        tok = tok.head
    return None, path


def _first_cue(words: Iterable[str]) -> Tense | None:
    """The first word that says where a date lies: 'ahead of Christmas' and 'in the run-up to'
    point forward; 'since' points back; 'effective' leaves it open (nearest)."""
    for word in words:
        if word in _AHEAD_WORDS:
            return Tense.FUTURE
        if word == "since":
            return Tense.PAST
        if word in _NEAREST_WORDS:
            return Tense.UNKNOWN
    return None


def _clause_tense(verb: Token, depth: int = 0) -> Tense:
    """Tense of one clause from its auxiliaries, its verb form and its controlling verb."""
    aux = [c.lower_ for c in verb.children if c.dep_ in {"aux", "auxpass"}]
    if any(a in _FUTURE_AUX for a in aux):
        return Tense.PAST if "have" in aux else Tense.FUTURE
    if any(a in _FUTURE_MODALS for a in aux):
        return Tense.PAST if "have" in aux else Tense.FUTURE
    if "to" in aux:
        return _infinitive_tense(verb, depth)
    if any(a in _PAST_AUX for a in aux):
        return Tense.PAST
    if any(a in _PERFECT_AUX for a in aux):
        # 'has scheduled a news conference Thursday': the scheduling is done, the event ahead
        return Tense.FUTURE if verb.lower_ in _SCHEDULING_VERBS else Tense.PAST
    if any(a in _PRESENT_AUX for a in aux):
        return _present_or_scheduled(verb)
    if any(a in {"can", "could"} for a in aux):
        return Tense.UNKNOWN
    return _bare_verb_tense(verb, depth)


def _infinitive_tense(verb: Token, depth: int) -> Tense:
    """'is to visit', 'expected to resume' look ahead; other infinitives follow their head."""
    head = verb.head
    if head.i == verb.i:
        return Tense.FUTURE  # headline style: "EC to organise special camps"
    if head.lower_ in _FUTURE_HEADS or head.lower_ in _BE:
        # ... unless the expectation is itself in the past perfect: 'had been scheduled to
        # expire at midnight Friday' (and was extended, or has passed)
        return Tense.PAST if _past_perfect(head) else Tense.FUTURE
    return _inherit(verb, depth)


def _past_perfect(tok: Token) -> bool:
    """Whether `tok` (or the verb an adjective like 'due' hangs on) has 'had' for auxiliary."""
    for word in (tok, tok.head) if tok.dep_ in {"acomp", "attr", "oprd"} else (tok,):
        if any(c.dep_ in {"aux", "auxpass"} and c.lower_ in {"had", "'d"} for c in word.children):
            return True
    return False


def _present_or_scheduled(verb: Token) -> Tense:
    """Present, unless the clause schedules something: 'are due in', 'is set for'."""
    if verb.lower_ in _SCHEDULE or verb.lower_ in _EXPECT_VERBS:
        return Tense.FUTURE
    if any(c.dep_ in {"acomp", "attr", "oprd"} and c.lower_ in _SCHEDULE for c in verb.children):
        return Tense.FUTURE
    return Tense.PRESENT


def _bare_verb_tense(verb: Token, depth: int) -> Tense:
    """Tense of a verb without auxiliaries, from its tag or, failing that, its spelling."""
    tag, word = verb.tag_, verb.lower_
    if verb.dep_ == "conj":
        # 'will meet and sign' shares the auxiliary; 'X happened, stopped' has its own tense
        own = (_tag_tense(verb) or Tense.UNKNOWN) if tag else _form_tense(verb)
        has_subject = any(c.dep_ in {"nsubj", "nsubjpass"} for c in verb.children)
        if own is Tense.PAST or (has_subject and own is not Tense.UNKNOWN):
            return own
        inherited = _inherit(verb, depth)
        return own if inherited is Tense.UNKNOWN else inherited
    if verb.dep_ in _PARTICIPLE_DEPS:
        if tag == "VBN" or (not tag and _looks_past(word)):
            # 'the bill published in January' happened; 'the talks scheduled for May' lie ahead
            return Tense.FUTURE if word in _SCHEDULE else Tense.PAST
        if tag in {"VBG", ""} and (tag or word.endswith("ing")):
            return _inherit(verb, depth)
    if tag:
        return _tag_tense(verb) or _inherit(verb, depth)
    if word.endswith("ing"):
        return _inherit(verb, depth)
    return _form_tense(verb)


def _tag_tense(verb: Token) -> Tense | None:
    """Tense from a fine-grained tag, when the tagger ran; None for base forms."""
    if verb.tag_ in {"VBD", "VBN"}:
        return Tense.PAST
    if verb.tag_ in {"VBZ", "VBP"}:
        return _present_or_scheduled(verb)
    return None


def _form_tense(verb: Token) -> Tense:
    """Tense from the word form alone."""
    word = verb.lower_
    if word in {"was", "were", "had", "did"} or _looks_past(word):
        return Tense.PAST
    if word in _BE or word.endswith("s") or any(c.dep_ == "nsubj" for c in verb.children):
        return _present_or_scheduled(verb)
    return Tense.UNKNOWN


def _inherit(verb: Token, depth: int) -> Tense:
    """Tense of the clause above: shared auxiliaries of conjuncts, participial modifiers."""
    if depth > 4 or verb.head.i == verb.i:
        return Tense.UNKNOWN
    upper, _ = _governing_verb(verb.head)
    if upper is None or upper.i == verb.i:
        return Tense.UNKNOWN
    return _clause_tense(upper, depth + 1)


def tense_of(span: Span) -> Tense:
    """Tense of the clause governing `span` (a temporal expression in a parsed Doc), or the
    direction given by a cue on the way to it ('ahead of Christmas' is FUTURE)."""
    verb, path = _governing_verb(span.root)
    cue = _first_cue(t.lower_ for t in path if t.i < span.start or t.i >= span.end)
    if cue is not None:
        return cue
    if verb is None:
        return Tense.UNKNOWN
    if path and path[-1].lower_ in _DEFERRAL_PREPS and verb.lower_ in _DEFERRAL_VERBS:
        return Tense.UNKNOWN
    tense = _clause_tense(verb)
    if tense is Tense.PRESENT and span.root.dep_ == "poss":
        return Tense.UNKNOWN  # 'follows Tuesday's declaration': the noun's event is on record
    before = [t.lower_ for t in span.doc[max(span.start - 3, 0) : span.start]]
    if before in _EARLIEST and (tense is not Tense.PAST or verb.lower_ in _REPORTING_VERBS):
        return Tense.FUTURE  # 'could come as early as Tuesday', 'said ... as early as Tuesday'
    return tense


# -- from the words alone -----------------------------------------------------------------------

_TOKEN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*|'[a-z]+|[;:]")
_CLAUSE_BREAKS = frozenset({";", ":"})
_WORD_FUTURE = _FUTURE_AUX | _FUTURE_MODALS | {"'ll", "shall"}
_WORD_PRESENT = frozenset({"is", "are", "am", "does", "do", "'re", "'m"})
#: how many words before the expression a cue such as 'since' or 'ahead of' may stand
_CUE_REACH = 3
#: words inside a verb group, between its first auxiliary and its verb: 'will not be held'
_GROUP_INNER = frozenset(
    _words("be been being have not n't never also already still just now yet ever soon")
)
_GROUP_HEADS = _WORD_FUTURE | _PAST_AUX | _PERFECT_AUX | _WORD_PRESENT | {"to"}


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower().replace("’", "'"))


def _word_tense(words: list[str], i: int) -> Tense | None:
    """The tense a word marks in its verb group, or None when it marks none."""
    word = words[i]
    after = words[i + 1] if i + 1 < len(words) else ""
    if word in _WORD_FUTURE:
        return Tense.PAST if after == "have" else Tense.FUTURE
    if word == "to" and i > 0 and (words[i - 1] in _FUTURE_HEADS or words[i - 1] in _BE):
        return Tense.FUTURE
    if word in _PAST_AUX:
        return Tense.PAST
    if word in _PERFECT_AUX:
        return Tense.FUTURE if after in _SCHEDULING_VERBS else Tense.PAST
    if word in _WORD_PRESENT:
        return Tense.FUTURE if after in _SCHEDULE or after in _EXPECT_VERBS else Tense.PRESENT
    if word in _SCHEDULE or word in _EXPECT_VERBS:
        return Tense.FUTURE
    if _looks_past(word) or word in {"be", "been", "being"}:
        # the group's first auxiliary decides: 'will be held', 'is being built', 'to be held'
        j = i - 1
        while j >= 0 and words[j] in _GROUP_INNER:
            j -= 1
        if j >= 0 and words[j] in _GROUP_HEADS:
            return _word_tense(words, j)
        return None if word in {"be", "being"} else Tense.PAST
    return None


@lru_cache(maxsize=4096)
def tense_in_words(sentence: str, expression: str) -> Tense:
    """Tense around the first occurrence of `expression` in `sentence`, from its words alone.

    For callers that have only a sentence string (no parse): the nearest word that marks a
    tense in the same clause ('will', 'was', 'has', a past form, 'is due'), looking back from
    the expression first, then ahead ('On Friday, police said'). Cues right before it win as
    in `tense_of` ('ahead of', 'since', 'effective'). Cruder than the parse: callers with a
    parse pass `tense_of` instead.
    """
    at = sentence.lower().find(expression.lower())
    if at < 0 or not expression.strip():
        return Tense.UNKNOWN
    words = _tokens(sentence)
    first = len(_tokens(sentence[:at]))
    last = first + len(_tokens(expression))
    cue = _first_cue(reversed(words[max(first - _CUE_REACH, 0) : first]))
    if cue is not None:
        return cue
    low = max((i + 1 for i in range(first) if words[i] in _CLAUSE_BREAKS), default=0)
    high = next((i for i in range(last, len(words)) if words[i] in _CLAUSE_BREAKS), len(words))
    possessive = last < len(words) and words[last] == "'s"
    earliest = words[max(first - 3, 0) : first] in _EARLIEST
    for i in [*range(first - 1, low - 1, -1), *range(last, high)]:
        found = _word_tense(words, i)
        if found is None:
            continue
        if earliest and (found is not Tense.PAST or words[i] in _REPORTING_VERBS):
            return Tense.FUTURE
        return Tense.UNKNOWN if possessive and found is Tense.PRESENT else found
    return Tense.FUTURE if earliest else Tense.UNKNOWN
