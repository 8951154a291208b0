#!/usr/bin/env bash
# Reader-mode bench (issue 4): scores offprint's article extraction (`--to txt`) with the
# shared scorer on both corpora of ../shared (next to the repository): `aeb` (human-written
# ground truth) and `readability` (Mozilla Readability.js's test pages), and prints the
# summaries (token and shingle precision / recall / F1). When node with @mozilla/readability
# and jsdom is available, Readability.js is scored on the same pages for comparison.
#
#   bash bench/extract.sh [BUILD_DIR]     JOBS=2, CSV_DIR=dir (per-page CSVs), VERBOSE=1,
#                                         READABILITY_MODULES=dir (default bench/, see compare.sh)
#
# Exit 0 when everything ran (the scores are a benchmark, not pass/fail); 2 setup problem.
# Without ../shared it says so and exits 0.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
shared=${SHARED_DIR:-$root/../shared}
jobs=${JOBS:-2}
offprint=$build/offprint
scorer=$shared/tools/extract_score.py
if [ ! -f "$scorer" ] || [ ! -d "$shared/corpus" ]; then
    echo "bench: $shared (corpus and scorer) not found next to the repository: skipped"
    exit 0
fi
[ -x "$offprint" ] || { echo "bench: build offprint first ($offprint not found)" >&2; exit 2; }
command -v python3 >/dev/null || { echo "bench: python3 is needed" >&2; exit 2; }

score() { # label corpus cmd
    local extra=()
    [ -n "${CSV_DIR:-}" ] && mkdir -p "$CSV_DIR" && extra+=(--csv "$CSV_DIR/$1-$2.csv")
    [ "${VERBOSE:-0}" = 1 ] && extra+=(-v)
    python3 "$scorer" --corpus "$2" --data "$shared/corpus/$2" --cmd "$3" --jobs "$jobs" \
        --bootstrap 0 --label "$1" "${extra[@]}"
}

now() { python3 -c 'import time; print(time.time())'; }
elapsed() { python3 -c "import time; print('%.1f' % (time.time() - $1))"; }

status=0
for corpus in aeb readability; do
    [ -d "$shared/corpus/$corpus" ] || { echo "bench: no $corpus corpus, skipped"; continue; }
    echo "== offprint on $corpus"
    start=$(now)
    score offprint "$corpus" "$offprint -q -f html --to txt {in} -o {out}" || status=2
    echo "   wall time: $(elapsed "$start") s"
done

js=$shared/tools/readability_text.js
mods=${READABILITY_MODULES:-$root/bench}
if command -v node >/dev/null && [ -d "$mods/node_modules/@mozilla/readability" ] &&
    [ -d "$mods/node_modules/jsdom" ]; then
    for corpus in aeb readability; do
        [ -d "$shared/corpus/$corpus" ] || continue
        echo "== Readability.js on $corpus"
        start=$(now)
        score readability.js "$corpus" "node $js $mods {in} {out}" || status=2
        echo "   wall time: $(elapsed "$start") s"
    done
else
    echo "bench: Readability.js not run. To compare, install node and run"
    echo "       (cd $root/bench && npm install)   (exact versions: bench/package.json)"
    echo "       bench/compare.sh runs both and prints speed and metadata matches too"
fi
exit $status
