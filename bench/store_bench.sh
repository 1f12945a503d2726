#!/bin/sh
# store_bench.sh - measure the quote store against the targets of its issue:
#
#   - `quoth index`: MB/s of input text, extraction included (>= 50 MB/s);
#   - `quoth search`: time per search in a store of 1 million quotes (< 50 ms);
#   - size: the database without its FTS index, per byte of quote text it
#     stores (<= 1.5).
#
#   sh bench/store_bench.sh [QUOTH [SHARED]]      (make bench-store)
#
# The corpus repeats the texts of SHARED/eval/polnear-dev.jsonl under new
# ids until it yields a million quotes (bench/corpus/store/, not
# committed). A second, smaller corpus changes a few common words in each
# copy so that its quotes do not repeat: the worst case for size and for
# the full-text index. Writes bench/STORE_RESULTS.md. Takes a few minutes.

set -eu

QUOTH=${1:-build/quoth}
SHARED=${2:-../shared}
cd "$(dirname "$0")/.."
[ -x "$QUOTH" ] || { echo "store_bench: no $QUOTH: run make first" >&2; exit 2; }
[ -f "$SHARED/eval/polnear-dev.jsonl" ] || { echo "store_bench: no $SHARED/eval" >&2; exit 2; }
mkdir -p bench/corpus/store

exec python3 - "$QUOTH" "$SHARED/eval/polnear-dev.jsonl" bench/corpus/store bench/STORE_RESULTS.md <<'PY'
import json, os, platform, re, resource, sqlite3, statistics, subprocess, sys, time

quoth, dev, work, results = sys.argv[1:]
QUOTES_WANTED = 1_000_000
DISTINCT_COPIES = 40

def log(msg):
    print(f"store_bench: {msg}", file=sys.stderr, flush=True)

def dev_records():
    with open(dev, encoding="utf-8") as f:
        return [json.loads(line) for line in f]

def quotes_per_copy():
    out = subprocess.run([quoth, "-q", "--input", "jsonl", dev], capture_output=True,
                         check=True).stdout
    return sum(1 for line in out.splitlines() if b'"type":"quote"' in line)

# Words common in quotes; the distinct corpus gives each copy its own
# spelling of them ("theqa"), so that no quote repeats across copies.
COMMON = re.compile(r"\b(the|and|to|of|a|in|that|is|we|it)\b")

def tag(n):
    s = ""
    while True:
        s += chr(ord("a") + n % 26)
        n //= 26
        if n == 0:
            return s

def make_corpus(path, copies, distinct):
    """JSONL: every dev text `copies` times, with the fields index reads."""
    if os.path.exists(path):
        return
    log(f"writing {path} ({copies} copies)")
    recs = dev_records()
    with open(path + ".tmp", "w", encoding="utf-8") as f:
        for c in range(copies):
            for r in recs:
                text = r["text"]
                if distinct:
                    t = tag(c)
                    text = COMMON.sub(lambda m: m.group(1) + t, text)
                meta = r.get("meta", {})
                f.write(json.dumps({"id": f"{r['id']}#{c}", "text": text,
                                    "title": meta.get("title"),
                                    "date": meta.get("publication_date"),
                                    "source": meta.get("publisher")},
                                   ensure_ascii=False) + "\n")
    os.rename(path + ".tmp", path)

def text_bytes(path):
    n = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            n += len(json.loads(line)["text"].encode("utf-8"))
    return n

def index(db, corpus, jobs):
    """Index into a new store: wall seconds and CPU seconds."""
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    subprocess.run([quoth, "index", "-q", "-j", str(jobs), db, corpus], check=True)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu

FTS_TABLES = ("quote_fts", "quote_fts_data", "quote_fts_idx", "quote_fts_docsize",
              "quote_fts_config")

def size(db):
    c = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    pages = dict(c.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name"))
    fts = sum(v for k, v in pages.items() if k in FTS_TABLES)
    total = sum(pages.values())
    quotes, qbytes = c.execute(
        "SELECT count(*), sum(length(CAST(coalesce(q.text, g.text) AS BLOB)))"
        " FROM quote q JOIN quote_group g ON g.id = q.grp").fetchone()
    groups = c.execute("SELECT count(*) FROM quote_group").fetchone()[0]
    per_table = sorted(pages.items(), key=lambda kv: -kv[1])
    return dict(file=os.path.getsize(db), total=total, fts=fts, quotes=quotes,
                qbytes=qbytes, groups=groups, tables=per_table)

SEARCHES = [
    ["Trump"],
    ["people"],
    ["immigration"],
    ['"the American people"'],
    ["immigra*"],
    ["Clinton OR Sanders"],
    ["jobs NOT China"],
    ["wall", "--speaker", "Trump"],
    ["email*", "--speaker", "clinton", "--since", "2016-06-01"],
    ["economy", "--since", "2016-01-01", "--until", "2016-06-30"],
    ["said", "--limit", "100"],
]
RUNS = 5

def search_times(db):
    """Per search: results, median and slowest wall ms, median CPU ms."""
    rows = []
    for args in SEARCHES:
        walls, cpus = [], []
        for _ in range(RUNS):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.monotonic()
            r = subprocess.run([quoth, "search", "--format", "jsonl", db] + args,
                               capture_output=True, check=True)
            walls.append((time.monotonic() - start) * 1000)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(((after.ru_utime - before.ru_utime) +
                         (after.ru_stime - before.ru_stime)) * 1000)
        rows.append((" ".join(args), len(r.stdout.splitlines()), statistics.median(walls),
                     max(walls), statistics.median(cpus)))
    return rows

def machine():
    cpu = platform.processor() or "?"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    sqlite_version = sqlite3.connect(":memory:").execute("SELECT sqlite_version()").fetchone()[0]
    version = subprocess.run([quoth, "--version"], capture_output=True, text=True).stdout.strip()
    return (f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GiB RAM; {platform.system()} "
            f"{platform.release()}; SQLite {sqlite_version}; {version}")

def main():
    per_copy = quotes_per_copy()
    copies = -(-QUOTES_WANTED // per_copy)
    corpus = os.path.join(work, f"repeated-{copies}.jsonl")
    distinct = os.path.join(work, f"distinct-{DISTINCT_COPIES}.jsonl")
    make_corpus(corpus, copies, False)
    make_corpus(distinct, DISTINCT_COPIES, True)
    mb = text_bytes(corpus) / 1e6
    mb_distinct = text_bytes(distinct) / 1e6
    cores = os.cpu_count() or 1
    db = os.path.join(work, "repeated.db")
    runs = []
    for jobs in (1, cores):
        log(f"indexing {mb:.0f} MB of text with -j {jobs}")
        wall, cpu = index(db, corpus, jobs)
        runs.append((f"repeated, -j {jobs}", mb, wall, cpu))
    log("indexing the distinct corpus")
    db_distinct = os.path.join(work, "distinct.db")
    wall, cpu = index(db_distinct, distinct, cores)
    runs.append((f"distinct, -j {cores}", mb_distinct, wall, cpu))
    log("sizes and searches")
    sizes = [("repeated", size(db)), ("distinct", size(db_distinct))]
    searches = [("repeated", search_times(db)), ("distinct", search_times(db_distinct))]
    load = os.getloadavg()
    write(results, per_copy, copies, runs, sizes, searches, load)
    log(f"wrote {results}")

def write(path, per_copy, copies, runs, sizes, searches, load):
    L = []
    L.append("# Quote store benchmark\n")
    L.append("Written by `bench/store_bench.sh` (`make bench-store`); the targets are those of")
    L.append("the store's issue. Machine: " + machine() + ".")
    L.append(f"Load average at the end: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} (a shared")
    L.append("machine shows here; CPU seconds are the steadier figure).\n")
    L.append(f"Corpora: *repeated* is `polnear-dev.jsonl` ({per_copy} quotes a copy) {copies}")
    L.append("times under new ids, so that its quotes run again and again, as a wire story")
    L.append(f"does; *distinct* is {DISTINCT_COPIES} copies whose common words are respelled")
    L.append("per copy, so that hardly a quote repeats: the worst case for size.\n")
    L.append("## Indexing (target: >= 50 MB/s of input text, extraction included)\n")
    L.append("| run | text MB | wall s | MB/s | CPU s | MB per CPU s |")
    L.append("|---|---:|---:|---:|---:|---:|")
    for name, mb, wall, cpu in runs:
        L.append(f"| {name} | {mb:.0f} | {wall:.1f} | **{mb / wall:.1f}** | {cpu:.1f} |"
                 f" {mb / cpu:.1f} |")
    L.append("\n## Size (target: the database without its FTS index <= 1.5 x the quote text)\n")
    L.append("| store | quotes | groups | quote text MB | file MB | FTS MB | (file - FTS) / text |")
    L.append("|---|---:|---:|---:|---:|---:|---:|")
    for name, s in sizes:
        L.append(f"| {name} | {s['quotes']:,} | {s['groups']:,} | {s['qbytes'] / 1e6:.1f} |"
                 f" {s['file'] / 1e6:.1f} | {s['fts'] / 1e6:.1f} |"
                 f" **{(s['total'] - s['fts']) / s['qbytes']:.2f}** |")
    for name, s in sizes:
        L.append(f"\n{name}, bytes per table and index: " +
                 ", ".join(f"{k} {v / 1e6:.1f} MB" for k, v in s["tables"] if v >= 100_000))
    L.append("\n## Search (target: < 50 ms at 1 million quotes)\n")
    L.append("Each search is a `quoth search --format jsonl` process (start-up and opening the")
    L.append(f"store included), run {RUNS} times: median and slowest wall time, and the median")
    L.append("CPU time, which a busy machine does not inflate.\n")
    for name, rows in searches:
        L.append(f"\n{name} store:\n")
        L.append("| search | results | median ms | max ms | CPU ms |")
        L.append("|---|---:|---:|---:|---:|")
        for args, n, med, worst, cpu in rows:
            L.append(f"| `{args}` | {n} | {med:.1f} | {worst:.1f} | {cpu:.1f} |")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(L) + "\n")

main()
PY
