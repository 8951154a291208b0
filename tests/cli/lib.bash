# Shared helpers for the CLI and golden test scripts (sourced, not run by ctest:
# ctest runs tests/*/*.sh only; this file is .bash so it is not a test).
# Scripts are run as: bash script.sh OFFPRINT_BINARY SOURCE_DIR SCRATCH_DIR
set -u
OFFPRINT=$1
SRC=$2
SCRATCH=$3
fails=0
passes=0

setup() {
    rm -rf "$SCRATCH"
    mkdir -p "$SCRATCH"
    cd "$SCRATCH" || exit 1
}

pass() { passes=$((passes + 1)); }
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

# expect_exit CODE CMD...: runs CMD, checks its exit code; stdout/stderr kept in out.txt/err.txt
expect_exit() {
    local want=$1
    shift
    "$@" >out.txt 2>err.txt
    local got=$?
    if [ "$got" = "$want" ]; then pass; else
        fail "'$*' exited $got, want $want; stderr: $(head -c 400 err.txt)"
    fi
}

# expect_grep PATTERN FILE: FILE contains the extended regex PATTERN
expect_grep() {
    if grep -Eq -- "$1" "$2"; then pass; else fail "'$1' not found in $2: $(head -c 400 "$2")"; fi
}

expect_no_file() {
    if [ -e "$1" ]; then fail "$1 should not exist"; else pass; fi
}

no_leftovers() {
    local left
    left=$(find . -name '*.tmp.*' | head -n 3)
    if [ -z "$left" ]; then pass; else fail "temporary files left behind: $left"; fi
}

finish() {
    echo "$passes passed, $fails failed"
    [ "$fails" = 0 ]
    exit $?
}

have() { command -v "$1" >/dev/null 2>&1; }
