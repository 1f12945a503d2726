# lib.sh - what the test scripts share: the pass/fail count, the scratch
# directory, running quoth with its output captured, and the assertions on
# that output. Not a test itself (tests/run.sh runs *_test.sh only).
#
#   . "$(dirname "$0")/lib.sh"      (before leaving the directory it was run from)
#   setup NAME "$@"                Q, T and the working directory
#   run ARGS...                    quoth; then assert with rc_is 0 etc.
#   check "what it shows" rc_is 0  one test
#   ...
#   echo "$passed passed, $failed failed"
#   [ "$failed" -eq 0 ]
#
# Every assertion returns non-zero on failure, after saying why on stderr.

passed=0
failed=0

# check NAME COMMAND...: one test; the command's status decides.
check() {
    name=$1
    shift
    if "$@"; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL: $name" >&2
    fi
}

# check_status NAME STATUS: one test, passed when STATUS (the $? of what
# was just run) is 0.
check_status() {
    check "$1" [ "$2" -eq 0 ]
}

# counts_of FILE: p and f from the last `N passed, N failed` line of FILE,
# the summary a test program ends with; 0 and 0, and status 1, without one.
# shellcheck disable=SC2034 # p and f are the caller's
counts_of() {
    summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$1" | tail -n 1)
    p=0
    f=0
    [ -n "$summary" ] || return 1
    p=${summary%% passed*}
    f=${summary#*passed, }
    f=${f%% failed}
}

# quoth_arg USAGE BINARY: Q becomes BINARY as an absolute path, and the
# repository root the working directory. Without BINARY: "usage: USAGE",
# exit status 2.
quoth_arg() {
    case "${2:-}" in
    "") echo "usage: $1" >&2; exit 2 ;;
    /*) Q=$2 ;;
    *) Q=$(pwd)/$2 ;;
    esac
    cd "$(dirname "$0")/.." || exit 2
}

# setup NAME ARGS...: for tests/NAME_test.sh QUOTH_BINARY: quoth_arg, and
# T a scratch directory removed at exit. A missing binary is reported as
# one failed test.
setup() {
    quoth_arg "sh tests/$1_test.sh QUOTH_BINARY" "${2:-}"
    [ -x "$Q" ] || { echo "$1_test: $Q is not an executable" >&2; echo "0 passed, 1 failed"; exit 1; }
    T=$(mktemp -d "${TMPDIR:-/tmp}/quoth-$1.XXXXXX") || exit 2
    # Some tests take the write permission away from their files.
    trap 'chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT INT TERM
}

# capture COMMAND...: stdout, stderr and status in $T/out, err, rc.
capture() {
    "$@" >"$T/out" 2>"$T/err"
    echo $? >"$T/rc"
}

# run ARGS...: quoth, captured.
run() {
    capture "$Q" "$@"
}

# ---- assertions on what was captured, and on files --------------------------

rc_is() { [ "$(cat "$T/rc")" = "$1" ] || { echo "    exit status $(cat "$T/rc"), want $1" >&2; head -n 20 "$T/err" >&2; return 1; }; }
out_has() { grep -q -- "$1" "$T/out" || { echo "    stdout lacks '$1'" >&2; return 1; }; }
out_empty() { [ ! -s "$T/out" ] || { echo "    stdout not empty:" >&2; head -5 "$T/out" >&2; return 1; }; }
err_has() { grep -q -- "$1" "$T/err" || { echo "    stderr lacks '$1':" >&2; head -n 20 "$T/err" >&2; return 1; }; }
err_lacks() { ! grep -q -- "$1" "$T/err" || { echo "    stderr has '$1'" >&2; return 1; }; }
err_nonempty() { [ -s "$T/err" ] || { echo "    nothing on stderr" >&2; return 1; }; }
lines_are() { [ "$(wc -l <"$T/out" | tr -d ' ')" = "$1" ] || { echo "    $(wc -l <"$T/out") lines, want $1" >&2; return 1; }; }
# has FILE TEXT: FILE holds a line with TEXT (a fixed string).
has() { grep -qF -- "$2" "$1" || { echo "    $1 lacks '$2':" >&2; head -20 "$1" >&2; return 1; }; }
lacks() { ! grep -qF -- "$2" "$1" || { echo "    $1 has '$2'" >&2; return 1; }; }
same() { cmp -s "$1" "$2" || { echo "    $1 and $2 differ" >&2; return 1; }; }
no_file() { [ ! -e "$1" ] || { echo "    $1 exists" >&2; return 1; }; }
