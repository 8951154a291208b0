# CLI: --links inline|endnote|footnote|none on the PDF (pdftotext), the EPUB and Markdown;
# an unknown mode is a usage error.
. "$(dirname "$0")/lib.bash"
setup
FIX=$SRC/tests/fixtures/sample/article.html
URL='https://en.wikipedia.org/wiki/Typesetting'
expect_exit 0 "$OFFPRINT" -q "$FIX" --links inline --to txt -o inline.txt
expect_grep "a good typesetting \($URL\) program" inline.txt
expect_exit 0 "$OFFPRINT" -q "$FIX" --links endnote --to md -o end.md
expect_grep "\[typesetting\]\($URL\)<sup>1</sup> program" end.md
expect_grep '^## Links$' end.md
expect_grep "^1\. <$URL>$" end.md
expect_exit 0 "$OFFPRINT" -q "$FIX" --links none --to html -o none.html
if grep -q "href=\"$URL\"" none.html; then fail "--links none left a link"; else pass; fi
expect_exit 0 "$OFFPRINT" -q "$FIX" --to html -o keep.html
expect_grep "<a href=\"$URL\">typesetting</a> program" keep.html
if have pdftotext; then
    expect_exit 0 "$OFFPRINT" -q "$FIX" --links footnote -o foot.pdf
    pdftotext foot.pdf foot.txt
    expect_grep "^1\. $URL$" foot.txt
fi
expect_exit 0 "$OFFPRINT" -q "$FIX" --links endnote -o end.epub
if have unzip; then
    unzip -p end.epub '*.xhtml' >end.xhtml
    expect_grep "<sup>1</sup>" end.xhtml
fi
expect_exit 2 "$OFFPRINT" "$FIX" --links sideways
expect_grep "unknown --links mode 'sideways'" err.txt
finish
