#!/bin/bash
# PDF golden test: the Hindi, Bengali, Tamil and Thai pages of tests/fixtures/scripts, and
# indic-more (Gujarati, Gurmukhi, Telugu, Kannada, Malayalam, Sinhala, Lao, Khmer, Myanmar,
# Tibetan, a paragraph each), shaped with HarfBuzz in Noto (fonts-noto-core). Glyphs that are not their code point's
# own get Private Use Area codes whose ToUnicode entries give the text back: the conjunct
# क्ष is one glyph standing for its three code points, the i sign of कि is drawn before the
# consonant (its glyph stands for क, the consonant's for ि, so copied text reads कि), marks
# placed apart from their letters are drawn (libharu drops text of no width) and stand for
# nothing, their letter standing for them, and the text pdftotext gives, spaces aside, is
# the source's, paragraph by paragraph. Without the Noto fonts the run warns and names the
# package. Args: $1 offprint binary, $2 source dir, $3 scratch dir. Exit 77 = skip.
set -u
OFFPRINT=$1 SRC=$2 OUT=$3
for t in pdftotext pdffonts qpdf python3; do
    command -v "$t" >/dev/null 2>&1 || { echo "skip: $t not installed"; exit 77; }
done
for f in NotoSerifDevanagari NotoSerifBengali NotoSerifTamil NotoSerifThai; do
    [ -f "/usr/share/fonts/truetype/noto/$f-Regular.ttf" ] || { echo "skip: fonts-noto-core not installed ($f)"; exit 77; }
done
rm -rf "$OUT" && mkdir -p "$OUT" && cd "$OUT" || exit 1
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

for l in hi bn ta th indic-more; do
    "$OFFPRINT" "$SRC/tests/fixtures/scripts/$l.html" -o $l.pdf 2>$l.err || fail "offprint $l: $(cat $l.err)"
    grep -q "warning" $l.err && fail "messages $l: $(cat $l.err)"
    qpdf --check $l.pdf >/dev/null || fail "qpdf --check $l"
    pdftotext -enc UTF-8 $l.pdf $l.txt 2>$l.ptt || fail "pdftotext $l"
    [ -s $l.ptt ] && fail "poppler warns on $l: $(head -3 $l.ptt)"
    qpdf --qdf --object-streams=disable $l.pdf $l.qdf.pdf
    # every paragraph of the source comes back, in order (spaces and line ends aside)
    python3 - "$SRC/tests/fixtures/scripts/$l.html" $l.txt <<'PY' || fail "$l: copied text differs from the source"
import re, sys, html
src = open(sys.argv[1], encoding="utf-8").read()
txt = re.sub(r"\s+", "", open(sys.argv[2], encoding="utf-8").read())
bad = 0
for p in re.findall(r"<(?:h1|p|li)(?:\s[^>]*)?>(.*?)</(?:h1|p|li)>", src):
    want = re.sub(r"\s+", "", html.unescape(re.sub(r"<[^>]+>", "", p)))
    if want not in txt:
        print("missing:", want[:60]); bad += 1
sys.exit(bad > 0)
PY
    # marks placed apart from their letters are drawn: runs of one code of no width of
    # their own, written by hand (libharu drops text of no width)
    [ "$(grep -a -c -i -E '^<e[0-9a-f]{3}> Tj' $l.qdf.pdf)" -gt 5 ] || fail "$l: marks not drawn"
done
pdffonts hi.pdf | grep -q NotoSerifDevanagari-Regular || fail "Hindi not set in Noto Serif Devanagari"
pdffonts bn.pdf | grep -q NotoSerifBengali-Regular || fail "Bengali not set in Noto Serif Bengali"
pdffonts ta.pdf | grep -q NotoSerifTamil-Regular || fail "Tamil not set in Noto Serif Tamil"
pdffonts th.pdf | grep -q NotoSerifThai-Regular || fail "Thai not set in Noto Serif Thai"
for f in Gujarati Gurmukhi Telugu Kannada Malayalam Sinhala Khmer Myanmar Tibetan; do
    pdffonts indic-more.pdf | grep -q "NotoSerif$f-Regular" || fail "$f not set in Noto Serif $f"
done
# क्ष is one glyph: a code of its own standing for क ् ष
grep -a -q -i '^<e[0-9a-f]\{3\}> <0915094D0937>$' hi.qdf.pdf || fail "क्ष is not one glyph"
# कि: the glyph drawn first stands for क and is not क's own (U+0915 would be drawn as <0915>)
grep -a -q -i '^<e[0-9a-f]\{3\}> <0915>$' hi.qdf.pdf || fail "the i sign of कि is not drawn before क"
# ที่: the letter stands for itself and its two marks, the marks for nothing
grep -a -q -i '^<e[0-9a-f]\{3\}> <0E170E350E48>$' th.qdf.pdf || fail "ที่ does not read as one cluster"
grep -a -q -i '^<e[0-9a-f]\{3\}> <>$' th.qdf.pdf || fail "no Thai mark stands for nothing"

# Tamil is hyphenated with its dictionary (hyphen-ta), never leaving one syllable on a line
# (the dictionary counts code points: "கள்" is three, one syllable)
if [ -f /usr/share/hyphen/hyph_ta_IN.dic ]; then
    "$OFFPRINT" "$SRC/tests/fixtures/scripts/ta.html" -o ta-h.pdf --stats 2>ta-h.err
    grep -q "hyphenated [1-9]" ta-h.err || fail "Tamil not hyphenated: $(cat ta-h.err)"
    pdftotext -enc UTF-8 ta-h.pdf ta-h.txt
    grep -q -x "கள்\." ta-h.txt && fail "a line of one syllable: கள்."
else
    echo "SKIP: hyphen-ta not installed (Tamil hyphenation not checked)"
fi

# without the Noto fonts: a warning naming the script and the package, and still a PDF
mkdir -p nonoto && cp -r "$SRC/fonts" "$SRC/styles" nonoto/ &&
    sed -i 's#/noto/Noto#/noto/missing-Noto#' nonoto/fonts/fonts.conf
OP_DATA_DIR=$PWD/nonoto "$OFFPRINT" "$SRC/tests/fixtures/scripts/ta.html" -o nonoto.pdf 2>nonoto.err ||
    fail "offprint without Noto: $(cat nonoto.err)"
grep -q "warning: no font has .*Tamil is set in Noto: install the Debian package fonts-noto-core" nonoto.err ||
    fail "no clear warning without Noto: $(cat nonoto.err)"
[ $fails -eq 0 ] && echo "pdf_indic: ok"
exit $((fails > 0))
