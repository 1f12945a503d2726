#!/bin/sh
# golden.sh - whole-document output checks.
#
#   sh tests/golden.sh [QUOTH_BINARY]            check (default build/quoth)
#   sh tests/golden.sh --update [QUOTH_BINARY]   rewrite tests/golden/*.jsonl
#
# 1. The seed article, $SHARED/examples/simmons-lumet.txt (SHARED defaults
#    to ../shared), against its gold answer simmons-lumet.gold.jsonl: every
#    quote field by field (kind, start, end, text, speaker, mention, cue),
#    all but confidence. Gold offsets are code points; quoth's are UTF-8
#    bytes, so gold is converted. Neither file is copied into this repo.
# 2. Each examples/NAME.txt against tests/golden/NAME.jsonl, byte for byte.
#    A missing golden is skipped with a message, not failed: goldens are
#    written with --update only once the output has been reviewed as right,
#    never just to make the check pass.
#
# Ends with `N passed, N failed`; run from anywhere.

set -u
update=0
if [ "${1:-}" = "--update" ]; then
    update=1
    shift
fi
case "${1:-build/quoth}" in
/*) Q=${1:-build/quoth} ;;
*) Q=$(pwd)/${1:-build/quoth} ;;
esac
cd "$(dirname "$0")/.." || exit 2
SHARED=${SHARED:-../shared}
T=$(mktemp -d "${TMPDIR:-/tmp}/quoth-golden.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT INT TERM

if [ ! -x "$Q" ]; then
    echo "golden: $Q is not an executable (make build/quoth)" >&2
    echo "0 passed, 1 failed"
    exit 1
fi

if [ "$update" -eq 1 ]; then
    for txt in examples/*.txt; do
        name=$(basename "$txt" .txt)
        "$Q" --format jsonl "$txt" >"tests/golden/$name.jsonl"
        echo "wrote tests/golden/$name.jsonl: review it (git diff) before committing"
    done
    exit 0
fi

passed=0
failed=0

# ---- 1. the seed article against its gold answer ---------------------------

seed=$SHARED/examples/simmons-lumet.txt
gold=$SHARED/examples/simmons-lumet.gold.jsonl
if [ -f "$seed" ] && [ -f "$gold" ]; then
    "$Q" --format jsonl "$seed" >"$T/seed.jsonl" 2>"$T/seed.err"
    python3 - "$gold" "$T/seed.jsonl" >"$T/seed.result" <<'PY'
import json, sys

gold_doc = json.loads(open(sys.argv[1], encoding="utf-8").readline())
text = gold_doc["text"]
system = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8") if l.strip()]
system = [q for q in system if q.get("type") == "quote"]

# Code point offset -> UTF-8 byte offset.
byte_at = [0]
for ch in text:
    byte_at.append(byte_at[-1] + len(ch.encode("utf-8")))

def span(s):
    if s is None:
        return None
    return {"start": byte_at[s["start"]], "end": byte_at[s["end"]], "text": s["text"]}

def expected(g):
    return {"kind": g["kind"], "start": byte_at[g["start"]], "end": byte_at[g["end"]],
            "text": g["quote"], "speaker": g["speaker"],
            "mention": span(g["mention"]), "cue": span(g["cue"])}

def actual(q):
    return {k: q.get(k) for k in ("kind", "start", "end", "text", "speaker", "mention", "cue")}

passed = failed = 0
by_span = {(q["start"], q["end"]): q for q in system}
used = set()
for i, g in enumerate(gold_doc["quotes"]):
    want = expected(g)
    key = (want["start"], want["end"])
    label = f"gold quote {i + 1} [{key[0]},{key[1]}) {want['text'][:40]!r}"
    q = by_span.get(key)
    if q is None:
        failed += 1
        print(f"FAIL: {label}: not found")
        continue
    used.add(key)
    got = actual(q)
    # SPEC lists ":" among the cues, for a colon introduction with no
    # verb; the gold file, older, has null there. Accept both.
    if want["cue"] is None and got["cue"] is not None and got["cue"]["text"] == ":":
        print(f"note: {label}: cue ':' where gold has null (accepted)")
        got["cue"] = None
    diffs = [f"{k}: got {got[k]!r}, want {want[k]!r}" for k in want if got[k] != want[k]]
    if diffs:
        failed += 1
        print(f"FAIL: {label}")
        for d in diffs:
            print(f"    {d}")
    else:
        passed += 1
for q in system:
    if (q["start"], q["end"]) not in used:
        failed += 1
        print(f"FAIL: extra quote [{q['start']},{q['end']}) {q.get('kind')} {q.get('text', '')[:40]!r}")
print(f"{passed} {failed}")
PY
    sed '$d' "$T/seed.result"
    # shellcheck disable=SC2046 # two numbers, split on purpose
    set -- $(tail -n 1 "$T/seed.result")
    if [ $# -eq 2 ]; then
        passed=$((passed + $1))
        failed=$((failed + $2))
    else
        echo "FAIL: comparing the seed article crashed"
        cat "$T/seed.err"
        failed=$((failed + 1))
    fi
else
    echo "FAIL: seed article or gold not found under $SHARED/examples (set SHARED)"
    failed=$((failed + 1))
fi

# ---- 2. our examples against their goldens ----------------------------------

for txt in examples/*.txt; do
    [ -f "$txt" ] || continue
    name=$(basename "$txt" .txt)
    want=tests/golden/$name.jsonl
    if [ ! -f "$want" ]; then
        echo "SKIP: $txt has no golden yet; once its output is confirmed right, run"
        echo "      sh tests/golden.sh --update"
        continue
    fi
    "$Q" --format jsonl "$txt" >"$T/$name.jsonl" 2>"$T/$name.err"
    if cmp -s "$want" "$T/$name.jsonl"; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL: $txt differs from $want:"
        diff "$want" "$T/$name.jsonl" | head -40
    fi
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
