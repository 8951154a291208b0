#!/usr/bin/env bash
# Benchmark: time and peak memory of offprint converting articles to PDF (and EPUB), next to
# the peers installed on this machine (WeasyPrint, wkhtmltopdf, pandoc), run in the same go.
# Results are ratios against offprint, never pass/fail: machines here are shared and noisy.
#
#   bash bench/run.sh [BUILD_DIR] [N_PAGES]
#
# Inputs: the sample article, plus up to N_PAGES pages of ../shared/corpus/readability when
# present. Peers: `apt-get install weasyprint wkhtmltopdf pandoc` to include them.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
npages=${2:-20}
limit=${BENCH_TIMEOUT:-30} # seconds per conversion: a peer waiting on the (absent) network fails
offprint=$build/offprint
[ -x "$offprint" ] || { echo "bench: build offprint first ($offprint not found)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

inputs=("$root/tests/fixtures/sample/article.html")
corpus=$root/../shared/corpus/readability
if [ -d "$corpus" ]; then
    while IFS= read -r f; do inputs+=("$f"); done < <(ls "$corpus"/*/source.html | head -n "$npages")
fi

# run NAME CMD-TEMPLATE: runs the command for every input ({in}, {out} replaced), sums the
# wall time and records the largest peak RSS. Prints "NAME seconds maxrss_kb ok/total".
run() {
    local name=$1 tmpl=$2 total=0 maxrss=0 ok=0 i=0
    for in in "${inputs[@]}"; do
        i=$((i + 1))
        local out=$work/$name-$i.pdf
        local cmd=${tmpl//\{in\}/\"$in\"}
        cmd=${cmd//\{out\}/\"$out\"}
        local t0 t1
        t0=$(date +%s.%N)
        /usr/bin/time -f '%M' -o "$work/rss" timeout "$limit" bash -c "$cmd" >/dev/null 2>&1 &&
            [ -s "$out" ] && ok=$((ok + 1))
        t1=$(date +%s.%N)
        total=$(echo "$total + $t1 - $t0" | bc -l)
        local rss
        rss=$(tail -n 1 "$work/rss" 2>/dev/null || echo 0)
        [ "${rss:-0}" -gt "$maxrss" ] 2>/dev/null && maxrss=$rss
    done
    printf '%s %.3f %s %d/%d\n' "$name" "$total" "$maxrss" "$ok" "${#inputs[@]}"
}

results=$work/results
run offprint-pdf "'$offprint' -q {in} -o {out}" >>"$results"
run offprint-epub "'$offprint' -q {in} -o {out}.epub && mv {out}.epub {out}" >>"$results"
command -v weasyprint >/dev/null && run weasyprint "weasyprint -q {in} {out}" >>"$results"
command -v wkhtmltopdf >/dev/null &&
    run wkhtmltopdf "wkhtmltopdf -q --disable-javascript --enable-local-file-access {in} {out}" >>"$results"
command -v pandoc >/dev/null && command -v pdflatex >/dev/null &&
    run pandoc "pandoc -q {in} -o {out}" >>"$results"

echo "${#inputs[@]} articles; times are totals; ratio = tool time / offprint-pdf time"
printf '%-16s %10s %12s %8s %8s\n' tool seconds peak-rss-KB ok ratio
base=$(awk '$1=="offprint-pdf"{print $2}' "$results")
while read -r name secs rss ok; do
    printf '%-16s %10.3f %12s %8s %7.1fx\n' "$name" "$secs" "$rss" "$ok" "$(echo "$secs / $base" | bc -l)"
done <"$results"
