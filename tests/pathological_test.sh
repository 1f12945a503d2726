#!/bin/sh
# pathological_test.sh - the command on input built to hurt it: a 100 MB
# line (plain and gzip), a 100 MB text without a line break, a million
# one-byte documents, invalid UTF-8 every other byte, NUL bytes, CRLF and
# lone CR line ends, byte order marks; in text, JSONL, HTML and WARC.
#
#   sh tests/pathological_test.sh build/quoth
#
# The engine's side of the same list (10 MB of quote marks, a million
# nested brackets...) is tests/test_pathological.c; this is what only the
# command does: read lines and files, decompress, decode, report. Every
# case checks the exit status, the error records (one per bad item, with
# its line or document), that the good items around a bad one come out,
# and that all output is JSON whose spans are the bytes they claim. The
# big cases also bound CPU time and peak memory: a line longer than
# --max-doc-bytes must be skipped, not held. Ends with `N passed, N failed`.

set -u
# check, rc_is, err_has...: tests/lib.sh.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"
setup pathological "$@"

# A sanitizer build keeps freed memory in quarantine (256 MB) and shadow
# memory besides, and runs slower: its limits allow for that.
if [ -n "${QUOTH_TEST_VALGRIND:-}" ] && [ "$QUOTH_TEST_VALGRIND" != 0 ]; then
    # make valgrind: memcheck is some fifty times slower, and its own
    # bookkeeping is memory too.
    MEM_MB=4000
    CPU_S=1500
elif grep -q __asan_init "$Q" 2>/dev/null; then
    MEM_MB=800
    CPU_S=120
else
    MEM_MB=150
    CPU_S=30
fi

# measure.py: run quoth with ARGS, stdout to $T/out, stderr to $T/err;
# $T/rc gets the exit status, $T/usage "CPU_SECONDS PEAK_MB" of quoth alone.
cat >"$T/measure.py" <<'PY'
import resource, subprocess, sys
t = sys.argv[1]
with open(t + "/out", "wb") as out, open(t + "/err", "wb") as err:
    rc = subprocess.run(sys.argv[2:], stdout=out, stderr=err).returncode
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
open(t + "/rc", "w").write("%d\n" % rc)
open(t + "/usage", "w").write("%.2f %.0f\n" % (ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024))
PY
run() { python3 "$T/measure.py" "$T" "$Q" "$@"; }
# within CPU_S MEM_MB: quoth's CPU time and peak memory.
within() {
    set -- "$1" "$2" $(cat "$T/usage")
    echo "#   $3 CPU s, $4 MB peak"
    awk -v c="$3" -v m="$4" -v cl="$1" -v ml="$2" 'BEGIN { exit !(c < cl && m < ml) }' ||
        { echo "    $3 CPU s (limit $1), $4 MB (limit $2)" >&2; return 1; }
}

# check.py CMD ...: checks on quoth's JSON lines in $T/out.
cat >"$T/check.py" <<'PY'
import json, sys
sys.path.insert(0, "tests")
from records import records as json_lines

def records(path):
    """tests/records.py's reader, and every record of a known type."""
    out = json_lines(path)
    for n, r in enumerate(out, 1):
        if r.get("type") not in ("quote", "error", "text"):
            sys.exit(f"    output line {n}: unexpected record {json.dumps(r)[:80]}")
    return out

def spans(doc, r):
    for what, s in (("quote", r), ("mention", r.get("mention")), ("cue", r.get("cue"))):
        if s is None:
            continue
        got = doc[s["start"]:s["end"]].decode("utf-8", "replace")
        if got != s["text"]:
            sys.exit(f"    {what} [{s['start']},{s['end']}) of {r['doc']} is {got!r}, "
                     f"the record says {s['text']!r}")

cmd, out, args = sys.argv[1], sys.argv[2], sys.argv[3:]
recs = records(out)
quotes = [r for r in recs if r["type"] == "quote"]
if cmd == "errors":          # LINE[:DOC]...: error records for exactly these
    got = [["null" if e.get("line") is None else str(e["line"])]
           + ([e["doc"]] if e.get("doc") is not None else [])
           for e in recs if e["type"] == "error"]
    want = [a.split(":", 1) for a in args]
    if got != want:
        sys.exit(f"    error records {got}, want {want}")
elif cmd == "docs":          # DOC...: the documents with quotes, in order
    got = []
    for q in quotes:
        if q["doc"] not in got:
            got.append(q["doc"])
    if got != args:
        sys.exit(f"    quotes for {got}, want {args}")
elif cmd == "file-spans":    # FILE: spans are bytes of FILE (a text document)
    doc = open(args[0], "rb").read()
    for q in quotes:
        spans(doc, q)
    if not quotes:
        sys.exit("    no quotes")
elif cmd == "text-spans":    # spans are bytes of their --emit-text record
    texts = {}
    for r in recs:
        if r["type"] == "text":
            texts[r["doc"]] = r["text"].encode("utf-8")
        elif r["type"] == "quote":
            spans(texts[r["doc"]], r)
    if not quotes:
        sys.exit("    no quotes")
elif cmd == "said":          # TEXT SPEAKER...: these quotes, in this order
    got = [[q["text"].replace("\r\n", "\n").replace("\r", "\n"), q["speaker"]] for q in quotes]
    want = [args[i:i + 2] for i in range(0, len(args), 2)]
    if got != want:
        sys.exit(f"    quotes {got}, want {want}")
elif cmd == "same":          # OUT: the same quotes as OUT, line ends aside
    key = lambda q: (q["kind"], q["text"].replace("\r\n", "\n").replace("\r", "\n"), q["speaker"])
    want = [key(q) for q in records(args[0]) if q["type"] == "quote"]
    if [key(q) for q in quotes] != want:
        sys.exit(f"    quotes {[key(q) for q in quotes]}, want {want}")
elif cmd == "texts":         # TEXT...: the quotes' texts, in order, line ends folded
    got = [q["text"].replace("\r\n", "\n").replace("\r", "\n") for q in quotes]
    if got != args:
        sys.exit(f"    quotes {got}, want {args}")
elif cmd == "count":         # TYPE N
    n = sum(1 for r in recs if r["type"] == args[0])
    if n != int(args[1]):
        sys.exit(f"    {n} {args[0]} records, want {args[1]}")
elif cmd == "valid":         # only that the output is well-formed
    pass
else:
    sys.exit(f"check.py: unknown check {cmd}")
PY
py() { cmd=$1; shift; python3 "$T/check.py" "$cmd" "$T/out" "$@"; }

GOOD1='{"id":"good1","text":"\"The tide is late,\" said Pavel Novak."}'
GOOD3='{"id":"good3","text":"\"The dunes will hold,\" said Ana Ruiz."}'

# ---- one 100 MB line ---------------------------------------------------------

# big.py FILE KIND: a 100 MB line, built in 1 MB writes.
cat >"$T/big.py" <<'PY'
import gzip, sys
path, kind = sys.argv[1], sys.argv[2]
good1, good3 = sys.argv[3].encode(), sys.argv[4].encode()
block = b'"Yes," said Tom Oduya. ' * (1 << 20 >> 5)
f = gzip.open(path, "wb", compresslevel=1) if kind == "gzip" else open(path, "wb")
if kind == "text":
    for _ in range(100):
        f.write(block)
else:
    f.write(good1 + b"\n" + b'{"id":"huge","text":"')
    for _ in range(100):
        f.write(block.replace(b'"', b'\\"'))
    f.write(b'"}\n' + good3 + b"\n")
f.close()
PY
python3 "$T/big.py" "$T/huge.jsonl" jsonl "$GOOD1" "$GOOD3"
run "$T/huge.jsonl"
check "100 MB line: exits 1" rc_is 1
check "100 MB line: one error record, for line 2" py errors 2
check "100 MB line: the lines around it processed" py docs good1 good3
check "100 MB line: the summary adds up (3 lines = 2 documents + 1 error)" \
    err_has "^quoth: 2 documents, 2 quotes, 1 errors"
check "100 MB line: skipped, not held (CPU, memory)" within $CPU_S $MEM_MB
rm -f "$T/huge.jsonl"

python3 "$T/big.py" "$T/huge.jsonl.gz" gzip "$GOOD1" "$GOOD3"
run "$T/huge.jsonl.gz"
check "100 MB line, gzip: exits 1" rc_is 1
check "100 MB line, gzip: one error record, for line 2" py errors 2
check "100 MB line, gzip: the lines around it processed" py docs good1 good3
check "100 MB line, gzip: memory stays flat while it inflates" within $CPU_S $MEM_MB
rm -f "$T/huge.jsonl.gz"

python3 "$T/big.py" "$T/huge.txt" text "$GOOD1" "$GOOD3"
run "$T/huge.txt"
check "100 MB text without a line break: exits 1" rc_is 1
check "100 MB text: one error record naming the file" py errors "null:$T/huge.txt"
check "100 MB text: the error says why" err_has "longer than --max-doc-bytes"
check "100 MB text: not read past the limit (CPU, memory)" within $CPU_S $MEM_MB
rm -f "$T/huge.txt"

# ---- a million one-byte documents ---------------------------------------------

python3 -c '
import sys
chars = "abc xyz.,;:!?-()[]0123456789"
with open(sys.argv[1], "w") as f:
    for i in range(1000000):
        f.write("{\"text\":\"%s\"}\n" % chars[i % len(chars)])
' "$T/million.jsonl"
run -j1 "$T/million.jsonl"
check "1,000,000 one-byte documents: exits 0" rc_is 0
check "1,000,000 one-byte documents: all counted" \
    err_has "^quoth: 1000000 documents, 0 quotes, 0 errors"
check "1,000,000 one-byte documents: no output" test ! -s "$T/out"
check "1,000,000 one-byte documents: a fixed cost each (CPU, memory)" within $CPU_S $MEM_MB
rm -f "$T/million.jsonl"

# ---- invalid UTF-8 every other byte ---------------------------------------------

# every.py OUT PREFIX TEXT SUFFIX: TEXT with a bad byte after each of its bytes.
cat >"$T/every.py" <<'PY'
import sys
out, prefix, text, suffix = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
bad = b"\xff\x80\xc0\xe2\xf5\xed"
body = bytes(x for i, c in enumerate(text.encode()) for x in (c, bad[i % len(bad)]))
open(out, "wb").write(prefix.encode() + body + suffix.encode())
PY
SAID='"Yes," said Tom Oduya. "No," said Ann Lee.'
python3 "$T/every.py" "$T/every.txt" "" "$SAID $SAID" ""
run "$T/every.txt"
check "text, bad byte every other byte: exits 1" rc_is 1
check "text, bad byte every other byte: one error record at line 1" py errors "1:$T/every.txt"
check "text, bad byte every other byte: the first bad byte named" err_has "column 2 (byte 1)"
run --repair-utf8 "$T/every.txt"
check "text, bad byte every other byte, --repair-utf8: exits 0" rc_is 0
check "text, bad byte every other byte, --repair-utf8: valid JSON" py valid

python3 "$T/every.py" "$T/every.jsonl" "$GOOD1
{\"id\":\"every\",\"text\":\"" "Ann Lee said so." "\"}
$GOOD3
"
run "$T/every.jsonl"
check "JSONL, bad byte every other byte: exits 1" rc_is 1
check "JSONL, bad byte every other byte: one error record, line 2" py errors 2
check "JSONL, bad byte every other byte: the others processed" py docs good1 good3
run --repair-utf8 --emit-text "$T/every.jsonl"
check "JSONL, bad byte every other byte, --repair-utf8: exits 0" rc_is 0
check "JSONL, --repair-utf8: spans are bytes of each text" py text-spans

python3 "$T/every.py" "$T/every.html" "<p>" "$SAID" "</p>"
run "$T/every.html"
check "HTML, bad byte every other byte: exits 1" rc_is 1
check "HTML, bad byte every other byte: one error record naming the page" \
    py errors "null:$T/every.html"
run --repair-utf8 "$T/every.html"
check "HTML, bad byte every other byte, --repair-utf8: exits 0 (read as Latin-1)" rc_is 0

# A page with bad bytes in a WARC whose HTTP header says UTF-8: libxml2
# then lets them through, and the text (what the offsets count) must
# still be UTF-8.
python3 - "$T/every.warc" <<'PY'
import sys
page = b'<p>"Caf\xe9 \xff prices \x80 rise," said Zo\xeb Martin.</p><p>"\xc0Yes," said Ann Lee.</p>'
http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + page
rec = (b"WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: https://x.test/every\r\n"
       b"Content-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n"
       % len(http)) + http + b"\r\n\r\n"
open(sys.argv[1], "wb").write(rec)
PY
run "$T/every.warc"
check "WARC page said to be UTF-8, with bad bytes: exits 1" rc_is 1
run --repair-utf8 --emit-text "$T/every.warc"
check "WARC page said to be UTF-8, --repair-utf8: exits 0" rc_is 0
check "WARC page said to be UTF-8, --repair-utf8: spans are bytes of the text" py text-spans

# ---- NUL bytes -------------------------------------------------------------------

printf '"Yes," said Tom Oduya.\n\n"Nul\000 inside," said Ann Lee.\n' >"$T/nul.txt"
run "$T/nul.txt"
check "text with a NUL byte: exits 1" rc_is 1
check "text with a NUL byte: an error record at its line" py errors "3:$T/nul.txt"
check "text with a NUL byte: the byte named" err_has "column 5 (byte 28)"
run --repair-utf8 "$T/nul.txt"
check "text with a NUL byte, --repair-utf8: exits 0" rc_is 0
check "text with a NUL byte, --repair-utf8: both quotes" py count quote 2
check "text with a NUL byte, --repair-utf8: spans are the file's bytes" py file-spans "$T/nul.txt"

head -c 1000000 /dev/zero >"$T/zeros"
run "$T/zeros"
check "a megabyte of NUL bytes: exits 1" rc_is 1
check "a megabyte of NUL bytes: one error record at line 1" py errors "1:$T/zeros"

{
    echo "$GOOD1"
    printf '{"id":"raw-nul","text":"a\000b"}\n'
    echo '{"id":"escaped-nul","text":"\"Nul \u0000 inside,\" said Ann Lee."}'
    echo "$GOOD3"
} >"$T/nul.jsonl"
run "$T/nul.jsonl"
check "JSONL with NUL bytes: exits 1" rc_is 1
check "JSONL with NUL bytes: an error record for each, by line" py errors 2 3:escaped-nul
check "JSONL with NUL bytes: the others processed" py docs good1 good3
run --repair-utf8 --emit-text "$T/nul.jsonl"
check "JSONL with NUL bytes, --repair-utf8: a raw NUL is still bad JSON" py errors 2
check "JSONL with NUL bytes, --repair-utf8: \\u0000 extracted, spans right" py text-spans

# ---- line ends -------------------------------------------------------------------

ARTICLE='"We owe the Eastside a bridge," council member Jose Pena said.
"Not another study," he added.

Mayor Lena Ortiz said she would sign it. "But it is not free.
"Somebody pays for every beam."'
printf '%s\n' "$ARTICLE" >"$T/lf.txt"
printf '%s\n' "$ARTICLE" | sed 's/$/\r/' >"$T/crlf.txt"
printf '%s\n' "$ARTICLE" | tr '\n' '\r' >"$T/cr.txt"
for le in lf crlf cr; do
    run "$T/$le.txt"
    check "text, $le line ends: exits 0" rc_is 0
    if [ $le = lf ]; then
        check "text, LF line ends: the quotes" py texts "We owe the Eastside a bridge," \
            "Not another study," "she would sign it" "But it is not free.
\"Somebody pays for every beam."
        cp "$T/out" "$T/lf.out"
    else
        check "text, $le line ends: the quotes of LF line ends" py same "$T/lf.out"
    fi
    check "text, $le line ends: spans are the file's bytes" py file-spans "$T/$le.txt"
done

printf '%s\r\n\r\n%s\r\n' "$GOOD1" "$GOOD3" >"$T/crlf.jsonl"
run "$T/crlf.jsonl"
check "JSONL, CRLF line ends: exits 0" rc_is 0
check "JSONL, CRLF line ends: every record" py docs good1 good3
printf '%s\r%s\r' "$GOOD1" "$GOOD3" >"$T/cr.jsonl"
run "$T/cr.jsonl"
# JSON lines end with LF (or CR LF): lone CRs make one line, which is
# reported, not guessed at. docs/robustness.md says so.
check "JSONL, lone CR line ends: exits 1" rc_is 1
check "JSONL, lone CR line ends: one error record, line 1" py errors 1

# WARC with LF instead of CRLF, and CR-only lines in its page.
python3 - "$T/lf.warc" <<'PY'
import sys
page = b'<p>"The tide is late,"\rsaid Pavel Novak.</p>\r\r<p>"Again," he said.</p>'
http = b"HTTP/1.1 200 OK\nContent-Type: text/html\n\n" + page
rec = (b"WARC/1.0\nWARC-Type: response\nWARC-Target-URI: https://x.test/lf\n"
       b"Content-Type: application/http; msgtype=response\nContent-Length: %d\n\n"
       % len(http)) + http + b"\n\n"
open(sys.argv[1], "wb").write(rec)
PY
run --emit-text "$T/lf.warc"
check "WARC, LF line ends: exits 0" rc_is 0
check "WARC, LF line ends: the page read" py said "The tide is late," "Pavel Novak" \
    "Again," "Pavel Novak"
check "WARC, LF line ends: spans are bytes of the text" py text-spans

# ---- byte order marks ------------------------------------------------------------

printf '\357\273\277%s\n' "$ARTICLE" >"$T/bom.txt"
run "$T/bom.txt"
check "text with a BOM: exits 0" rc_is 0
check "text with a BOM: offsets count its bytes" py file-spans "$T/bom.txt"
printf '\357\273\277%s\n%s\n' "$GOOD1" "$GOOD3" >"$T/bom.jsonl"
run "$T/bom.jsonl"
check "JSONL with a BOM: exits 0" rc_is 0
check "JSONL with a BOM: the first record too" py docs good1 good3
printf '\357\273\277' >"$T/bom.warc"
cat "$T/lf.warc" >>"$T/bom.warc"
run "$T/bom.warc"
check "WARC with a BOM: exits 0" rc_is 0
check "WARC with a BOM: the record read" py docs https://x.test/lf
printf '\357\273\277<p>"Yes," said Tom Oduya.</p>' >"$T/bom.html"
run --emit-text "$T/bom.html"
check "HTML with a BOM: exits 0" rc_is 0
check "HTML with a BOM: the mark is not in the text" py said "Yes," "Tom Oduya"
check "HTML with a BOM: spans are bytes of the text" py text-spans

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
