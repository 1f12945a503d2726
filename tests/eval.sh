#!/bin/sh
# eval.sh - score quoth against the annotated data in $SHARED.
#
#   sh tests/eval.sh build/quoth          (make eval)
#
# Runs quoth on $SHARED/eval/polnear-dev.jsonl and on the seed article's
# gold file (SHARED defaults to ../shared), keeps the output in build/eval/,
# and prints the scorer's figures for direct quotes, direct and mixed, and
# all kinds. This measures accuracy; it passes or fails nothing. For the
# misses themselves: $SHARED/eval/score GOLD build/eval/NAME.jsonl --errors 50

set -u
# quoth_arg: tests/lib.sh.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"
quoth_arg "sh tests/eval.sh QUOTH_BINARY" "${1:-}"
SHARED=${SHARED:-../shared}
SCORE=$SHARED/eval/score
OUT=build/eval
mkdir -p "$OUT" || exit 2
status=0

for gold in "$SHARED/eval/polnear-dev.jsonl" "$SHARED/examples/simmons-lumet.gold.jsonl"; do
    name=$(basename "$gold" .jsonl)
    name=${name%.gold}
    if [ ! -f "$gold" ]; then
        echo "eval: $gold not found (set SHARED)" >&2
        status=1
        continue
    fi
    # Error records (exit status 1) are still scored: the scorer skips them.
    "$Q" --input jsonl --format jsonl "$gold" >"$OUT/$name.jsonl" 2>"$OUT/$name.err"
    rc=$?
    if [ "$rc" -gt 1 ]; then
        echo "eval: quoth failed on $gold (exit $rc); see $OUT/$name.err" >&2
        status=1
        continue
    fi
    for kinds in direct direct,mixed all; do
        echo
        echo "==== $name: $kinds ===="
        if [ "$kinds" = all ]; then
            python3 "$SCORE" "$gold" "$OUT/$name.jsonl" || status=1
        else
            python3 "$SCORE" "$gold" "$OUT/$name.jsonl" --kinds "$kinds" || status=1
        fi
    done
done

# PolNeAR also annotates thoughts and beliefs; quoth reports them only
# when asked, as they are not speech.
gold=$SHARED/eval/polnear-dev.jsonl
if [ -f "$gold" ]; then
    echo
    echo "==== polnear-dev: all kinds, with --thoughts ===="
    "$Q" --input jsonl --format jsonl --thoughts "$gold" >"$OUT/polnear-dev-thoughts.jsonl" 2>/dev/null
    python3 "$SCORE" "$gold" "$OUT/polnear-dev-thoughts.jsonl" || status=1
fi

# Confidence is meant to rank: keeping only the surer quotations should
# raise precision. One run per threshold, all kinds, on the dev set.
gold=$SHARED/eval/polnear-dev.jsonl
if [ -f "$gold" ]; then
    echo
    echo "==== polnear-dev: precision by confidence threshold (all kinds) ===="
    for t in 0 0.5 0.7 0.8 0.9; do
        "$Q" --input jsonl --format jsonl --min-confidence "$t" "$gold" >"$OUT/conf-$t.jsonl" 2>/dev/null
        python3 "$SCORE" "$gold" "$OUT/conf-$t.jsonl" --json |
            python3 -c 'import json,sys; r=json.load(sys.stdin); print("confidence >= %-4s quotes %5d  span P %.3f  end-to-end strict P %.3f" % (sys.argv[1], r["system_quotes"], r["span_overlap"]["p"], r["end_to_end"]["strict_p"]))' "$t" || status=1
    done
fi
exit $status
