#!/bin/bash
# PDF golden test: the Japanese, Chinese and Korean pages of tests/fixtures/scripts. Each
# language takes its own CJK faces (IPAex for ja, AR PL UMing CN / TW for zh-Hans /
# zh-Hant), one font for the CJK characters of a title, no line starting with a
# character kinsoku forbids there (or ending with an opening bracket), justified lines
# reaching both margins, no hyphenation note for these languages and no poppler warning.
# Positions come from mutool draw -F stext (stext_check.py). Args: $1 offprint binary,
# $2 source dir, $3 scratch dir. Exit 77 = skip (a tool or a font is missing).
set -u
OFFPRINT=$1 SRC=$2 OUT=$3
for t in mutool pdftotext pdffonts python3; do
    command -v "$t" >/dev/null 2>&1 || { echo "skip: $t not installed"; exit 77; }
done
for f in /usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf \
    /usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf \
    /usr/share/fonts/truetype/arphic/uming.ttc /usr/share/fonts/truetype/wqy/wqy-microhei.ttc; do
    [ -r "$f" ] || { echo "skip: $f missing (tools/install-deps.sh installs it)"; exit 77; }
done
rm -rf "$OUT" && mkdir -p "$OUT" && cd "$OUT" || exit 1
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
check() { python3 "$SRC/tests/golden/stext_check.py" "$@" || fail "$1 $2"; }

for lang in ja zh-Hans zh-Hant ko; do
    "$OFFPRINT" "$SRC/tests/fixtures/scripts/$lang.html" -o $lang.pdf 2>$lang.err ||
        fail "offprint $lang: $(cat $lang.err)"
    grep -q "hyphenation" $lang.err && fail "$lang: hyphenation note: $(cat $lang.err)"
    grep -q "warning" $lang.err && fail "$lang: $(cat $lang.err)"
    pdftotext -enc UTF-8 $lang.pdf $lang.txt 2>$lang.ptt || fail "pdftotext $lang"
    [ -s $lang.ptt ] && fail "$lang: poppler warns: $(head -3 $lang.ptt)"
    pdffonts $lang.pdf >$lang.fonts 2>/dev/null
    mutool draw -F stext -o $lang.xml $lang.pdf 1 2>/dev/null || fail "mutool $lang"
done
grep -q IPAexMincho ja.fonts || fail "ja body not in IPAex Mincho: $(cat ja.fonts)"
grep -q IPAexGothic ja.fonts || fail "ja title not in IPAex Gothic: $(cat ja.fonts)"
grep -qE "Nanum|Droid" ja.fonts && fail "ja uses a Korean or the general CJK font: $(cat ja.fonts)"
grep -q UMingCN zh-Hans.fonts || fail "zh-Hans not in UMing CN: $(cat zh-Hans.fonts)"
grep -q UMingTW zh-Hant.fonts || fail "zh-Hant not in UMing TW: $(cat zh-Hant.fonts)"
grep -q NanumMyeongjo ko.fonts || fail "ko not in Nanum Myeongjo: $(cat ko.fonts)"
grep -qF "日本語の組版を試すためのページ" ja.txt || fail "ja title text"
grep -qF "人人生而自由" zh-Hans.txt || fail "zh-Hans text"
for lang in ja zh-Hans zh-Hant; do
    check onefont $lang.xml
    check kinsoku $lang.xml
    check justified $lang.xml
done
[ $fails -eq 0 ] && echo "pdf_cjk: ok"
exit $((fails > 0))
