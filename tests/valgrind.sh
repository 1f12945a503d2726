#!/bin/sh
# valgrind.sh - the test suite under valgrind's memcheck (make valgrind).
#
#   sh tests/valgrind.sh BUILD_DIR        (make valgrind: build)
#
# Runs each BUILD_DIR/test_* program (the corpus replays included) under
# memcheck, and each tests/*_test.sh script with a quoth that is memcheck
# running BUILD_DIR/quoth, so that every run of the command is checked.
# Memcheck reports go to build/valgrind/logs/; any error or leak
# (definite, indirect or possible) makes the run exit 99, which the test
# then counts as a failure, and is listed at the end. QUOTH_TEST_VALGRIND=1
# tells the time-limited tests to allow for valgrind's slowness and shrink
# their biggest inputs. The last line is `N passed, N failed`, as from
# tests/run.sh, with each process that memcheck complained about counted
# as one more failure.
#
# Not run: serve_test.sh (a browser waits on the server with its own
# timeouts, which memcheck's slowness breaks) and python_test.sh (it
# loads libquoth.so into python3, whose own allocations memcheck would
# report); both run under the sanitizers in make check.
set -u

if [ $# -ne 1 ]; then
    echo "usage: sh tests/valgrind.sh BUILD_DIR" >&2
    exit 2
fi
BUILD=$(cd "$1" && pwd) || exit 2
cd "$(dirname "$0")/.." || exit 2
# counts_of: tests/lib.sh.
# shellcheck source=tests/lib.sh
. tests/lib.sh
command -v valgrind >/dev/null 2>&1 || { echo "valgrind.sh: valgrind is not installed" >&2; exit 2; }

VG=$BUILD/valgrind
LOGS=$VG/logs
rm -rf "$LOGS"
mkdir -p "$LOGS"

# One log per process (%p); suppressions for what libraries keep on
# purpose would go in tests/valgrind.supp, if there were any.
VG_OPTS="--error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect,possible \
--errors-for-leak-kinds=definite,indirect,possible --track-origins=yes --num-callers=30"
[ -f tests/valgrind.supp ] && VG_OPTS="$VG_OPTS --suppressions=$(pwd)/tests/valgrind.supp"

cat >"$VG/quoth" <<SH
#!/bin/sh
exec valgrind -q $VG_OPTS --log-file="$LOGS/quoth.%p.log" "$BUILD/quoth" "\$@"
SH
chmod +x "$VG/quoth"

QUOTH_TEST_VALGRIND=1
export QUOTH_TEST_VALGRIND

total_passed=0
total_failed=0
out=$(mktemp "${TMPDIR:-/tmp}/quoth-vg.XXXXXX") || exit 2
trap 'rm -f "$out"' EXIT INT TERM

# one NAME COMMAND...: as in tests/run.sh, without its time limit.
one() {
    name=$1
    shift
    "$@" >"$out" 2>&1
    status=$?
    counts_of "$out"  # p and f; 0 and 0 without a summary
    if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
        f=1
        grep -v '^#' "$out" | tail -n 20
        echo "CRASH: $name (exit status $status)"
    elif [ "$f" -ne 0 ]; then
        grep -v '^#' "$out" | tail -n 20
    fi
    echo "== $name: $p passed, $f failed"
    total_passed=$((total_passed + p))
    total_failed=$((total_failed + f))
}

for prog in "$BUILD"/test_*; do
    [ -x "$prog" ] || continue
    name=${prog##*/}
    one "valgrind $name" valgrind -q $VG_OPTS --log-file="$LOGS/$name.%p.log" "$prog"
done
for script in tests/*_test.sh; do
    case $script in
    */serve_test.sh | */python_test.sh) continue ;;
    esac
    one "$script (valgrind quoth)" sh "$script" "$VG/quoth"
done

# A log with anything in it is a report: -q leaves only errors.
runs=$(ls "$LOGS" | wc -l)
bad=0
for log in "$LOGS"/*.log; do
    [ -s "$log" ] || continue
    bad=$((bad + 1))
    echo "---- $log"
    head -n 40 "$log"
done
echo "valgrind: $bad of $runs runs reported errors or leaks (logs in $LOGS)"
[ "$bad" -eq 0 ] || total_failed=$((total_failed + bad))
echo "$total_passed passed, $total_failed failed"
[ "$total_failed" -eq 0 ]
