#!/bin/bash
# PDF golden test: the Arabic page of tests/fixtures/scripts (lang="ar"). Its letters are
# joined (drawn with the presentation forms of their place in the word: ICU u_shapeArabic;
# lam-alef as one ligature), the lines run right to left and spell the source when read so,
# the ToUnicode map gives the letters back (not their forms), Latin words and numbers stay
# left to right, paragraphs are justified with their last lines flush right, no warning, and
# the Arabic is set in Amiri when fonts-hosny-amiri is installed. Args: $1 offprint binary,
# $2 source dir, $3 scratch dir. Exit 77 = skip.
set -u
OFFPRINT=$1 SRC=$2 OUT=$3
for t in mutool pdftotext qpdf python3; do
    command -v "$t" >/dev/null 2>&1 || { echo "skip: $t not installed"; exit 77; }
done
rm -rf "$OUT" && mkdir -p "$OUT" && cd "$OUT" || exit 1
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
check() { python3 "$SRC/tests/golden/stext_check.py" "$@" || fail "$1 $2 ${3:-}"; }

"$OFFPRINT" "$SRC/tests/fixtures/scripts/ar.html" -o ar.pdf 2>ar.err || fail "offprint: $(cat ar.err)"
grep -qE "warning|hyphenation" ar.err && fail "messages: $(cat ar.err)"
qpdf --check ar.pdf >/dev/null || fail "qpdf --check"
pdftotext -enc UTF-8 ar.pdf ar.txt 2>ar.ptt || fail "pdftotext"
[ -s ar.ptt ] && fail "poppler warns: $(head -3 ar.ptt)"
# copied text is the letters: "صفحة تجريبية" and no presentation form (U+FB50-U+FEFC)
grep -q "صفحة تجريبية" ar.txt || fail "pdftotext does not give the title's letters back"
python3 - ar.txt <<'PY' || fail "presentation forms in the extracted text"
import sys
t = open(sys.argv[1], encoding="utf-8").read()
sys.exit(any(0xFB50 <= ord(c) <= 0xFEFC for c in t))
PY
# drawn joined: the content streams show presentation forms, e.g. the initial seen of "سطور"
qpdf --qdf --object-streams=disable ar.pdf ar.qdf.pdf
grep -a -c '<fe[0-9a-f]*> Tj' ar.qdf.pdf >forms.txt
[ "$(cat forms.txt)" -gt 10 ] || fail "letters not drawn with their joining forms ($(cat forms.txt) runs)"
if [ -f /usr/share/fonts/opentype/fonts-hosny-amiri/Amiri-Regular.ttf ]; then
    pdffonts ar.pdf | grep -q Amiri-Regular || fail "Arabic not set in Amiri"
else
    echo "note: fonts-hosny-amiri not installed; DejaVu Sans sets the Arabic"
fi
mutool draw -F stext -o ar.xml ar.pdf 1 2>/dev/null || fail "mutool"
check rtl ar.xml "يولدجميعالناس"
check rtl ar.xml "صفحةتجريبية"
check ltr ar.xml "Unicode"
check ltr ar.xml "2024"
check rightaligned ar.xml
[ $fails -eq 0 ] && echo "pdf_arabic: ok"
exit $((fails > 0))
