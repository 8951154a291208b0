# CLI: limits name themselves and can be raised or lowered (issue 18): --max-input refuses a
# larger input (a file, standard input, a gzip file once decompressed) with one line naming the
# input size limit, exit 1, nothing written; --max-depth flattens deeper nesting, keeping its
# text; bad values are usage errors; batch items over the limit fail alone.
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
# batch: the item over the limit fails, the others are written
mkdir -p in
words 60 >in/long.txt
words 5 >in/short.txt
expect_exit 1 "$OFFPRINT" in --max-input 2K -o out -t txt -j 1
expect_grep 'long\.txt.*input size limit of 2 KB' err.txt
[ -f out/short.txt ] && pass || fail "batch: the item under the limit was not written"
finish
