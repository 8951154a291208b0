# CLI: EPUBs are the same bytes run after run without SOURCE_DATE_EPOCH (issue 20):
# dcterms:modified and the zip entries' times come from the article's modified date, else
# its published date, else the input file's modification time; SOURCE_DATE_EPOCH still wins.
. "$(dirname "$0")/lib.bash"
setup
unset SOURCE_DATE_EPOCH
body='<p>A paragraph long enough for reader mode to keep it as the article, with words.</p>
<p>A second paragraph so that the page reads as an article and not as a stub.</p>'
page() { # page FILE [meta lines]
    local f=$1
    shift
    printf '<!doctype html><html lang="en"><head><title>Dated</title>%s</head><body><article><h1>Dated</h1>%s</article></body></html>\n' "$*" "$body" >"$f"
}
modified() { unzip -p "$1" '*.opf' | sed -n 's/.*property="dcterms:modified">\([^<]*\)<.*/\1/p'; }

page a.html '<meta property="article:published_time" content="2021-03-04T05:06:07Z">' \
    '<meta property="article:modified_time" content="2022-01-02T03:04:05+01:00">'
page b.html '<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2021-03-04","dateModified":"2023-07-08T09:10:11Z"}</script>'
page c.html '<meta property="article:published_time" content="2021-03-04T05:06:07Z">'
page d.html
touch -d '2020-02-02 02:02:02 UTC' d.html

if ! command -v unzip >/dev/null; then
    echo "SKIP: unzip not installed" >&2
    exit 77
fi
for f in a b c d; do
    expect_exit 0 "$OFFPRINT" $f.html -o $f.epub
done
sleep 1 # a second run a moment later gives the same bytes
expect_exit 0 "$OFFPRINT" d.html -o d2.epub
if cmp -s d.epub d2.epub; then pass; else fail "two runs on the same file gave different EPUBs"; fi
[ "$(modified a.epub)" = 2022-01-02T02:04:05Z ] && pass || fail "a.epub: modified $(modified a.epub), not the page's modified_time"
[ "$(modified b.epub)" = 2023-07-08T09:10:11Z ] && pass || fail "b.epub: modified $(modified b.epub), not JSON-LD dateModified"
[ "$(modified c.epub)" = 2021-03-04T05:06:07Z ] && pass || fail "c.epub: modified $(modified c.epub), not the published time"
[ "$(modified d.epub)" = 2020-02-02T02:02:02Z ] && pass || fail "d.epub: modified $(modified d.epub), not the file's time"
if unzip -l d.epub | grep -q '2020-02-02 02:02 *mimetype'; then pass; else fail "d.epub: zip entries not dated by the file"; fi
# a book: the latest of its articles' dates
expect_exit 0 "$OFFPRINT" c.html a.html d.html -o book.epub
[ "$(modified book.epub)" = 2022-01-02T02:04:05Z ] && pass || fail "book.epub: modified $(modified book.epub), not the latest article date"
# SOURCE_DATE_EPOCH overrides the page's dates
SOURCE_DATE_EPOCH=1751328000 expect_exit 0 "$OFFPRINT" a.html -o e.epub
[ "$(modified e.epub)" = 2025-07-01T00:00:00Z ] && pass || fail "SOURCE_DATE_EPOCH did not win: $(modified e.epub)"
# Markdown front matter: lastmod (Hugo) dates the book, and --to md writes modified:
printf -- '---\ntitle: "T"\nlastmod: 2023-05-06\n---\n\nHello there, some words of text.\n' >m.md
expect_exit 0 "$OFFPRINT" m.md -o m.epub
[ "$(modified m.epub)" = 2023-05-06T00:00:00Z ] && pass || fail "m.epub: modified $(modified m.epub), not lastmod"
expect_exit 0 "$OFFPRINT" a.html -t md -o a.md
expect_grep '^modified: "2022-01-02T03:04:05\+01:00"$' a.md
# 0001-01-01, the zero time of Go and .NET, is no date: neither the published nor the modified one
page z.html '<meta property="article:published_time" content="0001-01-01T00:00:00Z">' \
    '<meta property="article:modified_time" content="0001-01-01T00:00:00Z">'
expect_exit 0 "$OFFPRINT" z.html -t md -o z.md
if grep -qE '^(date|modified):' z.md; then fail "z.md: a zero date was kept"; else pass; fi
finish
