# Golden: a bundle of three fixtures (saved page with images, Markdown, text dump) as one
# EPUB: epubcheck 0/0, offprint check clean, byte-identical on a second run, the cover image
# marked for EPUB 3 and EPUB 2, one nav entry per article with its headings; and a book with
# no image gets a title page instead.
. "$(dirname "$0")/../cli/lib.bash"
. "$(dirname "$0")/check.bash"
setup
fx=$SRC/tests/fixtures
set -- "$fx/sample/article.html" "$fx/golden/notes.md" "$fx/golden/wire-dump.txt"
SOURCE_DATE_EPOCH=1751328000 expect_exit 0 "$OFFPRINT" "$@" -o a.epub
SOURCE_DATE_EPOCH=1751328000 TZ=Asia/Seoul expect_exit 0 "$OFFPRINT" "$@" -o b.epub
if cmp -s a.epub b.epub; then pass; else fail "bundle not reproducible"; fi
check_epub a.epub
expect_exit 0 "$OFFPRINT" check a.epub
expect_grep '0 errors, 0 warnings' out.txt
if have unzip; then
    unzip -p a.epub OEBPS/content.opf >opf.txt
    unzip -p a.epub OEBPS/nav.xhtml | tr -d '\n' >nav.txt
    expect_grep '<meta name="cover" content="cover-image"/>' opf.txt
    expect_grep 'properties="cover-image"' opf.txt
    expect_grep '<reference type="cover"' opf.txt
    expect_grep '<itemref idref="cover"/>' opf.txt
    n=$(grep -o '<a href="text/article-00[1-3].xhtml">' nav.txt | wc -l)
    if [ "$n" = 3 ]; then pass; else fail "want 3 article entries in the nav, got $n"; fi
    expect_grep 'article-002.xhtml#lists-and-quotes' nav.txt
    expect_grep '<a epub:type="cover" href="text/cover.xhtml">' nav.txt
    # every image the articles use is packed, under distinct names
    for f in $(unzip -Z1 a.epub | grep 'text/article-'); do unzip -p a.epub "$f"; done |
        grep -o 'src="../images/[^"]*"' | sort -u | sed 's/src="..\///; s/"$//' >used.txt
    while read -r img; do
        if unzip -Z1 a.epub | grep -qx "OEBPS/$img"; then pass; else fail "$img not packed"; fi
    done <used.txt
fi
# no image anywhere: a title page, no cover-image
expect_exit 0 "$OFFPRINT" "$fx/golden/notes.md" "$fx/golden/wire-dump.txt" -o plain.epub \
    --title 'Notes & news' --toc-depth 1
check_epub plain.epub
if have unzip; then
    unzip -p plain.epub OEBPS/content.opf >opf2.txt
    if grep -q 'cover-image' opf2.txt; then fail "cover-image without an image"; else pass; fi
    unzip -p plain.epub OEBPS/text/cover.xhtml >cover.txt
    expect_grep 'epub:type="titlepage"' cover.txt
    expect_grep '<h1>Notes &amp; news</h1>' cover.txt
    unzip -p plain.epub OEBPS/nav.xhtml | tr -d '\n' >nav2.txt
    if grep -q 'article-00.\.xhtml#' nav2.txt; then
        fail "--toc-depth 1 listed headings"
    else pass; fi
fi
no_leftovers
finish
