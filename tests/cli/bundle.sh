# CLI: several inputs into one EPUB or PDF book (-o FILE.epub, FILE.pdf), its failure modes, and the EPUB
# options' usage errors (--max-image-px, --max-size, --toc-depth, --profile).
. "$(dirname "$0")/lib.bash"
setup
printf 'A title\n\nSome text for the body.\n' >a.txt
printf '# Another title\n\nMore text.\n\n## A section\n\nText.\n' >b.md
expect_exit 0 "$OFFPRINT" a.txt b.md -o book.epub
expect_grep 'wrote book.epub \(2 articles\)' err.txt
if have unzip; then
    unzip -Z1 book.epub >list.txt
    expect_grep '^OEBPS/text/article-001.xhtml$' list.txt
    expect_grep '^OEBPS/text/article-002.xhtml$' list.txt
    unzip -p book.epub OEBPS/content.opf >opf.txt
    expect_grep '<dc:title>A title and 1 more</dc:title>' opf.txt
fi
# --title names the book, not each article
expect_exit 0 "$OFFPRINT" a.txt b.md -o titled.epub --title 'Weekend reading'
if have unzip; then
    unzip -p titled.epub OEBPS/content.opf >opf.txt
    expect_grep '<dc:title>Weekend reading</dc:title>' opf.txt
    unzip -p titled.epub OEBPS/text/article-002.xhtml >a2.txt
    expect_grep '<h1 class="title">Another title</h1>' a2.txt
fi
# an unreadable input is left out (exit 1, named); no readable input: no book
expect_exit 1 "$OFFPRINT" a.txt missing.txt b.md -o partial.epub
expect_grep 'missing.txt: error: cannot read' err.txt
expect_grep '1 of 3 inputs left out' err.txt
if [ -s partial.epub ]; then pass; else fail "partial.epub missing"; fi
expect_exit 1 "$OFFPRINT" missing1.txt missing2.txt -o none.epub
expect_grep 'no book written' err.txt
expect_no_file none.epub
# several inputs into one PDF: a book too (tests/golden/pdf_bundle.sh looks inside); into
# one text file: usage error; without -o each gets its own output
expect_exit 0 "$OFFPRINT" a.txt b.md -o book.pdf
expect_grep 'wrote book.pdf \(2 articles\)' err.txt
expect_exit 1 "$OFFPRINT" a.txt missing.txt -o partial.pdf
expect_grep '1 of 2 inputs left out' err.txt
if [ -s partial.pdf ]; then pass; else fail "partial.pdf missing"; fi
expect_exit 2 "$OFFPRINT" a.txt b.md -o book.txt
expect_grep 'only as a book \(-o book.epub, -o book.pdf\)' err.txt
expect_exit 0 "$OFFPRINT" -q a.txt b.md --to epub
if [ -s a.epub ] && [ -s b.epub ]; then pass; else fail "a.epub, b.epub missing"; fi
# option values
expect_exit 2 "$OFFPRINT" a.txt -o x.epub --max-image-px abc
expect_grep 'max-image-px' err.txt
expect_exit 2 "$OFFPRINT" a.txt -o x.epub --max-image-px 8
expect_exit 2 "$OFFPRINT" a.txt -o x.epub --max-size 10
expect_grep 'max-size' err.txt
expect_exit 2 "$OFFPRINT" a.txt -o x.epub --max-size 5Q
expect_exit 2 "$OFFPRINT" a.txt -o x.epub --toc-depth 9
expect_grep 'toc-depth' err.txt
expect_exit 2 "$OFFPRINT" a.txt -o x.epub --profile nook
expect_grep "unknown profile 'nook'" err.txt
expect_exit 0 "$OFFPRINT" a.txt -o x.epub --max-image-px 0 --max-size 50M --toc-depth 2 --profile kindle
# a cap the book cannot meet: exit 1, the option named, nothing written
expect_exit 1 "$OFFPRINT" a.txt -o tiny.epub --max-size 2K
expect_grep 'over the 2 KB cap \(--max-size\)' err.txt
expect_no_file tiny.epub
no_leftovers
finish
