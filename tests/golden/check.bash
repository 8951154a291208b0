# Validation helpers for golden tests: PDF structure and text, EPUB container and epubcheck.
# Sourced after tests/cli/lib.sh.

# check_pdf FILE TEXT...: qpdf --check passes, poppler raises no syntax warning, every
# font is embedded, and each TEXT comes back from pdftotext.
check_pdf() {
    local pdf=$1
    shift
    if [ ! -s "$pdf" ]; then fail "$pdf missing"; return; fi
    if have qpdf; then
        if qpdf --check "$pdf" >qpdf.txt 2>&1; then pass; else fail "qpdf --check $pdf: $(tail -3 qpdf.txt)"; fi
    fi
    if have pdftotext; then
        pdftotext -enc UTF-8 "$pdf" text.txt 2>poppler.txt
        if [ -s poppler.txt ]; then fail "poppler complained about $pdf: $(head -3 poppler.txt)"; else pass; fi
        tr '\n' ' ' <text.txt | tr -s ' ' >flat.txt
        for t in "$@"; do
            if grep -Fq -- "$t" flat.txt; then pass; else fail "'$t' not in the text of $pdf"; fi
        done
    fi
    if have pdffonts; then
        pdffonts "$pdf" >fonts.txt 2>&1
        if awk 'NR>2 && $(NF-4)!="yes" {bad=1} END {exit bad}' fonts.txt; then pass; else
            fail "a font in $pdf is not embedded: $(cat fonts.txt)"
        fi
    fi
}

# check_epub FILE: mimetype first and stored, epubcheck (when installed) 0 errors, 0 warnings.
check_epub() {
    local epub=$1
    if [ ! -s "$epub" ]; then fail "$epub missing"; return; fi
    if [ "$(head -c 58 "$epub" | tail -c 28)" = "mimetypeapplication/epub+zip" ]; then pass; else
        fail "$epub: mimetype is not the first, stored entry"
    fi
    local jar=/usr/share/java/epubcheck.jar
    if have java && [ -f "$jar" ]; then
        if java -jar "$jar" "$epub" >epubcheck.txt 2>&1; then pass; else
            fail "epubcheck $epub: $(grep -E 'ERROR|FATAL' epubcheck.txt | head -5)"
        fi
        if grep -q 'WARNING' epubcheck.txt; then
            fail "epubcheck warnings on $epub: $(grep WARNING epubcheck.txt | head -5)"
        else pass; fi
    fi
}

# pdf_links FILE: one line "FROM TO" per link annotation of FILE that goes to a page of FILE
# (1-based page numbers), in page order (needs qpdf and python3).
pdf_links() {
    python3 - "$1" <<'PY'
import json, subprocess, sys
j = json.loads(subprocess.run(["qpdf", "--json=2", sys.argv[1]], capture_output=True, text=True).stdout)
objs = j["qpdf"][1]
pages = [p["object"] for p in j["pages"]]
def val(ref):
    o = objs.get("obj:" + ref, {})
    return o.get("value", o)
for i, p in enumerate(pages):
    annots = val(p).get("/Annots", [])
    annots = val(annots) if isinstance(annots, str) else annots
    for a in annots:
        a = val(a) if isinstance(a, str) else a
        d = a.get("/Dest")
        d = val(d) if isinstance(d, str) and "obj:" + d in objs else d
        if isinstance(d, list) and d and d[0] in pages:
            print(i + 1, pages.index(d[0]) + 1)
PY
}
