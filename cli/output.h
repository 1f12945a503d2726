/* output.h - writing to stdout: the byte sink, error records and the
 * human-readable text listing. */
#ifndef QUOTH_CLI_OUTPUT_H
#define QUOTH_CLI_OUTPUT_H

#include <stdio.h>

#include "quoth.h"

#include "cli.h"

/* A FILE that remembers its first failure, so writers can stop early and
 * the command can tell EPIPE from other errors at the end. */
typedef struct cli_out {
    FILE *f;
    int error; /* errno of the first failed write or flush; 0 if none */
} cli_out;

/* A quoth_write_fn; `userdata` is a cli_out. Non-zero once a write failed. */
int cli_out_write(const char *bytes, size_t len, void *userdata);
/* Flush; non-zero (and o->error set) on failure. */
int cli_out_flush(cli_out *o);

/*
 * Append {"type":"error","doc":DOC,"line":LINE,"message":MESSAGE} and a
 * newline. `doc` NULL writes null, `line` 0 writes null.
 */
void cli_error_record(cli_buf *b, const char *doc, size_t doc_len, size_t line,
                      const char *message);

/* Append the heading of a document's listing: "ID: N quotes". `id` NULL
 * is shown as "(no id)". */
void cli_text_heading(cli_buf *b, const char *id, size_t id_len, size_t quotes);

/* Append one quote as text: "  [kind] Speaker (cue): "text"", whitespace
 * runs folded to one space, wrapped to `width` columns. */
void cli_text_quote(cli_buf *b, const quoth_quote *q, size_t width);

#endif
