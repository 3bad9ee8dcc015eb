"""How far analysts agree: per pair and overall, per label and in total.

Counted only over documents both analysts of a pair marked done (overall: every analyst). For
each label: exact-span F1 (same start, end and label), overlap F1 (a span counts as found when
the other analyst has an overlapping span of the label) and token-level kappa (spaCy's tokens,
each taking the label of the entity span over it, else O; event triggers are compared as spans,
not tokens). Besides: agreement on calendar values of DATE/TIME spans both marked, and F1 on
relations, on events (type and trigger) and on event roles. Kappa is Cohen's for a pair and
Fleiss' for more than two analysts, from `coefficients`.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import accumulate, combinations
from typing import Any

import numpy as np

from annotation.schema import Schema
from annotation.store import LayerDocument, Store, TeamLayers
from annotation.team.coefficients import cohen_kappa, fleiss_kappa
from annotation.tokens import Tokens, tokenize_many

Progress = Callable[[int, int], None]
_PAGE = 256
Range = tuple[int, int]


# -- results --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Matches:
    """Two analysts' sets of one kind of annotation: how many each marked, how many the same."""

    a: int = 0
    b: int = 0
    same: int = 0

    @property
    def f1(self) -> float | None:
        return 2 * self.same / (self.a + self.b) if self.a + self.b else None

    def __add__(self, other: Matches) -> Matches:
        return Matches(self.a + other.a, self.b + other.b, self.same + other.same)

    def to_json(self) -> dict[str, Any]:
        return {"a": self.a, "b": self.b, "same": self.same, "f1": _round(self.f1)}


@dataclass(frozen=True)
class Values:
    """Calendar values of DATE/TIME spans both analysts marked alike: how many, how many equal."""

    both: int = 0
    same: int = 0

    @property
    def agreement(self) -> float | None:
        return self.same / self.both if self.both else None

    def __add__(self, other: Values) -> Values:
        return Values(self.both + other.both, self.same + other.same)

    def to_json(self) -> dict[str, Any]:
        return {"both": self.both, "same": self.same, "agreement": _round(self.agreement)}


@dataclass(frozen=True)
class LabelFigures:
    """One label's agreement (or the total's, `label` "all")."""

    label: str
    exact: Matches
    #: spans of a that overlap a span of b with the label, and the other way round
    overlap_a: int
    overlap_b: int
    kappa: float | None
    values: Values | None = None

    @property
    def f1(self) -> float | None:
        return self.exact.f1

    @property
    def overlap_f1(self) -> float | None:
        a, b = self.exact.a, self.exact.b
        if not a + b:
            return None
        if not a or not b:
            return 0.0
        precision, recall = self.overlap_a / a, self.overlap_b / b
        return 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    def to_json(self) -> dict[str, Any]:
        data = {
            "f1": _round(self.f1),
            "overlap_f1": _round(self.overlap_f1),
            "kappa": _round(self.kappa),
            **self.exact.to_json(),
        }
        del data["same"]
        data["exact"] = self.exact.same
        if self.values is not None:
            data["values"] = self.values.to_json()
        return data


@dataclass(frozen=True)
class Figures:
    """Agreement over a set of documents: per label, in total, and on values and links."""

    documents: int
    total: LabelFigures
    labels: dict[str, LabelFigures]
    values: Values
    relations: Matches
    relation_labels: dict[str, Matches]
    events: Matches
    roles: Matches

    def to_json(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "f1": _round(self.total.f1),
            "overlap_f1": _round(self.total.overlap_f1),
            "kappa": _round(self.total.kappa),
            "spans": self.total.to_json(),
            "labels": {label: figures.to_json() for label, figures in self.labels.items()},
            "values": self.values.to_json(),
            "relations": {
                **self.relations.to_json(),
                "labels": {k: v.to_json() for k, v in self.relation_labels.items()},
            },
            "events": self.events.to_json(),
            "roles": self.roles.to_json(),
        }


@dataclass(frozen=True)
class PairAgreement:
    a: str
    b: str
    figures: Figures

    def to_json(self) -> dict[str, Any]:
        return {"a": self.a, "b": self.b, **self.figures.to_json()}


@dataclass(frozen=True)
class Agreement:
    """Every pair of analysts, and all of them together (`overall`, over documents every analyst
    marked done: kappa is Fleiss' for more than two, F1 pooled over the pairs)."""

    analysts: tuple[str, ...]
    pairs: tuple[PairAgreement, ...]
    overall: Figures | None
    coefficient: str

    def to_json(self) -> dict[str, Any]:
        overall = None
        if self.overall is not None:
            overall = {
                "analysts": list(self.analysts),
                "coefficient": self.coefficient,
                **self.overall.to_json(),
            }
        return {
            "analysts": list(self.analysts),
            "pairs": [pair.to_json() for pair in self.pairs],
            "overall": overall,
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


# -- one analyst's version of one document, ready to compare ---------------------------------------


@dataclass
class _View:
    spans: dict[str, list[Range]] = field(default_factory=dict)
    values: dict[tuple[int, int, str], str | None] = field(default_factory=dict)
    relations: set[tuple[Range, Range, str]] = field(default_factory=set)
    events: set[tuple[str, Range]] = field(default_factory=set)
    roles: set[tuple[str, Range, str, Range]] = field(default_factory=set)
    codes: Any = None


class _Kinds(dict[str, tuple[bool, bool]]):
    """(temporal, trigger) of each label, looked up in the schema once."""

    def __init__(self, schema: Schema) -> None:
        super().__init__()
        self.schema = schema

    def __missing__(self, label: str) -> tuple[bool, bool]:
        kinds = self[label] = (self.schema.is_temporal(label), self.schema.is_trigger(label))
        return kinds


def _view(layer: LayerDocument, kinds: _Kinds, tokens: Tokens, codes: dict[str, int]) -> _View:
    view = _View()
    ranges: dict[int, Range] = {}
    entities: list[tuple[int, int, int]] = []
    for span in layer.spans:
        if span.status != "accepted":
            continue
        ranges[span.id] = (span.start, span.end)
        view.spans.setdefault(span.label, []).append((span.start, span.end))
        temporal, trigger = kinds[span.label]
        if temporal:
            view.values[(span.start, span.end, span.label)] = span.value
        if not trigger:
            code = codes.setdefault(span.label, len(codes) + 1)
            entities.append((span.start, span.end, code))
    labels = np.zeros(len(tokens), dtype=np.int16)
    # Written last to first, so where entity spans overlap the earliest keeps its tokens.
    for start, end, code in reversed(entities):
        bounds = tokens.bounds(start, end)
        if bounds is not None:
            labels[bounds[0] : bounds[1] + 1] = code
    view.codes = labels
    view.relations = {
        (ranges[r.head], ranges[r.child], r.label)
        for r in layer.relations
        if r.head in ranges and r.child in ranges
    }
    triggers: dict[int, tuple[str, Range]] = {}
    for event in layer.events:
        if event.trigger in ranges:
            triggers[event.id] = (event.type, ranges[event.trigger])
            view.events.add(triggers[event.id])
    view.roles = {
        (*triggers[a.event_id], a.role, ranges[a.span])
        for a in layer.arguments
        if a.event_id in triggers and a.span in ranges
    }
    return view


# -- tallies ---------------------------------------------------------------------------------------


@dataclass
class _Tally:
    documents: int = 0
    exact: dict[str, Matches] = field(default_factory=dict)
    overlap: dict[str, tuple[int, int]] = field(default_factory=dict)
    values: dict[str, Values] = field(default_factory=dict)
    relations: dict[str, Matches] = field(default_factory=dict)
    events: Matches = Matches()
    roles: Matches = Matches()

    def add(self, a: _View, b: _View) -> None:
        """Count one document's two versions (the caller counts the document)."""
        for label in a.spans.keys() | b.spans.keys():
            mine, theirs = a.spans.get(label, []), b.spans.get(label, [])
            both = set(mine) & set(theirs)
            same = len(both)
            self.exact[label] = self.exact.get(label, Matches()) + Matches(
                len(mine), len(theirs), same
            )
            # a span the other marked exactly overlaps it; only the rest need a search
            found_a = same + _overlapping([x for x in mine if x not in both], theirs)
            found_b = same + _overlapping([y for y in theirs if y not in both], mine)
            before = self.overlap.get(label, (0, 0))
            self.overlap[label] = (before[0] + found_a, before[1] + found_b)
        for start, end, label in a.values.keys() & b.values.keys():
            same_value = a.values[(start, end, label)] == b.values[(start, end, label)]
            self.values[label] = self.values.get(label, Values()) + Values(1, int(same_value))
        for label in {r[2] for r in a.relations} | {r[2] for r in b.relations}:
            mine_r = {r for r in a.relations if r[2] == label}
            theirs_r = {r for r in b.relations if r[2] == label}
            self.relations[label] = self.relations.get(label, Matches()) + Matches(
                len(mine_r), len(theirs_r), len(mine_r & theirs_r)
            )
        self.events += Matches(len(a.events), len(b.events), len(a.events & b.events))
        self.roles += Matches(len(a.roles), len(b.roles), len(a.roles & b.roles))


def _overlapping(spans: list[Range], others: list[Range]) -> int:
    """How many of `spans` overlap at least one of `others` (sorted search, not all pairs)."""
    if not spans or not others:
        return 0
    ordered = sorted(others)
    starts = [start for start, _end in ordered]
    reach = list(accumulate((end for _start, end in ordered), max))
    found = 0
    for start, end in spans:
        # the others starting before this span ends; one of them overlaps iff the furthest
        # end among them lies beyond this span's start
        before = bisect_left(starts, end)
        found += before > 0 and reach[before - 1] > start
    return found


# -- computing -------------------------------------------------------------------------------------


def agreement(store: Store, schema: Schema, progress: Progress | None = None) -> Agreement:
    """Agreement between the analysts' layers of a team project."""
    layers = TeamLayers(store)
    analysts = tuple(layer.name for layer in layers.layers())
    pairs = list(combinations(analysts, 2))
    tallies = {pair: _Tally() for pair in pairs}
    everyone = _Tally()
    codes: dict[str, int] = {}
    kinds = _Kinds(schema)
    #: per pair, and for everyone, the token label arrays of the documents compared
    pair_codes: dict[tuple[str, str], list[tuple[Any, Any]]] = {pair: [] for pair in pairs}
    all_codes: list[list[Any]] = []
    ids = layers.layered_document_ids()
    for first in range(0, len(ids), _PAGE):
        page = ids[first : first + _PAGE]
        versions = layers.layers_by_document(page)
        wanted = [i for i in page if sum(v.done for v in versions[i]) >= 2]
        documents = store.documents_by_id(wanted)
        for doc, tokens in zip(documents, _tokens(documents), strict=True):
            views = {v.layer: _view(v, kinds, tokens, codes) for v in versions[doc.id] if v.done}
            complete = len(views) == len(analysts)
            for pair in pairs:
                if pair[0] in views and pair[1] in views:
                    a, b = views[pair[0]], views[pair[1]]
                    tallies[pair].add(a, b)
                    tallies[pair].documents += 1
                    pair_codes[pair].append((a.codes, b.codes))
                    if complete:
                        everyone.add(a, b)
            if complete:
                everyone.documents += 1
                all_codes.append([views[name].codes for name in analysts])
        if progress is not None:
            progress(min(first + _PAGE, len(ids)), len(ids))
    entity_labels = {code: label for label, code in codes.items()}
    results = tuple(
        PairAgreement(
            a, b, _figures(tallies[(a, b)], _pair_kappas(pair_codes[(a, b)], entity_labels))
        )
        for a, b in pairs
    )
    overall: Figures | None = None
    coefficient = "cohen_kappa" if len(analysts) == 2 else "fleiss_kappa"
    if len(analysts) == 2 and results:
        overall = results[0].figures
    elif len(analysts) > 2 and everyone.documents:
        overall = _figures(everyone, _fleiss_kappas(all_codes, entity_labels))
    return Agreement(analysts, results, overall, coefficient)


def _tokens(documents: Sequence[Any]) -> Iterable[Tokens]:
    """Tokens of each document, batched by language, in the documents' order."""
    found: dict[int, Tokens] = {}
    by_language: dict[str, list[Any]] = {}
    for doc in documents:
        by_language.setdefault(doc.language, []).append(doc)
    for language, group in by_language.items():
        texts = (doc.text for doc in group)
        for doc, tokens in zip(group, tokenize_many(texts, language), strict=True):
            found[doc.id] = tokens
    return [found[doc.id] for doc in documents]


def _figures(tally: _Tally, kappas: dict[str, float | None]) -> Figures:
    labels: dict[str, LabelFigures] = {}
    total_exact, total_a, total_b = Matches(), 0, 0
    for label in sorted(tally.exact):
        exact = tally.exact[label]
        overlap_a, overlap_b = tally.overlap[label]
        labels[label] = LabelFigures(
            label, exact, overlap_a, overlap_b, kappas.get(label), tally.values.get(label)
        )
        total_exact += exact
        total_a += overlap_a
        total_b += overlap_b
    values = sum(tally.values.values(), Values())
    relations = sum(tally.relations.values(), Matches())
    total = LabelFigures("all", total_exact, total_a, total_b, kappas.get("all"), values)
    return Figures(
        tally.documents,
        total,
        labels,
        values,
        relations,
        dict(sorted(tally.relations.items())),
        tally.events,
        tally.roles,
    )


def _pair_kappas(
    compared: list[tuple[Any, Any]], labels: dict[int, str]
) -> dict[str, float | None]:
    """Cohen's kappa over the tokens of a pair's documents: all labels, and each label alone."""
    if not compared:
        return {}
    a = np.concatenate([x for x, _y in compared]).astype(np.int64)
    b = np.concatenate([y for _x, y in compared]).astype(np.int64)
    size = max(labels, default=0) + 1
    table = np.bincount(a * size + b, minlength=size * size).reshape(size, size)
    kappas: dict[str, float | None] = {"all": cohen_kappa(_present(table))}
    total = table.sum()
    for code, label in labels.items():
        both = table[code, code]
        a_only = table[code, :].sum() - both
        b_only = table[:, code].sum() - both
        neither = total - both - a_only - b_only
        kappas[label] = cohen_kappa([[both, a_only], [b_only, neither]])
    return kappas


def _present(table: Any) -> Any:
    """The confusion table without categories neither rater used."""
    used = (table.sum(axis=0) + table.sum(axis=1)) > 0
    return table[np.ix_(used, used)]


def _fleiss_kappas(rated: list[list[Any]], labels: dict[int, str]) -> dict[str, float | None]:
    """Fleiss' kappa over the tokens of documents every analyst finished (each token an item)."""
    if not rated:
        return {}
    stacked = np.concatenate([np.vstack(doc) for doc in rated], axis=1)  # raters x tokens
    raters = stacked.shape[0]
    used = sorted({0, *np.unique(stacked).tolist()})
    # Counts of raters (fewer than 128) as bytes: statsmodels makes its own float copy.
    chose = {code: np.count_nonzero(stacked == code, axis=0).astype(np.int8) for code in used}
    del stacked
    kappas: dict[str, float | None] = {"all": fleiss_kappa(np.stack(list(chose.values()), axis=1))}
    for code, label in labels.items():
        if code in chose:
            kappas[label] = fleiss_kappa(np.stack([chose[code], raters - chose[code]], axis=1))
    return kappas
