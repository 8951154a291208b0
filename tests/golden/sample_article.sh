# Golden: the shipped sample article (HTML with a page_files folder) to PDF and EPUB.
. "$(dirname "$0")/../cli/lib.bash"
. "$(dirname "$0")/check.bash"
setup
in=$SRC/tests/fixtures/sample/article.html
expect_exit 0 "$OFFPRINT" "$in" -o article.pdf
check_pdf article.pdf "The Quiet Craft of Setting Type" "Mira Castellanos" \
    "Spacing words, not letters" "안녕하세요" "Здравствуйте" "Καλημέρα" "total += width[i];" \
    "Characters per line" "Typography exists to honor content."
if grep -Fq "All rights reserved" flat.txt; then fail "footer boilerplate in the PDF"; else pass; fi
if have pdfimages; then
    n=$(pdfimages -list article.pdf | awk 'NR>2 && $3=="image"' | wc -l)
    if [ "$n" = 2 ]; then pass; else fail "want 2 images in article.pdf, got $n"; fi
fi
if have pdfinfo; then
    pdfinfo article.pdf >info.txt
    expect_grep '^Title: +The Quiet Craft of Setting Type' info.txt
    expect_grep '^Author: +Mira Castellanos' info.txt
fi
expect_exit 0 "$OFFPRINT" "$in" -o article.epub
check_epub article.epub
if have unzip; then
    unzip -l article.epub >list.txt
    expect_grep 'OEBPS/nav.xhtml' list.txt
    expect_grep 'toc.ncx' list.txt
    n=$(grep -cE '\.(jpe?g|png)$' list.txt)
    if [ "$n" = 2 ]; then pass; else fail "want 2 images in article.epub, got $n"; fi
fi
no_leftovers
finish
