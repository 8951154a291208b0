# CLI: --keep / --drop (repeatable), invalid selectors (exit 2 with the reason).
. "$(dirname "$0")/lib.bash"
setup
FIX=$SRC/tests/fixtures/extract/keep.html
expect_exit 0 "$OFFPRINT" -q "$FIX" --to txt -o plain.txt
expect_exit 0 "$OFFPRINT" -q "$FIX" --keep aside.note --keep .fact --drop p.later --to txt -o kd.txt
expect_grep "^Editor's note: the trust is a charity.$" kd.txt
expect_grep '^Fact box' kd.txt
if grep -q 'Visitors can watch' kd.txt; then fail "--drop p.later kept it"; else pass; fi
if grep -q "Editor's note" plain.txt; then fail "aside kept without --keep"; else pass; fi
expect_exit 0 "$OFFPRINT" "$FIX" --explain --keep aside.note --to txt -o kd2.txt
expect_grep '^kept    \| --keep \(else: footer/aside\) \| div#main.post > aside.note' err.txt
expect_exit 2 "$OFFPRINT" "$FIX" --keep 'div p' -o x.pdf
expect_grep "invalid --keep selector 'div p': combinators are not supported" err.txt
expect_exit 2 "$OFFPRINT" "$FIX" --drop 'a:hover'
expect_grep "invalid --drop selector 'a:hover': pseudo-classes are not supported at column 2" err.txt
expect_exit 2 "$OFFPRINT" "$FIX" --drop ''
expect_grep "invalid --drop selector '': empty selector" err.txt
expect_no_file x.pdf
finish
