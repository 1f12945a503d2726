/* pack.h - a document and its quotes in a compact binary form: what a
 * worker hands `quoth index` (store_index.c) in place of JSON lines, which
 * the indexer would print, then parse back in its one writing thread.
 *
 * The bytes live only in memory, between two threads of one process: no
 * version, no byte order, nothing checked on reading. */
#ifndef QUOTH_CLI_PACK_H
#define QUOTH_CLI_PACK_H

#include <stddef.h>
#include <stdint.h>

#include "quoth.h"

#include "cli.h"

/* What the store keeps of a document other than its quotes. */
typedef struct cli_packed_doc {
    quoth_str id;       /* ptr NULL: the document has no id */
    size_t line;        /* its JSONL line, or 0 */
    uint64_t hash;      /* cli_hash of the text */
    size_t bytes;       /* length of the text */
    const quoth_str *fields; /* the JSONL document fields (ptr NULL: missing) */
    size_t nfields;
} cli_packed_doc;

/* Append a document: its id, its JSONL line (0: none), `nfields` (at most CLI_PACK_FIELDS) fields
 * (ptr NULL for a missing one), and the hash and length of `text`. Its
 * quotes come after it. */
void cli_pack_doc(cli_buf *b, const char *id, size_t id_len, size_t line, const char *text,
                  size_t len, const quoth_str *fields, size_t nfields);

/* Append a quote of the document packed last. */
void cli_pack_quote(cli_buf *b, const quoth_quote *q);

/* Reads what cli_pack_* wrote. Strings point into the packed bytes and
 * end in a NUL byte (not counted in len). */
enum { CLI_PACK_FIELDS = 8 };  /* the most fields a document has */

typedef struct cli_unpack {
    const char *at, *end;
    quoth_str fields[CLI_PACK_FIELDS];  /* cli_unpack_doc's fields go here */
} cli_unpack;

void cli_unpack_init(cli_unpack *u, const char *bytes, size_t len);

/* The document at the cursor: 1, or 0 when the next item is not one.
 * d->fields points into `u`. */
int cli_unpack_doc(cli_unpack *u, cli_packed_doc *d);

/* The quote at the cursor: 1, or 0 at the end or before a document. */
int cli_unpack_quote(cli_unpack *u, quoth_quote *q);

#endif
