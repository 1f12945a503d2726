/*
 * store_speakers.c - `quoth speakers DB`: who gets quoted, how often, and
 * the gender split of the quotes where the text gave evidence of it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "output.h"
#include "store.h"

enum { DEFAULT_TOP = 20, NAME_COLUMNS = 28 };

typedef enum format { FORMAT_JSONL, FORMAT_TEXT, FORMAT_CSV } format;

static const char usage_text[] =
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
    "Exit status: 0, 2 for a bad command line, 3 when the store cannot be read.\n";

enum { OPT_HELP, OPT_TOP, OPT_FORMAT };

static const cli_option options[] = {
    {"help", 'h', 0, OPT_HELP},
    {"top", 0, 1, OPT_TOP},
    {"format", 0, 1, OPT_FORMAT},
    {NULL, 0, 0, 0},
};

typedef struct request {
    const char *db;
    long top;
    format fmt;
} request;

static int set_valued(request *req, int id, const char *v)
{
    static const char *const names[] = {"jsonl", "text", "csv"};
    char *end;
    if (id == OPT_TOP) {
        errno = 0;
        req->top = strtol(v, &end, 10);
        if (*v >= '0' && *v <= '9' && *end == '\0' && errno == 0)
            return 0;
        fprintf(stderr, "quoth: bad value '%s' for --top: expected a number\n", v);
        return -1;
    }
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(v, names[i]) == 0) {
            req->fmt = (format)i;
            return 0;
        }
    }
    fprintf(stderr, "quoth: bad value '%s' for --format: expected jsonl, text or csv\n", v);
    return -1;
}

/* -1 to go on, or the exit status (--help, a usage error). */
static int parse_command_line(int argc, char **argv, request *req)
{
    cli_args args;
    const char *v;
    int id;
    req->top = DEFAULT_TOP;
    req->fmt = isatty(STDOUT_FILENO) ? FORMAT_TEXT : FORMAT_JSONL;
    cli_args_init(&args, argc, argv);
    while ((id = cli_args_next(&args, options, &v)) != CLI_ARG_END) {
        if (id == CLI_ARG_ERROR)
            goto bad;
        if (id == OPT_HELP) {
            fputs(usage_text, stdout);
            return fflush(stdout) == 0 ? CLI_EXIT_OK : CLI_EXIT_SYSTEM;
        }
        if (id == CLI_ARG_OPERAND && req->db != NULL) {
            fprintf(stderr, "quoth: speakers: one DB only\n");
            goto bad;
        }
        if (id == CLI_ARG_OPERAND)
            req->db = v;
        else if (set_valued(req, id, v) != 0)
            goto bad;
    }
    if (req->db != NULL)
        return -1;
    fputs("quoth: speakers: no DB given\n", stderr);
bad:
    fputs("Try 'quoth speakers --help' for more information.\n", stderr);
    return CLI_EXIT_USAGE;
}

/* ---- the figures --------------------------------------------------------- */

typedef struct totals {
    sqlite3_int64 quotes, attributed, speakers, female, male;
} totals;

typedef struct speaker_row {
    sqlite3_int64 id, quotes, distinct_quotes, articles, female, male, none;
    const char *name, *first, *last;  /* first and last NULL when undated */
} speaker_row;

static void get_totals(store *st, totals *t)
{
    sqlite3_stmt *s = store_sql(st,
        "SELECT count(*), count(speaker), count(DISTINCT speaker),"
        " coalesce(sum(gender = 1), 0), coalesce(sum(gender = 2), 0) FROM quote");
    store_step(st, s);
    t->quotes = sqlite3_column_int64(s, 0);
    t->attributed = sqlite3_column_int64(s, 1);
    t->speakers = sqlite3_column_int64(s, 2);
    t->female = sqlite3_column_int64(s, 3);
    t->male = sqlite3_column_int64(s, 4);
}

static double share(sqlite3_int64 part, sqlite3_int64 whole)
{
    return whole > 0 ? (double)part / (double)whole : 0.0;
}

static const char *gender_of(const speaker_row *r)
{
    return r->female > r->male ? "female" : r->male > r->female ? "male" : NULL;
}

/* The speaker's names, each appended by `add` after `sep`. */
static void add_variants(store *st, cli_buf *b, sqlite3_int64 speaker, const char *sep,
                         void (*add)(cli_buf *, const char *))
{
    sqlite3_stmt *s = store_sql(st,
        "SELECT name FROM speaker_variant WHERE speaker = ?1 ORDER BY name");
    sqlite3_bind_int64(s, 1, speaker);
    for (int i = 0; store_step(st, s) == SQLITE_ROW; i++) {
        if (i > 0)
            cli_buf_add(b, sep, strlen(sep));
        add(b, store_text(s, 0));
    }
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

static void write_jsonl(store *st, cli_buf *b, const speaker_row *r, const totals *t)
{
    cli_buf_add(b, "{\"type\":\"speaker\",\"name\":", 25);
    add_json(b, r->name);
    cli_buf_add(b, ",\"variants\":[", 13);
    add_variants(st, b, r->id, ",", add_json);
    cli_buf_printf(b, "],\"quotes\":%lld,\"distinct_quotes\":%lld,\"articles\":%lld",
                   (long long)r->quotes, (long long)r->distinct_quotes, (long long)r->articles);
    cli_buf_add(b, ",\"first_seen\":", 14);
    add_json(b, r->first);
    cli_buf_add(b, ",\"last_seen\":", 13);
    add_json(b, r->last);
    cli_buf_printf(b, ",\"share\":%.4f,\"gender\":", share(r->quotes, t->quotes));
    add_json(b, gender_of(r));
    cli_buf_printf(b, ",\"gender_evidence\":{\"female\":%lld,\"male\":%lld,\"none\":%lld}}\n",
                   (long long)r->female, (long long)r->male, (long long)r->none);
}

static void write_csv(store *st, cli_buf *b, const speaker_row *r, const totals *t)
{
    cli_buf v = {NULL, 0, 0};
    add_csv(b, r->name);
    cli_buf_add(b, ",", 1);
    add_variants(st, &v, r->id, "; ", add_plain);
    cli_buf_add(&v, "", 1);
    add_csv(b, v.ptr);
    cli_buf_printf(b, ",%lld,%lld,%lld,%s,%s,%.4f,%s,%lld,%lld,%lld\r\n", (long long)r->quotes,
                   (long long)r->distinct_quotes, (long long)r->articles,
                   r->first ? r->first : "", r->last ? r->last : "",
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

static void write_text(store *st, cli_buf *b, const speaker_row *r, const totals *t)
{
    (void)st;
    add_padded(b, r->name, NAME_COLUMNS);
    cli_buf_printf(b, " %7lld %8lld %8lld  %-10.10s  %-10.10s %6.1f%%  %s\n",
                   (long long)r->quotes, (long long)r->distinct_quotes,
                   (long long)r->articles, r->first ? r->first : "-", r->last ? r->last : "-",
                   100.0 * share(r->quotes, t->quotes), gender_of(r) ? gender_of(r) : "unknown");
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

static void write_summary(cli_buf *b, format fmt, const totals *t)
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

static void list_speakers(store *st, const request *req, cli_out *out)
{
    static void (*const writers[])(store *, cli_buf *, const speaker_row *, const totals *) = {
        write_jsonl, write_text, write_csv};
    cli_buf b = {NULL, 0, 0};
    totals t;
    get_totals(st, &t);
    write_header(&b, req->fmt);
    sqlite3_stmt *s = store_sql(st,
        "SELECT id, name, quotes, distinct_quotes, articles, first_seen, last_seen,"
        " female_evidence, male_evidence, no_evidence FROM speaker_stats"
        " ORDER BY quotes DESC, name, id LIMIT ?1");
    sqlite3_bind_int64(s, 1, req->top > 0 ? req->top : -1);
    while (store_step(st, s) == SQLITE_ROW && out->error == 0) {
        speaker_row r = {sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 2),
                         sqlite3_column_int64(s, 3), sqlite3_column_int64(s, 4),
                         sqlite3_column_int64(s, 7), sqlite3_column_int64(s, 8),
                         sqlite3_column_int64(s, 9), store_text(s, 1),
                         (const char *)sqlite3_column_text(s, 5),
                         (const char *)sqlite3_column_text(s, 6)};
        writers[req->fmt](st, &b, &r, &t);
        cli_out_write(b.ptr, b.len, out);
        b.len = 0;
    }
    write_summary(&b, req->fmt, &t);
    cli_out_write(b.ptr, b.len, out);
    cli_buf_free(&b);
}

int cli_speakers_main(int argc, char **argv)
{
    request req;
    store st;
    cli_out out = {stdout, 0};
    memset(&req, 0, sizeof req);
    int rc = parse_command_line(argc, argv, &req);
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
