/* cli.h - what the source files of the quoth command share. */
#ifndef QUOTH_CLI_H
#define QUOTH_CLI_H

#include <stddef.h>
#include <stdint.h>

/* Exit status of the quoth command. --help lists them; keep both in step. */
typedef enum cli_exit {
    CLI_EXIT_OK = 0,        /* every document was processed */
    CLI_EXIT_BAD_INPUT = 1, /* finished, but some documents were error records */
    CLI_EXIT_USAGE = 2,     /* bad command line: nothing was processed */
    CLI_EXIT_SYSTEM = 3     /* output failed (closed pipe too) or out of memory */
} cli_exit;

/* A subcommand: argv[0] is its name, the options follow. Returns a cli_exit. */
typedef int (*cli_command_fn)(int argc, char **argv);

/* `quoth [extract] [OPTIONS] [FILE...]`: extract.c. */
int cli_extract_main(int argc, char **argv);

/* Say "out of memory" and exit with CLI_EXIT_SYSTEM. */
_Noreturn void cli_die_nomem(void);

/* realloc that ends the command with CLI_EXIT_SYSTEM when memory runs out:
 * a command line tool has nothing better to do then. */
void *cli_xrealloc(void *ptr, size_t size);

/* A growable byte buffer. Start from {NULL, 0, 0}. */
typedef struct cli_buf {
    char *ptr;
    size_t len, cap;
} cli_buf;

void cli_buf_add(cli_buf *b, const char *s, size_t n);
void cli_buf_free(cli_buf *b);
/* Append printf-style text. */
void cli_buf_printf(cli_buf *b, const char *fmt, ...);
/* A quoth_write_fn that appends to the cli_buf `userdata`; never fails. */
int cli_buf_write(const char *bytes, size_t len, void *userdata);
/* Keep the buffer for reuse unless it grew past `keep` bytes: then free
 * it, so that one huge document does not pin its memory for the run. */
void cli_buf_trim(cli_buf *b, size_t keep);

/* Whether `s` is only spaces, tabs, carriage returns and the like (or
 * empty): a blank JSONL line. */
int cli_is_blank(const char *s, size_t len);

/* Length of the well-formed UTF-8 sequence at `s` (`n` bytes left), or 0
 * when there is none: overlong, surrogate, beyond U+10FFFF or cut short. */
size_t cli_utf8_len(const unsigned char *s, size_t n);

/* Copy `s` into `out` with each byte that is not part of well-formed UTF-8
 * replaced by U+FFFD. */
void cli_utf8_repair(cli_buf *out, const char *s, size_t len);

/* The offset of the first byte that is not well-formed UTF-8, or `len`. */
size_t cli_utf8_check(const char *s, size_t len);

/* A 64-bit hash of `len` bytes, the same on every machine: the quote store
 * keeps it. */
uint64_t cli_hash(const char *s, size_t len);

#endif
