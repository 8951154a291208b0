# CLI batch books resumed: a second run of the same --group-by or --bundle command leaves the
# books whose articles did not change untouched (same bytes, same mtime; their items
# "skipped: exists", the report's bundle line "skipped") and builds again only the books
# whose articles changed (an input modified, added or removed); a book with a failed article
# is built again (the failure told again); --force builds every book.
. "$(dirname "$0")/lib.bash"
setup

art() { # art FILE DATE: a plain-text article dated by its file
    printf '%s\n\nThe text of %s, a paragraph long enough to be an article of its own, with a second sentence.\n' \
        "$(basename "$1" .txt)" "$1" >"$1"
    touch -d "$2" "$1"
}
mtimes() { stat -c '%n %.9Y' "$@"; }

mkdir -p in
art in/a1.txt '2024-02-12 10:00' # W07
art in/a2.txt '2024-02-14 10:00' # W07
art in/a3.txt '2024-02-20 10:00' # W08
art in/a4.txt '2024-02-27 10:00' # W09

expect_exit 0 "$OFFPRINT" in/ --group-by week -o weeks/ --to epub --report r1.jsonl
expect_grep '^offprint: 4 converted, 0 skipped, 0 duplicates, 0 failed$' err.txt
ls -A weeks >list.txt
for f in 2024-W07.epub 2024-W08.epub 2024-W09.epub; do expect_grep "^$f\$" list.txt; done
mtimes weeks/*.epub >m1.txt
sleep 1.1 # a book written again would get another mtime

# the same command again: nothing changed, nothing written
expect_exit 0 "$OFFPRINT" in/ --group-by week -o weeks/ --to epub --report r2.jsonl
expect_grep '^offprint: 0 converted, 4 skipped, 0 duplicates, 0 failed$' err.txt
mtimes weeks/*.epub >m2.txt
cmp -s m1.txt m2.txt && pass || fail "books written again: $(diff m1.txt m2.txt)"
expect_grep '"input":"in/a1.txt".*"status":"skipped","reason":"exists"' r2.jsonl
expect_grep '"type":"bundle","output":"weeks/2024-W07.epub","status":"skipped","articles":2' r2.jsonl

# an article modified (W08), one added (W07), one removed (W09): those books only
art in/a3.txt '2024-02-21 10:00'
art in/a5.txt '2024-02-13 10:00'
rm in/a4.txt
art in/a6.txt '2024-03-05 10:00' # W10, a new book
expect_exit 0 "$OFFPRINT" in/ --group-by week -o weeks/ --to epub --report r3.jsonl
expect_grep '^offprint: 5 converted, 0 skipped, 0 duplicates, 0 failed$' err.txt
expect_grep '"type":"bundle","output":"weeks/2024-W07.epub","status":"ok","articles":3' r3.jsonl
expect_grep '"type":"bundle","output":"weeks/2024-W08.epub","status":"ok","articles":1' r3.jsonl
expect_grep '"type":"bundle","output":"weeks/2024-W10.epub","status":"ok","articles":1' r3.jsonl
mtimes weeks/2024-W09.epub >m3.txt
grep 'W09' m1.txt | cmp -s - m3.txt && pass || fail "W09 (no article now) was touched"

# a book with an article that fails is built again on the next run, the failure told again
: >in/broken.txt
touch -d '2024-02-28 10:00' in/broken.txt # W09
art in/a4.txt '2024-02-27 10:00'
expect_exit 1 "$OFFPRINT" in/ --group-by week -o weeks/ --to epub
expect_grep '^offprint: 1 converted, 5 skipped, 0 duplicates, 1 failed$' err.txt
expect_exit 1 "$OFFPRINT" in/ --group-by week -o weeks/ --to epub
expect_grep '^offprint: 1 converted, 5 skipped, 0 duplicates, 1 failed$' err.txt
expect_grep 'failed in/broken.txt: ' err.txt
rm in/broken.txt

# --force builds every book
expect_exit 0 "$OFFPRINT" in/ --group-by week -o weeks/ --to epub --force
expect_grep '^offprint: 6 converted, 0 skipped, 0 duplicates, 0 failed$' err.txt

# one book of everything: the same, as PDF
expect_exit 0 "$OFFPRINT" in/ --bundle -o all.pdf
expect_grep '^offprint: 6 converted, 0 skipped' err.txt
mtimes all.pdf >b1.txt
sleep 1.1
expect_exit 0 "$OFFPRINT" in/ --bundle -o all.pdf
expect_grep '^offprint: 0 converted, 6 skipped' err.txt
mtimes all.pdf >b2.txt
cmp -s b1.txt b2.txt && pass || fail "the bundle was written again"
# another title is another book
expect_exit 0 "$OFFPRINT" in/ --bundle -o all.pdf --title 'Other'
expect_grep '^offprint: 6 converted, 0 skipped' err.txt
# a book deleted is built again
rm all.pdf
expect_exit 0 "$OFFPRINT" in/ --bundle -o all.pdf --title 'Other'
expect_grep '^offprint: 6 converted, 0 skipped' err.txt
no_leftovers
finish
