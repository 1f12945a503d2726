"""Run the binding's unittest suites and end with `N passed, N failed`,
the line tests/run.sh adds up. Exit status 1 when anything failed.

    python3 tests/python/run.py [-v] [PATTERN]    (default pattern: test_*.py)
"""
import os
import sys
import unittest


def main():
    verbose = "-v" in sys.argv[1:]
    args = [a for a in sys.argv[1:] if a != "-v"]
    here = os.path.dirname(os.path.abspath(__file__))
    suite = unittest.defaultTestLoader.discover(here, pattern=args[0] if args else "test_*.py")
    result = unittest.TextTestRunner(stream=sys.stdout, verbosity=2 if verbose else 1).run(suite)
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    passed = result.testsRun - failed - len(result.skipped)
    sys.stdout.flush()
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
