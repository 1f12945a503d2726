#!/bin/sh
# run.sh - run every test program and script, and add up the results.
#
#   sh tests/run.sh BUILD_DIR ASAN_DIR      (make check: build build/asan)
#
# Runs each BUILD_DIR/test_* and ASAN_DIR/test_* program, then each
# tests/*_test.sh script once with BUILD_DIR/quoth and once with
# ASAN_DIR/quoth. Every program ends its output with `N passed, N failed`;
# a program that exits non-zero without such a line, or with no failures
# counted, crashed, and that counts as one failure under its name. The last
# line of output is the total, `N passed, N failed`; the exit status is 1 if
# anything failed. Run from the repository root (SHARED: the shared dir).

set -u

if [ $# -ne 2 ]; then
    echo "usage: sh tests/run.sh BUILD_DIR ASAN_DIR" >&2
    exit 2
fi
BUILD=$1
ASAN=$2
TESTS=$(dirname "$0")
# counts_of: tests/lib.sh.
# shellcheck source=tests/lib.sh
. "$TESTS/lib.sh"

# Leak checking needs LeakSanitizer, which exists on Linux only.
case $(uname -s) in
Linux) leaks=1 ;;
*) leaks=0 ;;
esac
ASAN_OPTIONS="detect_leaks=$leaks:abort_on_error=0:${ASAN_OPTIONS:-}"
UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:${UBSAN_OPTIONS:-}"
export ASAN_OPTIONS UBSAN_OPTIONS

# A hung test must not hang the build: 10 minutes each, where timeout(1) exists.
if command -v timeout >/dev/null 2>&1; then
    limit="timeout 600"
else
    limit=""
fi

total_passed=0
total_failed=0
out=$(mktemp "${TMPDIR:-/tmp}/quoth-run.XXXXXX") || exit 2
trap 'rm -f "$out"' EXIT INT TERM

# one NAME COMMAND...: run a test program, show its output, count its line.
one() {
    name=$1
    shift
    $limit "$@" >"$out" 2>&1
    status=$?
    cat "$out"
    counts_of "$out"  # p and f; 0 and 0 without a summary
    if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
        # Died (signal, sanitizer, timeout) or failed without saying so.
        f=1
        if [ "$status" -gt 128 ]; then
            echo "CRASH: $name (signal $((status - 128)))"
        elif [ "$status" -eq 124 ] && [ -n "$limit" ]; then
            echo "CRASH: $name (timed out)"
        else
            echo "CRASH: $name (exit status $status)"
        fi
    elif [ "$status" -eq 0 ] && [ "$f" -ne 0 ]; then
        echo "ERROR: $name reported failures but exited 0"
    fi
    echo "== $name: $p passed, $f failed"
    total_passed=$((total_passed + p))
    total_failed=$((total_failed + f))
}

missing() {
    echo "MISSING: $1 (build it first)"
    echo "== $1: 0 passed, 1 failed"
    total_failed=$((total_failed + 1))
}

found=0
for dir in "$BUILD" "$ASAN"; do
    for prog in "$dir"/test_*; do
        if [ ! -f "$prog" ] || [ ! -x "$prog" ]; then continue; fi
        found=1
        one "$prog" "$prog"
    done
done
[ "$found" -eq 1 ] || missing "$BUILD/test_*"

for script in "$TESTS"/*_test.sh; do
    [ -f "$script" ] || continue
    for quoth in "$BUILD/quoth" "$ASAN/quoth"; do
        if [ -x "$quoth" ]; then
            one "$script $quoth" sh "$script" "$quoth"
        else
            missing "$script $quoth"
        fi
    done
done

echo "$total_passed passed, $total_failed failed"
[ "$total_failed" -eq 0 ]
