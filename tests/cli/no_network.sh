# CLI: no network unless asked (issue 18). Every fixture page is converted to PDF, EPUB and
# text, the export fixtures in batch mode, all without --fetch: strace(1) must see no
# AF_INET/AF_INET6 socket opened by offprint or its threads. Pages with remote images and
# exports of URL-only items are among them. Without strace the run goes under `unshare -rn`
# (no network at all), which shows it works offline but not that nothing tried.
. "$(dirname "$0")/lib.bash"
setup
if have strace && strace -f -o /dev/null true 2>/dev/null; then
    tracer=strace
elif have unshare && unshare -rn true 2>/dev/null; then
    tracer=unshare
    echo "note: strace unusable here; converting under unshare -rn instead" >&2
else
    echo "SKIP: neither strace nor unshare -rn can run here" >&2
    exit 77
fi
export NO_COLOR=1
# LeakSanitizer cannot stop the world under ptrace: leaks are the other tests' business here
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
run() { # run NAME ARGS...: converts, counts the inet sockets the run opened
    local name=$1
    shift
    if [ $tracer = strace ]; then
        strace -f -qq -e trace=socket -o "trace.$name" "$OFFPRINT" -q "$@" >/dev/null 2>"err.$name"
    else
        unshare -rn "$OFFPRINT" -q "$@" >/dev/null 2>"err.$name"
    fi
    echo $? >"rc.$name"
}
n=0
while IFS= read -r f; do
    n=$((n + 1))
    for to in pdf epub txt; do
        run "$n.$to" "$f" --to $to -o "out$n.$to"
    done
done < <(find "$SRC/tests/fixtures" -type f \( -name '*.html' -o -name '*.md' -o -name '*.txt' \) \
    -not -path '*/imports/*' | sort)
mkdir -p batch
for f in "$SRC"/tests/fixtures/imports/*; do
    case $f in *bomb*) continue ;; esac
    n=$((n + 1))
    run "$n.batch" "$f" -o "batch/$n" -j 1
done
[ "$n" -gt 20 ] && pass || fail "only $n inputs found under tests/fixtures"
if [ $tracer = strace ]; then
    if grep -lE 'socket\(AF_INET6?,' trace.* >inet.txt 2>/dev/null; then
        fail "a socket was opened without --fetch: $(head -n 3 inet.txt | tr '\n' ' ')"
    else
        pass
    fi
    # the check can fail: a URL input with --fetch does open one (to a port nobody listens on)
    strace -f -qq -e trace=socket -o trace.url "$OFFPRINT" -q --fetch http://127.0.0.1:9/x.html \
        -o url.pdf >/dev/null 2>&1
    if grep -qE 'socket\(AF_INET6?,' trace.url; then pass; else fail "strace saw no socket for a URL input"; fi
fi
# the conversions themselves went as usual: no crash (exit codes 0 or 1 only)
bad=$(grep -lvE '^(0|1)$' rc.* | head -n 3)
[ -z "$bad" ] && pass || fail "unexpected exit codes: $bad $(cat $bad | tr '\n' ' ')"
finish
