# Golden: no page ends in a hyphenated word when the paging can avoid it (TeX's
# \brokenpenalty): long-word English text in many short paragraphs on several page sizes;
# the last body line of each page (pdftotext -raw, before the page number) never ends in
# letter + hyphen while the next page starts with the rest of the word in lowercase.
. "$(dirname "$0")/../cli/lib.bash"
. "$(dirname "$0")/check.bash"
have pdftotext || { echo "skip: pdftotext not installed"; exit 77; }
[ -r /usr/share/hyphen/hyph_en_US.dic ] || { echo "skip: hyphen-en-us not installed"; exit 77; }
setup

words="Internationalization representatives characteristically misunderstood
responsibilities, notwithstanding extraordinary institutionalization, and
telecommunications organizations overwhelmingly recommended comprehensive reconsideration
of unquestionably counterproductive administrative regulations concerning environmental
considerations."
{
    echo '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Long Words</title>'
    echo '</head><body><article><h1>Long Words</h1>'
    for i in $(seq 1 14); do
        echo "<p>Paragraph $i. $words $words"
        [ $((i % 2)) = 0 ] && echo "$words"
        echo "</p>"
    done
    echo '</article></body></html>'
} >long.html

# broken_pages PDF: pages whose last body line ends in letter + hyphen and whose next page's
# first body line starts in lowercase (a word split across the page break), unless that line
# is its paragraph's second (the orphan rule keeps it with the first, "Paragraph N. ...")
broken_pages() {
    local pages p n=0 last first
    pages=$(pdftotext -raw "$1" - | grep -c $'\f')
    for p in $(seq 1 $((pages - 1))); do
        pdftotext -raw -f "$p" -l "$p" "$1" - | tr -d '\f' | grep -v '^[0-9]* / [0-9]*$' |
            grep -v '^$' | tail -2 >tail.txt
        last=$(tail -1 tail.txt)
        head -1 tail.txt | grep -q '^Paragraph ' && continue
        first=$(pdftotext -raw -f $((p + 1)) -l $((p + 1)) "$1" - | tr -d '\f' | grep -v '^$' | sed -n 2p)
        if echo "$last" | grep -q '[[:alpha:]]-$' && echo "$first" | grep -q '^[[:lower:]]'; then
            n=$((n + 1))
        fi
    done
    echo "$n $pages"
}

total=0
for size in a4 a5 6in 7in letter; do
    expect_exit 0 "$OFFPRINT" -q long.html --page $size -o "long-$size.pdf"
    check_pdf "long-$size.pdf" "Long Words"
    set -- $(broken_pages "long-$size.pdf")
    total=$((total + $2))
    if [ "$1" = 0 ]; then pass; else fail "--page $size: $1 of $2 pages end in a split word"; fi
done
if [ "$total" -ge 20 ]; then pass; else fail "only $total page breaks tested"; fi
finish
