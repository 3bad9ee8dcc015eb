"""The training loop: spaCy's ner learns the schema's labels, and from rejected suggestions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import spacy
from spacy.tokens import Span
from spacy.training import Example

from annotation.formats.base import text_uid
from annotation.suggest import load_suggester
from annotation.training import TrainOptions
from annotation.training.registry import read_model
from annotation.training.trainer import prepare_ner, train, use_negatives
from tests.annotation.training.projects import DOCUMENTS

TEXT = "I like London."


def _london_model(negatives: bool) -> tuple[Any, Any]:
    """A blank ner that has learnt London as LOC, told (or not) to read negatives."""
    spacy.util.fix_random_seed(0)  # type: ignore[attr-defined]
    nlp = spacy.blank("en")
    ner: Any = nlp.add_pipe("ner")
    if negatives:
        use_negatives(ner)
    positive = [Example.from_dict(nlp.make_doc(TEXT), {"entities": [(7, 13, "LOC")]})]
    optimizer = nlp.initialize(lambda: positive)
    for _ in range(30):
        nlp.update(positive, sgd=optimizer)
    assert [(e.text, e.label_) for e in nlp(TEXT).ents] == [("London", "LOC")]
    return nlp, optimizer


def _rejected_london(nlp: Any) -> Example:
    """What a rejected suggestion in a half-annotated document says: not this, rest unknown."""
    doc = nlp.make_doc(TEXT)
    example = Example(doc, doc.copy())
    example.reference.set_ents([], default="missing")
    example.reference.spans["incorrect_spans"] = [Span(example.reference, 2, 3, "LOC")]
    return example


def test_use_negatives_makes_spacys_ner_learn_from_rejected_spans() -> None:
    for negatives, still_found in ((True, False), (False, True)):
        nlp, optimizer = _london_model(negatives)
        losses: dict[str, float] = {}
        for _ in range(30):
            nlp.update([_rejected_london(nlp)], sgd=optimizer, losses=losses)
        assert bool(losses["ner"] > 0) is negatives
        assert bool(nlp(TEXT).ents) is still_found


def test_the_negatives_setting_survives_saving_and_loading(tmp_path: Path) -> None:
    nlp, _ = _london_model(negatives=False)
    prepare_ner(nlp, [], ["LOC"], {})
    nlp.to_disk(tmp_path / "model")
    loaded: Any = spacy.load(tmp_path / "model").get_pipe("ner")
    assert loaded.moves.neg_key == "incorrect_spans"
    assert loaded.cfg["incorrect_spans_key"] == "incorrect_spans"


def test_a_new_label_starts_from_the_weights_of_the_labels_mapped_to_it() -> None:
    nlp, _ = _london_model(negatives=False)
    ner: Any = nlp.get_pipe("ner")
    prepare_ner(nlp, [], ["Location", "Weapon"], {"LOC": "Location"})
    rows = {ner.moves.get_class_name(i): i for i in range(ner.moves.n_moves)}
    weights = ner.model.get_ref("upper").get_param("W")
    assert (weights[rows["U-Location"]] == weights[rows["U-LOC"]]).all()
    assert not (weights[rows["U-Weapon"]] == weights[rows["U-LOC"]]).all()
    # so the renamed label is found before any training on it
    assert [(e.text, e.label_) for e in nlp(TEXT).ents] in (
        [("London", "LOC")],
        [("London", "Location")],
    )


def test_a_project_with_labels_of_its_own_trains_and_is_saved_with_its_scores(
    arms_project: Path, tmp_path: Path
) -> None:
    output = tmp_path / "model"
    stages: list[str] = []
    options = TrainOptions(arms_project, share=0.75, max_steps=40)
    record = train(options, output, "dateline_arms", 1, lambda stage, *_: stages.append(stage))
    assert stages[0] == "Reading the done documents" and "Training" in stages
    assert record["steps"] == 40
    rejected = {
        text_uid(t) for t, _ in DOCUMENTS if t.split()[0] in ("Rebels", "Fighters", "Police")
    }
    assert record["negatives"] == len(rejected & set(record["train_documents"])) > 0
    assert len(record["train_documents"]) == 6 and len(record["held_out_documents"]) == 2
    assert record["base"] == "en_blank_test 0.1.0"
    model = read_model(output)
    assert model is not None and model.origin == "model:en_dateline_arms@1"
    assert model.scores.documents == 2 and model.scores.overall.support > 0
    assert {s.label for s in model.scores.labels} <= {"Person", "Weapon"}
    meta = orjson.loads((output / "meta.json").read_bytes())
    assert set(meta["performance"]) >= {"ents_p", "ents_r", "ents_f", "ents_per_type"}
    # the blank pipeline suggested nothing: the model is compared with it on the same documents
    assert model.baseline is not None and model.baseline.overall.tp == 0
    assert (output / "corpus" / "train.spacy").is_file()
    suggester = load_suggester(str(output))
    assert suggester.origin == "model:en_dateline_arms@1"
    doc = suggester.nlp("Colonel Ahmed fired AK-47 rifles.")
    assert ("AK-47 rifles", "Weapon") in [(e.text, e.label_) for e in doc.ents]
