"""Dstl's re3d (`../shared/data/re3d/`, 54 analyst-annotated documents) as Dateline documents.

Read by `bench/learning.py`, and run alone to write a JSONL file `dateline import` reads (the
README's walkthrough):

    python bench/re3d.py re3d.jsonl              # the texts, for analysts to annotate
    python bench/re3d.py re3d-gold.jsonl --gold  # with re3d's entities, the documents done

The data is never copied into the repository. re3d keeps overlapping alternatives of one
mention, most with confidence 0 (the crowd's verdict against them); its README says to keep the
most confident one per overlapping group, which is what `gold_spans` does (ties: the longest,
then the first). Texts keep their line breaks (re3d's are LF already).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from annotation.team.units import overlapping_groups


def _find_data() -> Path:
    """`$RE3D`, else the first `shared/data/re3d` in a folder above this checkout."""
    if os.environ.get("RE3D"):
        return Path(os.environ["RE3D"])
    here = Path(__file__).resolve().parent
    for folder in here.parents:
        if (folder / "shared" / "data" / "re3d").is_dir():
            return folder / "shared" / "data" / "re3d"
    return here.parent.parent / "shared" / "data" / "re3d"


DATA = _find_data()
#: The two sources most documents come from (26 and 22 documents); the other two have 6.
MAIN_SOURCES = ("UK_Government", "US_State_Department")


@dataclass(frozen=True)
class Re3dDocument:
    """One re3d document and its gold entities (start, end, type), without overlaps."""

    uid: str
    source: str
    title: str
    url: str
    text: str
    gold: tuple[tuple[int, int, str], ...]


def _lines(path: Path) -> list[dict[str, object]]:
    text = path.read_text(encoding="utf-8-sig")
    return [orjson.loads(line) for line in text.splitlines() if line.strip()]


#: One re3d entity: begin, end, type, confidence.
Entity = tuple[int, int, str, float]


def gold_spans(entities: list[Entity]) -> tuple[tuple[int, int, str], ...]:
    """The most confident entity of each group of overlapping ones (re3d's README)."""
    kept = []
    for group in overlapping_groups(sorted(entities, key=lambda e: (e[0], -e[1]))):
        begin, finish, label, _ = max(group, key=lambda e: (e[3], e[1] - e[0], -e[0]))
        kept.append((begin, finish, label))
    return tuple(kept)


def load(root: Path = DATA, sources: tuple[str, ...] | None = None) -> list[Re3dDocument]:
    """re3d's documents, source by source in folder order, documents in file order."""
    if not root.is_dir():
        sys.exit(f"{root}: re3d is not there (see ../shared/data/re3d/README.md)")
    found = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        if sources is not None and folder.name not in sources:
            continue
        entities: dict[str, list[Entity]] = defaultdict(list)
        for entity in _lines(folder / "entities.json"):
            entities[str(entity["documentId"])].append(
                (
                    int(entity["begin"]),  # type: ignore[call-overload]
                    int(entity["end"]),  # type: ignore[call-overload]
                    str(entity["type"]),
                    float(entity["confidence"]),  # type: ignore[arg-type]
                )
            )
        for record in _lines(folder / "documents.json"):
            uid = str(record["_id"])
            found.append(
                Re3dDocument(
                    uid=uid,
                    source=folder.name,
                    title=str(record.get("title") or ""),
                    url=str(record.get("sourceUrl") or ""),
                    text=str(record["text"]).replace("\r\n", "\n"),
                    gold=gold_spans(entities[uid]),
                )
            )
    return found


def jsonl_record(document: Re3dDocument, *, gold: bool) -> dict[str, object]:
    """A line `dateline import` reads (Prodigy's shape: text, meta, spans)."""
    record: dict[str, object] = {
        "text": document.text,
        "meta": {"title": document.title, "source": document.source, "url": document.url},
    }
    if gold:
        record["spans"] = [{"start": s, "end": e, "label": label} for s, e, label in document.gold]
        record["answer"] = "accept"  # a done document
    return record


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output", type=Path, help="JSONL file to write")
    parser.add_argument(
        "--gold",
        action="store_true",
        help="include re3d's entities as accepted spans, documents done",
    )
    parser.add_argument("--data", type=Path, default=DATA, help="the re3d folder")
    args = parser.parse_args()
    documents = load(args.data)
    lines = [orjson.dumps(jsonl_record(d, gold=args.gold)) for d in documents]
    args.output.write_bytes(b"\n".join(lines) + b"\n")
    print(f"{args.output}: {len(documents)} documents", file=sys.stderr)


if __name__ == "__main__":
    main()
