# Golden: a few real saved pages from the shared corpus (../shared next to the clone) to
# PDF and EPUB. Skips (exit 77) when the shared corpus is absent, as on a user's clone.
. "$(dirname "$0")/../cli/lib.bash"
. "$(dirname "$0")/check.bash"
corpus=$SRC/../shared/corpus/readability
if [ ! -d "$corpus" ]; then echo "shared corpus not found: skipped"; exit 77; fi
setup
for c in 001 bbc-1 aktualne mozilla-1; do
    [ -f "$corpus/$c/source.html" ] || continue
    expect_exit 0 "$OFFPRINT" "$corpus/$c/source.html" -o "$c.pdf"
    check_pdf "$c.pdf"
    expect_exit 0 "$OFFPRINT" "$corpus/$c/source.html" -o "$c.epub"
    check_epub "$c.epub"
done
no_leftovers
finish
