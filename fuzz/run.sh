#!/bin/sh
# run.sh SECONDS NAME... - run the fuzz targets build/fuzz/fuzz_NAME, one
# after another, SECONDS each (make fuzz does this after building them).
#
# Each starts from its seed corpus fuzz/corpus/NAME (less crash-* files,
# crashers that wait for a fix) and the inputs it found before, kept in
# build/fuzz/corpus/NAME (new finds go there, never into the committed
# seeds), with the dictionary fuzz/NAME.dict. One job at a time: the
# targets are meant to share a machine with other work. A crash, leak,
# UBSan report or time-out leaves the input in build/fuzz/crashes/NAME-*
# and makes the exit status 1; the log of each run is in build/fuzz/logs/
# and a line per run goes to build/fuzz/stats.log (seconds and executions,
# for docs/robustness.md).
#
# FUZZ_FORK=1 runs libFuzzer's fork mode, which goes on past crashes,
# out-of-memory and time-outs (each is still saved, and still fails the
# run): for fuzzing on while a known crasher waits for its fix.
#
# Reproduce a crash with `build/fuzz/fuzz_NAME FILE` or, without clang,
# `build/test_fuzz_NAME FILE`; once fixed, keep it as a regression by
# copying it into fuzz/corpus/NAME/ (named regress-WHAT).
set -u

if [ $# -lt 2 ]; then
    echo "usage: sh fuzz/run.sh SECONDS NAME..." >&2
    exit 2
fi
secs=$1
shift
mkdir -p build/fuzz/crashes build/fuzz/logs
status=0
for name in "$@"; do
    bin=build/fuzz/fuzz_$name
    [ -x "$bin" ] || { echo "fuzz/run.sh: no $bin (make fuzz-build)" >&2; exit 2; }
    work=build/fuzz/corpus/$name
    log=build/fuzz/logs/$name-$(date +%Y%m%d-%H%M%S).log
    mkdir -p "$work"
    # The seeds, less the known crashers (crash-*): libFuzzer stops at a
    # seed that crashes, and those wait for their fix in make check.
    seeds=build/fuzz/seeds/$name
    rm -rf "$seeds"
    mkdir -p "$seeds"
    for f in fuzz/corpus/"$name"/*; do
        case ${f##*/} in crash-*) ;; *) cp "$f" "$seeds/" ;; esac
    done
    before=$(ls build/fuzz/crashes | grep -c "^$name-")
    start=$(date +%s)
    echo "== $name: $secs s, log in $log"
    # -timeout: an input that takes 10 s is a hang, as a linear pass over
    # 64 KiB takes milliseconds. -rss_limit_mb: memory must stay flat.
    fork=""
    case ${FUZZ_FORK:-0} in
    0 | "") ;;
    *) fork="-fork=1 -ignore_crashes=1 -ignore_ooms=1 -ignore_timeouts=1" ;;
    esac
    # shellcheck disable=SC2086
    "$bin" $fork -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -print_final_stats=1 -dict="fuzz/$name.dict" \
        -artifact_prefix="build/fuzz/crashes/$name-" "$work" "$seeds" >"$log" 2>&1
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    # Fork mode prints no stats, but a running total: "#N: cov: ...".
    [ -n "$execs" ] || execs=$(sed -n 's/^#\([0-9]*\): cov:.*/\1/p' "$log" | tail -n 1)
    # Whatever the mode, a new file in crashes/ is a finding.
    after=$(ls build/fuzz/crashes | grep -c "^$name-")
    [ "$after" -eq "$before" ] || [ "$rc" -ne 0 ] || rc=1
    # The time it really ran: a run stopped early (kill -INT) is counted too.
    echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) $name seconds=$(($(date +%s) - start)) execs=${execs:-?} status=$rc" \
        >>build/fuzz/stats.log
    grep -E '^(#[0-9]+.*DONE|Done|stat::number_of_executed_units|SUMMARY|==[0-9]+==ERROR)' "$log" | tail -n 5
    if [ "$rc" -ne 0 ]; then
        echo "== $name FAILED (status $rc): see $log and build/fuzz/crashes/" >&2
        status=1
    fi
done
exit $status
