/* input.c - see input.h. */
#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <string.h>

#include "input.h"

/* Big reads: the command is meant to stream corpora at disk speed. */
enum { BLOCK_SIZE = 1 << 20 };

static void set_why(cli_reader *r, const char *what)
{
    const char *msg = archive_error_string(r->ar);
    snprintf(r->why, sizeof r->why, "%s", msg ? msg : what);
}

/* A libarchive reader for compressed or plain bytes, not opened yet. */
static struct archive *new_archive(void)
{
    struct archive *ar = archive_read_new();
    if (ar == NULL)
        cli_die_nomem();
    /* Only the compressions a corpus comes in: archive_read_support_filter_all
     * would also decode uuencoded text and run external programs. */
    archive_read_support_filter_gzip(ar);
    archive_read_support_filter_zstd(ar);
    archive_read_support_filter_bzip2(ar);
    archive_read_support_filter_xz(ar);
    /* "raw": the decompressed bytes as they are, not an archive's entries.
     * libarchive's own WARC reader is not used: see warc.h. */
    archive_read_support_format_raw(ar);
    archive_read_support_format_empty(ar);
    return ar;
}

/* After opening: go to the data. 0, 1 for no data at all, -1 on error. */
static int first_entry(struct archive *ar)
{
    struct archive_entry *entry;
    int rc = archive_read_next_header(ar, &entry);
    if (rc == ARCHIVE_EOF)
        return 1;
    return rc < ARCHIVE_WARN ? -1 : 0;
}

int cli_reader_open(cli_reader *r, int fd)
{
    memset(r, 0, sizeof *r);
    r->ar = new_archive();
    if (archive_read_open_fd(r->ar, fd, BLOCK_SIZE) != ARCHIVE_OK) {
        set_why(r, "cannot read");
        return -1;
    }
    int rc = first_entry(r->ar);
    if (rc < 0) {
        set_why(r, "cannot read");
        return -1;
    }
    r->eof = rc > 0;  /* an empty file */
    return 0;
}

void cli_reader_close(cli_reader *r)
{
    if (r->ar != NULL)
        archive_read_free(r->ar);
    r->ar = NULL;
}

uint64_t cli_reader_raw_bytes(const cli_reader *r)
{
    la_int64_t n = r->ar ? archive_filter_bytes(r->ar, -1) : 0;
    return n > 0 ? (uint64_t)n : 0;
}

/* Make sure there are unread bytes unless the stream has ended. */
static cli_read refill(cli_reader *r)
{
    while (r->pos == r->end && !r->eof) {
        const void *blk;
        size_t n;
        la_int64_t offset;
        int rc = archive_read_data_block(r->ar, &blk, &n, &offset);
        if (rc == ARCHIVE_EOF) {
            r->eof = 1;
        } else if (rc < ARCHIVE_WARN) {
            set_why(r, "cannot read");
            return CLI_READ_ERROR;
        } else {
            r->blk = blk;
            r->pos = 0;
            r->end = n;
        }
    }
    return CLI_READ_OK;
}

const char *cli_reader_peek(cli_reader *r, size_t *n)
{
    *n = 0;
    if (refill(r) != CLI_READ_OK || r->eof)
        return NULL;
    *n = r->end - r->pos;
    return r->blk + r->pos;
}

static int over(size_t limit, size_t n)
{
    return limit != 0 && n > limit;
}

cli_read cli_reader_all(cli_reader *r, cli_buf *dst, size_t limit)
{
    dst->len = 0;
    for (;;) {
        if (refill(r) != CLI_READ_OK)
            return CLI_READ_ERROR;
        if (r->eof)
            return CLI_READ_OK;
        size_t n = r->end - r->pos;
        /* Stop at once: the rest of a too-big file is never needed. */
        if (over(limit, dst->len + n))
            return CLI_READ_TOO_BIG;
        cli_buf_add(dst, r->blk + r->pos, n);
        r->pos = r->end;
    }
}

cli_read cli_reader_line(cli_reader *r, cli_buf *dst, size_t limit)
{
    int got_bytes = 0, too_big = 0;
    size_t start = dst->len;
    for (;;) {
        if (refill(r) != CLI_READ_OK)
            return CLI_READ_ERROR;
        if (r->eof) {
            if (!got_bytes)
                return CLI_READ_EOF;
            return too_big ? CLI_READ_TOO_BIG : CLI_READ_OK;
        }
        got_bytes = 1;
        const char *p = r->blk + r->pos;
        const char *nl = memchr(p, '\n', r->end - r->pos);
        size_t n = nl ? (size_t)(nl - p) : r->end - r->pos;
        if (!too_big && over(limit, dst->len - start + n)) {
            too_big = 1;  /* from here on, only look for the newline */
            dst->len = start;
        }
        if (!too_big)
            cli_buf_add(dst, p, n);
        r->pos += n + (nl != NULL);
        if (nl != NULL)
            return too_big ? CLI_READ_TOO_BIG : CLI_READ_OK;
    }
}

cli_read cli_reader_take(cli_reader *r, cli_buf *dst, uint64_t n)
{
    while (n > 0) {
        if (refill(r) != CLI_READ_OK)
            return CLI_READ_ERROR;
        if (r->eof)
            return CLI_READ_EOF;
        size_t k = r->end - r->pos;
        if (k > n)
            k = (size_t)n;
        if (dst != NULL)
            cli_buf_add(dst, r->blk + r->pos, k);
        r->pos += k;
        n -= k;
    }
    return CLI_READ_OK;
}

int cli_decompress(const char *in, size_t len, size_t limit, cli_buf *out, char *why,
                   size_t why_size)
{
    cli_reader r;
    memset(&r, 0, sizeof r);
    r.ar = new_archive();
    int rc = archive_read_open_memory(r.ar, in, len) == ARCHIVE_OK ? first_entry(r.ar) : -1;
    r.eof = rc > 0;
    if (rc < 0)
        set_why(&r, "cannot decompress");
    cli_read got = rc < 0 ? CLI_READ_ERROR : cli_reader_all(&r, out, limit);
    if (got == CLI_READ_TOO_BIG)
        snprintf(why, why_size,
                 "the decompressed payload is longer than --max-doc-bytes (%zu bytes)", limit);
    else if (got == CLI_READ_ERROR)
        snprintf(why, why_size, "broken compressed payload: %s", r.why);
    cli_reader_close(&r);
    return got == CLI_READ_OK ? 0 : -1;
}
