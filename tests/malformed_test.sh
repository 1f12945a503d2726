#!/bin/sh
# malformed_test.sh - broken input: bad JSON lines, fields missing or of
# the wrong type, duplicate ids; truncated and garbage gzip, zstd, xz and
# bzip2; truncated and garbage WARC; HTML with everything left open.
#
#   sh tests/malformed_test.sh build/quoth
#
# The promise for each: every bad item is one error record (with its line,
# or its document when it has no line) and one line on stderr; every good
# item is still processed; the summary's counts are those of the output
# and add up (items read = documents + errors); the exit status is 1,
# "finished, but some documents were errors" (0 when nothing was wrong).
#
# The inputs are tests/data/malformed/NAME.* with what to expect in
# NAME.expect (see its README.md); compressed and cut variants are made
# here. tests/corpus_test.sh covers the neighbours (cut gzip JSONL and
# WARC, a WARC without Content-Length, HTML not in its charset) and
# tests/cli_test.sh the basic bad records; this does not repeat them.
# Ends with the line `N passed, N failed`.

set -u
# check, capture, rc_is, err_has...: tests/lib.sh.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"
setup malformed "$@"
D=tests/data/malformed

# run ARGS...: quoth --emit-text, captured.
run() {
    capture "$Q" --emit-text "$@"
}

# check.py CHECK FILE ARG: checks on $T/out and $T/err. FILE stands in
# for the input's path in ARG, "|" separates items, "\n" is a newline.
cat >"$T/check.py" <<'PY'
import json, re, sys

cmd, t, path, arg = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
def items(s):
    return [x.replace("FILE", path).replace("\\n", "\n") for x in s.split("|")] if s else []

recs = []
with open(t + "/out", "rb") as f:
    for n, raw in enumerate(f, 1):
        try:
            recs.append(json.loads(raw.decode("utf-8")))
        except ValueError as e:
            sys.exit(f"    output line {n} is not UTF-8 JSON: {e}: {raw[:80]!r}")
kinds = {k: [r for r in recs if r.get("type") == k] for k in ("text", "quote", "error")}
if len(recs) != sum(len(v) for v in kinds.values()):
    sys.exit("    a record that is neither text, quote nor error")
err = open(t + "/err", "rb").read().decode("utf-8", "replace").splitlines()

if cmd == "errors":          # the error records, LINE[:DOC] each
    got = ["null" if e.get("line") is None else str(e["line"]) for e in kinds["error"]]
    got = [g + (":" + e["doc"] if e.get("doc") is not None else "")
           for g, e in zip(got, kinds["error"])]
    if got != items(arg):
        sys.exit(f"    error records {got}, want {items(arg)}")
    for e in kinds["error"]:
        if not isinstance(e.get("message"), str) or not e["message"]:
            sys.exit(f"    an error record without a message: {e}")
elif cmd == "docs":          # the documents with quotes, in order
    got = []
    for q in kinds["quote"]:
        if q["doc"] not in got:
            got.append(q["doc"])
    if got != items(arg):
        sys.exit(f"    quotes for {got}, want {items(arg)}")
elif cmd == "summary":       # counts as in the output, adding up to ARG items
    m = [re.match(r"quoth: (\d+) documents, (\d+) quotes, (\d+) errors, ", l) for l in err]
    m = [x for x in m if x]
    if len(m) != 1:
        sys.exit(f"    {len(m)} summary lines on stderr")
    d, q, e = (int(x) for x in m[0].groups())
    want = (len(kinds["text"]), len(kinds["quote"]), len(kinds["error"]))
    if (d, q, e) != want:
        sys.exit(f"    summary says {d} documents, {q} quotes, {e} errors; "
                 f"the output has {want[0]}, {want[1]}, {want[2]}")
    if arg and d + e != int(arg):
        sys.exit(f"    {d} documents + {e} errors, but {arg} items")
elif cmd == "stderr":        # one line on stderr per error record
    lines = [l for l in err if not re.match(r"quoth: \d+ documents, ", l)]
    if len(lines) != len(kinds["error"]):
        sys.exit(f"    {len(lines)} lines on stderr for {len(kinds['error'])} error records")
elif cmd == "spans":         # quotes are their bytes of their document's text
    texts = {}
    for r in recs:
        if r["type"] == "text":
            texts[r["doc"]] = r["text"].encode("utf-8")
        elif r["type"] == "quote":
            doc = texts[r["doc"]]
            for what, s in (("quote", r), ("mention", r.get("mention")), ("cue", r.get("cue"))):
                if s and doc[s["start"]:s["end"]].decode("utf-8", "replace") != s["text"]:
                    sys.exit(f"    {what} [{s['start']},{s['end']}) of {r['doc']} is not its bytes")
elif cmd == "one-error":     # one error record, for the file (at whatever line)
    if [e.get("doc") for e in kinds["error"]] != [path]:
        sys.exit(f"    error records {kinds['error']}, want one for {path}")
elif cmd == "quote":         # ARG is the text of a quote
    if not any(q["text"] == arg for q in kinds["quote"]):
        sys.exit(f"    no quote {arg!r}")
else:
    sys.exit(f"check.py: unknown check {cmd}")
PY
py() { python3 "$T/check.py" "$1" "$T" "${3:-}" "$2"; }

# promises NAME FILE ITEMS: what every case must give (see the top).
promises() {
    check "$1: one error record per error on stderr" py stderr "" "$2"
    check "$1: the summary is the output's, and adds up" py summary "$3" "$2"
    check "$1: spans are bytes of their text" py spans "" "$2"
}

# ---- the cases of tests/data/malformed/ --------------------------------------

# expect FILE KEY: the value of KEY in an .expect file, or "".
expect() { sed -n "s/^$2: *//p" "$1" | head -n 1; }

for exp in "$D"/*.expect; do
    base=${exp%.expect}
    name=${base##*/}
    input=$(ls "$base".* | grep -v '\.expect$' | head -n 1)
    # shellcheck disable=SC2046
    run $(expect "$exp" args) "$input"
    check "$name: exit status" rc_is "$(expect "$exp" status)"
    check "$name: error records" py errors "$(expect "$exp" errors)" "$input"
    check "$name: the good items processed" py docs "$(expect "$exp" docs)" "$input"
    promises "$name" "$input" "$(expect "$exp" items)"
done

# ---- compressed: whole, cut, garbage -----------------------------------------

# The bad lines compressed: the same records, errors and counts.
gzip -c "$D/jsonl-bad-lines.jsonl" >"$T/bad-lines.jsonl.gz"
zstd -q -c "$D/jsonl-bad-lines.jsonl" >"$T/bad-lines.jsonl.zst"
for f in "$T/bad-lines.jsonl.gz" "$T/bad-lines.jsonl.zst"; do
    run "$f"
    check "${f##*/}: exit status 1" rc_is 1
    check "${f##*/}: the error records of the plain file" \
        py errors "$(expect "$D/jsonl-bad-lines.expect" errors)" "$f"
    check "${f##*/}: the good records processed" py docs "m01|m14|m19" "$f"
    promises "${f##*/}" "$f" 20
done

# Two gzip members one after the other are one stream (gzip -c a b > c).
head -n 8 "$D/jsonl-bad-lines.jsonl" | gzip -c >"$T/members.jsonl.gz"
tail -n +9 "$D/jsonl-bad-lines.jsonl" | gzip -c >>"$T/members.jsonl.gz"
run "$T/members.jsonl.gz"
check "two gzip members: read as one file" \
    py errors "$(expect "$D/jsonl-bad-lines.expect" errors)" "$T/members.jsonl.gz"
promises "two gzip members" "$T/members.jsonl.gz" 20

# A JSONL file big enough that the decompressor has handed out most of it
# before the cut: libarchive drops the block (64-128 KiB) that a cut
# stream fails in, so what comes before that must be processed.
python3 -c '
import json, sys
with open(sys.argv[1], "w") as f:
    for i in range(3000):
        f.write(json.dumps({"id": "r%04d" % i, "text": "\"Record %d is in,\" said Nora Lind. " % i
                            + "Words to make the record longer than a line. " * 8}) + "\n")
' "$T/many.jsonl"
zstd -q -c "$T/many.jsonl" >"$T/many.zst"
xz -c "$T/many.jsonl" >"$T/many.xz"
bzip2 -c "$T/many.jsonl" >"$T/many.bz2"
for z in zst xz bz2; do
    size=$(wc -c <"$T/many.$z")
    head -c $((size * 3 / 4)) "$T/many.$z" >"$T/cut.jsonl.$z"
    run "$T/cut.jsonl.$z"
    check "cut $z JSONL: exit status 1" rc_is 1
    check "cut $z JSONL: one error record, naming the file" py one-error "" "$T/cut.jsonl.$z"
    check "cut $z JSONL: the error says the stream broke" err_has "cut.jsonl.$z:.*cannot read"
    check "cut $z JSONL: the records before the cut processed" py quote "Record 1000 is in," ""
    promises "cut $z JSONL" "$T/cut.jsonl.$z" ""
done

# Compressed text and HTML cut short: one error record for the file.
cp "$D/html-unclosed-tags.html" "$T/page.html"
for f in page.html; do
    gzip -c "$T/$f" | head -c 100 >"$T/cut-$f.gz"
    zstd -q -c "$T/$f" | head -c 100 >"$T/cut-$f.zst"
done
for f in "$T/cut-page.html.gz" "$T/cut-page.html.zst"; do
    run "$f"
    check "${f##*/}: exit status 1" rc_is 1
    check "${f##*/}: one error record naming the file" py errors "null:$f" "$f"
    promises "${f##*/}" "$f" 1
done

# Garbage behind a compression magic number, and garbage alone.
printf '\037\213\010\000\000\000\000\000\000\003this is not deflate data' >"$T/garbage.jsonl.gz"
printf '\050\265\057\375this is not a zstd frame' >"$T/garbage.jsonl.zst"
head -c 4096 /dev/urandom >"$T/random.bin"
for f in "$T/garbage.jsonl.gz" "$T/garbage.jsonl.zst"; do
    run "$f"
    check "${f##*/}: exit status 1" rc_is 1
    check "${f##*/}: one error record naming the file" py errors "null:$f" "$f"
    promises "${f##*/}" "$f" 1
done

# ---- WARC: compressed and cut, garbage ---------------------------------------

zstd -q -c "$D/warc-bad-payloads.warc" >"$T/payloads.warc.zst"
run "$T/payloads.warc.zst"
check "zstd WARC with bad payloads: the records of the plain file" \
    py errors "$(expect "$D/warc-bad-payloads.expect" errors | sed "s|FILE|$T/payloads.warc.zst|")" \
    "$T/payloads.warc.zst"
promises "zstd WARC with bad payloads" "$T/payloads.warc.zst" 13

# Cut inside the last record: everything before it is read.
size=$(wc -c <"$D/warc-bad-payloads.warc")
head -c $((size - 20)) "$D/warc-bad-payloads.warc" >"$T/cut.warc"
run "$T/cut.warc"
check "WARC cut in its last record: exit status 1" rc_is 1
check "WARC cut in its last record: the others read, the last an error" \
    py docs "https://m.test/chunk-ok|https://m.test/gzip-ok|<urn:uuid:none>" "$T/cut.warc"
check "WARC cut in its last record: its error names it" err_has "https://m.test/last"
promises "WARC cut in its last record" "$T/cut.warc" 13

# Random bytes read as a WARC: one error, for the file.
run --input warc "$T/random.bin"
check "random bytes as WARC: exit status 1" rc_is 1
check "random bytes as WARC: one error record naming the file" py errors "null:$T/random.bin" \
    "$T/random.bin"
promises "random bytes as WARC" "$T/random.bin" 1

# Garbage between every record: an error for each stretch, every record read.
python3 - "$D/warc-garbage-after.warc" "$T/striped.warc" <<'PY'
import sys
data = open(sys.argv[1], "rb").read().replace(b"GARBAGE, NOT A RECORD\r\n", b"")
recs = [b"WARC/" + r for r in data.split(b"WARC/") if r]
out = b"junk at the start\r\n"
for r in recs:
    out += r + b"\x00\x01 binary junk\r\nmore junk\r\n"
open(sys.argv[2], "wb").write(out)
PY
run "$T/striped.warc"
check "WARC with garbage around every record: exit status 1" rc_is 1
check "WARC with garbage around every record: one error per stretch" \
    py errors "null:FILE|null:FILE|null:FILE" "$T/striped.warc"
check "WARC with garbage around every record: every record read" \
    py docs "https://m.test/good1|https://m.test/good2" "$T/striped.warc"
promises "WARC with garbage around every record" "$T/striped.warc" 5

# Pages not in their charset, --repair-utf8: read to their end (as Latin-1
# from the first bad byte on), and libxml2 says nothing on stderr.
run -q --repair-utf8 "$D/warc-charset-cut.warc"
check "pages not in their charset, --repair-utf8: exit status 0" rc_is 0
check "pages not in their charset, --repair-utf8: read past the bad byte" \
    py quote "After the bad byte," ""
check "pages not in their charset, --repair-utf8: nothing on stderr" test ! -s "$T/err"

# ---- many files: one bad file does not stop the others -------------------------

run "$D/jsonl-bad-lines.jsonl" "$T/garbage.jsonl.gz" "$T/does-not-exist.jsonl" \
    "$D/warc-garbage-after.warc" "$D/html-unclosed-tags.html"
check "several files, some bad: exit status 1" rc_is 1
check "several files, some bad: every good item of every file" \
    py docs "m01|m14|m19|https://m.test/good1|https://m.test/good2|$D/html-unclosed-tags.html" ""
promises "several files, some bad" "" $((20 + 1 + 1 + 3 + 1))

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
