# Golden: with --links footnote or endnote a link inside a heading gets its note mark in
# print (the heading's line in pdftotext), but the heading's navigation text stays the
# heading's words only: the PDF outline (qpdf --json), the --toc contents entry and the
# EPUB nav (and the heading's id) carry no note number.
. "$(dirname "$0")/../cli/lib.bash"
. "$(dirname "$0")/check.bash"
have pdftotext || { echo "skip: pdftotext not installed"; exit 77; }
setup

cat >h.md <<'MD'
# Notes on Type

Intro paragraph with some words, and a [first link](https://example.org/first).

## The [Garamond](https://example.org/garamond) revival

Body text about Garamond and its revival in the twentieth century.

## Closing words

More text, and x<sup>2</sup> stays a real superscript.

### Power x<sup>2</sup>

The end.
MD

for mode in footnote endnote; do
    expect_exit 0 "$OFFPRINT" -q h.md --links "$mode" --toc -o "$mode.pdf"
    check_pdf "$mode.pdf" "Garamond"
    # in print the heading keeps its mark: "Garamond" followed by the note number 2
    pdftotext -enc UTF-8 "$mode.pdf" "$mode.txt"
    expect_grep "^The Garamond ?2 revival$" "$mode.txt"
    if have qpdf; then
        qpdf --json "$mode.pdf" | grep -o '"/Title": "u:[^"]*"' >"$mode.outline"
        expect_grep '"u:The Garamond revival"' "$mode.outline"
        expect_grep '"u:Power x2"' "$mode.outline"
        if grep -q 'Garamond ?2' "$mode.outline"; then fail "$mode: note number in the outline"; else pass; fi
    fi
    pdftotext -layout -f 1 -l 1 -enc UTF-8 "$mode.pdf" "$mode.toc"
    expect_grep "^ *The Garamond revival[ .]+[0-9]+$" "$mode.toc"
    expect_exit 0 "$OFFPRINT" -q h.md --links "$mode" -o "$mode.epub"
    check_epub "$mode.epub"
    if have unzip; then
        unzip -p "$mode.epub" '*nav.xhtml' >"$mode.nav"
        expect_grep '<a href="text/article.xhtml#the-garamond-revival">The Garamond revival</a>' "$mode.nav"
        expect_grep '>Power x2</a>' "$mode.nav"
        unzip -p "$mode.epub" '*article.xhtml' >"$mode.xhtml"
        expect_grep '<h2 id="the-garamond-revival">' "$mode.xhtml"
    fi
done
finish
