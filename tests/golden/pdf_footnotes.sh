# Golden: --links footnote sets each link's URL as a numbered note at the foot of the page
# that holds the reference (pdftotext page by page), under the body text (pdftotext -bbox:
# every body word above the first note number), long URLs wrapped inside the measure;
# --links endnote keeps the "Links" list at the end; the EPUB gets noteref/footnote asides.
. "$(dirname "$0")/../cli/lib.bash"
. "$(dirname "$0")/check.bash"
have pdftotext || { echo "skip: pdftotext not installed"; exit 77; }
setup

filler="Set in a measure the eye can travel comfortably, with even spacing and no rivers, the
text lets the reader forget the page and hear the voice of the author instead of the machine"
long="https://example.org/archive/2024/typography/a-very-long-path-segment-that-keeps-going/and-another-one-for-good-measure/index.html?utm_source=offprint&utm_medium=print&utm_campaign=footnotes"
{
    echo "# Footnotes"
    echo
    for i in $(seq 1 30); do
        if [ $((i % 3)) = 0 ]; then
            n=$((i / 3))
            url="https://example.org/notes/$n/page.html"
            [ $n = 4 ] && url=$long
            echo "$filler, see [ref$n]($url) for more. $filler."
        else
            echo "$filler. $filler. $filler."
        fi
        echo
    done
} >notes.md

expect_exit 0 "$OFFPRINT" -q notes.md --links footnote -o foot.pdf
check_pdf foot.pdf "Footnotes"
pages=$(pdfinfo foot.pdf 2>/dev/null | awk '/^Pages:/ {print $2}')
[ -n "$pages" ] || pages=$(pdftotext foot.pdf - | grep -c $'\f')
if [ "$pages" -ge 3 ]; then pass; else fail "only $pages pages: the test wants notes on several"; fi
for p in $(seq 1 "$pages"); do
    pdftotext -f "$p" -l "$p" -enc UTF-8 foot.pdf "p$p.txt"
done
for n in $(seq 1 10); do
    ref=$(grep -l "ref$n$n\b" p*.txt | head -1)
    if [ -z "$ref" ]; then fail "reference $n not found"; continue; fi
    if grep -Eq "^$n\. https://example.org/" "$ref"; then pass; else
        fail "note $n is not on the page of its reference ($ref): $(grep -E '^[0-9]+\. ' "$ref")"
    fi
    others=$(grep -lE "^$n\. https://" p*.txt | grep -vc "^$ref$")
    if [ "$others" = 0 ]; then pass; else fail "note $n also on another page"; fi
done
# the long URL comes back whole once its line breaks are removed (-raw: keep line-end hyphens)
lp=$(grep -l 'ref44' p*.txt | head -1)
lp=${lp#p}
pdftotext -raw -f "${lp%.txt}" -l "${lp%.txt}" -enc UTF-8 foot.pdf - | tr -d '\n' >long.txt
if grep -Fq "$long" long.txt; then pass; else fail "the long URL is not whole: $(grep -o 'https://example.org/archive[^ ]*' long.txt)"; fi
# body words above the notes on every page
for p in $(seq 1 "$pages"); do
    pdftotext -bbox -f "$p" -l "$p" foot.pdf "b$p.html"
    awk -F'"' '/<word / {
            w = $0; sub(/.*">/, "", w); sub(/<.*/, "", w)
            if (w ~ /^[0-9]+\.$/) { if (top == "" || $4 < top) top = $4 }
            else if (w ~ /^[A-Za-z]+[.,]?$/ && $8 > low) low = $8
        }
        END { if (top != "" && low > top) { print "body text at " low " below the notes at " top; exit 1 } }' \
        "b$p.html" >overlap.txt
    if [ -s overlap.txt ]; then fail "page $p: $(cat overlap.txt)"; else pass; fi
done

expect_exit 0 "$OFFPRINT" -q notes.md --links endnote -o end.pdf
pdftotext -enc UTF-8 end.pdf end.txt
expect_grep "^Links$" end.txt
expect_grep "^10\. https://example.org/notes/10/page.html$" end.txt
if grep -q "^Links$" p*.txt; then fail "footnote mode has a Links list"; else pass; fi

expect_exit 0 "$OFFPRINT" -q notes.md --links footnote -o foot.epub
check_epub foot.epub
if have unzip; then
    unzip -p foot.epub '*article*.xhtml' >foot.xhtml
    expect_grep '<sup><a epub:type="noteref" href="#fn-article-3">3</a></sup>' foot.xhtml
    expect_grep '<aside epub:type="footnote" id="fn-article-3" class="footnote"><p>3\. <a href="https://example.org/notes/3/page.html">' foot.xhtml
fi
finish
