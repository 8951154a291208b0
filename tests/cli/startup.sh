# CLI start-up: libcurl and the libraries it brings are opened only when a fetch needs them
# (fetch_curl.c dlopens it), so converting a local page maps none of them; fetching itself is
# tested by fetch.sh.
. "$(dirname "$0")/lib.bash"
setup
if have ldd; then
    if ldd "$OFFPRINT" | grep -q 'libcurl'; then
        fail "offprint is linked with libcurl: $(ldd "$OFFPRINT" | grep libcurl)"
    else pass; fi
else
    echo "SKIP: ldd not installed (the link not checked)"
fi
printf '<html><body><article><h1>T</h1><p>%s</p></article></body></html>\n' \
    "A paragraph of text long enough for reader mode to keep it as the article's body." >a.html
LD_DEBUG=files "$OFFPRINT" -q a.html -o a.pdf >out.txt 2>err.txt
if [ -s a.pdf ]; then pass; else fail "no PDF: $(head -c 300 err.txt)"; fi
if grep -q 'file=libxml2' err.txt; then
    if grep -q 'file=libcurl' err.txt; then
        fail "a local conversion opened libcurl: $(grep 'file=libcurl' err.txt | head -n 1)"
    else pass; fi
else
    echo "SKIP: LD_DEBUG=files printed nothing (the loader not checked)"
fi
finish
