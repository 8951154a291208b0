#!/bin/bash
# PDF golden test: the Hindi and Thai pages of tests/fixtures/scripts, shaped with
# HarfBuzz in Noto (fonts-noto-core). Glyphs that are not their code point's own get
# Private Use Area codes whose ToUnicode entries give the text back: the conjunct क्ष is one
# glyph standing for its three code points, the i sign of कि is drawn before the consonant
# (its glyph stands for क, the consonant's for ि, so copied text reads कि), Thai tone marks
# sitting apart from their letters are drawn (libharu drops text of no width), and the text
# pdftotext gives, spaces aside, is the source's. Args: $1 offprint binary, $2 source dir,
# $3 scratch dir. Exit 77 = skip.
set -u
OFFPRINT=$1 SRC=$2 OUT=$3
for t in pdftotext qpdf python3; do
    command -v "$t" >/dev/null 2>&1 || { echo "skip: $t not installed"; exit 77; }
done
for f in NotoSerifDevanagari-Regular NotoSerifThai-Regular; do
    [ -f "/usr/share/fonts/truetype/noto/$f.ttf" ] || { echo "skip: fonts-noto-core not installed"; exit 77; }
done
rm -rf "$OUT" && mkdir -p "$OUT" && cd "$OUT" || exit 1
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

for l in hi th; do
    "$OFFPRINT" "$SRC/tests/fixtures/scripts/$l.html" -o $l.pdf 2>$l.err || fail "offprint $l: $(cat $l.err)"
    grep -q "warning" $l.err && fail "messages $l: $(cat $l.err)"
    qpdf --check $l.pdf >/dev/null || fail "qpdf --check $l"
    pdftotext -enc UTF-8 $l.pdf $l.txt 2>$l.ptt || fail "pdftotext $l"
    [ -s $l.ptt ] && fail "poppler warns on $l: $(head -3 $l.ptt)"
    qpdf --qdf --object-streams=disable $l.pdf $l.qdf.pdf
    # the paragraphs of the source come back, in order (spaces and line ends aside); in
    # Thai only the first ones: poppler reads a mark raised above another one as a line of
    # its own, and a mark placed back over its letter as a word after it (not yet solved)
    python3 - "$SRC/tests/fixtures/scripts/$l.html" $l.txt $([ $l = th ] && echo 2) <<'PY' || fail "$l: copied text differs from the source"
import re, sys, html
src = open(sys.argv[1], encoding="utf-8").read()
txt = re.sub(r"\s+", "", open(sys.argv[2], encoding="utf-8").read())
bad = 0
paras = re.findall(r"<(?:h1|p|li)>(.*?)</(?:h1|p|li)>", src)
for p in paras[:int(sys.argv[3])] if len(sys.argv) > 3 else paras:
    want = re.sub(r"\s+", "", html.unescape(re.sub(r"<[^>]+>", "", p)))
    if want not in txt:
        print("missing:", want[:60]); bad += 1
sys.exit(bad > 0)
PY
done
pdffonts hi.pdf | grep -q NotoSerifDevanagari-Regular || fail "Hindi not set in Noto Serif Devanagari"
pdffonts th.pdf | grep -q NotoSerifThai-Regular || fail "Thai not set in Noto Serif Thai"
# क्ष is one glyph: a code of its own standing for क ् ष
grep -a -q -i '^<e[0-9a-f]\{3\}> <0915094D0937>$' hi.qdf.pdf || fail "क्ष is not one glyph"
# कि: the glyph drawn first stands for क and is not क's own (U+0915 would be drawn as <0915>)
grep -a -q -i '^<e[0-9a-f]\{3\}> <0915>$' hi.qdf.pdf || fail "the i sign of कि is not drawn before क"
# marks placed apart from their letters are drawn: Thai tone marks as runs of their own,
# Devanagari vowel signs of no width by hand-written Tj (libharu drops text of no width)
[ "$(grep -a -c -i -E '^<0e4[89ab]> Tj' th.qdf.pdf)" -gt 5 ] || fail "Thai tone marks not drawn"
[ "$(grep -a -c -E '^<09(0[0-3]|[45][0-9A-F])> Tj' hi.qdf.pdf)" -gt 5 ] || fail "Devanagari marks not drawn"
[ $fails -eq 0 ] && echo "pdf_indic: ok"
exit $((fails > 0))
