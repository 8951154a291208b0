# CLI: fetching (issue 15) against tests/fetch_server.py on 127.0.0.1, started here (no test
# touches the internet; python3 missing = skip). A URL input with all its images into PDF and
# EPUB, the output named after the title; each error case one line naming the URL, its exit
# code, nothing written; the charset from Content-Type; a local file's remote images only
# with --fetch (the server counts requests); --no-fetch; --base-url and root-relative images;
# file: never from a fetched page; the cache's second run only revalidates; at most two
# requests to one host at once.
. "$(dirname "$0")/lib.bash"
setup
if ! have python3; then
    echo "skip: python3 not found (it serves the test pages)"
    exit 77
fi
export XDG_CACHE_HOME="$SCRATCH/xdg" # never the user's cache
python3 "$SRC/tests/fetch_server.py" --port-file port --log log --root "$SRC" &
server=$!
trap 'kill $server 2>/dev/null' EXIT
for _ in $(seq 100); do [ -s port ] && break; sleep 0.1; done
if [ ! -s port ]; then
    fail "the test server did not start"
    finish
fi
U="http://127.0.0.1:$(cat port)"

# requests PATTERN: how many requests the server logged whose path matches PATTERN (ERE)
requests() { grep -Ec "\"path\": \"$1" log || true; }

# --- a URL in, the article and all five images out (root-relative, relative, lazy, srcset,
#     one that needs the page as Referer), named after the title
expect_exit 0 "$OFFPRINT" "$U/article.html"
if [ -s The-Lighthouse-Keeper.pdf ]; then pass; else fail "no PDF named after the title"; fi
if grep -q 'alt text' err.txt; then fail "an image was not embedded: $(cat err.txt)"; else pass; fi
if have pdfimages; then
    n=$(pdfimages -list The-Lighthouse-Keeper.pdf | awk 'NR > 2 && $3 == "image"' | wc -l)
    if [ "$n" = 5 ]; then pass; else fail "the PDF holds $n images, want 5"; fi
fi
expect_grep "\"path\": \"/guarded/pal8.png\".*\"referer\": \"$U/article.html\"" log
expect_grep '"user-agent": "offprint/[0-9.]+' log
expect_exit 0 "$OFFPRINT" "$U/article.html" -o a.epub
if have unzip; then
    n=$(unzip -l a.epub | grep -c 'img-0')
    if [ "$n" = 5 ]; then pass; else fail "the EPUB holds $n images, want 5"; fi
fi
if have java && [ -f /usr/share/java/epubcheck.jar ]; then
    if java -jar /usr/share/java/epubcheck.jar a.epub >epubcheck.txt 2>&1; then pass; else
        fail "epubcheck a.epub: $(grep -E 'ERROR|FATAL' epubcheck.txt | head -5)"
    fi
fi
# the model: references resolved against the page's URL
expect_exit 0 "$OFFPRINT" "$U/article.html" --to md -o -
expect_grep "!\[root relative\]\(<$U/img/rgb8.png>" out.txt
expect_grep "!\[relative\]\(<$U/img/rgb.jpg>" out.txt
expect_grep "!\[lazy\]\(<$U/img/opaque.gif>" out.txt
expect_grep "!\[srcset\]\(<$U/img/rgba8.png>" out.txt
# redirects are followed (the final URL is the base); gzip is decoded
expect_exit 0 "$OFFPRINT" "$U/redirect/3" --to txt -o -
expect_grep 'forty years the keeper' out.txt
expect_exit 0 "$OFFPRINT" "$U/gzip.html" --to txt -o -
expect_grep 'forty years the keeper' out.txt
# no charset in the markup, ISO-8859-1 in Content-Type
expect_exit 0 "$OFFPRINT" "$U/latin1.html" --to txt -o -
expect_grep 'Le café était servi très chaud' out.txt
# Markdown served as text/markdown: its relative image resolves against the URL
expect_exit 0 "$OFFPRINT" "$U/md.md" --to md -o -
expect_grep "<$U/img/gray8.png>" out.txt
# file: never from a fetched page
expect_exit 0 "$OFFPRINT" "$U/page-with-file-img.html" --to md -o -
if grep -q 'hostname' out.txt; then fail "a fetched page's file: image was kept"; else pass; fi

# --- errors: one line naming the URL, the exit code, nothing written
# err_case CODE PATTERN URL [OPTIONS...]
err_case() {
    local code=$1 pat=$2 url=$3
    shift 3
    rm -rf o && mkdir o
    expect_exit "$code" "$OFFPRINT" -q "$url" -o o/x.pdf "$@"
    expect_grep "^offprint: $url: error: $pat" err.txt
    local lines
    lines=$(wc -l <err.txt)
    if [ "$lines" = 1 ]; then pass; else fail "$url: $lines lines of messages, want 1"; fi
    if [ -z "$(ls -A o)" ]; then pass; else fail "$url: something was written: $(ls o)"; fi
}
err_case 1 'cannot fetch: HTTP 404 Not Found$' "$U/missing"
err_case 1 'cannot fetch: HTTP 403 Forbidden: the site refuses offprint; try saving the page from your browser$' "$U/forbidden"
err_case 1 'cannot fetch: more than 5 redirects$' "$U/loop"
err_case 1 'cannot fetch: redirected to a URL that is not http or https$' "$U/to-file"
err_case 1 'cannot fetch: timed out after 1 s$' "$U/slow" --timeout 1
err_case 1 'cannot fetch: HTTP 429 Too Many Requests: the site asks to wait 3600 s$' "$U/busy-long/x"
err_case 1 'cannot fetch: could not connect to 127.0.0.1:1' "http://127.0.0.1:1/"
err_case 1 'cannot fetch: larger than the limit of 1 MB$' "$U/big" --max-download 1M
err_case 1 'not an article: application/pdf$' "$U/doc.pdf"
err_case 1 'not fetched: fetching is off \(--no-fetch\)$' "$U/article.html" --no-fetch
# 429 with Retry-After: 1, and 500, are retried and then succeed
expect_exit 0 "$OFFPRINT" -q "$U/busy/cli" --to txt -o -
expect_grep 'forty years the keeper' out.txt
expect_exit 0 "$OFFPRINT" -q "$U/flaky/cli" --to txt -o -
expect_grep 'forty years the keeper' out.txt
expect_exit 2 "$OFFPRINT" --base-url /not/a/url x.html
expect_grep 'base-url wants an http:// or https:// URL' err.txt

# --- a local file's remote images: only with --fetch, and --no-fetch wins over all
cat >local.html <<EOF
<html><head><title>Local page</title></head><body><article><h1>Local page</h1>
<p>A saved page whose picture lives on the web, long enough for reader mode to keep it as the
article text of this little test page, with another sentence for good measure.</p>
<img src="$U/img/rgb.jpg?local" alt="remote">
<p>A second paragraph follows the picture, so the article has some body after it too.</p>
</article></body></html>
EOF
expect_exit 0 "$OFFPRINT" local.html -o local.pdf
if [ "$(requests '/img/rgb.jpg\?local')" = 0 ]; then pass; else fail "a local file phoned home"; fi
expect_grep '^offprint: local.html: warning: 1 image is remote and was not fetched \(use --fetch\)$' err.txt
expect_exit 0 "$OFFPRINT" local.html -o local.pdf --fetch --no-cache
if [ "$(requests '/img/rgb.jpg\?local')" = 1 ]; then pass; else fail "--fetch did not fetch"; fi

# --- root-relative images: against the site (--base-url, or the page's canonical link), never
#     this machine's root
cat >rel.html <<EOF
<html><head><title>Relative</title></head><body><article><h1>Relative</h1>
<p>A page with a root-relative picture, long enough for reader mode to keep it as the article
text of this little test page, with another sentence for good measure.</p>
<img src="/img/gray8.png" alt="rootrel"><img src="rel_files/x.png" alt="folder">
</article></body></html>
EOF
expect_exit 0 "$OFFPRINT" rel.html --base-url "$U/posts/rel.html" --to md -o -
expect_grep "<$U/img/gray8.png>" out.txt
expect_grep "\($SCRATCH/rel_files/x.png\)" out.txt # a saved page's own folder stays local
"$OFFPRINT" --base-url "$U/posts/rel.html" -f html - --to md -o - <rel.html >out.txt 2>err.txt
expect_grep "<$U/posts/rel_files/x.png>" out.txt # standard input: no folder, the URL
sed 's|<title>|<link rel="canonical" href="https://example.org/posts/rel.html"><title>|' rel.html >canon.html
expect_exit 0 "$OFFPRINT" canon.html --to md -o -
expect_grep '<https://example.org/img/gray8.png>' out.txt

# --- the cache: the second run only revalidates (If-None-Match), every answer a 304
sleep 4 # /slow (above) is logged when it answers: let it, before the log is looked at
rm -rf cache
expect_exit 0 "$OFFPRINT" "$U/etag.html" --cache-dir cache -o c1.pdf -v
expect_grep 'GET .*/etag.html: 200, [0-9]+ bytes, [0-9]+ ms, cache miss' err.txt
: >log
expect_exit 0 "$OFFPRINT" "$U/etag.html" --cache-dir cache -o c2.pdf -v
expect_grep 'GET .*/etag.html: 304, 0 bytes, [0-9]+ ms, cache hit' err.txt
n=$(wc -l <log)
if [ "$n" = 6 ]; then pass; else fail "second run made $n requests, want 6 (page + 5 images)"; fi
if grep -v '"status": 304' log | grep -q .; then fail "not all 304: $(grep -v '"status": 304' log)"; else pass; fi
if grep '"if-none-match": null' log | grep -q .; then fail "a request without If-None-Match"; else pass; fi
if cmp -s c1.pdf c2.pdf; then pass; else fail "the cached run wrote another PDF"; fi
rm -rf xdg
expect_exit 0 "$OFFPRINT" "$U/etag.html" --no-cache -o c3.pdf
if [ -d xdg/offprint ] && [ -n "$(ls -A xdg/offprint)" ]; then fail "--no-cache wrote $XDG_CACHE_HOME"; else pass; fi

# --- politeness: six slow images (inline ones: the EPUB loads them), never more than two at once
: >log
expect_exit 0 "$OFFPRINT" "$U/many.html" --no-cache -o many.epub
python3 - log <<'EOF'
import json, sys
r = [json.loads(l) for l in open(sys.argv[1]) if "/delay/" in l]
ev = sorted([(x["start"], 1) for x in r] + [(x["end"], -1) for x in r])
c = m = 0
for t, d in ev:
    c += d
    m = max(m, c)
sys.exit(0 if len(r) == 6 and m <= 2 else 1)
EOF
if [ $? = 0 ]; then pass; else fail "more than two requests to one host at once: $(cat log)"; fi
# --- batch: a list whose entries are only URLs: skipped without --fetch (nothing requested),
#     fetched and converted with it; the report says so
printf '%s\n' "$U/article.html" "$U/etag.html" >urls.txt
: >log
expect_exit 0 "$OFFPRINT" -i urls.txt -o bout/ --no-cache
expect_grep '2 skipped \(2 only a URL, need --fetch\)' err.txt
if [ "$(requests '/(article|etag)')" = 0 ]; then pass; else fail "batch fetched without --fetch"; fi
expect_exit 0 "$OFFPRINT" -i urls.txt -o bout/ --fetch --no-cache --report bout/report.jsonl
expect_grep '^offprint: 2 converted' err.txt
if [ "$(ls bout/*.pdf 2>/dev/null | wc -l)" = 2 ]; then pass; else fail "batch --fetch: $(ls bout)"; fi
expect_grep '"status": ?"ok"' bout/report.jsonl
no_leftovers
finish
