/* extraction.h - what `quoth [extract]` (extract.c) and `quoth index`
 * (store_index.c) share: the input and extraction options, parsed by one
 * piece of code so that a flag means the same in both, and the run that
 * reads the inputs into the worker pool. */
#ifndef QUOTH_CLI_EXTRACTION_H
#define QUOTH_CLI_EXTRACTION_H

#include <stddef.h>

#include "job.h"
#include "pool.h"
#include "progress.h"

/* Ids of the shared options, apart from the small ids of each command's
 * own options and from args.h's. */
enum {
    CLI_OPT_INPUT = 100, CLI_OPT_ID_FIELD, CLI_OPT_TEXT_FIELD, CLI_OPT_MAX_DOC_BYTES,
    CLI_OPT_STRICT_UTF8, CLI_OPT_REPAIR_UTF8, CLI_OPT_NO_INDIRECT, CLI_OPT_MIN_CONFIDENCE,
    CLI_OPT_JOBS, CLI_OPT_QUIET
};

/* The rows of the shared options, for the option table of a command that
 * takes them (a macro: an option table is one array). */
#define CLI_EXTRACTION_OPTIONS                                                              \
    {"input", 0, 1, CLI_OPT_INPUT}, {"id-field", 0, 1, CLI_OPT_ID_FIELD},                   \
    {"text-field", 0, 1, CLI_OPT_TEXT_FIELD}, {"max-doc-bytes", 0, 1, CLI_OPT_MAX_DOC_BYTES}, \
    {"strict-utf8", 0, 0, CLI_OPT_STRICT_UTF8}, {"repair-utf8", 0, 0, CLI_OPT_REPAIR_UTF8},   \
    {"no-indirect", 0, 0, CLI_OPT_NO_INDIRECT},                                             \
    {"min-confidence", 0, 1, CLI_OPT_MIN_CONFIDENCE}, {"jobs", 'j', 1, CLI_OPT_JOBS},       \
    {"quiet", 'q', 0, CLI_OPT_QUIET}

/* What the shared options set. */
typedef struct cli_extraction {
    cli_settings set;
    size_t jobs;   /* -j; 0: one thread per core */
    int quiet;     /* -q */
} cli_extraction;

/* The settings of a command that has been told nothing: kind detected,
 * fields "id" and "text", the library's defaults but strict UTF-8. */
void cli_settings_init(cli_settings *set);

/* All zero, with cli_settings_init's settings. */
void cli_extraction_init(cli_extraction *x);

/*
 * Apply the option `id` with its `value` (NULL for one without) when it
 * is one of the shared ones: 0, or -1 after a message for a bad value.
 * 1 when `id` is not a shared option: the command's own, then.
 */
int cli_extraction_option(cli_extraction *x, int id, const char *value);

/* A JSONL field name given to `--option`: *field gets `value`. 0, or -1
 * after a message when it is empty. */
int cli_field_option(const char *option, const char *value, const char **field);

/* Whether `name` is a key of the records extraction writes (quote, and
 * text with --emit-text), which a copied JSONL field must not repeat. */
int cli_is_record_key(const char *name);

/*
 * Extract `inputs` (standard input when `ninputs` is 0) on -j threads,
 * handing each job in input order to `write` on this thread. `progress`
 * is started here, its line drawn when `live`; the caller ends it.
 * Reading stops early once *stop is non-zero. CLI_EXIT_OK, or
 * CLI_EXIT_SYSTEM after a message when the workers cannot be made.
 */
int cli_extraction_run(const cli_extraction *x, const char *const *inputs, size_t ninputs,
                       cli_write_fn write, void *userdata, cli_progress *progress, int live,
                       const int *stop);

#endif
