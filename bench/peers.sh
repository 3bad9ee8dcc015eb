#!/usr/bin/env bash
# Dateline's exports through doccano 1.8.4 and Label Studio themselves (issue 16). By hand, never
# in CI: it installs the peers from the package registry into their own venvs under a cache folder
# (once), starts each bound to 127.0.0.1 only, uploads Dateline's export files exactly as written,
# exports them back through the peer's own API, re-imports and compares (bench/peers.py).
#
#   bash bench/peers.sh [--documents 200] [--only doccano|labelstudio] [--keep]
#
# DATELINE_PEERS names the cache folder (default ~/.cache/dateline-peers), PEERS_PYTHON the
# Python that builds the peers' venvs (3.11: doccano 1.8.4 needs <3.12), DATELINE_PYTHON the one
# with Dateline installed (default .venv/bin/python).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CACHE="${DATELINE_PEERS:-$HOME/.cache/dateline-peers}"
PEERS_PYTHON="${PEERS_PYTHON:-python3.11}"
DATELINE_PYTHON="${DATELINE_PYTHON:-$ROOT/.venv/bin/python}"
mkdir -p "$CACHE"

install() {  # install NAME PACKAGES...: a venv of its own, made once
  local name="$1"; shift
  if [ ! -f "$CACHE/$name/.installed" ]; then
    echo "Installing $name into $CACHE/$name ..." >&2
    rm -rf "${CACHE:?}/$name"
    "$PEERS_PYTHON" -m venv "$CACHE/$name"
    "$CACHE/$name/bin/pip" install --quiet "$@"
    touch "$CACHE/$name/.installed"
  fi
}

# doccano 1.8.4 predates marshmallow 4 (environs breaks) and numpy 2 (its pandas 1.5 breaks).
install doccano "doccano==1.8.4" "marshmallow<4" "numpy<2"
install labelstudio "label-studio>=1.23,<1.24"

PYTHONPATH="$ROOT${PYTHONPATH:+:$PYTHONPATH}" exec "$DATELINE_PYTHON" "$ROOT/bench/peers.py" \
  --cache "$CACHE" "$@"
