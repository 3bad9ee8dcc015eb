#!/usr/bin/env bash
# Screenshots of the real window, driven with xdotool as an analyst would, on a fresh home
# (first run: the seeds are imported and spaCy suggests in the background).
#
#   apt-get install -y xvfb xdotool imagemagick libxcb-cursor0 ...   (see the README)
#   xvfb-run -a -s "-screen 0 1600x1000x24" bash docs/screenshots/take.sh
#
# DATELINE names the program to run (default .venv/bin/dateline; in a worktree without a venv:
# DATELINE=dateline PYTHONPATH=$PWD with the shared venv's bin on PATH).
#
# Mouse positions are for that screen with the fonts of a Debian image (DejaVu Sans); check
# the pictures after a font or layout change.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=docs/screenshots
. docs/screenshots/window.sh
open_window "${DATELINE:-.venv/bin/dateline}"
sleep 14                      # seeds imported, spaCy loaded, first articles suggested
xdotool windowfocus --sync "$window"

# The first article (Cabo Delgado) as it opens: tags stacked where words are close, none cut,
# calendar codes with their words ('TIME 2025-05-08TNI · night of 8 May 2025', 'PT2H · 2 hours').
import -window root "$out/tags.png"

# Two articles down the list: the IANS story (PageDown opens the next article).
xdotool key Next
sleep 1
xdotool key Next
sleep 6                       # its suggestions arrive in the background
# Triage: Tab to the first suggestion, Enter accepts and moves on (India, South Korea, the
# suggested TALKS events "explore" and "discuss", IANS, Seoul); the seventh, "Dec 6", stays
# selected: the inspector shows its calendar value.
xdotool key Tab
for _ in 1 2 3 4 5 6; do xdotool key Return; sleep 0.4; done
sleep 1
import -window root "$out/window.png"

# Right-click a suggestion: accept, reject, change label, edit value, delete.
xdotool mousemove 910 397 click 3   # on "Yoon Youngbin"
sleep 1
import -window root "$out/context-menu.png"
xdotool key Escape
sleep 0.5

# Help ▸ Keyboard shortcuts.
xdotool key ctrl+slash
sleep 1.5
import -window root "$out/shortcuts.png"
dialog=$(xdotool search --onlyvisible --name 'Keyboard shortcuts' | head -1)
xdotool windowfocus --sync "$dialog" key Escape   # close it
sleep 0.5

# Events: mark the article done (its suggestions, the suggested events among them, accepted),
# come back to it and click the second MEET in the Events dock (the November 22 meeting): the
# event is focused, the article jumps to its trigger "met" and its roles are drawn as arcs.
xdotool windowfocus --sync "$window"
xdotool key ctrl+Return
sleep 3
xdotool key Prior
sleep 2
xdotool mousemove 1320 725 click 1   # Events dock: the sixth row, MEET "met" (on its name)
sleep 1
import -window root "$out/events.png"
echo "wrote $out/tags.png $out/window.png $out/context-menu.png $out/shortcuts.png $out/events.png"
