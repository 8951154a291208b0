# CLI --css 'CSS' (percollate): a snippet appended to the theme for one run, in the PDF (an
# @page size) and in the EPUB's stylesheet (after the theme's text), with --style too, in batch
# mode, repeatable; for text outputs it warns that it does nothing.
. "$(dirname "$0")/lib.bash"
setup
printf 'A title\n\nSome text for the body of the article.\n\nA second paragraph.\n' >a.txt
# page_size FILE.pdf: "W x H" in points (pdfinfo)
page_size() { pdfinfo "$1" 2>/dev/null | sed -n 's/^Page size: *\([0-9.]* x [0-9.]*\) pts.*/\1/p'; }

expect_exit 0 "$OFFPRINT" -q a.txt -o plain.pdf
expect_exit 0 "$OFFPRINT" -q a.txt -o a5.pdf --css '@page { size: A5 }'
if have pdfinfo; then
    case "$(page_size plain.pdf)" in 595* | 612*) pass ;; *) fail "plain.pdf: $(page_size plain.pdf)" ;; esac
    case "$(page_size a5.pdf)" in 419.5*595.2*) pass ;; *) fail "--css @page A5 gave $(page_size a5.pdf)" ;; esac
fi
# --page still wins over the theme's @page
expect_exit 0 "$OFFPRINT" -q a.txt -o letter.pdf --page letter --css '@page { size: A5 }'
if have pdfinfo; then
    case "$(page_size letter.pdf)" in 612*792*) pass ;; *) fail "--page letter gave $(page_size letter.pdf)" ;; esac
fi

if have unzip; then
    expect_exit 0 "$OFFPRINT" -q a.txt -o red.epub --css 'p { color: red }' --css 'h1 { color: blue }'
    unzip -p red.epub OEBPS/style.css >red.css
    expect_grep 'p \{ color: red \}' red.css
    expect_grep 'h1 \{ color: blue \}' red.css
    if [ "$(grep -n 'color: red' red.css | cut -d: -f1)" -lt "$(grep -n 'color: blue' red.css | cut -d: -f1)" ]; then
        pass
    else fail "the snippets are not in the order given"; fi
    # the theme's own text comes first, as it is
    head -c 200 "$SRC/styles/sans.css" >sans-head.css
    expect_exit 0 "$OFFPRINT" -q a.txt -o sans.epub --style sans --css 'p { color: red }'
    unzip -p sans.epub OEBPS/style.css >sans.css
    if [ "$(head -c 200 sans.css)" = "$(cat sans-head.css)" ]; then pass; else
        fail "--style sans --css: the EPUB's stylesheet does not start with styles/sans.css"
    fi
    expect_grep 'p \{ color: red \}' sans.css
    expect_exit 0 "$OFFPRINT" check red.epub
fi

# batch mode: every output gets the snippet
mkdir in
cp a.txt in/one.txt
printf 'Another title\n\nOther text for the body of the second article.\n' >in/two.txt
expect_exit 0 "$OFFPRINT" -q in/ -o out/ --css '@page { size: A5 }'
if have pdfinfo; then
    case "$(page_size out/two.pdf)" in 419.5*595.2*) pass ;; *) fail "batch --css gave $(page_size out/two.pdf)" ;; esac
fi

expect_exit 0 "$OFFPRINT" a.txt -o a.md --css 'p { color: red }'
expect_grep '^offprint: warning: --css does nothing for md output$' err.txt
finish
