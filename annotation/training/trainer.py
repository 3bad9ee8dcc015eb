"""Training an entity recogniser on a project's done documents (runs in a child process).

spaCy's own machinery does the work: reference Docs made by the `.spacy` export's `make_doc`,
stored as `DocBin`s beside the model, `Example`s, `nlp.update` with spaCy's Adam optimiser and
`minibatch`. Only `ner` is updated; the rest of the base pipeline (the parser, whose sentences
and dependencies the suggester's calendar values and suggested events need) is kept as it is.

Two starts, chosen with `base`:
- **current** (the default): the project's pipeline, its `ner` fine-tuned. Where the schema's
  `[label_map]` says what a pipeline label is called here (`GPE -> Location`), the new label
  starts from the old one's output weights, so the model keeps what it knew under the new
  name from the first step. On re3d this start beats a blank `ner` at every amount of data
  (bench/learning.py, bench/RESULTS.md).
- **blank**: the same pipeline with a new `ner` (for a schema with nothing in common with the
  pipeline's labels).

Rejected suggestions are known-wrong spans (`incorrect_spans`). spaCy's `ner` reads them only
when its `incorrect_spans_key` is set, and a pipeline loaded from disk takes that setting from
the saved component, not from a config override (`spacy.load(..., config=...)` leaves it None):
so it is set on the component and its transition system here (`use_negatives`), and saved with
the model.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotation.formats.alignment import AlignmentIssue
from annotation.formats.base import DocumentData
from annotation.formats.docbin import INCORRECT_SPANS_KEY
from annotation.model import Document, SpanStatus
from annotation.rules import TODO
from annotation.schema import Schema
from annotation.store import now
from annotation.training.corpus import (
    Corpus,
    TrainingError,
    build_corpus,
    negatives,
    paragraphs,
    reference_docs,
    trainable,
)
from annotation.training.ordering import RANK_LIMIT, expected_errors, save_priorities
from annotation.training.registry import META_KEY, model_for_setting
from annotation.training.scoring import Scores, Triple, score

log = logging.getLogger("annotation.training")

#: (stage, done, total, loss): what the trainer tells whoever waits for it.
Report = Callable[[str, int, int, float | None], None]

BASES = ("current", "blank")
#: Report the loss every this many steps.
_REPORT_EVERY = 10


@dataclass(frozen=True)
class TrainOptions:
    """One training run: the project, where to start, the split and how long to train."""

    project: Path
    #: "current" (the project's pipeline, fine-tuned), "blank" (a new ner), or a pipeline name
    base: str = "current"
    #: the share of done documents learnt from; the rest are held out and scored
    share: float = 0.8
    seed: int = 0
    max_steps: int = 600
    batch_size: int = 8
    dropout: float = 0.2
    learn_rate: float = 0.001
    #: uids of done documents to hold out instead of a share (a fixed test set)
    held_out: tuple[str, ...] = ()


def train(
    options: TrainOptions, output: Path, name: str, version: int, report: Report
) -> dict[str, Any]:
    """Train, score and save a model into `output` (an empty folder); its Dateline record."""
    from spacy.training import Example
    from spacy.util import fix_random_seed, minibatch  # type: ignore[attr-defined]

    started = time.perf_counter()
    report("Reading the done documents", 0, 0, None)
    corpus, schema, setting, to_do = _read_project(options)
    report("Loading the base pipeline", 0, 0, None)
    current = _load(setting)
    current_model = model_for_setting(options.project, setting)
    seen = set(current_model.train_documents) if current_model else set()
    comparable = [d for d in corpus.held_out if d.document.uid not in seen]
    baseline = evaluate(current.nlp, comparable, schema) if comparable else None
    base_name = "blank" if options.base == "blank" or current.degraded else _title(current)
    nlp = _base(options.base, current)
    fix_random_seed(options.seed)
    report("Preparing the examples", 0, 0, None)
    issues: list[AlignmentIssue] = []
    train_docs = _docbin(
        (p for d in corpus.train for p in paragraphs(trainable(d, schema))),
        schema,
        issues,
        output / "corpus" / "train.spacy",
        nlp,
    )
    _docbin(
        (trainable(d, schema) for d in corpus.held_out),
        schema,
        issues,
        output / "corpus" / "held_out.spacy",
        nlp,
    )
    examples = [Example(nlp.make_doc(doc.text), doc) for doc in train_docs]
    if not examples:
        raise TrainingError("the documents to learn from have no text")
    optimizer = prepare_ner(nlp, examples, corpus.labels, schema.label_map)
    optimizer.learn_rate = options.learn_rate
    others = [pipe for pipe in nlp.pipe_names if pipe != "ner"]
    shuffle = random.Random(options.seed)
    step = 0
    loss = 0.0
    while step < options.max_steps:
        shuffle.shuffle(examples)
        for batch in minibatch(examples, size=options.batch_size):  # type: ignore[no-untyped-call]
            losses: dict[str, float] = {}
            nlp.update(batch, drop=options.dropout, sgd=optimizer, losses=losses, exclude=others)
            step += 1
            loss += losses.get("ner", 0.0)
            if step % _REPORT_EVERY == 0 or step == options.max_steps:
                report("Training", step, options.max_steps, loss)
                loss = 0.0
            if step >= options.max_steps:
                break
    # spaCy's training loop scores and saves the averaged weights: so does this one
    with nlp.use_params(optimizer.averages):
        report("Scoring on the held-out documents", 0, 0, None)
        scores = evaluate(nlp, corpus.held_out, schema)
        compared = evaluate(nlp, comparable, schema) if comparable else None
        record = _record(options, corpus, current, base_name, step, started, train_docs, issues)
        record["temporal_labels"] = sorted(schema.temporal_labels)
        record["baseline"] = baseline.to_dict() if baseline else None
        record["compared"] = compared.to_dict() if compared else None
        _describe(nlp, options, corpus, name, version, base_name, scores, record)
        report("Saving the model", 0, 0, None)
        nlp.to_disk(output)
        report("Ranking the documents to do", 0, len(to_do), None)
        save_priorities(output, expected_errors(nlp, to_do, schema))
    return record


def _record(
    options: TrainOptions,
    corpus: Corpus,
    current: Any,
    base_name: str,
    step: int,
    started: float,
    train_docs: list[Any],
    issues: list[AlignmentIssue],
) -> dict[str, Any]:
    """Dateline's record of a model (meta.json's `dateline`)."""
    return {
        "created": now(),
        "base": base_name,
        "steps": step,
        "seconds": round(time.perf_counter() - started, 1),
        "train_documents": [d.document.uid for d in corpus.train],
        "held_out_documents": [d.document.uid for d in corpus.held_out],
        "fingerprint": corpus.fingerprint,
        "seed": options.seed,
        "share": options.share,
        "negatives": sum(negatives(doc) for doc in train_docs),
        "misaligned": len(issues),
        "baseline_name": _title(current),
        "options": {
            "base": options.base,
            "max_steps": options.max_steps,
            "batch_size": options.batch_size,
            "dropout": options.dropout,
            "learn_rate": options.learn_rate,
        },
    }


def _describe(
    nlp: Any,
    options: TrainOptions,
    corpus: Corpus,
    name: str,
    version: int,
    base_name: str,
    scores: Scores,
    record: dict[str, Any],
) -> None:
    """The pipeline's meta: its name and version (the origin of its suggestions), its scores."""
    nlp.meta["name"] = name
    nlp.meta["version"] = str(version)
    nlp.meta["description"] = (
        f"Trained by Dateline on {len(corpus.train)} done documents of {options.project.name}"
        f" from {base_name}"
    )
    nlp.meta["performance"] = scores.to_dict()
    nlp.meta[META_KEY] = record


def _read_project(options: TrainOptions) -> tuple[Corpus, Schema, str | None, list[Document]]:
    """The corpus, the schema, the pipeline setting and the first documents to do."""
    from annotation.session import Session

    session = Session.open(options.project, create=False)
    try:
        store = session.store
        corpus = build_corpus(store, session.schema, options.share, options.seed, options.held_out)
        to_do = store.documents(statuses=TODO, limit=RANK_LIMIT)
        documents = store.documents_by_id([summary.id for summary in to_do])
        return corpus, session.schema, session.setting("pipeline"), documents
    finally:
        session.close()


def _load(setting: str | None) -> Any:
    from annotation.suggest import SuggestError, load_suggester

    try:
        return load_suggester(None, configured=setting)
    except SuggestError as exc:
        raise TrainingError(str(exc)) from exc


def _title(suggester: Any) -> str:
    return (
        "rules (no spaCy pipeline)"
        if suggester.degraded
        else f"{suggester.name} {suggester.version}"
    )


def _base(base: str, current: Any) -> Any:
    """The pipeline to train: the current one, the current one with a new ner, or a named one."""
    import spacy

    if base not in BASES:
        from annotation.suggest import SuggestError, load_suggester

        try:
            current = load_suggester(base)
        except SuggestError as exc:
            raise TrainingError(str(exc)) from exc
    if current.degraded:  # the rules: a blank pipeline of the language, sentences by rule
        nlp = spacy.blank(current.nlp.lang)
        nlp.add_pipe("sentencizer")
        return nlp
    nlp = current.nlp
    for pipe_name in list(nlp.pipe_names):
        factory = nlp.get_pipe_meta(pipe_name).factory
        if factory in ("entity_ruler", "span_ruler") or (base == "blank" and factory == "ner"):
            nlp.remove_pipe(pipe_name)
    return nlp


def _docbin(
    documents: Iterable[DocumentData],
    schema: Schema,
    issues: list[AlignmentIssue],
    path: Path,
    nlp: Any,
) -> list[Any]:
    """Reference Docs saved as a DocBin beside the model, read back into the pipeline's vocab."""
    from spacy.tokens import DocBin

    doc_bin = DocBin(store_user_data=False)
    for doc in reference_docs(documents, schema, issues):
        doc_bin.add(doc)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc_bin.to_disk(path)
    return list(DocBin(store_user_data=False).from_disk(path).get_docs(nlp.vocab))


def prepare_ner(
    nlp: Any, examples: Sequence[Any], labels: Sequence[str], label_map: dict[str, str]
) -> Any:
    """Make the pipeline's `ner` ready to learn the schema's labels; the optimiser to use.

    A pipeline without one gets a new `ner` initialised from the examples. An existing `ner`
    gets the labels it lacks, each starting from the weights of the labels the map names for
    it (their mean), and is told to read negatives (`use_negatives`).
    """
    if "ner" not in nlp.pipe_names:
        ner = nlp.add_pipe("ner", config={"incorrect_spans_key": INCORRECT_SPANS_KEY})
        ner.initialize(lambda: examples, nlp=nlp, labels=None)
        for label in labels:
            ner.add_label(label)
        return _optimizer(nlp)
    ner = nlp.get_pipe("ner")
    use_negatives(ner)
    before = _action_rows(ner)
    new = [label for label in labels if label not in ner.labels]
    for label in new:
        ner.add_label(label)
    _start_from_mapped(ner, before, new, label_map)
    return _optimizer(nlp)


def _optimizer(nlp: Any) -> Any:
    """The pipeline's own optimiser (its config's [training.optimizer]), keeping averaged
    weights as the stock English pipelines were trained with (`use_averages`)."""
    from spacy.util import registry

    settings = dict(nlp.config["training"]["optimizer"])
    settings["use_averages"] = True
    return registry.resolve({"optimizer": settings})["optimizer"]


def use_negatives(ner: Any) -> None:
    """Make `ner` learn from `doc.spans["incorrect_spans"]` (see the module's docstring)."""
    ner.cfg["incorrect_spans_key"] = INCORRECT_SPANS_KEY
    ner.moves.cfg["neg_key"] = INCORRECT_SPANS_KEY


def _action_rows(ner: Any) -> dict[str, int]:
    """The row of the output layer for each action ('B-PERSON': 3, ...)."""
    moves = ner.moves
    return {moves.get_class_name(i): i for i in range(moves.n_moves)}


def _start_from_mapped(
    ner: Any, before: dict[str, int], new: Sequence[str], label_map: dict[str, str]
) -> None:
    """Copy the output weights of mapped pipeline labels to the new labels they map to."""
    try:
        upper = ner.model.get_ref("upper")
        weights = upper.get_param("W").copy()
        bias = upper.get_param("b").copy()
    except (KeyError, ValueError, AttributeError):  # another architecture: learn from scratch
        log.info("the ner has no output layer to copy from; new labels start from scratch")
        return
    after = _action_rows(ner)
    sources: dict[str, list[str]] = {}
    for pipeline_label, label in label_map.items():
        sources.setdefault(label, []).append(pipeline_label)
    for label in new:
        for move in "BILU":
            rows = [
                before[f"{move}-{s}"] for s in sources.get(label, ()) if f"{move}-{s}" in before
            ]
            if rows and f"{move}-{label}" in after:
                weights[after[f"{move}-{label}"]] = weights[rows].mean(axis=0)
                bias[after[f"{move}-{label}"]] = bias[rows].mean(axis=0)
    upper.set_param("W", weights)
    upper.set_param("b", bias)


def evaluate(nlp: Any, documents: Sequence[DocumentData], schema: Schema) -> Scores:
    """A pipeline's suggestions on these documents against their accepted spans.

    Suggestions as the analyst would get them: cleaned by `Suggester` and mapped by the
    schema; only entity labels count (triggers and labels the schema lacks are left out).
    """
    from annotation.suggest import Suggester

    suggester = Suggester(nlp, temporal_labels=())
    gold: list[Triple] = []
    found: list[Triple] = []
    texts = [data.document.text for data in documents]
    for data, doc in zip(documents, nlp.pipe(texts, batch_size=16), strict=True):
        key = data.document.uid
        gold += [
            (key, s.start, s.end, s.label)
            for s in data.spans
            if s.status is SpanStatus.ACCEPTED and schema.label(s.label) is not None
        ]
        for suggestion in suggester.suggestions(doc, None, data.document.text):
            label = schema.suggested_label(suggestion.label)
            if label is not None and schema.label(label) is not None:
                found.append((key, suggestion.start, suggestion.end, label))
    return score(gold, found, len(documents))
