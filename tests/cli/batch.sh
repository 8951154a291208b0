# CLI batch mode: a folder with saved pages (X.html + X_files/, X-Dateien/) and two
# index.html in different folders (distinct names), hidden files skipped; a list file
# (comments, blanks, a URL that needs --fetch, a missing file, paths relative to the list,
# stdin); resume and --force; --name; the JSON Lines report; shards covering every item
# once; selection; identical broken files each failed; exit codes (1 failed item, 2 usage, 3
# unwritable folder).
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/../golden/check.bash"
setup

page() { # page FILE TITLE: a small article
    mkdir -p "$(dirname "$1")"
    printf '<html lang=en><head><title>%s</title></head><body><article><h1>%s</h1><p>The first paragraph of %s, long enough to be kept by reader mode as the article text.</p></article></body></html>\n' "$2" "$2" "$2" >"$1"
}

page in/blog/one/index.html "One"
page in/blog/two/index.html "Two"
page "in/Saved Page.html" "Saved"
page "in/Saved Page_files/frame.html" "Frame"
page "in/Gespeichert.htm" "German"
page "in/Gespeichert-Dateien/inner.html" "Inner"
page in/.hidden/secret.html "Secret"
page in/.dot.html "Dot"
page in/zz-copy.html "One" && cp in/blog/one/index.html in/zz-copy.html
# two saves of one page (Chrome's "saved from" note): one article, the other a duplicate
page in/saved-again/a.html "Story" && page in/saved-again/b.html "Story, updated"
sed -i '1i <!-- saved from url=(0031)https://www.example.org/story/ -->' in/saved-again/a.html
sed -i '1i <!-- saved from url=(0026)https://example.org/story -->' in/saved-again/b.html
printf '# 메모\n\nSome Markdown notes, long enough to be an article of their own.\n' >in/notes.md
echo 'not an article' >in/picture.jpg

expect_exit 0 "$OFFPRINT" in/ -o out/ --to txt --report report.jsonl -j 2
for f in one two saved-page gespeichert notes a; do
    if [ -f "out/$f.txt" ]; then pass; else fail "out/$f.txt missing: $(ls out)"; fi
done
n=$(ls out | wc -l)
[ "$n" = 6 ] && pass || fail "6 outputs expected, got $n: $(ls out)"
expect_grep 'duplicate in/zz-copy.html: same as in/blog/one/index.html' err.txt
expect_grep '^offprint: 6 converted, 0 skipped, 2 duplicates, 0 failed$' err.txt
expect_grep 'duplicate in/saved-again/b.html: same as in/saved-again/a.html' err.txt
# the report: a start line, one line per item, a summary; valid JSON each
[ "$(wc -l <report.jsonl)" = 10 ] && pass || fail "report lines: $(cat report.jsonl)"
expect_grep '^\{"type":"start"' report.jsonl
expect_grep '"type":"item","input":"in/blog/two/index.html","format":"folder".*"status":"ok","outputs":\["out/two.txt"\],"bytes":[1-9]' report.jsonl
expect_grep '"status":"duplicate","duplicate_of":"in/blog/one/index.html"' report.jsonl
expect_grep '"type":"summary","converted":6,"skipped":0,"need_fetch":0,"duplicates":2,"failed":0,"interrupted":false' report.jsonl
expect_grep '"input":"in/saved-again/a.html","format":"folder","title":null,"url":"https://www.example.org/story/","status":"ok"' report.jsonl
if have python3; then
    python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' report.jsonl && pass ||
        fail "report is not JSON Lines"
fi

# a second run converts nothing again; a newer input is converted again; --force redoes all
expect_exit 0 "$OFFPRINT" in/ -o out/ --to txt
expect_grep '^offprint: 0 converted, 6 skipped, 2 duplicates, 0 failed$' err.txt
expect_grep 'skipped in/notes.md: exists' err.txt
touch -d '+2 seconds' in/notes.md
expect_exit 0 "$OFFPRINT" in/ -o out/ --to txt
expect_grep '^offprint: 1 converted, 5 skipped' err.txt
expect_exit 0 "$OFFPRINT" in/ -o out/ --to txt --force -q
[ -s err.txt ] && fail "-q printed: $(cat err.txt)" || pass
no_leftovers

# --name: fields, folders; --limit
expect_exit 0 "$OFFPRINT" in/ -o named --to txt --name 'x/{slug}-{id}' --limit 2
[ -f named/x/gespeichert-gespeichert-htm.txt ] && pass || fail "named: $(find named)"
expect_grep '^offprint: 2 converted' err.txt

# a list file: comments, blank lines, a URL, a missing file (failed: exit 1), paths relative
# to the list's folder; - reads the list from stdin
mkdir -p lists
printf '# my reading list\n\n../in/blog/two/index.html\nhttps://example.org/story\n../missing.html\n  ../in/notes.md  \n' >lists/list.txt
expect_exit 1 "$OFFPRINT" -i lists/list.txt -o fromlist --to txt --report list.jsonl
expect_grep 'skipped lists/list.txt:4: needs --fetch' err.txt
expect_grep 'failed lists/../missing.html: ' err.txt
expect_grep '^offprint: 2 converted, 1 skipped \(1 only a URL, needs --fetch\), 0 duplicates, 1 failed$' err.txt
expect_grep '"url":"https://example.org/story","status":"skipped","reason":"needs --fetch"' list.jsonl
expect_grep '"status":"failed".*"error":\{"code":[0-9]+,"name":"[^"]+","message":"cannot read' list.jsonl
[ -f fromlist/two.txt ] && [ -f fromlist/notes.txt ] && pass || fail "list outputs: $(ls fromlist)"
printf 'in/blog/one/index.html\n' | "$OFFPRINT" -i - -o stdin-list --to txt 2>err.txt
[ -f stdin-list/one.txt ] && pass || fail "list on stdin: $(cat err.txt)"

# --fail-fast stops after the first failure
printf 'missing1.html\nmissing2.html\nmissing3.html\n' >bad.txt
expect_exit 1 "$OFFPRINT" -i bad.txt -o bad --fail-fast -j 1
expect_grep '0 converted, 0 skipped, 0 duplicates, 1 failed' err.txt

# shards: three shares cover every item exactly once
for k in 1 2 3; do
    expect_exit 0 "$OFFPRINT" in/ -o "shard$k" --to txt --shard "$k/3" --report "shard$k.jsonl"
done
cat shard1.jsonl shard2.jsonl shard3.jsonl | grep '"type":"item"' |
    sed 's/.*"input":"\([^"]*\)".*/\1/' | sort >shard-items.txt
grep '"type":"item"' report.jsonl | sed 's/.*"input":"\([^"]*\)".*/\1/' | sort >all-items.txt
if cmp -s shard-items.txt all-items.txt; then pass; else
    fail "shards: $(diff shard-items.txt all-items.txt)"
fi
SLURM_ARRAY_TASK_ID=0 SLURM_ARRAY_TASK_COUNT=3 expect_exit 0 "$OFFPRINT" in/ -o auto1 --to txt --shard auto --report auto1.jsonl
if cmp -s <(grep '"type":"item"' auto1.jsonl) <(grep '"type":"item"' shard1.jsonl | sed 's/shard1/auto1/g') ||
    [ "$(grep -c '"type":"item"' auto1.jsonl)" = "$(grep -c '"type":"item"' shard1.jsonl)" ]; then pass; else
    fail "--shard auto from Slurm differs from --shard 1/3"
fi

# a plain input with --batch; several plain inputs into an existing folder keep working
expect_exit 0 "$OFFPRINT" --batch in/notes.md -o plainbatch --to txt
[ -f plainbatch/notes.txt ] && pass || fail "--batch"
mkdir -p plain
expect_exit 0 "$OFFPRINT" in/notes.md "in/Saved Page.html" -o plain --to txt
[ -f plain/notes.txt ] && [ -f "plain/Saved Page.txt" ] && pass || fail "plain inputs: $(ls plain)"

# an input that does not exist, a list that cannot be read: failed items, the rest converted
expect_exit 1 "$OFFPRINT" --batch nothing-here.html in/notes.md -i no-list.txt -o gone --report gone.jsonl
expect_grep '"input":"nothing-here.html".*"status":"failed"' gone.jsonl
expect_grep '"input":"no-list.txt","format":"list".*"status":"failed"' gone.jsonl
expect_grep '^offprint: 1 converted, 0 skipped, 0 duplicates, 2 failed$' err.txt

# --since selects nothing: not an error; an empty folder is
expect_exit 0 "$OFFPRINT" in/ -o later --since 2999-01-01
expect_grep '^offprint: 0 converted, 0 skipped, 0 duplicates, 0 failed$' err.txt
mkdir -p empty/.git
touch empty/.git/index.html empty/readme.rst
expect_exit 1 "$OFFPRINT" empty/ -o emptyout
expect_grep 'no articles found in empty/' err.txt

# --bundle: one EPUB book of every article; an article that fails is left out (exit 1)
mkdir -p bundle-in && cp in/notes.md "in/Saved Page.html" bundle-in/ && : >bundle-in/empty.html
expect_exit 1 "$OFFPRINT" bundle-in/ --bundle -o books/all.epub --report bundle.jsonl
expect_grep '"type":"bundle","output":"books/all.epub","status":"ok","articles":2' bundle.jsonl
expect_grep '"input":"bundle-in/empty.html".*"status":"failed"' bundle.jsonl
# its own message, not only the status's name
expect_grep '"input":"bundle-in/empty.html".*"message":"no article text found' bundle.jsonl
expect_grep '^offprint: 2 converted, 0 skipped, 0 duplicates, 1 failed$' err.txt
n=$(unzip -l books/all.epub | grep -c 'text/article-')
[ "$n" = 2 ] && pass || fail "the book has $n articles, want 2"
check_epub books/all.epub
# the same as one PDF book: a title page, the contents, each article from a new page
expect_exit 1 "$OFFPRINT" bundle-in/ --bundle -o books/all.pdf --report bundle-pdf.jsonl
expect_grep '"type":"bundle","output":"books/all.pdf","status":"ok","articles":2' bundle-pdf.jsonl
check_pdf books/all.pdf "Contents"
if have qpdf && have python3; then
    qpdf --json books/all.pdf | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["outlines"]))' >n.txt
    expect_grep '^3$' n.txt # Contents and the two articles
fi
expect_exit 2 "$OFFPRINT" in/ --bundle -o books/all.txt
expect_grep 'makes one book: -o BOOK.epub or -o BOOK.pdf' err.txt
expect_exit 2 "$OFFPRINT" in/ -o book.epub
expect_grep 'batch mode writes into a folder' err.txt

# identical broken files are each a failure with its reason, never hidden as duplicates (the
# copy's reason names the first); copies of a good page stay duplicates; -j1, -j2 and a book
mkdir -p broken
for i in $(seq 0 255); do printf "\\$(printf %03o "$i")"; done >broken/x1.html
cp broken/x1.html broken/x2.html
: >broken/e1.html && : >broken/e2.html
page broken/good.html "Good" && cp broken/good.html broken/good-copy.html
for j in 1 2; do
    expect_exit 1 "$OFFPRINT" broken/ -o "broken-out$j" --to txt -j "$j" --report "broken$j.jsonl"
    expect_grep '^offprint: 1 converted, 0 skipped, 1 duplicate, 4 failed$' err.txt
    expect_grep '^offprint: failed broken/x2.html: this is binary data.* \(same as broken/x1.html\)$' err.txt
    expect_grep '^offprint: failed broken/e2.html: no article text found.* \(same as broken/e1.html\)$' err.txt
    expect_grep '"input":"broken/x1.html".*"status":"failed".*"message":"this is binary data' "broken$j.jsonl"
    expect_grep '"input":"broken/x2.html".*"status":"failed".*"message":"this is binary data' "broken$j.jsonl"
    expect_grep '"input":"broken/good.html".*"status":"duplicate","duplicate_of":"broken/good-copy.html"' "broken$j.jsonl"
done
expect_exit 1 "$OFFPRINT" broken/ --bundle -o broken-book.epub
expect_grep '^offprint: 1 converted, 0 skipped, 1 duplicate, 4 failed$' err.txt
expect_grep '^offprint: failed broken/e2.html: no article text found.* \(same as broken/e1.html\)$' err.txt

# usage errors and setup failures
expect_exit 2 "$OFFPRINT" in/ -o x --name '{nope}'
expect_grep "unknown field '\{nope\}'" err.txt
expect_exit 2 "$OFFPRINT" in/ -o x --shard 4/3
expect_exit 2 "$OFFPRINT" in/ -o x --shard auto
expect_exit 2 "$OFFPRINT" in/ -o x --since yesterday
expect_exit 2 "$OFFPRINT" in/ --dump-model
expect_exit 2 "$OFFPRINT" in/ -o in/notes.md
expect_exit 3 "$OFFPRINT" in/ -o /dev/null/out
finish
