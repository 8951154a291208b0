# Golden: the running header and footer come from the theme's @page margin boxes. The base
# sheet gives today's look (the title from page 2, "N / M" at the foot); a theme moves,
# restyles and fills them (strings, counter(page), counter(pages), string(title|site)),
# @page :first sets the first page apart, content: none turns one off, unsupported content
# is reported once; the EPUB gets the theme without the margin boxes (epubcheck 0/0).
. "$(dirname "$0")/../cli/lib.bash"
. "$(dirname "$0")/check.bash"
have pdftotext || { echo "skip: pdftotext not installed"; exit 77; }
setup
FIX=$SRC/tests/fixtures/sample/article.html
TITLE="The Quiet Craft of Setting Type"

# page_lines PDF N: the page's text lines in content order, blank lines and form feeds out
page_lines() { pdftotext -raw -f "$2" -l "$2" -enc UTF-8 "$1" - | tr -d '\f' | grep -v '^$'; }

expect_exit 0 "$OFFPRINT" -q "$FIX" -o default.pdf
n=$(pdfinfo default.pdf 2>/dev/null | awk '/^Pages:/ {print $2}')
[ -n "$n" ] && [ "$n" -ge 2 ] || n=2
page_lines default.pdf 1 >d1.txt
page_lines default.pdf 2 >d2.txt
if [ "$(tail -1 d1.txt)" = "1 / $n" ]; then pass; else fail "page 1 footer: $(tail -1 d1.txt)"; fi
if [ "$(head -1 d2.txt)" = "$TITLE" ]; then pass; else fail "page 2 header: $(head -1 d2.txt)"; fi
if [ "$(tail -1 d2.txt)" = "2 / $n" ]; then pass; else fail "page 2 footer: $(tail -1 d2.txt)"; fi
if [ "$(grep -c "^$TITLE\$" d1.txt)" = 1 ]; then pass; else fail "page 1 has a running header"; fi

cat >boxes.css <<'CSS'
@page {
    @top-left { content: string(site) " \2014  " string(title); font-size: 8pt; color: #c00000 }
    @top-center { content: none }
    @top-right { content: "p. " counter(page); font-weight: bold }
    @bottom-center { content: counter(page) " of " counter(pages); font-size: 9pt }
    @bottom-left { content: attr(data-x) }
}
@page :first {
    @top-left { content: none }
    @top-right { content: none }
    @bottom-center { content: "first page" }
}
body { font-family: serif }
CSS
expect_exit 0 "$OFFPRINT" "$FIX" --style boxes.css -o boxes.pdf
n=$(pdfinfo boxes.pdf 2>/dev/null | awk '/^Pages:/ {print $2}')
[ -n "$n" ] || n=2
page_lines boxes.pdf 1 >b1.txt
page_lines boxes.pdf 2 >b2.txt
if [ "$(tail -1 b1.txt)" = "first page" ]; then pass; else fail "page 1 footer: $(tail -1 b1.txt)"; fi
if grep -q "^p\. 1" b1.txt; then fail "@page :first did not turn off top-right"; else pass; fi
# top-left and top-right share the baseline: one line for pdftotext -raw
if [ "$(head -1 b2.txt)" = "The Offprint Review — $TITLE p. 2" ]; then pass; else
    fail "page 2 header: $(head -1 b2.txt)"
fi
if [ "$(tail -1 b2.txt)" = "2 of $n" ]; then pass; else fail "page 2 footer: $(tail -1 b2.txt)"; fi
if pdftotext boxes.pdf - | grep -q "^[0-9]* / [0-9]*$"; then fail "the base footer is still there"; else pass; fi
if [ "$(grep -c "attr(data-x)" err.txt)" = 1 ]; then pass; else fail "attr() not reported once: $(cat err.txt)"; fi
check_pdf boxes.pdf "$TITLE"

# a long title is shortened with an ellipsis to fit its box
cat >long.css <<'CSS'
@page { @top-center { content: "Chapter: " string(title) } }
CSS
expect_exit 0 "$OFFPRINT" -q "$FIX" --title "$(printf 'word%.0s ' $(seq 1 60))end" --style long.css --page 6in -o long.pdf
page_lines long.pdf 2 | head -1 >l2.txt
expect_grep "^Chapter: word( word)*…$" l2.txt
# a title without spaces (Japanese) is shortened between characters, not to a lone ellipsis
JA="トレンドマイクロ、公衆無線LANを安全に使うためのアプリ「フリーWi-Fiプロテクション」"
expect_exit 0 "$OFFPRINT" -q "$FIX" --title "$JA$JA" --page 6in -o long_ja.pdf
page_lines long_ja.pdf 2 | head -1 >j2.txt
expect_grep "^トレンドマイクロ、公衆無線.*[^、]…$" j2.txt

expect_exit 0 "$OFFPRINT" -q "$FIX" --style boxes.css -o boxes.epub
check_epub boxes.epub
if have unzip; then
    unzip -p boxes.epub OEBPS/style.css >style.css
    if grep -q "@top-left\|@bottom-center" style.css; then fail "margin boxes left in the EPUB css"; else pass; fi
    expect_grep "font-family: serif" style.css
fi
finish
