#!/bin/sh
# linearity.sh - is quoth's time linear in its input? For each input of
# tests/test_pathological.c's kind (runs of quote marks, nesting, bad
# bytes, line ends, tiny documents...), count the instructions quoth runs
# on it at N and at 2N bytes with callgrind, and check that doubling the
# input at most doubles the count (less the cost of an empty run: start-up
# is not per byte). Instruction counts do not depend on the machine or its
# load, so unlike a stopwatch this can be exact.
#
#   sh bench/linearity.sh [QUOTH] [SIZE]
#
# QUOTH defaults to build/quoth, SIZE (N, in bytes) to 1000000; KINDS
# (space-separated) picks some of the inputs below. Prints a
# Markdown table (for bench/RESULTS.md) and exits 1 when a ratio is over
# LIMIT (2.10: 5% over exact doubling, for amortized buffer growth and
# hash tables that double). Needs valgrind and python3; takes a few
# minutes, as callgrind runs code some fifty times slower.
set -u

Q=${1:-build/quoth}
N=${2:-1000000}
LIMIT=${LIMIT:-2.10}
command -v valgrind >/dev/null 2>&1 || { echo "linearity.sh: needs valgrind" >&2; exit 2; }
[ -x "$Q" ] || { echo "linearity.sh: $Q is not an executable" >&2; exit 2; }

T=$(mktemp -d "${TMPDIR:-/tmp}/quoth-linear.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT INT TERM

# make.py KIND BYTES FILE: an input of about BYTES bytes.
cat >"$T/make.py" <<'PY'
import json, sys
kind, n, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
def rep(s, size):
    s = s.encode() if isinstance(s, str) else s
    return s * max(1, size // len(s))
news = ('"We owe the Eastside a bridge," council member Jose Pena said before the vote. '
        'Mayor Lena Ortiz said she would sign the measure. "I respect the decision," she said.\n')
if kind == "straight":
    data = rep('"', n)
elif kind == "curly":
    data = rep("\u201c", n)
elif kind == "brackets":
    k = n // 2
    data = b'"' + b"[" * k + b"x" + b"]" * k + b'" said Tom Oduya.'
elif kind == "parens":
    data = rep("(", n) + b'\n"Yes," said Tom Oduya.'
elif kind == "line":
    data = rep('"Yes," said Tom Oduya. ', n)
elif kind == "pronouns":
    data = rep('"No," he said. ', n)
elif kind == "names":
    data = rep("Ann Lee Bo Ray Cy Doe ", n) + b'"Who?" she asked.'
elif kind == "smiths":
    def first(i):
        s = ""
        while True:
            s += chr((65 if not s else 97) + i % 26)
            i //= 26
            if i == 0:
                return s + "x"
    lines, size, i = [], 0, 0
    while size < n:
        line = f"{first(i)} Smith said it was late. Smith said so.\n".encode()
        lines.append(line)
        size += len(line)
        i += 1
    data = b"".join(lines)
elif kind == "news":
    data = rep(news, n)
elif kind == "reports":
    data = rep('the plan was bad, Tom Oduya said, and "it" he said a b c ', n)
elif kind == "every-other":
    text = rep(news, n // 2)
    bad = b"\xff\x80\xc0\xe2\xf5\xed"
    data = bytes(x for i, c in enumerate(text) for x in (c, bad[i % len(bad)]))
elif kind == "nul":
    data = rep(news.replace(". ", ".\0 "), n)
elif kind == "crlf":
    data = rep(news.replace("\n", "\r\n\r\n"), n)
elif kind == "cr":
    data = rep(news.replace("\n", "\r\r"), n)
elif kind == "bom":
    data = rep("\ufeff", n) + news.encode()
elif kind == "docs":
    chars = "abc xyz.,;:!?-()[]0123456789\""
    data = "".join(json.dumps({"text": chars[i % len(chars)]}) + "\n"
                   for i in range(n // 14)).encode()
else:
    sys.exit("make.py: unknown kind " + kind)
open(path, "wb").write(data)
PY

# ir FILE ARGS...: instructions quoth runs on FILE.
ir() {
    file=$1
    shift
    valgrind --tool=callgrind --callgrind-out-file="$T/cg.out" "$Q" -j1 -q "$@" "$file" \
        >/dev/null 2>"$T/cg.err"
    sed -n 's/^totals: *//p; s/^summary: *//p' "$T/cg.out" | head -n 1
}

: >"$T/empty.txt"
base_text=$(ir "$T/empty.txt" --input text)
base_jsonl=$(ir "$T/empty.txt" --input jsonl)

echo "| input | N bytes | Ir at N | Ir at 2N | ratio | net ratio |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
status=0
for kind in ${KINDS:-straight curly brackets parens line pronouns names smiths news reports every-other nul crlf cr bom docs}; do
    if [ "$kind" = docs ]; then
        args="--input jsonl"
        base=$base_jsonl
    else
        args="--input text --repair-utf8 --max-doc-bytes 0"
        base=$base_text
    fi
    python3 "$T/make.py" "$kind" "$N" "$T/one"
    python3 "$T/make.py" "$kind" $((N * 2)) "$T/two"
    # shellcheck disable=SC2086
    a=$(ir "$T/one" $args)
    # shellcheck disable=SC2086
    b=$(ir "$T/two" $args)
    bytes=$(wc -c <"$T/one" | tr -d ' ')
    line=$(awk -v a="$a" -v b="$b" -v z="$base" -v lim="$LIMIT" -v k="$kind" -v n="$bytes" 'BEGIN {
        r = b / a; net = (b - z) / (a - z);
        printf "| %s | %d | %.0f | %.0f | %.3f | %.3f |", k, n, a, b, r, net;
        exit net > lim }')
    ok=$?
    echo "$line"
    if [ "$ok" -ne 0 ]; then
        echo "linearity.sh: $kind: doubling the input more than doubles the work" >&2
        status=1
    fi
done
echo
echo "Ir: instructions (callgrind), quoth -j1; net ratio: (Ir(2N) - Ir(0)) / (Ir(N) - Ir(0)), Ir(0) = $base_text (text), $base_jsonl (JSONL); limit $LIMIT."
exit $status
