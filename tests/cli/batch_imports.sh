# CLI batch mode over read-later exports (tests/fixtures/imports): an export given alone is
# a batch; entries with content (wallabag, Omnivore, feeds with content:encoded, MHTML and
# SingleFile pages in a folder) are converted, entries that hold only a URL are reported
# "skipped: needs --fetch" (item lines, the summary, the report), never dropped; --from
# forces a reader (any case), an unknown one is a usage error, the wrong one a failed input;
# --state selects by what the export says; a lone MHTML page converts as a plain input.
. "$(dirname "$0")/lib.bash"
setup
FIX=$SRC/tests/fixtures/imports

# wallabag: one entry with content, one with only a URL
expect_exit 0 "$OFFPRINT" "$FIX/wallabag.json" -o wb/ --to txt --report wb.jsonl
expect_grep '^offprint: skipped wallabag.json:entry 2 id 12: needs --fetch$' err.txt
expect_grep '^offprint: 1 converted, 1 skipped \(1 only a URL, needs --fetch\), 0 duplicates, 0 failed$' err.txt
expect_grep 'The moon pulls' wb/tides-explained.txt
expect_grep '"format":"wallabag","title":"Tides explained","url":"https://example.org/tides","status":"ok"' wb.jsonl
expect_grep '"status":"skipped","reason":"needs --fetch"' wb.jsonl
expect_grep '"type":"summary","converted":1,"skipped":1,"need_fetch":1,"duplicates":0,"failed":0' wb.jsonl

# Pocket: URLs only, every one reported; nothing converted is not a failure
expect_exit 0 "$OFFPRINT" "$FIX/pocket.zip" -o pk/ --report pk.jsonl
n=$(grep -c '^offprint: skipped pocket.zip:part_00000[01].csv:[0-9]*: needs --fetch$' err.txt)
[ "$n" = 3 ] && pass || fail "3 pocket items need --fetch, got $n: $(cat err.txt)"
expect_grep '^offprint: 0 converted, 3 skipped \(3 only a URL, need --fetch\), 0 duplicates, 0 failed$' err.txt
expect_grep '"format":"pocket","title":"Only one in part one","url":"https://example.org/p1-a","status":"skipped","reason":"needs --fetch"' pk.jsonl
[ -z "$(ls pk)" ] && pass || fail "pocket wrote files: $(ls pk)"

# Instapaper CSV with --batch; --state selects by the export's folder (Unread/Archive)
expect_exit 0 "$OFFPRINT" "$FIX/instapaper.csv" --batch --state archive -o ip/
expect_grep '^offprint: skipped instapaper.csv:4: needs --fetch$' err.txt
expect_grep '^offprint: 0 converted, 1 skipped' err.txt

# Omnivore: pages in content/ converted with the export's titles, the others need --fetch
expect_exit 0 "$OFFPRINT" "$FIX/omnivore.zip" -o om/ --to txt
[ -f om/first-article.txt ] && [ -f om/from-the-second-file.txt ] && pass ||
    fail "omnivore outputs: $(ls om)"
expect_grep '^offprint: 2 converted, 2 skipped \(2 only a URL, need --fetch\)' err.txt

# --from forces a reader whatever the file's name, in any case
cp "$FIX/rss.xml" feed.txt
expect_exit 0 "$OFFPRINT" --from RSS feed.txt -o feed/ --to txt
[ -f feed/full-post-more.txt ] && [ -f feed/long-description.txt ] && pass ||
    fail "feed outputs: $(ls feed)"
expect_grep '^offprint: skipped feed.txt:item 2: needs --fetch$' err.txt
expect_exit 2 "$OFFPRINT" --from nosuch "$FIX/rss.xml" -o x/
expect_exit 1 "$OFFPRINT" --from pocket "$FIX/wallabag.json" -o wrong/
expect_grep 'failed .*wallabag.json: could not be read whole' err.txt
grep -q 'no articles found' err.txt && fail "a failed export is not 'no articles found'" || pass

# saved pages in a folder: MHTML decoded, SingleFile as it is, both named by their titles
mkdir -p saved
cp "$FIX/page.mhtml" "$FIX/singlefile.htm" saved/
expect_exit 0 "$OFFPRINT" saved/ -o sv/ --to txt
expect_grep '^offprint: 2 converted, 0 skipped, 0 duplicates, 0 failed$' err.txt
expect_grep 'quoted-printable encoder fold this line' sv/cafe-notes-and-more.txt

# a lone MHTML page is a plain conversion, decoded (not its MIME text) with its URL
expect_exit 0 "$OFFPRINT" "$FIX/page.mhtml" -o page.txt
expect_grep 'quoted-printable encoder fold this line' page.txt
grep -q 'Content-Type' page.txt && fail "page.txt holds the MIME headers" || pass
"$OFFPRINT" "$FIX/page.mhtml" --dump-model >dump.txt 2>err.txt
expect_grep '^meta source_url "https://example.org/cafe\?x=1"$' dump.txt
no_leftovers
finish
