# Sourced by take.sh and take_corpus.sh (from the repository root): a fresh home for the
# program, and `open_window`, which starts it and readies its window for the pictures.
home=$(mktemp -d)
export DATELINE_HOME="$home" XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data"
export QT_QPA_PLATFORM=xcb

# open_window COMMAND...: run the program in the background (its output in $home/dateline.log,
# stopped and the home removed on exit), wait for its window and fill the screen with it.
# Sets $app (its pid) and $window (its X window id).
open_window() {
  "$@" >"$home/dateline.log" 2>&1 &
  app=$!
  trap 'kill "$app" 2>/dev/null || true; rm -rf "$home"' EXIT
  window=""
  for _ in $(seq 100); do
    window=$(xdotool search --onlyvisible --name '^Dateline' 2>/dev/null | head -1 || true)
    [ -n "$window" ] && break
    sleep 0.2
  done
  [ -n "$window" ] || { echo "no window"; cat "$home/dateline.log"; exit 1; }
  xdotool windowsize "$window" 1600 1000
  xdotool windowmove "$window" 0 0
}
