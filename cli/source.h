/* source.h - the input side of extraction: turn FILE operands (files,
 * directories, standard input) into jobs for the pool, in order.
 *
 * Each file is read through libarchive's decompression, so gzip and zstd
 * (and bzip2, xz) work for every kind. What the file holds is --input, or
 * else its name (.jsonl, .html, .warc, .txt, after a compression suffix),
 * or else its first bytes. Directories are read recursively, in byte order
 * of the names, skipping names that start with "."; symbolic links to
 * directories are not followed.
 */
#ifndef QUOTH_CLI_SOURCE_H
#define QUOTH_CLI_SOURCE_H

#include <stdint.h>

#include "input.h"
#include "job.h"
#include "pool.h"
#include "progress.h"
#include "warc.h"

typedef struct cli_source {
    const cli_settings *set;
    cli_pool *pool;
    cli_progress *progress;  /* its byte count is kept up to date */
    const int *stop;         /* non-zero: stop reading (output failed) */
    cli_reader reader;
    cli_warc_record warc;
    uint64_t bytes_before;   /* bytes read from the files already done */
} cli_source;

void cli_source_init(cli_source *s, const cli_settings *set, cli_pool *pool,
                     cli_progress *progress, const int *stop);
void cli_source_free(cli_source *s);

/* Read one operand: "-" for standard input, a file or a directory. */
void cli_source_read(cli_source *s, const char *operand);

/* Bytes in all the operands, for a percentage; 0 when unknown (a pipe). */
uint64_t cli_source_total(const char *const *operands, size_t n);

#endif
