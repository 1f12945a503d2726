#!/bin/sh
# embed.sh - compile files into C: `sh tools/embed.sh FILE...` prints, for
# each FILE, `static const unsigned char web_NAME[] = {0x..,...};` where
# NAME is the file's base name with each character other than a letter or
# digit made '_' (cli/web/app.js: web_app_js). The length is `sizeof`:
# no NUL is added.
#
# Byte arrays rather than string literals: ISO C compilers need only take
# literals of 4095 bytes, and -Wpedantic says so for longer ones.
set -eu
for f in "$@"; do
    name=$(basename "$f" | tr -c 'A-Za-z0-9\n' '_')
    echo "static const unsigned char web_${name}[] = {"
    od -An -v -tx1 "$f" | sed -e 's/ *\([0-9a-f][0-9a-f]\)/0x\1,/g'
    echo "};"
done
