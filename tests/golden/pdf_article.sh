#!/bin/bash
# PDF golden test: an HTML article with metadata, headings, Korean/Greek/Cyrillic text,
# a link, a table and local images (PNG with alpha, JPEG). Checked by structure, never
# byte for byte: qpdf --check, pdftotext text, pdffonts (all embedded), pdfinfo links,
# pdfimages, and no poppler "Syntax Warning".
# Args: $1 offprint binary, $2 source dir, $3 scratch dir. Exit 77 = skip (tool missing).
set -u
OFFPRINT=$1 SRC=$2 OUT=$3
for t in qpdf pdftotext pdffonts pdfinfo pdfimages; do
    command -v "$t" >/dev/null 2>&1 || { echo "skip: $t not installed"; exit 77; }
done
rm -rf "$OUT" && mkdir -p "$OUT" && cd "$OUT" || exit 1
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
cp "$SRC/tests/fixtures/images/rgba8.png" img.png 2>/dev/null
cp "$SRC/tests/fixtures/images/rgb.jpg" img.jpg 2>/dev/null
cat >article.html <<'HTML'
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Measure and Leading</title>
<meta name="author" content="Jane Doe">
<meta property="og:site_name" content="The Example Review">
</head><body><article>
<h1>Measure and Leading</h1>
<p>A comfortable measure holds <em>sixty-odd</em> characters; leading of about
<strong>1.4</strong> keeps the lines apart. Read more at
<a href="https://example.org/typography">example.org</a>.</p>
<h2>Scripts</h2>
<p>한국어 문장은 어절 단위로 띄어 씁니다. Ελληνικά: λόγος. Русский текст.</p>
<figure><img src="img.png" alt="a small png"><figcaption>A PNG with alpha.</figcaption></figure>
<figure><img src="img.jpg" alt="a small jpeg"><figcaption>A JPEG passed through.</figcaption></figure>
<table><tr><th>Key</th><th>Value</th></tr><tr><td>measure</td><td>66 characters</td></tr></table>
<pre><code>int main(void) { return 0; }</code></pre>
</article></body></html>
HTML
"$OFFPRINT" -q article.html -o article.pdf 2>err.txt || fail "offprint exit $?: $(cat err.txt)"
[ -s article.pdf ] || { echo "FAIL: no PDF"; exit 1; }
qpdf --check article.pdf >qpdf.txt 2>&1 || fail "qpdf --check: $(tail -3 qpdf.txt)"
pdftotext -enc UTF-8 article.pdf text.txt 2>ptt.txt || fail "pdftotext failed"
for want in "Measure and Leading" "sixty-odd" "한국어 문장은" "λόγος" "Русский" "66 characters" \
    "int main(void)"; do
    grep -qF "$want" text.txt || fail "text '$want' not extracted"
done
pdffonts article.pdf >fonts.txt 2>>ptt.txt || fail "pdffonts failed"
awk 'NR > 2 && $(NF-4) != "yes" { bad = 1 } END { exit bad }' fonts.txt ||
    fail "a font is not embedded: $(cat fonts.txt)"
grep -q "Syntax Warning" ptt.txt && fail "poppler warns: $(head -3 ptt.txt)"
pdfinfo -url article.pdf | grep -qF "https://example.org/typography" || fail "link annotation missing"
n=$(pdfimages -list article.pdf 2>/dev/null | awk 'NR > 2 && $3 == "image"' | wc -l)
[ "$n" -ge 2 ] || fail "expected 2 images, found $n"
# Size: the fonts share one ToUnicode CMap, and each CIDToGIDMap stops at the last code
# point its font draws (libharu alone writes 128 KB maps covering the whole BMP).
qpdf --qdf --object-streams=disable --stream-data=preserve article.pdf qdf.pdf 2>/dev/null
nfonts=$(grep -ac '/Subtype /CIDFontType2' qdf.pdf)
ntou=$(grep -ao '/ToUnicode [0-9]* 0 R' qdf.pdf | sort -u | wc -l)
[ "$nfonts" -ge 2 ] && [ "$ntou" -eq 1 ] || fail "$nfonts fonts with $ntou ToUnicode CMaps, want 1"
for id in $(grep -ao '/CIDToGIDMap [0-9]* 0 R' qdf.pdf | awk '{print $2}'); do
    n=$(qpdf --show-object="$id" --filtered-stream-data qdf.pdf | wc -c)
    [ "$n" -gt 0 ] && [ "$n" -lt 131070 ] || fail "CIDToGIDMap $id is $n bytes"
done
# Images are Flate streams with PNG predictors (the PNG's soft mask too).
[ "$(grep -ac '/Predictor 15' qdf.pdf)" -ge 2 ] || fail "images without PNG predictors"
[ $fails -eq 0 ] && echo "pdf_article: ok"
exit $((fails > 0))
