/* warc.c - see warc.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "warc.h"

/* Longest WARC header line, and longest HTTP header, a record may have. */
enum { MAX_LINE = 1 << 16, MAX_HTTP_HEAD = 1 << 16 };

/* If `line` is the header field `name` ("Content-Length"), point *value at
 * its value, blanks trimmed, and return 1. */
static int field(const char *line, size_t len, const char *name, const char **value,
                 size_t *vlen)
{
    size_t n = strlen(name);
    if (len <= n || line[n] != ':' || strncasecmp(line, name, n) != 0)
        return 0;
    size_t i = n + 1, end = len;
    while (i < end && (line[i] == ' ' || line[i] == '\t'))
        i++;
    while (end > i && (line[end - 1] == ' ' || line[end - 1] == '\t' || line[end - 1] == '\r'))
        end--;
    *value = line + i;
    *vlen = end - i;
    return 1;
}

/* Does `v` start with the media type or token `word`, case aside, followed
 * by its end, ";" or "," or a blank? ("text/html; charset=utf-8") */
static int starts_with_word(const char *v, size_t len, const char *word)
{
    size_t n = strlen(word);
    if (len < n || strncasecmp(v, word, n) != 0)
        return 0;
    return len == n || strchr(";, \t", v[n]) != NULL;
}

/* Does the comma-separated list `v` hold `word`? ("gzip, chunked") */
static int has_token(const char *v, size_t len, const char *word)
{
    size_t i = 0;
    while (i < len) {
        while (i < len && (v[i] == ' ' || v[i] == ','))
            i++;
        if (starts_with_word(v + i, len - i, word))
            return 1;
        while (i < len && v[i] != ',')
            i++;
    }
    return 0;
}

/* The charset parameter of a Content-Type value, or "" (quotes removed). */
static void find_charset(const char *v, size_t len, char *out, size_t out_size)
{
    static const char key[] = "charset=";
    size_t k = sizeof key - 1, n = 0;
    out[0] = '\0';
    for (size_t i = 0; i + k <= len; i++) {
        if (strncasecmp(v + i, key, k) != 0)
            continue;
        i += k;
        while (i < len && v[i] == '"')
            i++;
        while (i < len && n + 1 < out_size && strchr("\"; \t", v[i]) == NULL)
            out[n++] = v[i++];
        out[n] = '\0';
        return;
    }
}

/* One header line, its "\r" dropped. A line longer than MAX_LINE is
 * skipped to its end and gives CLI_READ_TOO_BIG, with `why` set. */
static cli_read read_line(cli_reader *r, cli_buf *line, char *why, size_t why_size)
{
    line->len = 0;
    cli_read got = cli_reader_line(r, line, MAX_LINE);
    if (got == CLI_READ_TOO_BIG)
        snprintf(why, why_size, "a WARC header line is longer than %d bytes", MAX_LINE);
    else if (got == CLI_READ_ERROR)
        snprintf(why, why_size, "%s", r->why);
    if (got == CLI_READ_OK && line->len > 0 && line->ptr[line->len - 1] == '\r')
        line->len--;
    return got;
}

static int is_version_line(const cli_buf *line)
{
    return line->len >= 5 && memcmp(line->ptr, "WARC/", 5) == 0;
}

/*
 * Read up to the version line of the next record: past the blank lines
 * that end a record and, once out of step (rec->lost), past anything up to
 * a line that starts with "WARC/". The first line of something else is an
 * error, and puts the reader out of step, so that the next call resumes
 * at the next record: garbage costs one error record, not the rest of the
 * file.
 */
static cli_read find_record(cli_reader *r, cli_warc_record *rec, char *why, size_t why_size)
{
    for (;;) {
        cli_read got = read_line(r, &rec->line, why, why_size);
        if (got == CLI_READ_ERROR)
            rec->lost = 0;  /* the stream itself failed: nothing to resume */
        if (got == CLI_READ_EOF || got == CLI_READ_ERROR)
            return got;
        if (got == CLI_READ_OK && is_version_line(&rec->line)) {
            rec->lost = 0;
            return CLI_READ_OK;
        }
        if ((got == CLI_READ_OK && rec->line.len == 0) || rec->lost)
            continue;
        rec->lost = 1;
        snprintf(why, why_size, "not a WARC record: no \"WARC/\" version line");
        return CLI_READ_ERROR;
    }
}

typedef struct warc_head {
    int has_uri;       /* WARC-Target-URI came */
    int response;      /* WARC-Type: response */
    int http;          /* Content-Type: application/http */
    int has_length;
    uint64_t length;   /* Content-Length: the record block */
} warc_head;

static void warc_field(cli_warc_record *rec, warc_head *h)
{
    const char *v;
    size_t n;
    const cli_buf *l = &rec->line;
    if (field(l->ptr, l->len, "WARC-Type", &v, &n)) {
        h->response = starts_with_word(v, n, "response");
    } else if (field(l->ptr, l->len, "WARC-Target-URI", &v, &n)) {
        /* WARC/1.0 wrote the URI in angle brackets; 1.1 does not. */
        if (n >= 2 && v[0] == '<' && v[n - 1] == '>') {
            v++;
            n -= 2;
        }
        rec->uri.len = 0;
        cli_buf_add(&rec->uri, v, n);
        h->has_uri = 1;
    } else if (field(l->ptr, l->len, "WARC-Record-ID", &v, &n) && !h->has_uri) {
        /* A record without a URI is named by its (mandatory) id, so that
         * an error about it still says which record it was. */
        rec->uri.len = 0;
        cli_buf_add(&rec->uri, v, n);
    } else if (field(l->ptr, l->len, "Content-Type", &v, &n)) {
        h->http = starts_with_word(v, n, "application/http");
    } else if (field(l->ptr, l->len, "Content-Length", &v, &n) && n > 0 && n < 20 &&
               strspn(v, "0123456789") >= n) {
        h->has_length = 1;
        h->length = strtoull(v, NULL, 10);
    }
}

/* The version line and header fields of the next record. */
static cli_read read_warc_head(cli_reader *r, cli_warc_record *rec, warc_head *h,
                               char *why, size_t why_size)
{
    cli_read got;
    memset(h, 0, sizeof *h);
    rec->uri.len = 0;
    got = find_record(r, rec, why, why_size);
    if (got != CLI_READ_OK)
        return got;
    while ((got = read_line(r, &rec->line, why, why_size)) == CLI_READ_OK && rec->line.len > 0)
        warc_field(rec, h);
    if (got == CLI_READ_EOF)
        snprintf(why, why_size, "the WARC file ends inside a record header");
    /* The stream is fine after these two, but where the record ends is
     * unknown: go on from the next version line. */
    if (got == CLI_READ_TOO_BIG)
        rec->lost = 1;
    if (got != CLI_READ_OK)
        return CLI_READ_ERROR;
    if (!h->has_length) {
        snprintf(why, why_size, "a WARC record has no Content-Length");
        rec->lost = 1;
        return CLI_READ_ERROR;
    }
    return CLI_READ_OK;
}

/* Read the HTTP header lines in rec->head[0, len): is it a document? */
static int http_fields(cli_warc_record *rec, size_t len)
{
    const char *p = rec->head.ptr, *end = p + len, *v;
    size_t n;
    int document = 0;
    rec->charset[0] = '\0';
    rec->wrap = 0;
    rec->problem = NULL;
    if (len < 5 || memcmp(p, "HTTP/", 5) != 0)
        return 0;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t ll = nl ? (size_t)(nl - p) : (size_t)(end - p);
        if (field(p, ll, "Content-Type", &v, &n)) {
            int html = starts_with_word(v, n, "text/html") ||
                       starts_with_word(v, n, "application/xhtml+xml");
            document = html || starts_with_word(v, n, "text/plain");
            rec->kind = html ? CLI_JOB_HTML : CLI_JOB_TEXT;
            find_charset(v, n, rec->charset, sizeof rec->charset);
        } else if (field(p, ll, "Transfer-Encoding", &v, &n) && has_token(v, n, "chunked")) {
            rec->wrap |= CLI_WRAP_CHUNKED;
        } else if (field(p, ll, "Content-Encoding", &v, &n) && n > 0) {
            if (has_token(v, n, "gzip") || has_token(v, n, "x-gzip"))
                rec->wrap |= CLI_WRAP_GZIP;
            else if (has_token(v, n, "zstd"))
                rec->wrap |= CLI_WRAP_ZSTD;
            else if (!has_token(v, n, "identity"))
                rec->problem = "the HTTP Content-Encoding is not gzip, zstd or identity";
        }
        p += ll + 1;
    }
    return document;
}

/* The end of the HTTP header in `s` (the first byte of the payload), or 0. */
static size_t http_head_end(const char *s, size_t len)
{
    for (size_t i = 0; i + 1 < len; i++) {
        if (s[i] != '\n')
            continue;
        if (s[i + 1] == '\n')
            return i + 2;
        if (s[i + 1] == '\r' && i + 2 < len && s[i + 2] == '\n')
            return i + 3;
    }
    return 0;
}

/* Read the start of a response block: its HTTP header and the first
 * payload bytes. 1 if it is a document, 0 if not, -1 on a read error. */
static int read_http_head(cli_reader *r, cli_warc_record *rec, uint64_t length,
                          char *why, size_t why_size)
{
    size_t want = length < MAX_HTTP_HEAD ? (size_t)length : MAX_HTTP_HEAD;
    rec->head.len = 0;
    rec->rest = 0;
    if (length == 0)
        return 0;  /* an empty block: no HTTP header, no document */
    cli_read got = cli_reader_take(r, &rec->head, want);
    if (got != CLI_READ_OK) {
        snprintf(why, why_size, "%s", got == CLI_READ_EOF ? "the WARC record is cut short" : r->why);
        return -1;
    }
    size_t end = http_head_end(rec->head.ptr, rec->head.len);
    rec->rest = length - want;
    rec->prefix = rec->head.ptr + end;
    rec->prefix_len = rec->head.len - end;
    if (end == 0) {
        /* All header and no payload, unless the header is huge. */
        rec->prefix_len = 0;
        if (rec->rest == 0)
            return 0;
        rec->problem = "the HTTP header is longer than 64 KiB";
        return 1;
    }
    return http_fields(rec, end);
}

cli_read cli_warc_next(cli_reader *r, cli_warc_record *rec, char *why, size_t why_size)
{
    warc_head h;
    for (;;) {
        cli_read got = read_warc_head(r, rec, &h, why, why_size);
        if (got != CLI_READ_OK)
            return got;
        uint64_t skip = h.length;
        if (h.response && h.http) {
            int doc = read_http_head(r, rec, h.length, why, why_size);
            if (doc < 0)
                return CLI_READ_ERROR;
            if (doc > 0)
                return CLI_READ_OK;
            skip = rec->rest;
        }
        got = cli_reader_take(r, NULL, skip);
        if (got != CLI_READ_OK) {
            snprintf(why, why_size, "%s", got == CLI_READ_EOF ? "the WARC record is cut short" : r->why);
            return CLI_READ_ERROR;
        }
    }
}

void cli_warc_record_free(cli_warc_record *rec)
{
    cli_buf_free(&rec->uri);
    cli_buf_free(&rec->head);
    cli_buf_free(&rec->line);
}

int cli_http_unchunk(const char *in, size_t len, cli_buf *out)
{
    size_t i = 0;
    out->len = 0;
    while (i < len) {
        char *end;
        /* strtoull would run past `len`; a size line is short. */
        char size_line[24];
        size_t k = 0;
        while (i + k < len && k + 1 < sizeof size_line && in[i + k] != '\n') {
            size_line[k] = in[i + k];
            k++;
        }
        size_line[k] = '\0';
        unsigned long long n = strtoull(size_line, &end, 16);
        if (end == size_line)
            return -1;
        const char *nl = memchr(in + i, '\n', len - i);
        if (nl == NULL)
            return -1;
        i = (size_t)(nl - in) + 1;
        if (n == 0)
            return 0;  /* the last chunk; trailer fields are of no use */
        if (n > len - i)
            return -1;
        cli_buf_add(out, in + i, (size_t)n);
        i += (size_t)n;
        i += i < len && in[i] == '\r';
        i += i < len && in[i] == '\n';
    }
    return -1;
}
