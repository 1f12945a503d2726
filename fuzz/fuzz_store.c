/*
 * fuzz_store.c - the quote store's writer (cli/store.c, store_group.c)
 * and its search (store_search.c), on a store made once per process.
 *
 * Input: operations separated by 0xFF bytes (which UTF-8 never holds).
 * Each is an opcode byte, a parameter byte, then text, read as UTF-8 with
 * each bad byte as U+FFFD, as quote texts reach the store through JSON:
 *   opcode % 4 == 0 or 1  file the quote TEXT in document (param & 7), said
 *                         by speaker ((param >> 3) & 3, 0 for nobody), with
 *                         a date when param & 0x20 (one of four)
 *   opcode % 4 == 2       take document (param & 7) out: its quotes leave
 *                         their groups, as when it is indexed again
 *   opcode % 4 == 3       search for TEXT as an FTS5 query (a speaker filter
 *                         when param & 1): any query, however broken, must
 *                         come back as results or SQLITE_ERROR
 * Also, for every text: its canonical key is UTF-8 and the same each time.
 * (Not a fixed point: NFKC turns U+00AF into a space and a combining
 * macron, and once the space is dropped the macron composes with the
 * letter before it on a second pass. Keys are only ever made from texts,
 * so that is harmless.)
 *
 * After the writes, the store must hold together: every quote in a group
 * that exists, each group's occurrences its number of quotes, no empty
 * group, every key and anchor pointing at a group, the FTS index equal to
 * its content, and SQLite's own integrity and foreign key checks clean.
 * The writes are one transaction, committed before the searches run, as
 * `quoth index` commits and `quoth search` reads what was committed. (A
 * prefix query on the writing connection, inside its transaction, after
 * a group was unindexed, corrupts the FTS5 index in SQLite 3.40: quoth
 * never searches while it writes, and this target must not either.) Then
 * the store is emptied, so that every input starts from the same store.
 *
 * The rows the writer does not make itself (document, speaker, quote) are
 * written here as store_index.c writes them.
 */
#include <unistd.h>

#include "store.h"

#include "fuzz.h"

static store st;
static char path[64];

static void cleanup(void)
{
    store_close(&st);
    for (size_t i = 0; i < 3; i++) {
        static const char *const suffix[] = {"", "-wal", "-shm"};
        char p[80];
        snprintf(p, sizeof p, "%s%s", path, suffix[i]);
        unlink(p);
    }
}

static void open_store(void)
{
    const char *dir = getenv("TMPDIR");
    snprintf(path, sizeof path, "%.40s/quoth-fuzz-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0) {
        perror("fuzz: mkstemp");
        exit(2);
    }
    close(fd);  /* an empty file: store_open makes the store in it */
    FUZZ_ASSERT(store_open(&st, path, 1) == CLI_EXIT_OK);
    /* Nothing here needs to survive a power cut: no fsync per input. */
    FUZZ_ASSERT(sqlite3_exec(st.db, "PRAGMA synchronous = OFF", NULL, NULL, NULL) == SQLITE_OK);
    atexit(cleanup);
}

/* Back to an empty store, its group cache forgotten. */
static void empty_store(void)
{
    static const char *const wipe[] = {
        "DELETE FROM quote", "DELETE FROM quote_anchor", "DELETE FROM quote_key",
        "DELETE FROM quote_group", "DELETE FROM speaker_variant", "DELETE FROM speaker",
        "DELETE FROM document", "INSERT INTO quote_fts(quote_fts) VALUES ('delete-all')", NULL};
    store_begin(&st);
    for (size_t i = 0; wipe[i] != NULL; i++) {
        char *err = NULL;
        if (sqlite3_exec(st.db, wipe[i], NULL, NULL, &err) != SQLITE_OK)
            fuzz_fail("%s: %s", wipe[i], err ? err : "?");
    }
    store_commit(&st);
    store_cache_clear(&st.groups);
}

/* The id of document `n` (key "doc-N"), made if `make`; 0 if none. */
static sqlite3_int64 document(unsigned n, int make)
{
    char key[16];
    snprintf(key, sizeof key, "doc-%u", n);
    sqlite3_stmt *s = store_sql(&st, "SELECT id FROM document WHERE key = ?1");
    store_bind_text(s, 1, key, strlen(key));
    sqlite3_int64 id = store_int(&st, s, 0);
    if (id != 0 || !make)
        return id;
    s = store_sql(&st, "INSERT INTO document(key, bytes, hash) VALUES (?1, 0, 0)");
    store_bind_text(s, 1, key, strlen(key));
    return store_insert(&st, s);
}

static sqlite3_int64 speaker(unsigned n)
{
    static const char *const names[] = {"Nora Lind", "NORA  LIND", "Rui Costa"};
    if (n == 0)
        return 0;
    const char *name = names[(n - 1) % 3];
    cli_buf key = {NULL, 0, 0};
    store_canon(&st, &key, name, strlen(name));
    sqlite3_stmt *s = store_sql(&st, "SELECT id FROM speaker WHERE key = ?1");
    store_bind_text(s, 1, key.ptr, key.len);
    sqlite3_int64 id = store_int(&st, s, 0);
    if (id == 0) {
        s = store_sql(&st, "INSERT INTO speaker(key, name) VALUES (?1, ?2)");
        store_bind_text(s, 1, key.ptr, key.len);
        store_bind_text(s, 2, name, strlen(name));
        id = store_insert(&st, s);
    }
    cli_buf_free(&key);
    return id;
}

static void add_quote(unsigned param, const char *text, size_t len)
{
    static const char *const dates[] = {"2024-01-31", "1999-12-01", "2024-01-31T10:00:00Z",
                                        "2030-06-15"};
    const char *date = (param & 0x20) ? dates[param >> 6] : NULL;
    sqlite3_int64 doc = document(param & 7, 1), who = speaker((param >> 3) & 3);
    int same = 0;
    sqlite3_int64 grp = store_group_add(&st, text, len, who, date, &same);
    FUZZ_ASSERT(grp > 0);
    sqlite3_stmt *s = store_sql(&st,
        "INSERT INTO quote(doc, grp, start, end, kind, text, speaker, gender, confidence)"
        " VALUES (?1, ?2, 0, ?3, 0, ?4, ?5, 0, 0.5)");
    sqlite3_bind_int64(s, 1, doc);
    sqlite3_bind_int64(s, 2, grp);
    sqlite3_bind_int64(s, 3, (sqlite3_int64)len);
    if (!same)
        store_bind_text(s, 4, text, len);
    if (who != 0)
        sqlite3_bind_int64(s, 5, who);
    store_run(&st, s);
}

static int count_result(const store_result *r, void *ud)
{
    FUZZ_ASSERT(r->text != NULL && r->occurrences > 0);
    cli_buf json = {NULL, 0, 0};
    store_result_json(&json, r);  /* must not trip on any text */
    FUZZ_ASSERT(json.len > 0 && fuzz_utf8_bad(json.ptr, json.len, 1) == json.len);
    cli_buf_free(&json);
    return ++*(size_t *)ud >= 20;
}

static void search(unsigned param, const char *text, size_t len)
{
    /* A C string: the query stops at a NUL, as a command-line one would. */
    char *query = malloc(len + 1);
    FUZZ_ASSERT(query != NULL);
    memcpy(query, text, len);
    query[len] = '\0';
    store_query q = {query, (param & 1) ? "lind" : NULL, NULL, NULL, 20};
    size_t results = 0;
    int rc = store_search(&st, &q, count_result, &results);
    if (rc != SQLITE_DONE && rc != SQLITE_ERROR)
        fuzz_fail("search for \"%s\": SQLite code %d (%s)", query, rc, sqlite3_errmsg(st.db));
    free(query);
}

/* The canonical key of a text is UTF-8, and the same each time. */
static void check_canon(const char *text, size_t len)
{
    cli_buf once = {NULL, 0, 0}, again = {NULL, 0, 0};
    store_canon(&st, &once, text, len);
    FUZZ_ASSERT(fuzz_utf8_bad(once.ptr ? once.ptr : "", once.len, 1) == once.len);
    store_canon(&st, &again, text, len);
    FUZZ_ASSERT(once.len == again.len &&
                (once.len == 0 || memcmp(once.ptr, again.ptr, once.len) == 0));
    cli_buf_free(&once);
    cli_buf_free(&again);
}

/* The count `sql` returns must be 0. */
static void none(const char *sql, const char *what)
{
    sqlite3_stmt *s = NULL;
    FUZZ_ASSERT(sqlite3_prepare_v2(st.db, sql, -1, &s, NULL) == SQLITE_OK);
    FUZZ_ASSERT(sqlite3_step(s) == SQLITE_ROW);
    sqlite3_int64 n = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    if (n != 0)
        fuzz_fail("%lld %s", (long long)n, what);
}

static void check_store(void)
{
    none("SELECT count(*) FROM quote WHERE grp NOT IN (SELECT id FROM quote_group)",
         "quotes in a group that does not exist");
    none("SELECT count(*) FROM quote_group g WHERE occurrences !="
         " (SELECT count(*) FROM quote q WHERE q.grp = g.id)",
         "groups whose occurrences are not their quotes");
    none("SELECT count(*) FROM quote_group WHERE occurrences = 0", "empty groups");
    none("SELECT count(*) FROM quote_key WHERE grp NOT IN (SELECT id FROM quote_group)",
         "keys of groups that do not exist");
    none("SELECT count(*) FROM quote_anchor WHERE grp NOT IN (SELECT id FROM quote_group)",
         "anchors of groups that do not exist");
    none("SELECT count(*) FROM pragma_foreign_key_check", "foreign key violations");
    sqlite3_stmt *s = NULL;
    FUZZ_ASSERT(sqlite3_prepare_v2(st.db, "PRAGMA integrity_check", -1, &s, NULL) == SQLITE_OK);
    FUZZ_ASSERT(sqlite3_step(s) == SQLITE_ROW);
    const char *ok = (const char *)sqlite3_column_text(s, 0);
    if (ok == NULL || strcmp(ok, "ok") != 0)
        fuzz_fail("integrity_check: %s", ok ? ok : "(null)");
    sqlite3_finalize(s);
    char *err = NULL;
    if (sqlite3_exec(st.db, "INSERT INTO quote_fts(quote_fts) VALUES ('integrity-check')", NULL,
                     NULL, &err) != SQLITE_OK)
        fuzz_fail("the FTS index is not its content: %s", err ? err : "?");
}

/* Call fn(param, text, len) for each operation of `data` whose opcode is
 * in `ops` (a bit per opcode). */
static void each_op(const uint8_t *data, size_t size, unsigned ops,
                    void (*fn)(unsigned op, unsigned param, const char *text, size_t len))
{
    cli_buf text = {NULL, 0, 0};
    size_t at = 0;
    while (at < size) {
        const uint8_t *end = memchr(data + at, 0xFF, size - at);
        size_t n = end ? (size_t)(end - (data + at)) : size - at;
        if (n >= 2 && (ops & (1u << (data[at] % 4)))) {
            text.len = 0;
            cli_utf8_repair(&text, (const char *)data + at + 2, n - 2);
            fn(data[at] % 4, data[at + 1], text.ptr ? text.ptr : "", text.len);
        }
        at += n + 1;
    }
    cli_buf_free(&text);
}

static void write_op(unsigned op, unsigned param, const char *text, size_t len)
{
    if (op <= 1) {
        check_canon(text, len);
        /* The engine never reports an empty quote, and the writer cannot
         * take two: when one leaves its group, the group's text is rebuilt
         * from an empty buffer, bound as NULL (docs/robustness.md). */
        if (len > 0)
            add_quote(param, text, len);
    } else {
        sqlite3_int64 doc = document(param & 7, 0);
        if (doc != 0)
            store_group_remove_doc(&st, doc);
    }
}

static void search_op(unsigned op, unsigned param, const char *text, size_t len)
{
    (void)op;
    search(param, text, len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (st.db == NULL)
        open_store();
    store_begin(&st);
    each_op(data, size, 0x7, write_op);
    store_commit(&st);  /* which writes the tallied occurrences too */
    check_store();
    each_op(data, size, 0x8, search_op);
    empty_store();
    return 0;
}
