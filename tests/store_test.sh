#!/bin/sh
# store_test.sh - the quote store: `quoth index`, `quoth search` and
# `quoth speakers` (cli/store*.c, docs/schema.sql, docs/store.md).
#
#   sh tests/store_test.sh build/quoth
#
# Covers the schema, dedup groups, re-indexing, search filters and query
# errors, the speaker table, bad stores (not a store, newer schema,
# read-only, disk full), readers during a write, and crash safety: index
# runs killed with SIGKILL at random points and run again must leave the
# database an uninterrupted run leaves. Test articles (invented) are in
# tests/data/store/; databases are read with python3's sqlite3. Exit codes
# are those of `quoth index --help`: 0 ok, 1 bad documents, 2 usage,
# 3 store. Ends with the line `N passed, N failed`.

set -u
# check, run, rc_is, has, same, no_file...: tests/lib.sh.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"
setup store "$@"
D=tests/data/store
ARTICLES=$D/articles.jsonl

cat >"$T/store.py" <<'EOF'
import csv, datetime, json, os, random, signal, sqlite3, subprocess, sys, time

def db(path):
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)

def dump(path):
    """Every row of every table but the FTS index's own, in key order,
    and the verdicts of SQLite's and FTS5's integrity checks."""
    c = db(path)
    out = []
    tables = [r[0] for r in c.execute(
        "SELECT name FROM sqlite_schema WHERE type = 'table'"
        " AND name NOT LIKE 'quote_fts%' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    for t in tables:
        out.append(f"== {t}")
        out += [repr(r) for r in c.execute(f"SELECT * FROM {t} ORDER BY 1, 2")]
    out.append(repr(c.execute("PRAGMA integrity_check").fetchall()))
    c.close()
    c = sqlite3.connect(path)
    c.execute("INSERT INTO quote_fts(quote_fts) VALUES ('integrity-check')")
    out.append("fts ok")
    out += [repr(r) for r in c.execute(
        "SELECT rowid FROM quote_fts WHERE quote_fts MATCH 'bridge OR ferry OR district'"
        " ORDER BY rowid")]
    c.rollback()
    return "\n".join(out) + "\n"

def groups(path):
    """The groups as text, occurrences, dates and documents: what must not
    depend on the order of input or on ids."""
    c = db(path)
    rows = c.execute(
        "SELECT g.text, g.occurrences, g.first_date, g.last_date,"
        " (SELECT group_concat(key, ' ') FROM (SELECT DISTINCT d.key FROM quote q"
        "  JOIN document d ON d.id = q.doc WHERE q.grp = g.id ORDER BY d.key))"
        " FROM quote_group g").fetchall()
    return "\n".join(sorted(repr(r) for r in rows)) + "\n"

def records(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f]

def fail(msg):
    sys.exit("    " + msg)

def gen(n, out):
    """n documents made from the test articles: the same quotes under new
    ids and dates, and every third one with a quote of its own."""
    base = [r for r in records("tests/data/store/articles.jsonl") if "id" in r]
    day = datetime.date(2024, 1, 1)
    with open(out, "w", encoding="utf-8") as f:
        for i in range(n):
            r = dict(base[i % len(base)])
            r["id"] = f"gen/{i:05d}"
            r["date"] = (day + datetime.timedelta(days=i % 300)).isoformat()
            if i % 3 == 0:
                r["text"] += (f"\n\n\"Figures for district {i} will be published on Friday,\""
                              f" said clerk Ann Example.")
            f.write(json.dumps(r, ensure_ascii=False) + "\n")

def crash(quoth, ref, path, inp, kills):
    """Time an uninterrupted run into `ref`. Then start the same run into
    `path`, SIGKILL it at a random moment within that time, again and
    again, and finally let it finish. Fails unless `kills` runs died
    mid-way. A run after a kill has less left to do (the documents already
    stored are skipped), so a run that ended before its kill narrows the
    window to the time it was given."""
    random.seed(int(os.environ.get("STORE_TEST_SEED", "5")))
    def cmd(db):
        return [quoth, "index", "-q", "-j", "2", db, inp]
    start = time.monotonic()
    if subprocess.run(cmd(ref), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode:
        fail("the uninterrupted run failed")
    seconds = time.monotonic() - start
    landed = tries = 0
    window = 0.9 * seconds
    while landed < kills and tries < 4 * kills:
        tries += 1
        p = subprocess.Popen(cmd(path), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait = random.uniform(0.02, window)
        time.sleep(wait)
        if p.poll() is None:
            p.send_signal(signal.SIGKILL)
            landed += 1
        else:
            window = max(0.03, wait)
        p.wait()
    if subprocess.run(cmd(path), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode:
        fail("the run after the kills failed")
    if landed < kills:
        fail(f"only {landed} of {tries} kills caught a run in progress")

def readers(quoth, path, inp):
    """Search over and over while an index run writes: every search must
    succeed, and some must have run while the writer was at work."""
    w = subprocess.Popen([quoth, "index", "-q", path, inp],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    during = 0
    while w.poll() is None:
        r = subprocess.run([quoth, "search", "--format", "jsonl", path, "district OR ferry"],
                           capture_output=True)
        if r.returncode != 0:
            fail(f"a search during the write failed: {r.stderr.decode()}")
        for line in r.stdout.splitlines():
            json.loads(line)
        during += w.poll() is None
    if w.wait() != 0:
        fail(f"the index run failed: {w.stderr.read().decode()}")
    if during == 0:
        fail("no search ran while the index run was writing")

cmd, args = sys.argv[1], sys.argv[2:]
if cmd == "dump":                 # DB
    sys.stdout.write(dump(args[0]))
elif cmd == "groups":             # DB
    sys.stdout.write(groups(args[0]))
elif cmd == "sql":                # DB QUERY: one value per line
    for row in db(args[0]).execute(args[1]):
        print("|".join("" if v is None else str(v) for v in row))
elif cmd == "gen":                # N OUT
    gen(int(args[0]), args[1])
elif cmd == "crash":              # QUOTH REF_DB DB INPUT KILLS
    crash(args[0], args[1], args[2], args[3], int(args[4]))
elif cmd == "readers":            # QUOTH DB INPUT
    readers(*args)
elif cmd == "foreign":            # PATH: an SQLite database of another program
    c = sqlite3.connect(args[0]); c.execute("CREATE TABLE t(x)"); c.commit()
elif cmd == "version":            # DB N: set the schema version
    c = sqlite3.connect(args[0]); c.execute(f"PRAGMA user_version = {int(args[1])}"); c.commit()
elif cmd == "search":             # OUT: the results of quoth search, checked
    recs = records(args[0])
    for r in recs:
        for k in ("group", "text", "snippet", "speaker", "occurrences", "documents",
                  "first_date", "last_date", "docs", "score"):
            if k not in r or r["type"] != "group":
                fail(f"bad result {r}")
    print("\n".join(f"{r['occurrences']}|{r['documents']}|{r['first_date']}|"
                    f"{r['last_date']}|{' '.join(r['docs'])}|{r['speaker']}|{r['snippet']}"
                    for r in recs))
elif cmd == "speakers":           # OUT: jsonl of quoth speakers, checked
    recs = records(args[0])
    summary = recs[-1]
    if summary["type"] != "summary" or any(r["type"] != "speaker" for r in recs[:-1]):
        fail("want speaker records, then a summary")
    share = summary["gender_share"]
    if abs(share["female"] + share["male"] + share["unknown"] - 1) > 0.001:
        fail(f"gender shares do not add up: {share}")
    for r in recs[:-1]:
        ev = r["gender_evidence"]
        print(f"{r['name']}|{r['quotes']}|{r['distinct_quotes']}|{r['articles']}|"
              f"{r['first_seen']}|{r['last_seen']}|{r['gender']}|{ev['female']}|"
              f"{ev['male']}|{ev['none']}|{','.join(r['variants'])}")
    print(f"summary|{summary['quotes']}|{share['unknown']}")
elif cmd == "csv":                # OUT: csv of quoth speakers, as name|variants|quotes
    rows = list(csv.reader(open(args[0], newline="", encoding="utf-8")))
    if rows[0][:3] != ["name", "variants", "quotes"] or rows[0][-1] != "no_evidence":
        fail(f"bad header {rows[0]}")
    for r in rows[1:]:
        if len(r) != len(rows[0]):
            fail(f"row of {len(r)} fields: {r}")
        print(f"{r[0]}|{r[1]}|{r[2]}")
else:
    fail(f"store.py: unknown command {cmd}")
EOF
py() { python3 "$T/store.py" "$@"; }

# ---- help and usage ---------------------------------------------------------

for sub in index search speakers; do
    run "$sub" --help
    check "$sub --help exits 0" rc_is 0
    check "$sub --help prints usage" out_has "Usage: quoth $sub"
    case $sub in
    index) opts="--input --id-field --text-field --max-doc-bytes --strict-utf8 --repair-utf8
                 --no-indirect --min-confidence -j --url-field --title-field --date-field
                 --source-field --quiet --help" ;;
    search) opts="--speaker --since --until --limit --format --help" ;;
    speakers) opts="--top --format --help" ;;
    esac
    for opt in $opts; do
        check "$sub --help explains $opt" out_has "^  .*$opt"
    done
done
run index
check "index without DB is a usage error" rc_is 2
run search "$T/none.db"
check "search without QUERY is a usage error" rc_is 2
run search --since 2024-3-1 "$T/none.db" x
check "--since needs YYYY-MM-DD" rc_is 2
run search --limit 0 "$T/none.db" x
check "--limit 0 is a usage error" rc_is 2
run speakers --format xml "$T/none.db"
check "speakers --format xml is a usage error" rc_is 2
run index --title-field "" "$T/none.db" "$ARTICLES"
check "an empty document field name is a usage error" rc_is 2
check "usage errors make no database" no_file "$T/none.db"

# ---- indexing -----------------------------------------------------------------

DB=$T/a.db
run index "$DB" "$ARTICLES"
check "a document without an id: exit 1" rc_is 1
check "... and says why" err_has "without an id"
# A document field may have any name, "text" too: it is read from the record.
run index --title-field text "$T/named.db" "$ARTICLES"
check "a document field named text: exit 1 for the document without an id" rc_is 1
py sql "$T/named.db" "SELECT count(*), sum(length(CAST(title AS BLOB)) = bytes) FROM document" >"$T/v"
check "... and every title is the document's text" has "$T/v" "7|7"
py sql "$DB" "SELECT * FROM pragma_user_version, pragma_application_id" >"$T/v"
check "user_version 1 and the quoth application_id" has "$T/v" "1|1366651764"
py sql "$DB" "SELECT key, url, title, date, source, bytes FROM document ORDER BY id" >"$T/docs"
check "7 documents stored" [ "$(wc -l <"$T/docs")" -eq 7 ]
check "document fields stored" has "$T/docs" \
    "courier/bridge|https://courier.example/bridge|Bridge by winter, mayor says|2024-03-02T09:30:00Z|Elling Courier|"
# A document without quotes has its fields stored too: index reads them
# from its text record, which extraction writes for every document.
printf '%s\n' '{"id":"brief/tides","url":"https://gazette.example/tides","title":"Tide tables",'\
'"date":"2024-05-01","source":"The Harbour Gazette","text":"High tide is at noon."}' >"$T/tides.jsonl"
run index -q "$T/tides.db" "$T/tides.jsonl"
check "a document without quotes: exit 0" rc_is 0
py sql "$T/tides.db" "SELECT count(*) FROM quote" >"$T/v"
check "... it has no quotes" [ "$(cat "$T/v")" = 0 ]
py sql "$T/tides.db" "SELECT key, url, title, date, source FROM document" >"$T/v"
check "... and its fields are stored" has "$T/v" \
    "brief/tides|https://gazette.example/tides|Tide tables|2024-05-01|The Harbour Gazette"
py sql "$DB" "SELECT j.ok FROM (SELECT count(*) = (SELECT count(*) FROM quote) AS ok FROM quote_full) j" >"$T/v"
check "every quote is in the quote_full view" has "$T/v" "1"

# ---- dedup groups ---------------------------------------------------------------

py groups "$DB" >"$T/groups"
check "a quote in 3 articles, with other punctuation and a fragment, is one group" has "$T/groups" \
    "('We will rebuild the old harbour bridge before the first snow falls — whatever it costs the city,', 3, '2024-03-01', '2024-03-05', 'courier/bridge gazette/bridge post/bridge')"
check "the same words in capitals are the same quote" has "$T/groups" \
    "('Families on the island have waited long enough for a reliable crossing,', 2, '2024-04-10', '2024-04-11', 'courier/ferry gazette/ferry')"
check "a longer quote by another speaker keeps its own group" has "$T/groups" \
    "('Nobody can rebuild the old harbour bridge before the first snow falls,', 1,"
py sql "$DB" "SELECT text FROM quote WHERE text IS NOT NULL ORDER BY id" >"$T/v"
check "a variant keeps its own text" has "$T/v" "We will rebuild the old harbour bridge before the first snow falls, whatever"
check "the fragment keeps its own text" has "$T/v" "rebuild the old harbour bridge before the first snow falls"

# The groups do not depend on the order of the articles.
awk '{ l[NR] = $0 } END { for (i = NR; i > 0; i--) print l[i] }' "$ARTICLES" >"$T/reversed.jsonl"
"$Q" index -q "$T/r.db" "$T/reversed.jsonl" 2>/dev/null
py groups "$T/r.db" >"$T/rgroups"
check "reversed input, same groups" same "$T/groups" "$T/rgroups"

# ---- re-indexing --------------------------------------------------------------------

cp "$DB" "$T/before.db"
run index "$DB" "$ARTICLES"
check "re-indexing the same documents changes nothing" same "$DB" "$T/before.db"
check "... and says they are unchanged" err_has "0 new, 0 replaced and 7 unchanged"

run index -q "$DB" "$D/changed.jsonl"
check "a changed document is re-indexed" rc_is 0
py sql "$DB" "SELECT count(*) FROM quote q JOIN document d ON d.id = q.doc WHERE d.key = 'post/bridge'" >"$T/v"
"$Q" "$D/changed.jsonl" 2>/dev/null | grep -c '"doc":"post/bridge"' >"$T/want"
check "its quotes are replaced by the new ones" same "$T/v" "$T/want"
# The store now equals one made from the new version alone (ids aside).
grep -v '"id":"post/bridge"' "$ARTICLES" >"$T/final.jsonl"
grep '"id":"post/bridge"' "$D/changed.jsonl" >>"$T/final.jsonl"
"$Q" index -q "$T/f.db" "$T/final.jsonl" 2>/dev/null
py groups "$DB" >"$T/g1"
py groups "$T/f.db" >"$T/g2"
check "after the replacement the groups are as if it was always so" same "$T/g1" "$T/g2"
py sql "$DB" "SELECT name FROM speaker ORDER BY name" >"$T/s1"
py sql "$T/f.db" "SELECT name FROM speaker ORDER BY name" >"$T/s2"
check "speakers left without quotes are gone" same "$T/s1" "$T/s2"

# ---- search ---------------------------------------------------------------------------

run search --format jsonl "$T/r.db" "harbour bridge"
check "search exits 0" rc_is 0
py search "$T/out" >"$T/res"
# r.db was indexed from the reversed articles: post/bridge came first.
check "the group comes first, with its counts, dates and documents as indexed" has "$T/res" \
    "3|3|2024-03-01|2024-03-05|post/bridge courier/bridge gazette/bridge|Jane Doe|We will rebuild the old **harbour** **bridge** before"
run search --format jsonl --speaker OKAFOR "$T/r.db" "harbour bridge"
py search "$T/out" >"$T/res"
check "--speaker matches any part of the name, in any case" has "$T/res" "|engineer Sam Okafor|Nobody can"
check "... and no one else" [ "$(wc -l <"$T/res")" -eq 1 ]
run search --format jsonl --speaker "jane doe" --since 2024-03-03 "$T/r.db" bridge
py search "$T/out" >"$T/res"
check "--since keeps a group with a late enough quote" has "$T/res" "3|3|2024-03-01|2024-03-05|"
run search --format jsonl --speaker okafor --until 2024-03-04 "$T/r.db" bridge
check "--until drops groups without an early enough quote" out_empty
run search --format jsonl --limit 1 "$T/r.db" the
check "--limit" lines_are 1
run search --format jsonl "$T/r.db" zeppelin
check "no match: exit 0" rc_is 0
check "no match: no output" out_empty
run search --format text "$T/r.db" island
check "text format" out_has '^1\. "Families on the \*\*island\*\* have'
run search "$T/r.db" '"unbalanced'
check "an FTS syntax error is a usage error" rc_is 2
check "... reported as a bad query" err_has "bad search query"
run search "$T/r.db" 'nosuchcolumn:word'
check "an FTS column error too" rc_is 2

# ---- speakers ---------------------------------------------------------------------------

run speakers --format jsonl --top 0 "$T/r.db"
check "speakers exits 0" rc_is 0
py speakers "$T/out" >"$T/sp"
check "per speaker: quotes, distinct quotes, articles, dates, gender" has "$T/sp" \
    "Jane Doe|4|2|3|2024-03-01|2024-03-05|female|3|0|1|Jane Doe"
check "a mention that is part of the name is a variant" has "$T/sp" \
    "Maria Lindqvist|4|3|2|2024-04-10|2024-04-11|female|3|0|1|Lindqvist,Maria Lindqvist"
check "no evidence, no gender" has "$T/sp" "engineer Sam Okafor|1|1|1|2024-03-05|2024-03-05|None|0|0|1|"
check "the unknown share is shown" grep -q "^summary|20|0\.[0-9]" "$T/sp"
run speakers --format jsonl --top 2 "$T/r.db"
check "--top 2: two speakers and the summary" lines_are 3
run speakers --format csv --top 0 "$T/r.db"
py csv "$T/out" >"$T/csv"
check "csv with a header and quoting" has "$T/csv" "Maria Lindqvist|Lindqvist; Maria Lindqvist|4"
run speakers --format text "$T/r.db"
check "text format shows the unknown share" out_has "unknown [0-9]"

# ---- bad stores ------------------------------------------------------------------------

printf 'just some text\n' >"$T/text.db"
cp "$T/text.db" "$T/text.orig"
run index "$T/text.db" "$ARTICLES"
check "a text file is not a store: exit 3" rc_is 3
check "... said so" err_has "not a quoth store"
check "... and left alone" same "$T/text.db" "$T/text.orig"
py foreign "$T/other.db"
cp "$T/other.db" "$T/other.orig"
run search "$T/other.db" bridge
check "another program's database: exit 3" rc_is 3
check "... said so" err_has "another program"
run index "$T/other.db" "$ARTICLES"
check "... and left alone by index" same "$T/other.db" "$T/other.orig"
cp "$T/r.db" "$T/new.db"
py version "$T/new.db" 2
cp "$T/new.db" "$T/new.orig"
run index "$T/new.db" "$D/changed.jsonl"
check "a newer schema: exit 3" rc_is 3
check "... said so" err_has "newer"
check "... and left alone" same "$T/new.db" "$T/new.orig"
run speakers "$T/new.db"
check "... also for reading" rc_is 3
run search "$T/missing.db" bridge
check "search on no store: exit 3" rc_is 3
check "... and makes none" no_file "$T/missing.db"
: >"$T/empty.db"
run search "$T/empty.db" bridge
check "an empty file is no store to search" rc_is 3
cp "$T/r.db" "$T/ro.db"
run index "file:$T/ro.db?mode=ro" "$D/changed.jsonl"
check "a store opened read-only: exit 3" rc_is 3
check "... said so" err_has "read-only"
check "... and left alone" same "$T/ro.db" "$T/r.db"

# A read-only file in a read-only directory: index refuses, search works.
# Permissions do not stop root: as root, this runs as nobody, if nobody
# can run quoth from here.
mkdir "$T/rodir" && cp "$T/r.db" "$T/rodir/s.db" && chmod 444 "$T/rodir/s.db"
chmod 555 "$T/rodir" && chmod 755 "$T"
if [ "$(id -u)" = 0 ]; then
    as_user() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
else
    as_user() { "$@"; }
fi
if as_user "$Q" --version >/dev/null 2>&1; then
    capture as_user "$Q" index "$T/rodir/s.db" "$D/changed.jsonl"
    check "a read-only store file: exit 3" rc_is 3
    check "... said so" err_has "read-only"
    capture as_user "$Q" search --format jsonl "$T/rodir/s.db" bridge
    check "a read-only store can be searched" rc_is 0
    check "... and finds" out_has '"group"'
    check "... and is left alone" same "$T/rodir/s.db" "$T/r.db"
fi
chmod 755 "$T/rodir"

# ---- crash safety ----------------------------------------------------------------------

CORPUS=$T/corpus.jsonl
py gen 3000 "$CORPUS"
py crash "$Q" "$T/ref.db" "$T/crash.db" "$CORPUS" 5
check "index runs killed with SIGKILL at random points, then finished" [ $? -eq 0 ]
py dump "$T/ref.db" >"$T/ref.dump"
py dump "$T/crash.db" >"$T/crash.dump"
check "... leave the database an uninterrupted run leaves" same "$T/ref.dump" "$T/crash.dump"

# A file size limit (as a full disk): a clear failure, the store intact,
# and the run can be completed later.
"$Q" index -q "$T/full.db" "$ARTICLES" 2>/dev/null
(ulimit -f 64 && exec "$Q" index -q "$T/full.db" "$CORPUS") >"$T/out" 2>"$T/err"
echo $? >"$T/rc"
check "a full disk: exit 3" rc_is 3
check "... with a message" err_has "cannot"
py sql "$T/full.db" "PRAGMA integrity_check" >"$T/v"
check "... and a sound store" has "$T/v" "ok"
"$Q" index -q "$T/full.db" "$CORPUS" 2>/dev/null
"$Q" index -q "$T/full-ref.db" "$ARTICLES" 2>/dev/null
"$Q" index -q "$T/full-ref.db" "$CORPUS"
py dump "$T/full.db" >"$T/a.dump"
py dump "$T/full-ref.db" >"$T/b.dump"
check "... which the next run completes" same "$T/a.dump" "$T/b.dump"

# Readers search while a writer writes.
"$Q" index -q "$T/live.db" "$ARTICLES" 2>/dev/null
py readers "$Q" "$T/live.db" "$CORPUS"
check "searches succeed while an index run writes" [ $? -eq 0 ]

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
