#!/bin/sh
# spec_test.sh - the examples in tests/spec/ run through the quoth command,
# as test_spec runs them through the library: both must meet the spec.
#
#   sh tests/spec_test.sh build/quoth [tests/spec/FILE.txt ...]
#
# The format is described in tests/spec/README.md and tests/test_spec.c.
# Ends with `N passed, N failed`.

set -u
# quoth_arg: tests/lib.sh.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"
quoth_arg "sh tests/spec_test.sh QUOTH_BINARY [SPEC_FILE...]" "${1:-}"
shift
[ $# -gt 0 ] || set -- tests/spec/*.txt

python3 - "$Q" "$@" <<'PY'
import json, os, subprocess, sys

FENCE = "`" * 32
quoth, files = sys.argv[1], sys.argv[2:]

def esc(s):
    return s.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")

def line_of(q, gender):
    cols = [q["kind"], esc(q["text"]),
            esc(q["speaker"]) if q.get("speaker") is not None else "-",
            esc(q["mention"]["text"]) if q.get("mention") else "-",
            esc(q["cue"]["text"]) if q.get("cue") else "-"]
    if gender:
        cols.append(q.get("speaker_gender") or "-")
    return "\t".join(cols)

def examples(path):
    """(line number, input, expected lines) for each example block."""
    lines = open(path, encoding="utf-8").read().split("\n")
    i = 0
    while i < len(lines):
        if lines[i] == FENCE + " example":
            start, i = i + 1, i + 1
            inp, exp, cur = [], [], None
            cur = inp
            while i < len(lines) and lines[i] != FENCE:
                if cur is inp and lines[i] == ".":
                    cur = exp
                else:
                    cur.append(lines[i])
                i += 1
            yield start, "".join(l + "\n" for l in inp), exp
        i += 1

passed = failed = 0
for path in files:
    exs = list(examples(path))
    gender = any(l.count("\t") == 5 for _, _, exp in exs for l in exp)
    flags = [] if os.path.basename(path).startswith("indirect") else ["--no-indirect"]
    for n, (lineno, inp, exp) in enumerate(exs, 1):
        p = subprocess.run([quoth, "--format", "jsonl", "--repair-utf8"] + flags,
                           input=inp.encode("utf-8"), capture_output=True)
        got = [line_of(json.loads(l), gender) for l in p.stdout.decode("utf-8").splitlines()
               if json.loads(l).get("type") == "quote"]
        if p.returncode == 0 and got == exp:
            passed += 1
            continue
        failed += 1
        print(f"{path}:{lineno}: FAIL: example {n} (exit {p.returncode})")
        print("    expected:\n" + "".join(f"      {l}\n" for l in exp) +
              "    actual:\n" + "".join(f"      {l}\n" for l in got), end="")
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
