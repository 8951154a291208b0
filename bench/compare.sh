#!/usr/bin/env bash
# Reader mode against Readability.js (issue 4's measured goal), both run on the same pages
# in the same go: for each corpus of ../shared/corpus (aeb, readability) it scores offprint
# (`--to txt`) and Mozilla Readability.js on jsdom (../shared/tools/readability_text.js) with
# ../shared/tools/extract_score.py, and prints token / shingle F1, failing pages, ms per page
# (and the speed ratio), and on the readability corpus the metadata fields matching
# expected-metadata.json (title, byline, site name, lang, published time; exact match after
# white-space folding, the scorer's rule) for both, then offprint's differences by class
# (bench/meta_diff.py: deliberate, expected file wrong, or missed; VERBOSE=1 lists each).
#
#   bash bench/compare.sh [BUILD_DIR]     JOBS=2 (pages at a time), KEEP=dir (keep CSVs/JSON),
#                                         TIMEOUT=60 (seconds a page; jsdom is slow on a busy box)
#
# Set up once: (cd bench && npm install)  -- exact versions in bench/package.json.
# Exit 0 when everything ran (a benchmark: scores are printed, not judged), 77 when
# ../shared, node or the npm packages are absent (skipped), 2 on a setup problem.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
shared=${SHARED_DIR:-$root/../shared}
jobs=${JOBS:-2}
timeout=${TIMEOUT:-60}
offprint=$build/offprint
scorer=$shared/tools/extract_score.py
js=$shared/tools/readability_text.js
mods=${READABILITY_MODULES:-$root/bench}
skip() { echo "compare: $*: skipped"; exit 77; }
[ -f "$scorer" ] && [ -f "$js" ] && [ -d "$shared/corpus" ] || skip "no shared corpus and tools"
command -v python3 >/dev/null || skip "python3 not found"
command -v node >/dev/null || skip "node not found"
[ -d "$mods/node_modules/@mozilla/readability" ] && [ -d "$mods/node_modules/jsdom" ] ||
    skip "Readability.js not installed (run: cd bench && npm install)"
[ -x "$offprint" ] || { echo "compare: build offprint first ($offprint not found)" >&2; exit 2; }

out=${KEEP:-$(mktemp -d)}
mkdir -p "$out"
[ -n "${KEEP:-}" ] || trap 'rm -rf "$out"' EXIT
fields=title,byline,siteName,lang,publishedTime
status=0
for corpus in aeb readability; do
    [ -d "$shared/corpus/$corpus" ] || continue
    for who in offprint readability.js; do
        if [ $who = offprint ]; then
            cmd="$offprint -q -f html --to txt {in} -o {out}"
            meta="python3 $root/bench/offprint_meta.py $offprint {in}"
        else
            cmd="node $js $mods {in} {out}"
            meta="node $js $mods --meta {in}"
        fi
        extra=()
        [ $corpus = readability ] && extra=(--meta-cmd "$meta" --meta-fields "$fields")
        echo "== $who on $corpus" >&2
        python3 "$scorer" --corpus $corpus --data "$shared/corpus/$corpus" --cmd "$cmd" \
            --jobs "$jobs" --timeout "$timeout" --bootstrap 0 --label "$who" --csv "$out/$who-$corpus.csv" \
            --json "$out/$who-$corpus.json" -v "${extra[@]}" >&2 || status=2
    done
done

python3 - "$out" "$fields" <<'PY'
import csv, json, os, statistics, sys
out, fields = sys.argv[1], sys.argv[2].split(',')
who = ['offprint', 'readability.js']
def load(w, c):
    p = os.path.join(out, '%s-%s' % (w, c))
    if not os.path.exists(p + '.json'):
        return None, []
    with open(p + '.json') as f, open(p + '.csv', newline='') as g:
        return json.load(f), list(csv.DictReader(g))
print()
print('%-12s %-15s %7s %7s %7s %7s %6s %9s' % ('corpus', 'extractor', 'tok P', 'tok R',
      'tok F1', 'sh4 F1', 'fails', 'ms/page'))
for c in ('aeb', 'readability'):
    ms = {}
    for w in who:
        s, rows = load(w, c)
        if s is None:
            continue
        secs = [float(r['seconds']) for r in rows if r['status'] == 'ok']
        ms[w] = 1000 * statistics.mean(secs) if secs else float('nan')
        print('%-12s %-15s %7.4f %7.4f %7.4f %7.4f %6d %9.1f' % (c, w, s['tok']['precision'],
              s['tok']['recall'], s['tok']['f1'], s['sh4']['f1'], s['failures'], ms[w]))
        for r in rows:
            if r['status'] != 'ok' or r['pred_tokens'] == '0':
                print('    failing page: %s (%s) %s' % (r['case'], r['status'], r['error']))
    if len(ms) == 2 and ms['offprint'] > 0:
        print('%-12s speed: offprint %.1fx faster per page than Readability.js on jsdom'
              % (c, ms['readability.js'] / ms['offprint']))
print()
print('metadata matching expected-metadata.json (readability corpus, pages matched):')
print('%-15s' % 'extractor' + ''.join('%15s' % f for f in fields))
for w in who:
    s, rows = load(w, 'readability')
    if s is None:
        continue
    cells = []
    for f in fields:
        m = s.get('meta_' + f) or {}
        hit = sum(1 for r in rows if r.get('meta_' + f) in ('1.0000', '1', '1.0'))
        cells.append('%d/%d' % (hit, m.get('n', 0)))
    print('%-15s' % w + ''.join('%15s' % x for x in cells))
PY
# offprint's differences from expected-metadata.json, classified (bench/meta_diff.py)
if [ -d "$shared/corpus/readability" ]; then
    echo
    python3 "$root/bench/meta_diff.py" "$offprint" "$shared/corpus/readability" \
        ${VERBOSE:+-v} || status=2
fi
exit $status
