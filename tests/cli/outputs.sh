# CLI: output naming, unwritable output folders (exit 3), missing stylesheet (exit 3),
# several inputs into a folder, and no temporary files left behind.
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
expect_exit 2 "$OFFPRINT" a.txt b.txt -o book.pdf
expect_grep 'several inputs' err.txt
expect_exit 3 "$OFFPRINT" a.txt -o styled.epub --style /nonexistent/style.css
expect_grep 'style' err.txt
expect_no_file styled.epub
no_leftovers
# an existing output is replaced only on success
echo keep >keep.epub
expect_exit 3 "$OFFPRINT" a.txt -o keep.epub --style /nonexistent/style.css
expect_grep '^keep$' keep.epub
finish
