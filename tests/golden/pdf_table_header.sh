# Golden: a table that breaks across pages repeats its whole header at the top of each
# continuation page: both rows of a two-row header, in order, above the body rows (pdftotext
# -bbox); a header taller than half a page (cut into bands to flow) is not repeated at all,
# never a band of it alone.
. "$(dirname "$0")/../cli/lib.bash"
. "$(dirname "$0")/check.bash"
have pdftotext || { echo "skip: pdftotext not installed"; exit 77; }
setup

rows() { for i in $(seq 1 "$1"); do echo "<tr><td>Row$i</td><td>value $i</td><td>note $i</td></tr>"; done; }
{
    echo "<html lang=en><head><title>Tables</title></head><body><article><h1>Tables</h1>"
    echo "<p>A long table with a two-row header.</p>"
    echo "<table><thead><tr><th>Groupone</th><th>Grouptwo</th><th>Groupthree</th></tr>"
    echo "<tr><th>Keycol</th><th>Valuecol</th><th>Notecol</th></tr></thead><tbody>"
    rows 90
    echo "</tbody></table></article></body></html>"
} >two.html
expect_exit 0 "$OFFPRINT" -q two.html --page a5 -o two.pdf
check_pdf two.pdf "Groupone" "Keycol" "Row90"
pages=$(pdfinfo two.pdf 2>/dev/null | awk '/^Pages:/ {print $2}')
if [ "${pages:-0}" -ge 3 ]; then pass; else fail "two.pdf has $pages pages, the test wants 3 or more"; fi
# y of the first WORD on page P (empty when absent)
word_y() { awk -F'"' -v w="$2" '/<word / { t = $0; sub(/.*">/, "", t); sub(/<.*/, "", t)
    if (t == w) { print $4; exit } }' "$1"; }
for p in $(seq 1 "$pages"); do
    pdftotext -bbox -f "$p" -l "$p" two.pdf "t$p.html"
    first=$(grep -o '>Row[0-9]*<' "t$p.html" | head -1 | tr -d '<>')
    [ -n "$first" ] || continue
    g=$(word_y "t$p.html" Groupone) k=$(word_y "t$p.html" Keycol) r=$(word_y "t$p.html" "$first")
    if [ -n "$g" ] && [ -n "$k" ] && awk -v g="$g" -v k="$k" -v r="$r" 'BEGIN { exit !(g < k && k < r) }'; then
        pass
    else fail "page $p: header rows at '$g' and '$k', first body row $first at '$r'"; fi
done

words=$(for i in $(seq 1 40); do printf 'Tallword%s ' "$i"; done)
{
    echo "<html lang=en><head><title>Tall</title></head><body><article><h1>Tall</h1>"
    echo "<table><thead><tr><th>Tallstart $words Tallend</th><th>B</th><th>C</th><th>D</th><th>E</th><th>F</th></tr></thead><tbody>"
    for i in $(seq 1 60); do echo "<tr><td>Row$i</td><td>b</td><td>c</td><td>d</td><td>e</td><td>f</td></tr>"; done
    echo "</tbody></table></article></body></html>"
} >tall.html
expect_exit 0 "$OFFPRINT" -q tall.html --page 6in -o tall.pdf
check_pdf tall.pdf "Tallstart" "Tallend" "Row60"
pages=$(pdfinfo tall.pdf 2>/dev/null | awk '/^Pages:/ {print $2}')
end=0
for p in $(seq 1 "$pages"); do
    pdftotext -f "$p" -l "$p" -enc UTF-8 tall.pdf "tall$p.txt"
    if [ "$end" -gt 0 ] && grep -Eq "Tall(start|word|end)" "tall$p.txt"; then
        fail "page $p repeats part of the tall header: $(grep -o 'Tall[a-z0-9]*' "tall$p.txt" | head -3 | tr '\n' ' ')"
    fi
    grep -q Tallend "tall$p.txt" && end=$p
done
if [ "$end" -gt 0 ] && [ "$end" -lt "$pages" ]; then pass; else fail "the tall header ends on page $end of $pages"; fi
finish
