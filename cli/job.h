/* job.h - one unit of work: a document (or a run of JSONL lines, or a
 * failure to report) read by the main thread, processed by a worker,
 * written in input order. */
#ifndef QUOTH_CLI_JOB_H
#define QUOTH_CLI_JOB_H

#include <stddef.h>

#include "quoth.h"

#include "cli.h"

/* What a file holds. */
typedef enum cli_kind {
    CLI_KIND_DETECT, /* decide from the name or the first bytes */
    CLI_KIND_TEXT,   /* one plain-text document */
    CLI_KIND_JSONL,  /* one JSON object per line, one document each */
    CLI_KIND_HTML,   /* one web page */
    CLI_KIND_WARC    /* a web archive: a document per HTML or text response */
} cli_kind;

/* The run's settings. Shared by all threads, read-only once they start. */
typedef struct cli_settings {
    cli_kind input;
    int text_format;            /* --format text, else JSON lines */
    int emit_text;              /* --emit-text */
    int packed;                 /* quoth index: pack.h's form, not JSON lines */
    const char *id_field;       /* JSONL, dotted names allowed */
    const char *text_field;
    const char **extra_fields;  /* JSONL fields copied into each quote */
    size_t nextra;
    quoth_options lib;          /* on_quote and userdata: set by each worker */
} cli_settings;

typedef enum cli_job_kind {
    CLI_JOB_TEXT,   /* `in` is the document */
    CLI_JOB_HTML,   /* `in` is a page; its text is the document */
    CLI_JOB_JSONL,  /* `in` is a run of JSONL lines, blank ones too */
    CLI_JOB_ERROR   /* `in` is a message: the item could not be read */
} cli_job_kind;

/* How an HTTP payload from a WARC file is wrapped (bit flags). */
enum {
    CLI_WRAP_CHUNKED = 1u << 0,  /* Transfer-Encoding: chunked */
    CLI_WRAP_GZIP = 1u << 1,     /* Content-Encoding: gzip */
    CLI_WRAP_ZSTD = 1u << 2      /* Content-Encoding: zstd */
};

typedef struct cli_job {
    /* Filled by the main thread. The buffers are reused from job to job. */
    cli_job_kind kind;
    cli_buf in;
    cli_buf id;          /* the document id; has_id 0 for "doc":null */
    int has_id;
    cli_buf where;       /* NUL-terminated: file (and URI) for stderr */
    size_t line;         /* JSONL: the number of its (first) line; else 0 */
    char charset[64];    /* of an HTML payload, from HTTP; "" if unknown */
    unsigned wrap;       /* CLI_WRAP_* */
    /* Filled by the worker. */
    cli_buf out;         /* for stdout */
    cli_buf err;         /* for stderr */
    size_t docs, quotes, bad;
    int listed;          /* --format text: `out` is a document's listing */
    /* The pool's. */
    int done;
} cli_job;

#endif
