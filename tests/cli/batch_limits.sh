# CLI batch mode: the limits of reading an export. An export of more entries than
# --max-entries N (default 100000) stops being read there, with one error line naming the
# export and the limit; it is a failed input (exit 1) and the entries before it were still
# handed on. Every reader stops the same way. A zipped CSV expanding past the ratio cap is
# one error naming the entry and the limit (not "CSV: read error"); --max-zip-ratio and
# --max-zip-entry change those caps. Bad values are usage errors.
. "$(dirname "$0")/lib.bash"
setup
FIX=$SRC/tests/fixtures/imports

# 1,001 Pocket rows, each its own URL
{
    echo 'title,url,time_added'
    for i in $(seq 1 1001); do echo "Title $i,https://example.org/a$i,1700000000"; done
} >pocket.csv
expect_exit 1 "$OFFPRINT" pocket.csv -o p/ -q --max-entries 1000 --report p.jsonl
expect_grep '^offprint: pocket.csv: error: the export is over the entry limit of 1000 entries \(--max-entries\)$' err.txt
expect_grep '^offprint: failed pocket.csv: could not be read whole$' err.txt
n=$(wc -l <err.txt)
[ "$n" = 2 ] && pass || fail "-q: $n lines, want 2: $(head -c 600 err.txt)"
n=$(grep -c '"status":"skipped","reason":"needs --fetch"' p.jsonl)
[ "$n" = 1000 ] && pass || fail "$n items before the limit, want 1000"
expect_grep '"type":"summary","converted":0,"skipped":1000,"need_fetch":1000,"duplicates":0,"failed":1' p.jsonl
# at the limit: read whole
expect_exit 0 "$OFFPRINT" pocket.csv -o p/ -q --max-entries 1001
[ ! -s err.txt ] && pass || fail "--max-entries 1001: $(head -c 300 err.txt)"

# every reader stops at the limit the same way: one error, one failed input
for f in pocket.zip ril_export.htm instapaper.csv instapaper_old.csv instapaper.htm \
    readwise.csv raindrop.csv wallabag.json karakeep.json omnivore.zip bookmarks.htm rss.xml \
    atom.xml; do
    expect_exit 1 "$OFFPRINT" "$FIX/$f" -o each/ -q --max-entries 1
    expect_grep "^offprint: .*$f: error: the export is over the entry limit of 1 entry \(--max-entries\)(: the zip holds 2 parts)?$" err.txt
    n=$(grep -c 'error' err.txt)
    [ "$n" = 1 ] && pass || fail "$f: $n error lines: $(head -c 600 err.txt)"
done

# a folder holding the export: the error names the export, the failed input the folder
mkdir -p in
cp pocket.csv in/
expect_exit 1 "$OFFPRINT" in/ -o f/ -q --max-entries 10
expect_grep '^offprint: in/pocket.csv: error: the export is over the entry limit of 10 entries' err.txt

# the zip bomb of 700,000 rows of one URL stops at the default limit
expect_exit 1 "$OFFPRINT" "$FIX/bomb.zip" -o bomb/ -q --report bomb.jsonl
expect_grep 'bomb.zip: error: the export is over the entry limit of 100000 entries \(--max-entries\)$' err.txt
expect_grep '"type":"summary","converted":0,"skipped":1,"need_fetch":1,"duplicates":99999,"failed":1' bomb.jsonl

# 8 MB of long rows deflated 625:1: the expansion limit, named once
expect_exit 1 "$OFFPRINT" "$FIX/bomb_wide.zip" -o wide/ -q
expect_grep 'bomb_wide.zip: error: part_000000.csv expands to more than 200 times its compressed size, over the zip expansion limit of 200:1 \(--max-zip-ratio\)$' err.txt
grep -q 'CSV: read error' err.txt && fail "the cap told as a CSV read error" || pass
# both zip caps can be changed: a ratio of 1000 reads it whole; an entry cap of 1 MB stops it
expect_exit 0 "$OFFPRINT" "$FIX/bomb_wide.zip" -o wide2/ -q --max-zip-ratio 1000 --report w.jsonl
[ ! -s err.txt ] && pass || fail "--max-zip-ratio 1000: $(head -c 300 err.txt)"
expect_grep '"type":"summary","converted":0,"skipped":[1-9][0-9]*,"need_fetch":[1-9][0-9]*,.*"failed":0' w.jsonl
# (its central directory says 8 MB: the entry is not opened)
expect_exit 1 "$OFFPRINT" "$FIX/bomb_wide.zip" -o wide3/ -q --max-zip-ratio 1000 --max-zip-entry 1M
expect_grep 'bomb_wide.zip: error: part_000000.csv: 8112021 bytes, over the limit of 1 MB \(--max-zip-entry\)$' err.txt

# a Pocket zip of more parts than the entry limit is refused before any is read (a part may
# hold no row at all); a CSV error inside a zip names the entry and the entry's line
if have python3; then
    python3 - <<'PY'
import zipfile
with zipfile.ZipFile('parts.zip', 'w', zipfile.ZIP_DEFLATED) as z:
    for i in range(12):
        z.writestr('part_%06d.csv' % i, 'title,url,time_added\n')
with zipfile.ZipFile('badrow.zip', 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('part_000000.csv', 'title,url,time_added\nA,https://example.org/a,1700000000\n')
    z.writestr('part_000001.csv', 'title,url,time_added\nB,https://example.org/b,1700000000\n'
               'C,https://example.org/c,1700000000\n"D,https://example.org/d,1700000000\n')
PY
    expect_exit 1 "$OFFPRINT" parts.zip -o parts/ -q --max-entries 10
    expect_grep '^offprint: parts.zip: error: the export is over the entry limit of 10 entries \(--max-entries\): the zip holds 12 parts$' err.txt
    expect_exit 1 "$OFFPRINT" parts.zip -o parts/ -q --max-entries 12 # read: no rows in them
    expect_grep '^offprint: no articles found in parts.zip' err.txt
    expect_exit 1 "$OFFPRINT" badrow.zip -o bad/ -q
    expect_grep '^offprint: badrow.zip: error: part_000001.csv:4: CSV: a quoted field is never closed$' err.txt
else
    echo "SKIP: python3 not installed (the zips of many parts and of a bad row not made)"
fi

# bad values
for v in 0 -3 x 1e9x 2000000000; do
    expect_exit 2 "$OFFPRINT" pocket.csv -o p/ --max-entries "$v"
    expect_grep "^offprint: --max-entries wants a number from 1 to 1000000000, not '$v'" err.txt
done
for v in 0 1 x 2000000; do
    expect_exit 2 "$OFFPRINT" pocket.csv -o p/ --max-zip-ratio "$v"
    expect_grep "^offprint: --max-zip-ratio wants a number from 2 to 1000000, not '$v'" err.txt
done
for v in 0 100 x; do
    expect_exit 2 "$OFFPRINT" pocket.csv -o p/ --max-zip-entry "$v"
    expect_grep "^offprint: --max-zip-entry wants a size such as 256M or 800K \(1K at least\), not '$v'" err.txt
done
finish
