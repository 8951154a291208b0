#!/usr/bin/env bash
# Benchmark of batch mode (issue 14): a synthetic archive (bench/gen_archive.py: saved pages,
# Markdown and text dumps of varied lengths, local images, some Korean, a few broken files and
# duplicates) converted to PDF and to EPUB with -j1 and -j2: wall time, articles a second,
# the speed-up, peak memory of a 100- and a 1,000-article run, and whether every broken item
# is named in the report and nothing else is lost. Figures, never pass/fail: machines here are
# shared and noisy.
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
    rm -rf "$work/out"
    /usr/bin/time -f '%e %M' -o "$work/time.txt" "$offprint" -q "$in" -o "$work/out/" \
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
}

echo "offprint batch, $made ($(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg))"
for to in pdf epub; do
    run "$to -j1" "$work/a$n" --to "$to" -j 1
    run "$to -j2" "$work/a$n" --to "$to" -j 2
    awk -v a="$(cat "$work/$to -j1.secs")" -v b="$(cat "$work/$to -j2.secs")" \
        'BEGIN {printf "%-22s %.2fx\n", "'"$to"' speed-up -j2", (b > 0 ? a / b : 0)}'
done
run "pdf -j2, 100 articles" "$work/a100" --to pdf -j 2
run "pdf -j2, $n articles" "$work/a$n" --to pdf -j 2
echo "failed items in the last report (each broken file should be one of them):"
grep '"status":"failed"' "$work/report.jsonl" | grep -o '"input":"[^"]*"' | sed 's/^/  /'
