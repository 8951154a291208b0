# Golden: plain-text article dumps (title | site, repeated headline, photo captions printed
# twice, a "PLACE, Mon. D (Agency)" dateline, a trailing "(Wire)" credit, a comment form) to
# PDF and EPUB. What to expect is read from the dump itself, so the same checks run on our
# fixture and, when the shared samples sit next to the clone, on the real news dump:
# every paragraph and caption exactly once, no comment form, the title block complete.
. "$(dirname "$0")/../cli/lib.bash"
. "$(dirname "$0")/check.bash"
setup

# fold: curly quotes to straight ones, no-break spaces to spaces (dump and outputs alike)
fold() { sed -e "s/\xE2\x80\x98/'/g; s/\xE2\x80\x99/'/g" -e 's/\xE2\x80\x9C/"/g; s/\xE2\x80\x9D/"/g' \
    -e 's/\xC2\xA0/ /g'; }

# derive DUMP: writes expect.env (TITLE SITE PLACE AGENCY CREDIT), captions.txt (first six
# words of each doubled caption), paras.txt (first six words of each body paragraph, the
# first one without its dateline) from the dump, up to the first comment-form line.
derive() {
    fold <"$1" | tr -d '\r' | awk '
        function words(s, n,   a, k, out) { k = split(s, a, " "); out = a[1]
            for (i = 2; i <= n && i <= k; i++) out = out " " a[i]; return out }
        /^[ \t]*$/ { next }
        { sub(/^[ \t]+/, ""); sub(/[ \t]+$/, "") }
        /^(Leave a Reply|Leave a Comment|Your email address|Share this|Related posts)/ { exit }
        !seen_title { seen_title = 1; title = $0; site = ""
            if (match($0, / \| [^|]*$/)) { site = substr($0, RSTART + 3); title = substr($0, 1, RSTART - 1) }
            printf "TITLE=\"%s\"\nSITE=\"%s\"\n", title, site > "expect.env"; first = 1; next }
        first && $0 == title { first = 0; next }
        { first = 0; sub(/^(> |- |\* |• |[0-9]+[.)] )/, "") }
        $0 == prev { print words($0, 6) > "captions.txt"; delete paras[words($0, 6)]; prev = ""; next }
        { prev = $0 }
        /^\([^()0-9]+\)$/ { credit = substr($0, 2, length($0) - 2); next }
        !dateline && match($0, /^[A-Z][A-Z .\047\/-]+, [A-Z][a-z]+\.? [0-9][0-9]? *\([^()]+\) *(-- |- )?/) {
            head = substr($0, 1, RLENGTH); dateline = 1
            place = head; sub(/,.*/, "", place)
            agency = head; sub(/^[^(]*\(/, "", agency); sub(/\).*/, "", agency)
            $0 = substr($0, RLENGTH + 1) }
        split($0, w, " ") >= 8 { p = words($0, 6); paras[p] = 1; order[++n] = p }
        END { printf "PLACE=\"%s\"\nAGENCY=\"%s\"\nCREDIT=\"%s\"\n", place, agency, credit > "expect.env"
              for (k = 1; k <= n; k++) if (order[k] in paras) print order[k] > "paras.txt" }'
    touch captions.txt paras.txt
}

# count_is WANT PHRASE FILE WHAT: PHRASE occurs exactly WANT times in FILE
count_is() {
    local got
    got=$(grep -oF -- "$2" "$3" | wc -l)
    if [ "$got" = "$1" ]; then pass; else fail "$4: '$2' found $got times in $3, want $1"; fi
}

# epub_text EPUB OUT: the book's text in reading order (the title page, which carries the
# title block of one article without a cover image, then the article), tags stripped,
# entities decoded, folded
epub_text() {
    for f in OEBPS/text/cover.xhtml OEBPS/text/article.xhtml; do
        unzip -p "$1" "$f" | sed -n '/<body/,$p'
    done | sed -e 's/<[^>]*>/ /g' \
        -e 's/&lt;/</g; s/&gt;/>/g; s/&quot;/"/g; s/&#39;/\x27/g; s/&amp;/\&/g' | fold |
        tr '\n' ' ' | tr -s ' ' >"$2"
}

# check_dump DUMP NAME: converts, then checks both outputs against what derive found
check_dump() {
    local dump=$1 name=$2 TITLE SITE PLACE AGENCY CREDIT
    rm -f expect.env captions.txt paras.txt
    derive "$dump"
    . ./expect.env
    [ -n "$PLACE" ] && [ -n "$AGENCY" ] && [ -s captions.txt ] && [ -s paras.txt ] && pass ||
        fail "$name: the dump does not have the expected shape"
    expect_exit 0 "$OFFPRINT" "$dump" -o "$name.pdf"
    check_pdf "$name.pdf" "$SITE · $PLACE"
    # the body text: pages after the first start with the running header (the title)
    if have pdfinfo && have pdftotext; then
        pages=$(pdfinfo "$name.pdf" | awk '/^Pages:/ {print $2}')
        for p in $(seq 1 "$pages"); do
            pdftotext -enc UTF-8 -f "$p" -l "$p" "$name.pdf" - |
                if [ "$p" -gt 1 ]; then tail -n +2; else cat; fi
        done | tr '\n' ' ' | tr -s ' ' | fold >"$name.pdf.txt"
    fi
    expect_exit 0 "$OFFPRINT" "$dump" -o "$name.epub"
    check_epub "$name.epub"
    have unzip && epub_text "$name.epub" "$name.epub.txt"
    for out in "$name.pdf.txt" "$name.epub.txt"; do
        [ -f "$out" ] || continue
        count_is 1 "$(echo "$TITLE" | cut -d' ' -f1-4)" "$out" "title once"
        while read -r p; do count_is 1 "$p" "$out" "paragraph once"; done <paras.txt
        while read -r c; do count_is 1 "$c" "$out" "caption once"; done <captions.txt
        for bp in "Leave a Reply" "Your email address" "Required fields" "HTML tags" \
            "Post Comment" "Share this" "Related posts" "Subscribe to" "($AGENCY)"; do
            count_is 0 "$bp" "$out" "boilerplate or dateline left"
        done
        [ -n "$CREDIT" ] && count_is 0 "($CREDIT)" "$out" "wire credit left in the text"
        count_is 1 "$AGENCY" "$out" "agency in the title block"
    done
    expect_grep "$SITE · $PLACE · [0-9]{1,2} [A-Z][a-z]+ [0-9]{4}" "$name.pdf.txt"
    [ -n "$CREDIT" ] && expect_grep "$AGENCY / $CREDIT" "$name.pdf.txt"
    if have unzip; then
        unzip -p "$name.epub" OEBPS/text/cover.xhtml OEBPS/text/article.xhtml >"$name.xhtml"
        expect_grep "class=\"place\">$PLACE<" "$name.xhtml"
        expect_grep '<time datetime="[0-9]{4}-[0-9]{2}-[0-9]{2}"' "$name.xhtml"
        expect_grep "class=\"credit\">$AGENCY" "$name.xhtml"
        count_is "$(wc -l <captions.txt)" "<figcaption>" "$name.xhtml" "captions as figcaption"
    fi
}

check_dump "$SRC/tests/fixtures/text/lighthouse-dump.txt" lighthouse
expect_exit 0 "$OFFPRINT" --dump-model "$SRC/tests/fixtures/text/lighthouse-dump.txt"
expect_grep '^meta published "2023-03-14"' out.txt
expect_grep '^meta credit "Tidewater Press / Harbour Wire"' out.txt
expect_grep '^  heading level=2' out.txt
expect_grep '^  list bullet' out.txt
expect_grep '^  blockquote' out.txt
# the dump declares no language: --dump-model says none, while the PDF and the EPUB get the
# one guessed from the text (a note says so), and the PDF is hyphenated with its dictionary
count_is 0 "meta lang" out.txt "a language in the model of a dump without one"
if have qpdf && have unzip; then
    qpdf --qdf --object-streams=disable lighthouse.pdf lighthouse.qdf 2>/dev/null
    expect_grep '/Lang \(en\)' lighthouse.qdf
    unzip -p lighthouse.epub OEBPS/content.opf >lighthouse.opf
    expect_grep '<dc:language>en</dc:language>' lighthouse.opf
fi
expect_exit 0 "$OFFPRINT" -v "$SRC/tests/fixtures/text/lighthouse-dump.txt" -o lang.pdf
expect_grep "no language declared; guessed 'en'" err.txt

sample=$SRC/../shared/samples/news-dump.txt
if [ -f "$sample" ]; then
    check_dump "$sample" sample
else
    echo "shared sample not found: its part is skipped"
fi
no_leftovers
finish
