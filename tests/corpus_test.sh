#!/bin/sh
# corpus_test.sh - corpus-scale input: compressed files, HTML, WARC,
# directories and standard input; -j N output equal to -j 1; error records
# for truncated, malformed and non-UTF-8 input; --max-doc-bytes; progress
# and summary on stderr.
#
#   sh tests/corpus_test.sh build/quoth
#
# The articles in tests/data/corpus/ are invented. WARC files, compressed
# copies and broken variants are made here, with python3, gzip and zstd.
# Ends with the line `N passed, N failed`.

set -u
# check, run, rc_is, err_has, same...: tests/lib.sh.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"
setup corpus "$@"
D=tests/data/corpus

# ---- test data ----------------------------------------------------------------

# make.py DIR: WARC files and JSONL variants made from the articles in $D.
cat >"$T/make.py" <<'PY'
import gzip, json, os, sys

src, out = sys.argv[1], sys.argv[2]
read = lambda name: open(os.path.join(src, name), "rb").read()

def record(kind, uri, block, ctype):
    head = ["WARC/1.1", "WARC-Type: " + kind, "WARC-Date: 2024-03-05T10:00:00Z",
            "WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-%012d>" % len(block)]
    if uri:
        head.append("WARC-Target-URI: " + uri)
    head += ["Content-Type: " + ctype, "Content-Length: %d" % len(block)]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + block + b"\r\n\r\n"

def response(uri, ctype, body, extra=""):
    http = ("HTTP/1.1 200 OK\r\nContent-Type: %s\r\n%sContent-Length: %d\r\n\r\n"
            % (ctype, extra, len(body))).encode()
    return record("response", uri, http + body, "application/http; msgtype=response")

def chunked(data, size=100):
    parts = [b"%x\r\n%s\r\n" % (len(data[i:i + size]), data[i:i + size])
             for i in range(0, len(data), size)]
    return b"".join(parts) + b"0\r\n\r\n"

latin1 = ('<html><body><p>"The café on the pier will close in May," said Zoë Martin, '
          'who has run it since 1998.</p></body></html>').encode("latin-1")
last = b'<p>"We will rebuild the dunes before summer," the mayor said on Thursday.</p>'
records = [
    record("warcinfo", None, b"software: corpus_test\r\nformat: WARC File Format 1.1\r\n",
           "application/warc-fields"),
    record("request", "https://coastal.example/news/harbour?ref=front",
           b"GET /news/harbour?ref=front HTTP/1.1\r\nHost: coastal.example\r\n\r\n",
           "application/http; msgtype=request"),
    response("https://coastal.example/news/harbour?ref=front", "text/html; charset=utf-8",
             read("harbour.html")),
    response("https://cdn.coastal.example/logo.png", "image/png", b"\x89PNG\r\n\x1a\n\x00\x01"),
    record("resource", "urn:x-crawl:log", b'"Not a document," said the crawler.', "text/plain"),
    response("https://northfield.example/council.txt", "text/plain; charset=utf-8",
             chunked(gzip.compress(read("council.txt"), mtime=0)),
             "Transfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n"),
    response("https://coastal.example/old/cafe", 'text/html; charset="ISO-8859-1"', latin1),
    response("https://northfield.example/broken.txt", "text/plain",
             b'"All good," said Tom Oduya.\n"Bad \xff byte," said Priya Raman.\n'),
    record("metadata", "https://coastal.example/news/harbour?ref=front",
           b"outlinks: https://coastal.example/\r\n", "application/warc-fields"),
    # Bulk that is not a document: libarchive hands out gzip data in 64 KiB
    # blocks and drops the block in which a truncated stream fails, so the
    # cut below must come well after the documents that are to survive it.
    response("https://cdn.coastal.example/photo.jpg", "image/jpeg",
             bytes((i * 7919 + 13) % 251 for i in range(100000))),
    response("https://coastal.example/news/last", "text/html", last),
]
plain = b"".join(records)
per_record = b"".join(gzip.compress(r, mtime=0) for r in records)
open(os.path.join(out, "crawl.warc"), "wb").write(plain)
open(os.path.join(out, "crawl.warc.gz"), "wb").write(per_record)
# Cut inside the payload of the last record.
open(os.path.join(out, "cut.warc"), "wb").write(plain[:len(plain) - 40])
open(os.path.join(out, "cut.warc.gz"), "wb").write(per_record[:len(per_record) - 30])

# Many records with distinct ids, for -j and for a cut gzip stream.
lines = [json.loads(l) for l in read("articles.jsonl").decode().splitlines()]
with open(os.path.join(out, "many.jsonl"), "w") as f:
    for i in range(400):
        rec = dict(lines[i % 3])
        rec["meta"] = dict(rec["meta"], id="many-%03d" % i)
        f.write(json.dumps(rec, ensure_ascii=False) + "\n")
many = gzip.compress(open(os.path.join(out, "many.jsonl"), "rb").read(), mtime=0)
open(os.path.join(out, "cut.jsonl.gz"), "wb").write(many[:len(many) * 9 // 10])

# Bad records among good ones: not JSON, no text field, invalid UTF-8, too long.
with open(os.path.join(out, "bad.jsonl"), "wb") as f:
    f.write(b'{"id": "good1", "text": "\\"The plan works,\\" said Tom Oduya."}\n')
    f.write(b'{"id": "broken", "text": "no closing brace"\n')
    f.write(b'{"id": "notext", "body": "\\"Hello,\\" she said."}\n')
    f.write(b'{"id": "latin1", "text": "\\"Caf\xe9 prices rise,\\" said Ana Ruiz."}\n')
    f.write(b'{"id": "long", "text": "' + b"word " * 4000 + b'"}\n')
    f.write(b'{"id": "good2", "text": "\\"The plan fails,\\" said Priya Raman."}\n')

# A page that says it is UTF-8 but is not.
open(os.path.join(out, "lying.html"), "wb").write(
    b'<html><head><meta charset="utf-8"></head><body><p>"Caf\xe9," she said.</p></body></html>')
PY
python3 "$T/make.py" "$D" "$T" || { echo "corpus_test: cannot make the test data" >&2; echo "0 passed, 1 failed"; exit 1; }
for f in council.txt articles.jsonl harbour.html; do
    gzip -9n <"$D/$f" >"$T/$f.gz"
    zstd -q <"$D/$f" >"$T/$f.zst"
done
zstd -q <"$T/crawl.warc" >"$T/crawl.warc.zst"

# check.py CHECK OUT ARGS...: checks on quoth's JSON lines in OUT.
cat >"$T/check.py" <<'PY'
import json, sys
sys.path.insert(0, "tests")
from records import records

def of_type(recs, t):
    return [r for r in recs if r.get("type") == t]

def in_order(items):
    seen = []
    for x in items:
        if x not in seen:
            seen.append(x)
    return seen

cmd, out, args = sys.argv[1], sys.argv[2], sys.argv[3:]
recs = records(out)
if cmd == "docs":            # DOC...: the docs with quotes, in order
    got = in_order(r["doc"] for r in of_type(recs, "quote"))
    if got != args:
        sys.exit(f"    quotes for {got}, want {args}")
elif cmd == "texts":         # DOC...: the --emit-text records, in order
    got = [r["doc"] for r in of_type(recs, "text")]
    if got != args:
        sys.exit(f"    text records for {got}, want {args}")
elif cmd == "spans":         # every quote, mention and cue is its bytes in the text record
    texts = {}
    for r in recs:
        if r.get("type") == "text":
            texts[r["doc"]] = r["text"].encode("utf-8")
        elif r.get("type") == "quote":
            doc = texts.get(r["doc"])
            if doc is None:
                sys.exit(f"    quote before the text of {r['doc']}")
            for what, span in (("quote", r), ("mention", r.get("mention")), ("cue", r.get("cue"))):
                if span is not None and doc[span["start"]:span["end"]].decode("utf-8", "replace") != span["text"]:
                    sys.exit(f"    {what} {span['start']}:{span['end']} of {r['doc']} is not {span['text']!r}")
    if not of_type(recs, "quote"):
        sys.exit("    no quotes")
elif cmd == "has" or cmd == "lacks":   # DOC STRING: the text record of DOC has / lacks STRING
    text = next((r["text"] for r in of_type(recs, "text") if r["doc"] == args[0]), None)
    if text is None:
        sys.exit(f"    no text record for {args[0]}")
    if (args[1] in text) != (cmd == "has"):
        sys.exit(f"    text of {args[0]} {'lacks' if cmd == 'has' else 'has'} {args[1]!r}")
elif cmd == "quote":         # DOC TEXT: DOC has a quote whose text is TEXT
    if not any(r["doc"] == args[0] and r["text"] == args[1] for r in of_type(recs, "quote")):
        sys.exit(f"    no quote {args[1]!r} in {args[0]}")
elif cmd == "errors":        # LINE[:DOC]...: error records for exactly these
    errs = of_type(recs, "error")
    got = [["null" if e.get("line") is None else str(e["line"])]
           + ([e["doc"]] if e.get("doc") is not None else []) for e in errs]
    want = [a.split(":", 1) for a in args]
    if got != want:
        sys.exit(f"    error records {got}, want {want}")
    if not all(isinstance(e.get("message"), str) and e["message"] for e in errs):
        sys.exit("    an error record without a message")
elif cmd == "extras":        # INPUT [TYPE]: each quote (or TYPE) record carries the
    want = {}                # meta.url, title and meta.date of its input record
    for line in open(args[0], encoding="utf-8"):
        rec = json.loads(line)
        want[rec["meta"]["id"]] = {"meta.url": rec["meta"]["url"], "title": rec["title"],
                                   "meta.date": rec["meta"]["date"], "missing": None}
    kind = args[1] if len(args) > 1 else "quote"
    quotes = of_type(recs, kind)
    for q in quotes:
        got = {k: q.get(k, "ABSENT") for k in want[q["doc"]]}
        if got != want[q["doc"]]:
            sys.exit(f"    {kind} record of {q['doc']} carries {got}, want {want[q['doc']]}")
    if kind == "text" and sorted(r["doc"] for r in quotes) != sorted(want):
        sys.exit(f"    text records for {[r['doc'] for r in quotes]}, want one for each of {sorted(want)}")
    if not quotes:
        sys.exit(f"    no {kind} records")
elif cmd == "count":         # TYPE N: exactly N records of TYPE
    if len(of_type(recs, args[0])) != int(args[1]):
        sys.exit(f"    {len(of_type(recs, args[0]))} {args[0]} records, want {args[1]}")
else:
    sys.exit(f"check.py: unknown check {cmd}")
PY
py() { python3 "$T/check.py" "$@"; }

HARBOUR=https://coastal.example/news/harbour?ref=front
COUNCIL=https://northfield.example/council.txt
CAFE=https://coastal.example/old/cafe
BROKEN=https://northfield.example/broken.txt
LAST=https://coastal.example/news/last
PHOTO=https://cdn.coastal.example/photo.jpg
JSONL_OPTS="--id-field meta.id --text-field article.body"

# ---- compressed input ---------------------------------------------------------

for f in council.txt articles.jsonl harbour.html; do
    run -q --format jsonl $JSONL_OPTS "$D/$f"
    sed 's/"doc":"[^"]*",//' "$T/out" >"$T/plain.quotes"
    for z in gz zst; do
        run -q --format jsonl $JSONL_OPTS "$T/$f.$z"
        check "$f.$z exits 0" rc_is 0
        sed 's/"doc":"[^"]*",//' "$T/out" >"$T/z.quotes"
        check "$f.$z gives the quotes of $f" same "$T/plain.quotes" "$T/z.quotes"
    done
done
check "gzip text: doc is the file name" py docs "$T/out" "$T/harbour.html.zst"

# ---- JSONL: nested fields, extra fields, stdin ----------------------------------

run -q $JSONL_OPTS --extra-fields meta.url,title,meta.date,missing "$D/articles.jsonl"
check "--extra-fields exits 0" rc_is 0
check "--extra-fields: each quote carries its record's fields, null if missing" \
    py extras "$T/out" "$D/articles.jsonl"
run -q --emit-text $JSONL_OPTS --extra-fields meta.url,title,meta.date,missing "$D/articles.jsonl"
check "--extra-fields --emit-text exits 0" rc_is 0
check "--extra-fields: each text record carries its record's fields too" \
    py extras "$T/out" "$D/articles.jsonl" text
check "--extra-fields --emit-text: the quotes still carry them" \
    py extras "$T/out" "$D/articles.jsonl"
check "--extra-fields --emit-text: offsets still into each record's text" py spans "$T/out"
run -q $JSONL_OPTS --extra-fields "url,,title" "$D/articles.jsonl"
check "--extra-fields with an empty name exits 2" rc_is 2
run -q $JSONL_OPTS --extra-fields "url,text" "$D/articles.jsonl"
check "--extra-fields naming a key of quote records exits 2" rc_is 2

run -q --emit-text $JSONL_OPTS <"$T/articles.jsonl.gz"
check "gzip JSONL on stdin exits 0" rc_is 0
check "gzip JSONL on stdin is read as JSONL" py texts "$T/out" ledger-001 ledger-002 ledger-003
check "JSONL: offsets into each record's text" py spans "$T/out"

# ---- HTML -----------------------------------------------------------------------

run -q --emit-text "$D/harbour.html"
check "HTML exits 0" rc_is 0
check "HTML: offsets into the extracted text" py spans "$T/out"
check "HTML: headline and paragraphs kept" py has "$T/out" "$D/harbour.html" \
    "Harbour dredging to resume in March

Dredging of the Port Alder"
check "HTML: entities decoded, inline tags dropped" py has "$T/out" "$D/harbour.html" \
    '"It is about time," said Pavel Novak, who has fished the bay for thirty years.'
for junk in "script text" "said nobody" "late script" "Home" "sidebar" "All rights reserved" \
    "color:" "The Coastal Ledger"; do
    check "HTML: no '$junk' from script, style, head, nav, aside, footer" \
        py lacks "$T/out" "$D/harbour.html" "$junk"
done
check "HTML: quotes found" py quote "$T/out" "$D/harbour.html" "We cannot let the channel silt up again,"

run -q "$T/lying.html"
check "HTML that is not in its charset exits 1" rc_is 1
check "HTML that is not in its charset: an error record" py errors "$T/out" "null:$T/lying.html"
run -q --repair-utf8 "$T/lying.html"
check "HTML that is not in its charset, --repair-utf8: exits 0" rc_is 0

# ---- WARC -----------------------------------------------------------------------

for w in crawl.warc crawl.warc.gz crawl.warc.zst; do
    run -q --emit-text "$T/$w"
    check "$w exits 1 (one payload is not UTF-8)" rc_is 1
    check "$w: a document per HTML or text response, id the full URI" \
        py texts "$T/out" "$HARBOUR" "$COUNCIL" "$CAFE" "$LAST"
    check "$w: offsets into the extracted texts" py spans "$T/out"
    check "$w: the non-UTF-8 payload is an error record with its URI and line" \
        py errors "$T/out" "2:$BROKEN"
    check "$w: stderr names the file and the URI" err_has "$T/$w: $BROKEN:2:"
done
check "WARC: chunked, gzip-encoded text payload read" py quote "$T/out" "$COUNCIL" \
    "Residents deserve a straight answer."
check "WARC: ISO-8859-1 page read in its charset" py quote "$T/out" "$CAFE" \
    "The café on the pier will close in May,"

run -q --input warc "$T/crawl.warc" --max-doc-bytes 1K
check "WARC, --max-doc-bytes: too big exits 1" rc_is 1
check "WARC, --max-doc-bytes: an error record with the URI, the rest processed" \
    py errors "$T/out" "null:$HARBOUR" "2:$BROKEN"
check "WARC, --max-doc-bytes: the rest processed" py docs "$T/out" "$COUNCIL" "$CAFE" "$LAST"

for w in cut.warc cut.warc.gz; do
    run -q "$T/$w"
    check "truncated $w exits 1" rc_is 1
    check "truncated $w: the records before it processed" py docs "$T/out" "$HARBOUR" "$COUNCIL" "$CAFE"
done
# Uncompressed, the cut is found in the record it cuts; gzip reports it a
# block earlier, while the photo before it is read.
check "truncated cut.warc.gz: an error record for the record being read" \
    py errors "$T/out" "2:$BROKEN" "null:$PHOTO"
run -q "$T/cut.warc"
check "truncated cut.warc: an error record for the cut record" py errors "$T/out" "2:$BROKEN" "null:$LAST"

printf 'WARC/1.0\r\nWARC-Type: response\r\n\r\nno length' >"$T/nolength.warc"
run -q "$T/nolength.warc"
check "a WARC record without Content-Length exits 1" rc_is 1
check "a WARC record without Content-Length: an error record" py errors "$T/out" "null:$T/nolength.warc"

# ---- bad JSONL ----------------------------------------------------------------------

run -q --max-doc-bytes 8K "$T/bad.jsonl"
check "bad JSONL exits 1" rc_is 1
check "bad JSONL: one error record per bad line: not JSON, no text, not UTF-8, too long" \
    py errors "$T/out" 2 3:notext 4 5
check "bad JSONL: the good records processed" py docs "$T/out" good1 good2

run -q $JSONL_OPTS "$T/cut.jsonl.gz"
check "truncated gzip JSONL exits 1" rc_is 1
check "truncated gzip JSONL: one error record, naming the file" py count "$T/out" error 1
check "truncated gzip JSONL: the error record names the file" err_has "$T/cut.jsonl.gz:[0-9]*: cannot read"
check "truncated gzip JSONL: the records before the cut processed" py quote "$T/out" many-100 \
    "Students asked for this for years,"

# ---- directories --------------------------------------------------------------------

mkdir -p "$T/tree/b/c" "$T/tree/.hidden"
cp "$D/council.txt" "$T/tree/a.txt"
cp "$T/harbour.html.gz" "$T/tree/b/c/page.html.gz"
cp "$T/crawl.warc.gz" "$T/tree/b/crawl.warc.gz"
cp "$D/council.txt" "$T/tree/.hidden/skip.txt"
cp "$D/council.txt" "$T/tree/.skip.txt"
run -q --emit-text "$T/tree"
check "directory exits 1 (the WARC's bad payload)" rc_is 1
check "directory: files in name order, recursively, dot names skipped" \
    py texts "$T/out" "$T/tree/a.txt" "$T/tree/b/c/page.html.gz" \
    "$HARBOUR" "$COUNCIL" "$CAFE" "$LAST"
check "directory: offsets into each text" py spans "$T/out"

# ---- -j N gives the output of -j 1 --------------------------------------------------

mkdir -p "$T/mix"
cp "$T/many.jsonl" "$T/bad.jsonl" "$T/cut.jsonl.gz" "$T/crawl.warc" "$T/cut.warc.gz" \
    "$T/lying.html" "$T/articles.jsonl.zst" "$T/mix/"
cp -r "$T/tree" "$T/mix/tree"
for fmt in jsonl text; do
    "$Q" -j 1 -q --format $fmt --emit-text --max-doc-bytes 8K $JSONL_OPTS "$T/mix" >"$T/j1.out" 2>"$T/j1.err"
    echo $? >"$T/j1.rc"
    for j in 2 4; do
        "$Q" -j $j -q --format $fmt --emit-text --max-doc-bytes 8K $JSONL_OPTS "$T/mix" >"$T/jn.out" 2>"$T/jn.err"
        echo $? >"$T/jn.rc"
        check "-j $j: stdout ($fmt) the same as -j 1" same "$T/j1.out" "$T/jn.out"
        check "-j $j: stderr ($fmt) the same as -j 1" same "$T/j1.err" "$T/jn.err"
        check "-j $j: exit status the same as -j 1" same "$T/j1.rc" "$T/jn.rc"
    done
done
"$Q" -j 1 -q $JSONL_OPTS "$T/many.jsonl" >"$T/j1.out"
run -j4 --quiet $JSONL_OPTS "$T/many.jsonl"
check "-j4 (value attached) exits 0" rc_is 0
check "-j4: the output of -j 1" same "$T/j1.out" "$T/out"
run -j x "$T/many.jsonl"
check "-j with a bad count exits 2" rc_is 2

# ---- summary and progress -------------------------------------------------------------

run $JSONL_OPTS "$T/many.jsonl"
check "summary on stderr at the end" err_has "^quoth: 400 documents, [0-9]* quotes, 0 errors, [0-9.]* s, [0-9.]* MB/s$"
run -q $JSONL_OPTS "$T/many.jsonl"
check "--quiet: nothing on stderr" test ! -s "$T/err"
check "not a terminal: no progress line" sh -c "! grep -q \"\$(printf '\\r')\" '$T/err'"

# On a terminal (script(1) makes one), a progress line is drawn once a
# moment has passed: here, while standard input pauses.
if command -v script >/dev/null 2>&1; then
    cat >"$T/slow.sh" <<SH
(cat "$T/many.jsonl"; sleep 1; cat "$T/articles.jsonl.gz" | gzip -dc) | "$Q" -j2 $JSONL_OPTS >/dev/null
SH
    script -qec "sh '$T/slow.sh'" /dev/null >"$T/tty" 2>&1 </dev/null
    check "terminal: a progress line with documents, quotes and MB/s" \
        grep -q "quoth: [0-9]* documents, [0-9]* quotes, [0-9.]* MB/s" "$T/tty"
    check "terminal: the summary after it" grep -q "403 documents" "$T/tty"
fi

# ---- a reader that goes away ----------------------------------------------------------

"$Q" -j2 $JSONL_OPTS "$T/many.jsonl" "$T/many.jsonl" "$T/many.jsonl" 2>"$T/err" | head -n 1 >/dev/null
check "closed pipe with threads: silent" test ! -s "$T/err"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
