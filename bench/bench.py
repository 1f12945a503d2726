#!/usr/bin/env python3
"""bench.py - quoth's throughput, memory and cost per byte; `make bench`.

    python3 bench/bench.py QUOTH_BINARY SHARED_DIR

Generates a corpus in bench/corpus/ (ignored by git) by repeating the texts
of SHARED_DIR/eval/polnear-dev.jsonl: a JSONL file of >= 500 MB, the same
texts as one plain-text file each, and a JSONL file five times as big. Then
measures, with output (JSONL) going to /dev/null:

  - `wc -l` on the JSONL file: the floor, reading the bytes and no more;
  - quoth -j1 and -j2 on plain text and on JSONL, in MB/s of input;
  - peak RSS on the 500 MB and the 2.5 GB JSONL files;
  - instructions per input byte, by stage, with valgrind's callgrind on a
    small slice;
  - the ratio to the npm package compromise (`.quotations()`), installed
    into bench/node_modules, on a slice both finish.

Prints the report and writes it to bench/RESULTS.md. Takes a few minutes
on two cores; the corpus is kept for the next run.
"""
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(BENCH, "corpus")
TARGET_MB = 500
BIG_FACTOR = 5
CALLGRIND_MB = 2      # the slice valgrind runs on (about 50x slower)
PEER_MB = 1           # the slice compromise runs on (about 0.1 MB/s)
PEER_VERSION = "14.17.0"
MB = 1e6

# Library and CLI functions whose inclusive cost callgrind reports, by stage.
STAGES = [
    ("read input (libarchive, line split)", ["cli_reader_line", "cli_reader_all"]),
    ("parse JSON (json-c, UTF-8 check)", ["cli_json_parse"]),
    ("copy into the extractor (feed)", ["quoth_extractor_feed"]),
    ("extract: whole pipeline (finish)", ["quoth_extractor_finish"]),
    ("  tokens, paragraphs (scan_tokens)", ["scan_tokens"]),
    ("  quote marks (find_quotes)", ["find_quotes"]),
    ("  sentences (find_sentences)", ["find_sentences"]),
    ("  names (collect_mentions)", ["collect_mentions"]),
    ("  attribution (attribute_quotes)", ["attribute_quotes"]),
    ("  reported speech (find_indirect)", ["find_indirect"]),
    ("  JSON output (quoth_quote_write_json)", ["quoth_quote_write_json"]),
    ("write stdout (fwrite)", ["fwrite"]),
]


def log(msg):
    print(f"bench: {msg}", file=sys.stderr, flush=True)


# ---- corpus -------------------------------------------------------------------

def load_texts(shared):
    path = os.path.join(shared, "eval", "polnear-dev.jsonl")
    with open(path, encoding="utf-8") as f:
        return [(r["id"], r["text"]) for r in map(json.loads, f)]


def make_corpus(texts):
    """corpus.jsonl (>= TARGET_MB), text/ (the same texts), big.jsonl (x5)."""
    stamp = os.path.join(CORPUS, "STAMP")
    want = f"{TARGET_MB} MB x{BIG_FACTOR}, {len(texts)} texts\n"
    if os.path.exists(stamp) and open(stamp).read() == want:
        log("corpus: kept from the last run")
        return
    shutil.rmtree(CORPUS, ignore_errors=True)
    os.makedirs(os.path.join(CORPUS, "text"))
    log(f"corpus: writing {TARGET_MB} MB of JSONL and of text files")
    size, copy, n = 0, 0, 0
    with open(os.path.join(CORPUS, "corpus.jsonl"), "w", encoding="utf-8") as jsonl:
        while size < TARGET_MB * MB:
            for doc_id, text in texts:
                line = json.dumps({"id": f"{doc_id}#{copy}", "text": text}, ensure_ascii=False)
                jsonl.write(line + "\n")
                size += len(line.encode("utf-8")) + 1
                # Subdirectories of 1000 files: kinder to the file system.
                sub = os.path.join(CORPUS, "text", f"{n // 1000:04d}")
                if n % 1000 == 0:
                    os.makedirs(sub)
                with open(os.path.join(sub, f"{n:07d}.txt"), "w", encoding="utf-8") as t:
                    t.write(text)
                n += 1
            copy += 1
    log(f"corpus: writing the {BIG_FACTOR}x file")
    with open(os.path.join(CORPUS, "big.jsonl"), "wb") as big:
        for _ in range(BIG_FACTOR):
            with open(os.path.join(CORPUS, "corpus.jsonl"), "rb") as src:
                shutil.copyfileobj(src, big, 1 << 24)
    with open(stamp, "w") as f:
        f.write(want)


def make_slice(name, megabytes):
    """The first records of corpus.jsonl up to `megabytes`, as a file."""
    path = os.path.join(CORPUS, name)
    with open(os.path.join(CORPUS, "corpus.jsonl"), "rb") as src, open(path, "wb") as out:
        size = 0
        for line in src:
            if size >= megabytes * MB:
                break
            out.write(line)
            size += len(line)
    return path


def text_slice(megabytes):
    """Text files from the start of text/ adding up to `megabytes`."""
    files, size = [], 0
    for sub in sorted(os.listdir(os.path.join(CORPUS, "text"))):
        for name in sorted(os.listdir(os.path.join(CORPUS, "text", sub))):
            if size >= megabytes * MB:
                return files, size
            path = os.path.join(CORPUS, "text", sub, name)
            files.append(path)
            size += os.path.getsize(path)
    return files, size


def tree_size(path):
    if os.path.isfile(path):
        return os.path.getsize(path)
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs)


# ---- measuring ----------------------------------------------------------------

def measure(argv, size):
    """Run `argv` with output to /dev/null, under GNU time for the peak RSS
    (Python's own rusage would count the interpreter the child forked
    from). Wall seconds, MB/s, CPU seconds (user + system), RSS in MiB."""
    usage = os.path.join(CORPUS, "time.out")
    start = time.perf_counter()
    with open(os.devnull, "wb") as null:
        proc = subprocess.run(["/usr/bin/time", "-f", "%U %S %M", "-o", usage, *argv],
                              stdout=null, stderr=subprocess.PIPE, check=False)
    seconds = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"bench: {' '.join(argv)} failed ({proc.returncode}): {proc.stderr.decode()[-500:]}")
    user, system, rss_kb = open(usage).read().split()[-3:]
    cpu = float(user) + float(system)
    return {"seconds": seconds, "mbps": size / MB / seconds, "cpu": cpu,
            "cpu_mbps": size / MB / cpu if cpu > 0 else 0.0, "rss": int(rss_kb) / 1024}


def callgrind(quoth, args, size, tag):
    """Instructions per byte, in all and by stage, for quoth -j1 on a slice."""
    out = os.path.join(CORPUS, f"callgrind.{tag}.out")
    subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", quoth,
                    "-j1", "-q", *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=False)
    text = subprocess.run(["callgrind_annotate", "--inclusive=yes", "--threshold=100", out],
                          capture_output=True, text=True, check=True).stdout
    total = int(re.search(r"^([\d,]+) \(100\.0%\)\s+PROGRAM TOTALS", text, re.M)
                .group(1).replace(",", ""))
    incl = {}
    for m in re.finditer(r"^\s*([\d,]+) \(\s*[\d.]+%\)\s+(\S+)", text, re.M):
        # "file.c:name.constprop.0'2": the function's own name.
        name = re.sub(r"[.'].*$", "", m.group(2).rsplit(":", 1)[-1])
        incl.setdefault(name, int(m.group(1).replace(",", "")))
    stages = [(label, sum(incl.get(f, 0) for f in funcs)) for label, funcs in STAGES]
    return {"total": total, "per_byte": total / size, "size": size, "stages": stages}


def peer(quoth, slice_path, size):
    """compromise and quoth -j1 on the same slice: MB/s of each."""
    if not os.path.exists(os.path.join(BENCH, "node_modules", "compromise")):
        log(f"installing compromise@{PEER_VERSION} into bench/node_modules")
        subprocess.run(["npm", "install", "--no-save", "--no-package-lock", "--no-audit",
                        "--no-fund", "--prefix", BENCH, f"compromise@{PEER_VERSION}"],
                       check=True, stdout=subprocess.DEVNULL)
    res = subprocess.run(["node", os.path.join(BENCH, "compromise.mjs"), slice_path],
                         capture_output=True, text=True, check=True, cwd=BENCH)
    theirs = json.loads(res.stdout)
    # The slice is small for quoth: best of several runs, start-up included.
    ours = min(measure([quoth, "-j1", "-q", slice_path], size)["seconds"] for _ in range(10))
    # Both rates in bytes of text: the JSON around it is quoth's extra work.
    return {"peer_mbps": theirs["bytes"] / MB / theirs["seconds"], "peer": theirs,
            "quoth_mbps": theirs["bytes"] / MB / ours, "text_bytes": theirs["bytes"]}


# ---- report -------------------------------------------------------------------

def machine(load_before):
    cpu = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem_kb = int(f.readline().split()[1])
    cc = subprocess.run(["cc", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    return {"cpu": cpu, "nproc": os.cpu_count(), "mem_gib": mem_kb / 2**20,
            "load_before": f"{load_before:.2f}",
            "os": f"{platform.system()} {platform.release()}", "cc": cc}


def fmt_row(cells):
    return "| " + " | ".join(str(c) for c in cells) + " |"


def report(m, runs, rss, cg, peer_res):
    lines = ["# quoth benchmark", "",
             f"Written by `make bench` ({time.strftime('%Y-%m-%d')}); do not edit by hand.",
             f"Corpus: the texts of `polnear-dev.jsonl` repeated to {runs['jsonl_j1']['size'] / MB:.0f} MB"
             " (JSONL: `id` and `text`; text: one file per article), output JSONL to /dev/null.",
             "", "## Machine", "",
             f"- CPU: {m['cpu']}, `nproc` {m['nproc']}",
             f"- memory: {m['mem_gib']:.1f} GiB",
             f"- {m['os']}; {m['cc']}; quoth built with the Makefile's `-O2 -g`",
             "", "## Throughput", "",
             f"Load average of the machine (others may share it): {m['load_before']} before, "
             f"{os.getloadavg()[0]:.2f} after. MB/s is of wall time; per CPU second it is "
             "the throughput of the threads' own work. With a load above the core count, "
             "other programs had CPUs: wall-time figures, and the -j2 speed-up most, are "
             "then lower bounds, and even CPU seconds grow (shared caches); the "
             "instructions per byte below do not depend on load.", "",
             fmt_row(["run", "input", "MB", "seconds", "MB/s", "CPU s", "MB per CPU s",
                      "peak RSS MiB"]),
             fmt_row(["---", "---", "---:", "---:", "---:", "---:", "---:", "---:"])]
    for key, label, what in [("wc", "`wc -l` (floor)", "corpus.jsonl"),
                             ("text_j1", "quoth -j1", "text files"),
                             ("text_j2", "quoth -j2", "text files"),
                             ("jsonl_j1", "quoth -j1 (best of 2)", "corpus.jsonl"),
                             ("jsonl_j2", "quoth -j2 (best of 2)", "corpus.jsonl"),
                             ("big_j2", "quoth -j2", "big.jsonl")]:
        r = runs[key]
        lines.append(fmt_row([label, what, f"{r['size'] / MB:.0f}", f"{r['seconds']:.2f}",
                              f"{r['mbps']:.1f}", f"{r['cpu']:.2f}", f"{r['cpu_mbps']:.1f}",
                              f"{r['rss']:.1f}"]))
    lines += ["", "## Instructions per input byte (callgrind, quoth -j1)", "",
              fmt_row(["stage"] + [f"{tag}: Ir/byte" for tag in cg] + [f"{tag}: share" for tag in cg]),
              fmt_row(["---"] + ["---:"] * (2 * len(cg)))]
    for i, (label, _) in enumerate(STAGES):
        cells = [label]
        cells += [f"{c['stages'][i][1] / c['size']:.0f}" for c in cg.values()]
        cells += [f"{100 * c['stages'][i][1] / c['total']:.1f}%" for c in cg.values()]
        lines.append(fmt_row(cells))
    lines.append(fmt_row(["**whole run**"] + [f"**{c['per_byte']:.0f}**" for c in cg.values()]
                         + ["100%"] * len(cg)))
    lines += ["", "Slices: " + "; ".join(f"{tag} {c['size'] / MB:.1f} MB" for tag, c in cg.items())
              + ". Stages are inclusive costs of the functions named; the indented ones are"
              " parts of the pipeline.", ""]
    p = peer_res
    ratio = p["quoth_mbps"] / p["peer_mbps"]
    lines += ["## Peer: compromise", "",
              f"compromise {PEER_VERSION} (npm), `nlp(text).quotations()`, on the first "
              f"{p['peer']['docs']} documents ({p['text_bytes'] / MB:.2f} MB of text), timed inside node "
              f"without start-up: {p['peer_mbps']:.3f} MB/s. quoth -j1 on the same slice (reading the JSONL, "
              f"best of 10, start-up included): {p['quoth_mbps']:.1f} MB/s of text. "
              f"**Ratio: {ratio:.0f}x.**", ""]
    j1, j2, t1 = runs["jsonl_j1"]["mbps"], runs["jsonl_j2"]["mbps"], runs["text_j1"]["mbps"]
    flat = abs(rss["big"] - rss["base"]) / rss["base"]
    # Instructions do not depend on what else runs; wall time does.
    ir_ratio = cg["text"]["per_byte"] / cg["JSONL"]["per_byte"]
    targets = [
        ("single thread, plain text in: >= 200 MB/s", f"{t1:.1f} MB/s", t1 >= 200),
        ("single thread, JSONL in: >= 70% of plain text",
         f"{100 * ir_ratio:.0f}% by Ir/byte ({100 * j1 / t1:.0f}% by wall time)", ir_ratio >= 0.7),
        ("-j2 >= 1.8x -j1 (JSONL)", f"{j2 / j1:.2f}x", j2 >= 1.8 * j1),
        (">= 1000x compromise", f"{ratio:.0f}x", ratio >= 1000),
        ("peak RSS flat within 10%, 500 MB vs 2.5 GB", f"{rss['base']:.1f} vs {rss['big']:.1f} MiB "
         f"({100 * flat:.1f}%)", flat <= 0.10),
        ("peak RSS <= 64 MB", f"{max(rss.values()):.1f} MiB", max(rss.values()) * 2**20 <= 64 * MB),
    ]
    lines += ["## Targets (issue 4)", "", fmt_row(["target", "measured", "met"]),
              fmt_row(["---", "---", "---"])]
    lines += [fmt_row([t, v, "yes" if ok else "**no**"]) for t, v, ok in targets]
    return "\n".join(lines) + "\n"


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: bench.py QUOTH_BINARY SHARED_DIR")
    quoth, shared = os.path.abspath(sys.argv[1]), sys.argv[2]
    load_before = os.getloadavg()[0]
    make_corpus(load_texts(shared))
    jsonl = os.path.join(CORPUS, "corpus.jsonl")
    big = os.path.join(CORPUS, "big.jsonl")
    text_dir = os.path.join(CORPUS, "text")
    sizes = {jsonl: tree_size(jsonl), big: tree_size(big), text_dir: tree_size(text_dir)}
    runs = {}
    # -j1 and -j2 on JSONL twice, taking turns, and the faster of each: the
    # machine may be shared, and their ratio is a target.
    plan = [("wc", ["wc", "-l", jsonl], jsonl),
            ("text_j1", [quoth, "-j1", "-q", text_dir], text_dir),
            ("text_j2", [quoth, "-j2", "-q", text_dir], text_dir),
            ("jsonl_j1", [quoth, "-j1", "-q", jsonl], jsonl),
            ("jsonl_j2", [quoth, "-j2", "-q", jsonl], jsonl),
            ("jsonl_j1", [quoth, "-j1", "-q", jsonl], jsonl),
            ("jsonl_j2", [quoth, "-j2", "-q", jsonl], jsonl),
            ("big_j2", [quoth, "-j2", "-q", big], big)]
    measure(["wc", "-l", jsonl], sizes[jsonl])  # warm the page cache
    for key, argv, path in plan:
        log(f"{key}: {' '.join(os.path.basename(a) for a in argv)}")
        r = dict(measure(argv, sizes[path]), size=sizes[path])
        if key not in runs or r["seconds"] < runs[key]["seconds"]:
            runs[key] = r
    rss = {"base": runs["jsonl_j2"]["rss"], "big": runs["big_j2"]["rss"]}
    log("callgrind on slices")
    files, tsize = text_slice(CALLGRIND_MB)
    cg = {"JSONL": callgrind(quoth, [make_slice("slice-callgrind.jsonl", CALLGRIND_MB)],
                             tree_size(os.path.join(CORPUS, "slice-callgrind.jsonl")), "jsonl"),
          "text": callgrind(quoth, files, tsize, "text")}
    log("compromise")
    peer_path = make_slice("slice-peer.jsonl", PEER_MB)
    peer_res = peer(quoth, peer_path, tree_size(peer_path))
    text = report(machine(load_before), runs, rss, cg, peer_res)
    with open(os.path.join(BENCH, "RESULTS.md"), "w") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
