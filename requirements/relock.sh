#!/usr/bin/env bash
# Write requirements/lock.txt: every package of pyproject.toml's dependencies and its `dev` and
# `packaging` extras (the tested set: tests, lint, types, wheel and standalone builds), each pinned
# with its hashes, resolved for CPython 3.11 on Linux x86_64 (the platform CI tests it on).
#
#   bash requirements/relock.sh                  # after editing pyproject.toml: keeps the pins
#                                                # that still fit, adds or changes only the rest
#   bash requirements/relock.sh --upgrade        # every package to its newest fitting release
#   bash requirements/relock.sh -P trafilatura   # that one package only
#
# uv runs from a throwaway venv, so the project does not depend on it. Then `bash .ci/run` (it
# tests the lock), and commit the lock with the change that needed it;
# tests/packaging/test_lock.py fails while the lock and pyproject.toml disagree.
set -euo pipefail
cd "$(dirname "$0")/.."
uv_version=0.13.9
work=$(mktemp -d "${TMPDIR:-/tmp}/dateline-relock.XXXXXX")
trap 'rm -rf "$work"' EXIT

python3 -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet "uv==$uv_version" >"$work/pip.log" 2>&1 ||
  { cat "$work/pip.log" >&2; exit 1; }
"$work/venv/bin/uv" pip compile pyproject.toml --extra dev --extra packaging \
  --python-version 3.11 --python-platform x86_64-manylinux_2_34 --generate-hashes \
  --custom-compile-command "bash requirements/relock.sh" \
  --output-file requirements/lock.txt "$@"
# uv's header names the command; say also what the lock is for and how it is installed.
{
  echo "# Dateline's tested set, pinned with hashes: pyproject.toml's dependencies and its dev and"
  echo "# packaging extras, resolved for CPython 3.11 on Linux x86_64 (manylinux_2_34 wheels, glibc 2.34+)."
  echo "# Install: pip install --require-hashes -r requirements/lock.txt && pip install --no-deps -e ."
  echo "# Regenerate (uv $uv_version in a throwaway venv; see the script): bash requirements/relock.sh"
  cat requirements/lock.txt
} >"$work/lock.txt"
mv "$work/lock.txt" requirements/lock.txt
