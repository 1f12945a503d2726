/*
 * store.h - the quote store: an SQLite database of documents, quotes,
 * speakers and dedup groups (schema: docs/schema.sql, design:
 * docs/store.md), written by `quoth index` and read by `quoth search` and
 * `quoth speakers`.
 *
 * A failing database call ends the command: store_die() prints why, rolls
 * back what was not committed and exits with CLI_EXIT_SYSTEM. The database
 * stays as the last commit left it, which is what the crash safety of the
 * store rests on anyway, so callers need no error paths of their own.
 * The exceptions are the readers a server calls (store_prepare(),
 * store_search(), store_get_totals(), store_speakers()): they return
 * SQLite's error code, and the process goes on.
 */
#ifndef QUOTH_CLI_STORE_H
#define QUOTH_CLI_STORE_H

#include <stdint.h>

#include <sqlite3.h>
#include <utf8proc.h>

#include "quoth.h"

#include "cli.h"

/* The subcommands: store_index.c, store_search.c, store_speakers.c. */
int cli_index_main(int argc, char **argv);
int cli_search_main(int argc, char **argv);
int cli_speakers_main(int argc, char **argv);

/* The schema version this quoth writes: PRAGMA user_version. */
enum { STORE_VERSION = 1 };

/* Prepared statements kept for the life of the connection. */
enum { STORE_STATEMENTS = 64 };

/*
 * A cache from strings to what the database said about them, so that a
 * string seen again costs no query: direct-mapped, a newcomer evicts what
 * was in its slot. Start from all zeros.
 */
typedef struct store_cache_entry {
    uint64_t hash;
    cli_buf key;
    sqlite3_int64 value;
    int flag;
} store_cache_entry;

typedef struct store_cache {
    store_cache_entry *slots;  /* `size` of them, a power of two */
    size_t size;
} store_cache;

/* Occurrences counted in a group but not yet written to its row. */
typedef struct store_tally {
    sqlite3_int64 grp;         /* 0: the slot is free */
    sqlite3_int64 n;
    cli_buf first, last;       /* earliest and latest date; len 0: none */
} store_tally;

typedef struct store {
    sqlite3 *db;
    const char *path;
    int in_transaction;
    sqlite3_int64 data_version;         /* at our last commit; see store_begin */
    const char *sql[STORE_STATEMENTS];  /* cache keys: addresses of literals */
    sqlite3_stmt *stmt[STORE_STATEMENTS];
    utf8proc_int32_t *cps;              /* scratch for store_canon */
    size_t cps_cap;
    cli_buf key, other;                 /* scratch for store_group.c */
    store_cache groups;                 /* quote text -> group, same text */
    store_tally *tally;                 /* open addressing by group id */
    size_t tally_size, tally_used;      /* size: 0 or a power of two */
} store;

/* ---- the database -------------------------------------------------------- */

/*
 * Open the store at `path`. Writing creates it when it does not exist (or
 * is an empty file); reading needs an existing store and never changes it.
 * Returns CLI_EXIT_OK, or CLI_EXIT_SYSTEM after a message: not an SQLite
 * file, not a quoth store, a newer schema, read-only when writing.
 */
int store_open(store *st, const char *path, int write);
void store_close(store *st);

/* Print "quoth: PATH: what: SQLite's message", roll back, close, exit. */
_Noreturn void store_die(store *st, const char *what);

/*
 * BEGIN IMMEDIATE and COMMIT: a writer takes the lock at once, so two
 * writers wait for each other instead of failing on upgrade. store_begin
 * returns non-zero when another process wrote to the store since our last
 * commit: what the caller cached about it may be stale (the group cache
 * is cleared here).
 */
int store_begin(store *st);
void store_commit(store *st);

/*
 * The statement for `sql`, which must be a string literal: the statement
 * is prepared on first use and cached by the literal's address. It comes
 * back reset, with no bindings.
 */
sqlite3_stmt *store_sql(store *st, const char *sql);

/* store_sql() that returns SQLITE_OK with the statement in *out, or the
 * error code that preparing it gave, instead of ending the process. */
int store_prepare(store *st, const char *sql, sqlite3_stmt **out);

/* Step: SQLITE_ROW or SQLITE_DONE; anything else is fatal. */
int store_step(store *st, sqlite3_stmt *s);
/* Step a statement that returns no row. */
void store_run(store *st, sqlite3_stmt *s);
/* Step once: column 0 of the row as an integer, or `none` without a row.
 * The statement is reset after. */
sqlite3_int64 store_int(store *st, sqlite3_stmt *s, sqlite3_int64 none);
/* Run an INSERT: the rowid of the new row. (Not INSERT ... RETURNING: it
 * opens a statement savepoint, at which FTS5 flushes its pending terms.) */
sqlite3_int64 store_insert(store *st, sqlite3_stmt *s);

/* Bind `len` bytes of text, or NULL when `s` is NULL. The text must stay
 * put until the statement is stepped. */
void store_bind_text(sqlite3_stmt *stmt, int i, const char *s, size_t len);

/* A column as a NUL-terminated string, "" for NULL. */
const char *store_text(sqlite3_stmt *s, int col);

/* ---- caches -------------------------------------------------------------- */

/* The entry for `len` bytes of `s`, or NULL. Valid until the next put. */
store_cache_entry *store_cache_find(store_cache *c, const char *s, size_t len);
/* Remember `value` (not 0) and `flag` for `s`. */
void store_cache_put(store_cache *c, const char *s, size_t len, sqlite3_int64 value, int flag);
/* Forget everything: what it says may no longer be true. */
void store_cache_clear(store_cache *c);
void store_cache_free(store_cache *c);

/* ---- keys and hashes ----------------------------------------------------- */

/*
 * Replace `out` with the canonical key of `s`: NFKC, case-folded, default
 * ignorables dropped, and without punctuation, white space or control
 * characters. `s` must be valid UTF-8. Not NUL-terminated.
 */
void store_canon(store *st, cli_buf *out, const char *s, size_t len);

/* Whether `needle` occurs in `hay` (an empty needle does). */
int store_contains(const cli_buf *hay, const cli_buf *needle);

/* ---- search: store_search.c ---------------------------------------------- */

/* Around the matched words of store_result.snippet. */
#define STORE_MARK_OPEN "\x01"
#define STORE_MARK_CLOSE "\x02"

enum { STORE_DOCS_LISTED = 10 };

typedef struct store_query {
    const char *fts;            /* an FTS5 query */
    const char *speaker;        /* NULL, or a part of the speaker's name */
    const char *since, *until;  /* NULL, or YYYY-MM-DD: document dates, inclusive */
    long limit;                 /* at most this many results, 1 or more */
} store_query;

/* One result: a dedup group. Strings are NULL where the database has NULL. */
typedef struct store_result {
    sqlite3_int64 group, occurrences, documents;
    double score;                      /* lower ranks first */
    const char *text;                  /* the longest variant */
    const char *snippet;               /* with the STORE_MARK_* around matches */
    const char *first_date, *last_date;
    const char *speaker;               /* the most frequent one */
    const char *docs[STORE_DOCS_LISTED];  /* its first document ids, as indexed */
    size_t ndocs;
} store_result;

/* Called for each result, best first, its strings valid during the call.
 * Non-zero stops the search. */
typedef int (*store_result_fn)(const store_result *r, void *userdata);

/*
 * Search the store (`quoth search`): groups with a quote that passes all
 * the filters of `q`. Returns SQLITE_DONE (also when `fn` stopped it);
 * SQLITE_ERROR when q->fts is not a valid FTS5 query, with the reason in
 * sqlite3_errmsg(st->db); any other SQLite code when the store cannot be
 * read. Unlike the calls above, a failure does not end the process.
 */
int store_search(store *st, const store_query *q, store_result_fn fn, void *userdata);

/* Append `r` as a JSON object, the matches in its snippet between "**"
 * (a line of `quoth search --format jsonl`, without the newline). */
void store_result_json(cli_buf *b, const store_result *r);

/* Whether `s` has the shape of a date YYYY-MM-DD, as store_query wants. */
int store_is_date(const char *s);

/* ---- speakers: store_speakers.c ------------------------------------------ */

/* Counts over all the quotes of the store. */
typedef struct store_totals {
    sqlite3_int64 quotes, attributed, speakers;
    sqlite3_int64 female, male;  /* quotes with evidence of the speaker's gender */
} store_totals;

/* A speaker: a row of the speaker_stats view, and its names. Strings are
 * valid during the callback. */
typedef struct store_speaker {
    sqlite3_int64 id, quotes, distinct_quotes, articles;
    sqlite3_int64 female, male, none;      /* its quotes by gender evidence */
    const char *name;
    const char *first_seen, *last_seen;    /* document dates; NULL when undated */
    const char *const *variants;           /* the names it went by, sorted */
    size_t nvariants;
} store_speaker;

/* Called for each speaker, most quoted first. Non-zero stops the list. */
typedef int (*store_speaker_fn)(const store_speaker *s, void *userdata);

/* Fill `t`. SQLITE_OK, or SQLite's error code (the process goes on). */
int store_get_totals(store *st, store_totals *t);

/*
 * The `top` most quoted speakers (`quoth speakers`; all when `top` is 0),
 * each to `fn`. SQLITE_DONE (also when `fn` stopped it), or SQLite's
 * error code when the store cannot be read; the process goes on.
 */
int store_speakers(store *st, long top, store_speaker_fn fn, void *userdata);

/* Append `s` as a JSON object, its share of the quotes from `t` (a line of
 * `quoth speakers --format jsonl`, without the newline). */
void store_speaker_json(cli_buf *b, const store_speaker *s, const store_totals *t);

/* ---- dedup groups: store_group.c --------------------------------------- */

/*
 * File one occurrence of the quote `text` (valid UTF-8), said by `speaker`
 * (a speaker id, 0 for nobody) in a document dated `date` (NULL if
 * unknown): find or make its group and count the occurrence there.
 * Returns the group id; *same_text is set when `text` equals the group's
 * text, so that the quote row need not repeat it. The caller then writes
 * the quote row with that group.
 */
sqlite3_int64 store_group_add(store *st, const char *text, size_t len, sqlite3_int64 speaker,
                              const char *date, int *same_text);

/*
 * The quotes of a document are about to go: take them out of their groups.
 * Groups that lose their last quote are deleted; the others are rebuilt
 * from the quotes they keep. Deletes the document's quote rows.
 */
void store_group_remove_doc(store *st, sqlite3_int64 doc);

/* Write the occurrences counted since the last call to their groups'
 * rows: store_commit does, before it commits. */
void store_group_flush(store *st);

/* Free what the counts held. */
void store_group_free(store *st);

#endif
