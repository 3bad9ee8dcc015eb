"""Agreement figures: equal to hand-computed ones on a small case and to an independent
implementation (plain Python, no statsmodels) on a larger one."""

from __future__ import annotations

import random
from collections import Counter
from itertools import combinations
from pathlib import Path

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotation.schema import load_schema
from annotation.store import Store, TeamLayers, now
from annotation.team.agreement import agreement
from annotation.team.merge import merge
from annotation.tokens import tokenize
from tests.annotation.team.conftest import Analyst

TEXT = "Ann Lee met Bob in Rome today."


@pytest.fixture
def small(tmp_path: Path) -> Path:
    """alice, bob and carol on one sentence; the figures below are worked out by hand."""
    alice = Analyst(tmp_path / "alice.db", "alice", [TEXT])
    bob = Analyst(tmp_path / "bob.db", "bob", [TEXT])
    carol = Analyst(tmp_path / "carol.db", "carol", [TEXT])
    # alice: PERSON 'Ann Lee', PERSON 'Bob', GPE 'Rome', DATE 'today' = 2025-06-02
    ann_lee = alice.span(TEXT, "Ann Lee", "PERSON")
    bob_a = alice.span(TEXT, "Bob", "PERSON")
    rome_a = alice.span(TEXT, "Rome", "GPE")
    alice.span(TEXT, "today", "DATE", value="2025-06-02")
    met_a = alice.span(TEXT, "met", "MEET")
    alice.event(met_a, "MEET", {"participant": ann_lee, "place": rome_a})
    event_a = alice.session.store.events(alice.ids[TEXT])[0].id
    from annotation.commands import AddArgument

    alice.session.execute(AddArgument(event_a, "participant", bob_a))
    alice.relation(bob_a, rome_a, "AFFILIATION")
    # bob: PERSON 'Ann', ORG 'Bob', GPE 'Rome', DATE 'today' = 2025-06-03
    ann = bob.span(TEXT, "Ann", "PERSON")
    bob_b = bob.span(TEXT, "Bob", "ORG")
    rome_b = bob.span(TEXT, "Rome", "GPE")
    bob.span(TEXT, "today", "DATE", value="2025-06-03")
    met_b = bob.span(TEXT, "met", "MEET")
    event_b = bob.event(met_b, "MEET", {"participant": ann, "place": rome_b})
    bob.session.execute(AddArgument(event_b, "participant", bob_b))
    bob.relation(bob_b, rome_b, "AFFILIATION")
    # carol: PERSON 'Ann Lee', PERSON 'Bob', GPE 'Rome' (no date, no event)
    carol.span(TEXT, "Ann Lee", "PERSON")
    carol.span(TEXT, "Bob", "PERSON")
    carol.span(TEXT, "Rome", "GPE")
    for who in (alice, bob, carol):
        who.done(TEXT)
        who.close()
    team = tmp_path / "team.db"
    merge([alice.path, bob.path, carol.path], team)
    return team


def test_agreement_equals_hand_computed_figures(small: Path) -> None:
    store = Store(small, create=False)
    result = agreement(store, load_schema()).to_json()
    store.close()
    alice_bob = result["pairs"][0]
    assert (alice_bob["a"], alice_bob["b"], alice_bob["documents"]) == ("alice", "bob", 1)
    # exact spans: alice 5 (incl. the MEET trigger), bob 5, same 3 (Rome, today, met)
    assert alice_bob["f1"] == pytest.approx(0.6)
    # overlap: 4 of alice's 5 have a same-label overlapping span of bob's, 4 of bob's 5 too
    assert alice_bob["overlap_f1"] == pytest.approx(0.8)
    # tokens Ann Lee met Bob in Rome today . -> alice P P O P O G D O, bob P O O R O G D O:
    # p_o = 6/8, p_e = (3*4 + 3*1 + 1 + 1)/64 = 17/64, kappa = (48-17)/(64-17) = 31/47
    assert alice_bob["kappa"] == pytest.approx(31 / 47, abs=1e-4)
    person = alice_bob["labels"]["PERSON"]
    assert (person["a"], person["b"], person["exact"]) == (2, 1, 0)
    assert person["f1"] == 0.0
    assert person["overlap_f1"] == pytest.approx(2 / 3, abs=1e-4)  # P 1/2, R 1/1
    assert person["kappa"] == pytest.approx(5 / 13, abs=1e-4)  # p_o 6/8, p_e 38/64
    assert alice_bob["labels"]["GPE"]["f1"] == 1.0
    assert alice_bob["labels"]["ORG"]["f1"] == 0.0
    assert alice_bob["labels"]["MEET"]["kappa"] is None  # triggers are compared as spans
    assert alice_bob["values"] == {"both": 1, "same": 0, "agreement": 0.0}
    assert alice_bob["labels"]["DATE"]["values"]["agreement"] == 0.0
    assert alice_bob["relations"]["f1"] == 1.0  # Bob -> Rome, by ranges
    assert alice_bob["events"] == {"a": 1, "b": 1, "same": 1, "f1": 1.0}
    # roles: alice participant Ann Lee, participant Bob, place Rome; bob participant Ann,
    # participant Bob, place Rome -> 2 of 3 the same
    assert alice_bob["roles"]["f1"] == pytest.approx(2 / 3, abs=1e-4)
    overall = result["overall"]
    assert overall["coefficient"] == "fleiss_kappa" and overall["documents"] == 1
    # per token (alice, bob, carol): Ann PPP, Lee POP, met OOO, Bob PRP, in OOO, Rome GGG,
    # today DDO, . OOO: P-bar = (5 + 3/3)/8, p = (11, 7, 3, 2, 1)/24, P-e = 184/576,
    # kappa = (432 - 184)/(576 - 184) = 31/49
    assert overall["kappa"] == pytest.approx(31 / 49, abs=1e-4)
    alice_carol = result["pairs"][1]
    assert alice_carol["labels"]["PERSON"]["f1"] == 1.0


def _independent(
    docs: list[tuple[str, dict[str, list[tuple[int, int, str]]]]], names: list[str]
) -> dict[str, object]:
    """Exact F1 and token kappas in plain Python, by the textbook formulas."""
    result: dict[str, object] = {}
    for a, b in combinations(names, 2):
        same = marked = 0
        pairs: list[tuple[str, str]] = []
        for text, spans in docs:
            x, y = set(spans[a]), set(spans[b])
            same += len(x & y)
            marked += len(x) + len(y)
            pairs += list(
                zip(_token_labels(text, spans[a]), _token_labels(text, spans[b]), strict=True)
            )
        n = len(pairs)
        p_o = sum(p == q for p, q in pairs) / n
        first, second = Counter(p for p, _ in pairs), Counter(q for _, q in pairs)
        p_e = sum(first[c] * second[c] for c in first) / n / n
        result[f"{a}-{b}"] = (2 * same / marked, (p_o - p_e) / (1 - p_e))
    items = []
    for text, spans in docs:
        items += list(zip(*(_token_labels(text, spans[name]) for name in names), strict=True))
    raters = len(names)
    shares: Counter[str] = Counter()
    agreement_sum = 0.0
    for item in items:
        counts = Counter(item)
        shares.update(counts)
        agreement_sum += (sum(c * c for c in counts.values()) - raters) / (raters * (raters - 1))
    p_bar = agreement_sum / len(items)
    p_e = sum((c / (len(items) * raters)) ** 2 for c in shares.values())
    result["fleiss"] = (p_bar - p_e) / (1 - p_e)
    return result


def _token_labels(text: str, spans: list[tuple[int, int, str]]) -> list[str]:
    tokens = tokenize(text)
    labels = []
    for start, end in zip(tokens.starts, tokens.ends, strict=True):
        over = [label for s, e, label in sorted(spans) if s < end and start < e]
        labels.append(over[0] if over else "O")
    return labels


def test_agreement_equals_an_independent_implementation_on_a_larger_case(
    tmp_path: Path,
) -> None:
    """60 documents, three analysts who mark the same entities with random slips."""
    rng = random.Random(7)
    words = [
        "Seoul",
        "Kenya",
        "Lee",
        "met",
        "Ruto",
        "and",
        "officials",
        "in",
        "Nairobi",
        "on",
        "Monday",
        "to",
        "sign",
        "a",
        "deal",
    ]
    labels = ["PERSON", "ORG", "GPE", "DATE"]
    names = ["ana", "ben", "cleo"]
    store = Store(tmp_path / "team.db")
    layers = TeamLayers(store)
    docs = []
    time = now()
    with store.transaction():
        ids = {name: layers.ensure_layer(name, f"{name}.db", time) for name in names}
        span_id = 1
        for number in range(1, 61):
            text = " ".join(rng.choice(words) for _ in range(30)) + f" ({number})."
            store.insert_row(
                "document",
                {"id": number, "uid": str(number), "text": text, "status": "new", "meta": {}},
            )
            offsets = [i for i, ch in enumerate(text) if ch == " "]
            gold = []
            for start, end in zip([-1, *offsets], [*offsets, len(text)], strict=False):
                if rng.random() < 0.3:
                    gold.append((start + 1, end, rng.choice(labels)))
            spans: dict[str, list[tuple[int, int, str]]] = {}
            for name in names:
                mine = []
                for start, end, label in gold:
                    roll = rng.random()
                    if roll < 0.1:
                        continue  # missed
                    if roll < 0.2:
                        label = rng.choice(labels)  # another label
                    elif roll < 0.25:
                        end = max(start + 1, end - 1)  # a character short
                    mine.append((start, end, label))
                spans[name] = mine
                layers.insert_rows(
                    "layer_document",
                    ("layer_id", "document_id", "status"),
                    [(ids[name], number, "done")],
                )
                rows = []
                for start, end, label in mine:
                    rows.append((span_id, ids[name], number, start, end, label, "accepted"))
                    span_id += 1
                layers.insert_rows(
                    "layer_span",
                    ("id", "layer_id", "document_id", "start", "end", "label", "status"),
                    rows,
                )
            docs.append((text, spans))
        store.set_setting("extra_labels", orjson.dumps([]).decode())
    result = agreement(store, load_schema()).to_json()
    store.close()
    expected = _independent(docs, names)
    for pair in result["pairs"]:
        f1, kappa = expected[f"{pair['a']}-{pair['b']}"]  # type: ignore[misc]
        assert pair["f1"] == pytest.approx(f1, abs=1e-4)
        assert pair["kappa"] == pytest.approx(kappa, abs=1e-4)
        assert pair["documents"] == 60
    assert result["overall"]["kappa"] == pytest.approx(expected["fleiss"], abs=1e-4)
    assert 0.5 < result["overall"]["kappa"] < 0.95  # slips, but far from chance


@given(
    st.lists(st.tuples(st.integers(0, 40), st.integers(1, 8)), max_size=12),
    st.lists(st.tuples(st.integers(0, 40), st.integers(1, 8)), max_size=12),
)
def test_overlap_counting_equals_trying_every_pair(
    first: list[tuple[int, int]], second: list[tuple[int, int]]
) -> None:
    from annotation.team.agreement import _overlapping

    spans = [(start, start + length) for start, length in first]
    others = [(start, start + length) for start, length in second]
    brute = sum(any(s < oe and os < e for os, oe in others) for s, e in spans)
    assert _overlapping(spans, others) == brute
