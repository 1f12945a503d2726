/*
 * serve_store.c - see serve_store.h. SQLite builds each result object
 * (json_object), so the fields and their escaping are the database's and
 * this file only strings rows together. Rows are stepped here rather than
 * with store_step(), which ends the process on an error: a server answers
 * 500 and goes on.
 */
#include <stdio.h>
#include <string.h>

#include "serve_store.h"

enum { DOCS_LISTED = 10, SNIPPET_TOKENS = 40 };

/* The query of `quoth search` (store_search.c) with its output fields;
 * the snippet marks are the "**" of its jsonl format. */
static const char search_sql[] =
    "SELECT json_object('type', 'group', 'group', g.id, 'text', g.text,"
    "  'snippet', snippet(quote_fts, 0, '**', '**', '...', ?4),"
    "  'speaker', (SELECT s.name FROM quote q JOIN speaker s ON s.id = q.speaker"
    "    WHERE q.grp = g.id GROUP BY q.speaker ORDER BY count(*) DESC, min(q.id) LIMIT 1),"
    "  'occurrences', g.occurrences,"
    "  'documents', (SELECT count(DISTINCT doc) FROM quote WHERE grp = g.id),"
    "  'first_date', g.first_date, 'last_date', g.last_date,"
    "  'docs', json((SELECT json_group_array(key) FROM (SELECT d.key FROM document d"
    "    WHERE d.id IN (SELECT doc FROM quote WHERE grp = g.id)"
    "    ORDER BY d.date IS NULL, d.date, d.id LIMIT ?5))),"
    "  'score', round(bm25(quote_fts) * (1 + ln(g.occurrences)), 4))"
    " FROM quote_fts JOIN quote_group g ON g.id = quote_fts.rowid"
    " WHERE quote_fts MATCH ?1"
    "  AND (?2 IS NULL OR EXISTS (SELECT 1 FROM quote q WHERE q.grp = g.id"
    "   AND q.speaker IN (SELECT id FROM speaker WHERE instr(key, ?2) > 0)))"
    " ORDER BY bm25(quote_fts) * (1 + ln(g.occurrences)), g.id LIMIT ?3";

/* The listing of `quoth speakers` (store_speakers.c). */
static const char speakers_sql[] =
    "SELECT json_object('type', 'speaker', 'name', ss.name,"
    "  'variants', json((SELECT json_group_array(v.name) FROM (SELECT name FROM"
    "    speaker_variant WHERE speaker = ss.id ORDER BY name) v)),"
    "  'quotes', ss.quotes, 'distinct_quotes', ss.distinct_quotes, 'articles', ss.articles,"
    "  'first_seen', ss.first_seen, 'last_seen', ss.last_seen,"
    "  'share', round(ss.quotes * 1.0 / (SELECT count(*) FROM quote), 4),"
    "  'gender', CASE WHEN ss.female_evidence > ss.male_evidence THEN 'female'"
    "    WHEN ss.male_evidence > ss.female_evidence THEN 'male' END,"
    "  'gender_evidence', json_object('female', ss.female_evidence,"
    "    'male', ss.male_evidence, 'none', ss.no_evidence))"
    " FROM speaker_stats ss ORDER BY ss.quotes DESC, ss.name, ss.id LIMIT ?1";

static const char total_sql[] = "SELECT count(*) FROM quote";

/*
 * Append column 0 of each row of `s`, separated by commas. Returns
 * SQLITE_DONE, or the failing code with SQLite's message in `why`. The
 * statement is reset either way, which ends its read transaction: a
 * long-lived reader would keep `quoth index` from checkpointing the WAL.
 */
static int add_rows(store *st, sqlite3_stmt *s, cli_buf *out, char *why, size_t why_size)
{
    int rc;
    for (size_t n = 0; (rc = sqlite3_step(s)) == SQLITE_ROW; n++) {
        if (n > 0)
            cli_buf_add(out, ",", 1);
        cli_buf_add(out, (const char *)sqlite3_column_text(s, 0),
                    (size_t)sqlite3_column_bytes(s, 0));
    }
    if (rc != SQLITE_DONE)
        snprintf(why, why_size, "%s", sqlite3_errmsg(st->db));
    sqlite3_reset(s);
    return rc;
}

int serve_store_search(store *st, const serve_search *q, cli_buf *out, char *why,
                       size_t why_size)
{
    size_t mark = out->len;
    cli_buf key = {NULL, 0, 0};
    sqlite3_stmt *s = store_sql(st, search_sql);
    store_bind_text(s, 1, q->query, strlen(q->query));
    if (q->speaker != NULL) {
        store_canon(st, &key, q->speaker, strlen(q->speaker));
        store_bind_text(s, 2, key.ptr ? key.ptr : "", key.len);
    }
    sqlite3_bind_int64(s, 3, q->limit);
    sqlite3_bind_int(s, 4, SNIPPET_TOKENS);
    sqlite3_bind_int(s, 5, DOCS_LISTED);
    cli_buf_add(out, "{\"results\":[", 12);
    int rc = add_rows(st, s, out, why, why_size);
    cli_buf_free(&key);
    if (rc == SQLITE_DONE) {
        cli_buf_add(out, "]}", 2);
        return 200;
    }
    out->len = mark;
    /* The SQL is fixed, so a plain SQL error can only be the query's. */
    return rc == SQLITE_ERROR ? 400 : 500;
}

int serve_store_speakers(store *st, long top, cli_buf *out, char *why, size_t why_size)
{
    size_t mark = out->len;
    cli_buf_add(out, "{\"quotes\":", 10);
    int rc = add_rows(st, store_sql(st, total_sql), out, why, why_size);
    if (rc == SQLITE_DONE) {
        sqlite3_stmt *s = store_sql(st, speakers_sql);
        sqlite3_bind_int64(s, 1, top);
        cli_buf_add(out, ",\"speakers\":[", 13);
        rc = add_rows(st, s, out, why, why_size);
    }
    if (rc == SQLITE_DONE) {
        cli_buf_add(out, "]}", 2);
        return 200;
    }
    out->len = mark;
    return 500;
}
