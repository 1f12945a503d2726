"""records(path): quoth's JSON lines in a file, each checked to end with a
newline and to be UTF-8 JSON; exits with the line number otherwise. Shared
by the shell tests' embedded checks (they run from the project root)."""
import json
import sys


def records(path):
    out = []
    with open(path, "rb") as f:
        for n, raw in enumerate(f, 1):
            if not raw.endswith(b"\n"):
                sys.exit(f"    output line {n} has no newline")
            try:
                out.append(json.loads(raw.decode("utf-8")))
            except ValueError as e:
                sys.exit(f"    output line {n} is not UTF-8 JSON: {e}: {raw[:80]!r}")
    return out
