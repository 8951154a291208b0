# Golden: --toc puts a contents page after the title block: headings h1-h3 (--toc-depth N
# for more or fewer), dot leaders and right-aligned page numbers that match the pages the
# headings are on (pdftotext page by page), one link per entry line going to the heading's
# page (qpdf --json, when python3 is there); the article starts on the next page; the
# "Contents" heading is localised by the document's language (the EPUB's labels); without
# headings a warning and no contents page.
. "$(dirname "$0")/../cli/lib.bash"
. "$(dirname "$0")/check.bash"
have pdftotext || { echo "skip: pdftotext not installed"; exit 77; }
setup

heads=("## The measure" "### Leading and the grid"
    "## Hyphenation at length, with a heading long enough to wrap onto a second line of the contents page"
    "### Dictionaries" "#### Too deep for the contents" "## Closing")
{
    echo "# Typesetting Notes"
    echo
    for h in "${heads[@]}"; do
        echo "$h"
        echo
        for i in $(seq 1 12); do
            echo "Filler paragraph $i with enough words to take up some space on the page and push the later headings onto later pages."
            echo
        done
    done
} >toc.md

expect_exit 0 "$OFFPRINT" -q toc.md --toc -o toc.pdf
check_pdf toc.pdf "Contents" "The measure"
pdftotext -layout -f 1 -l 1 -enc UTF-8 toc.pdf p1.txt
if grep -q "Filler paragraph" p1.txt; then fail "the article starts on the contents page"; else pass; fi
if grep -q "Too deep" p1.txt; then fail "an h4 is in the default contents"; else pass; fi
pages=$(pdfinfo toc.pdf 2>/dev/null | awk '/^Pages:/ {print $2}')
# page_of TEXT: the first page (from 2) with a line starting with TEXT
page_of() {
    local p
    for p in $(seq 2 "$pages"); do
        if pdftotext -f "$p" -l "$p" -enc UTF-8 toc.pdf - | grep -q "^$1"; then echo "$p"; return; fi
    done
}
want=""
for t in "The measure" "Leading and the grid" "onto a second line of the contents page" \
    "Dictionaries" "Closing"; do
    p=$(page_of "$(echo "$t" | sed 's/^onto a second.*/Hyphenation/')")
    want="$want $p"
    got=$(grep -E "^ *$t[ .]+[0-9]+$" p1.txt | awk '{print $NF}')
    if [ -n "$p" ] && [ "$got" = "$p" ]; then pass; else fail "'$t' listed with page '$got', is on page '$p'"; fi
done
if echo "$want" | grep -q ' 2 .* [3-9]'; then pass; else fail "the headings should spread over pages:$want"; fi
if grep -Eq '^ *The measure( \.){10,} +[0-9]+$' p1.txt; then pass; else fail "no dot leader: $(head -5 p1.txt)"; fi
if have python3 && have qpdf; then
    pdf_links toc.pdf | tr '\n' ' ' >links.txt
    # one link per entry line: the wrapped heading has two
    set -- $want
    expect="1 $1 1 $2 1 $3 1 $3 1 $4 1 $5 "
    if [ "$(cat links.txt)" = "$expect" ]; then pass; else fail "links: $(cat links.txt), want $expect"; fi
fi

expect_exit 0 "$OFFPRINT" -q toc.md --toc --toc-depth 4 -o toc4.pdf
pdftotext -layout -f 1 -l 1 -enc UTF-8 toc4.pdf p1d.txt
expect_grep "Too deep for the contents[ .]+[0-9]+$" p1d.txt
expect_exit 0 "$OFFPRINT" -q toc.md --toc --toc-depth 2 -o toc2.pdf
pdftotext -layout -f 1 -l 1 -enc UTF-8 toc2.pdf p1s.txt
if grep -q "Leading and the grid" p1s.txt; then fail "--toc-depth 2 lists an h3"; else pass; fi

expect_exit 0 "$OFFPRINT" -q toc.md -o plain.pdf
pdftotext plain.pdf plain.txt
if grep -q "^Contents$" plain.txt; then fail "a contents page without --toc"; else pass; fi

# the heading is in the document's language (the EPUB's labels), English otherwise
pdftotext -f 1 -l 1 -enc UTF-8 toc.pdf en.txt
expect_grep "^Contents$" en.txt
for l in "de:Inhalt" "fr:Sommaire" "es:Contenido" "ko-KR:목차" "ja:目次" "sv:Contents"; do
    expect_exit 0 "$OFFPRINT" -q toc.md --toc --lang "${l%%:*}" -o "toc-${l%%:*}.pdf"
    pdftotext -f 1 -l 1 -enc UTF-8 "toc-${l%%:*}.pdf" "toc-${l%%:*}.txt"
    expect_grep "^${l#*:}$" "toc-${l%%:*}.txt"
done
check_pdf toc-ko-KR.pdf "목차"
if have unzip; then # the EPUB's nav heading says the same
    expect_exit 0 "$OFFPRINT" -q toc.md --lang de -o de.epub
    unzip -p de.epub '*nav.xhtml' >de.nav
    expect_grep "<h1>Inhalt</h1>" de.nav
fi

printf 'Just text.\n\nNo headings at all.\n' >flat.md
expect_exit 0 "$OFFPRINT" flat.md --toc -o flat.pdf
expect_grep "no headings; no contents page" err.txt
finish
