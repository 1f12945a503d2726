/*
 * fuzz_cli.h - run the command's input side on a fuzzer's bytes and check
 * what it wrote, for the reader targets (fuzz_jsonl.c, fuzz_warc.c).
 *
 * The bytes go to a temporary file, which is read as `quoth` reads a FILE
 * operand: cli_source_read (kind by --input, decompression by libarchive,
 * JSONL lines / WARC records into jobs) and a one-thread pool, whose jobs
 * run in this thread as they are submitted (cli_worker_run: JSON, HTTP
 * encodings, HTML, extraction). Everything but main() and the exit status.
 *
 * The settings come from the first input byte:
 *   0x01 --repair-utf8 (else --strict-utf8, the command's default)
 *   0x02 --id-field meta.id --text-field article.body (else id, text)
 *   0x04 --extra-fields url,meta.date
 *   0x08 --max-doc-bytes 300
 *   0x10 --format text (else jsonl)
 *   0x20 --emit-text
 *   0x40 --no-indirect
 *
 * The checks, in jsonl format: every output line is one UTF-8 JSON
 * object, a quote, text or error record; an error record has a message and
 * a line that is null or positive; one error record per counted error;
 * and, when the input is strict UTF-8 and the text was emitted, each
 * quote's text is exactly its [start, end) bytes of its document's text.
 */
#ifndef QUOTH_FUZZ_CLI_H
#define QUOTH_FUZZ_CLI_H

#include <fcntl.h>
#include <unistd.h>

#include "html.h"
#include "jsonl.h"
#include "pool.h"
#include "source.h"

#include "fuzz.h"

enum {
    FUZZ_REPAIR = 0x01,
    FUZZ_NESTED = 0x02,
    FUZZ_EXTRAS = 0x04,
    FUZZ_SMALL = 0x08,
    FUZZ_TEXT_FORMAT = 0x10,
    FUZZ_EMIT_TEXT = 0x20,
    FUZZ_NO_INDIRECT = 0x40
};

/* What the jobs wrote, added up as extract.c's writer adds them. */
typedef struct fuzz_cli_result {
    fuzz_buf out, err;
    size_t docs, quotes, bad;
    int per_job_ok;     /* each job but a JSONL one was one document or one
                         * error (a JSONL job holds a run of lines) */
} fuzz_cli_result;

static inline void fuzz_cli_write_job(cli_job *j, void *ud)
{
    fuzz_cli_result *r = ud;
    fuzz_buf_add(&r->out, j->out.ptr, j->out.len);
    fuzz_buf_add(&r->err, j->err.ptr, j->err.len);
    r->docs += j->docs;
    r->quotes += j->quotes;
    r->bad += j->bad;
    /* A job is one item, a document extracted or an error reported; but
     * a JSONL job holds lines, as many items as are not blank. */
    if (j->kind != CLI_JOB_JSONL && j->docs + j->bad != 1)
        r->per_job_ok = 0;
}

/* The temporary file the bytes are read from, made once per process. */
static char fuzz_cli_path[64];
static int fuzz_cli_fd = -1;

static inline void fuzz_cli_cleanup(void)
{
    if (fuzz_cli_fd >= 0)
        unlink(fuzz_cli_path);
}

static inline const char *fuzz_cli_file(const uint8_t *data, size_t size)
{
    if (fuzz_cli_fd < 0) {
        const char *dir = getenv("TMPDIR");
        snprintf(fuzz_cli_path, sizeof fuzz_cli_path, "%.40s/quoth-fuzz.XXXXXX",
                 dir && *dir ? dir : "/tmp");
        fuzz_cli_fd = mkstemp(fuzz_cli_path);
        if (fuzz_cli_fd < 0) {
            perror("fuzz: mkstemp");
            exit(2);
        }
        atexit(fuzz_cli_cleanup);
        /* libxml2 sets up shared state lazily; the command does this
         * once before its threads start, and so does this. */
        cli_html_init();
    }
    if (ftruncate(fuzz_cli_fd, 0) != 0 ||
        (size > 0 && pwrite(fuzz_cli_fd, data, size, 0) != (ssize_t)size)) {
        perror("fuzz: cannot write the input file");
        exit(2);
    }
    return fuzz_cli_path;
}

/* The settings of request_init() in cli/extract.c, then the input byte's. */
static inline void fuzz_cli_settings(cli_settings *set, cli_kind kind, unsigned bits)
{
    static const char *const extras[] = {"url", "meta.date"};
    memset(set, 0, sizeof *set);
    set->input = kind;
    set->id_field = (bits & FUZZ_NESTED) ? "meta.id" : "id";
    set->text_field = (bits & FUZZ_NESTED) ? "article.body" : "text";
    if (bits & FUZZ_EXTRAS) {
        set->extra_fields = (const char **)extras;
        set->nextra = 2;
    }
    set->text_format = (bits & FUZZ_TEXT_FORMAT) != 0;
    set->emit_text = (bits & FUZZ_EMIT_TEXT) != 0;
    quoth_options_init(&set->lib);
    if (!(bits & FUZZ_REPAIR))
        set->lib.flags |= QUOTH_FLAG_STRICT_UTF8;
    if (bits & FUZZ_NO_INDIRECT)
        set->lib.flags |= QUOTH_FLAG_NO_INDIRECT;
    if (bits & FUZZ_SMALL)
        set->lib.max_doc_bytes = 300;
}

/* Read `data` as a FILE operand of `kind`, with the settings of `bits`. */
static inline void fuzz_cli_read(const uint8_t *data, size_t size, cli_kind kind, unsigned bits,
                                 fuzz_cli_result *r)
{
    cli_settings set;
    cli_progress progress;
    cli_source src;
    int stop = 0;
    memset(r, 0, sizeof *r);
    r->per_job_ok = 1;
    fuzz_cli_settings(&set, kind, bits);
    const char *path = fuzz_cli_file(data, size);
    memset(&progress, 0, sizeof progress);
    cli_pool *pool = cli_pool_new(&set, 1, fuzz_cli_write_job, r);
    FUZZ_ASSERT(pool != NULL);
    cli_source_init(&src, &set, pool, &progress, &stop);
    cli_source_read(&src, path);
    cli_pool_finish(pool);
    cli_source_free(&src);
}

/* The member `key`, which must be there: json-c reads a null member as
 * NULL, as it does a missing one. */
static inline json_object *fuzz_json_member(json_object *obj, const char *key)
{
    json_object *v = NULL;
    if (!json_object_object_get_ex(obj, key, &v))
        fuzz_fail("no \"%s\" member", key);
    return v;
}

/* The span {start, end, text} `s` must be those bytes of `doc`. */
static inline void fuzz_check_span(json_object *s, const char *doc, size_t doc_len,
                                   const char *what)
{
    size_t len = 0;
    json_object *start = NULL, *end = NULL;
    json_object_object_get_ex(s, "start", &start);
    json_object_object_get_ex(s, "end", &end);
    const char *text = cli_json_str(s, "text", &len);
    if (!json_object_is_type(start, json_type_int) || !json_object_is_type(end, json_type_int) ||
        text == NULL)
        fuzz_fail("%s without start, end and text", what);
    int64_t a = json_object_get_int64(start), b = json_object_get_int64(end);
    if (a < 0 || a > b || (size_t)b > doc_len)
        fuzz_fail("%s [%lld, %lld) outside the text (%zu bytes)", what, (long long)a,
                  (long long)b, doc_len);
    if ((size_t)(b - a) != len || memcmp(doc + a, text, len) != 0)
        fuzz_fail("%s [%lld, %lld) is not its bytes of the text", what, (long long)a,
                  (long long)b);
}

/*
 * Check the jsonl output in r->out (see the top of this file). `spans`:
 * check quote spans against the text records.
 */
static inline void fuzz_cli_check(const fuzz_cli_result *r, int spans)
{
    const char *p = r->out.ptr ? r->out.ptr : "", *end = p + r->out.len;
    size_t errors = 0;
    json_object *text = NULL;  /* the last text record */
    cli_json_reader *reader = cli_json_reader_new();
    FUZZ_ASSERT(reader != NULL);
    FUZZ_ASSERT(fuzz_utf8_bad(p, r->out.len, 1) == r->out.len);  /* JSON is UTF-8 */
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (nl == NULL)
            fuzz_fail("the output does not end with a newline");
        /* NUL bytes in a text are written as \u0000, which json-c keeps. */
        char why[256] = "not an object";
        json_object *v = cli_json_parse(reader, p, (size_t)(nl - p), 0, why, sizeof why);
        if (!json_object_is_type(v, json_type_object))
            fuzz_fail("an output line is not a JSON object (%s): %.*s", why, (int)(nl - p), p);
        size_t n = 0;
        const char *t = cli_json_str(v, "type", &n);
        FUZZ_ASSERT(t != NULL);
        json_object *doc = fuzz_json_member(v, "doc");
        FUZZ_ASSERT(json_object_is_type(doc, json_type_string) || doc == NULL);
        if (strcmp(t, "error") == 0) {
            json_object *line = fuzz_json_member(v, "line");
            FUZZ_ASSERT(cli_json_str(v, "message", &n) != NULL && n > 0);
            /* json-c reads a number past INT64_MAX as INT64_MAX. */
            FUZZ_ASSERT(line == NULL || (json_object_is_type(line, json_type_int) &&
                                         json_object_get_int64(line) > 0 &&
                                         json_object_get_uint64(line) <= INT64_MAX));
            errors++;
            json_object_put(v);
        } else if (strcmp(t, "text") == 0) {
            FUZZ_ASSERT(cli_json_str(v, "text", &n) != NULL);
            json_object_put(text);
            text = v;
        } else {
            FUZZ_ASSERT(strcmp(t, "quote") == 0);
            if (spans && text != NULL) {
                const char *s = cli_json_str(text, "text", &n);
                FUZZ_ASSERT(json_object_equal(fuzz_json_member(text, "doc"), doc));
                fuzz_check_span(v, s, n, "quote");
                json_object *m = fuzz_json_member(v, "mention");
                json_object *c = fuzz_json_member(v, "cue");
                if (m != NULL)
                    fuzz_check_span(m, s, n, "mention");
                if (c != NULL)
                    fuzz_check_span(c, s, n, "cue");
            }
            json_object_put(v);
        }
        p = nl + 1;
    }
    json_object_put(text);
    cli_json_reader_free(reader);
    if (errors != r->bad)
        fuzz_fail("%zu error records for %zu errors", errors, r->bad);
}

static inline void fuzz_cli_free(fuzz_cli_result *r)
{
    fuzz_buf_free(&r->out);
    fuzz_buf_free(&r->err);
}

#endif
