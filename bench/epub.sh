#!/usr/bin/env bash
# EPUB quality bench (issue 6): converts every page of ../shared/corpus (readability/*/source.html
# and aeb/html/*.html.gz), the sample news dump (../shared/samples/news-dump.txt) and
# tests/fixtures/golden/*.md to EPUB, then for each book:
#   - epubcheck (java -jar /usr/share/java/epubcheck.jar): fatal+error and warning counts
#   - offprint check: error and warning counts
#   - <img> elements in the book's XHTML (nav excluded) against image nodes in the model
#     (offprint --dump-model): all of them, and the embeddable ones (data: URIs and files that
#     exist; remote images are never fetched, so web pages' images are not expected in the book)
#   - reproducibility: two runs with SOURCE_DATE_EPOCH set must be byte-identical
#   - the cover: "image" (a cover-image in the manifest), "title" (a generated title page: a
#     bundle's, or one article's carrying its title block) or "none" (no first page at all)
# plus one bundle (several inputs -o book.epub: the news dump, the Markdown fixtures, the sample
# article and the first corpus pages) checked the same way, and prints one row per book and a
# summary.
#
#   bash bench/epub.sh [BUILD_DIR] [N]     N: only the first N pages of each corpus set
#   JOBS=2 (parallel books), EPUBCHECK_JAR=/usr/share/java/epubcheck.jar, EPUBCHECK_JAVA_OPTS,
#   KEEP=1 keeps the books, OPTS="--embed-fonts" adds options to every conversion
#
# Exit 0 when every book converted, has 0 epubcheck errors and warnings, 0 offprint-check errors,
# as many <img> as local image nodes, and is reproducible; 1 otherwise; 2 setup problem.
# Without ../shared the corpus is skipped (the golden fixtures still run); without java or the
# jar the epubcheck columns show "-".
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
limit=${2:-0}
jobs=${JOBS:-2}
opts=${OPTS:-} # extra offprint options, split on spaces
jar=${EPUBCHECK_JAR:-/usr/share/java/epubcheck.jar}
# a short-lived JVM: C1 only and the serial GC cut epubcheck's CPU time about threefold
java_opts=${EPUBCHECK_JAVA_OPTS:--XX:TieredStopAtLevel=1 -XX:+UseSerialGC}
offprint=$build/offprint
[ -x "$offprint" ] || { echo "bench: build offprint first ($offprint not found)" >&2; exit 2; }
case $limit in '' | *[!0-9]*) echo "bench: N must be a number" >&2; exit 2 ;; esac
work=$(mktemp -d)
[ "${KEEP:-0}" = 1 ] && echo "bench: books kept in $work" >&2 || trap 'rm -rf "$work"' EXIT
mkdir -p "$work/in" "$work/out" "$work/res"
have_ec=0
command -v java >/dev/null 2>&1 && [ -f "$jar" ] && have_ec=1

# first N lines of stdin (all when N is 0)
take() { if [ "$limit" -gt 0 ]; then head -n "$limit"; else cat; fi; }

list=$work/inputs.txt # name<TAB>format<TAB>path
: >"$list"
shared=${SHARED:-$root/../shared} # SHARED=/path/to/shared from a worktree elsewhere
if [ -d "$shared/corpus" ]; then
    for f in $(ls "$shared"/corpus/readability/*/source.html 2>/dev/null | take); do
        printf 'rd-%s\thtml\t%s\n' "$(basename "$(dirname "$f")")" "$f" >>"$list"
    done
    for f in $(ls "$shared"/corpus/aeb/html/*.html.gz 2>/dev/null | take); do
        name=aeb-$(basename "$f" .html.gz | cut -c1-12)
        gunzip -c "$f" >"$work/in/$name.html" &&
            printf '%s\thtml\t%s\n' "$name" "$work/in/$name.html" >>"$list"
    done
else
    echo "bench: ../shared not found: corpus skipped" >&2
fi
[ -f "$shared/samples/news-dump.txt" ] &&
    printf 'news-dump\ttext\t%s\n' "$shared/samples/news-dump.txt" >>"$list"
for f in "$root"/tests/fixtures/golden/*.md; do
    [ -f "$f" ] && printf 'md-%s\tmarkdown\t%s\n' "$(basename "$f" .md)" "$f" >>"$list"
done

# embeddable URL DIR: the writer can embed this image (data: URI, or a file that exists)
embeddable() {
    case $1 in
    data:*) return 0 ;;
    http:* | https:* | //*) return 1 ;;
    file://*) [ -f "${1#file://}" ] ;;
    /*) [ -f "$1" ] ;;
    *) [ -f "$2/${1%%[?#]*}" ] ;;
    esac
}

# images IN FMT: "MODEL LOCAL" image nodes in the model of one input, and how many of them
# the writer can embed
images() {
    local dump model local_img
    dump=$("$offprint" --dump-model -f "$2" "$1" 2>/dev/null | grep -E '^ *image url=')
    model=$(printf '%s' "$dump" | grep -c 'image url=')
    local_img=$(printf '%s\n' "$dump" | sed -nE 's/^ *image url="([^"]*)".*/\1/p' |
        while read -r u; do embeddable "$u" "$(dirname "$1")" && echo; done | wc -l)
    echo "$model $local_img"
}

# one NAME FORMAT PATH: writes work/res/NAME.tsv with the row's fields
one() {
    local name=$1 fmt=$2 in=$3 a=$work/out/$1.epub b=$work/out/$1.b.epub
    local conv=ok ec_e=- ec_w=- ck_e=- ck_w=- model=0 local_img=0 book=0 repro=no cover=-
    SOURCE_DATE_EPOCH=1700000000 "$offprint" -q $opts -f "$fmt" "$in" -o "$a" 2>"$work/out/$name.err" ||
        conv=FAIL
    SOURCE_DATE_EPOCH=1700000000 "$offprint" -q $opts -f "$fmt" "$in" -o "$b" 2>/dev/null
    if [ "$conv" = ok ]; then
        cmp -s "$a" "$b" && repro=yes
        read -r model local_img < <(images "$in" "$fmt")
        verify "$name" "$a"
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$conv" "$ec_e" "$ec_w" "$ck_e" \
        "$ck_w" "$model" "$local_img" "$book" "$repro" "$cover" >"$work/res/$name.tsv"
    rm -f "$b"
}

# bundle NAME LISTFILE: several inputs (name, format, path lines) into one book; same row
bundle() {
    local name=$1 a=$work/out/$1.epub b=$work/out/$1.b.epub
    local conv=ok ec_e=- ec_w=- ck_e=- ck_w=- model=0 local_img=0 book=0 repro=no cover=-
    local ins=() fmts=() m l i
    while IFS=$'\t' read -r _ fmt in; do
        ins+=("$in")
        fmts+=("$fmt")
    done <"$2"
    # no -f: each input's format is guessed from its name and content
    SOURCE_DATE_EPOCH=1700000000 "$offprint" -q $opts "${ins[@]}" -o "$a" 2>"$work/out/$name.err" ||
        conv=FAIL
    SOURCE_DATE_EPOCH=1700000000 "$offprint" -q $opts "${ins[@]}" -o "$b" 2>/dev/null
    if [ "$conv" = ok ]; then
        cmp -s "$a" "$b" && repro=yes
        for i in "${!ins[@]}"; do
            read -r m l < <(images "${ins[$i]}" "${fmts[$i]}")
            model=$((model + m))
            local_img=$((local_img + l))
        done
        verify "$name" "$a"
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$conv" "$ec_e" "$ec_w" "$ck_e" \
        "$ck_w" "$model" "$local_img" "$book" "$repro" "$cover" >"$work/res/$name.tsv"
    rm -f "$b"
}

# verify NAME BOOK: sets book (<img> count), cover, ck_e/ck_w, ec_e/ec_w of the caller
verify() {
    local name=$1 a=$2
    book=$(unzip -Z1 "$a" | grep -E '\.xhtml$' | grep -v 'nav\.xhtml$' | grep -v 'cover\.xhtml$' |
        while read -r e; do unzip -p "$a" "$e"; done | grep -o '<img[ >/]' | wc -l)
    cover=none
    unzip -Z1 "$a" | grep -q '^OEBPS/text/cover\.xhtml$' && cover=title
    unzip -p "$a" OEBPS/content.opf | grep -q 'properties="cover-image"' && cover=image
    local sum
    sum=$("$offprint" check "$a" | tail -n 1)
    ck_e=$(echo "$sum" | sed -E 's/.*: ([0-9]+) errors?, ([0-9]+) warnings?$/\1/')
    ck_w=$(echo "$sum" | sed -E 's/.*: ([0-9]+) errors?, ([0-9]+) warnings?$/\2/')
    if [ "$have_ec" = 1 ]; then
        java $java_opts -jar "$jar" "$a" >"$work/out/$name.ec" 2>&1
        ec_e=$(grep -cE '^(FATAL|ERROR)\(' "$work/out/$name.ec")
        ec_w=$(grep -cE '^WARNING\(' "$work/out/$name.ec")
    fi
}
export -f one bundle verify images embeddable
export offprint work jar have_ec java_opts opts

n=$(wc -l <"$list")
note=$([ "$have_ec" = 1 ] || echo ', no epubcheck (java or jar missing)')
echo "bench: $n books, $jobs at a time$note" >&2
tr '\t\n' '\0\0' <"$list" | xargs -0 -n 3 -P "$jobs" bash -c 'one "$@"' _
# the bundle: the sample article, the first five HTML pages of the list, the text dump and the
# Markdown fixtures, as one book
bl=$work/bundle.txt
{
    printf 'sample\thtml\t%s\n' "$root/tests/fixtures/sample/article.html"
    grep -P '\thtml\t' "$list" | head -n 5
    grep -vP '\thtml\t' "$list"
} >"$bl"
bundle "bundle-$(wc -l <"$bl")" "$bl"

# Table and summary
printf '%-28s %-4s %6s %6s %6s %6s %6s %6s %6s %5s %5s\n' book conv ec-err ec-wrn ck-err ck-wrn \
    model local '<img>' repro cover
bad=0
cat "$work"/res/*.tsv | sort >"$work/all.tsv"
while IFS=$'\t' read -r name conv ece ecw cke ckw model loc book repro cover; do
    flag=""
    if [ "$conv" != ok ] || [ "$repro" != yes ] || [ "$book" != "$loc" ] ||
        { [ "$ece" != - ] && [ "$((ece + ecw))" != 0 ]; } || [ "$cke" != 0 ]; then
        flag=" <-"
        bad=$((bad + 1))
    fi
    printf '%-28s %-4s %6s %6s %6s %6s %6s %6s %6s %5s %5s%s\n' "$name" "$conv" "$ece" "$ecw" "$cke" \
        "$ckw" "$model" "$loc" "$book" "$repro" "$cover" "$flag"
done <"$work/all.tsv"
awk -F'\t' '
    { n++; if ($2 != "ok") fail++; if ($10 == "yes") rep++
      if ($3 != "-") { ee += $3; ew += $4; if ($3 + $4 == 0) clean++; ecn++ }
      if ($5 != "-") { ce += $5; cw += $6; if ($5 == 0) ckclean++ }
      m += $7; l += $8; b += $9; if ($8 != $9) imgbad++
      if ($11 == "image") ci++; else if ($11 == "title") ct++; else if ($11 == "none") cn++ }
    END {
      printf "books %d, conversion failures %d, reproducible %d/%d\n", n, fail, rep, n
      if (ecn) printf "epubcheck: %d/%d books with 0 errors and 0 warnings; " \
                      "%d errors, %d warnings in all\n", clean, ecn, ee, ew
      printf "offprint check: %d/%d books with 0 errors; %d errors, %d warnings in all\n",
             ckclean, n - fail, ce, cw
      printf "images: %d nodes in the models (%d embeddable), %d <img> in the books; " \
             "%d books differ\n", m, l, b, imgbad + 0
      printf "covers: %d books with a cover image, %d with a title page, %d with neither\n", \
             ci, ct, cn
    }' "$work/all.tsv"
if [ "$have_ec" = 1 ] && [ "$bad" -gt 0 ]; then
    echo "epubcheck messages of flagged books (first 3 lines each):"
    while IFS=$'\t' read -r name _ ece ecw _; do
        [ "$ece" != - ] && [ "$((ece + ecw))" != 0 ] &&
            grep -E '^(FATAL|ERROR|WARNING)\(' "$work/out/$name.ec" | head -n 3 |
            sed "s/^/  $name: /"
    done <"$work/all.tsv"
fi
echo "$bad of $(wc -l <"$work/all.tsv") books flagged"
[ "$bad" = 0 ]
