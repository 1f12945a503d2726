/* warc.h - WARC records (ISO 28500, WARC/1.0 and 1.1) as documents.
 *
 * The record framing is read here rather than by libarchive's WARC reader:
 * that reader keeps only the path of WARC-Target-URI (the document id
 * needs all of it) and makes entries of resource records as well as
 * responses, with no way to tell them apart or to see the HTTP headers.
 * libarchive still does the decompression underneath (input.c).
 */
#ifndef QUOTH_CLI_WARC_H
#define QUOTH_CLI_WARC_H

#include <stdint.h>

#include "input.h"
#include "job.h"

typedef struct cli_warc_record {
    cli_buf uri;          /* WARC-Target-URI, the document id; else the
                           * WARC-Record-ID; else empty */
    cli_job_kind kind;    /* CLI_JOB_HTML or CLI_JOB_TEXT */
    char charset[64];     /* from the HTTP Content-Type; "" if none */
    unsigned wrap;        /* CLI_WRAP_*: how the payload is encoded */
    const char *problem;  /* static; non-NULL: a document that can't be read */
    const char *prefix;   /* the payload's first bytes, read with the */
    size_t prefix_len;    /* HTTP header (they point into `head`) */
    uint64_t rest;        /* payload bytes still to read after them */
    int lost;             /* out of step after a broken record: the next
                           * cli_warc_next looks for a "WARC/" line */
    cli_buf head, line;   /* scratch */
} cli_warc_record;

/*
 * Read up to the payload of the next response record whose HTTP
 * Content-Type is HTML or plain text, skipping every other record.
 * CLI_READ_OK: `rec` describes it and the reader is at rec->rest;
 * CLI_READ_EOF: no more records; CLI_READ_ERROR: a broken or truncated
 * record, with the reason in `why`. After an error, rec->lost says that
 * the file can be read on: the next call skips to the next record (a
 * line that starts with "WARC/"); otherwise the file cannot go on.
 */
cli_read cli_warc_next(cli_reader *r, cli_warc_record *rec, char *why, size_t why_size);

void cli_warc_record_free(cli_warc_record *rec);

/*
 * Undo Transfer-Encoding: chunked. Replaces `out` with the body of the
 * chunked message `in`. 0, or -1 when it is malformed or cut short.
 */
int cli_http_unchunk(const char *in, size_t len, cli_buf *out);

#endif
