# Golden: --links footnote with lines whose notes cannot fit even on an empty page (many long
# URLs referred to from one line, on a small page): the notes that do not fit continue in
# the next page's note area, as TeX splits long footnotes. Nothing overlaps (pdftotext
# -bbox: every body word above the page's first note line, every word inside the page), no
# note is lost or doubled (each number once, each URL whole in the joined text), and the
# conversion ends.
. "$(dirname "$0")/../cli/lib.bash"
. "$(dirname "$0")/check.bash"
have pdftotext || { echo "skip: pdftotext not installed"; exit 77; }
setup

n=0
url() { echo "https://example.org/overflow/$1/$(printf 'segment-%s/' $(seq 1 14))index.html?note=$1"; }
{
    echo "# Overflow"
    echo
    echo "An opening paragraph that sets the scene before the crowded line arrives."
    echo
    for para in 1 2; do
        line=""
        for k in $(seq 1 6); do
            n=$((n + 1))
            line="$line [n$n]($(url $n))"
        done
        echo "Crowded:$line."
        echo
        for i in 1 2 3; do
            echo "A quiet paragraph $para.$i follows, with enough words in it to fill a few lines of the small page."
            echo
        done
    done
} >over.md
total=$n

for page in 6in a5; do
    expect_exit 0 timeout 60 "$OFFPRINT" -q over.md --links footnote --page "$page" -o "$page.pdf"
    check_pdf "$page.pdf" "Crowded"
    pages=$(pdfinfo "$page.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
    ph=$(pdfinfo "$page.pdf" 2>/dev/null | awk '/^Page size:/ {print $5}')
    # the note lines of all pages joined (-raw keeps line-end hyphens): a note continued on
    # the next page comes back whole
    pdftotext -raw -enc UTF-8 "$page.pdf" - |
        grep -E '^([0-9]+\. https://example\.org/overflow/|segment-|[0-9]+/segment-)' |
        tr -d '\n' >"$page.joined"
    pdftotext -enc UTF-8 "$page.pdf" "$page.txt"
    for k in $(seq 1 $total); do
        c=$(grep -cE "^$k\. https://example.org/overflow/$k/" "$page.txt")
        if [ "$c" = 1 ]; then pass; else fail "$page: note $k set $c times"; fi
        if grep -Fq "$(url $k)" "$page.joined"; then pass; else fail "$page: URL $k not whole"; fi
    done
    for p in $(seq 1 "$pages"); do
        pdftotext -bbox -f "$p" -l "$p" "$page.pdf" "b$p.html"
        # the note area starts at the rule's first line: a number label or a URL line
        awk -F'"' -v ph="$ph" '/<word / {
                w = $0; sub(/.*">/, "", w); sub(/<.*/, "", w)
                if ($4 < 0 || $8 > ph + 0.5) { print "word " w " off the page at " $4 "-" $8; bad = 1 }
                if (w ~ /^[0-9]+\.$/ || w ~ /^(https:\/\/|segment-|[a-z0-9-]*\/|index\.html)/) {
                    if (top == "" || $4 < top) top = $4
                } else if (w ~ /^[A-Za-z]+[.,:]?$/ && $8 > low) low = $8
            }
            END { if (top != "" && low > top) { print "body text at " low " below the notes at " top; bad = 1 }
                  exit bad }' "b$p.html" >overlap.txt
        if [ -s overlap.txt ]; then fail "$page page $p: $(head -3 overlap.txt)"; else pass; fi
    done
done
finish
