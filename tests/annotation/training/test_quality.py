"""Suggestion quality per model version and label, from what the analysts decided."""

from __future__ import annotations

from annotation.commands import Accept, AddSpan, Reject, Relabel
from annotation.model import NewSpan
from annotation.session import Session
from annotation.stats import project_stats
from annotation.suggest import save_suggestions
from annotation.training.quality import suggestion_quality
from tests.annotation.conftest import SAMPLE, add_document
from tests.annotation.training.projects import ruler

PATTERNS = [
    {"label": "PERSON", "pattern": "Narendra Modi"},
    {"label": "PERSON", "pattern": "Lee Jae-myung"},
    {"label": "GPE", "pattern": "South Africa"},
    {"label": "ORG", "pattern": "Seoul"},
]


def test_precision_and_misses_per_model_and_label(session: Session) -> None:
    model = ruler("old_model", PATTERNS)
    document_id = add_document(session.store)
    save_suggestions(session, model.suggest([session.store.document(document_id)]), model.origin)
    by_text = {SAMPLE[s.start : s.end]: s for s in session.store.spans(document_id)}
    session.execute(Accept(by_text["Narendra Modi"].id))
    session.execute(Reject(by_text["Lee Jae-myung"].id))
    session.execute(Relabel(by_text["Seoul"].id, "GPE"))  # the model said ORG
    start = SAMPLE.index("KASA")
    session.execute(AddSpan(document_id, NewSpan(start, start + 4, "ORG")))

    (found,) = suggestion_quality(session.store)
    assert found.origin == "model:en_old_model@1.0.0" and found.title == "en_old_model 1.0.0"
    person, gpe, org = found.labels["PERSON"], found.labels["GPE"], found.labels["ORG"]
    assert (person.kept, person.rejected, person.precision) == (1, 1, 0.5)
    assert (gpe.pending, gpe.precision) == (1, None)
    assert (org.edited, org.added, org.missed, org.precision) == (1, 1, 2, 0.0)
    assert (found.overall.decided, found.overall.missed) == (3, 2)
    (day,) = found.days.values()
    assert (day.kept, day.decided) == (1, 3)
    text = project_stats(session.store)
    assert "en_old_model 1.0.0: 1 / 1 / 1 / 1  precision 33.3%  missed 2" in text
    assert "PERSON            1 / 0 / 1 / 0  precision 50.0%  missed 0" in text


def test_an_analysts_span_before_the_model_ran_is_not_its_miss(session: Session) -> None:
    document_id = add_document(session.store)
    session.execute(AddSpan(document_id, NewSpan(0, 13, "PERSON")))
    model = ruler("late_model", PATTERNS[2:])
    save_suggestions(session, model.suggest([session.store.document(document_id)]), model.origin)
    (found,) = suggestion_quality(session.store)
    assert found.overall.added == 0
