#!/bin/sh
# $CC, $CXX and $STRICT are split into words on purpose:
# shellcheck disable=SC2086
# header_test.sh - include/quoth.h must compile as strict C11, C99 and C++.
#
#   sh tests/header_test.sh [QUOTH_BINARY]   (the binary is not used)
#
# A public header is read by compilers the project never builds with; this
# catches C++ keywords, missing extern "C", and GNU extensions. CC and CXX
# pick the compilers (default cc and c++). Ends with `N passed, N failed`.

set -u
cd "$(dirname "$0")/.." || exit 2
CC=${CC:-cc}
CXX=${CXX:-c++}
T=$(mktemp -d "${TMPDIR:-/tmp}/quoth-header.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT INT TERM
passed=0
failed=0

# A user of every declaration: types, enums, flag macros and a callback.
cat >"$T/use.h" <<'SRC'
#include "quoth.h"
static int use_quote(const quoth_quote *q, void *ud) {
    (void)ud;
    return q->kind == QUOTH_KIND_MIXED && q->speaker_gender == QUOTH_GENDER_FEMALE;
}
int header_user(void);
int header_user(void) {
    quoth_options opt;
    quoth_error err = {QUOTH_OK, 0, 0};
    quoth_extractor *x = 0;
    quoth_options_init(&opt);
    opt.flags = QUOTH_FLAG_STRICT_UTF8 | QUOTH_FLAG_NO_INDIRECT;
    opt.on_quote = use_quote;
    if (quoth_extractor_new(&opt, &x, &err) != QUOTH_OK) return err.code;
    quoth_extractor_free(x);
    return QUOTH_VERSION >= 0x000100 && quoth_version() == QUOTH_VERSION;
}
SRC
cp "$T/use.h" "$T/use.c"
cp "$T/use.h" "$T/use.cpp"

# try NAME COMMAND...: one compile; its output is shown only on failure.
try() {
    name=$1
    shift
    if "$@" >"$T/log" 2>&1; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL: $name: $*"
        cat "$T/log"
    fi
}

STRICT="-Wall -Wextra -Werror -pedantic-errors -Iinclude -fsyntax-only"
try "C11 -pedantic" $CC -std=c11 $STRICT -Wstrict-prototypes "$T/use.c"
try "C99 -pedantic" $CC -std=c99 $STRICT "$T/use.c"
try "header alone, C11" $CC -std=c11 $STRICT -x c include/quoth.h
if command -v "$CXX" >/dev/null 2>&1; then
    try "C++11" $CXX -std=c++11 $STRICT "$T/use.cpp"
    try "C++17" $CXX -std=c++17 $STRICT "$T/use.cpp"
    try "header alone, C++" $CXX -std=c++11 $STRICT -x c++ include/quoth.h
else
    echo "FAIL: no C++ compiler ($CXX)"
    failed=$((failed + 1))
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
