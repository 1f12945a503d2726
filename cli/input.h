/* input.h - reading a file or standard input as a stream of bytes,
 * decompressed on the way when it is gzip, zstd, bzip2 or xz (libarchive's
 * filters), in big blocks, never holding more than a size limit in memory.
 */
#ifndef QUOTH_CLI_INPUT_H
#define QUOTH_CLI_INPUT_H

#include <stdint.h>

#include "cli.h"

typedef enum cli_read {
    CLI_READ_OK = 0,
    CLI_READ_EOF = 1,      /* nothing left (for cli_reader_take: ended early) */
    CLI_READ_TOO_BIG = 2,  /* longer than the limit; the rest was skipped */
    CLI_READ_ERROR = 3     /* the stream failed; r->why says why */
} cli_read;

typedef struct cli_reader {
    struct archive *ar;
    const char *blk;  /* the current block, owned by libarchive */
    size_t pos, end;  /* its unread bytes are blk[pos, end) */
    int eof;
    char why[256];    /* what went wrong, for CLI_READ_ERROR */
} cli_reader;

/*
 * Start reading `fd` (not closed by the reader). 0, or -1 with r->why
 * set: not a readable stream, or a compressed one that is broken from the
 * start. Close the reader in both cases.
 */
int cli_reader_open(cli_reader *r, int fd);
void cli_reader_close(cli_reader *r);

/* Bytes read from the file so far: compressed bytes for a compressed one. */
uint64_t cli_reader_raw_bytes(const cli_reader *r);

/* The unread bytes of the current block, reading one if needed; *n = 0 at
 * the end. For a look at the start of a stream: what kind of input is it? */
const char *cli_reader_peek(cli_reader *r, size_t *n);

/* Replace `dst` with everything left. With a `limit` (0 = none), stop as
 * soon as more than `limit` bytes came and return CLI_READ_TOO_BIG. */
cli_read cli_reader_all(cli_reader *r, cli_buf *dst, size_t limit);

/* Append the next line to `dst`, without its "\n". A last line without
 * "\n" counts. A line longer than `limit` (0 = none) is skipped up to its
 * newline without being stored, and gives CLI_READ_TOO_BIG. */
cli_read cli_reader_line(cli_reader *r, cli_buf *dst, size_t limit);

/* Append exactly `n` bytes to `dst` (NULL: skip them). CLI_READ_EOF when
 * the stream ends first. */
cli_read cli_reader_take(cli_reader *r, cli_buf *dst, uint64_t n);

/*
 * Replace `out` with the gzip- or zstd-compressed `in` decompressed, at
 * most `limit` bytes of it (0 = no limit). 0, or -1 with the reason in
 * `why`: broken data, or too big.
 */
int cli_decompress(const char *in, size_t len, size_t limit, cli_buf *out, char *why,
                   size_t why_size);

#endif
