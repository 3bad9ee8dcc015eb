#!/usr/bin/env bash
# Screenshots of the corpus parts of the real window (issue 19): the search dock, the Entities
# dock and the statistics view, driven with xdotool on a project made here from the seeds
# (imported, suggested by spaCy, some of it triaged and done by two analysts, a few entities).
#
#   xvfb-run -a -s "-screen 0 1600x1000x24" bash docs/screenshots/take_corpus.sh
#
# Mouse positions are for that screen with the fonts of a Debian image (DejaVu Sans); check
# the pictures after a font or layout change.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=docs/screenshots
. docs/screenshots/window.sh
PY=${PYTHON:-.venv/bin/python}
project="$home/corpus.db"

"$PY" -m desktop import -p "$project" seeds >/dev/null
"$PY" -m desktop suggest -p "$project" >/dev/null 2>&1
"$PY" - "$project" <<'PREP'
"""Two analysts' work: triage, documents done, entities linked to their mentions."""
import sys

from annotation.commands import Accept, Compound, CreateEntity, LinkSpan, MarkDone, Reject
from annotation.corpus.registry import unlinked_mentions
from annotation.model import SpanStatus
from annotation.session import Session

session = Session.open(sys.argv[1], annotator="ana")
store = session.store
for number, document in enumerate(store.document_ids()[:6]):
    session.annotator = "ana" if number % 2 == 0 else "ben"
    for index, span in enumerate(store.spans(document, [SpanStatus.SUGGESTED])[:40]):
        session.execute(Reject(span.id) if index % 6 == 5 else Accept(span.id))
    if number < 4:
        session.execute(MarkDone(document))
entities = [
    ("Narendra Modi", "PERSON", ("PM Modi", "Modi"), "Q1058"),
    ("India", "GPE", ("Republic of India",), "Q668"),
    ("Seoul", "GPE", (), "Q8684"),
    ("Lee Jae-myung", "PERSON", ("President Lee",), "Q7292839"),
    ("Kenya", "GPE", (), "Q114"),
]
for name, label, aliases, wikidata in entities:
    session.execute(CreateEntity(name, label, aliases, wikidata))
for entity in store.entities():
    found = unlinked_mentions(store, entity)
    if entity.name == "India":
        found = found[: len(found) // 2]  # the rest are left to suggest
    links = [LinkSpan(hit.span_id, entity.id) for hit in found if hit.span_id is not None]
    if links:
        session.execute(Compound(links, f"Link {entity.name}"))
session.close()
PREP

open_window "$PY" -m desktop "$project"
sleep 8
xdotool windowfocus --sync "$window"
xdotool mousemove 800 500 click 1     # the article has the keyboard

# Search: Ctrl+Shift+F, "India": every place, with its context; a click on the second hit opens
# the IANS article with that "India" selected (a label key would tag it).
xdotool key ctrl+shift+f
sleep 0.5
xdotool type --delay 40 "India"
xdotool key Return
sleep 1.5
xdotool mousemove 173 236 click 1     # the second hit
sleep 1.5
import -window root "$out/search.png"

# Entities (Corpus ▸ Entities): India, its mentions, and the spans reading it not linked yet.
xdotool mousemove 411 8 click 1       # the Corpus menu
sleep 0.7
xdotool mousemove 438 51 click 1      # Entities
sleep 2
import -window root "$out/entities.png"

# Statistics (Corpus ▸ Statistics…): drawn on a worker, shown beside the window.
xdotool mousemove 411 8 click 1
sleep 0.7
xdotool mousemove 448 96 click 1      # Statistics…
sleep 10
import -window root "$out/statistics.png"
echo "wrote $out/search.png $out/entities.png $out/statistics.png"
