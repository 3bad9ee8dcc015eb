"""How bench/gold/ians.jsonl was made: the stock pipeline's suggestions on the IANS sample,
corrected by an analyst reading the article (the corrections are listed below, each with why).

    python bench/gold/make_gold.py [--pipeline NAME] [-o bench/gold/ians.jsonl]

It imports the sample article into a temporary project, suggests with the stock pipeline (as
`dateline suggest` does), applies the corrections as the window's commands would, marks the
article done and exports it in Dateline's JSONL (accepted spans, events and roles, and the
region that is not part of the article in `meta.excluded`). A correction that no longer finds
its suggestion (another pipeline version) stops the script with the one it could not apply.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from annotation.commands import (  # noqa: E402
    AddSpan,
    ExcludeRegion,
    MarkDone,
    Reject,
    Relabel,
    Resize,
)
from annotation.dates.valuer import make_valuer  # noqa: E402
from annotation.exporter import export  # noqa: E402
from annotation.formats.base import ExportOptions  # noqa: E402
from annotation.importer import import_paths  # noqa: E402
from annotation.model import NewSpan, SpanStatus  # noqa: E402
from annotation.paths import seeds_path  # noqa: E402
from annotation.session import Session  # noqa: E402
from annotation.suggest import load_suggester, suggest_project  # noqa: E402

SEED = "ians-india-south-korea-space-2025-12-06.txt"

#: The page's trailing "Latest News" list (five unrelated headlines with timestamps) is not
#: part of the article: marked as such, it takes its 26 suggestions and a CASUALTY event with it.
EXCLUDE_FROM = "Latest News"
#: Suggestions that are not entities.
REJECT = [("Noting", "GPE", "")]  # a participle at the start of a sentence
#: Right words, wrong label: (text, label now, label wanted, after).
RELABEL = [
    ("the G20 Summit", "ORG", "EVENT", ""),  # a summit is an event (OntoNotes EVENT)
    ("the G7 Summit", "ORG", "EVENT", ""),
    ("MoU", "ORG", "LAW", "The "),  # the memorandum itself, a named agreement
]
#: Wrong extent (and label): (text now, label now, text wanted, label wanted, after). Resized,
#: so the roles the span fills stay with it.
REFIT = [
    ("Memorandum of Understanding (MoU", "ORG", "Memorandum of Understanding", "LAW", ""),
    ("PM Modi", "ORG", "Modi", "PERSON", "meeting, "),  # titles are not part of a name
    ("June 18 that PM Modi", "DATE", "June 18", "DATE", ""),  # the date ends at "18"
]
#: Entities the model missed: (text, label, after).
ADD = [
    ("Gourangalal Das", "PERSON", ""),
    ("MoU", "LAW", "Memorandum of Understanding ("),
    ("NURI", "PRODUCT", ""),  # the rocket
    ("Modi", "PERSON", "June 18 that PM "),
    ("South Korea", "GPE", "India-"),  # inside "India-South Korea Special Strategic Partnership"
    ("this year", "DATE", "Noting that "),
]


def at(text: str, words: str, after: str) -> tuple[int, int]:
    """Where `words` stand (right after `after`, when given)."""
    start = text.index(after + words) + len(after) if after else text.index(words)
    return start, start + len(words)


def span_at(session: Session, document: int, bounds: tuple[int, int], label: str) -> int:
    for span in session.store.spans(document, [SpanStatus.SUGGESTED]):
        if (span.start, span.end, span.label) == (*bounds, label):
            return span.id
    raise SystemExit(f"no suggested {label} at {bounds}: the pipeline suggests otherwise now")


def correct(session: Session, document: int) -> None:
    text = session.store.document(document).text
    session.execute(ExcludeRegion(document, text.index(EXCLUDE_FROM), len(text)))
    for words, label, after in REJECT:
        session.execute(Reject(span_at(session, document, at(text, words, after), label)))
    for words, label, wanted, after in RELABEL:
        span = span_at(session, document, at(text, words, after), label)
        session.execute(Relabel(span, wanted))
    for words, label, fitted, wanted, after in REFIT:
        bounds = at(text, words, after)
        span = span_at(session, document, bounds, label)
        offset = words.index(fitted)
        session.execute(Resize(span, bounds[0] + offset, bounds[0] + offset + len(fitted)))
        if wanted != label:
            session.execute(Relabel(span, wanted))
    for words, label, after in ADD:
        session.execute(AddSpan(document, NewSpan(*at(text, words, after), label)))
    session.execute(MarkDone(document))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pipeline", default=None, help="spaCy pipeline (default: the stock one)")
    parser.add_argument("-o", "--output", type=Path, default=Path(__file__).with_name("ians.jsonl"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        session = Session.open(Path(folder) / "gold.db", annotator="gold")
        try:
            import_paths(session, [seeds_path() / SEED])
            suggester = load_suggester(args.pipeline)
            suggest_project(session, suggester)
            # calendar values of resized and added dates, as the window computes them
            session.valuer = make_valuer(line_value=suggester.line_value)
            print(f"suggested with {suggester.origin}")
            correct(session, 1)
            export(session.store, session.schema, args.output, "jsonl", ExportOptions())
        finally:
            session.close()
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
