# Golden: themes drive both back ends. Each shipped theme (by name) gives a valid PDF and an
# EPUB whose stylesheet is the theme file as it is; --page 6in/7in give the e-reader
# MediaBoxes; the running header (the title) is on page 2 but not on page 1; a theme's
# @page size applies unless --page is given; an unsupported property is reported once;
# an unknown theme is a setup error (exit 3).
. "$(dirname "$0")/../cli/lib.bash"
. "$(dirname "$0")/check.bash"
setup
sample=$SRC/tests/fixtures/sample/article.html
{
    echo "# Running Heads and Page Feet"
    for s in 1 2 3 4 5; do
        echo
        echo "## Section $s"
        for p in 1 2 3 4; do
            echo
            echo "Paragraph $s.$p: the quick brown fox jumps over the lazy dog, and the typesetter"
            echo "spreads the remaining space evenly between the words of the justified line."
        done
    done
} >long.md

for theme in default sans large; do
    expect_exit 0 "$OFFPRINT" -q --style "$theme" "$sample" -o "$theme.pdf"
    check_pdf "$theme.pdf" "The Quiet Craft of Setting Type" "https://review.example.org/2026/03/quiet-craft"
    expect_exit 0 "$OFFPRINT" -q --style "$theme" "$sample" -o "$theme.epub"
    check_epub "$theme.epub"
    if have unzip; then
        unzip -p "$theme.epub" OEBPS/style.css >"$theme.css" 2>/dev/null ||
            unzip -p "$theme.epub" '*.css' >"$theme.css"
        if cmp -s "$theme.css" "$SRC/styles/$theme.css"; then pass; else
            fail "$theme.epub does not embed styles/$theme.css as it is"
        fi
    fi
done

if have pdfinfo && have pdftotext; then
    for size in 6in:259.2x345.6 7in:302.4x403.2; do
        name=${size%%:*} dims=${size#*:}
        expect_exit 0 "$OFFPRINT" -q long.md --page "$name" -o "$name.pdf"
        got=$(pdfinfo "$name.pdf" | awk '/^Page size:/ { print $3 "x" $5 }')
        if [ "$got" = "$dims" ]; then pass; else fail "--page $name: page size $got, want $dims"; fi
    done
    pages=$(pdfinfo 6in.pdf | awk '/^Pages:/ { print $2 }')
    if [ "${pages:-0}" -ge 3 ]; then pass; else fail "6in: expected several pages, got $pages"; fi

    expect_exit 0 "$OFFPRINT" -q long.md --page a5 -o a5.pdf
    pdftotext -f 1 -l 1 a5.pdf p1.txt
    pdftotext -f 2 -l 2 a5.pdf p2.txt
    # the title block is on page 1, the running header is not
    if [ "$(grep -c 'Running Heads and Page Feet' p1.txt)" = 1 ]; then pass; else
        fail "page 1 should show the title once (title block only): $(head -5 p1.txt)"
    fi
    if head -2 p2.txt | grep -q 'Running Heads and Page Feet'; then pass; else
        fail "running header missing on page 2: $(head -3 p2.txt)"
    fi
    n=$(pdfinfo a5.pdf | awk '/^Pages:/ { print $2 }')
    expect_grep "^2 ?/ ?$n\$" p2.txt

    # a theme's @page size applies; --page overrides it
    printf '@page { size: letter; margin: 1in }\np { text-shadow: 1px 1px red }\nh2 { text-shadow: none }\n' >mine.css
    expect_exit 0 "$OFFPRINT" --style ./mine.css long.md -o mine.pdf
    got=$(pdfinfo mine.pdf | awk '/^Page size:/ { print $3 "x" $5 }')
    if [ "$got" = "612x792" ]; then pass; else fail "@page size letter: got $got"; fi
    if [ "$(grep -c 'text-shadow' err.txt)" = 1 ]; then pass; else
        fail "the unsupported property should be reported exactly once: $(cat err.txt)"
    fi
    expect_grep 'mine.css:2: warning: .*text-shadow' err.txt
    expect_exit 0 "$OFFPRINT" -q --style ./mine.css --page a4 long.md -o mine-a4.pdf
    got=$(pdfinfo mine-a4.pdf | awk '/^Page size:/ { print $3 "x" $5 }')
    if [ "$got" = "595.28x841.89" ]; then pass; else fail "--page a4 over @page letter: got $got"; fi
fi

# a code line too long for the measure wraps behind a continuation arrow; page labels
printf '# Code\n\n```\nint main(void) { return some_function_with_a_long_name(argument_one, argument_two, argument_three); }\nshort line\n```\n' >code.md
expect_exit 0 "$OFFPRINT" -q code.md --page a5 -o code.pdf
check_pdf code.pdf "short line"
if have pdftotext; then
    pdftotext code.pdf code.txt
    if grep -q '^↪ .*argument' code.txt && ! grep -q '↪ short line' code.txt; then pass; else
        fail "wrapped code line without its continuation mark: $(cat code.txt)"
    fi
fi
if have qpdf; then
    if qpdf --json code.pdf | grep -q '"pagelabels": \[$'; then pass; else fail "no /PageLabels"; fi
fi

expect_exit 2 "$OFFPRINT" --style no-such-theme "$sample" -o x.pdf
expect_grep "no-such-theme: no such theme \(themes: default, large, sans" err.txt
expect_no_file x.pdf
expect_exit 2 "$OFFPRINT" --page 8in "$sample" -o x.pdf
finish
