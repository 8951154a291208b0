# CLI: `offprint check` exit codes (0 clean or warnings only, 1 errors, 2 usage), output lines
# "offprint: FILE: RULE-ID: message (entry)" on stdout and the summary line.
. "$(dirname "$0")/lib.bash"
setup
expect_exit 0 "$OFFPRINT" check --help
expect_grep '^Usage: offprint check' out.txt
expect_grep 'Exit codes' out.txt
expect_exit 2 "$OFFPRINT" check
expect_grep 'no EPUB file given' err.txt
expect_exit 2 "$OFFPRINT" check --bogus x.epub
expect_exit 2 "$OFFPRINT" check --max-size abc x.epub
expect_grep "invalid --max-size" err.txt
expect_exit 2 "$OFFPRINT" check --max-image -1 x.epub

expect_exit 0 "$OFFPRINT" -q "$SRC/tests/fixtures/sample/article.html" -o good.epub
expect_exit 0 "$OFFPRINT" check good.epub
expect_grep '^offprint: good.epub: 0 errors, 0 warnings$' out.txt
expect_exit 0 "$OFFPRINT" check --max-size 0.001 good.epub
expect_grep '^offprint: good.epub: book-size: warning: ' out.txt
expect_grep '^offprint: good.epub: 0 errors, 1 warning$' out.txt

expect_exit 1 "$OFFPRINT" check "$SRC/README.md"
expect_grep '^offprint: .*README.md: zip-unreadable: not a zip archive' out.txt
expect_exit 1 "$OFFPRINT" check missing.epub
expect_grep '^offprint: missing.epub: zip-unreadable: ' out.txt

if have python3; then
    python3 - <<'PY'
import zipfile
src = zipfile.ZipFile("good.epub")
out = zipfile.ZipFile("bad.epub", "w")
for i in src.infolist():
    data = src.read(i.filename)
    if i.filename == "OEBPS/content.opf":
        data = data.replace(b"<dc:language>", b"<dc:lang>").replace(b"</dc:language>", b"</dc:lang>")
    out.writestr(i, data, compress_type=zipfile.ZIP_DEFLATED)  # mimetype compressed too
out.close()
PY
    expect_exit 1 "$OFFPRINT" check bad.epub
    expect_grep '^offprint: bad.epub: mimetype-compressed: .* \(mimetype\)$' out.txt
    expect_grep '^offprint: bad.epub: opf-language: no dc:language \(OEBPS/content.opf\)$' out.txt
    expect_grep '^offprint: bad.epub: 2 errors, 0 warnings$' out.txt
    expect_exit 1 "$OFFPRINT" check -q good.epub bad.epub
    expect_grep '^offprint: checked 2 books, 1 with errors$' out.txt
    if grep -q 'mimetype-compressed' out.txt; then fail "-q printed problem lines"; else pass; fi
    # a zip bomb: 100 MB of spaces deflated to ~100 KB is not read past the 64 MB cap
    python3 - <<'PY'
import zipfile
src = zipfile.ZipFile("good.epub")
out = zipfile.ZipFile("bomb.epub", "w")
for i in src.infolist():
    data = src.read(i.filename)
    if i.filename == "OEBPS/text/article.xhtml":
        data = data.replace(b"</body>", b" " * (100 << 20) + b"</body>")
    out.writestr(i, data, compress_type=i.compress_type)
out.close()
PY
    expect_exit 0 "$OFFPRINT" check bomb.epub
    expect_grep '^offprint: bomb.epub: entry-too-large: warning: .*\(OEBPS/text/article.xhtml\)$' out.txt
fi
finish
