# CLI: the manual page offprint(1) (docs/offprint.1) and the bash, zsh and fish completions
# (tools/completions/) name every option --help names; the page renders without warnings when
# man is installed; cmake --install installs them all.
. "$(dirname "$0")/lib.bash"
setup
man_page="$SRC/docs/offprint.1"
if [ -f "$man_page" ]; then pass; else fail "no $man_page"; fi
"$OFFPRINT" --help >help.txt 2>&1
sed 's/\\-/-/g' "$man_page" >man.txt
for opt in $(grep -oE -- '--[a-z][a-z-]+' help.txt | sort -u); do
    if grep -q -- "$opt" man.txt; then pass; else fail "$opt is in --help but not in offprint(1)"; fi
done
for comp in offprint.bash _offprint offprint.fish; do
    for opt in $(grep -oE -- '--[a-z][a-z-]+' help.txt | sort -u); do
        case $comp in
        *.fish) pat="-l ${opt#--}( |$)" ;;
        *) pat="(^|[ '{,|])$opt([ '}=\\[|)]|$)" ;;
        esac
        if grep -Eq -- "$pat" "$SRC/tools/completions/$comp"; then pass; else
            fail "$opt is in --help but not in the $comp completion"
        fi
    done
done
if have bash; then
    if bash -c ". '$SRC/tools/completions/offprint.bash'; complete -p offprint" >/dev/null 2>&1; then
        pass
    else fail "the bash completion does not load"; fi
fi
if have man; then
    MANWIDTH=80 man --warnings -l "$man_page" >rendered.txt 2>warnings.txt
    if [ -s warnings.txt ]; then fail "man warns: $(head -c 300 warnings.txt)"; else pass; fi
    expect_grep 'turn articles into paginated PDF' rendered.txt
else
    echo "SKIP: man not installed (rendering not checked)"
fi
expect_grep 'install\(FILES docs/offprint\.1' "$SRC/CMakeLists.txt"
expect_grep 'install\(FILES tools/completions/offprint\.bash' "$SRC/CMakeLists.txt"
finish
