# Golden: a plain-text wire dump and a Markdown file to PDF and EPUB.
. "$(dirname "$0")/../cli/lib.bash"
. "$(dirname "$0")/check.bash"
setup
fx=$SRC/tests/fixtures/golden
expect_exit 0 "$OFFPRINT" "$fx/wire-dump.txt" -o wire.pdf
check_pdf wire.pdf "Harbour Town Opens Its First Floating Library" "four thousand books"
expect_exit 0 "$OFFPRINT" --dump-model "$fx/wire-dump.txt"
expect_grep '^meta title "Harbour Town Opens Its First Floating Library"' out.txt
expect_grep '^meta site_name "Coastline Daily"' out.txt
expect_grep 'moored at the north quay' out.txt
expect_exit 0 "$OFFPRINT" "$fx/wire-dump.txt" -o wire.epub
check_epub wire.epub
expect_exit 0 "$OFFPRINT" "$fx/notes.md" -o notes.pdf
check_pdf notes.pdf "Field Notes on Markdown" "Lists and quotes" "한국어 문서" "Ελληνικά" \
    "Кириллица" 'return f"Hello, {name}!"'
expect_exit 0 "$OFFPRINT" --dump-model "$fx/notes.md"
expect_grep '^meta title "Field Notes on Markdown"' out.txt
expect_grep 'table_cell header' out.txt
expect_grep 'list ordered start=1' out.txt
expect_grep 'code_block title="python"' out.txt
expect_exit 0 "$OFFPRINT" "$fx/notes.md" -o notes.epub --lang en --author "Test Author"
check_epub notes.epub
finish
