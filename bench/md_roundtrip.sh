#!/usr/bin/env bash
# Markdown export round trip on the shared corpora: for every page of ../shared/corpus
# (readability and aeb), `--to txt` of the page against `--to txt` of its `--to md` export
# read back by offprint's own Markdown reader. Prints the pages whose texts differ (with
# the first lines of the diff when VERBOSE=1) and "same N of M".
#
#   bash bench/md_roundtrip.sh [BUILD_DIR]      KEEP=dir keeps the files
#
# Exit 0 when it ran (a benchmark), 77 when ../shared is absent, 2 on a setup problem.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
shared=${SHARED_DIR:-$root/../shared}
[ -d "$shared/corpus" ] || { echo "md_roundtrip: no shared corpus: skipped"; exit 77; }
offprint=$build/offprint
[ -x "$offprint" ] || { echo "md_roundtrip: build offprint first ($offprint not found)" >&2; exit 2; }
out=${KEEP:-$(mktemp -d)}
mkdir -p "$out"
[ -n "${KEEP:-}" ] || trap 'rm -rf "$out"' EXIT
same=0
total=0
for f in "$shared"/corpus/readability/*/source.html "$shared"/corpus/aeb/html/*.html.gz; do
    [ -f "$f" ] || continue
    case $f in
    *.gz) n=aeb-$(basename "$f" .html.gz | cut -c1-12); gzip -dc "$f" >"$out/$n.html"; in=$out/$n.html ;;
    *) n=$(basename "$(dirname "$f")"); in=$f ;;
    esac
    total=$((total + 1))
    "$offprint" -q -f html --to txt "$in" -o "$out/$n.a.txt" 2>/dev/null &&
        "$offprint" -q -f html --to md "$in" -o "$out/$n.md" 2>/dev/null &&
        "$offprint" -q -f markdown --to txt "$out/$n.md" -o "$out/$n.b.txt" 2>/dev/null
    if cmp -s "$out/$n.a.txt" "$out/$n.b.txt"; then
        same=$((same + 1))
    else
        echo "differs: $n"
        [ "${VERBOSE:-0}" = 1 ] && diff "$out/$n.a.txt" "$out/$n.b.txt" | head -6 | cut -c1-160
    fi
done
echo "md round trip: same text on $same of $total pages"
