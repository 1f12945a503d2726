#!/usr/bin/env python3
"""Throughput of the Python binding with 1 and 2 threads, next to the CLI.

    python3 bindings/python/tools/bench_threads.py [CORPUS.jsonl] [--repeat N] [--quoth BIN]

Reads the JSONL texts into memory (default: ../shared/eval/polnear-dev.jsonl,
repeated --repeat times), then times: the CLI on the same texts as a JSONL
file of {"id","text"} records (with -j 1 and -j 2 when it has -j); quoth.extract() over all texts in one
thread; and the texts split between two threads, each with its own
extractor. MB are MB of text (UTF-8), 10^6 bytes. Also reports how often a
pure-Python thread got to run while the binding extracted, as evidence that
the GIL is released.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "bindings", "python"))
import quoth  # noqa: E402


def best_of(n, fn):
    best = None
    for _ in range(n):
        t = time.perf_counter()
        fn()
        dt = time.perf_counter() - t
        best = dt if best is None or dt < best else best
    return best


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    shared = os.environ.get("SHARED", os.path.join(ROOT, "..", "shared"))
    ap.add_argument("corpus", nargs="?", default=os.path.join(shared, "eval", "polnear-dev.jsonl"))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--runs", type=int, default=3, help="best of N runs (default 3)")
    ap.add_argument("--quoth", default=os.path.join(ROOT, "build", "quoth"))
    a = ap.parse_args()

    docs = []
    with open(a.corpus, "rb") as f:
        for line in f:
            r = json.loads(line)
            docs.append((str(r["id"]), r["text"]))
    docs = docs * a.repeat
    mb = sum(len(t.encode("utf-8")) for _, t in docs) / 1e6
    print("corpus: %d documents, %.1f MB of text (%s x%d); %d CPUs, load %.1f"
          % (len(docs), mb, os.path.basename(a.corpus), a.repeat, os.cpu_count(),
             os.getloadavg()[0]))

    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as tmp:
        for i, t in docs:
            tmp.write(json.dumps({"id": i, "text": t}) + "\n")
    # The command's -j (threads) when it has one: -j 1 is the fair match
    # for one Python thread.
    jobs = b"--jobs" in subprocess.run([a.quoth, "--help"], stdout=subprocess.PIPE).stdout
    cli_rows = []
    try:
        for n in ((1, 2) if jobs else (None,)):
            cmd = [a.quoth, "--input", "jsonl", "--format", "jsonl"] + (["-j", str(n)] if n else [])

            def cli():
                subprocess.run(cmd + [tmp.name], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, check=True)
            cli_rows.append(("CLI (quoth --input jsonl%s)" % (" -j %d" % n if n else ""),
                             best_of(a.runs, cli)))
    finally:
        os.unlink(tmp.name)

    def one_thread():
        for i, t in docs:
            quoth.extract(t, i)

    def two_threads():
        halves = [docs[0::2], docs[1::2]]
        th = [threading.Thread(target=lambda h=h: [quoth.extract(t, i) for i, t in h])
              for h in halves]
        for t in th:
            t.start()
        for t in th:
            t.join()

    t1 = best_of(a.runs, one_thread)
    t2 = best_of(a.runs, two_threads)

    # A Python thread counting while one thread extracts: with the GIL held
    # for the whole extraction it would barely advance.
    stop = threading.Event()
    ticks = [0]

    def counter():
        while not stop.is_set():
            ticks[0] += 1

    base = threading.Thread(target=counter)
    base.start()
    time.sleep(0.5)
    stop.set()
    base.join()
    alone = ticks[0] / 0.5
    stop.clear()
    ticks[0] = 0
    c = threading.Thread(target=counter)
    c.start()
    t = time.perf_counter()
    one_thread()
    dt = time.perf_counter() - t
    stop.set()
    c.join()
    during = ticks[0] / dt

    print("%-34s %8s %8s" % ("", "seconds", "MB/s"))
    for name, s in cli_rows + [("binding, 1 thread", t1), ("binding, 2 threads", t2)]:
        print("%-34s %8.2f %8.1f" % (name, s, mb / s))
    print("2 threads / 1 thread: %.2fx" % (t1 / t2))
    print("a Python counting thread ran at %.0f%% of its solo speed during extraction"
          % (100.0 * during / alone))


if __name__ == "__main__":
    main()
