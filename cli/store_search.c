/*
 * store_search.c - full-text search over the quotes of a store, one result
 * per dedup group, best first: store_search() for any caller, and the
 * `quoth search DB QUERY` command around it.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "output.h"
#include "store.h"

enum { DEFAULT_LIMIT = 20, SNIPPET_TOKENS = 40 };

static const char *const usage_text[] = {
    "Usage: quoth search [OPTIONS] DB QUERY\n"
    "\n"
    "Search the quotes in the quote store DB (made by `quoth index`). Each result\n"
    "is a dedup group: a quotation with every article that ran it. Results are\n"
    "ranked by relevance (bm25), boosted by how often the quote ran.\n"
    "\n"
    "QUERY is an SQLite FTS5 query: words (all must occur, in any case and with\n"
    "or without accents), \"a phrase\", prefix*, OR, NOT, parentheses. Quote a\n"
    "word that holds punctuation: '\"don't\"'.\n"
    "\n"
    "  --speaker NAME       only quotes by a speaker whose name contains NAME\n"
    "                       (ignoring case, punctuation and spaces): \"Clinton\"\n"
    "                       matches Hillary and Bill Clinton\n"
    "  --since DATE         only quotes from documents dated DATE (YYYY-MM-DD)\n"
    "  --until DATE         or later, or up to DATE (inclusive); undated\n"
    "                       documents do not pass a date filter\n"
    "  --limit N            at most N results (default 20)\n"
    "  --format jsonl|text  jsonl: one JSON object per result; text: a listing.\n"
    "                       Default: text on a terminal, else jsonl.\n"
    "  -h, --help           print this help and exit\n"
    "\n"
    "A jsonl result: {\"type\":\"group\",\"group\":ID,\"text\":LONGEST_VARIANT,\n"
    "\"snippet\":TEXT_WITH_**MATCHES**,\"speaker\":MOST_FREQUENT_SPEAKER,\n"
    "\"occurrences\":N,\"documents\":N,\"first_date\":D,\"last_date\":D,\n"
    "\"docs\":[FIRST_10_DOCUMENT_IDS],\"score\":X} (lower scores rank first).\n"
    "The filters pick groups with at least one quote that passes them all; the\n"
    "counts and dates are the group's.\n"
    "\n"
    "Exit status: 0 (also when nothing matched), 2 for a bad command line or a\n"
    "QUERY that is not valid FTS5, 3 when the store cannot be read.\n",
    NULL};

/* ---- command line -------------------------------------------------------- */

enum { OPT_SPEAKER, OPT_SINCE, OPT_UNTIL, OPT_LIMIT, OPT_FORMAT };

static const cli_option options[] = {
    {"help", 'h', 0, CLI_OPT_HELP},
    {"speaker", 0, 1, OPT_SPEAKER},
    {"since", 0, 1, OPT_SINCE},
    {"until", 0, 1, OPT_UNTIL},
    {"limit", 0, 1, OPT_LIMIT},
    {"format", 0, 1, OPT_FORMAT},
    {NULL, 0, 0, 0},
};

typedef struct request {
    const char *db, *query, *speaker, *since, *until;
    long limit;
    int text;      /* --format text */
    int tty;       /* standard output is a terminal */
} request;

int store_is_date(const char *s)
{
    static const char shape[] = "dddd-dd-dd";
    for (size_t i = 0; i < sizeof shape - 1; i++)
        if (shape[i] == 'd' ? s[i] < '0' || s[i] > '9' : s[i] != shape[i])
            return 0;
    return s[sizeof shape - 1] == '\0';
}

/* The operands: DB, then QUERY. */
static int set_operand(request *req, int id, const char *v)
{
    if (id == CLI_ARG_END && req->query == NULL) {
        fputs("quoth: search: give a DB and a QUERY\n", stderr);
        return -1;
    }
    if (id == CLI_ARG_OPERAND && req->query != NULL) {
        fprintf(stderr, "quoth: search: one QUERY only: put it in quotes\n");
        return -1;
    }
    if (id == CLI_ARG_OPERAND)
        *(req->db == NULL ? &req->db : &req->query) = v;
    return 0;
}

/* One argument: a cli_apply_fn. */
static int apply(void *userdata, int id, const char *v)
{
    static const char *const formats[] = {"jsonl", "text", NULL};
    request *req = userdata;
    int k;
    switch (id) {
    case OPT_SPEAKER:
        req->speaker = v;
        return 0;
    case OPT_SINCE:
    case OPT_UNTIL:
        if (!store_is_date(v))
            return cli_bad_value(id == OPT_SINCE ? "since" : "until", v, "a date YYYY-MM-DD");
        *(id == OPT_SINCE ? &req->since : &req->until) = v;
        return 0;
    case OPT_LIMIT:
        if (cli_parse_number(v, 1, LONG_MAX, &req->limit) != 0)
            return cli_bad_value("limit", v, "a number of results, 1 or more");
        return 0;
    case OPT_FORMAT:
        if ((k = cli_pick(v, formats)) < 0)
            return cli_bad_value("format", v, "jsonl or text");
        req->text = k == 1;
        return 0;
    default:
        return set_operand(req, id, v);
    }
}

/* ---- the search ---------------------------------------------------------- */

/* The statements of a search: the groups, then for each group its most
 * frequent speaker, its document count and the first few documents. The
 * documents are in the order they were indexed: by date would read the
 * document row of every occurrence, thousands of pages for a popular
 * quote. */
enum { SQL_GROUPS, SQL_WHO, SQL_COUNT, SQL_DOCS, SQL_STATEMENTS };

static const char groups_sql[] =
    "SELECT g.id, g.text, snippet(quote_fts, 0, ?5, ?6, '...', ?7),"
    "  g.occurrences, g.first_date, g.last_date,"
    "  bm25(quote_fts) * (1 + ln(g.occurrences)) AS score"
    " FROM quote_fts JOIN quote_group g ON g.id = quote_fts.rowid"
    " WHERE quote_fts MATCH ?1"
    "  AND (?2 IS NULL AND ?3 IS NULL AND ?4 IS NULL OR EXISTS ("
    "   SELECT 1 FROM quote q JOIN document d ON d.id = q.doc WHERE q.grp = g.id"
    "    AND (?2 IS NULL OR q.speaker IN (SELECT id FROM speaker WHERE instr(key, ?2) > 0))"
    "    AND (?3 IS NULL OR substr(d.date, 1, 10) >= ?3)"
    "    AND (?4 IS NULL OR substr(d.date, 1, 10) <= ?4)))"
    " ORDER BY score, g.id LIMIT ?8";
static const char who_sql[] =
    "SELECT s.name FROM quote q JOIN speaker s ON s.id = q.speaker WHERE q.grp = ?1"
    " GROUP BY q.speaker ORDER BY count(*) DESC, min(q.id) LIMIT 1";
static const char count_sql[] = "SELECT count(DISTINCT doc) FROM quote WHERE grp = ?1";
static const char docs_sql[] =
    "SELECT d.key FROM document d WHERE d.id IN"
    " (SELECT DISTINCT doc FROM quote WHERE grp = ?1 ORDER BY doc LIMIT ?2) ORDER BY d.id";

/* All of them, reset. SQLITE_OK, or the error. */
static int prepare(store *st, sqlite3_stmt **s)
{
    static const char *const sql[SQL_STATEMENTS] = {groups_sql, who_sql, count_sql, docs_sql};
    int rc = SQLITE_OK;
    for (size_t i = 0; i < SQL_STATEMENTS && rc == SQLITE_OK; i++)
        rc = store_prepare(st, sql[i], &s[i]);
    return rc;
}

/* Fill in what a result shows besides its row. SQLITE_ROW, or the error.
 * The speaker's name lives in its statement until the next call;
 * free_docs() frees the document ids. */
static int describe(sqlite3_stmt **s, store_result *r)
{
    sqlite3_stmt *who = s[SQL_WHO], *n = s[SQL_COUNT], *docs = s[SQL_DOCS];
    sqlite3_reset(who);
    sqlite3_bind_int64(who, 1, r->group);
    int rc = sqlite3_step(who);
    r->speaker = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(who, 0) : NULL;
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return rc;
    sqlite3_reset(n);
    sqlite3_bind_int64(n, 1, r->group);
    if ((rc = sqlite3_step(n)) != SQLITE_ROW)
        return rc;
    r->documents = sqlite3_column_int64(n, 0);
    sqlite3_reset(docs);
    sqlite3_bind_int64(docs, 1, r->group);
    sqlite3_bind_int(docs, 2, STORE_DOCS_LISTED);
    /* Each row's text goes with the next step: copy the keys. */
    for (r->ndocs = 0; (rc = sqlite3_step(docs)) == SQLITE_ROW; r->ndocs++) {
        size_t len = (size_t)sqlite3_column_bytes(docs, 0) + 1;
        r->docs[r->ndocs] = memcpy(cli_xrealloc(NULL, len), sqlite3_column_text(docs, 0), len);
    }
    return rc == SQLITE_DONE ? SQLITE_ROW : rc;
}

static void free_docs(store_result *r)
{
    for (size_t i = 0; i < r->ndocs; i++)
        free((char *)r->docs[i]);
    r->ndocs = 0;
}

/* Bind the main query. `speaker_key` must live until it is done. */
static void bind_query(sqlite3_stmt *s, const store_query *q, const cli_buf *speaker_key)
{
    store_bind_text(s, 1, q->fts, strlen(q->fts));
    if (q->speaker != NULL)
        store_bind_text(s, 2, speaker_key->ptr ? speaker_key->ptr : "", speaker_key->len);
    store_bind_text(s, 3, q->since, q->since ? strlen(q->since) : 0);
    store_bind_text(s, 4, q->until, q->until ? strlen(q->until) : 0);
    sqlite3_bind_text(s, 5, STORE_MARK_OPEN, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 6, STORE_MARK_CLOSE, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 7, SNIPPET_TOKENS);
    sqlite3_bind_int64(s, 8, q->limit);
}

/* Each row of the bound main query `s[SQL_GROUPS]` to `fn`. */
static int each_result(sqlite3_stmt **s, store_result_fn fn, void *userdata)
{
    sqlite3_stmt *g = s[SQL_GROUPS];
    int rc, stop = 0;
    while (!stop && (rc = sqlite3_step(g)) == SQLITE_ROW) {
        store_result r = {sqlite3_column_int64(g, 0), sqlite3_column_int64(g, 3), 0,
                          sqlite3_column_double(g, 6),
                          (const char *)sqlite3_column_text(g, 1),
                          (const char *)sqlite3_column_text(g, 2),
                          (const char *)sqlite3_column_text(g, 4),
                          (const char *)sqlite3_column_text(g, 5), NULL, {NULL}, 0};
        rc = describe(s, &r);
        if (rc == SQLITE_ROW)
            stop = fn(&r, userdata);
        free_docs(&r);
        if (rc != SQLITE_ROW)
            break;
    }
    return stop || rc == SQLITE_DONE ? SQLITE_DONE : rc;
}

int store_search(store *st, const store_query *q, store_result_fn fn, void *userdata)
{
    sqlite3_stmt *s[SQL_STATEMENTS];
    cli_buf key = {NULL, 0, 0};
    int rc = prepare(st, s);
    if (rc != SQLITE_OK)
        return rc;
    if (q->speaker != NULL)
        store_canon(st, &key, q->speaker, strlen(q->speaker));
    bind_query(s[SQL_GROUPS], q, &key);
    rc = each_result(s, fn, userdata);
    cli_buf_free(&key);
    /* Reset: a reader left on a row would hold back the WAL checkpoint. */
    for (size_t i = 0; i < SQL_STATEMENTS; i++)
        sqlite3_reset(s[i]);
    return rc;
}

/* ---- output -------------------------------------------------------------- */

/* Append `s` with `open` and `close` for the match marks; with `fold`,
 * white space folded and control characters (which could drive a
 * terminal) shown as U+FFFD. */
static void add_marked(cli_buf *b, const char *s, const char *open, const char *close,
                       int fold)
{
    for (; *s; s++) {
        if (*s == STORE_MARK_OPEN[0])
            cli_buf_add(b, open, strlen(open));
        else if (*s == STORE_MARK_CLOSE[0])
            cli_buf_add(b, close, strlen(close));
        else if (fold && (*s == '\n' || *s == '\r' || *s == '\t'))
            cli_buf_add(b, " ", 1);
        else if (fold && ((unsigned char)*s < 0x20 || *s == 0x7F))
            cli_buf_add(b, "\xEF\xBF\xBD", 3);
        else
            cli_buf_add(b, s, 1);
    }
}

static void add_json_text(cli_buf *b, const char *key, const char *s)
{
    cli_buf_printf(b, ",\"%s\":", key);
    if (s == NULL)
        cli_buf_add(b, "null", 4);
    else
        quoth_write_json_string(s, strlen(s), cli_buf_write, b);
}

void store_result_json(cli_buf *b, const store_result *r)
{
    cli_buf marked = {NULL, 0, 0};
    cli_buf_printf(b, "{\"type\":\"group\",\"group\":%lld", (long long)r->group);
    add_json_text(b, "text", r->text);
    add_marked(&marked, r->snippet ? r->snippet : "", "**", "**", 0);
    cli_buf_add(&marked, "", 1);
    add_json_text(b, "snippet", marked.ptr);
    add_json_text(b, "speaker", r->speaker);
    cli_buf_printf(b, ",\"occurrences\":%lld,\"documents\":%lld", (long long)r->occurrences,
                   (long long)r->documents);
    add_json_text(b, "first_date", r->first_date);
    add_json_text(b, "last_date", r->last_date);
    cli_buf_add(b, ",\"docs\":[", 9);
    for (size_t i = 0; i < r->ndocs; i++) {
        if (i > 0)
            cli_buf_add(b, ",", 1);
        quoth_write_json_string(r->docs[i], strlen(r->docs[i]), cli_buf_write, b);
    }
    cli_buf_printf(b, "],\"score\":%.6g}", r->score);
    cli_buf_free(&marked);
}

/* The listing of --format text: bold matches on a terminal. */
static void write_text(cli_buf *b, const store_result *r, size_t rank, int tty)
{
    const char *open = tty ? "\033[1m" : "**", *close = tty ? "\033[0m" : "**";
    cli_buf_printf(b, "%s%zu. \"", rank > 1 ? "\n" : "", rank);
    add_marked(b, r->snippet ? r->snippet : "", open, close, 1);
    cli_buf_add(b, "\"\n   ", 5);
    add_marked(b, r->speaker ? r->speaker : "(no speaker)", "", "", 1);
    cli_buf_printf(b, " - %lld quote%s in %lld document%s", (long long)r->occurrences,
                   r->occurrences == 1 ? "" : "s", (long long)r->documents,
                   r->documents == 1 ? "" : "s");
    if (r->first_date != NULL)
        cli_buf_printf(b, ", %.10s to %.10s", r->first_date, r->last_date);
    cli_buf_add(b, "\n   ", 4);
    for (size_t i = 0; i < r->ndocs; i++) {
        if (i > 0)
            cli_buf_add(b, ", ", 2);
        add_marked(b, r->docs[i], "", "", 1);
    }
    if ((size_t)r->documents > r->ndocs)
        cli_buf_printf(b, " and %lld more", (long long)r->documents - (long long)r->ndocs);
    cli_buf_add(b, "\n", 1);
}

/* ---- the command --------------------------------------------------------- */

typedef struct printer {
    const request *req;
    cli_out *out;
    cli_buf line;
    size_t rank;
} printer;

static int print_result(const store_result *r, void *userdata)
{
    printer *p = userdata;
    p->line.len = 0;
    if (p->req->text) {
        write_text(&p->line, r, ++p->rank, p->req->tty);
    } else {
        store_result_json(&p->line, r);
        cli_buf_add(&p->line, "\n", 1);
    }
    return cli_out_write(p->line.ptr, p->line.len, p->out);
}

/* Run the search and write the results. A cli_exit. */
static int search(store *st, const request *req, cli_out *out)
{
    store_query q = {req->query, req->speaker, req->since, req->until, req->limit};
    printer p = {req, out, {NULL, 0, 0}, 0};
    int rc = store_search(st, &q, print_result, &p);
    cli_buf_free(&p.line);
    if (rc == SQLITE_ERROR) {
        fprintf(stderr, "quoth: bad search query '%s': %s\n", req->query, sqlite3_errmsg(st->db));
        fputs("Words with punctuation go in double quotes: see 'quoth search --help'.\n", stderr);
        return CLI_EXIT_USAGE;
    }
    if (rc != SQLITE_DONE)
        store_die(st, "cannot search");
    return CLI_EXIT_OK;
}

int cli_search_main(int argc, char **argv)
{
    request req;
    store st;
    cli_out out = {stdout, 0};
    memset(&req, 0, sizeof req);
    req.tty = isatty(STDOUT_FILENO);
    req.text = req.tty;
    req.limit = DEFAULT_LIMIT;
    int rc = cli_parse(argc, argv, options, usage_text, "search", apply, &req);
    if (rc >= 0)
        return rc;
    if (store_open(&st, req.db, 0) != CLI_EXIT_OK)
        return CLI_EXIT_SYSTEM;
    rc = search(&st, &req, &out);
    store_close(&st);
    if (cli_out_flush(&out) != 0) {
        if (out.error != EPIPE)
            fprintf(stderr, "quoth: cannot write output: %s\n", strerror(out.error));
        return CLI_EXIT_SYSTEM;
    }
    return rc;
}
