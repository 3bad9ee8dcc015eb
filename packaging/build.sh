#!/usr/bin/env bash
# Build the standalone one-folder app with PyInstaller (packaging/dateline.spec), then run the
# built program's --version and --self-test; exit non-zero if the build or either run fails.
#
#   bash packaging/build.sh             # result: dist/dateline/ (run dist/dateline/dateline)
#   PYTHON=.venv/bin/python bash packaging/build.sh   # use an environment that has Dateline's
#                                                     # dependencies and PyInstaller already
#
# Without PYTHON, a build venv in build/standalone-venv gets the pinned, hash-checked set of
# requirements/lock.txt (Dateline's dependencies, PyInstaller and the tested tools), then Dateline
# itself (not editable, --no-deps): the app bundles exactly the versions CI tested. The venv is
# reused by later builds and made anew when the lock changed. Linux; about 3 minutes once the
# venv exists.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS

if [ -n "${PYTHON:-}" ]; then
  PY=$PYTHON
else
  venv=build/standalone-venv
  # a venv made from another lock would keep packages the lock no longer names
  cmp -s requirements/lock.txt "$venv/lock.txt" 2>/dev/null || rm -rf "$venv"
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
  PY=$venv/bin/python
  echo "== installing requirements/lock.txt, then Dateline, into $venv"
  "$PY" -m pip install --quiet --require-hashes -r requirements/lock.txt >"$venv/pip.log" 2>&1 ||
    { cat "$venv/pip.log" >&2; exit 1; }
  cp requirements/lock.txt "$venv/lock.txt"
  # the checkout as it is now, even when the version number did not change
  "$PY" -m pip install --quiet --no-deps --force-reinstall . >>"$venv/pip.log" 2>&1 ||
    { cat "$venv/pip.log" >&2; exit 1; }
fi
"$PY" -c "import PyInstaller" 2>/dev/null ||
  { echo "PyInstaller is not installed for $PY: pip install --require-hashes -r requirements/lock.txt" >&2; exit 1; }

echo "== PyInstaller"
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/dateline.spec
app=$PWD/dist/dateline/dateline
built=$SECONDS

echo "== $app --version"
"$app" --version
echo "== $app --self-test"
# An empty home: the check must not depend on (or write to) the builder's own folders.
home=$(mktemp -d "${TMPDIR:-/tmp}/dateline-standalone.XXXXXX")
trap 'rm -rf "$home"' EXIT
report=$home/self-test.txt
(cd "$home" && env HOME="$home" XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data" \
  XDG_CACHE_HOME="$home/cache" DATELINE_HOME="$home/dateline" PYTHONPATH= \
  "$app" --self-test) | tee "$report"
grep -q "standalone app" "$report" || { echo "the self-test did not use the bundled files" >&2; exit 1; }
grep -q "^✓ Qt" "$report" || { echo "Qt did not start in the standalone app" >&2; exit 1; }

echo "== done: $(du -sh dist/dateline | cut -f1) in dist/dateline/," \
  "built in $((built - started)) s, checked in $((SECONDS - built)) s"
