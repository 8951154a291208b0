#!/bin/bash
# PDF golden test: the Hebrew page of tests/fixtures/scripts (lang="he"). Its lines read
# right to left spell the source (mutool draw -F stext positions, stext_check.py), Latin
# words and numbers in it still read left to right, brackets are mirrored, paragraphs are
# justified to both margins with their last lines flush right, no warning says the text is
# set left to right, no hyphenation note, no poppler warning. Args: $1 offprint binary,
# $2 source dir, $3 scratch dir. Exit 77 = skip.
set -u
OFFPRINT=$1 SRC=$2 OUT=$3
for t in mutool pdftotext python3; do
    command -v "$t" >/dev/null 2>&1 || { echo "skip: $t not installed"; exit 77; }
done
rm -rf "$OUT" && mkdir -p "$OUT" && cd "$OUT" || exit 1
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
check() { python3 "$SRC/tests/golden/stext_check.py" "$@" || fail "$1 $2 ${3:-}"; }

"$OFFPRINT" "$SRC/tests/fixtures/scripts/he.html" -o he.pdf 2>he.err || fail "offprint: $(cat he.err)"
grep -qE "warning|hyphenation" he.err && fail "messages: $(cat he.err)"
pdftotext -enc UTF-8 he.pdf he.txt 2>he.ptt || fail "pdftotext"
[ -s he.ptt ] && fail "poppler warns: $(head -3 he.ptt)"
mutool draw -F stext -o he.xml he.pdf 1 2>/dev/null || fail "mutool"
check rtl he.xml "כלבניהאדםנולדובניחורין"
check rtl he.xml "עמודניסיוןלעברית"
check ltr he.xml "Unicode"
check ltr he.xml "2024"
check rtl he.xml ")סעיף" # the opening bracket, mirrored, before the word it opens
# paragraphs end at the right margin (the page without its list and quote, which are indented)
sed -e '/<ul>/,/<\/ul>/d' -e '/<blockquote>/d' "$SRC/tests/fixtures/scripts/he.html" >plain.html
"$OFFPRINT" plain.html -o plain.pdf 2>plain.err || fail "offprint plain: $(cat plain.err)"
mutool draw -F stext -o plain.xml plain.pdf 1 2>/dev/null || fail "mutool plain"
check rightaligned plain.xml
# lists and quotes are indented from the right: the bullets right of their items' text,
# the items' lines ending short of the right margin, by as much as a left-to-right list
# starts after the left one
python3 - he.xml <<'PY' || fail "list not indented from the right"
import sys, xml.etree.ElementTree as ET
chars = [(float(c.get("x")), float(c.get("y")), c.get("c")) for c in ET.parse(sys.argv[1]).iter("char")]
bullets = [(x, y) for x, y, ch in chars if ch == "\u2022"]
right = max(x for x, y, ch in chars if ch.strip())
ok = len(bullets) == 2
for bx, by in bullets:
    text = [x for x, y, ch in chars if abs(y - by) < 1 and ch.strip() and ch != "\u2022"]
    ok = ok and text and bx > max(text) and bx > right - 20
sys.exit(0 if ok else 1)
PY

# Without a language the first strong character decides: a Hebrew paragraph still runs
# right to left, an English one stays as it was.
printf 'שלום עולם וכל יושביו\n\nHello world.\n' >mixed.txt
"$OFFPRINT" mixed.txt -o mixed.pdf --lang en 2>mixed.err || fail "offprint mixed: $(cat mixed.err)"
mutool draw -F stext -o mixed.xml mixed.pdf 1 2>/dev/null || fail "mutool mixed"
python3 "$SRC/tests/golden/stext_check.py" rtl mixed.xml "שלוםעולםוכליושביו" >/dev/null ||
    fail "Hebrew paragraph in an English document not right to left"
[ $fails -eq 0 ] && echo "pdf_rtl: ok"
exit $((fails > 0))
