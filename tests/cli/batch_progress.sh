# CLI batch messages: on a terminal (script(1)) a progress bar with done/total, rate and the
# current item, redrawn in place (\r ESC[K), in colour unless NO_COLOR or TERM=dumb; not on
# a terminal plain lines only, no escape sequences. Skipped and duplicate lines: the first
# ten each, then one line for the rest (-v lists all; a zip bomb's 340,000 duplicate rows are
# one line, not 340,000); '1 duplicate', '2 duplicates' in the summary.
. "$(dirname "$0")/lib.bash"
setup
mkdir -p in
for i in 1 2 3 4 5 6; do
    printf '# Article %s\n\nThe text of article %s, with a few words.\n' "$i" "$i" >"in/a$i.md"
done
cp in/a1.md in/copy.md

# not a terminal: one plain line per item, no escape sequences, '1 duplicate'
expect_exit 0 "$OFFPRINT" in/ -o out/ --to txt
expect_grep '^offprint: ok in/a1.md -> out/a1.txt$' err.txt
expect_grep '^offprint: 6 converted, 0 skipped, 1 duplicate, 0 failed$' err.txt
if grep -q "$(printf '\033')" err.txt; then fail "escape sequences without a terminal"; else pass; fi

# on a terminal: the bar; successes are not listed one by one
if have script; then
    on_tty() { script -qec "$(printf '%q ' "$@")" /dev/null </dev/null >tty.txt 2>&1; }
    TERM=xterm on_tty env -u NO_COLOR TERM=xterm "$OFFPRINT" in/ -o tout/ --to txt -j 1
    tr '\r' '\n' <tty.txt >lines.txt
    expect_grep '\[====================\] 7/7 [0-9.]+/s' lines.txt
    if grep -q "$(printf '\033\\[K')" tty.txt; then pass; else fail "the bar is not redrawn in place"; fi
    if grep -q "$(printf '\033\\[36m')" tty.txt; then pass; else fail "no colour on a terminal"; fi
    if grep -q 'ok in/a1.md' lines.txt; then fail "successes listed on a terminal"; else pass; fi
    expect_grep 'duplicate.* in/copy.md: same as in/a1.md' lines.txt
    expect_grep 'offprint: 6 converted, 0 skipped, 1 duplicate, 0 failed$' lines.txt
    on_tty env NO_COLOR=1 TERM=xterm "$OFFPRINT" in/ -o nout/ --to txt
    if grep -q "$(printf '\033\\[3')" tty.txt; then fail "colour with NO_COLOR"; else pass; fi
    tr '\r' '\n' <tty.txt >nlines.txt
    expect_grep '\] 7/7 ' nlines.txt
    on_tty env TERM=dumb "$OFFPRINT" in/ -o dout/ --to txt
    if grep -q "$(printf '\033\\[3')" tty.txt; then fail "colour with TERM=dumb"; else pass; fi
    on_tty env TERM=xterm "$OFFPRINT" -q in/ -o qout/ --to txt
    if [ -s tty.txt ]; then fail "-q printed: $(head -c 200 tty.txt)"; else pass; fi
else
    echo "SKIP: script(1) not installed (the terminal bar not checked)"
fi

# many duplicates: ten lines, then one
mkdir -p dups
for i in $(seq 1 14); do cp in/a2.md "dups/d$i.md"; done
expect_exit 0 "$OFFPRINT" dups/ -o dout2/ --to txt
n=$(grep -c '^offprint: duplicate ' err.txt)
[ "$n" = 10 ] && pass || fail "$n duplicate lines, want 10"
expect_grep '^offprint: 3 more duplicates not listed \(-v or --report lists every item\)$' err.txt
expect_grep '^offprint: 1 converted, 0 skipped, 13 duplicates, 0 failed$' err.txt
expect_exit 0 "$OFFPRINT" -v dups/ -o dout3/ --to txt
n=$(grep -c '^offprint: duplicate ' err.txt)
[ "$n" = 13 ] && pass || fail "-v: $n duplicate lines, want 13"

# a zip bomb: a handful of lines, not one per row
expect_exit 1 "$OFFPRINT" "$SRC/tests/fixtures/imports/bomb.zip" -o bomb/
n=$(wc -l <err.txt)
[ "$n" -lt 30 ] && pass || fail "the bomb printed $n lines"
expect_grep 'more duplicates not listed' err.txt
finish
