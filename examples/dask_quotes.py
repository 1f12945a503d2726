#!/usr/bin/env python3
"""Extract quotations from sharded JSONL with Dask and the quoth binding.

    python3 examples/dask_quotes.py -o quotes/ 'corpus/*.jsonl'                  # local cluster
    python3 examples/dask_quotes.py --workers 8 -o quotes/ 'corpus/*.jsonl.gz'
    python3 examples/dask_quotes.py --scheduler tcp://head:8786 -o s3://b/quotes/ 's3://b/news/*.jsonl'

Each input file is cut into blocks of whole lines (--blocksize; a
compressed file is one block), every block becomes one task that runs
quoth.extract_jsonl() on a worker, and each block's results go to its own
part file: OUTPUT/part-00000.jsonl, part-00001.jsonl, ... Concatenated in
name order they are what `quoth --input jsonl FILE...` prints for the same
files in the same order: the same quote records, and error records with the
same line numbers (only the wording after "invalid JSON" differs).

A task knows only its own block, so it numbers lines from 1; a second
small task per block adds the number of lines in the blocks before it,
which are counted on the workers too, so no byte of input passes through
the client.

On a real cluster every worker needs the quoth package and libquoth.so:
install them, or put bindings/python on PYTHONPATH and point QUOTH_LIBRARY
at the library, in the workers' environment. Input and output paths are
fsspec URLs, read and written by the workers; they must reach them.

WARC input is not handled here yet: the CLI is getting WARC and HTML
reading (issue 4), and the Python side should reuse that text extraction
rather than guess at it, so that offsets agree.
"""
from __future__ import annotations

import argparse
import dataclasses
import operator
import os
import sys
import time
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

try:
    import quoth
except ImportError:  # running from a checkout: use the binding next door
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                    "..", "bindings", "python"))
    import quoth

import dask
import dask.bag as db
from dask.bytes import read_bytes
from dask.utils import parse_bytes
from fsspec.utils import infer_compression

Item = Union[str, "quoth.ErrorRecord"]


def extract_block(block: bytes, path: str, options: Dict[str, Any]) -> Tuple[int, List[Item], Dict[str, int]]:
    """One task: the quotes of a block of whole JSONL lines.

    Returns the number of lines in the block, its output (quote records
    already as JSON text, error records as objects, their line numbers
    counted from the start of the block), and counts for the summary.
    """
    lines = block.split(b"\n")
    if block.endswith(b"\n") or not block:
        lines.pop()  # the empty piece after the last newline is no line
    out: List[Item] = []
    quotes = errors = 0
    for item in quoth.extract_jsonl(lines, source=path, errors="yield", **options):
        if isinstance(item, quoth.ErrorRecord):
            out.append(item)
            errors += 1
        else:
            out.append(item.to_json())
            quotes += 1
    return len(lines), out, {"bytes": len(block), "quotes": quotes, "errors": errors}


def number_lines(result: Tuple[int, List[Item], Dict[str, int]], lines_before: int) -> List[str]:
    """The second task: error records get their line in the whole file.

    The block's output becomes one string: to_textfiles() then writes and
    encodes it in one call rather than a Python call per line, which on
    the bench corpus saves a fifth of the workers' time.
    """
    out = [x if isinstance(x, str)
           else dataclasses.replace(x, line=x.line + lines_before).to_json()
           for x in result[1]]
    return ["\n".join(out)] if out else []


def add_counts(*counts: Dict[str, int]) -> Dict[str, int]:
    total = {"bytes": 0, "quotes": 0, "errors": 0}
    for c in counts:
        for k in total:
            total[k] += c[k]
    return total


def build(inputs: Sequence[str], output: str, blocksize: Optional[int],
          options: Dict[str, Any]) -> Tuple[List[Any], Any]:
    """The task graph: delayed writes of the part files, and the totals."""
    parts = []
    counts = []
    for pattern in inputs:
        compressed = infer_compression(pattern) is not None
        _, files, paths = read_bytes(pattern, delimiter=b"\n", sample=False,
                                     blocksize=None if compressed or not blocksize else blocksize,
                                     compression="infer", include_path=True)
        for blocks, path in zip(files, paths):
            lines_before: Any = 0
            for block in blocks:
                res = dask.delayed(extract_block, pure=True)(block, path, options)
                parts.append(dask.delayed(number_lines, pure=True)(res, lines_before))
                counts.append(dask.delayed(operator.getitem)(res, 2))
                lines_before = dask.delayed(operator.add)(lines_before,
                                                          dask.delayed(operator.getitem)(res, 0))
    if not parts:
        raise SystemExit("dask_quotes: no input: nothing matches %s, or all of it is empty"
                         % " ".join(inputs))
    # Unfused, the writes and the totals share each block's extract_block
    # task; fused, the writes would get a copy of it, and every block would
    # be extracted twice.
    with dask.config.set({"optimization.fuse.active": False}):
        writes = db.from_delayed(parts).to_textfiles(
            output.rstrip("/") + "/part-*.jsonl", name_function=lambda i: "%05d" % i,
            last_endline=True, compute=False)
    return writes, dask.delayed(add_counts)(*counts)


def run(inputs: Sequence[str], output: str, blocksize: Optional[int] = 32 << 20,
        **options: Any) -> Dict[str, Any]:
    """Extract with the current Dask scheduler (a Client, when one is
    active); return the totals and the seconds taken."""
    t = time.perf_counter()
    writes, counts = build(inputs, output, blocksize, options)
    _, totals = dask.compute(writes, counts, optimize_graph=False)  # see build()
    totals["seconds"] = time.perf_counter() - t
    totals["parts"] = len(writes)
    return totals


def main(argv: Optional[Sequence[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__.split("\n\n", 2)[2])
    ap.add_argument("inputs", nargs="+", metavar="INPUT",
                    help="JSONL files, globs or fsspec URLs (.gz/.bz2/.xz/.zst read whole)")
    ap.add_argument("-o", "--output", default="quotes-out",
                    help="directory for the part files (default: quotes-out)")
    ap.add_argument("--scheduler", metavar="ADDRESS",
                    help="a running Dask scheduler, e.g. tcp://head:8786; default: a LocalCluster")
    ap.add_argument("--workers", type=int, default=2,
                    help="LocalCluster worker processes (default 2)")
    ap.add_argument("--threads-per-worker", type=int, default=1,
                    help="LocalCluster threads per worker (default 1: processes scale, "
                         "threads share one GIL between quotes)")
    ap.add_argument("--blocksize", default="32MiB",
                    help="bytes of input per task, cut at newlines (default 32MiB; 0: a file per task)")
    ap.add_argument("--id-field", default="id")
    ap.add_argument("--text-field", default="text")
    ap.add_argument("--no-indirect", action="store_true")
    ap.add_argument("--min-confidence", type=float, default=0.0)
    ap.add_argument("--repair-utf8", action="store_true")
    ap.add_argument("--max-doc-bytes", type=parse_bytes, default=quoth.DEFAULT_MAX_DOC_BYTES)
    a = ap.parse_args(argv)

    from distributed import Client, LocalCluster

    options = dict(id_field=a.id_field, text_field=a.text_field, no_indirect=a.no_indirect,
                   min_confidence=a.min_confidence, strict_utf8=not a.repair_utf8,
                   max_doc_bytes=a.max_doc_bytes)
    blocksize = parse_bytes(a.blocksize) or None
    t0 = time.perf_counter()
    if a.scheduler:
        cluster = None
        client = Client(a.scheduler)
    else:
        cluster = LocalCluster(n_workers=a.workers, threads_per_worker=a.threads_per_worker,
                               processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        started = time.perf_counter() - t0
        s = run(a.inputs, a.output, blocksize, **options)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    workers = "scheduler %s" % a.scheduler if a.scheduler else "%d local workers" % a.workers
    print("dask_quotes: %s quotes, %d error records, %.1f MB in %d parts with %s: "
          "%.2f s, %.1f MB/s (cluster start %.1f s, not counted)"
          % (s["quotes"], s["errors"], s["bytes"] / 1e6, s["parts"], workers, s["seconds"],
             s["bytes"] / 1e6 / s["seconds"], started), file=sys.stderr)
    return 1 if s["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
