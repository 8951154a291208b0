# CLI conventions from pandoc and percollate: no input reads a piped standard input (a
# terminal: the usage error), -o - writes PDF and EPUB to a pipe but never to a terminal,
# a misspelled option names the nearest one, -o -q and --style NAME that is no theme are
# usage errors, options that do nothing for the output and -o/--to contradictions warn.
. "$(dirname "$0")/lib.bash"
setup
printf '<html><head><title>Piped</title></head><body><article><h1>Piped</h1><p>Some text for
the body of this article, long enough to be kept.</p><p>A second paragraph of text.</p>
</article></body></html>\n' >a.html
cp a.html b.html
# on_tty CMD...: runs CMD with stdin and stdout on a terminal (script(1)); output in tty.txt
on_tty() {
    script -qec "$(printf '%q ' "$@")" /dev/null </dev/null >tty.txt 2>&1
}

# 1. no input: standard input when it is no terminal
expect_exit 0 "$OFFPRINT" -q -o piped.txt <a.html
expect_grep 'A second paragraph' piped.txt
expect_exit 0 "$OFFPRINT" -q --to epub -o piped.epub <a.html
if [ "$(head -c 2 piped.epub)" = PK ]; then pass; else fail "piped.epub is no zip"; fi
expect_exit 2 "$OFFPRINT" <a.html
expect_grep 'standard input.*needs -o' err.txt
if have script; then
    on_tty "$OFFPRINT" -q -o tty.pdf
    rc=$?
    if [ $rc = 2 ]; then pass; else fail "no input on a terminal exited $rc, want 2"; fi
    expect_grep 'no input file given' tty.txt
fi

# 2. -o - for PDF and EPUB: into a pipe or file, never onto a terminal
expect_exit 0 "$OFFPRINT" a.html -o - </dev/null
if [ "$(head -c 5 out.txt)" = %PDF- ]; then pass; else fail "-o - wrote no PDF"; fi
expect_exit 0 "$OFFPRINT" -q -o - <a.html
if [ "$(head -c 5 out.txt)" = %PDF- ]; then pass; else fail "stdin to -o - wrote no PDF"; fi
expect_exit 0 "$OFFPRINT" -q a.html --to epub -o -
if [ "$(head -c 2 out.txt)" = PK ]; then pass; else fail "--to epub -o - wrote no EPUB"; fi
expect_exit 0 "$OFFPRINT" a.html b.html --to epub -o -
cp out.txt book.epub
if have unzip && unzip -l book.epub >list.txt 2>&1; then expect_grep 'content.opf' list.txt; fi
if [ -e ./- ]; then fail "-o - wrote a file named -"; else pass; fi
if have script; then
    on_tty "$OFFPRINT" a.html -o -
    rc=$?
    if [ $rc = 2 ]; then pass; else fail "-o - on a terminal exited $rc, want 2"; fi
    expect_grep 'would write PDF to the terminal; redirect it' tty.txt
    on_tty "$OFFPRINT" -q a.html --to txt -o -
    rc=$?
    if [ $rc = 0 ]; then pass; else fail "--to txt -o - on a terminal exited $rc, want 0"; fi
fi

# 4. mistakes: the nearest option, an output named like an option, a theme that is none
expect_exit 2 "$OFFPRINT" --ouput x.pdf a.html
expect_grep '^offprint: unknown option --ouput; did you mean --output\?$' err.txt
expect_exit 2 "$OFFPRINT" --embed-fnts a.html
expect_grep 'did you mean --embed-fonts\?' err.txt
expect_exit 2 "$OFFPRINT" --tilte=X a.html
expect_grep 'unknown option --tilte; did you mean --title\?' err.txt
expect_exit 2 "$OFFPRINT" --frobnicate a.html
expect_grep '^offprint: unknown option --frobnicate$' err.txt
expect_exit 2 "$OFFPRINT" --no a.html
expect_grep 'option --no is ambiguous: .*--no-justify' err.txt
expect_exit 2 "$OFFPRINT" a.html --title
expect_grep 'option --title needs a value' err.txt
expect_exit 2 "$OFFPRINT" a.html -o -q
expect_grep "^offprint: -o -q: an output name starting with '-'" err.txt
expect_no_file ./-q
expect_exit 2 "$OFFPRINT" --style fancy a.html -o fancy.pdf
expect_grep '^offprint: --style fancy: no such theme \(themes: .*default.*sans' err.txt
expect_no_file fancy.pdf

# 5. options that do nothing for the output, and contradictions: one warning line
expect_exit 0 "$OFFPRINT" a.html -o t.epub --toc --page a5 --stats
expect_grep '^offprint: warning: --toc, --page, --stats do nothing for EPUB output$' err.txt
expect_exit 0 "$OFFPRINT" a.html -o t.pdf --profile kobo --embed-fonts --max-image-px 800 \
    --max-size 5M
expect_grep '^offprint: warning: --profile, --embed-fonts, --max-image-px, --max-size do nothing for PDF output$' err.txt
expect_exit 0 "$OFFPRINT" a.html -o t.txt --toc
expect_grep '^offprint: warning: --toc does nothing for txt output$' err.txt
expect_exit 0 "$OFFPRINT" a.html -o c.pdf --to epub
expect_grep '^offprint: warning: -o c.pdf: --to epub writes EPUB whatever the name says$' err.txt
if [ "$(head -c 2 c.pdf)" = PK ]; then pass; else fail "--to epub did not win over -o c.pdf"; fi
expect_exit 0 "$OFFPRINT" a.html -o ok.epub --toc-depth 2 --no-justify
if grep -q warning err.txt; then fail "warned about options that apply: $(cat err.txt)"; else pass; fi
expect_exit 0 "$OFFPRINT" -q a.html -o quiet.epub --toc
if [ -s err.txt ]; then fail "-q still warned: $(cat err.txt)"; else pass; fi
finish
