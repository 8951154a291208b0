#!/usr/bin/env bash
# Benchmark of batch mode (issue 14): a synthetic archive (bench/gen_archive.py: saved pages,
# Markdown and text dumps of varied lengths, local images, some Korean, a few broken files and
# duplicates) converted to PDF and to EPUB with -j1 and -j2: wall time, articles a second,
# the speed-up, peak memory of a 100- and a 1,000-article run, and whether every broken item
# is named in the report and nothing else is lost. Figures, never pass/fail: machines here are
# shared and noisy. The -j1/-j2 pairs run REPS times (default 3); the median speed-up is
# given.
#
# With WeasyPrint and pandoc installed it also converts PEERS_N (default 40) of the archive's
# saved pages one at a time, each with WeasyPrint (PDF) and pandoc (EPUB), and compares
# articles a second with offprint's -j2 batches.
#
#   bash bench/batch.sh [BUILD_DIR] [N]        (N articles, default 1000)
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
n=${2:-1000}
offprint=$build/offprint
[ -x "$offprint" ] || { echo "bench: build offprint first ($offprint not found)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
image=$root/tests/fixtures/sample/article_files/chart.png
made=$(python3 "$root/bench/gen_archive.py" "$work/a$n" "$n" "$image")
python3 "$root/bench/gen_archive.py" "$work/a100" 100 "$image" >/dev/null

# run NAME ARCHIVE ARGS...: one batch run; prints seconds, articles/s, peak RSS, the counts
run() {
    local name=$1 in=$2
    shift 2
    # a new folder each run, removed only at the end: deleting a thousand files right before
    # a run makes the next run's file creation scan the recently deleted inodes (ext4),
    # which costs the -j2 run more than the -j1 one and is not what an export meets
    runs=$((runs + 1))
    /usr/bin/time -f '%e %M' -o "$work/time.txt" "$offprint" -q "$in" -o "$work/out$runs/" \
        --report "$work/report.jsonl" "$@" 2>/dev/null
    read -r secs rss < <(tail -1 "$work/time.txt") # (after "Command exited with...")
    local ok failed dups
    ok=$(grep -c '"status":"ok"' "$work/report.jsonl")
    failed=$(grep -c '"type":"item".*"status":"failed"' "$work/report.jsonl")
    dups=$(grep -c '"status":"duplicate"' "$work/report.jsonl")
    printf '%-22s %7.1f s %7.1f articles/s  peak %6.1f MB  ok %d, duplicates %d, failed %d\n' \
        "$name" "$secs" "$(echo "$ok $secs" | awk '{print ($2 > 0 ? $1 / $2 : 0)}')" \
        "$(echo "$rss" | awk '{print $1 / 1024}')" "$ok" "$dups" "$failed"
    echo "$secs" >"$work/$name.secs"
    echo "$ok" >"$work/$name.ok"
}

runs=0
reps=${REPS:-3}
echo "offprint batch, $made ($(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg))"
for to in pdf epub; do
    : >"$work/$to.ratios"
    for rep in $(seq 1 "$reps"); do
        run "$to -j1" "$work/a$n" --to "$to" -j 1
        run "$to -j2" "$work/a$n" --to "$to" -j 2
        awk -v a="$(cat "$work/$to -j1.secs")" -v b="$(cat "$work/$to -j2.secs")" \
            'BEGIN {printf "%.3f\n", (b > 0 ? a / b : 0)}' >>"$work/$to.ratios"
    done
    sort -n "$work/$to.ratios" | awk -v to="$to" '{r[NR] = $1} END {
        printf "%-22s %.2fx (median of %d; each: ", to " speed-up -j2", r[int((NR + 1) / 2)], NR
        for (i = 1; i <= NR; i++) printf "%s%.2f", (i > 1 ? " " : ""), r[i]
        print ")" }'
done
run "pdf -j2, 100 articles" "$work/a100" --to pdf -j 2
run "pdf -j2, $n articles" "$work/a$n" --to pdf -j 2
echo "failed items in the last report (each broken file should be one of them):"
grep '"status":"failed"' "$work/report.jsonl" | grep -o '"input":"[^"]*"' | sed 's/^/  /'

# WeasyPrint + pandoc, one article at a time (the way a script would drive them)
peers_n=${PEERS_N:-40}
if command -v weasyprint >/dev/null && command -v pandoc >/dev/null; then
    find "$work/a$n" -name '*.html' -size +1k | sort | head -n "$peers_n" >"$work/peers.txt"
    got=$(wc -l <"$work/peers.txt")
    mkdir -p "$work/peers"
    t0=$(date +%s.%N)
    while read -r f; do
        weasyprint -q "$f" "$work/peers/x.pdf" 2>/dev/null
    done <"$work/peers.txt"
    t1=$(date +%s.%N)
    while read -r f; do
        (cd "$(dirname "$f")" && pandoc -f html -t epub3 -o "$work/peers/x.epub" "$f" 2>/dev/null)
    done <"$work/peers.txt"
    t2=$(date +%s.%N)
    awk -v n="$got" -v w="$(echo "$t1 - $t0" | bc)" -v p="$(echo "$t2 - $t1" | bc)" \
        -v a="$(cat "$work/pdf -j2.secs")" -v b="$(cat "$work/epub -j2.secs")" \
        -v mp="$(cat "$work/pdf -j2.ok")" -v me="$(cat "$work/epub -j2.ok")" 'BEGIN {
        printf "%-22s %7.1f s %7.1f articles/s  (%d saved pages)\n", "weasyprint, one by one", w, n / w, n
        printf "%-22s %7.1f s %7.1f articles/s\n", "pandoc, one by one", p, n / p
        printf "%-22s %.1fx (PDF %.1fx, EPUB %.1fx)\n", "offprint -j2 / peers",
            ((w + p) > 0 ? ((mp + me) / (a + b)) / (2 * n / (w + p)) : 0),
            (mp / a) / (n / w), (me / b) / (n / p)
    }'
else
    echo "WeasyPrint or pandoc not installed: no comparison (apt-get install weasyprint pandoc)"
fi
