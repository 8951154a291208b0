# CLI: --help, --version and usage errors (exit 2) with one-line messages.
. "$(dirname "$0")/lib.bash"
setup
expect_exit 0 "$OFFPRINT" --help
expect_grep '^Usage: offprint' out.txt
expect_grep 'Exit codes' out.txt
# --help and check --help fit a terminal of 80 columns
if awk 'length($0) > 80 { exit 1 }' out.txt; then pass; else fail "--help has lines over 80 columns"; fi
expect_exit 0 "$OFFPRINT" check --help
if awk 'length($0) > 80 { exit 1 }' out.txt; then pass; else fail "check --help has lines over 80 columns"; fi
expect_exit 0 "$OFFPRINT" -h
expect_exit 0 "$OFFPRINT" --version
expect_grep '^offprint [0-9]+\.[0-9]+\.[0-9]+$' out.txt
expect_exit 2 "$OFFPRINT" --batch
expect_grep 'no input file' err.txt
expect_exit 2 "$OFFPRINT" --no-such-option x.html
expect_grep "^offprint: unknown option --no-such-option$" err.txt
expect_exit 2 "$OFFPRINT" --to docx x.html
expect_grep "unknown output format 'docx'" err.txt
expect_exit 2 "$OFFPRINT" -f rtf x.html
expect_exit 2 "$OFFPRINT" --page-size b7 x.html
expect_grep "unknown page size 'b7'" err.txt
expect_exit 2 "$OFFPRINT" x.html -o out.docx
expect_grep 'cannot tell the output format' err.txt
expect_exit 2 "$OFFPRINT" -
expect_grep 'needs -o' err.txt
expect_exit 2 "$OFFPRINT" -o
finish
