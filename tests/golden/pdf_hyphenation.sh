# Golden: hyphenation and justification options of the PDF. An English paragraph of long
# words comes out with words split at line ends (a letter and a hyphen, the rest of the word
# in lowercase on the next line), never three such lines in a row, and its words intact once
# the hyphens are undone (pdftotext -raw keeps them; plain pdftotext joins such words
# itself); --no-hyphenate gives no split words, --no-justify ragged lines.
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
    for i in 1 2 3 4; do echo "<p>$words $words</p>"; done
    echo '</article></body></html>'
} >long.html

# split_lines PDF: the number of lines ending in letter + hyphen whose next line starts with
# a lowercase letter (a word split across lines); longest run of them in run.txt
split_lines() {
    pdftotext -raw -enc UTF-8 "$1" - | awk '
        prev != "" && prev ~ /[[:alpha:]]-$/ && $0 ~ /^[[:lower:]]/ { n++; r++; if (r > best) best = r; prev = $0; next }
        { if (prev != "") r = 0; prev = $0 }
        END { print best + 0 > "run.txt"; print n + 0 }'
}

# unsplit PDF: the text with split words joined, whitespace folded
unsplit() {
    pdftotext -raw -enc UTF-8 "$1" - | awk '
        { line = $0 }
        held != "" { if (held ~ /[[:alpha:]]-$/ && line ~ /^[[:lower:]]/) { sub(/-$/, "", held); line = held line }
                     else print held }
        { held = line }
        END { print held }' | tr '\n' ' ' | tr -s ' '
}

expect_exit 0 "$OFFPRINT" -q long.html -o default.pdf
check_pdf default.pdf "Long Words"
n=$(split_lines default.pdf)
if [ "$n" -ge 1 ]; then pass; else fail "default output has no hyphenated line ends"; fi
run=$(cat run.txt)
if [ "$run" -le 2 ]; then pass; else fail "$run hyphenated lines in a row"; fi
flat=$(echo "$words" | tr '\n' ' ' | tr -s ' ')
flat=${flat% }
if unsplit default.pdf | grep -qF "$flat"; then pass; else
    fail "the words do not come back once hyphens are undone: $(unsplit default.pdf | head -c 300)"
fi

expect_exit 0 "$OFFPRINT" -q --no-hyphenate long.html -o plain.pdf
check_pdf plain.pdf "$flat"
n=$(split_lines plain.pdf)
if [ "$n" = 0 ]; then pass; else fail "--no-hyphenate output has $n hyphenated line ends"; fi

# --no-justify: body lines end at many different places (justified ones share one edge)
expect_exit 0 "$OFFPRINT" -q --no-justify long.html -o ragged.pdf
check_pdf ragged.pdf "Long Words"
edges() {
    pdftotext -bbox-layout "$1" - | grep -o '<line xMin="[0-9.]*" yMin="[0-9.]*" xMax="[0-9.]*"' |
        sed 's/.*xMax="\([0-9]*\).*/\1/' | sort | uniq -c | sort -rn | head -1 | awk '{print $1}'
}
lines=$(pdftotext -bbox-layout default.pdf - | grep -c '<line ')
same_default=$(edges default.pdf)
same_ragged=$(edges ragged.pdf)
if [ "$same_default" -ge $((lines / 2)) ]; then pass; else
    fail "default: only $same_default of $lines lines share the right edge"
fi
if [ "$same_ragged" -lt $((same_default / 2)) ]; then pass; else
    fail "--no-justify: $same_ragged lines share one right edge (justified: $same_default)"
fi

# the EPUB follows both options: rules after the theme's, and still a valid book
expect_exit 0 "$OFFPRINT" -q --no-justify --no-hyphenate long.html -o plain.epub
check_epub plain.epub
if have unzip; then
    unzip -p plain.epub OEBPS/style.css >plain.css
    expect_grep 'text-align: left !important' plain.css
    expect_grep '[^-]hyphens: manual !important' plain.css
    expect_exit 0 "$OFFPRINT" -q long.html -o default.epub
    unzip -p default.epub OEBPS/style.css >default.css
    if grep -q 'offprint --no-' default.css; then fail "default EPUB has the option rules"; else pass; fi
fi
no_leftovers
finish
