#!/usr/bin/env python3
"""`make dask-demo`: run examples/dask_quotes.py on 1 and 2 local workers and
the quoth command on the same corpus, check they agree, print MB/s.

    /usr/bin/python3 bindings/python/tools/dask_bench.py [--corpus FILE] [--mb 64]

Without --corpus, uses the bench corpus, bench/corpus/corpus.jsonl, when
`make bench` has written it (about 500 MB); else writes
build/dask-demo/corpus.jsonl: the {"id","text"} records of
../shared/eval/polnear-dev.jsonl repeated (ids suffixed #2, #3, ...) to at
least --mb MB, the bench corpus's recipe at a smaller size.
MB are 10^6 bytes of JSONL input. Each figure is the best of --runs runs;
cluster start-up is timed separately and not counted. Besides wall time,
CPU seconds (user + system, of every process involved) say what each way
costs even when other jobs share the machine. Rows:

- quoth CLI: `quoth --input jsonl --format jsonl CORPUS > /dev/null`, with
  `-j N` when the command has that option, else single-threaded;
- binding, one process: quoth.extract_jsonl() over the file in this
  process, JSON lines built and discarded: the binding's own cost;
- Dask, N workers: examples/dask_quotes.py's run() on a LocalCluster of N
  single-threaded worker processes, part files written to build/.
"""
import argparse
import collections
import glob
import hashlib
import itertools
import json
import os
import resource
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "bindings", "python"))
sys.path.insert(0, os.path.join(ROOT, "examples"))
import quoth  # noqa: E402


def make_corpus(path, source, mb):
    records = []
    with open(source, "rb") as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                records.append((r["id"], r["text"]))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    size, k = 0, 1
    with open(path + ".tmp", "w", encoding="utf-8") as out:
        while size < mb * 1e6:
            for i, t in records:
                line = json.dumps({"id": i if k == 1 else "%s#%d" % (i, k), "text": t},
                                  ensure_ascii=False) + "\n"
                out.write(line)
                size += len(line.encode("utf-8"))
            k += 1
    os.replace(path + ".tmp", path)


def same_lines(path, parts):
    """Whether the part files hold the lines of `path`, in any order. In
    order is checked first, streaming; only a mismatch costs memory."""
    def lines_of(paths):
        for p in paths:
            with open(p, "rb") as f:
                yield from f
    a, b = lines_of([path]), lines_of(parts)
    if all(x == y for x, y in itertools.zip_longest(a, b)):
        return True
    digest = lambda line: hashlib.blake2b(line, digest_size=16).digest()  # noqa: E731
    return (collections.Counter(map(digest, lines_of([path])))
            == collections.Counter(map(digest, lines_of(parts))))


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def process_cpu():
    t = os.times()
    return t.user + t.system


def best(runs, fn, cpu=process_cpu):
    """Fastest wall time of `runs` runs, and the least CPU time of any run
    (CPU seconds, unlike wall time, hardly move when other jobs share the
    machine)."""
    walls, cpus = [], []
    for _ in range(runs):
        c, t = cpu(), time.perf_counter()
        fn()
        walls.append(time.perf_counter() - t)
        cpus.append(cpu() - c)
    return min(walls), min(cpus)


def main():
    shared = os.environ.get("SHARED", os.path.join(ROOT, "..", "shared"))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", help="a JSONL corpus (default: the bench corpus, else a generated one)")
    ap.add_argument("--mb", type=float, default=64, help="size of the generated corpus (default 64)")
    ap.add_argument("--quoth", default=os.path.join(ROOT, "build", "quoth"))
    ap.add_argument("--workers", default="1,2", help="worker counts to try (default 1,2)")
    ap.add_argument("--blocksize", default="auto",
                    help="Dask task size (default auto: four tasks per worker of the largest count)")
    ap.add_argument("--runs", type=int,
                    help="best of N runs (default 2, or 1 for a corpus over 200 MB)")
    ap.add_argument("--out", default=os.path.join(ROOT, "build", "dask-demo"))
    a = ap.parse_args()

    import dask_quotes
    from dask.utils import parse_bytes
    from distributed import Client, LocalCluster

    corpus = a.corpus
    bench_corpus = os.path.join(ROOT, "bench", "corpus", "corpus.jsonl")
    if corpus is None and os.path.exists(bench_corpus):
        corpus = bench_corpus
    if corpus is None:
        corpus = os.path.join(a.out, "corpus.jsonl")
        src = os.path.join(shared, "eval", "polnear-dev.jsonl")
        if not os.path.exists(corpus) or os.path.getsize(corpus) < a.mb * 1e6:
            print("writing %s (%g MB from %s)" % (corpus, a.mb, src))
            make_corpus(corpus, src, a.mb)
    mb = os.path.getsize(corpus) / 1e6
    if a.runs is None:
        a.runs = 1 if mb > 200 else 2
    os.makedirs(a.out, exist_ok=True)
    workers = [int(n) for n in a.workers.split(",")]
    if a.blocksize == "auto":
        blocksize = max(1 << 20, int(os.path.getsize(corpus) / (4 * max(workers))))
    else:
        blocksize = parse_bytes(a.blocksize)
    has_jobs = b"--jobs" in subprocess.run([a.quoth, "--help"], stdout=subprocess.PIPE).stdout
    print("corpus %s: %.1f MB; %d CPUs (load %.1f); quoth %s; Python %s; dask %s; "
          "blocks of %.1f MB" % (corpus, mb, os.cpu_count(), os.getloadavg()[0], quoth.version(),
                                 sys.version.split()[0], __import__("dask").__version__,
                                 blocksize / 1e6))

    rows = []
    cli_out = os.path.join(a.out, "cli.jsonl")
    for n in (workers if has_jobs else [1]):
        cmd = [a.quoth, "--input", "jsonl", "--format", "jsonl"]
        cmd += ["-j", str(n)] if has_jobs else []

        def cli():
            with open(cli_out, "wb") as f:
                subprocess.run(cmd + [corpus], stdout=f, stderr=subprocess.DEVNULL)
        rows.append(("quoth CLI" + (" -j %d" % n if has_jobs else ""),
                     *best(a.runs, cli, children_cpu), ""))

    def in_process():
        with open(corpus, "rb") as f:
            for q in quoth.extract_jsonl(f, errors="yield"):
                q.to_json()
    rows.append(("binding, one process, no Dask", *best(a.runs, in_process), ""))

    for n in workers:
        t0 = time.perf_counter()
        cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
        started = time.perf_counter() - t0
        out = os.path.join(a.out, "quotes-%dw" % n)
        try:
            def dask_run():
                shutil.rmtree(out, ignore_errors=True)
                dask_quotes.run([corpus], out, blocksize=blocksize)

            def dask_cpu():  # the workers', and this process's (client, scheduler)
                return sum(client.run(process_cpu).values()) + process_cpu()
            t, cpu = best(a.runs, dask_run, dask_cpu)
        finally:
            client.close()
            cluster.close()
        same = same_lines(cli_out, sorted(glob.glob(os.path.join(out, "part-*.jsonl"))))
        shutil.rmtree(out, ignore_errors=True)
        rows.append(("Dask, %d worker%s" % (n, "" if n == 1 else "s"), t, cpu,
                     "cluster start %.1f s; output %s the CLI's"
                     % (started, "equals" if same else "DIFFERS FROM")))
        if not same:
            print("dask_bench: Dask output with %d workers differs from the CLI's" % n,
                  file=sys.stderr)

    print()
    print("| run | wall s | MB/s | CPU s | MB per CPU s | |")
    print("|---|---:|---:|---:|---:|---|")
    for name, t, cpu, note in rows:
        print("| %s | %.2f | %.1f | %.2f | %.1f | %s |" % (name, t, mb / t, cpu, mb / cpu, note))
    print("load average after: %.1f" % os.getloadavg()[0])
    os.unlink(cli_out)
    return 0 if all("DIFFERS" not in r[3] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
