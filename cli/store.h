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

typedef struct store {
    sqlite3 *db;
    const char *path;
    int in_transaction;
    const char *sql[STORE_STATEMENTS];  /* cache keys: addresses of literals */
    sqlite3_stmt *stmt[STORE_STATEMENTS];
    utf8proc_int32_t *cps;              /* scratch for store_canon */
    size_t cps_cap;
    cli_buf key, other;                 /* scratch for store_group.c */
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

/* BEGIN IMMEDIATE and COMMIT: a writer takes the lock at once, so two
 * writers wait for each other instead of failing on upgrade. */
void store_begin(store *st);
void store_commit(store *st);

/*
 * The statement for `sql`, which must be a string literal: the statement
 * is prepared on first use and cached by the literal's address. It comes
 * back reset, with no bindings.
 */
sqlite3_stmt *store_sql(store *st, const char *sql);

/* Step: SQLITE_ROW or SQLITE_DONE; anything else is fatal. */
int store_step(store *st, sqlite3_stmt *s);
/* Step a statement that returns no row. */
void store_run(store *st, sqlite3_stmt *s);
/* Step once: column 0 of the row as an integer, or `none` without a row. */
sqlite3_int64 store_int(store *st, sqlite3_stmt *s, sqlite3_int64 none);

/* Bind `len` bytes of text, or NULL when `s` is NULL. The text must stay
 * put until the statement is stepped. */
void store_bind_text(sqlite3_stmt *stmt, int i, const char *s, size_t len);

/* A column as a NUL-terminated string, "" for NULL. */
const char *store_text(sqlite3_stmt *s, int col);

/* ---- keys and hashes ----------------------------------------------------- */

/*
 * Replace `out` with the canonical key of `s`: NFKC, case-folded, default
 * ignorables dropped, and without punctuation, white space or control
 * characters. `s` must be valid UTF-8. Not NUL-terminated.
 */
void store_canon(store *st, cli_buf *out, const char *s, size_t len);

/* A 64-bit hash of `len` bytes, the same on every machine (it is stored). */
uint64_t store_hash(const char *s, size_t len);

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

#endif
