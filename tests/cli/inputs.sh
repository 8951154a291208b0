# CLI: missing and unreadable inputs fail with exit 1 and a message naming the file;
# other inputs are still converted; nothing half-written is left behind.
. "$(dirname "$0")/lib.bash"
setup
expect_exit 1 "$OFFPRINT" missing.html
expect_grep '^offprint: missing.html: error: cannot read' err.txt
expect_no_file missing.pdf
printf 'Title line\n\nA paragraph of text.\n' >good.txt
expect_exit 1 "$OFFPRINT" missing.txt good.txt
expect_grep 'missing.txt' err.txt
expect_grep '1 converted, 1 failed' err.txt
if [ -s good.pdf ]; then pass; else fail "good.pdf was not written next to its input"; fi
mkdir adir # a folder is batch mode (issue 14); one without articles is an error
expect_exit 1 "$OFFPRINT" adir
expect_grep 'no articles found in adir' err.txt
no_leftovers
# stdin with an explicit output
printf 'From stdin\n\nBody text here.\n' | "$OFFPRINT" -f text - -o stdin.pdf 2>err.txt
if [ -s stdin.pdf ]; then pass; else fail "stdin.pdf missing: $(cat err.txt)"; fi
# the model dump works on stdin too
printf '# Heading\n\nSome *text*.\n' | "$OFFPRINT" -f markdown --dump-model - >out.txt 2>err.txt
expect_grep '^document$' out.txt
expect_grep 'emph' out.txt
# metadata overrides
expect_exit 0 "$OFFPRINT" --dump-model --title "Other title" --author "A. Writer" --lang ko good.txt
expect_grep '^meta title "Other title"$' out.txt
expect_grep '^meta author "A. Writer"$' out.txt
expect_grep '^meta lang "ko"$' out.txt
# plain-text output (the body: the title is metadata), to stdout or to a file
expect_exit 0 "$OFFPRINT" good.txt --to txt -o -
if grep -q '^Title line$' out.txt; then fail "the title repeated in the body text"; else pass; fi
expect_grep '^A paragraph of text\.$' out.txt
expect_exit 0 "$OFFPRINT" -q good.txt -o good-copy.txt
expect_grep '^A paragraph of text\.$' good-copy.txt
expect_exit 0 "$OFFPRINT" good.txt -o - # a PDF into a file or pipe (conventions.sh)
if [ "$(head -c 5 out.txt)" = %PDF- ]; then pass; else fail "good.txt -o - wrote no PDF"; fi
# a page with no article (an app shell that needs JavaScript, an empty file): exit 1, nothing
# written; --dump-model still shows the (empty) model
printf '<html><head><title>App</title></head><body><div id="root"></div><script>boot()</script></body></html>' >shell.html
: >empty.txt
# one that shows "Loading…" until its scripts run, and a login wall (issue 16)
printf '<html><head><title>App</title></head><body><div id="app">Loading…</div><script src="app.js"></script></body></html>' >loading.html
printf '<html><title>Sign in</title><body><nav><a href="/">Home</a></nav><main><h1>Sign in to keep reading</h1><form><input name=u><input type=password name=p><button>Sign in</button></form><p><a href="/forgot">Forgot your password?</a></p><p>New here? <a href="/join">Join</a></p></main><footer>&copy; 2024 Example</footer></body></html>' >login.html
for f in shell.html empty.txt loading.html login.html; do
    for to in pdf epub txt; do
        expect_exit 1 "$OFFPRINT" "$f" --to $to -o "res.$to"
        expect_grep "$f: error: no article text found" err.txt
        expect_no_file "res.$to"
    done
done
expect_exit 0 "$OFFPRINT" --dump-model shell.html
expect_grep '^meta title "App"' out.txt
# one line naming the file; a short article (two sentences, scripts and a login box) converts
expect_exit 1 "$OFFPRINT" login.html --to txt -o res.txt
if [ "$(wc -l <err.txt)" -eq 1 ]; then pass; else fail "more than one line for login.html"; fi
expect_grep '^offprint: login.html: error: no article text found' err.txt
printf '<html><title>Bridge</title><script src="s.js"></script><body><form><input type=password name=p></form><article><h1>Bridge</h1><p>The council voted on Tuesday to close the old bridge for repairs from next month.</p><p>Traffic will go through the town centre until the work ends in spring.</p></article></body></html>' >short.html
expect_exit 0 "$OFFPRINT" short.html --to txt -o -
expect_grep '^Traffic will go through the town centre' out.txt
# in a batch: that item fails with the message, the others are written, exit 1
mkdir -p na nao && cp loading.html login.html short.html na/
expect_exit 1 "$OFFPRINT" --batch na -o nao --to txt
expect_grep 'failed na/login.html: no article text found' err.txt
expect_grep 'failed na/loading.html: no article text found' err.txt
expect_grep '1 converted' err.txt
expect_no_file nao/login.txt
# several PDFs in one run share one font set and one set of hyphenation dictionaries: each is
# the same file as when converted alone (English, German, English again)
mkdir -p one all
printf '<html lang=en><title>One</title><p>Notwithstanding considerable administrative uncertainty, the representatives recommended extraordinarily comprehensive reorganisation.</p>' >en1.html
printf '<html lang=de><title>Zwei</title><p>Die Bundesverfassungsrichter beschlossen nach ausgesprochen langwierigen Verhandlungen eine Rechtsschutzversicherungsgesellschaft.</p>' >de.html
printf '<html lang=en><title>Three</title><p>Characteristically uncompromising, the parliamentary subcommittee investigated the counterrevolutionary misrepresentations.</p>' >en2.html
for f in en1 de en2; do expect_exit 0 "$OFFPRINT" -q "$f.html" -o "one/$f.pdf"; done
expect_exit 0 "$OFFPRINT" -q en1.html de.html en2.html -o all/
for f in en1 de en2; do
    if cmp -s "one/$f.pdf" "all/$f.pdf"; then pass; else fail "$f.pdf differs when converted with others"; fi
done
# inputs that are no article: told by their bytes whatever their names, exit 1, nothing
# written, nothing of the user's replaced
printf '%%PDF-1.4\n%%\342\343\317\323\n1 0 obj << >> endobj\n' >report.pdf
expect_exit 1 "$OFFPRINT" report.pdf -o x.epub
expect_grep '^offprint: report.pdf: error: this is a PDF document, not an article' err.txt
expect_no_file x.epub
printf 'PK\003\004\024\000\000\000\010\000[Content_Types].xmlPK\003\004word/document.xml' >doc.docx
printf 'kept' >doc.pdf
expect_exit 1 "$OFFPRINT" doc.docx
expect_grep 'doc.docx: error: this is a Word document, not an article' err.txt
if [ "$(cat doc.pdf)" = kept ]; then pass; else fail "doc.pdf was replaced"; fi
printf '\211PNG\r\n\032\n\000\000\000\rIHDR' >photo.html
expect_exit 1 "$OFFPRINT" photo.html --to txt -o -
expect_grep 'photo.html: error: this is a PNG image' err.txt
head -c 3000 /dev/urandom >noise.txt 2>/dev/null || printf '\001\002\003\000\000\000\004\005' >noise.txt
expect_exit 1 "$OFFPRINT" noise.txt
expect_grep 'noise.txt: error: this is ' err.txt
expect_no_file noise.pdf
# a gzip-compressed page is opened (as aeb keeps its pages: page.html.gz)
if have gzip; then
    printf '<title>Zipped</title><p>A page kept gzip-compressed.</p>' | gzip -c >page.html.gz
    expect_exit 0 "$OFFPRINT" page.html.gz --to txt -o -
    expect_grep 'A page kept gzip-compressed' out.txt
    head -c 30 page.html.gz >cut.html.gz
    expect_exit 1 "$OFFPRINT" cut.html.gz --to txt -o -
    expect_grep 'cut.html.gz: error: cannot decompress' err.txt
else
    echo "SKIP: gzip not installed (gzip inputs)"
fi
no_leftovers
# a page reads files in its own folder and below, nothing else: not ../, not absolute paths,
# not file: URLs, not a symbolic link leading out; one warning names the page
mkdir -p site/page_files outside
cp "$SRC/tests/fixtures/images/rgb8.png" site/page_files/ok.png
cp "$SRC/tests/fixtures/images/rgb8.png" outside/secret.png
ln -s ../../outside/secret.png site/page_files/link.png
cat >site/page.html <<EOF
<title>Confined</title><article><p>A page with pictures of its own and others that are not.</p>
<img src="page_files/ok.png" alt="own"><img src="../outside/secret.png" alt="up">
<img src="$PWD/outside/secret.png" alt="abs"><img src="file://$PWD/outside/secret.png" alt="file">
<img src="page_files/link.png" alt="link"></article>
EOF
expect_exit 0 "$OFFPRINT" site/page.html --dump-model
if [ "$(grep -c '^ *image url=' out.txt)" = 1 ] && grep -q 'page_files/ok.png' out.txt; then pass; else
    fail "images outside the page's folder were kept: $(grep image out.txt)"
fi
expect_grep 'site/page.html: warning: 4 images not read: a page may use files in its own folder' err.txt
finish
