"""examples/dask_quotes.py on a two-worker LocalCluster: its output, sorted,
equals the CLI's on the same input; in part-file order it is the CLI's
output line for line, error records and their line numbers included.

Needs Debian's python3-dask and python3-distributed (make deps); without
them the test fails and says so rather than skipping, since the issue
promises this path works.
"""
import glob
import importlib.util
import os
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "bindings", "python"))

QUOTH_BIN = os.path.abspath(os.environ.get("QUOTH_BIN", os.path.join(ROOT, "build", "quoth")))
SHARED = os.path.abspath(os.environ.get("SHARED", os.path.join(ROOT, "..", "shared")))
POLNEAR = os.path.join(SHARED, "eval", "polnear-dev.jsonl")

try:
    import dask  # noqa: F401
    import distributed
    HAVE_DASK = None
except ImportError as e:
    HAVE_DASK = "%s (install python3-dask python3-distributed: make deps; run with %s)" % (
        e, sys.executable)


def load_example():
    spec = importlib.util.spec_from_file_location(
        "dask_quotes", os.path.join(ROOT, "examples", "dask_quotes.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


# Good records around bad ones whose messages the binding words as the CLI.
BAD = (b'{"id":"ok","text":"\\"We will not back down,\\" the mayor said."}\n'
       b'{"id":"no-text"}\n'
       b"\n"
       b'{"id":"bad-utf8","text":"\xff \\"Hi there,\\" she said."}\n'
       b'{"id":7,"text":"\\"Yes, we will,\\" she said."}\n'
       b'{"id":"last","text":"\\u201cNo newline here,\\u201d she said."}')


class DaskExample(unittest.TestCase):
    def test_output_equals_cli(self):
        if HAVE_DASK is not None:
            self.fail("dask is missing: " + HAVE_DASK)
        ex = load_example()
        with tempfile.TemporaryDirectory(prefix="quoth-dask.") as tmp:
            # Two shards: the eval set, then one with errors after it, so
            # that error line numbers must count across blocks.
            shard1 = os.path.join(tmp, "in", "a.jsonl")
            shard2 = os.path.join(tmp, "in", "b.jsonl")
            os.makedirs(os.path.dirname(shard1))
            with open(POLNEAR, "rb") as f, open(shard1, "wb") as g:
                data = f.read()
                g.write(data)
            with open(shard2, "wb") as g:
                g.write(data[: len(data) // 3].rsplit(b"\n", 1)[0] + b"\n" + BAD)
            cli = subprocess.run([QUOTH_BIN, "--input", "jsonl", "--format", "jsonl",
                                  shard1, shard2], stdout=subprocess.PIPE,
                                 stderr=subprocess.DEVNULL)
            self.assertEqual(cli.returncode, 1)  # the error records
            want = cli.stdout.decode("utf-8").splitlines()

            out = os.path.join(tmp, "out")
            cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1,
                                               processes=True, dashboard_address=None)
            client = distributed.Client(cluster)
            try:
                # 512 KiB blocks: a dozen tasks over the 5.7 MB of shard1.
                stats = ex.run([os.path.join(tmp, "in", "*.jsonl")], out, blocksize=512 << 10)
                workers = len(client.scheduler_info()["workers"])
            finally:
                client.close()
                cluster.close()
            self.assertEqual(workers, 2)
            self.assertGreater(stats["parts"], 10)
            got = []
            for part in sorted(glob.glob(os.path.join(out, "part-*.jsonl"))):
                with open(part, encoding="utf-8") as f:
                    got.extend(f.read().splitlines())
            self.assertEqual(stats["errors"], 2)
            self.assertEqual(stats["quotes"] + stats["errors"], len(want))
            self.assertEqual(sorted(got), sorted(want))
            self.assertEqual(got, want)  # and in input order too


if __name__ == "__main__":
    unittest.main()
