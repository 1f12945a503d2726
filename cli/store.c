/* store.c - see store.h: opening and checking a store, statements,
 * canonical keys and hashes. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"

/* 0x51756F74, "Quot" in the database header: this file is a quoth store. */
#define STORE_APPLICATION_ID 1366651764

/* docs/schema.sql, a string per line. */
static const char *const schema_lines[] = {
#include "store_schema.inc"
    NULL};

/* ---- errors -------------------------------------------------------------- */

static void release(store *st)
{
    for (size_t i = 0; i < STORE_STATEMENTS; i++)
        sqlite3_finalize(st->stmt[i]);
    sqlite3_close(st->db);
    free(st->cps);
    cli_buf_free(&st->key);
    cli_buf_free(&st->other);
    store_cache_free(&st->groups);
    store_group_free(st);
    memset(st, 0, sizeof *st);
}

_Noreturn void store_die(store *st, const char *what)
{
    /* "disk I/O error" says little; the system's reason says more. */
    int err = sqlite3_system_errno(st->db);
    fprintf(stderr, "quoth: %s: %s: %s%s%s%s\n", st->path, what, sqlite3_errmsg(st->db),
            err ? " (" : "", err ? strerror(err) : "", err ? ")" : "");
    /* Nothing uncommitted survives anyway (the journal sees to that);
     * rolling back just lets the close tidy up the WAL. */
    if (st->in_transaction)
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    release(st);
    exit(CLI_EXIT_SYSTEM);
}

/* ---- statements ---------------------------------------------------------- */

int store_prepare(store *st, const char *sql, sqlite3_stmt **out)
{
    size_t i = 0;
    while (i < STORE_STATEMENTS && st->sql[i] != NULL && st->sql[i] != sql)
        i++;
    if (i == STORE_STATEMENTS) {
        /* A fixed table: the commands use a fixed set of statements. */
        fprintf(stderr, "quoth: internal error: more than %d SQL statements\n",
                STORE_STATEMENTS);
        abort();
    }
    if (st->sql[i] == NULL) {
        int rc = sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st->stmt[i],
                                    NULL);
        if (rc != SQLITE_OK)
            return rc;
        st->sql[i] = sql;
    } else {
        sqlite3_reset(st->stmt[i]);
        sqlite3_clear_bindings(st->stmt[i]);
    }
    *out = st->stmt[i];
    return SQLITE_OK;
}

sqlite3_stmt *store_sql(store *st, const char *sql)
{
    sqlite3_stmt *s;
    if (store_prepare(st, sql, &s) != SQLITE_OK)
        store_die(st, "cannot prepare a statement");
    return s;
}

int store_step(store *st, sqlite3_stmt *s)
{
    int rc = sqlite3_step(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        store_die(st, st->in_transaction ? "cannot write" : "cannot read");
    return rc;
}

void store_run(store *st, sqlite3_stmt *s)
{
    while (store_step(st, s) == SQLITE_ROW)
        ;
}

sqlite3_int64 store_int(store *st, sqlite3_stmt *s, sqlite3_int64 none)
{
    sqlite3_int64 v = store_step(st, s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : none;
    sqlite3_reset(s);  /* a statement left on a row holds a read snapshot */
    return v;
}

sqlite3_int64 store_insert(store *st, sqlite3_stmt *s)
{
    store_run(st, s);
    return sqlite3_last_insert_rowid(st->db);
}

void store_bind_text(sqlite3_stmt *stmt, int i, const char *s, size_t len)
{
    if (s == NULL)
        sqlite3_bind_null(stmt, i);
    else
        sqlite3_bind_text64(stmt, i, s, len, SQLITE_STATIC, SQLITE_UTF8);
}

const char *store_text(sqlite3_stmt *s, int col)
{
    const unsigned char *t = sqlite3_column_text(s, col);
    return t ? (const char *)t : "";
}

static void exec(store *st, const char *sql, const char *what)
{
    if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        store_die(st, what);
}

static sqlite3_int64 data_version(store *st)
{
    return store_int(st, store_sql(st, "PRAGMA data_version"), 0);
}

int store_begin(store *st)
{
    exec(st, "BEGIN IMMEDIATE", "cannot start writing");
    st->in_transaction = 1;
    int changed = st->data_version != data_version(st);
    if (changed)
        store_cache_clear(&st->groups);
    return changed;
}

void store_commit(store *st)
{
    store_group_flush(st);
    /* A statement left on a row keeps its read snapshot after the commit,
     * and the checkpoint cannot reset the WAL past it: it would grow for
     * the whole run. */
    for (size_t i = 0; i < STORE_STATEMENTS; i++)
        sqlite3_reset(st->stmt[i]);
    exec(st, "COMMIT", "cannot commit");
    st->in_transaction = 0;
    st->data_version = data_version(st);
}

/* ---- opening ------------------------------------------------------------- */

/* What the header and the schema say the file is. */
typedef struct identity {
    sqlite3_int64 application_id, version, objects;
} identity;

/* 0, or the SQLite error that reading the header gave. */
static int identify(store *st, identity *id)
{
    sqlite3_stmt *s;
    int rc = sqlite3_prepare_v2(st->db,
                                "SELECT (SELECT application_id FROM pragma_application_id),"
                                " (SELECT user_version FROM pragma_user_version),"
                                " (SELECT count(*) FROM sqlite_schema)",
                                -1, &s, NULL);
    if (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        id->application_id = sqlite3_column_int64(s, 0);
        id->version = sqlite3_column_int64(s, 1);
        id->objects = sqlite3_column_int64(s, 2);
        rc = SQLITE_OK;
    }
    sqlite3_finalize(s);
    return rc;
}

/* Say why the file cannot be used, close it, and return CLI_EXIT_SYSTEM. */
static int refuse(store *st, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "quoth: %s: ", st->path);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    release(st);
    return CLI_EXIT_SYSTEM;
}

/* Is this a store this quoth can use? CLI_EXIT_OK, or a message and
 * CLI_EXIT_SYSTEM. `rc` and `id` are what identify() said. */
static int check_identity(store *st, int rc, const identity *id)
{
    if (rc == SQLITE_NOTADB)
        return refuse(st, "not a quoth store: not an SQLite database");
    if (rc != SQLITE_OK)
        return refuse(st, "cannot read: %s", sqlite3_errmsg(st->db));
    if (id->application_id == 0 && id->version == 0 && id->objects == 0)
        return CLI_EXIT_OK;  /* an empty file */
    if (id->application_id != STORE_APPLICATION_ID)
        return refuse(st, "not a quoth store: an SQLite database of another program");
    if (id->version > STORE_VERSION)
        return refuse(st, "the store has schema version %lld, newer than the %d this "
                          "quoth knows: use a newer quoth", id->version, STORE_VERSION);
    if (id->version < STORE_VERSION)
        return refuse(st, "the store has schema version %lld, which this quoth (version "
                          "%d) cannot upgrade", id->version, STORE_VERSION);
    return CLI_EXIT_OK;
}

/* Make the tables in an empty file. Another writer may have done it since
 * we looked, so look again under the write lock. */
static void create_schema(store *st)
{
    identity id;
    store_begin(st);
    if (identify(st, &id) != SQLITE_OK)
        store_die(st, "cannot read");
    if (id.objects == 0) {
        cli_buf sql = {NULL, 0, 0};
        for (size_t i = 0; schema_lines[i] != NULL; i++)
            cli_buf_add(&sql, schema_lines[i], strlen(schema_lines[i]));
        cli_buf_add(&sql, "", 1);
        exec(st, sql.ptr, "cannot create the store");
        cli_buf_free(&sql);
    }
    store_commit(st);
}

/* Open `name` into st->db. 0, or -1 after a message: a file that
 * SQLite will not open, said in the words of the file system if it can. */
static int connect(store *st, const char *name, int flags)
{
    /* A connection is only ever used by one thread at a time (serve.c
     * holds its own lock around it): SQLite's per-call mutex, some 5% of
     * the indexer's time, buys nothing. */
    if (sqlite3_open_v2(name, &st->db, flags | SQLITE_OPEN_NOMUTEX, NULL) == SQLITE_OK) {
        sqlite3_extended_result_codes(st->db, 1);
        /* Another writer holds the lock only for one batch: wait for it. */
        sqlite3_busy_timeout(st->db, 30000);
        /* Reading pages through a mapping rather than read(2) into a
         * private cache: a search process starts cold every time. */
        sqlite3_exec(st->db, "PRAGMA mmap_size = 1073741824", NULL, NULL, NULL);
        return 0;
    }
    int err = sqlite3_system_errno(st->db);
    refuse(st, "cannot open: %s", err ? strerror(err) : sqlite3_errmsg(st->db));
    return -1;
}

/* Reading a WAL database takes a -shm file beside it. Where that cannot
 * be made (a read-only directory), nobody can be writing the store either,
 * so it is read as immutable: no locks, no -shm. */
static int reconnect_immutable(store *st)
{
    cli_buf uri = {NULL, 0, 0};
    cli_buf_add(&uri, "file:", 5);
    for (const char *p = st->path; *p; p++) {
        if (strchr("%?#", *p) != NULL || (p == st->path + 1 && *p == '/'))
            cli_buf_printf(&uri, "%%%02X", (unsigned)(unsigned char)*p);
        else
            cli_buf_add(&uri, p, 1);
    }
    cli_buf_add(&uri, "?immutable=1", 13);  /* with its NUL */
    sqlite3_close(st->db);
    int rc = connect(st, uri.ptr, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI);
    cli_buf_free(&uri);
    return rc;
}

/* The settings of a writer. WAL lets readers search while it writes, and
 * with it synchronous=NORMAL loses no committed transaction when the
 * process dies (only, possibly, the last ones when the machine does). */
static void set_up_writer(store *st)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(st->db, "PRAGMA journal_mode = WAL", -1, &s, NULL) != SQLITE_OK)
        store_die(st, "cannot set up");
    int wal = sqlite3_step(s) == SQLITE_ROW &&
              strcmp((const char *)sqlite3_column_text(s, 0), "wal") == 0;
    sqlite3_finalize(s);
    if (!wal)
        store_die(st, "cannot switch to WAL mode");
    exec(st,
         "PRAGMA synchronous = NORMAL;"
         "PRAGMA cache_size = -65536;"     /* 64 MiB: the group index is hit at random */
         "PRAGMA secure_delete = OFF;",    /* Debian's default is ON: slow, and nothing secret */
         "cannot set up");
}

int store_open(store *st, const char *path, int write)
{
    identity id;
    memset(st, 0, sizeof *st);
    st->path = path;
    if (connect(st, path, write ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
                                : SQLITE_OPEN_READONLY) != 0)
        return CLI_EXIT_SYSTEM;
    if (write && sqlite3_db_readonly(st->db, "main") == 1)
        return refuse(st, "the store is read-only: cannot index into it");
    int rc = identify(st, &id);
    if (!write && ((rc & 0xFF) == SQLITE_READONLY || (rc & 0xFF) == SQLITE_CANTOPEN)) {
        if (reconnect_immutable(st) != 0)
            return CLI_EXIT_SYSTEM;
        rc = identify(st, &id);
    }
    if (check_identity(st, rc, &id) != CLI_EXIT_OK)
        return CLI_EXIT_SYSTEM;
    int empty = id.objects == 0;
    if (!write && empty)
        return refuse(st, "not a quoth store: an empty file (`quoth index` makes one)");
    if (write) {
        set_up_writer(st);
        if (empty)
            create_schema(st);
    }
    return CLI_EXIT_OK;
}

void store_close(store *st)
{
    if (st->db != NULL)
        release(st);
}

/* ---- caches -------------------------------------------------------------- */

/* Entries per cache: room for the distinct quotes of a few thousand
 * articles, with few of them sharing a slot; some ten megabytes at most. */
enum { CACHE_SLOTS = 1 << 16 };

store_cache_entry *store_cache_find(store_cache *c, const char *s, size_t len)
{
    if (c->slots == NULL)
        return NULL;
    uint64_t h = cli_hash(s, len);
    store_cache_entry *e = &c->slots[h & (c->size - 1)];
    /* The bytes decide, not the hash: a collision must not merge. */
    if (e->value == 0 || e->hash != h || e->key.len != len ||
        (len > 0 && memcmp(e->key.ptr, s, len) != 0))
        return NULL;
    return e;
}

void store_cache_put(store_cache *c, const char *s, size_t len, sqlite3_int64 value, int flag)
{
    if (c->slots == NULL) {
        c->size = CACHE_SLOTS;
        c->slots = cli_xrealloc(NULL, c->size * sizeof *c->slots);
        memset(c->slots, 0, c->size * sizeof *c->slots);
    }
    uint64_t h = cli_hash(s, len);
    store_cache_entry *e = &c->slots[h & (c->size - 1)];
    e->hash = h;
    e->key.len = 0;
    cli_buf_add(&e->key, s, len);
    e->value = value;
    e->flag = flag;
}

void store_cache_clear(store_cache *c)
{
    for (size_t i = 0; i < c->size; i++) {
        c->slots[i].key.len = 0;
        c->slots[i].value = 0;
    }
}

void store_cache_free(store_cache *c)
{
    for (size_t i = 0; i < c->size; i++)
        cli_buf_free(&c->slots[i].key);
    free(c->slots);
    c->slots = NULL;
    c->size = 0;
}

/* ---- keys ---------------------------------------------------------------- */

/* Punctuation, separators (white space) and control characters do not
 * make a quote different. */
static int dropped(utf8proc_int32_t c)
{
    switch (utf8proc_category(c)) {
    case UTF8PROC_CATEGORY_PC: case UTF8PROC_CATEGORY_PD: case UTF8PROC_CATEGORY_PS:
    case UTF8PROC_CATEGORY_PE: case UTF8PROC_CATEGORY_PI: case UTF8PROC_CATEGORY_PF:
    case UTF8PROC_CATEGORY_PO: case UTF8PROC_CATEGORY_ZS: case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP: case UTF8PROC_CATEGORY_CC:
        return 1;
    default:
        return 0;
    }
}

/* Decompose `s` into st->cps, growing it as needed. The count, or -1. */
static utf8proc_ssize_t decompose(store *st, const char *s, size_t len, utf8proc_option_t opt)
{
    for (;;) {
        utf8proc_ssize_t n = utf8proc_decompose_custom(
            (const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, st->cps,
            (utf8proc_ssize_t)st->cps_cap, opt, NULL, NULL);
        if (n < 0 || (size_t)n <= st->cps_cap)
            return n < 0 ? -1 : n;
        st->cps_cap = (size_t)n + 64;
        st->cps = cli_xrealloc(st->cps, st->cps_cap * sizeof *st->cps);
    }
}

/* The key of ASCII text, which needs nothing of NFKC and whose case
 * folding is A-Z to a-z: most quotes are ASCII, and the full path costs
 * ten times as much. 0 when `s` is not ASCII. */
static int canon_ascii(cli_buf *out, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] >= 0x80)
            return 0;
    cli_buf_add(out, s, len);
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        char ch = out->ptr[i];
        if (!dropped((unsigned char)ch))
            out->ptr[n++] = ch >= 'A' && ch <= 'Z' ? (char)(ch + ('a' - 'A')) : ch;
    }
    out->len = n;
    return 1;
}

void store_canon(store *st, cli_buf *out, const char *s, size_t len)
{
    const utf8proc_option_t opt =
        UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_IGNORE;
    out->len = 0;
    if (canon_ascii(out, s, len))
        return;
    utf8proc_ssize_t n = decompose(st, s, len, opt);
    if (n < 0)
        return;  /* invalid UTF-8: the callers repair text before */
    n = utf8proc_normalize_utf32(st->cps, n, opt);
    for (utf8proc_ssize_t i = 0; i < n; i++) {
        utf8proc_uint8_t bytes[4];
        if (!dropped(st->cps[i]))
            cli_buf_add(out, (const char *)bytes,
                        (size_t)utf8proc_encode_char(st->cps[i], bytes));
    }
}

int store_contains(const cli_buf *hay, const cli_buf *needle)
{
    if (needle->len == 0 || needle->len > hay->len)
        return needle->len == 0;
    for (size_t i = 0; i + needle->len <= hay->len; i++) {
        const char *p = memchr(hay->ptr + i, needle->ptr[0], hay->len - needle->len + 1 - i);
        if (p == NULL)
            return 0;
        i = (size_t)(p - hay->ptr);
        if (memcmp(p, needle->ptr, needle->len) == 0)
            return 1;
    }
    return 0;
}
