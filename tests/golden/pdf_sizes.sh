#!/bin/bash
# PDF golden test: --page-size a4/letter/a5 give the right MediaBox, a long Markdown
# input paginates with page numbers, and the outline lists the headings.
# Args: $1 offprint binary, $2 source dir, $3 scratch dir. Exit 77 = skip (tool missing).
set -u
OFFPRINT=$1 OUT=$3
for t in qpdf pdfinfo pdftotext; do
    command -v "$t" >/dev/null 2>&1 || { echo "skip: $t not installed"; exit 77; }
done
rm -rf "$OUT" && mkdir -p "$OUT" && cd "$OUT" || exit 1
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
{
    echo "# Long Article"
    for s in 1 2 3 4 5 6; do
        echo
        echo "## Section $s"
        for p in 1 2 3 4; do
            echo
            echo "Paragraph $s.$p: the quick brown fox jumps over the lazy dog, and the typesetter"
            echo "spreads the remaining space evenly between the words of the justified line."
        done
    done
} >long.md
for size in a4:595.28x841.89 letter:612x792 a5:419.53x595.28; do
    name=${size%%:*} dims=${size#*:}
    "$OFFPRINT" -q long.md -o "$name.pdf" --page-size "$name" 2>err.txt || fail "$name: exit $?"
    qpdf --check "$name.pdf" >/dev/null 2>&1 || fail "$name: qpdf --check"
    got=$(pdfinfo "$name.pdf" | awk '/^Page size:/ { print $3 "x" $5 }')
    [ "$got" = "$dims" ] || fail "$name: page size $got, want $dims"
done
pages=$(pdfinfo a5.pdf | awk '/^Pages:/ { print $2 }')
[ "${pages:-0}" -ge 2 ] || fail "a5: expected several pages, got $pages"
pdftotext a5.pdf - | grep -Eq "^2 ?/ ?$pages\$" || fail "a5: page number '2 / $pages' missing"
if command -v qpdf >/dev/null && qpdf --json a5.pdf 2>/dev/null | grep -q '"Section 6"'; then :; else
    fail "outline entry 'Section 6' missing"
fi
[ $fails -eq 0 ] && echo "pdf_sizes: ok"
exit $((fails > 0))
