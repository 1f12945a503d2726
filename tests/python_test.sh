#!/bin/sh
# python_test.sh - the Python binding (bindings/python/quoth) and the Dask
# example against the quoth command: tests/python/test_*.py.
#
#   sh tests/python_test.sh build/quoth
#
# The binding loads the shared library beside QUOTH_BINARY, else the one
# in its parent directory (an ASan build has none, and a sanitised library
# cannot be loaded into an unsanitised Python anyway), else build/'s. Python: $QUOTH_PYTHON, else the first of
# /usr/bin/python3 and python3 that can import dask (Debian's python3-dask
# is installed for /usr/bin/python3, which a pyenv python3 on PATH does not
# see), else /usr/bin/python3. SHARED: the shared dir (default ../shared).
# Ends with the line `N passed, N failed`; exit status 1 on failure.

set -u
# quoth_arg, counts_of: tests/lib.sh.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"
quoth_arg "sh tests/python_test.sh QUOTH_BINARY" "${1:-}"
ROOT=$(pwd)

fail() {
    echo "python_test: $1" >&2
    echo "0 passed, 1 failed"
    exit 1
}
[ -x "$Q" ] || fail "$Q is not an executable"

# build/quoth -> build/libquoth.so; build/asan/quoth -> build/libquoth.so.
LIB=
for d in "$(dirname "$Q")" "$(dirname "$(dirname "$Q")")" "$ROOT/build"; do
    if [ -e "$d/libquoth.so" ]; then
        LIB=$d/libquoth.so
        break
    fi
done
[ -n "$LIB" ] || fail "no libquoth.so beside $Q, in its parent or in build/: run make"
# A library older than its objects is stale (`make build/quoth` alone
# does not relink it), and every comparison with the command would then
# fail for that reason only: say so first.
if [ -d "$(dirname "$LIB")/obj" ] &&
   [ -n "$(find "$(dirname "$LIB")/obj" -maxdepth 1 -name '*.o' -newer "$(readlink -f "$LIB")")" ]; then
    echo "python_test: warning: $LIB is older than its objects; run make" >&2
fi

PY=${QUOTH_PYTHON:-}
if [ -z "$PY" ]; then
    for p in /usr/bin/python3 python3; do
        if command -v "$p" >/dev/null 2>&1 &&
           "$p" -c 'import dask, distributed' >/dev/null 2>&1; then
            PY=$p
            break
        fi
    done
fi
if [ -z "$PY" ]; then
    if [ -x /usr/bin/python3 ]; then PY=/usr/bin/python3; else PY=python3; fi
fi
command -v "$PY" >/dev/null 2>&1 || fail "no python3"

out=$(mktemp "${TMPDIR:-/tmp}/quoth-py.XXXXXX") || exit 2
trap 'rm -f "$out"' EXIT INT TERM

QUOTH_BIN=$Q QUOTH_LIBRARY=$LIB SHARED=${SHARED:-../shared} PYTHONDONTWRITEBYTECODE=1 \
    "$PY" "$ROOT/tests/python/run.py" >"$out" 2>&1
status=$?
cat "$out"
if ! counts_of "$out"; then
    echo "python_test: $PY tests/python/run.py exited with status $status" >&2
    echo "0 passed, 1 failed"
    exit 1
fi
exit "$status"
