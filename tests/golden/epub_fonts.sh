# Golden: --embed-fonts end to end on tests/fixtures/epub/features.html (Korean, Russian and
# Greek text, bold, italic, code): epubcheck 0/0 and offprint check clean, fonts subset to the
# characters the book uses (fc-query: few characters, the Korean ones in the Korean font),
# declared as font/ttf and named by @font-face rules with relative URLs, byte-identical on a
# second run; without the option the book has no fonts.
. "$(dirname "$0")/../cli/lib.bash"
. "$(dirname "$0")/check.bash"
setup
in=$SRC/tests/fixtures/epub/features.html

SOURCE_DATE_EPOCH=1751328000 expect_exit 0 "$OFFPRINT" "$in" --embed-fonts -o a.epub
SOURCE_DATE_EPOCH=1751328000 expect_exit 0 "$OFFPRINT" "$in" --embed-fonts -o b.epub
if cmp -s a.epub b.epub; then pass; else fail "two --embed-fonts runs gave different bytes"; fi
check_epub a.epub
expect_exit 0 "$OFFPRINT" check a.epub
expect_grep ': 0 errors, 0 warnings' out.txt
expect_exit 0 "$OFFPRINT" "$in" -o plain.epub

if have unzip; then
    unzip -Z1 plain.epub >plain.txt
    if grep -q '^OEBPS/fonts/' plain.txt; then fail "fonts without --embed-fonts"; else pass; fi
    unzip -Z1 a.epub >list.txt
    unzip -p a.epub OEBPS/content.opf >opf.txt
    unzip -p a.epub OEBPS/style.css >style.txt
    expect_grep '<item id="font-01" href="fonts/[A-Za-z0-9_-]*\.ttf" media-type="font/ttf"/>' opf.txt
    n_items=$(grep -c 'media-type="font/ttf"' opf.txt)
    n_files=$(grep -c '^OEBPS/fonts/.*\.ttf$' list.txt)
    if [ "$n_items" -ge 4 ] && [ "$n_items" = "$n_files" ]; then pass; else
        fail "font items $n_items, font files $n_files"
    fi
    # every font file is named by a rule with a relative URL, and the rules use the theme's names
    for f in $(grep '^OEBPS/fonts/' list.txt); do
        rule="src: url(\"fonts/${f#OEBPS/fonts/}\") format(\"truetype\");"
        if grep -Fq "$rule" style.txt; then pass; else fail "no rule for $f"; fi
    done
    expect_grep 'font-family: "Charis SIL";' style.txt
    expect_grep 'font-family: "Nanum Myeongjo";' style.txt
    if grep -Eq 'url\("?(https?:|/)' style.txt; then fail "remote or absolute font URL"; else pass; fi
    if have fc-query; then
        mkdir -p fonts
        unzip -q -o -j a.epub 'OEBPS/fonts/*' -d fonts
        # subset: a few dozen characters, not the thousands of the source fonts
        for f in fonts/*.ttf; do
            chars=0
            for r in $(fc-query -f '%{charset}\n' "$f"); do
                chars=$((chars + 0x${r#*-} - 0x${r%-*} + 1))
            done
            if [ "$chars" -gt 0 ] && [ "$chars" -lt 150 ]; then pass; else
                fail "$f covers $chars characters: not a subset"
            fi
        done
        # the Korean words of the fixture are in the Korean font, and only there
        if fc-query -f '%{charset}\n' fonts/NanumMyeongjo.ttf | grep -qi 'd55c'; then pass; else
            fail "한 (U+D55C) missing from the Korean subset"
        fi
        if fc-query -f '%{charset}\n' fonts/CharisSIL-Regular.ttf | grep -qi 'd55c'; then
            fail "Korean in the Latin font"
        else pass; fi
    fi
fi
no_leftovers
finish
