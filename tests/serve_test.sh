#!/bin/sh
# serve_test.sh - `quoth serve`: its command line, the HTTP API and its
# limits (tests/serve_http.py, with a bounded load test), and the page in
# headless Chromium (tests/browser/page_test.mjs).
#
#   sh tests/serve_test.sh build/quoth
#
# Servers listen on free loopback ports (--port 0) and are stopped with
# SIGTERM at the end, which must exit 0 (under ASan: without leaks).
# The browser test needs Debian's chromium (`make deps` installs it) and
# installs playwright-core with npm into tests/browser/node_modules; with
# either missing it fails. Screenshots: serve-*.png beside QUOTH.
# SHARED: the shared dir (default ../shared). Ends with the line
# `N passed, N failed`; exit status 1 on failure.

set -u
# quoth_arg, check_status, counts_of: tests/lib.sh.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"
quoth_arg "sh tests/serve_test.sh QUOTH_BINARY" "${1:-}"
SHARED=${SHARED:-../shared}
ARTICLE=$SHARED/examples/simmons-lumet.txt
MAX_BODY=1048576
TIMEOUT=2
CHROMIUM=/usr/bin/chromium

# Add the `N passed, N failed` line of a sub-test's output to the counts;
# a sub-test that died without one counts as one failure.
count_from() {
    if counts_of "$2"; then
        passed=$((passed + p))
        failed=$((failed + f))
    else
        check_status "$1 ended without a summary" 1
    fi
}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/quoth-serve.XXXXXX") || exit 2
PIDS=""
cleanup() {
    for pid in $PIDS; do kill "$pid" 2>/dev/null; done
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

if [ ! -x "$Q" ] || [ ! -f "$ARTICLE" ]; then
    echo "serve_test: need $Q and $ARTICLE (SHARED=$SHARED)" >&2
    echo "0 passed, 1 failed"
    exit 1
fi

# ---- the command line ------------------------------------------------------

"$Q" serve --help >"$WORK/help" 2>&1
check_status "serve --help exits 0" $?
grep -q 'POST /api/extract' "$WORK/help"
check_status "serve --help lists the API" $?
for opt in --db --bind --port --threads --max-body --timeout --help since= until=; do
    grep -q -- "$opt" "$WORK/help"
    check_status "serve --help explains $opt" $?
done
for bad in "--port 70000" "--port x" "--threads 0" "--max-body 10Q" "--max-body 0" "--timeout 0" \
           "--bind localhost" "--nope" "extra"; do
    # shellcheck disable=SC2086 # the option and its value are two words
    "$Q" serve $bad >/dev/null 2>"$WORK/err"
    rc=$?
    [ "$rc" -eq 2 ] && grep -q "quoth" "$WORK/err"
    check_status "serve $bad: usage error (exit 2)" $?
done
"$Q" serve --port 0 --db "$WORK/missing.db" >/dev/null 2>"$WORK/err"
[ $? -eq 3 ] && grep -q "missing.db" "$WORK/err"
check_status "serve --db with no store: exit 3 with a message" $?

# ---- servers ---------------------------------------------------------------

# The test store: the article under its file name, as `quoth index` files
# a text, but from JSONL, to give it a date for since= and until=
# (tests/serve_http.py knows it).
python3 -c 'import json, sys
text = open(sys.argv[1], encoding="utf-8", newline="").read()
print(json.dumps({"id": sys.argv[1], "date": "2017-11-30", "text": text}))' "$ARTICLE" \
    >"$WORK/article.jsonl"
"$Q" index -q "$WORK/store.db" "$WORK/article.jsonl"
check_status "quoth index makes the test store" $?

# start NAME ARGS...: run a server in the background on a free port; sets
# URL and PID, or fails the test. Under ASan, freed memory waits in a
# quarantine (256 MB by default) before reuse, which the load test's
# memory check would see as growth: a small one still catches use after
# free within a request.
start() {
    name=$1
    shift
    ASAN_OPTIONS="${ASAN_OPTIONS:-}:quarantine_size_mb=16" \
        "$Q" serve --port 0 --timeout "$TIMEOUT" "$@" 2>"$WORK/$name.log" &
    PID=$!
    PIDS="$PIDS $PID"
    URL=""
    tries=0
    while [ -z "$URL" ] && [ $tries -lt 100 ] && kill -0 "$PID" 2>/dev/null; do
        sleep 0.1
        URL=$(sed -n 's|^quoth: serving \(http://127\.0\.0\.1:[0-9]*\)/.*|\1|p' "$WORK/$name.log")
        tries=$((tries + 1))
    done
    [ -n "$URL" ]
    check_status "$name server starts and says where" $?
}

# stop NAME PID: SIGTERM must end the server with status 0.
stop() {
    kill -TERM "$2" 2>/dev/null
    wait "$2"
    rc=$?
    [ $rc -eq 0 ] || cat "$WORK/$1.log"
    check_status "$1 server stops on SIGTERM with status 0 (got $rc)" $rc
}

start store --db "$WORK/store.db" --threads 4 --max-body "$MAX_BODY"
STORE_URL=$URL STORE_PID=$PID
start plain --threads 2
PLAIN_URL=$URL PLAIN_PID=$PID
if [ -z "$STORE_URL" ] || [ -z "$PLAIN_URL" ]; then
    cat "$WORK"/*.log
    echo "$passed passed, $((failed + 1)) failed"
    exit 1
fi

"$Q" serve --port "${STORE_URL##*:}" >/dev/null 2>"$WORK/err"
[ $? -eq 3 ] && grep -q "cannot listen" "$WORK/err"
check_status "serve on a port in use: exit 3 with a message" $?

# ---- HTTP and load -----------------------------------------------------------

python3 tests/serve_http.py "$STORE_URL" "$PLAIN_URL" "$STORE_PID" "$ARTICLE" "$MAX_BODY" \
    "$TIMEOUT" >"$WORK/http.out" 2>&1
cat "$WORK/http.out"
count_from "serve_http.py" "$WORK/http.out"

# ---- the page in a browser ---------------------------------------------------

browser() {
    if [ ! -x "$CHROMIUM" ]; then
        check_status "browser: $CHROMIUM is missing (make deps installs Debian's chromium)" 1
        return
    fi
    if [ ! -f tests/browser/node_modules/playwright-core/package.json ]; then
        npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error \
            >"$WORK/npm.log" 2>&1
        rc=$?
        [ $rc -eq 0 ] || cat "$WORK/npm.log"
        check_status "browser: npm installs playwright-core" $rc
        [ $rc -eq 0 ] || return
    fi
    SHARED=$SHARED CHROMIUM=$CHROMIUM timeout 120 node tests/browser/page_test.mjs \
        "$STORE_URL" "$(dirname "$Q")" >"$WORK/browser.out" 2>&1
    cat "$WORK/browser.out"
    count_from "page_test.mjs" "$WORK/browser.out"
}
browser

# ---- a store that goes bad under the server ----------------------------------

# A failing SQLite call is answered with a 500, and the server goes on.
status_of() {
    python3 -c 'import sys, urllib.request, urllib.error
try:
    print(urllib.request.urlopen(sys.argv[1], timeout=30).status)
except urllib.error.HTTPError as e:
    print(e.code)' "$1" 2>/dev/null
}
cp "$WORK/store.db" "$WORK/bad.db"
start bad --db "$WORK/bad.db" --threads 1
BAD_URL=$URL BAD_PID=$PID
python3 -c 'import sys; open(sys.argv[1], "r+b").write(b"\xff" * 12288)' "$WORK/bad.db"
for path in "/api/speakers" "/api/search?q=step"; do
    check "damaged store: $path answers 500" [ "$(status_of "$BAD_URL$path")" = 500 ]
done
check "damaged store: the server still answers" [ "$(status_of "$BAD_URL/healthz")" = 200 ]

stop store "$STORE_PID"
stop plain "$PLAIN_PID"
stop bad "$BAD_PID"
PIDS=""

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
