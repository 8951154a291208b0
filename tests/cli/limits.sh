# CLI: limits name themselves and can be raised or lowered (issue 18): --max-input refuses a
# larger input (a file, standard input, a gzip file once decompressed) with one line naming the
# input size limit, exit 1, nothing written; --max-depth flattens deeper nesting, keeping its
# text; --max-pages refuses a longer PDF the same way; --max-megapixels leaves a larger image
# out (its alt text shown); bad values are usage errors; batch items over the limit fail alone.
. "$(dirname "$0")/lib.bash"
setup
words() { # words N: N lines of prose
    local i
    for ((i = 0; i < $1; i++)); do
        echo "Line $i of an article that goes on, with enough words to be read as text."
    done
}
words 60 >a.txt # about 4.6 KB
expect_exit 1 "$OFFPRINT" a.txt --max-input 2K -o a.pdf
expect_grep '^offprint: a\.txt: error: input is over the input size limit of 2 KB$' err.txt
[ "$(wc -l <err.txt)" = 1 ] && pass || fail "more than one line for the limit: $(cat err.txt)"
expect_no_file a.pdf
expect_exit 1 "$OFFPRINT" --max-input 2K -t txt -o a.out - <a.txt
expect_grep 'input size limit of 2 KB' err.txt
expect_no_file a.out
expect_exit 0 "$OFFPRINT" a.txt --max-input 8K -o a.pdf
# gzip: small on disk, over the limit once decompressed
words 2000 >b.txt
gzip -9 -c b.txt >b.txt.gz
[ "$(wc -c <b.txt.gz)" -lt 65536 ] && pass || fail "b.txt.gz is not small: $(wc -c <b.txt.gz)"
expect_exit 1 "$OFFPRINT" b.txt.gz --max-input 64K -t txt -o b.out
expect_grep '^offprint: b\.txt\.gz: error: input is over the input size limit of 64 KB once decompressed$' err.txt
expect_no_file b.out
expect_exit 0 "$OFFPRINT" b.txt.gz -t txt -o b.out
# nesting: 300 levels; the text deep inside stays whatever the limit
{
    printf '<html><body><article><h1>Deep</h1>'
    for ((i = 0; i < 300; i++)); do printf '<div><blockquote>'; done
    printf '<p>The deepest sentence of the page, kept in every case.</p>'
    for ((i = 0; i < 300; i++)); do printf '</blockquote></div>'; done
    printf '<p>A closing paragraph after the deep part, with words enough to read.</p></article></body></html>\n'
} >deep.html
for d in 16 300 512; do
    expect_exit 0 "$OFFPRINT" deep.html --max-depth $d -t txt -o deep$d.txt
    expect_grep 'deepest sentence' deep$d.txt
    expect_exit 0 "$OFFPRINT" deep.html --max-depth $d -o deep$d.pdf
done
depth() { "$OFFPRINT" deep.html --max-depth "$1" --dump-model | awk '{ n = match($0, /[^ ]/); if (n > m) m = n } END { print m }'; }
[ "$(depth 16)" -lt "$(depth 300)" ] && pass || fail "--max-depth 16 kept as much nesting as 300"
# elements: a page of more start tags than --max-elements is refused before its tree is built
{
    printf '<html><body><article><h1>Many</h1><p>An article of many small elements.</p>'
    for ((i = 0; i < 3000; i++)); do printf '<b>x</b> '; done
    printf '</article></body></html>\n'
} >many.html
expect_exit 1 "$OFFPRINT" many.html --max-elements 2000 -o many.pdf
expect_grep '^offprint: many\.html: error: the page is over the element limit of 2000 elements$' err.txt
[ "$(wc -l <err.txt)" = 1 ] && pass || fail "more than one line for the element limit: $(cat err.txt)"
expect_no_file many.pdf
expect_exit 0 "$OFFPRINT" many.html --max-elements 4000 -t txt -o many.txt
expect_exit 0 "$OFFPRINT" many.html -t txt -o many.txt
# attribute values and text runs have no limit of their own: the input size limit bounds them
# and they cost time in proportion (a hang here would be caught by the timeout)
{
    printf '<html><body><article><h1>Long</h1><p>Before the long parts of this page, a sentence.</p>'
    printf '<div class="'; for ((i = 0; i < 40000; i++)); do printf 'content main '; done; printf '">'
    printf '<a style="'; for ((i = 0; i < 40000; i++)); do printf 'color:red;'; done; printf '" href="/x">a link</a></div><p>'
    for ((i = 0; i < 30000; i++)); do printf 'word%d ' $((i % 97)); done
    printf '</p><p>After the long parts of this page, a sentence.</p></article></body></html>\n'
} >attrs.html
expect_exit 0 timeout 120 "$OFFPRINT" attrs.html -o attrs.pdf
expect_exit 0 timeout 120 "$OFFPRINT" attrs.html -t txt -o attrs.txt
expect_grep 'After the long parts' attrs.txt
# pages: a PDF over --max-pages is refused whole (one line, exit 1, nothing written)
words 3000 >long.txt
expect_exit 1 "$OFFPRINT" long.txt --max-pages 5 -o long.pdf
expect_grep '^offprint: long\.pdf: error: the PDF would have [0-9]+ pages, over the page limit of 5 \(--max-pages\)$' err.txt
[ "$(wc -l <err.txt)" = 1 ] && pass || fail "more than one line for the page limit: $(cat err.txt)"
expect_no_file long.pdf
expect_exit 0 "$OFFPRINT" long.txt -o long.pdf
expect_exit 1 "$OFFPRINT" long.txt a.txt --max-pages 5 -o book.pdf # a book counts all its pages
expect_grep 'over the page limit of 5' err.txt
expect_no_file book.pdf
# image pixels: a GIF whose screen is 2000 x 1000 (2 million pixels), its frame one pixel
printf 'GIF89a\xd0\x07\xe8\x03\x80\x00\x00\xff\xff\xff\x00\x00\x00\x2c\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02\x44\x01\x00\x3b' >big.gif
cat >pic.html <<'EOF2'
<html><body><article><h1>A picture</h1><p>An article with one large picture in it, and enough
words around it to be read as an article by reader mode.</p><figure><img src="big.gif"
alt="The big picture"><figcaption>A wide view.</figcaption></figure><p>Another paragraph after
the picture, with words enough to read.</p></article></body></html>
EOF2
expect_exit 0 "$OFFPRINT" pic.html --max-megapixels 1 -o pic1.pdf
expect_grep 'big\.gif: over the image pixel limit of 1 million pixels; its alt text is shown' err.txt
expect_exit 0 "$OFFPRINT" pic.html -o pic.pdf
if grep -q 'pixel limit' err.txt; then fail "the default limit refused a 2-megapixel image"; else pass; fi
if have pdfimages; then
    [ "$(pdfimages -list pic1.pdf | tail -n +3 | wc -l)" = 0 ] && pass || fail "pic1.pdf has an image"
    [ "$(pdfimages -list pic.pdf | awk '$3 == "image"' | wc -l)" = 1 ] && pass || fail "pic.pdf lacks its image"
else
    echo "SKIP: pdfimages not installed (images in the PDFs not counted)"
fi
expect_exit 0 "$OFFPRINT" pic.html --max-megapixels 1 -o pic1.epub
expect_grep 'over the image pixel limit of 1 million pixels\); embedded as it is' err.txt
# the default, as README's table gives it (a sparse file: refused before it is read)
truncate -s 65M huge.html
expect_exit 1 "$OFFPRINT" huge.html -o huge.pdf
expect_grep 'input size limit of 64 MB$' err.txt
expect_no_file huge.pdf
rm -f huge.html
# every option README's limits table names is a real option of --help
if [ -f "$SRC/README.md" ]; then
    "$OFFPRINT" --help >help.txt
    opts=$(sed -n '/^## Limits/,/^## /p' "$SRC/README.md" | grep -oE -- '--[a-z][a-z-]+' | sort -u)
    [ -n "$opts" ] && pass || fail "README has no limits table naming options"
    for o in $opts; do
        if grep -q -- "$o " help.txt; then pass; else fail "README's limits table names $o, which --help does not"; fi
    done
fi
# bad values
expect_exit 2 "$OFFPRINT" a.txt --max-input 12
expect_grep '^offprint: --max-input wants a size' err.txt
expect_exit 2 "$OFFPRINT" a.txt --max-depth 4
expect_grep '^offprint: --max-depth wants a number from 16 to 512' err.txt
expect_exit 2 "$OFFPRINT" a.txt --max-elements 10
expect_grep '^offprint: --max-elements wants a number from 1000' err.txt
expect_exit 2 "$OFFPRINT" a.txt --max-pages 0
expect_grep '^offprint: --max-pages wants a number from 1 to 1000000' err.txt
expect_exit 2 "$OFFPRINT" a.txt --max-megapixels 2x
expect_grep '^offprint: --max-megapixels wants a number from 1 to 1000' err.txt
# batch: the item over the limit fails, the others are written
mkdir -p in
words 60 >in/long.txt
words 5 >in/short.txt
expect_exit 1 "$OFFPRINT" in --max-input 2K -o out -t txt -j 1
expect_grep 'long\.txt.*input size limit of 2 KB' err.txt
[ -f out/short.txt ] && pass || fail "batch: the item under the limit was not written"
finish
