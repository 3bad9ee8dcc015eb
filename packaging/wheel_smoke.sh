#!/usr/bin/env bash
# Build the sdist and wheel (`python -m build`), install the wheel alone into a fresh venv
# (no dev extra, no checkout on the path) and run `dateline --help`, `--version` and
# `--self-test` there, with HOME and the XDG folders pointed at an empty folder.
# Usage: bash packaging/wheel_smoke.sh [PYTHON]   (default: python3; `build` is installed into a
# throwaway venv when PYTHON lacks it). .ci/run calls this with the lock's python (its `build`).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${1:-${PYTHON:-python3}}
work=$(mktemp -d "${TMPDIR:-/tmp}/dateline-wheel.XXXXXX")
trap 'rm -rf "$work"' EXIT
started=$SECONDS

if ! "$PY" -c "import build" 2>/dev/null; then
  "$PY" -m venv "$work/build-venv"
  "$work/build-venv/bin/python" -m pip install --quiet build >"$work/pip-build.log" 2>&1 || {
    cat "$work/pip-build.log" >&2
    exit 1
  }
  PY="$work/build-venv/bin/python"
fi
echo "== python -m build"
"$PY" -m build --outdir "$work/dist" . >"$work/build.log" 2>&1 || {
  tail -40 "$work/build.log" >&2
  exit 1
}
wheel=$(ls "$work"/dist/dateline-*.whl)
ls -l "$work"/dist
for needed in annotation/_data/resources/schemas/news.toml annotation/_data/resources/icons/dateline.svg \
  annotation/_data/resources/icons/dateline-16.png annotation/_data/resources/styles/dateline.qss \
  annotation/_data/seeds/ians-india-south-korea-space-2025-12-06.txt \
  annotation/_data/seeds/ians-india-south-korea-space-2025-12-06.meta.json; do
  "$PY" -c "import sys, zipfile; sys.exit(sys.argv[2] not in zipfile.ZipFile(sys.argv[1]).namelist())" \
    "$wheel" "$needed" || { echo "the wheel lacks $needed" >&2; exit 1; }
done

echo "== a fresh venv with the wheel only"
python3 -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet "$wheel" >"$work/pip.log" 2>&1 || {
  cat "$work/pip.log" >&2
  exit 1
}
"$work/venv/bin/python" -m pip check
if "$work/venv/bin/python" -m pip list --format=freeze 2>/dev/null | grep -Ei '^(pytest|hypothesis|ruff|mypy)=='; then
  echo "the dev extra's tools came with the wheel" >&2
  exit 1
fi
mkdir -p "$work/home" "$work/run"
cd "$work/run"  # not the checkout: the installed package must stand alone
run() {
  env HOME="$work/home" XDG_CONFIG_HOME="$work/home/config" XDG_DATA_HOME="$work/home/data" \
    XDG_CACHE_HOME="$work/home/cache" DATELINE_HOME="$work/home/dateline" \
    "$work/venv/bin/dateline" "$@"
}
echo "== dateline --help"
run --help | head -5
echo "== dateline --version"
run --version
echo "== dateline --self-test"
run --self-test | tee "$work/self-test.txt"
grep -q "installed package" "$work/self-test.txt" || {
  echo "the self-test did not read the installed package's files" >&2
  exit 1
}
grep -q "^✓ Qt" "$work/self-test.txt" || { echo "Qt did not start" >&2; exit 1; }
echo "wheel smoke test passed in $((SECONDS - started)) s"
