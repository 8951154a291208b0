# CLI: --links inline|endnote|footnote|none on the PDF (pdftotext), the EPUB and Markdown;
# an unknown mode is a usage error.
. "$(dirname "$0")/lib.bash"
setup
FIX=$SRC/tests/fixtures/sample/article.html
URL='https://en.wikipedia.org/wiki/Typesetting'
expect_exit 0 "$OFFPRINT" -q "$FIX" --links inline --to txt -o inline.txt
expect_grep "a good typesetting \($URL\) program" inline.txt
expect_exit 0 "$OFFPRINT" -q "$FIX" --links endnote --to md -o end.md
expect_grep "\[typesetting\]\(<$URL>\)<sup>1</sup> program" end.md
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
    if grep -q "^Links$" foot.txt; then fail "--links footnote made a Links list"; else pass; fi
fi
expect_exit 0 "$OFFPRINT" -q "$FIX" --links footnote --to md -o foot.md
expect_grep "^1\. <$URL>$" foot.md
expect_exit 0 "$OFFPRINT" -q "$FIX" --links endnote -o end.epub
if have unzip; then
    unzip -p end.epub '*.xhtml' >end.xhtml
    expect_grep "<sup>1</sup>" end.xhtml
    expect_exit 0 "$OFFPRINT" -q "$FIX" --links footnote -o foot.epub
    unzip -p foot.epub '*.xhtml' >foot.xhtml
    expect_grep "<sup><a epub:type=\"noteref\" href=\"#fn-article-1\">1</a></sup>" foot.xhtml
    expect_grep "<aside epub:type=\"footnote\" id=\"fn-article-1\"" foot.xhtml
fi
expect_exit 2 "$OFFPRINT" "$FIX" --links sideways
expect_grep "unknown --links mode 'sideways'" err.txt
finish
