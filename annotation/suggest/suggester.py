"""`Suggester`: a loaded spaCy pipeline that turns documents into `Suggestion` records.

spaCy is imported by the caller that loads the pipeline (`loading.py`); this module only drives
the `nlp` object it is given, and gives back plain records.
"""

from __future__ import annotations

import logging
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from annotation.errors import DatelineError
from annotation.model import Document

if TYPE_CHECKING:
    from annotation.dates.narrative import Narrative
    from annotation.event_suggest import EventHint
    from annotation.schema import EventType

log = logging.getLogger("annotation.suggest")  # one logger for the whole boundary

#: spaCy's labels whose suggestions get a calendar value.
TEMPORAL_LABELS = frozenset({"DATE", "TIME"})
#: Components `parse` skips: tense needs the parse, not the entities.
_ENTITY_FACTORIES = frozenset(
    {"ner", "beam_ner", "entity_ruler", "span_ruler", "spancat", "spancat_singlelabel"}
)
_LINE_BREAK = re.compile(r"[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")


class SuggestError(DatelineError):
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


def pipeline_origin(nlp: Any) -> tuple[str, str]:
    """(package name, span origin) of a loaded pipeline: `model:<lang>_<name>@<version>`.

    The language prefix is part of the name because the bare meta name is ambiguous
    (`core_web_sm` is both en_core_web_sm and zh_core_web_sm); the result is what `pip` and
    `spacy.load` know the pipeline by.
    """
    return meta_origin(nlp.meta, nlp.lang)


def meta_origin(meta: Mapping[str, Any], lang: str | None = None) -> tuple[str, str]:
    """`pipeline_origin` from a pipeline's meta (meta.json), without loading the pipeline."""
    name = f"{meta.get('lang') or lang}_{meta.get('name') or 'pipeline'}"
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
        temporal_labels: Iterable[str] | None = None,
    ) -> None:
        """`temporal_labels` None: DATE and TIME, and those a Dateline-trained pipeline's meta
        names (`meta["dateline"]["temporal_labels"]`: it learnt the schema's own, "Temporal")."""
        meta_name, meta_origin = pipeline_origin(nlp)
        self.nlp = nlp
        self.name = name or meta_name
        self.origin = origin or meta_origin
        self.degraded = degraded
        self.version = str(nlp.meta.get("version") or "0.0.0")
        self.notice = notice or (
            f"spaCy pipeline {self.name} {self.version} loaded ({', '.join(nlp.pipe_names)})"
        )
        if temporal_labels is None:
            trained = (nlp.meta.get("dateline") or {}).get("temporal_labels") or ()
            temporal_labels = TEMPORAL_LABELS | frozenset(trained)
        self.temporal_labels = frozenset(temporal_labels)
        self._parse_steps = [
            (name_, proc)
            for name_, proc in nlp.pipeline
            if nlp.get_pipe_meta(name_).factory not in _ENTITY_FACTORIES
        ]
        # An analyst values one paragraph's dates after another: its parse serves them all.
        self._parsed_line = lru_cache(maxsize=16)(self.parse)

    def __repr__(self) -> str:
        return f"Suggester({self.origin!r}, degraded={self.degraded})"

    def suggest(
        self,
        documents: Iterable[Document],
        *,
        batch_size: int = 16,
        n_process: int = 1,
        events: Sequence[EventType] = (),
        cancelled: Callable[[], bool] | None = None,
    ) -> Iterator[tuple[int, list[Suggestion]]]:
        """(document id, suggestions) for each document, in input order.

        `events`: the schema's event types, to suggest their triggers from the parse too.
        `cancelled`: asked after each document; the stream ends when it says so.
        """
        from annotation.dates.published import publication_of

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
            if cancelled is not None and cancelled():
                return

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
        from annotation.dates.narrative import Narrative

        text = doc.text if text is None else text
        narrative = Narrative(doc, published, text) if published is not None else None
        valued = False
        found: dict[tuple[int, int, str], Suggestion] = {}
        for start, end, label, score in sorted(_raw_spans(doc), key=lambda r: r[:2]):
            bounds = clean_bounds(text, start, end)
            if bounds is None:
                continue
            key = (*bounds, label)
            old = found.get(key)
            if old is not None and (score is None or old.score is not None):
                continue
            value = old.value if old is not None else None
            if old is None and narrative is not None and label in self.temporal_labels:
                value = _value(narrative, text, bounds, anchored=True)
                valued = True
            found[key] = Suggestion(bounds[0], bounds[1], label, score, value)
        if narrative is not None and valued:
            _date_the_times(found, narrative, text)
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

    def line_value(self, line: str, start: int, end: int, published: date) -> str | None:
        """The calendar value of line[start:end], with the tense from the line's parse.

        `make_valuer(line_value=...)` asks this for a span an analyst makes; the window's spaCy
        process answers it (`RemoteSuggester.line_value`) with this method too.
        """
        from annotation.dates.valuer import value_in

        return value_in(self._parsed_line(line), start, end, published)


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


#: What joins a clock time to the date it happened on: "11 p.m. on Wednesday", "6 a.m. of 9 May".
_TIME_THEN_DATE = re.compile(r"\s+(?:on|of)\s+|\s*,\s*(?:on\s+)?")
#: ... and a date to its clock time: "Wednesday at 11 p.m.", "December 6, 9:15 a.m.".
_DATE_THEN_TIME = re.compile(r"\s+at\s+|\s*,\s*(?:at\s+)?")


def _date_the_times(
    found: dict[tuple[int, int, str], Suggestion], narrative: Narrative, text: str
) -> None:
    """A TIME next to the DATE it happened on takes that day: "around 11 p.m. on Wednesday".

    spaCy gives the two as separate spans; alone, the time would be valued on the publication
    day. The pair is valued as one expression (the normaliser reads "11 p.m. on Wednesday"),
    and the TIME keeps that value when it is a date with a clock time.
    """
    temporal = sorted(
        (s for s in found.values() if s.event is None and s.label in ("DATE", "TIME")),
        key=lambda s: (s.start, s.end),
    )
    for first, second in pairwise(temporal):
        between = text[first.end : second.start]
        if first.label == "TIME" and second.label == "DATE":
            joined = _TIME_THEN_DATE.fullmatch(between)
            time = first
        elif first.label == "DATE" and second.label == "TIME":
            joined = _DATE_THEN_TIME.fullmatch(between)
            time = second
        else:
            continue
        if joined is None:
            continue
        value = _value(narrative, text, (first.start, second.end), anchored=False)
        if value is not None and "T" in value and value != time.value:
            found[(time.start, time.end, time.label)] = replace(time, value=value)


def _value(
    narrative: Narrative, text: str, bounds: tuple[int, int], *, anchored: bool
) -> str | None:
    """The value of a span in reading order (`anchored`: it may move the story's anchor)."""
    start, end = bounds
    try:
        if anchored:
            return narrative.value(start, end)
        return narrative.value_alone(start, end)
    except ImportError:
        raise
    except Exception:  # one odd expression must not stop a run over thousands of articles
        log.warning("no calendar value for %r: the date normaliser failed", text[start:end])
        log.debug("normaliser failure", exc_info=True)
        return None
