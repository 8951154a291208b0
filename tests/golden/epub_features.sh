# Golden: EPUB writer features end to end (tests/fixtures/epub/features.html): images (WebP
# converted, data: URI, remote dropped with a warning), a title page with the title block (no
# cover image), unsafe links dropped, toc nesting across
# skipped heading levels, reproducible bytes under SOURCE_DATE_EPOCH whatever TZ is, custom and
# missing stylesheets, epubcheck clean.
. "$(dirname "$0")/../cli/lib.bash"
. "$(dirname "$0")/check.bash"
setup
in=$SRC/tests/fixtures/epub/features.html

SOURCE_DATE_EPOCH=1751328000 TZ=UTC expect_exit 0 "$OFFPRINT" "$in" -o a.epub
expect_grep "features.html: warning: 1 image is remote and was not fetched" err.txt
SOURCE_DATE_EPOCH=1751328000 TZ=Asia/Seoul expect_exit 0 "$OFFPRINT" "$in" -o b.epub
if cmp -s a.epub b.epub; then pass; else fail "same input and SOURCE_DATE_EPOCH gave different bytes"; fi
SOURCE_DATE_EPOCH=soon expect_exit 0 "$OFFPRINT" "$in" -o c.epub
expect_grep "ignoring invalid SOURCE_DATE_EPOCH 'soon'" err.txt
check_epub a.epub

if have unzip; then
    unzip -Z1 a.epub >list.txt
    if [ "$(head -n 1 list.txt)" = mimetype ]; then pass; else fail "mimetype not first"; fi
    n=$(grep -c '^OEBPS/images/img-00[0-9]\.png$' list.txt)
    if [ "$n" = 2 ]; then pass; else fail "want 2 PNG images (WebP + data URI), got $n"; fi
    if grep -q webp list.txt; then fail "a WebP file was packed"; else pass; fi
    unzip -p a.epub OEBPS/text/article.xhtml >article.xhtml
    unzip -p a.epub OEBPS/content.opf >content.opf
    unzip -p a.epub OEBPS/nav.xhtml >nav.xhtml
    if grep -q javascript article.xhtml; then fail "unsafe link kept"; else pass; fi
    expect_grep '<p class="image-alt">A remote photo that is not downloaded</p>' article.xhtml
    expect_grep '<ol start="4">' article.xhtml
    expect_grep '<code class="language-c">' article.xhtml
    expect_grep 'lang="ko" xml:lang="ko"' article.xhtml
    expect_grep '<meta property="dcterms:modified">2025-07-01T00:00:00Z</meta>' content.opf
    expect_grep '<dc:date>2025-07-01T08:00:00\+09:00</dc:date>' content.opf
    # no cover image: a title page carries the title block, the article starts at its text
    unzip -p a.epub OEBPS/text/cover.xhtml >cover.xhtml
    expect_grep '<section epub:type="titlepage" class="title-page">' cover.xhtml
    expect_grep '<h1 class="title">Features &amp; edge cases</h1>' cover.xhtml
    expect_grep '<p class="byline">Hong Gildong</p>' cover.xhtml
    expect_grep '<p class="source-url"><a href="https://fixture.example/news/features">' cover.xhtml
    if grep -q 'title-block\|Hong Gildong' article.xhtml; then
        fail "the title block is repeated in the article"
    else pass; fi
    expect_grep '<itemref idref="cover"/>' content.opf
    expect_grep '<reference type="title-page" title="Features &amp; edge cases" href="text/cover.xhtml"/>' content.opf
    if grep -q 'cover-image\|type="cover"' content.opf; then fail "a cover without an image"; else pass; fi
    expect_grep '<a epub:type="titlepage" href="text/cover.xhtml">' nav.xhtml
    expect_grep '<a epub:type="bodymatter" href="text/article.xhtml">' nav.xhtml
    # h3 after the title nests nothing; the h2s follow as siblings at the top level
    tr -d '\n' <nav.xhtml >nav1.txt
    expect_grep '<ol><li><a href="text/article.xhtml#a-skipped-level">A skipped level</a></li><li><a href="text/article.xhtml#lists-quotes-and-code">' nav1.txt
    if have xmllint; then
        for f in article.xhtml cover.xhtml content.opf nav.xhtml; do
            if xmllint --noout "$f" 2>xmllint.txt; then pass; else fail "$f: $(head -3 xmllint.txt)"; fi
        done
    fi
fi

printf 'body { color: #123456; }\n' >custom.css
expect_exit 0 "$OFFPRINT" "$in" --style custom.css -o custom.epub
if have unzip; then
    if unzip -p custom.epub OEBPS/style.css | cmp -s - custom.css; then pass; else
        fail "--style file not embedded as OEBPS/style.css"
    fi
fi
expect_exit 3 "$OFFPRINT" "$in" --style missing.css -o nostyle.epub
expect_grep "missing.css" err.txt
expect_no_file nostyle.epub
no_leftovers
finish
