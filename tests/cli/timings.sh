# CLI --timings: each conversion's stages (those that ran) with their wall and CPU time to
# stderr, then the total and the megabytes a second through tree and extraction; with -q too; one block per
# output (a book: one); outputs unchanged by it; batch mode says it does nothing there.
. "$(dirname "$0")/lib.bash"
setup
export SOURCE_DATE_EPOCH=1700000000
sample="$SRC/tests/fixtures/sample/article.html"
ms='[0-9]+\.[0-9] ms +[0-9]+%  \(CPU [0-9]+\.[0-9] ms\)$'

# PDF: every stage of the pipeline up to the file
expect_exit 0 "$OFFPRINT" --timings "$sample" -o a.pdf
expect_grep "^offprint: timings for .*article.html \([0-9.]+ MB in\):$" err.txt
for stage in read decode tree extract model layout pdf save; do
    expect_grep "^  $stage +$ms" err.txt
done
for stage in epub export; do
    if grep -q "^  $stage " err.txt; then fail "PDF run lists $stage: $(cat err.txt)"; else pass; fi
done
expect_grep '^  total +[0-9]+\.[0-9] ms +\(CPU [0-9]+\.[0-9] ms\)$' err.txt
expect_grep '^  tree \+ extract: [0-9.]+ MB/s \(CPU: [0-9.]+ MB/s\)$' err.txt
expect_grep '^offprint: wrote a.pdf$' err.txt

# EPUB and text: their own writer's stage; the output is the same without --timings
expect_exit 0 "$OFFPRINT" -q --timings "$sample" -o a.epub
expect_grep "^  epub +$ms" err.txt
if grep -Eq '^  (layout|pdf) ' err.txt; then fail "EPUB run lists PDF stages"; else pass; fi
if grep -q 'wrote' err.txt; then fail "-q still says wrote: $(cat err.txt)"; else pass; fi
expect_exit 0 "$OFFPRINT" -q "$sample" -o b.epub
if cmp -s a.epub b.epub; then pass; else fail "--timings changed the EPUB"; fi
expect_exit 0 "$OFFPRINT" --timings "$sample" -o - --to txt
expect_grep "^  export +$ms" err.txt
"$OFFPRINT" -q "$sample" -o - --to txt >plain.txt 2>/dev/null
if cmp -s out.txt plain.txt; then pass; else fail "--timings changed standard output"; fi

# Markdown: the tree stage builds the model
expect_exit 0 "$OFFPRINT" --timings "$SRC/tests/fixtures/golden/notes.md" -o notes.txt
expect_grep "^  tree +$ms" err.txt

# two inputs into a folder: a block each; a book: one block naming it
mkdir out
expect_exit 0 "$OFFPRINT" --timings "$sample" "$SRC/tests/fixtures/golden/notes.md" -o out --to txt
n=$(grep -c '^offprint: timings for' err.txt)
if [ "$n" = 2 ]; then pass; else fail "$n timing blocks for two inputs: $(cat err.txt)"; fi
expect_grep '^offprint: timings for .*notes.md ' err.txt
expect_exit 0 "$OFFPRINT" --timings "$sample" "$SRC/tests/fixtures/golden/notes.md" -o book.epub
n=$(grep -c '^offprint: timings for' err.txt)
if [ "$n" = 1 ]; then pass; else fail "$n timing blocks for one book: $(cat err.txt)"; fi
expect_grep '^offprint: timings for book.epub ' err.txt

# an input that fails still shows what it took
expect_exit 1 "$OFFPRINT" --timings missing.html -o m.pdf
expect_grep "^  read +$ms" err.txt

# batch mode: not supported, said once
mkdir in
cp "$sample" in/
expect_exit 0 "$OFFPRINT" --timings in/ -o bout
expect_grep '^offprint: warning: --timings does nothing in batch mode$' err.txt
finish
