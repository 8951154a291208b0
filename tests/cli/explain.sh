# CLI: --explain to stderr and to a file; --explain=FILE that cannot be written (exit 3).
. "$(dirname "$0")/lib.bash"
setup
FIX=$SRC/tests/fixtures/extract/explain.html
expect_exit 0 "$OFFPRINT" --explain "$FIX" --to txt -o out.txt
expect_grep '^dropped \| hidden \| div#main.post > p \| "Hidden teaser' err.txt
expect_grep '^kept    \| article: score [0-9.]+, best of [0-9]+ candidates \| div#main.post' err.txt
expect_grep 'The old tide mill' out.txt
expect_exit 0 "$OFFPRINT" -q --explain=why.txt "$FIX" --to txt -o out2.txt
expect_grep '^dropped \| duplicate caption \|' why.txt
if [ -s err.txt ]; then fail "--explain=FILE wrote to stderr: $(head -c 200 err.txt)"; else pass; fi
# without --explain, nothing of it
expect_exit 0 "$OFFPRINT" -q "$FIX" --to txt -o out3.txt
if [ -s err.txt ]; then fail "stderr not empty without --explain"; else pass; fi
expect_exit 3 "$OFFPRINT" --explain=/nonexistent-dir/why.txt "$FIX" --to txt -o out4.txt
expect_grep 'nonexistent-dir/why.txt: cannot write' err.txt
finish
