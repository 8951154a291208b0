#!/usr/bin/env bash
# Reader-mode fold scores (issue 16): every shared corpus (aeb, readability, trafilatura) split
# into folds A and B by a hash of the page name, each fold scored on its own (bench/folds.py).
# Use it for every extraction change: a change that raises one fold and lowers the other is a
# regression. Keep CSV_DIR runs to see which pages moved: python3 bench/folds.py --compare OLD NEW
#
#   bash bench/folds.sh [BUILD_DIR]      JOBS=2, CSV_DIR=dir, CORPUS=aeb,readability,trafilatura
#
# Exit 0 when everything ran (or ../shared is absent: skipped); 2 setup problem.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
command -v python3 >/dev/null || { echo "folds: python3 is needed" >&2; exit 2; }
args=(--build "$build" --shared "${SHARED_DIR:-$root/../shared}" --jobs "${JOBS:-2}"
    --corpus "${CORPUS:-aeb,readability,trafilatura}")
[ -n "${CSV_DIR:-}" ] && args+=(--csv-dir "$CSV_DIR")
exec python3 "$root/bench/folds.py" "${args[@]}"
