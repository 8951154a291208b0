# CLI: output naming, unwritable output folders (exit 3), missing stylesheet (exit 3),
# several inputs into a folder, and no temporary files left behind; outputs that are not
# plain files (a FIFO, a symbolic link), an input named as the output, two inputs with the same
# name into one folder.
. "$(dirname "$0")/lib.bash"
setup
printf 'A title\n\nSome text for the body.\n' >a.txt
printf 'Another title\n\nMore text for the body.\n' >b.txt
expect_exit 3 "$OFFPRINT" a.txt -o /nonexistent-dir/out.pdf
expect_grep '/nonexistent-dir/out.pdf: cannot write' err.txt
expect_exit 0 "$OFFPRINT" -q a.txt -o named.pdf
if [ -s named.pdf ]; then pass; else fail "named.pdf missing"; fi
expect_exit 0 "$OFFPRINT" -q a.txt --to epub
if [ -s a.epub ]; then pass; else fail "a.epub missing"; fi
mkdir outdir
expect_exit 0 "$OFFPRINT" a.txt b.txt -o outdir --to epub
if [ -s outdir/a.epub ] && [ -s outdir/b.epub ]; then pass; else fail "outdir/*.epub missing"; fi
expect_grep '2 converted, 0 failed' err.txt
expect_exit 0 "$OFFPRINT" a.txt b.txt -o book.pdf # one PDF book (golden pdf_bundle.sh)
expect_exit 2 "$OFFPRINT" a.txt b.txt -o book.md
expect_grep 'several inputs' err.txt
expect_exit 3 "$OFFPRINT" a.txt -o styled.epub --style /nonexistent/style.css
expect_grep 'style' err.txt
expect_no_file styled.epub
no_leftovers
# an existing output is replaced only on success
echo keep >keep.epub
expect_exit 3 "$OFFPRINT" a.txt -o keep.epub --style /nonexistent/style.css
expect_grep '^keep$' keep.epub
# an input is never the output
printf '<html><body><article><h1>Page</h1><p>Words of the page itself, long enough to be an article body for reader mode.</p></article></body></html>' >page.html
cp page.html page.orig
expect_exit 1 "$OFFPRINT" page.html --to html -o page.html
expect_grep 'is one of the inputs' err.txt
if cmp -s page.html page.orig; then pass; else fail "page.html was changed"; fi
# a symbolic link stays a link; its target gets the output
ln -s real.txt link.txt
expect_exit 0 "$OFFPRINT" -q a.txt -o link.txt
if [ -L link.txt ] && grep -q 'Some text' real.txt; then pass; else fail "link.txt replaced or real.txt not written"; fi
# a FIFO is written straight through, never replaced
mkfifo fifo
cat fifo >from-fifo.txt &
reader=$!
expect_exit 0 timeout 30 "$OFFPRINT" -q a.txt --to txt -o fifo
if [ -p fifo ]; then wait "$reader"; else kill "$reader" 2>/dev/null; fi
if [ -p fifo ] && grep -q 'Some text' from-fifo.txt; then pass; else fail "fifo replaced or nothing read"; fi
# two inputs with the same name into one folder: the second is refused, the first kept
mkdir -p x y same
printf 'First title\n\nThe first article body.\n' >x/index.txt
printf 'Second title\n\nThe second article body.\n' >y/index.txt
expect_exit 1 "$OFFPRINT" x/index.txt y/index.txt --to md -o same
expect_grep 'same/index.md was written from x/index.txt in this run' err.txt
expect_grep '1 converted, 1 failed' err.txt
expect_grep 'first article' same/index.md
no_leftovers
finish
