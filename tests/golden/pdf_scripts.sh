#!/bin/bash
# PDF golden test: a plain-text article mixing Korean, Chinese, Japanese, Greek, Cyrillic,
# symbols and an emoji. The text must come back from pdftotext (emoji excepted), every
# font must be an embedded subset, the missing emoji must be reported once, and poppler
# must not warn. Args: $1 offprint binary, $2 source dir, $3 scratch dir. Exit 77 = skip.
set -u
OFFPRINT=$1 OUT=$3
for t in qpdf pdftotext pdffonts; do
    command -v "$t" >/dev/null 2>&1 || { echo "skip: $t not installed"; exit 77; }
done
rm -rf "$OUT" && mkdir -p "$OUT" && cd "$OUT" || exit 1
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
cat >scripts.txt <<'TXT'
Scripts in one article

대한민국의 수도는 서울이다. 한국어 문장은 어절 단위로 띄어 쓰며 줄 바꿈은 음절 사이에서도 일어난다.

人人生而自由，在尊严和权利上一律平等。日本語のテキストも少し。

Ἐν ἀρχῇ ἦν ὁ λόγος. Съешь же ещё этих мягких французских булок. Arrows → ⇒ and ∞.

An emoji 😀 and another 😀 have no font.
TXT
"$OFFPRINT" scripts.txt -o scripts.pdf --page-size a5 2>err.txt || fail "offprint exit $?: $(cat err.txt)"
[ -s scripts.pdf ] || { echo "FAIL: no PDF"; exit 1; }
qpdf --check scripts.pdf >/dev/null 2>&1 || fail "qpdf --check"
pdftotext -enc UTF-8 scripts.pdf text.txt 2>ptt.txt || fail "pdftotext failed"
for want in "대한민국의 수도는" "人人生而自由" "日本語" "ἀρχῇ" "французских" "→" "∞"; do
    grep -qF "$want" text.txt || fail "text '$want' not extracted"
done
pdffonts scripts.pdf >fonts.txt 2>>ptt.txt || fail "pdffonts failed"
awk 'NR > 2 && ($(NF-4) != "yes" || $(NF-3) != "yes") { bad = 1 } END { exit bad }' fonts.txt ||
    fail "a font is not an embedded subset: $(cat fonts.txt)"
grep -q "Syntax Warning" ptt.txt && fail "poppler warns: $(head -3 ptt.txt)"
n=$(grep -c "U+1F600" err.txt)
[ "$n" -eq 1 ] || fail "emoji reported $n times, want once: $(cat err.txt)"
[ $fails -eq 0 ] && echo "pdf_scripts: ok"
exit $((fails > 0))
