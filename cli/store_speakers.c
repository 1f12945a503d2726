/*
 * store_speakers.c - who gets quoted, how often, and the gender split of
 * the quotes where the text gave evidence of it: store_speakers() for any
 * caller, and the `quoth speakers DB` command around it.
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

enum { DEFAULT_TOP = 20, NAME_COLUMNS = 28 };

typedef enum format { FORMAT_JSONL, FORMAT_TEXT, FORMAT_CSV } format;

static const char *const usage_text[] = {
    "Usage: quoth speakers [OPTIONS] DB\n"
    "\n"
    "List the speakers of the quote store DB (made by `quoth index`), most quoted\n"
    "first: quotes, distinct quotes (dedup groups), articles, first and last\n"
    "seen (document dates), share of all quotes, and gender.\n"
    "\n"
    "Gender comes from the texts only: a quote whose speaker a she/her or Ms./Mrs.\n"
    "refers to counts as evidence for female, he/him or Mr. for male, and the rest\n"
    "as none. A speaker's gender is the side with more evidence, unknown on a tie.\n"
    "The summary gives the share of all quotes with each kind of evidence,\n"
    "unknown included.\n"
    "\n"
    "  --top N                   the N most quoted speakers (default 20; 0: all)\n"
    "  --format jsonl|text|csv   jsonl: an object per speaker, then a summary\n"
    "                            object; csv: a header and a row per speaker;\n"
    "                            text: a table. Default: text on a terminal,\n"
    "                            else jsonl.\n"
    "  -h, --help                print this help and exit\n"
    "\n"
    "Exit status: 0, 2 for a bad command line, 3 when the store cannot be read.\n",
    NULL};

enum { OPT_TOP, OPT_FORMAT };

static const cli_option options[] = {
    {"help", 'h', 0, CLI_OPT_HELP},
    {"top", 0, 1, OPT_TOP},
    {"format", 0, 1, OPT_FORMAT},
    {NULL, 0, 0, 0},
};

typedef struct request {
    const char *db;
    long top;
    format fmt;
} request;

/* One argument: a cli_apply_fn. */
static int apply(void *userdata, int id, const char *v)
{
    static const char *const names[] = {"jsonl", "text", "csv", NULL};
    request *req = userdata;
    int k;
    switch (id) {
    case OPT_TOP:
        if (cli_parse_number(v, 0, LONG_MAX, &req->top) != 0)
            return cli_bad_value("top", v, "a number");
        return 0;
    case OPT_FORMAT:
        if ((k = cli_pick(v, names)) < 0)
            return cli_bad_value("format", v, "jsonl, text or csv");
        req->fmt = (format)k;
        return 0;
    case CLI_ARG_OPERAND:
        if (req->db != NULL) {
            fprintf(stderr, "quoth: speakers: one DB only\n");
            return -1;
        }
        req->db = v;
        return 0;
    default: /* CLI_ARG_END */
        if (req->db != NULL)
            return 0;
        fputs("quoth: speakers: no DB given\n", stderr);
        return -1;
    }
}

/* ---- the figures --------------------------------------------------------- */

static const char totals_sql[] =
    "SELECT count(*), count(speaker), count(DISTINCT speaker),"
    " coalesce(sum(gender = 1), 0), coalesce(sum(gender = 2), 0) FROM quote";
static const char list_sql[] =
    "SELECT id, name, quotes, distinct_quotes, articles, first_seen, last_seen,"
    " female_evidence, male_evidence, no_evidence FROM speaker_stats"
    " ORDER BY quotes DESC, name, id LIMIT ?1";
static const char variants_sql[] =
    "SELECT name FROM speaker_variant WHERE speaker = ?1 ORDER BY name";

int store_get_totals(store *st, store_totals *t)
{
    sqlite3_stmt *s;
    int rc = store_prepare(st, totals_sql, &s);
    if (rc != SQLITE_OK)
        return rc;
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        t->quotes = sqlite3_column_int64(s, 0);
        t->attributed = sqlite3_column_int64(s, 1);
        t->speakers = sqlite3_column_int64(s, 2);
        t->female = sqlite3_column_int64(s, 3);
        t->male = sqlite3_column_int64(s, 4);
        rc = SQLITE_OK;
    }
    sqlite3_reset(s);  /* a statement left on a row holds a read snapshot */
    return rc;
}

/* A speaker's names, copied: a row's text goes with the next step. */
typedef struct name_list {
    char **names;
    size_t n, cap;
} name_list;

static void name_list_clear(name_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->names[i]);
    l->n = 0;
}

/* The names of `speaker` into `l`. SQLITE_DONE, or the error. */
static int get_variants(sqlite3_stmt *s, sqlite3_int64 speaker, name_list *l)
{
    int rc;
    name_list_clear(l);
    sqlite3_reset(s);
    sqlite3_bind_int64(s, 1, speaker);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *name = store_text(s, 0);
        size_t len = strlen(name) + 1;
        if (l->n == l->cap) {
            l->cap = l->cap ? 2 * l->cap : 8;
            l->names = cli_xrealloc(l->names, l->cap * sizeof *l->names);
        }
        l->names[l->n++] = memcpy(cli_xrealloc(NULL, len), name, len);
    }
    return rc;
}

/* The speaker on the current row of `list`, with the names in `l`. */
static store_speaker speaker_of(sqlite3_stmt *list, const name_list *l)
{
    store_speaker sp = {sqlite3_column_int64(list, 0), sqlite3_column_int64(list, 2),
                        sqlite3_column_int64(list, 3), sqlite3_column_int64(list, 4),
                        sqlite3_column_int64(list, 7), sqlite3_column_int64(list, 8),
                        sqlite3_column_int64(list, 9), store_text(list, 1),
                        (const char *)sqlite3_column_text(list, 5),
                        (const char *)sqlite3_column_text(list, 6),
                        (const char *const *)l->names, l->n};
    return sp;
}

int store_speakers(store *st, long top, store_speaker_fn fn, void *userdata)
{
    sqlite3_stmt *list, *variants;
    name_list names = {NULL, 0, 0};
    int stop = 0;
    int rc = store_prepare(st, list_sql, &list);
    if (rc == SQLITE_OK)
        rc = store_prepare(st, variants_sql, &variants);
    if (rc != SQLITE_OK)
        return rc;
    sqlite3_bind_int64(list, 1, top > 0 ? top : -1);
    while (!stop && (rc = sqlite3_step(list)) == SQLITE_ROW) {
        if ((rc = get_variants(variants, sqlite3_column_int64(list, 0), &names)) != SQLITE_DONE)
            break;
        store_speaker sp = speaker_of(list, &names);
        stop = fn(&sp, userdata);
    }
    name_list_clear(&names);
    free(names.names);
    /* Reset: a reader left on a row would hold back the WAL checkpoint. */
    sqlite3_reset(list);
    sqlite3_reset(variants);
    return stop || rc == SQLITE_DONE ? SQLITE_DONE : rc;
}

static double share(sqlite3_int64 part, sqlite3_int64 whole)
{
    return whole > 0 ? (double)part / (double)whole : 0.0;
}

static const char *gender_of(const store_speaker *r)
{
    return r->female > r->male ? "female" : r->male > r->female ? "male" : NULL;
}

/* ---- formats ------------------------------------------------------------- */

static void add_json(cli_buf *b, const char *s)
{
    if (s == NULL)
        cli_buf_add(b, "null", 4);
    else
        quoth_write_json_string(s, strlen(s), cli_buf_write, b);
}

/* `n` bytes of a name for a terminal or a CSV cell: control characters
 * (which could drive a terminal) become spaces. */
static void add_plain_n(cli_buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        cli_buf_add(b, (unsigned char)s[i] < 0x20 || s[i] == 0x7F ? " " : s + i, 1);
}

static void add_plain(cli_buf *b, const char *s)
{
    add_plain_n(b, s, strlen(s));
}

/* RFC 4180: a field with a comma, quote or line break goes in quotes,
 * its quotes doubled. */
static void add_csv(cli_buf *b, const char *s)
{
    if (s == NULL || strpbrk(s, ",\"\r\n") == NULL) {
        cli_buf_add(b, s ? s : "", s ? strlen(s) : 0);
        return;
    }
    cli_buf_add(b, "\"", 1);
    for (; *s; s++) {
        if (*s == '"')
            cli_buf_add(b, "\"", 1);
        cli_buf_add(b, s, 1);
    }
    cli_buf_add(b, "\"", 1);
}

void store_speaker_json(cli_buf *b, const store_speaker *r, const store_totals *t)
{
    cli_buf_add(b, "{\"type\":\"speaker\",\"name\":", 25);
    add_json(b, r->name);
    cli_buf_add(b, ",\"variants\":[", 13);
    for (size_t i = 0; i < r->nvariants; i++) {
        if (i > 0)
            cli_buf_add(b, ",", 1);
        add_json(b, r->variants[i]);
    }
    cli_buf_printf(b, "],\"quotes\":%lld,\"distinct_quotes\":%lld,\"articles\":%lld",
                   (long long)r->quotes, (long long)r->distinct_quotes, (long long)r->articles);
    cli_buf_add(b, ",\"first_seen\":", 14);
    add_json(b, r->first_seen);
    cli_buf_add(b, ",\"last_seen\":", 13);
    add_json(b, r->last_seen);
    cli_buf_printf(b, ",\"share\":%.4f,\"gender\":", share(r->quotes, t->quotes));
    add_json(b, gender_of(r));
    cli_buf_printf(b, ",\"gender_evidence\":{\"female\":%lld,\"male\":%lld,\"none\":%lld}}",
                   (long long)r->female, (long long)r->male, (long long)r->none);
}

static void write_jsonl(cli_buf *b, const store_speaker *r, const store_totals *t)
{
    store_speaker_json(b, r, t);
    cli_buf_add(b, "\n", 1);
}

static void write_csv(cli_buf *b, const store_speaker *r, const store_totals *t)
{
    cli_buf v = {NULL, 0, 0};
    add_csv(b, r->name);
    cli_buf_add(b, ",", 1);
    for (size_t i = 0; i < r->nvariants; i++) {
        if (i > 0)
            cli_buf_add(&v, "; ", 2);
        add_plain(&v, r->variants[i]);
    }
    cli_buf_add(&v, "", 1);
    add_csv(b, v.ptr);
    cli_buf_printf(b, ",%lld,%lld,%lld,%s,%s,%.4f,%s,%lld,%lld,%lld\r\n", (long long)r->quotes,
                   (long long)r->distinct_quotes, (long long)r->articles,
                   r->first_seen ? r->first_seen : "", r->last_seen ? r->last_seen : "",
                   share(r->quotes, t->quotes), gender_of(r) ? gender_of(r) : "",
                   (long long)r->female, (long long)r->male, (long long)r->none);
    cli_buf_free(&v);
}

/* Pad `s` to `width` columns, counting code points (a fair guess for
 * names; wide scripts come out too wide). */
static void add_padded(cli_buf *b, const char *s, size_t width)
{
    size_t cols = 0, n = 0;
    /* Up to the lead byte of code point width + 1. */
    for (; s[n] != '\0'; n++)
        if (((unsigned char)s[n] & 0xC0) != 0x80 && cols++ == width)
            break;
    add_plain_n(b, s, n);
    for (cols = cols > width ? width : cols; cols < width; cols++)
        cli_buf_add(b, " ", 1);
}

static void write_text(cli_buf *b, const store_speaker *r, const store_totals *t)
{
    add_padded(b, r->name, NAME_COLUMNS);
    cli_buf_printf(b, " %7lld %8lld %8lld  %-10.10s  %-10.10s %6.1f%%  %s\n",
                   (long long)r->quotes, (long long)r->distinct_quotes,
                   (long long)r->articles, r->first_seen ? r->first_seen : "-",
                   r->last_seen ? r->last_seen : "-", 100.0 * share(r->quotes, t->quotes),
                   gender_of(r) ? gender_of(r) : "unknown");
}

static void write_header(cli_buf *b, format fmt)
{
    if (fmt == FORMAT_CSV)
        cli_buf_printf(b, "name,variants,quotes,distinct_quotes,articles,first_seen,last_seen,"
                          "share,gender,female_evidence,male_evidence,no_evidence\r\n");
    else if (fmt == FORMAT_TEXT)
        cli_buf_printf(b, "%-*s  quotes distinct articles  first seen  last seen    share"
                          "  gender\n", NAME_COLUMNS, "speaker");
}

static void write_summary(cli_buf *b, format fmt, const store_totals *t)
{
    sqlite3_int64 unknown = t->quotes - t->female - t->male;
    if (fmt == FORMAT_JSONL) {
        cli_buf_printf(b, "{\"type\":\"summary\",\"quotes\":%lld,\"attributed\":%lld,"
                          "\"speakers\":%lld,\"gender_share\":{\"female\":%.4f,\"male\":%.4f,"
                          "\"unknown\":%.4f}}\n",
                       (long long)t->quotes, (long long)t->attributed, (long long)t->speakers,
                       share(t->female, t->quotes), share(t->male, t->quotes),
                       share(unknown, t->quotes));
    } else if (fmt == FORMAT_TEXT) {
        add_padded(b, "(no speaker)", NAME_COLUMNS);
        cli_buf_printf(b, " %7lld %51.1f%%\n\n", (long long)(t->quotes - t->attributed),
                       100.0 * share(t->quotes - t->attributed, t->quotes));
        cli_buf_printf(b, "%lld quotes, %lld speakers. Quotes by speaker gender, as the texts"
                          " show it: female %.1f%%, male %.1f%%, unknown %.1f%%.\n",
                       (long long)t->quotes, (long long)t->speakers,
                       100.0 * share(t->female, t->quotes), 100.0 * share(t->male, t->quotes),
                       100.0 * share(unknown, t->quotes));
    }
}

/* ---- the command --------------------------------------------------------- */

typedef struct printer {
    const request *req;
    const store_totals *totals;
    cli_out *out;
    cli_buf line;
} printer;

static int print_speaker(const store_speaker *sp, void *userdata)
{
    static void (*const writers[])(cli_buf *, const store_speaker *, const store_totals *) = {
        write_jsonl, write_text, write_csv};
    printer *p = userdata;
    p->line.len = 0;
    writers[p->req->fmt](&p->line, sp, p->totals);
    return cli_out_write(p->line.ptr, p->line.len, p->out);
}

static void list_speakers(store *st, const request *req, cli_out *out)
{
    store_totals t;
    printer p = {req, &t, out, {NULL, 0, 0}};
    if (store_get_totals(st, &t) != SQLITE_OK)
        store_die(st, "cannot read");
    write_header(&p.line, req->fmt);
    cli_out_write(p.line.ptr, p.line.len, out);
    if (store_speakers(st, req->top, print_speaker, &p) != SQLITE_DONE)
        store_die(st, "cannot read");
    p.line.len = 0;
    write_summary(&p.line, req->fmt, &t);
    cli_out_write(p.line.ptr, p.line.len, out);
    cli_buf_free(&p.line);
}

int cli_speakers_main(int argc, char **argv)
{
    request req;
    store st;
    cli_out out = {stdout, 0};
    memset(&req, 0, sizeof req);
    req.top = DEFAULT_TOP;
    req.fmt = isatty(STDOUT_FILENO) ? FORMAT_TEXT : FORMAT_JSONL;
    int rc = cli_parse(argc, argv, options, usage_text, "speakers", apply, &req);
    if (rc >= 0)
        return rc;
    if (store_open(&st, req.db, 0) != CLI_EXIT_OK)
        return CLI_EXIT_SYSTEM;
    list_speakers(&st, &req, &out);
    store_close(&st);
    if (cli_out_flush(&out) != 0) {
        if (out.error != EPIPE)
            fprintf(stderr, "quoth: cannot write output: %s\n", strerror(out.error));
        return CLI_EXIT_SYSTEM;
    }
    return CLI_EXIT_OK;
}
