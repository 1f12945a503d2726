/*
 * serve_store.h - the two store queries `quoth serve` answers, as JSON.
 *
 * An adapter, kept apart on purpose: store.h exposes the database but not
 * the searches of `quoth search` and `quoth speakers`, which live in static
 * functions that print to stdout and end the process on an SQLite error.
 * A server needs the same results in a buffer and an error it can answer
 * with. When the store offers that, this file goes and serve.c calls it.
 *
 * Neither call is thread-safe: the caller serialises access to `st`.
 */
#ifndef QUOTH_CLI_SERVE_STORE_H
#define QUOTH_CLI_SERVE_STORE_H

#include <stddef.h>

#include "cli.h"
#include "store.h"

typedef struct serve_search {
    const char *query;   /* an FTS5 query, as for `quoth search` */
    const char *speaker; /* NULL, or a part of the speaker's name */
    long limit;          /* at most this many results, 1 or more */
} serve_search;

/*
 * Append {"results":[GROUP...]} to `out`, each GROUP an object in the
 * format of `quoth search --format jsonl`. Returns an HTTP status: 200;
 * 400 for a query that is not valid FTS5, 500 when the store cannot be
 * read, with the reason in `why` (and nothing appended).
 */
int serve_store_search(store *st, const serve_search *q, cli_buf *out, char *why,
                       size_t why_size);

/*
 * Append {"quotes":N,"speakers":[SPEAKER...]} to `out`: the `top` most
 * quoted speakers in the format of `quoth speakers --format jsonl`, and
 * the number of quotes in the store. Returns 200, or 500 with the reason
 * in `why`.
 */
int serve_store_speakers(store *st, long top, cli_buf *out, char *why, size_t why_size);

#endif
