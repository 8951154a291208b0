# CLI: --to md and --to html (names from the input, -o with .md/.html, stdout), the HTML is
# well-formed (xmllint when installed) and the Markdown reads back to the same text.
. "$(dirname "$0")/lib.bash"
setup
cp "$SRC/tests/fixtures/extract/news.html" page.html
expect_exit 0 "$OFFPRINT" -q page.html --to md
if [ -s page.md ]; then pass; else fail "page.md missing"; fi
expect_grep '^title: "Harbour Bridge Reopens After Repairs"$' page.md
expect_exit 0 "$OFFPRINT" -q page.html --to html
expect_grep "^<!DOCTYPE html>$" page.offprint.html
expect_grep "Coastal Gazette" page.html # the input is left alone
expect_exit 0 "$OFFPRINT" -q "$SRC/tests/fixtures/extract/news.html" -o out.html
expect_grep '^<html lang="en-GB">$' out.html
expect_grep '<article>' out.html
if have xmllint; then
    if xmllint --noout out.html 2>xml.txt; then pass; else fail "xmllint: $(head -c 300 xml.txt)"; fi
fi
expect_exit 0 "$OFFPRINT" -q "$SRC/tests/fixtures/extract/news.html" -o out.md
expect_exit 0 "$OFFPRINT" -q "$SRC/tests/fixtures/extract/news.html" --to txt -o a.txt
expect_exit 0 "$OFFPRINT" -q out.md --to txt -o b.txt
if cmp -s a.txt b.txt; then pass; else fail "md round trip text differs: $(diff a.txt b.txt | head -5)"; fi
expect_exit 0 "$OFFPRINT" "$SRC/tests/fixtures/extract/news.html" --to md -o -
expect_grep '^The harbour bridge reopened' out.txt
expect_exit 0 "$OFFPRINT" "$SRC/tests/fixtures/extract/news.html" -t html -o -
expect_grep '^</html>$' out.txt
expect_exit 2 "$OFFPRINT" page.html --to docx
expect_grep "unknown output format 'docx' \(pdf, epub, txt, md, html\)" err.txt
expect_exit 2 "$OFFPRINT" page.html -o out.rtf
expect_grep 'use .pdf, .epub, .txt, .md, .html or --to' err.txt
no_leftovers
finish
