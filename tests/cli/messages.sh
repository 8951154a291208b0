# CLI messages: a note that is no news (the language guessed for a page) only with -v; the
# remote images of a local page that were not fetched are one warning line naming the page,
# the same for PDF and EPUB (not one line per image naming the output); plurals are right.
. "$(dirname "$0")/lib.bash"
setup
export XDG_CACHE_HOME="$SCRATCH/cache"
body='<p>Some text for the body of this article, long enough to be kept as its text.</p>
<p>A second paragraph with more words in it, so that reader mode keeps the article.</p>'
printf '<html><head><title>Lang</title></head><body><article><h1>Lang</h1>%s</article></body></html>\n' \
    "$body" >nolang.html
{
    printf '<html lang="en"><head><title>Pictures</title></head><body><article><h1>Pictures</h1>%s\n' "$body"
    for i in 1 2 3 4 5 6 7 8 9 10 11; do
        printf '<figure><img src="https://img.example.invalid/p%s.png" alt="picture %s"></figure>\n' $i $i
    done
    printf '<figure><img src="https://img.example.invalid/p1.png" alt="the first again"></figure>\n'
    printf '</article></body></html>\n'
} >pictures.html
sed -e 's/p[2-9]\.png/q.png/g' -e 's/p1[01]*\.png/q.png/g' pictures.html >one.html

# the guessed language: -v only
expect_exit 0 "$OFFPRINT" nolang.html -o nolang.pdf
if grep -q 'guessed' err.txt; then fail "the guessed language without -v: $(cat err.txt)"; else pass; fi
expect_exit 0 "$OFFPRINT" -v nolang.html -o nolang.pdf
expect_grep "no language declared; guessed 'en'" err.txt

# remote images not fetched: one line naming the page, PDF and EPUB alike
for out in pictures.pdf pictures.epub; do
    expect_exit 0 "$OFFPRINT" pictures.html -o $out
    expect_grep '^offprint: pictures.html: warning: 11 images are remote and were not fetched \(use --fetch\)$' err.txt
    n=$(grep -c 'image' err.txt)
    if [ "$n" = 1 ]; then pass; else fail "$out: $n lines about images: $(cat err.txt)"; fi
done
expect_exit 0 "$OFFPRINT" one.html -o one.epub
expect_grep '^offprint: one.html: warning: 1 image is remote and was not fetched \(use --fetch\)$' err.txt
expect_exit 0 "$OFFPRINT" --no-fetch pictures.html -o nofetch.pdf
expect_grep '^offprint: pictures.html: warning: 11 images are remote and were not fetched \(fetching is off\)$' err.txt
# a book: one line per page that has any
expect_exit 0 "$OFFPRINT" pictures.html one.html nolang.html -o book.epub
expect_grep '^offprint: pictures.html: warning: 11 images are remote' err.txt
expect_grep '^offprint: one.html: warning: 1 image is remote' err.txt
expect_grep 'wrote book.epub \(3 articles\)' err.txt

# plurals
expect_exit 1 "$OFFPRINT" one.html missing.html -o book1.epub
expect_grep '^offprint: wrote book1.epub \(1 article\)$' err.txt
finish
