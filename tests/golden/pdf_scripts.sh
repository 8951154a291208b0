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

# Korean set justified: words (eojeol) stay whole where spaces alone give even lines, a word
# breaks between syllables where they would not (badness of 188 on average before), and a
# particle never starts a line after the bracket or quote it follows.
cat >ko.md <<'MD'
# 한국어 기사의 조판 시험

서울, 12월 6일 — 한국어 문장은 띄어쓰기 단위로 줄을 바꾸는 것이 일반적이지만, 긴 낱말이나 영어 단어(typography)가 섞이면 줄 끝 처리가 까다로워진다. 이 문단은 한글과 라틴 문자가 섞인 본문이 고르게 배치되는지 확인하기 위한 것이다. 국방부는 3일 미국 워싱턴에서 열린 제54차 한미안보협의회의(SCM)에서 양국 장관이 확장억제 강화 방안을 논의했다고 밝혔다.

“인용부호”와 ‘작은따옴표’, 그리고 숫자 2022년 11월 3일 같은 표기도 자연스럽게 보여야 한다. 줄 바꿈은 유니코드 줄 바꿈 규칙(UAX #14)을 따르며, 문장 부호가 줄 머리에 오지 않도록 한다. 한국어 본문은 양쪽 맞춤으로 조판하되, 낱말 사이 간격이 지나치게 벌어지지 않아야 한다.
MD
"$OFFPRINT" ko.md -o ko.pdf --page-size a5 --stats 2>ko_err.txt || fail "offprint ko.md: $(cat ko_err.txt)"
bad=$(sed -n 's/.*average badness \([0-9.]*\).*/\1/p' ko_err.txt)
awk -v b="${bad:-1e9}" 'BEGIN { exit !(b < 100) }' || fail "Korean lines loose: average badness $bad"
pdftotext -enc UTF-8 ko.pdf ko.txt 2>/dev/null || fail "pdftotext ko.pdf"
grep -qE '^[을를이가와과은는의에]( |$)' ko.txt && fail "a particle starts a line: $(grep -E '^[을를이가와과은는의에]( |$)' ko.txt)"
grep -qF "한국어 기사의 조판 시험" ko.txt || fail "Korean title not extracted"
grep -q " Tr$" <(qpdf --qdf --object-streams=disable ko.pdf - 2>/dev/null) &&
    fail "Korean bold has a face of its own (NanumGothic Bold) and must not be emboldened"

# A Chinese heading: the CJK fallback has no bold face, so its glyphs are emboldened
# (filled and stroked, text rendering mode 2) to match the bold Latin around them.
printf '# DeepMind新电脑已可利用记忆\n\n正文。\n' >zh.md
"$OFFPRINT" zh.md -o zh.pdf 2>zh_err.txt || fail "offprint zh.md: $(cat zh_err.txt)"
qpdf --qdf --object-streams=disable zh.pdf zh_qdf.pdf 2>/dev/null
grep -aq "^2 Tr$" zh_qdf.pdf || fail "Chinese bold heading not emboldened"
pdftotext -enc UTF-8 zh.pdf - | grep -qF "DeepMind新电脑已可利用记忆" || fail "Chinese heading text"
[ $fails -eq 0 ] && echo "pdf_scripts: ok"
exit $((fails > 0))
