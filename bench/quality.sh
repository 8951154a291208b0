#!/usr/bin/env bash
# Quality report of offprint's PDFs over a page set: the repo's fixtures plus, when present,
# the pages of ../shared/corpus (Readability test pages; article-extraction-benchmark pages
# with QUALITY_AEB=N). Per PDF:
#   qpdf     qpdf --check result (ok / warn / ERR)
#   pages, KB
#   fonts    embedded fonts / how many of them subset (pdffonts); "all" when every one is
#   notdef   glyphs drawn as .notdef (glyph id 0, counted with `mutool draw -F trace`); must
#            be 0: characters no bundled font covers are drawn as U+FFFD and counted apart:
#   nofont   characters no font has (offprint's own warning), shown as replacement marks
#   text     round trip: the words of `offprint --to txt` (the model's text) found, in order,
#            in `pdftotext` (reading order) with end-of-line hyphenation undone (poppler joins
#            most split words itself; the rest by the model's vocabulary): "exact" when all are,
#            "order" when all are there but pdftotext reads some out of order (table cells,
#            columns of a preformatted table, a line with a gap over 1 em), else the share
#            found in order. The PDF may hold more words (title block, list markers). Page
#            furniture is taken out of pdftotext's text first, so a word split across pages
#            joins again: on each page the footer ("N / M", or "N/M", as pdftotext prints a
#            line of one-character words) and, after the first page, the running header (the
#            document's title, or its start and an ellipsis). Word rules, the same on both
#            sides, each for a way pdftotext reads a faithful PDF differently:
#            - hyphens inside words are ignored, and so are runs of them ("reading--no"):
#              pdftotext drops a line's last hyphen and joins the next line, so it cannot
#              tell "well-" + "known" from "hy-" + "phen", and leaves "reading-no" of a line
#              ending "reading--";
#            - soft hyphens and zero-width spaces, break hints that are never drawn, are
#              removed;
#            - each Chinese or Japanese character (Han, kana) is a word of its own: the
#              scripts put no spaces between words, and pdftotext cannot tell a line break
#              inside a sentence from one between paragraphs;
#            - digits and letters next to each other are separate words: a superscript (a
#              note number, an exponent) that begins a line is a line of its own to
#              pdftotext ("22" then "Sometimes" for the note "22Sometimes").
#   bad      average badness of the justified lines (offprint --stats)
#   hyph     hyphenated lines, % of all lines set, and the longest run (offprint --stats)
#   just gap_cv loose  typo_metrics.py numbers on the body text (when ../shared/tools has it
#            and mutool is installed)
# Prints a table and a summary line; exits 1 when qpdf finds an error in any PDF, 2 when
# offprint is not built.
#
#   bash bench/quality.sh [BUILD_DIR] [N_CORPUS_PAGES]
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
ncorpus=${2:-1000}
offprint=$build/offprint
[ -x "$offprint" ] || { echo "quality: build offprint first ($offprint not found)" >&2; exit 2; }
for t in qpdf pdffonts pdftotext python3; do
    command -v "$t" >/dev/null || { echo "quality: $t is needed" >&2; exit 2; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

inputs=()
while IFS= read -r f; do inputs+=("$f"); done < <(find "$root/tests/fixtures" -type f \
    \( -name '*.html' -o -name '*.md' -o -name '*.txt' \) | sort)
shared=${OP_SHARED:-$root/../shared}
if [ -d "$shared/corpus/readability" ]; then
    while IFS= read -r f; do inputs+=("$f"); done < <(ls "$shared"/corpus/readability/*/source.html |
        head -n "$ncorpus")
fi
if [ -d "$shared/corpus/aeb/html" ] && [ "${QUALITY_AEB:-0}" -gt 0 ]; then
    mkdir -p "$work/aeb"
    for gz in $(ls "$shared"/corpus/aeb/html/*.html.gz | head -n "$QUALITY_AEB"); do
        out=$work/aeb/$(basename "$gz" .gz)
        gzip -dc "$gz" >"$out" && inputs+=("$out")
    done
fi
metrics=""
if [ -f "$shared/tools/typo_metrics.py" ] && command -v mutool >/dev/null; then
    metrics=$shared/tools/typo_metrics.py
fi

# name INPUT: a short unique label (the corpus case folder, else the file name)
name() {
    case $1 in
    */source.html) basename "$(dirname "$1")" ;;
    *) basename "$1" ;;
    esac
}

i=0
: >"$work/list"
for in in "${inputs[@]}"; do
    i=$((i + 1))
    base=$work/$i
    "$offprint" --stats "$in" -o "$base.pdf" 2>"$base.err" >/dev/null || echo "convert-failed" >>"$base.err"
    "$offprint" -q "$in" --to txt -o "$base.txt" 2>/dev/null >/dev/null
    printf '%s\t%s\n' "$base" "$(name "$in")" >>"$work/list"
done

python3 - "$work/list" "$metrics" <<'PY'
import difflib, json, os, re, subprocess, sys

def run(cmd):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return p.returncode, p.stdout.decode("utf-8", "replace")

WORD = re.compile(r"\w+(?:(?:-+|['’])\w+)*", re.U)
INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff]")
CJK_CHAR = re.compile("([\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
                      "\uff66-\uff9f])")
DIGIT_LETTER = re.compile(r"(?<=\d)(?=[^\W\d_])|(?<=[^\W\d_])(?=\d)")

def words(text):
    """Lowercase words by the rules in the header: hyphens (and runs of them) inside words
    dropped, soft hyphens and zero-width spaces removed, each Chinese or Japanese character
    a word, digits and letters split apart."""
    text = CJK_CHAR.sub(r" \1 ", INVISIBLE.sub("", text))
    out = []
    for w in WORD.findall(text):
        out.extend(DIGIT_LETTER.sub(" ", w.lower().replace("-", "")).split())
    return out

FOOTER = re.compile(r"\s*\d+\s*/\s*\d+\s*$")

def furniture_out(raw, title):
    """pdftotext's text without page furniture (see the header), pages joined by a newline."""
    title = " ".join(title.split())
    def is_header(line):
        line = " ".join(line.split())
        if line == title:
            return True
        return line.endswith("…") and len(line) > 1 and title.startswith(line[:-1].rstrip())
    pages = []
    for k, page in enumerate(raw.split("\f")):
        lines = page.split("\n")
        full = [i for i, l in enumerate(lines) if l.strip()]
        if k > 0 and title and full and is_header(lines[full[0]]):
            del lines[full[0]]
        full = [i for i, l in enumerate(lines) if l.strip()]
        if full and FOOTER.match(lines[full[-1]]):
            del lines[full[-1]]
        pages.append("\n".join(lines))
    return "\n".join(pages)

def unhyphenate(raw, vocab):
    """Joins a word split at a line end ("hy-" + "phen") when the joined word is one the
    model has; an explicit compound ("well-" + "known") keeps its hyphen. Lines of Chinese
    or Japanese join without a space, Korean ones when they split a word the model has."""
    lines = raw.split("\n")
    out = []
    cjk = re.compile("[\u3000-\u9fff\uff00-\uffef]")
    hangul = re.compile("[\uac00-\ud7a3]")
    for ln in lines:
        if out and out[-1] and ln and (cjk.match(out[-1][-1]) or cjk.match(ln[0])):
            out[-1] += ln  # Chinese and Japanese lines break between characters, not at spaces
            continue
        if out and out[-1] and ln and hangul.match(out[-1][-1]) and hangul.match(ln[0]):
            # a Korean word broken between syllables (no hyphen): joined when the model
            # has the joined word, as for hyphens below
            m = re.search(r"(\w+)$", out[-1])
            n = re.match(r"(\w+)", ln)
            if (m.group(1) + n.group(1)).lower() in vocab:
                out[-1] += ln
                continue
        if out and re.search(r"\w-$", out[-1]) and re.match(r"[a-zß-ÿа-я]", ln):
            m = re.search(r"(\w+)-$", out[-1])
            n = re.match(r"(\w+)", ln)
            joined = (m.group(1) + n.group(1)).lower()
            if joined in vocab:
                out[-1] = out[-1][:-1] + ln
            else:
                out[-1] = out[-1] + ln
            continue
        out.append(ln)
    return "\n".join(out)

def roundtrip(pdf, txt):
    try:
        model = words(open(txt, encoding="utf-8").read())
    except OSError:
        return None
    if not model:
        return None
    code, raw = run(["pdftotext", "-enc", "UTF-8", pdf, "-"])
    m = re.search(r"^Title:\s*(.*)$", run(["pdfinfo", "-enc", "UTF-8", pdf])[1], re.M)
    # page furniture would sit inside a word split across pages
    raw = furniture_out(raw, m.group(1) if m else "")
    raw = re.sub(r"\n{2,}", "\n", raw)
    got = words(unhyphenate(raw, set(model)))
    sm = difflib.SequenceMatcher(None, model, got, autojunk=False)
    found = sum(b.size for b in sm.get_matching_blocks())
    if os.environ.get("QUALITY_DEBUG") and found < len(model):
        for tag, i1, i2, j1, j2 in sm.get_opcodes():
            if tag in ("replace", "delete"):
                print("  %s: model %r pdf %r" % (os.path.basename(pdf), " ".join(model[i1:i2])[:120],
                                                  " ".join(got[j1:j2])[:120]), file=sys.stderr)
    if found == len(model):
        return 1.0
    from collections import Counter
    missing = Counter(model) - Counter(got)
    return 0.9999 if not missing else found / len(model)  # 0.9999: all there, order differs

def fonts(pdf):
    code, out = run(["pdffonts", pdf])
    rows = [l.split() for l in out.splitlines()[2:] if l.strip()]
    emb = sum(1 for r in rows if len(r) >= 5 and r[-5] == "yes")
    sub = sum(1 for r in rows if len(r) >= 4 and r[-4] == "yes")
    return len(rows), emb, sub

def notdef(pdf):
    try:
        p = subprocess.run(["mutool", "draw", "-F", "trace", "-o", "-", pdf],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    except OSError:
        return None
    return len(re.findall(rb'<g [^>]*glyph="0"', p.stdout))

list_file, metrics = sys.argv[1], sys.argv[2]
rows, qpdf_errors, failed = [], 0, 0
for line in open(list_file, encoding="utf-8"):
    base, label = line.rstrip("\n").split("\t")
    pdf, err = base + ".pdf", open(base + ".err", encoding="utf-8", errors="replace").read()
    r = {"file": label}
    if "convert-failed" in err or not os.path.exists(pdf):
        r["qpdf"] = "FAIL"
        failed += 1
        rows.append(r)
        continue
    code, out = run(["qpdf", "--check", pdf])
    r["qpdf"] = "ok" if code == 0 else "warn" if code == 3 else "ERR"
    qpdf_errors += code not in (0, 3)
    m = re.search(r"Pages:\s+(\d+)", run(["pdfinfo", pdf])[1])
    r["pages"] = int(m.group(1)) if m else 0
    r["kb"] = os.path.getsize(pdf) / 1024
    r["fonts"], r["emb"], r["sub"] = fonts(pdf)
    r["notdef"] = notdef(pdf)
    m = re.search(r"no font has (\d+) character", err)
    r["nofont"] = int(m.group(1)) if m else 0
    r["text"] = roundtrip(pdf, base + ".txt")
    m = re.search(r"justified (\d+) with average badness ([\d.]+), hyphenated (\d+) \(([\d.]+)%\), at most (\d+)", err)
    if m:
        r["just_lines"], r["bad"] = int(m.group(1)), float(m.group(2))
        r["hyph"], r["hrun"] = float(m.group(4)), int(m.group(5))
    if metrics:
        code, out = run([sys.executable, metrics, pdf])
        try:
            tm = json.loads(out.strip().splitlines()[-1])
            for k in ("just", "gap_cv", "loose", "hyph_run", "lines"):
                r["tm_" + k] = tm.get(k)
        except (ValueError, IndexError):
            pass
    rows.append(r)

def f(v, fmt):
    return "-" if v is None else fmt % v

hdr = "%-34s %-4s %5s %7s %-9s %6s %6s %-6s %6s %9s %5s %6s %6s %5s" % (
    "file", "qpdf", "pages", "KB", "fonts/sub", "notdef", "nofont", "text", "bad", "hyph%/run",
    "just", "gap_cv", "loose", "tmrun")
print(hdr)
for r in rows:
    if r["qpdf"] == "FAIL":
        print("%-34s FAIL (offprint failed)" % r["file"][:34])
        continue
    fs = "%d/%s" % (r["fonts"], "all" if r["sub"] == r["fonts"] == r["emb"] else "%d emb %d sub" % (r["emb"], r["sub"]))
    text = "-" if r["text"] is None else "exact" if r["text"] >= 1 else "order" if r["text"] == 0.9999 else "%.3f" % r["text"]
    hy = "-" if "hyph" not in r else "%.1f/%d" % (r["hyph"], r["hrun"])
    print("%-34s %-4s %5d %7.1f %-9s %6s %6d %-6s %6s %9s %5s %6s %6s %5s" % (
        r["file"][:34], r["qpdf"], r["pages"], r["kb"], fs, f(r["notdef"], "%d"), r["nofont"], text,
        f(r.get("bad"), "%.1f"), hy, f(r.get("tm_just"), "%.3f"), f(r.get("tm_gap_cv"), "%.3f"),
        f(r.get("tm_loose"), "%.3f"), f(r.get("tm_hyph_run"), "%d")))

ok = [r for r in rows if r["qpdf"] != "FAIL"]
def mean(key):
    v = [r[key] for r in ok if r.get(key) is not None]
    return sum(v) / len(v) if v else None
def med(v):
    v = sorted(v)
    return v[len(v) // 2] if v else 0
exact = sum(1 for r in ok if r["text"] is not None and r["text"] >= 1)
allw = sum(1 for r in ok if r["text"] is not None and r["text"] >= 0.9999)
texts = [r for r in ok if r["text"] is not None]
subset = sum(1 for r in ok if r["sub"] == r["fonts"] == r["emb"])
small = sum(1 for r in ok if r["kb"] <= 60)
nd = [r["notdef"] for r in ok if r["notdef"] is not None]
print()
print("%d PDFs (%d failed to convert): qpdf errors %d, warnings %d; fonts all embedded and subset "
      "in %d; .notdef glyphs %s; characters no font has %d; text round trip exact %d/%d, "
      "all words %d/%d (mean share in order %.4f); median size %.1f KB, %d <= 60 KB; mean badness %s; hyphenated lines "
      "%s%%, longest run %d; typo_metrics mean just %s, gap_cv %s, loose %s" % (
          len(rows), failed, qpdf_errors, sum(1 for r in ok if r["qpdf"] == "warn"), subset,
          sum(nd) if nd else "-", sum(r["nofont"] for r in ok), exact, len(texts), allw, len(texts),
          mean("text") or 0, med([r["kb"] for r in ok]), small, f(mean("bad"), "%.1f"),
          f(mean("hyph"), "%.1f"), max([r.get("hrun", 0) for r in ok] or [0]),
          f(mean("tm_just"), "%.3f"), f(mean("tm_gap_cv"), "%.3f"), f(mean("tm_loose"), "%.3f")))
sys.exit(1 if qpdf_errors or failed else 0)
PY
