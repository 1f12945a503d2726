/* source.c - see source.h. Runs in the main thread. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "source.h"

/* ---- jobs ---------------------------------------------------------------- */

/* The next job, for a document named `id` (NULL: none yet) from `where`. */
static cli_job *new_job(cli_source *s, cli_job_kind kind, const char *where,
                        const char *id, size_t id_len)
{
    cli_job *j = cli_pool_job(s->pool);
    j->kind = kind;
    cli_buf_add(&j->where, where, strlen(where) + 1);  /* with its NUL */
    if (id != NULL) {
        cli_buf_add(&j->id, id, id_len);
        j->has_id = 1;
    }
    return j;
}

/* Turn `j` into the report of an item that could not be read. */
static void fail_job(cli_job *j, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    j->kind = CLI_JOB_ERROR;
    j->in.len = 0;
    cli_buf_add(&j->in, msg, strlen(msg));
}

static void submit(cli_source *s)
{
    s->progress->bytes = s->bytes_before + cli_reader_raw_bytes(&s->reader);
    cli_pool_submit(s->pool);
}

/* An error record for a whole file (or stream): its name is the doc id. */
static void file_error(cli_source *s, const char *name, const char *fmt, const char *detail)
{
    cli_job *j = new_job(s, CLI_JOB_ERROR, name, name, strlen(name));
    fail_job(j, fmt, detail);
    submit(s);
}

/* ---- what a file holds --------------------------------------------------- */

static int ends_with(const char *s, size_t n, const char *suffix)
{
    size_t k = strlen(suffix);
    return n > k && strncasecmp(s + n - k, suffix, k) == 0;
}

static cli_kind kind_by_name(const char *name)
{
    static const char *const compressions[] = {".gz", ".zst", ".zstd", ".bz2", ".xz"};
    static const struct {
        const char *suffix;
        cli_kind kind;
    } kinds[] = {
        {".jsonl", CLI_KIND_JSONL}, {".ndjson", CLI_KIND_JSONL}, {".html", CLI_KIND_HTML},
        {".htm", CLI_KIND_HTML},    {".xhtml", CLI_KIND_HTML},   {".warc", CLI_KIND_WARC},
        {".txt", CLI_KIND_TEXT},
    };
    size_t n = strlen(name);
    for (size_t i = 0; i < sizeof compressions / sizeof compressions[0]; i++) {
        if (ends_with(name, n, compressions[i])) {
            n -= strlen(compressions[i]);
            break;
        }
    }
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (ends_with(name, n, kinds[i].suffix))
            return kinds[i].kind;
    return CLI_KIND_DETECT;
}

/* Guess from the first bytes (after decompression). */
static cli_kind kind_by_content(cli_reader *r)
{
    size_t n, i = 0;
    const char *p = cli_reader_peek(r, &n);
    if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        i = 3;  /* a byte order mark */
    while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
        i++;
    if (n - i >= 5 && memcmp(p + i, "WARC/", 5) == 0)
        return CLI_KIND_WARC;
    if (i < n && p[i] == '{')
        return CLI_KIND_JSONL;
    if (i + 1 < n && p[i] == '<' &&
        (isalpha((unsigned char)p[i + 1]) || p[i + 1] == '!' || p[i + 1] == '?'))
        return CLI_KIND_HTML;
    return CLI_KIND_TEXT;
}

/* ---- reading one stream -------------------------------------------------- */

/* A text file or HTML page: one document named after the file. */
static void read_whole(cli_source *s, const char *name, cli_job_kind kind)
{
    size_t limit = s->set->lib.max_doc_bytes;
    cli_job *j = new_job(s, kind, name, name, strlen(name));
    switch (cli_reader_all(&s->reader, &j->in, limit)) {
    case CLI_READ_ERROR:
        fail_job(j, "cannot read: %s", s->reader.why);
        break;
    case CLI_READ_TOO_BIG:
        fail_job(j, "the document is longer than --max-doc-bytes (%zu bytes)", limit);
        break;
    default:
        break;
    }
    submit(s);
}

/* A JSONL job holds consecutive lines, blank ones too (the worker skips
 * them), up to this many bytes: one job per news article cost the worker
 * pool a wake-up and a lock per article. */
#define JSONL_JOB_BYTES ((size_t)64 << 10)

/* A line that could not be read: an error job of its own, after the
 * lines before it. */
static void bad_line(cli_source *s, const char *name, size_t line, cli_read got)
{
    cli_job *j = new_job(s, CLI_JOB_JSONL, name, NULL, 0);
    j->line = line;
    if (got == CLI_READ_ERROR) {
        /* No record to take an id from: name the file. */
        cli_buf_add(&j->id, name, strlen(name));
        j->has_id = 1;
        fail_job(j, "cannot read: %s", s->reader.why);
    } else {
        fail_job(j, "the line is longer than --max-doc-bytes (%zu bytes)",
                 s->set->lib.max_doc_bytes);
    }
    submit(s);
}

static void read_jsonl(cli_source *s, const char *name)
{
    size_t limit = s->set->lib.max_doc_bytes;
    cli_job *j = NULL;
    for (size_t line = 1; !*s->stop; line++) {
        if (j == NULL) {
            j = new_job(s, CLI_JOB_JSONL, name, NULL, 0);
            j->line = line;
        } else {
            cli_buf_add(&j->in, "\n", 1);
        }
        size_t start = j->in.len;
        cli_read got = cli_reader_line(&s->reader, &j->in, limit);
        if (got != CLI_READ_OK) {
            /* The lines before it go first, as a job of their own. */
            j->in.len = start ? start - 1 : 0;
            if (start > 0)
                submit(s);
            j = NULL;
            if (got == CLI_READ_EOF)
                return;
            bad_line(s, name, line, got);
            if (got == CLI_READ_ERROR)
                return;
        } else if (j->in.len >= JSONL_JOB_BYTES) {
            submit(s);
            j = NULL;
        }
    }
    if (j != NULL)
        submit(s);
}

/* The payload of the WARC record just read into a job, from the file
 * `name`. 0, or -1 when the file cannot be read on. */
static int read_payload(cli_source *s, const char *name, const char *where)
{
    const cli_warc_record *w = &s->warc;
    size_t limit = s->set->lib.max_doc_bytes;
    uint64_t size = w->prefix_len + w->rest;
    /* No URI and no record id: the file is the best name there is. */
    cli_job *j = w->uri.len ? new_job(s, w->kind, where, w->uri.ptr, w->uri.len)
                            : new_job(s, w->kind, where, name, strlen(name));
    cli_read got = CLI_READ_OK;
    if (w->problem != NULL || (limit != 0 && size > limit)) {
        got = cli_reader_take(&s->reader, NULL, w->rest);
        if (w->problem != NULL)
            fail_job(j, "%s", w->problem);
        else
            fail_job(j, "the document is longer than --max-doc-bytes (%zu bytes)", limit);
    } else {
        j->wrap = w->wrap;
        memcpy(j->charset, w->charset, sizeof j->charset);
        cli_buf_add(&j->in, w->prefix, w->prefix_len);
        got = cli_reader_take(&s->reader, &j->in, w->rest);
    }
    if (got != CLI_READ_OK)
        fail_job(j, "%s", got == CLI_READ_EOF ? "the WARC record is cut short" : s->reader.why);
    submit(s);
    return got == CLI_READ_OK ? 0 : -1;
}

static void read_warc(cli_source *s, const char *name)
{
    char why[512];
    cli_buf where = {NULL, 0, 0};
    const cli_buf *uri = &s->warc.uri;
    s->warc.lost = 0;  /* each file starts in step, whatever the last did */
    while (!*s->stop) {
        cli_read got = cli_warc_next(&s->reader, &s->warc, why, sizeof why);
        if (got == CLI_READ_EOF)
            break;
        /* For stderr: the file, and the record's URI if the header got
         * that far. */
        where.len = 0;
        if (uri->len > 0)
            cli_buf_printf(&where, "%s: %.*s", name, (int)uri->len, uri->ptr);
        else
            cli_buf_printf(&where, "%s", name);
        cli_buf_add(&where, "", 1);
        if (got == CLI_READ_ERROR) {
            /* The record is named by its URI, else by the file. */
            cli_job *j = uri->len ? new_job(s, CLI_JOB_ERROR, where.ptr, uri->ptr, uri->len)
                                  : new_job(s, CLI_JOB_ERROR, where.ptr, name, strlen(name));
            fail_job(j, "%s", why);
            submit(s);
            if (s->warc.lost)
                continue;  /* garbage or a broken header: on to the next record */
            break;
        }
        if (read_payload(s, name, where.ptr) != 0)
            break;
    }
    cli_buf_free(&where);
}

/* A byte order mark (Windows tools write one) is no part of the first
 * JSON line or WARC record, which would fail on it: skip it. Text and HTML
 * keep it: a text's offsets are those of the file, and libxml2 reads the
 * mark as the page's charset. */
static void skip_bom(cli_reader *r)
{
    size_t n;
    const char *p = cli_reader_peek(r, &n);
    if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        cli_reader_take(r, NULL, 3);
}

static void read_stream(cli_source *s, const char *name, int fd)
{
    if (cli_reader_open(&s->reader, fd) != 0) {
        file_error(s, name, "cannot read: %s", s->reader.why);
    } else {
        cli_kind kind = s->set->input;
        if (kind == CLI_KIND_DETECT)
            kind = kind_by_name(name);
        if (kind == CLI_KIND_DETECT)
            kind = kind_by_content(&s->reader);
        if (kind == CLI_KIND_JSONL || kind == CLI_KIND_WARC)
            skip_bom(&s->reader);
        switch (kind) {
        case CLI_KIND_JSONL: read_jsonl(s, name); break;
        case CLI_KIND_WARC: read_warc(s, name); break;
        case CLI_KIND_HTML: read_whole(s, name, CLI_JOB_HTML); break;
        default: read_whole(s, name, CLI_JOB_TEXT); break;
        }
    }
    s->bytes_before += cli_reader_raw_bytes(&s->reader);
    cli_reader_close(&s->reader);
}

/* ---- files and directories ----------------------------------------------- */

/* Called for each file of a walk; `st` NULL (and errno set) for a
 * directory that cannot be read. */
typedef void (*file_fn)(void *ctx, const char *path, const struct stat *st);

static int visible(const struct dirent *e)
{
    return e->d_name[0] != '.';
}

/* Byte order, whatever the locale: the output order must not vary. */
static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

/* Call `fn` for each regular file under `dir`, in name order. */
static void walk(const char *dir, file_fn fn, void *ctx)
{
    struct dirent **names;
    int n = scandir(dir, &names, visible, by_name);
    if (n < 0) {
        fn(ctx, dir, NULL);
        return;
    }
    cli_buf path = {NULL, 0, 0};
    const char *sep = dir[strlen(dir) - 1] == '/' ? "" : "/";
    for (int i = 0; i < n; i++) {
        struct stat st;
        path.len = 0;
        cli_buf_printf(&path, "%s%s%s", dir, sep, names[i]->d_name);
        cli_buf_add(&path, "", 1);
        /* lstat first: a link to a directory could make a cycle. */
        int ok = lstat(path.ptr, &st) == 0;
        if (ok && S_ISDIR(st.st_mode))
            walk(path.ptr, fn, ctx);
        else if (ok && S_ISLNK(st.st_mode) && stat(path.ptr, &st) == 0 && S_ISREG(st.st_mode))
            fn(ctx, path.ptr, &st);
        else if (ok && S_ISREG(st.st_mode))
            fn(ctx, path.ptr, &st);
        free(names[i]);
    }
    free(names);
    cli_buf_free(&path);
}

static void read_file(void *ctx, const char *path, const struct stat *st)
{
    cli_source *s = ctx;
    if (*s->stop)
        return;
    if (st == NULL) {
        file_error(s, path, "cannot read the directory: %s", strerror(errno));
        return;
    }
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        file_error(s, path, "cannot open: %s", strerror(errno));
        return;
    }
    read_stream(s, path, fd);
    close(fd);  /* read-only: a failing close loses nothing */
}

void cli_source_read(cli_source *s, const char *operand)
{
    struct stat st;
    if (strcmp(operand, "-") == 0)
        read_stream(s, operand, STDIN_FILENO);
    else if (stat(operand, &st) == 0 && S_ISDIR(st.st_mode))
        walk(operand, read_file, s);
    else
        read_file(s, operand, &st);
}

/* ---- sizes --------------------------------------------------------------- */

static void add_size(void *ctx, const char *path, const struct stat *st)
{
    (void)path;
    if (st != NULL)
        *(uint64_t *)ctx += (uint64_t)st->st_size;
}

uint64_t cli_source_total(const char *const *operands, size_t n)
{
    struct stat st;
    uint64_t total = 0;
    for (size_t i = 0; i < n; i++) {
        int is_stdin = strcmp(operands[i], "-") == 0;
        int ok = is_stdin ? fstat(STDIN_FILENO, &st) == 0 : stat(operands[i], &st) == 0;
        if (ok && S_ISDIR(st.st_mode) && !is_stdin)
            walk(operands[i], add_size, &total);
        else if (ok && S_ISREG(st.st_mode))
            total += (uint64_t)st.st_size;
        else if (is_stdin)
            return 0;  /* a pipe: its size is unknown */
    }
    return total;
}

void cli_source_init(cli_source *s, const cli_settings *set, cli_pool *pool,
                     cli_progress *progress, const int *stop)
{
    memset(s, 0, sizeof *s);
    s->set = set;
    s->pool = pool;
    s->progress = progress;
    s->stop = stop;
}

void cli_source_free(cli_source *s)
{
    cli_warc_record_free(&s->warc);
}
