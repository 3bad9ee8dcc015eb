"""Benchmark inputs, generated deterministically from the seed articles (never committed).

- `long_article(words)`: seed paragraphs, one after another, each pass with other names,
  figures and dates, until `words` words; `long_article_project` stores it with a span every
  ~7 words (half accepted, half suggested).
- `short_document(n)`: the n-th short article (~140 words: a few varied seed paragraphs);
  `big_project(count)` stores `count` of them with ~20 spans each, built with bulk inserts and
  cached under the temporary folder (`cache_dir()`, keyed by `VERSION`) so runs reuse it.
- `doccano_corpus(path, articles)`: short articles in doccano's relation shape (`entities`,
  `relations`), entities found by a few rules (capitalised names, dates, money, percentages,
  numbers), relations only where the schema allows their ends, ~13.5 entities and ~1.5
  relations per article.

    .venv/bin/python bench/corpus.py            # builds (or finds) the cached inputs, says where
"""

from __future__ import annotations

import hashlib
import os
import random
import re
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

import orjson

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotation.dates.gloss import MONTHS  # noqa: E402
from annotation.formats.base import text_uid  # noqa: E402
from annotation.paths import seeds_path  # noqa: E402
from annotation.session import Session  # noqa: E402
from annotation.store import Store  # noqa: E402

#: Bump when a generator changes: cached inputs of another version are never reused.
VERSION = 2
LABELS = ["PERSON", "ORG", "GPE", "DATE", "CARDINAL", "NORP", "MONEY", "LOC"]
_WORD = re.compile(r"\w+")
_STAMP = "2025-01-01T00:00:00.000Z"

# -- varying the seeds ----------------------------------------------------------------------------

_NAMES = [
    ("Seoul", ["Busan", "Incheon", "Daegu", "Gwangju"]),
    ("Nairobi", ["Mombasa", "Kisumu", "Nakuru", "Eldoret"]),
    ("NAIROBI", ["MOMBASA", "KISUMU", "NAKURU", "ELDORET"]),
    ("Narendra Modi", ["Amit Verma", "Priya Nair", "Rahul Menon", "Kavita Rao"]),
    ("Lee Jae-myung", ["Park Min-ho", "Kim Soo-jin", "Choi Hyun-woo", "Jung Da-eun"]),
    ("Gourangalal Das", ["Arjun Iyer", "Meera Pillai", "Vikram Sethi", "Anjali Bose"]),
    ("Tallinn", ["Tartu", "Narva", "Pärnu", "Viljandi"]),
    ("Port Louis", ["Curepipe", "Mahébourg", "Quatre Bornes", "Vacoas"]),
    ("Legazpi", ["Naga", "Sorsogon", "Iriga", "Tabaco"]),
    ("LEGAZPI", ["NAGA", "SORSOGON", "IRIGA", "TABACO"]),
    ("Kenya", ["Uganda", "Tanzania", "Rwanda", "Ethiopia"]),
    ("India", ["Indonesia", "Vietnam", "Malaysia", "Thailand"]),
]
_MONTH = re.compile(r"\b(" + "|".join(MONTHS) + r")\b")
_NUMBER = re.compile(r"(?<![\d.,:])(\d{2,3}(?:,\d{3})*)(?![\d:])")


def variant(text: str, number: int) -> str:
    """Seed text with other names, other figures (years and days stay) and other months."""
    if number == 0:
        return text
    for name, others in _NAMES:
        text = text.replace(name, others[number % len(others)])

    def shift(match: re.Match[str]) -> str:
        value = int(match.group(1).replace(",", ""))
        if 1900 <= value <= 2100 or value <= 31:
            return match.group(1)
        return f"{value + 3 * number:,}"

    text = _NUMBER.sub(shift, text)
    return _MONTH.sub(lambda m: MONTHS[(MONTHS.index(m.group(1)) + number) % 12], text)


@lru_cache(maxsize=1)
def seed_paragraphs() -> tuple[tuple[str, dict[str, Any]], ...]:
    """Every paragraph of the seed articles with more than eight words, with its metadata."""
    found: list[tuple[str, dict[str, Any]]] = []
    for path in sorted(seeds_path().glob("*.txt")):
        text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
        meta_path = path.with_suffix(".meta.json")
        meta = orjson.loads(meta_path.read_bytes()) if meta_path.exists() else {}
        found += [(p.strip(), meta) for p in re.split(r"\n\s*\n", text) if len(p.split()) > 8]
    return tuple(found)


def long_article(words: int) -> str:
    """Seed paragraphs in turn, each pass varied, up to `words` words."""
    out: list[str] = []
    count = 0
    turn = 0
    while count < words:
        for paragraph, _meta in seed_paragraphs():
            varied = variant(paragraph, turn)
            out.append(varied)
            count += len(varied.split())
            if count >= words:
                break
        turn += 1
    return "\n\n".join(out)


def short_document(number: int, words: int = 140) -> tuple[str, dict[str, Any]]:
    """The `number`-th short article: consecutive seed paragraphs, varied, about `words` words."""
    paragraphs = seed_paragraphs()
    rng = random.Random(number)
    index = rng.randrange(len(paragraphs))
    meta = paragraphs[index][1]
    out: list[str] = []
    count = 0
    while count < words:
        paragraph = variant(paragraphs[index % len(paragraphs)][0], number)
        taken = paragraph.split(" ")
        if count + len(taken) > words * 1.3:
            paragraph = " ".join(taken[: max(words - count, 12)])
        out.append(paragraph)
        count += len(paragraph.split())
        index += 1
    text = "\n\n".join(out) + f"\n\n(Ref. DL-{number:06d})"
    day = 1 + number % 28
    month = 1 + (number // 28) % 12
    return text, {
        "title": f"{meta.get('source') or 'Wire'} {number:06d}: {out[0][:60]}",
        "source": meta.get("source") or "Wire",
        "published": f"2025-{month:02d}-{day:02d}",
    }


def word_spans(text: str, every: float = 7.0, seed: int = 0) -> list[tuple[int, int, str, str]]:
    """(start, end, label, status) on whole words, one every ~`every` words, half accepted."""
    rng = random.Random(seed)
    spans = []
    gap = 0
    for match in _WORD.finditer(text):
        if gap > 0:
            gap -= 1
            continue
        status = "accepted" if rng.random() < 0.5 else "suggested"
        spans.append((match.start(), match.end(), rng.choice(LABELS), status))
        gap = rng.randint(int(every) - 2, int(every) + 2) - 1
    return spans


# -- project files ------------------------------------------------------------------------------


def cache_dir() -> Path:
    """Where generated inputs are kept between runs (outside the repository)."""
    from annotation.migrations import SCHEMA_VERSION

    base = os.environ.get("DATELINE_BENCH_CACHE") or Path(tempfile.gettempdir())
    # A project cached by another schema would be migrated (and copied) by every run that opens
    # it: the schema version is part of the key.
    folder = Path(base) / f"dateline-bench-v{VERSION}-schema{SCHEMA_VERSION}"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def document_row(number: int, text: str, meta: dict[str, Any], status: str) -> dict[str, Any]:
    return {
        "id": number,
        "uid": text_uid(text),
        "text": text,
        "title": meta.get("title") or f"Document {number}",
        "source": meta.get("source"),
        "url": None,
        "published": meta.get("published"),
        "place": None,
        "language": "en",
        "meta": {},
        "status": status,
        "created": _STAMP,
        "updated": _STAMP,
    }


def span_row(span_id: int, document_id: int, span: tuple[int, int, str, str]) -> dict[str, Any]:
    start, end, label, status = span
    return {
        "id": span_id,
        "document_id": document_id,
        "start": start,
        "end": end,
        "label": label,
        "status": status,
        "origin": "model:bench@1" if status == "suggested" else "analyst:bench",
        "score": None,
        "value": None,
        "value_origin": None,
        "note": None,
        "annotator": None if status == "suggested" else "bench",
        "suggested": None,
        "created": _STAMP,
        "updated": _STAMP,
    }


def _fresh(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


@contextmanager
def building(path: Path, annotator: str) -> Iterator[Store]:
    """The store of a new cached project, in one transaction; built under another name and
    renamed when complete, so a cached input is never half made."""
    partial = path.with_name(f"{path.name}.building")
    _fresh(partial)
    session = Session.open(partial, annotator=annotator)
    with session.store.transaction():
        yield session.store
    session.close()
    partial.replace(path)


def long_article_project(words: int, every: float = 7.0) -> tuple[Path, int, int]:
    """A cached project holding one long article with a span every ~`every` words.

    Returns (path, words, spans). Callers that edit it work on a copy (`copy_project`).
    """
    path = cache_dir() / f"article-{words}.db"
    text = long_article(words)
    spans = word_spans(text, every, seed=words)
    if not path.exists():
        with building(path, "bench") as store:
            meta = {"title": f"{words:,}-word article", "source": "bench"}
            meta["published"] = "2025-06-21"
            store.insert_many("document", [document_row(1, text, meta, "in_progress")])
            store.insert_many("span", [span_row(i, 1, s) for i, s in enumerate(spans, 1)])
    return path, len(text.split()), len(spans)


def copy_project(source: Path, target: Path) -> Path:
    """A byte copy of a closed project file (the benchmarks that write use copies)."""
    import shutil

    _fresh(target)
    shutil.copyfile(source, target)
    return target


def big_project(count: int = 100_000, spans_per_document: int = 20) -> Path:
    """A cached project of `count` short articles with ~`spans_per_document` spans each."""
    path = cache_dir() / f"corpus-{count}.db"
    if path.exists():
        return path
    statuses = ("new", "new", "new", "in_progress", "done", "skipped")
    span_id = 1
    every = 140 / spans_per_document
    with building(path, "bench") as store:
        for first in range(1, count + 1, 2000):
            documents, spans = [], []
            for number in range(first, min(first + 2000, count + 1)):
                text, meta = short_document(number)
                documents.append(document_row(number, text, meta, statuses[number % 6]))
                for span in word_spans(text, every, seed=number):
                    spans.append(span_row(span_id, number, span))
                    span_id += 1
            store.insert_many("document", documents)
            store.insert_many("span", spans)
    return path


def small_project(count: int = 10) -> Path:
    """The first `count` documents of the big corpus (the 'small project' to compare with)."""
    return big_project(count)


# -- doccano's relation shape --------------------------------------------------------------------

_ENTITY_RULES = [
    (
        "DATE",
        re.compile(
            r"\b(?:(?:" + "|".join(MONTHS) + r")\s\d{1,2}(?:,\s\d{4})?"
            r"|\d{1,2}\s(?:" + "|".join(MONTHS) + r")(?:\s\d{4})?"
            r"|(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
            r"|(?:last|next|this)\s(?:week|month|year)"
            r"|(?:" + "|".join(MONTHS) + r")\s\d{4})\b"
        ),
    ),
    ("MONEY", re.compile(r"(?:US\$|\$|KSh\s?|Rs\.?\s?|€|£)\d[\d,.]*(?:\s(?:million|billion))?")),
    ("PERCENT", re.compile(r"\b\d+(?:\.\d+)?(?:\s?per\scent|%|\spercent)")),
    ("CARDINAL", re.compile(r"\b\d[\d,]*\b")),
    ("NAME", re.compile(r"\b[A-Z][\w\-]*(?:\s(?:of\s)?[A-Z][\w\-]*)*")),
]
_NOT_NAMES = frozenset(
    [
        "The",
        "A",
        "An",
        "In",
        "On",
        "At",
        "By",
        "For",
        "From",
        "To",
        "And",
        "But",
        "Or",
        "It",
        "Its",
        "He",
        "She",
        "They",
        "We",
        "This",
        "That",
        "These",
        "Those",
        "According",
        "Both",
        "Following",
        "Noting",
        "Latest",
        "News",
        "Ref",
        "DL",
        "As",
        "Of",
        "After",
        "Before",
        "While",
        "When",
        "With",
        "Meanwhile",
        "However",
        "Also",
        "Under",
        "Over",
        "Since",
        "Until",
        "During",
    ]
)
_NAME_LABELS = ["PERSON", "PERSON", "ORG", "ORG", "GPE", "GPE", "NORP", "LOC", "FAC", "EVENT"]


def _name_label(name: str) -> str:
    if name.isupper() and len(name) <= 6:
        return "ORG"
    digest = hashlib.blake2b(name.encode(), digest_size=2).digest()
    return _NAME_LABELS[int.from_bytes(digest, "little") % len(_NAME_LABELS)]


def rule_entities(text: str) -> list[tuple[int, int, str]]:
    """Entities by simple rules, without overlaps, in text order."""
    taken: list[tuple[int, int, str]] = []
    covered = bytearray(len(text))
    for kind, pattern in _ENTITY_RULES:
        for match in pattern.finditer(text):
            start, end = match.span()
            label = kind
            if kind == "NAME":
                words = match.group().split()
                while words and words[0] in _NOT_NAMES:
                    start += len(words.pop(0)) + 1
                if not words:
                    continue
                label = _name_label(text[start:end])
            if any(covered[start:end]):
                continue
            covered[start:end] = b"\x01" * (end - start)
            taken.append((start, end, label))
    return sorted(taken)


#: (relation, head labels, child labels) from resources/schemas/news.toml, most specific first.
_RELATIONS = [
    ("AFFILIATION", {"PERSON", "ORG"}, {"ORG", "GPE", "NORP"}),
    ("LOCATED_IN", {"FAC", "ORG", "GPE", "LOC", "EVENT"}, {"GPE", "LOC", "FAC"}),
    ("PART_OF", {"ORG", "GPE", "LOC", "FAC", "EVENT"}, {"ORG", "GPE", "LOC", "FAC", "EVENT"}),
]


def doccano_record(number: int, entities_wanted: int = 10) -> dict[str, Any]:
    """One short article in doccano's relation shape."""
    paragraphs = seed_paragraphs()
    rng = random.Random(10_000_000 + number)
    index = rng.randrange(len(paragraphs))
    parts: list[str] = []
    entities: list[tuple[int, int, str]] = []
    offset = 0
    while len(entities) < entities_wanted and len(parts) < 12:
        paragraph = variant(paragraphs[(index + len(parts)) % len(paragraphs)][0], number)
        found = rule_entities(paragraph)
        room = entities_wanted + rng.randint(-2, 3) - len(entities)
        if len(found) > room > 0:  # cut the paragraph after the entity that completes the count
            cut = found[room - 1][1]
            stop = paragraph.find(". ", cut)
            paragraph = paragraph[: stop + 1] if stop != -1 else paragraph
            found = [e for e in found if e[1] <= len(paragraph)]
        entities += [(s + offset, e + offset, label) for s, e, label in found]
        parts.append(paragraph)
        offset += len(paragraph) + 2
    text = "\n\n".join(parts) + f"\n\n(Ref. DC-{number:06d})"
    records = [
        {"id": i, "label": label, "start_offset": s, "end_offset": e}
        for i, (s, e, label) in enumerate(entities, 1)
    ]
    relations = []
    for i, head in enumerate(records):
        for child in records[i + 1 : i + 4]:
            if len(relations) >= 2 or rng.random() > 0.28:
                continue
            for name, heads, children in _RELATIONS:
                if head["label"] in heads and child["label"] in children:
                    relations.append(
                        {
                            "id": len(relations) + 1,
                            "from_id": head["id"],
                            "to_id": child["id"],
                            "type": name,
                        }
                    )
                    break
    return {"text": text, "entities": records, "relations": relations}


def doccano_corpus(articles: int = 10_000) -> tuple[Path, int, int]:
    """A cached doccano JSONL file of `articles` articles; (path, entities, relations)."""
    path = cache_dir() / f"doccano-{articles}.jsonl"
    counts = cache_dir() / f"doccano-{articles}.counts"
    if not path.exists() or not counts.exists():
        entities = relations = 0
        partial = path.with_name(path.name + ".building")
        with partial.open("wb") as handle:
            for number in range(articles):
                record = doccano_record(number)
                entities += len(record["entities"])
                relations += len(record["relations"])
                handle.write(orjson.dumps(record) + b"\n")
        partial.replace(path)
        counts.write_text(f"{entities} {relations}\n")
    entities, relations = (int(x) for x in counts.read_text().split())
    return path, entities, relations


def iter_doccano(path: Path) -> Iterator[dict[str, Any]]:
    with path.open("rb") as handle:
        for line in handle:
            yield orjson.loads(line)


def main() -> None:
    start = time.perf_counter()
    for words in (20_000, 100_000):
        path, real, spans = long_article_project(words)
        print(f"{path}: {real:,} words, {spans:,} spans")
    path = big_project(100_000)
    print(f"{path}: 100,000 documents ({path.stat().st_size / 1e6:.0f} MB)")
    path = small_project(10)
    print(f"{path}: 10 documents")
    path, entities, relations = doccano_corpus(10_000)
    print(f"{path}: 10,000 articles, {entities:,} entities, {relations:,} relations")
    print(f"({time.perf_counter() - start:.1f} s)")


if __name__ == "__main__":
    main()
