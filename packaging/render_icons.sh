#!/usr/bin/env bash
# Render the app icon's PNG sizes from the hand-written SVGs in resources/icons/:
# dateline-16.svg and dateline-32.svg are drawn on their own pixel grid, dateline.svg gives the
# rest. Needs rsvg-convert (Debian/Ubuntu: apt-get install librsvg2-bin). The PNGs are committed;
# run this after changing an SVG.
set -euo pipefail
cd "$(dirname "$0")/../resources/icons"
command -v rsvg-convert >/dev/null || {
  echo "rsvg-convert not found: apt-get install librsvg2-bin" >&2
  exit 1
}
for size in 16 32 48 64 128 256 512; do
  source=dateline.svg
  [ -f "dateline-$size.svg" ] && source="dateline-$size.svg"
  rsvg-convert --width "$size" --height "$size" --keep-aspect-ratio "$source" -o "dateline-$size.png"
  echo "dateline-$size.png  from $source"
done
