# CLI: --links inline|endnote|footnote|none on the PDF (pdftotext), the EPUB and Markdown;
# a link on the article's title; an unknown mode is a usage error.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/../golden/check.bash"
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
# A link on the title (an h1 the title block replaces) is a link like the others: note 1
# with footnote/endnote in the PDF and the EPUB (also on the EPUB's title page, pointing
# into the article), " (URL)" with inline, clickable by default. A title linking to the
# source URL, which the title block shows under it already, gets no note.
titled() {
    cat <<EOF
<html lang=en><head><title>Linked title</title><link rel=canonical href="https://example.org/post">
</head><body><article><h1><a href="$1">Linked title</a></h1>
<p>Body text with a <a href="https://example.com/ref">reference</a> in it, and more words after
that, enough of them for reader mode to keep this paragraph as the text of the article.</p>
<p>A second paragraph says more about the subject, so the page reads as an article.</p>
</article></body></html>
EOF
}
titled https://example.org/elsewhere >titled.html
titled https://example.org/post/ >self.html
expect_exit 0 "$OFFPRINT" -q titled.html --to html -o titled.out.html
expect_grep '<h1><a href="https://example.org/elsewhere">Linked title</a></h1>' titled.out.html
expect_exit 0 "$OFFPRINT" -q titled.html --links inline --to html -o inline.out.html
expect_grep '<h1><a href="https://example.org/elsewhere">Linked title</a> \(https://example.org/elsewhere\)</h1>' inline.out.html
if have pdftotext; then
    expect_exit 0 "$OFFPRINT" -q titled.html --links footnote -o tfoot.pdf
    pdftotext tfoot.pdf tfoot.txt
    expect_grep '^Linked title1$' tfoot.txt
    expect_grep '^1\. https://example.org/elsewhere$' tfoot.txt
    expect_grep '^2\. https://example.com/ref$' tfoot.txt
    expect_exit 0 "$OFFPRINT" -q titled.html --links endnote -o tend.pdf
    pdftotext tend.pdf tend.txt
    expect_grep '^Linked title1$' tend.txt
    expect_grep '^1\. https://example.org/elsewhere$' tend.txt
    expect_exit 0 "$OFFPRINT" -q self.html --links footnote -o self.pdf
    pdftotext self.pdf self.txt
    expect_grep '^Linked title$' self.txt
    expect_grep '^1\. https://example.com/ref$' self.txt
fi
printf '# [Linked title](https://example.org/elsewhere)\n\nBody text with a [reference](https://example.com/ref).\n' >titled.md
expect_exit 0 "$OFFPRINT" -q titled.md --links endnote --to md -o titled.out.md
expect_grep '^1\. <https://example.org/elsewhere>$' titled.out.md
expect_grep '^2\. <https://example.com/ref>$' titled.out.md
expect_exit 0 "$OFFPRINT" -q titled.html --links footnote -o tfoot.epub
check_epub tfoot.epub
if have unzip; then
    unzip -p tfoot.epub OEBPS/text/cover.xhtml >tcover.xhtml
    unzip -p tfoot.epub OEBPS/text/article.xhtml >tart.xhtml
    expect_grep 'Linked title</a><sup><a epub:type="noteref" href="article.xhtml#fn-article-1">1</a></sup></h1>' tcover.xhtml
    expect_grep '<aside epub:type="footnote" id="fn-article-1" class="footnote"><p>1. <a href="https://example.org/elsewhere">' tart.xhtml
    expect_exit 0 "$OFFPRINT" -q self.html --links endnote -o self.epub
    unzip -p self.epub OEBPS/text/cover.xhtml >scover.xhtml
    expect_grep '<h1 class="title">Linked title</h1>' scover.xhtml
fi
expect_exit 2 "$OFFPRINT" "$FIX" --links sideways
expect_grep "unknown --links mode 'sideways'" err.txt
finish
