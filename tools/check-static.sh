#!/usr/bin/env bash
# Static and dynamic checkers (issue 18), run by .ci/run and by hand:
#   cppcheck    over src/ (warnings, portability, performance; findings that are wrong are
#               suppressed inline, each with its reason: grep cppcheck-suppress src)
#   scan-build  the clang static analyzer over a build of the library and the CLI
#   valgrind    the CLI converting every fixture page to PDF and EPUB: 0 errors, 0 leaks
# Usage: bash tools/check-static.sh [cppcheck] [scan-build] [valgrind]   (default: all three)
# valgrind uses $OFFPRINT, else build/offprint. A missing tool is a visible skip; any finding
# fails. Needs the Debian packages cppcheck, clang, clang-tools and valgrind.
set -uo pipefail
cd "$(dirname "$0")/.."
src=$PWD
checks=("$@")
[ ${#checks[@]} -gt 0 ] || checks=(cppcheck scan-build valgrind)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

skip() { echo "SKIP: $1"; }

run_cppcheck() {
    command -v cppcheck >/dev/null || { skip "cppcheck not installed"; return; }
    echo "== cppcheck"
    if cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability --std=c11 \
        --inline-suppr -I include -I src -j 2 src/ 2>"$tmp/cppcheck.txt"; then
        echo "cppcheck: clean"
    else
        cat "$tmp/cppcheck.txt"
        echo "cppcheck: findings above"
        status=1
    fi
}

run_scan_build() {
    command -v scan-build >/dev/null && command -v clang >/dev/null ||
        { skip "scan-build or clang not installed (Debian: clang clang-tools)"; return; }
    echo "== scan-build (clang static analyzer)"
    local b=$tmp/build-scan
    scan-build -o "$tmp/report" cmake -B "$b" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_COMPILER=clang \
        >"$tmp/scan-configure.txt" 2>&1 || { cat "$tmp/scan-configure.txt"; status=1; return; }
    if scan-build -o "$tmp/report" --status-bugs cmake --build "$b" -j 2 --target offprint \
        >"$tmp/scan.txt" 2>&1; then
        echo "scan-build: no bugs found"
    else
        grep -E 'warning:|error:|bugs? found' "$tmp/scan.txt" | sort -u
        echo "scan-build: findings above"
        status=1
    fi
}

run_valgrind() {
    command -v valgrind >/dev/null || { skip "valgrind not installed"; return; }
    local bin=${OFFPRINT:-build/offprint}
    [ -x "$bin" ] || { skip "no $bin: build first (or set OFFPRINT)"; return; }
    echo "== valgrind (the CLI over tests/fixtures)"
    local n=0 bad=0 f to
    while IFS= read -r f; do
        for to in pdf epub; do
            n=$((n + 1))
            if ! OP_DATA_DIR=$src SOURCE_DATE_EPOCH=1700000000 valgrind -q --error-exitcode=99 \
                --leak-check=full --show-leak-kinds=definite,indirect \
                --errors-for-leak-kinds=definite,indirect "$bin" -q "$f" --to $to \
                -o "$tmp/out.$to" 2>"$tmp/vg.txt" >/dev/null; then
                if [ "$(grep -c '^==' "$tmp/vg.txt")" -gt 0 ]; then
                    echo "valgrind: $f --to $to:"
                    grep '^==' "$tmp/vg.txt" | head -n 30
                    bad=$((bad + 1))
                fi
            fi
        done
    done < <(find tests/fixtures -type f \( -name '*.html' -o -name '*.md' -o -name '*.txt' \) \
        -not -path '*/imports/*' | sort)
    echo "valgrind: $n runs, $bad with errors or leaks"
    [ $bad = 0 ] || status=1
}

for c in "${checks[@]}"; do
    case $c in
    cppcheck) run_cppcheck ;;
    scan-build) run_scan_build ;;
    valgrind) run_valgrind ;;
    *) echo "unknown check '$c' (cppcheck, scan-build, valgrind)" >&2; exit 2 ;;
    esac
done
exit $status
