# Golden: several inputs into one PDF book. A title page (the book's title, derived or
# --title, no header or footer), the contents (each article with a dot leader and the page
# it starts on, as pdftotext finds it; a link per entry to that page), each article from a
# new page with its own title block, running headers with the article's title (not on an
# article's first page), footers numbering the book's pages; the outline: Contents, then one
# entry per article with its headings under it (qpdf --json). One input stays a plain PDF.
. "$(dirname "$0")/../cli/lib.bash"
. "$(dirname "$0")/check.bash"
have pdftotext || { echo "skip: pdftotext not installed"; exit 77; }
setup

# article NAME TITLE SECTIONS...: a Markdown article long enough for two pages or more
article() {
    local f=$1 t=$2
    shift 2
    {
        echo "# $t"
        echo
        for h in "$@"; do
            echo "## $h"
            echo
            for i in $(seq 1 9); do
                echo "Paragraph $i of $h, with enough words in it to fill a few lines of the page and push the next section further down."
                echo
            done
        done
    } >"$f"
}
article a.md "Alpha field notes" "First section" "Second section"
article b.md "Bravo dispatch" "Only section"
printf 'Charlie short piece\n\nA few lines only, one page.\n' >c.txt

expect_exit 0 "$OFFPRINT" a.md b.md c.txt -o book.pdf
expect_grep 'wrote book.pdf \(3 articles\)' err.txt
check_pdf book.pdf "Alpha field notes and 2 more" "Contents" "Bravo dispatch" "Charlie short piece"
pages=$(pdfinfo book.pdf | awk '/^Pages:/ {print $2}')
pdftotext -f 1 -l 1 -enc UTF-8 book.pdf p1.txt
expect_grep "^Alpha field notes and 2 more$" p1.txt
if grep -Eq "/ ?$pages" p1.txt; then fail "a footer on the title page"; else pass; fi
pdftotext -layout -f 2 -l 2 -enc UTF-8 book.pdf p2.txt
expect_grep "^ *Contents$" p2.txt
expect_grep "2 ?/ ?$pages" p2.txt
# start_of TITLE: the page whose text starts with TITLE (an article's first page has no header)
start_of() {
    local p
    for p in $(seq 3 "$pages"); do
        if pdftotext -f "$p" -l "$p" -enc UTF-8 book.pdf - | head -1 | grep -qx "$1"; then
            echo "$p"
            return
        fi
    done
}
starts=""
for t in "Alpha field notes" "Bravo dispatch" "Charlie short piece"; do
    p=$(start_of "$t")
    starts="$starts $p"
    got=$(grep -E "^ *$t( \.)+ +[0-9]+$" p2.txt | awk '{print $NF}')
    if [ -n "$p" ] && [ "$got" = "$p" ]; then pass; else fail "'$t' listed on page '$got', starts on '$p'"; fi
done
set -- $starts
if [ "$1" = 3 ] && [ "$2" -gt 4 ] && [ "$3" -gt "$2" ]; then pass; else fail "article starts:$starts"; fi
# the page after an article's first one: its title as the running header, the book's footer
pdftotext -f 4 -l 4 -enc UTF-8 book.pdf p4.txt
if [ "$(head -1 p4.txt)" = "Alpha field notes" ]; then pass; else fail "header of page 4: $(head -1 p4.txt)"; fi
expect_grep "^4 ?/ ?$pages$" p4.txt
pdftotext -f "$2" -l "$2" -enc UTF-8 book.pdf pb.txt
if grep -q "Paragraph .* of Second section" pb.txt; then fail "Bravo shares a page with Alpha"; else pass; fi
if [ "$(($2 + 1))" -lt "$3" ]; then
    pdftotext -f "$(($2 + 1))" -l "$(($2 + 1))" -enc UTF-8 book.pdf pb2.txt
    if [ "$(head -1 pb2.txt)" = "Bravo dispatch" ]; then pass; else fail "header after Bravo's start: $(head -1 pb2.txt)"; fi
fi

if have qpdf && have python3; then
    cat >outline.py <<'PY'
import json, subprocess, sys
j = json.loads(subprocess.run(["qpdf", "--json", sys.argv[1]], capture_output=True, text=True).stdout)
def walk(items, depth):
    for o in items:
        print("%s%s %s" % ("  " * depth, o["title"], o.get("destpageposfrom1")))
        walk(o["kids"], depth + 1)
walk(j["outlines"], 0)
PY
    python3 outline.py book.pdf >outline.txt
    printf '%s\n' "Contents 2" "Alpha field notes $1" "  First section $1" "  Second section *" \
        "Bravo dispatch $2" "  Only section $2" "Charlie short piece $3" >want.txt
    n=0
    while IFS= read -r w; do
        n=$((n + 1))
        g=$(sed -n "${n}p" outline.txt)
        case "$g" in $w) pass ;; *) fail "outline line $n: '$g', want '$w'" ;; esac
    done <want.txt
    if [ "$(wc -l <outline.txt)" = 7 ]; then pass; else fail "outline: $(cat outline.txt)"; fi
    pdf_links book.pdf | awk '$1 == 2 {print $2}' | tr '\n' ' ' >links.txt
    if [ "$(cat links.txt)" = "${starts# } " ]; then pass; else fail "contents links: $(cat links.txt), want$starts"; fi
fi

# --title names the book (title page and document info), not the articles
expect_exit 0 "$OFFPRINT" -q a.md b.md -o titled.pdf --title 'Weekend reading'
pdftotext -f 1 -l 1 -enc UTF-8 titled.pdf t1.txt
expect_grep "^Weekend reading$" t1.txt
pdfinfo titled.pdf >info.txt
expect_grep "^Title: +Weekend reading$" info.txt
pdftotext -f 3 -l 3 -enc UTF-8 titled.pdf t3.txt
if [ "$(head -1 t3.txt)" = "Alpha field notes" ]; then pass; else fail "article title: $(head -1 t3.txt)"; fi
# the contents heading in the book's language; the same bytes twice
expect_exit 0 "$OFFPRINT" -q a.md b.md --lang de -o de.pdf
pdftotext -f 2 -l 2 -enc UTF-8 de.pdf de.txt
expect_grep "^Inhalt$" de.txt
expect_exit 0 "$OFFPRINT" -q a.md b.md --lang de -o de2.pdf
if cmp -s de.pdf de2.pdf; then pass; else fail "the book is not reproducible"; fi
# one input: a plain PDF, no title page
expect_exit 0 "$OFFPRINT" -q a.md -o one.pdf
pdftotext -f 1 -l 1 -enc UTF-8 one.pdf one.txt
if grep -q "^Contents$" one.txt; then fail "one input got a contents page"; else pass; fi
# Korean and Latin articles in one book: every font embedded, each text back
cp "$SRC/tests/fixtures/scripts/ko.html" ko.html &&
    expect_exit 0 "$OFFPRINT" -q a.md ko.html -o mixed.pdf && check_pdf mixed.pdf "한국어"
finish
