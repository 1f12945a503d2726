#!/bin/sh
# golden_test.sh - tests/run.sh runs *_test.sh with a quoth binary; the
# golden checks live in golden.sh, which can also --update.
exec sh "$(dirname "$0")/golden.sh" "$@"
