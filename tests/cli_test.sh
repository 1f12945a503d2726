#!/bin/sh
# cli_test.sh - the quoth command: options, input formats, error records,
# exit status, and byte offsets that match the input bytes.
#
#   sh tests/cli_test.sh build/quoth
#
# The flags and exit codes are those of `quoth --help` (cli/extract.c):
# 0 ok, 1 some documents were error records, 2 usage, 3 output/memory.
# JSON is checked with python3. Ends with the line `N passed, N failed`.

set -u
# check, run, rc_is, out_has...: tests/lib.sh.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"
setup cli "$@"

# py CHECK ARGS...: the JSON checks below, run on $T/out.
cat >"$T/check.py" <<'EOF'
import json, sys
sys.path.insert(0, "tests")
from records import records

def check_spans(doc, q):
    """text == doc[start:end] in bytes, and the same for mention and cue."""
    for what, span in (("quote", q), ("mention", q.get("mention")), ("cue", q.get("cue"))):
        if span is None:
            continue
        got = doc[span["start"]:span["end"]].decode("utf-8", "replace")
        if got != span["text"]:
            sys.exit(f"    {what} [{span['start']},{span['end']}) is {got!r}, text says {span['text']!r}")

def quotes_of(path, want_doc):
    recs = records(path)
    for r in recs:
        if r.get("type") != "quote":
            sys.exit(f"    unexpected record {r}")
        if r.get("doc") != want_doc:
            sys.exit(f"    doc is {r.get('doc')!r}, want {want_doc!r}")
        for key in ("start", "end", "text", "kind", "speaker", "mention", "cue", "confidence"):
            if key not in r:
                sys.exit(f"    quote lacks {key}: {r}")
    return recs

cmd, args = sys.argv[1], sys.argv[2:]
if cmd == "text":            # OUT FILE DOC_ID [MIN_QUOTES]
    out, path, doc_id = args[:3]
    doc = open(path, "rb").read()
    qs = quotes_of(out, doc_id)
    if len(qs) < int(args[3] if len(args) > 3 else 1):
        sys.exit(f"    only {len(qs)} quotes")
    for q in qs:
        check_spans(doc, q)
elif cmd == "same":          # OUT1 OUT2: same quotes, doc ignored
    a, b = (records(p) for p in args)
    for r in a + b:
        r.pop("doc", None)
    if a != b:
        sys.exit("    outputs differ")
elif cmd == "jsonl":         # OUT INPUT ID_PATH TEXT_PATH: quotes checked against their record
    out, inp, id_path, text_path = args
    def get(o, dotted):
        for part in dotted.split("."):
            o = o.get(part) if isinstance(o, dict) else None
        return o
    docs = {}
    for line in open(inp, encoding="utf-8"):
        if line.strip():
            rec = json.loads(line)
            docs[get(rec, id_path)] = get(rec, text_path).encode("utf-8")
    seen = []
    for q in records(out):
        if q.get("type") != "quote" or q.get("doc") not in docs:
            sys.exit(f"    unexpected record {q}")
        check_spans(docs[q["doc"]], q)
        if q["doc"] not in seen:
            seen.append(q["doc"])
    if seen != list(docs):
        sys.exit(f"    documents with quotes {seen}, want {list(docs)} in order")
elif cmd == "errors":        # OUT LINE[:ID] ...: error records for exactly these lines
    want = [a.split(":", 1) for a in args[1:]]
    errs = [r for r in records(args[0]) if r.get("type") == "error"]
    got = [["null" if e.get("line") is None else str(e["line"])]
           + ([e["doc"]] if e.get("doc") is not None else []) for e in errs]
    if got != want:
        sys.exit(f"    error records for {got}, want {want}")
    for e in errs:
        if not isinstance(e.get("message"), str) or not e["message"]:
            sys.exit(f"    error record without a message: {e}")
elif cmd == "docs":          # OUT DOC...: the docs that have quotes, in order
    seen = []
    for r in records(args[0]):
        if r.get("type") == "quote" and r["doc"] not in seen:
            seen.append(r["doc"])
    if seen != args[1:]:
        sys.exit(f"    quotes for {seen}, want {args[1:]}")
elif cmd == "no-indirect":   # OUT
    if any(r.get("kind") == "indirect" for r in records(args[0])):
        sys.exit("    an indirect quote with --no-indirect")
else:
    sys.exit(f"check.py: unknown check {cmd}")
EOF
py() { python3 "$T/check.py" "$@"; }

ARTICLE=examples/council-vote.txt
VERSION=$(sed -n 's/^#define QUOTH_VERSION_STRING "\(.*\)"$/\1/p' include/quoth.h)

# ---- help, version, usage ---------------------------------------------------

run --help
check "--help exits 0" rc_is 0
check "--help prints usage" out_has "Usage:"
check "--help lists --id-field" out_has "--id-field"
for opt in --input --id-field --text-field --extra-fields --max-doc-bytes --strict-utf8 \
           --repair-utf8 --no-indirect --thoughts --min-confidence --jobs --format --emit-text \
           --quiet --help --version; do
    check "--help explains $opt" out_has "^  .*$opt"
done
for sub in extract index search speakers serve; do
    check "--help lists the command $sub" out_has "^  $sub "
done
check "--help points to each command's own help" out_has "quoth COMMAND --help"
run -h
check "-h exits 0" rc_is 0
run --version
check "--version exits 0" rc_is 0
check "--version prints $VERSION" out_has "$VERSION"
run -V
check "-V exits 0" rc_is 0

run --no-such-option "$ARTICLE"
check "unknown option exits 2" rc_is 2
check "unknown option prints nothing on stdout" out_empty
check "unknown option explains on stderr" err_nonempty
run --input xml "$ARTICLE"
check "bad --input value exits 2" rc_is 2
run --format
check "missing option value exits 2" rc_is 2

# ---- text input -------------------------------------------------------------

run --format jsonl "$ARTICLE"
check "text file exits 0" rc_is 0
check "text file: byte offsets match the file" py text "$T/out" "$ARTICLE" "$ARTICLE" 5
cp "$T/out" "$T/file.jsonl"

run "$ARTICLE"
check "jsonl is the default when stdout is not a terminal" py same "$T/out" "$T/file.jsonl"

run --format jsonl <"$ARTICLE"
check "stdin exits 0" rc_is 0
check "stdin: doc is -" py text "$T/out" "$ARTICLE" "-" 5
check "stdin gives the same quotes as the file" py same "$T/out" "$T/file.jsonl"

run --format jsonl - <"$ARTICLE"
check "- reads stdin" py same "$T/out" "$T/file.jsonl"

# A CRLF file: offsets are still into the bytes as given.
sed 's/$/\r/' "$ARTICLE" >"$T/crlf.txt"
run --format jsonl "$T/crlf.txt"
check "CRLF file exits 0" rc_is 0
check "CRLF file: byte offsets match the file" py text "$T/out" "$T/crlf.txt" "$T/crlf.txt" 5

run --format jsonl "$ARTICLE" "$T/crlf.txt"
check "two files: quotes of both, in order" py docs "$T/out" "$ARTICLE" "$T/crlf.txt"

run --format jsonl --no-indirect "$ARTICLE"
check "--no-indirect exits 0" rc_is 0
check "--no-indirect: no indirect quotes" py no-indirect "$T/out"

run --format text "$ARTICLE"
check "--format text exits 0" rc_is 0
check "--format text prints something" test -s "$T/out"

: >"$T/empty.txt"
run --format jsonl "$T/empty.txt"
check "empty file exits 0" rc_is 0
check "empty file: no output" out_empty

run --format jsonl "$T/does-not-exist.txt" "$ARTICLE"
check "missing file exits 1" rc_is 1
check "missing file: one error record" py errors "$T/out" "null:$T/does-not-exist.txt"
check "missing file: the other file is still processed" py docs "$T/out" "$ARTICLE"
check "missing file: message on stderr" err_nonempty

# ---- invalid UTF-8 ----------------------------------------------------------

printf '"All good," said Tom Oduya.\n"Bad \377 byte," said Priya Raman.\n' >"$T/bad.txt"
run --format jsonl "$T/bad.txt"
check "invalid UTF-8 exits 1 (strict by default)" rc_is 1
check "invalid UTF-8: error record at line 2" py errors "$T/out" "2:$T/bad.txt"
check "invalid UTF-8: message on stderr" err_nonempty
run --format jsonl --strict-utf8 "$T/bad.txt"
check "--strict-utf8 exits 1" rc_is 1
run --format jsonl --repair-utf8 "$T/bad.txt"
check "--repair-utf8 exits 0" rc_is 0
check "--repair-utf8: processed, offsets match" py text "$T/out" "$T/bad.txt" "$T/bad.txt" 2

# ---- JSONL input ------------------------------------------------------------

cat >"$T/in.jsonl" <<'EOF'
{"key": "a1", "body": "“We owe the Eastside a bridge,” José Peña said.\n“Not another study.”"}

{"key": "a2", "body": "\"Fares will not rise,\" Northfield Transit said in a statement."}
EOF
run --input jsonl --id-field key --text-field body "$T/in.jsonl"
check "--id-field/--text-field exits 0" rc_is 0
check "--id-field/--text-field: offsets into each text" py jsonl "$T/out" "$T/in.jsonl" key body

cat >"$T/nested.jsonl" <<'EOF'
{"meta": {"id": "n1"}, "article": {"body": "\"Yes,\" said Tom Oduya."}}
EOF
run --input jsonl --id-field meta.id --text-field article.body "$T/nested.jsonl"
check "dotted field names exit 0" rc_is 0
check "dotted field names reach nested fields" py jsonl "$T/out" "$T/nested.jsonl" meta.id article.body

cp "$T/in.jsonl" "$T/in.ndjson"
run "$T/in.ndjson" --id-field key --text-field body
check ".ndjson is read as JSONL" py jsonl "$T/out" "$T/in.jsonl" key body

# Line 2 is not JSON, 3 has no text, 4 has a number for text; 1 and 5 are good.
cat >"$T/mixed.jsonl" <<'EOF'
{"id": "good1", "text": "\"The plan works,\" said Tom Oduya."}
{"id": "broken", "text": "no closing brace"
{"id": "notext", "body": "\"Hello,\" she said."}
{"id": "number", "text": 42}
{"id": "good2", "text": "\"The plan fails,\" said Priya Raman."}
EOF
run --input jsonl "$T/mixed.jsonl"
check "bad records exit 1" rc_is 1
check "bad records: one error record each, with line numbers" \
    py errors "$T/out" 2 3:notext 4:number
check "bad records: the good records are still processed" py docs "$T/out" good1 good2
check "bad records: messages on stderr" err_nonempty

printf '{"id": "u", "text": "\\"Bad \\udc00 half,\\" said Tom Oduya."}\n' >"$T/surrogate.jsonl"
run --input jsonl "$T/surrogate.jsonl"
check "a lone surrogate escape in JSONL exits 1" rc_is 1
check "a lone surrogate escape in JSONL: an error record" py errors "$T/out" 1

# What json-c would take but JSON does not is refused, so that no such
# value reaches the output through --extra-fields.
{
    printf '{"id": "nan", "text": "\\"Yes,\\" she said.", "url": NaN}\n'
    printf '{"id": "lead0", "text": "\\"Yes,\\" she said.", "url": 01}\n'
    printf '{"id": "dot", "text": "\\"Yes,\\" she said.", "url": 1.}\n'
    printf '{"id": "quote1", "text": "\\"Yes,\\" she said.", \047url\047: 1}\n'
    printf '{"id": "tab", "text": "\\"Yes,\\"\tshe said."}\n'
    printf '{"id": "real", "text": "\\"Yes,\\" she said.", "url": -1.50e+3}\n'
} >"$T/lenient.jsonl"
run --input jsonl --extra-fields url "$T/lenient.jsonl"
check "JSON that json-c alone would take: exits 1" rc_is 1
check "JSON that json-c alone would take: an error record each" py errors "$T/out" 1 2 3 4 5
check "JSON that json-c alone would take: the valid record, its real as written" \
    out_has '"url":-1.50e+3'

: >"$T/empty.jsonl"
run --input jsonl "$T/empty.jsonl"
check "empty JSONL exits 0" rc_is 0
check "empty JSONL: no output" out_empty

# ---- limits -----------------------------------------------------------------

run --format jsonl --max-doc-bytes 10 "$ARTICLE"
check "--max-doc-bytes: too big exits 1" rc_is 1
check "--max-doc-bytes: an error record" py errors "$T/out" "null:$ARTICLE"
run --max-doc-bytes 10X "$ARTICLE"
check "--max-doc-bytes with a bad size exits 2" rc_is 2
run --min-confidence 2 "$ARTICLE"
check "--min-confidence out of range exits 2" rc_is 2

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
