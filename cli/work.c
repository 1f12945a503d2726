/* work.c - see work.h. Everything here runs in a worker thread and touches
 * only the worker, its job and the read-only settings. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "input.h"
#include "jsonl.h"
#include "output.h"
#include "pack.h"
#include "warc.h"
#include "work.h"

enum { TEXT_WIDTH = 80 };

struct cli_worker {
    const cli_settings *set;
    quoth_extractor *x;
    cli_json_reader *json;
    cli_job *job;        /* the job being run, for on_quote */
    size_t line;         /* JSONL: the line of the record being run; else 0 */
    const char *doc;     /* id of the document being extracted, or NULL */
    size_t doc_len;
    cli_buf listing;     /* --format text: the document's quotes so far */
    cli_buf extras;      /* JSONL: ,"FIELD":VALUE for each quote and text record */
    quoth_str *fields;   /* packed: the JSONL document fields (ptr NULL: none) */
    cli_buf text;        /* the text of an HTML page */
    cli_buf unchunked;   /* a WARC payload without its HTTP encodings */
    cli_buf inflated;
};

/* The reasons a document fails are short; a file name may not be. */
enum { WHY_SIZE = 512 };

/* ---- reporting --------------------------------------------------------- */

/*
 * Report an item that could not be extracted: "quoth: WHERE:LINE: msg" for
 * stderr and, in jsonl format, an error record for stdout. `line` 0 means
 * the problem has no line.
 */
static void report(cli_worker *w, const char *doc, size_t doc_len, size_t line,
                   const char *fmt, ...)
{
    char msg[WHY_SIZE];
    cli_job *j = w->job;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (line != 0)
        cli_buf_printf(&j->err, "quoth: %s:%zu: %s\n", j->where.ptr, line, msg);
    else
        cli_buf_printf(&j->err, "quoth: %s: %s\n", j->where.ptr, msg);
    if (!w->set->text_format && !w->set->packed)
        cli_error_record(&j->out, doc, doc_len, line, msg);
    j->bad++;
}

/* Invalid UTF-8 gets a position: in a text document its own line (and
 * column in the message); in JSONL the record's line, the position within
 * its text in the message. */
static void report_utf8(cli_worker *w, const char *text, size_t len, const quoth_error *err)
{
    const char *what = err->msg ? err->msg : quoth_strerror(QUOTH_EUTF8);
    size_t line, col;
    quoth_locate(text, len, err->byte_offset, &line, &col);
    if (w->line == 0)
        report(w, w->doc, w->doc_len, line, "%s at column %zu (byte %zu)", what, col,
               err->byte_offset);
    else
        report(w, w->doc, w->doc_len, w->line,
               "%s in the text at line %zu, column %zu (byte %zu)", what, line, col,
               err->byte_offset);
}

/* ---- extraction -------------------------------------------------------- */

/* --extra-fields: into the record that `out` ends with, before its "}\n". */
static void add_extras(cli_worker *w, cli_buf *out)
{
    if (w->extras.len == 0)
        return;
    out->len -= 2;
    cli_buf_add(out, w->extras.ptr, w->extras.len);
    cli_buf_add(out, "}\n", 2);
}

static int on_quote(const quoth_quote *q, void *userdata)
{
    cli_worker *w = userdata;
    cli_buf *out = &w->job->out;
    if (w->set->text_format) {
        cli_text_quote(&w->listing, q, TEXT_WIDTH);
        return 0;
    }
    if (w->set->packed) {
        cli_pack_quote(out, q);
        return 0;
    }
    quoth_quote_write_json(q, w->doc, w->doc_len, cli_buf_write, out);
    add_extras(w, out);
    return 0;
}

/* --emit-text: the document as extracted, so that offsets can be checked
 * against it (for HTML there is no other copy of it), and its fields. */
static void emit_text(cli_worker *w, const char *text, size_t len)
{
    cli_buf *out = &w->job->out;
    cli_buf_add(out, "{\"type\":\"text\",\"doc\":", 21);
    if (w->doc != NULL)
        quoth_write_json_string(w->doc, w->doc_len, cli_buf_write, out);
    else
        cli_buf_add(out, "null", 4);
    cli_buf_add(out, ",\"text\":", 8);
    quoth_write_json_string(text, len, cli_buf_write, out);
    cli_buf_add(out, "}\n", 2);
    add_extras(w, out);
}

/* Text format: the heading needs the count, so the quotes were collected
 * first. The blank line before a job's first listing is the writer's:
 * only it knows whether one came before. */
static void add_listing(cli_worker *w)
{
    cli_job *j = w->job;
    if (j->listed)
        cli_buf_add(&j->out, "\n", 1);  /* after the job's listing before */
    cli_text_heading(&j->out, w->doc, w->doc_len, quoth_extractor_quote_count(w->x));
    cli_buf_add(&j->out, w->listing.ptr, w->listing.len);
    j->listed = 1;
}

static void extract(cli_worker *w, const char *id, size_t id_len, const char *text, size_t len)
{
    quoth_error err = {QUOTH_OK, NULL, 0};
    cli_job *j = w->job;
    size_t mark = j->out.len;
    w->doc = id;
    w->doc_len = id_len;
    w->listing.len = 0;
    if (w->set->packed)
        cli_pack_doc(&j->out, id, id_len, w->line, text, len, w->fields, w->set->nextra);
    else if (w->set->emit_text && !w->set->text_format)
        emit_text(w, text, len);
    int rc = quoth_extractor_feed(w->x, text, len, &err);
    if (rc == QUOTH_OK)
        rc = quoth_extractor_finish(w->x, &err);
    else
        quoth_extractor_reset(w->x);
    if (rc != QUOTH_OK)
        j->out.len = mark;  /* no text record for a document that failed */
    switch (rc) {
    case QUOTH_OK:
        /* Only here: a document that fails is an error, not also a
         * document, so the summary's documents + errors = items read. */
        j->docs++;
        j->quotes += quoth_extractor_quote_count(w->x);
        if (w->set->text_format)
            add_listing(w);
        break;
    case QUOTH_ENOMEM:
        cli_die_nomem();
    case QUOTH_EUTF8:
        report_utf8(w, text, len, &err);
        break;
    case QUOTH_ETOOBIG:
        report(w, id, id_len, w->line, "the document is longer than --max-doc-bytes (%zu bytes)",
               w->set->lib.max_doc_bytes);
        break;
    default:
        report(w, id, id_len, w->line, "%s", err.msg ? err.msg : quoth_strerror(rc));
    }
}

static void record_fields(cli_worker *w, const cli_record *rec)
{
    for (size_t i = 0; i < w->set->nextra; i++)
        w->fields[i].ptr = cli_record_field(rec, w->set->extra_fields[i], &w->fields[i].len);
}

static void run_record(cli_worker *w, const char *line, size_t len)
{
    const cli_settings *set = w->set;
    cli_record_spec spec = {set->id_field, set->text_field,
                            !(set->lib.flags & QUOTH_FLAG_STRICT_UTF8)};
    cli_record rec;
    char why[WHY_SIZE];
    w->extras.len = 0;
    if (cli_record_parse(w->json, &rec, line, len, &spec, why, sizeof why) != 0) {
        report(w, rec.id, rec.id_len, w->line, "%s", why);
    } else {
        if (set->packed)
            record_fields(w, &rec);
        else
            cli_record_extras(&rec, set->extra_fields, set->nextra, &w->extras);
        extract(w, rec.id, rec.id_len, rec.text, rec.text_len);
    }
    cli_record_free(&rec);
}

/* The lines of a JSONL job, from line j->line on; blank ones are skipped. */
static void run_records(cli_worker *w)
{
    cli_job *j = w->job;
    const char *in = j->in.ptr ? j->in.ptr : "";
    size_t len = j->in.len;
    for (size_t at = 0;; w->line++) {
        const char *nl = memchr(in + at, '\n', len - at);
        size_t n = nl ? (size_t)(nl - (in + at)) : len - at;
        if (!cli_is_blank(in + at, n))
            run_record(w, in + at, n);
        if (nl == NULL)
            break;
        at += n + 1;
    }
}

/* The payload of a job without its HTTP encodings, in *text / *len.
 * 0, or -1 after reporting why not. */
static int unwrap(cli_worker *w, const char **text, size_t *len)
{
    cli_job *j = w->job;
    char why[WHY_SIZE];
    *text = j->in.ptr ? j->in.ptr : "";
    *len = j->in.len;
    if (j->wrap & CLI_WRAP_CHUNKED) {
        if (cli_http_unchunk(*text, *len, &w->unchunked) != 0) {
            report(w, j->id.ptr, j->id.len, 0, "broken HTTP chunked encoding");
            return -1;
        }
        *text = w->unchunked.ptr ? w->unchunked.ptr : "";
        *len = w->unchunked.len;
    }
    if (j->wrap & (CLI_WRAP_GZIP | CLI_WRAP_ZSTD)) {
        if (cli_decompress(*text, *len, w->set->lib.max_doc_bytes, &w->inflated, why,
                           sizeof why) != 0) {
            report(w, j->id.ptr, j->id.len, 0, "%s", why);
            return -1;
        }
        *text = w->inflated.ptr ? w->inflated.ptr : "";
        *len = w->inflated.len;
    }
    return 0;
}

static void run_page(cli_worker *w, const char *html, size_t len)
{
    cli_job *j = w->job;
    char why[WHY_SIZE];
    int strict = (w->set->lib.flags & QUOTH_FLAG_STRICT_UTF8) != 0;
    const char *charset = j->charset[0] ? j->charset : NULL;
    if (cli_html_text(html, len, charset, strict, &w->text, why, sizeof why) != 0)
        report(w, j->id.ptr, j->id.len, 0, "%s", why);
    else
        extract(w, j->id.ptr, j->id.len, w->text.ptr ? w->text.ptr : "", w->text.len);
}

void cli_worker_run(cli_worker *w, cli_job *j)
{
    const char *text;
    size_t len;
    w->job = j;
    w->line = j->line;
    w->extras.len = 0;
    if (w->set->nextra > 0)
        memset(w->fields, 0, w->set->nextra * sizeof *w->fields);
    switch (j->kind) {
    case CLI_JOB_ERROR:
        report(w, j->has_id ? j->id.ptr : NULL, j->id.len, j->line, "%.*s", (int)j->in.len,
               j->in.ptr);
        break;
    case CLI_JOB_JSONL:
        run_records(w);
        break;
    case CLI_JOB_TEXT:
        if (unwrap(w, &text, &len) == 0)
            extract(w, j->id.ptr, j->id.len, text, len);
        break;
    case CLI_JOB_HTML:
        if (unwrap(w, &text, &len) == 0)
            run_page(w, text, len);
        break;
    }
    w->job = NULL;
    /* Scratch that one big document grew is not kept for the run. */
    cli_buf_trim(&w->listing, 1 << 20);
    cli_buf_trim(&w->text, 1 << 20);
    cli_buf_trim(&w->unchunked, 1 << 20);
    cli_buf_trim(&w->inflated, 1 << 20);
}

cli_worker *cli_worker_new(const cli_settings *set)
{
    quoth_error err = {QUOTH_OK, NULL, 0};
    cli_worker *w = cli_xrealloc(NULL, sizeof *w);
    memset(w, 0, sizeof *w);
    w->set = set;
    w->fields = cli_xrealloc(NULL, (set->nextra ? set->nextra : 1) * sizeof *w->fields);
    quoth_options opt = set->lib;
    opt.on_quote = on_quote;
    opt.userdata = w;
    w->json = cli_json_reader_new();
    int rc = quoth_extractor_new(&opt, &w->x, &err);
    if (rc == QUOTH_ENOMEM || w->json == NULL)
        cli_die_nomem();
    if (rc != QUOTH_OK) {
        fprintf(stderr, "quoth: cannot start the extractor: %s\n",
                err.msg ? err.msg : quoth_strerror(rc));
        cli_json_reader_free(w->json);
        free(w->fields);
        free(w);
        return NULL;
    }
    return w;
}

void cli_worker_free(cli_worker *w)
{
    if (w == NULL)
        return;
    quoth_extractor_free(w->x);
    cli_json_reader_free(w->json);
    cli_buf_free(&w->listing);
    cli_buf_free(&w->extras);
    free(w->fields);
    cli_buf_free(&w->text);
    cli_buf_free(&w->unchunked);
    cli_buf_free(&w->inflated);
    free(w);
}
