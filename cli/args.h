/* args.h - the command line, as every subcommand parses it.
 *
 * getopt_long is a GNU extension and the build asks for plain POSIX, so the
 * command parses its own options: `--name`, `--name=value`, `--name value`,
 * `-x` for the few options with a short name (`-j 4` or `-j4` when it takes
 * a value), `--` to end the options, and
 * `-` as an operand (standard input). Options and operands may be mixed.
 * cli_parse() runs the loop every subcommand needs (--help, --version,
 * "Try 'quoth ... --help'"); the parse_ functions read option values.
 */
#ifndef QUOTH_CLI_ARGS_H
#define QUOTH_CLI_ARGS_H

#include <stddef.h>

typedef struct cli_option {
    const char *name;  /* long name without the dashes; NULL ends a table */
    char short_name;   /* 0 when it has none */
    int takes_value;
    int id;            /* what cli_args_next returns for it: >= 0 */
} cli_option;

enum {
    CLI_ARG_END = -1,     /* no arguments left */
    CLI_ARG_OPERAND = -2, /* *value is an operand such as a file name */
    CLI_ARG_ERROR = -3    /* bad option: a message is on stderr already */
};

/* Option ids that cli_parse() answers itself; a command's own ids are
 * small numbers, below these. */
enum {
    CLI_OPT_HELP = 1000,  /* print the usage text and stop */
    CLI_OPT_VERSION       /* print the library's version and stop */
};

typedef struct cli_args {
    int argc;
    char **argv;
    int next;          /* index of the next argument to look at */
    int operands_only; /* "--" was seen */
} cli_args;

/* Start at argv[1]: argv[0] is the command or subcommand name. */
void cli_args_init(cli_args *a, int argc, char **argv);

/* The next option id, CLI_ARG_OPERAND or CLI_ARG_END. *value gets the
 * option's value or the operand (borrowed from argv), else NULL. */
int cli_args_next(cli_args *a, const cli_option *opts, const char **value);

/*
 * What a command does with each argument: `id` is one of its option ids,
 * with `value` (NULL for an option without one), or CLI_ARG_OPERAND with
 * the operand, and last CLI_ARG_END, to check that nothing is missing.
 * 0 to go on, or -1 after a message on stderr: a usage error.
 */
typedef int (*cli_apply_fn)(void *request, int id, const char *value);

/*
 * Parse a subcommand's command line (`command`, e.g. "index"; NULL for
 * extraction, which is plain `quoth`) against `opts`, handing each
 * argument to `apply`. CLI_OPT_HELP prints the parts of `usage` (a NULL
 * ends them), CLI_OPT_VERSION the version. Returns -1 when the command is
 * to run, else its exit status: CLI_EXIT_OK after the help or the version
 * (CLI_EXIT_SYSTEM if it could not be written), CLI_EXIT_USAGE after a
 * usage error, with "Try 'quoth COMMAND --help'" on stderr.
 */
int cli_parse(int argc, char **argv, const cli_option *opts, const char *const *usage,
              const char *command, cli_apply_fn apply, void *request);

/* Say "quoth: bad value 'VALUE' for --OPTION: expected EXPECTED" on
 * stderr. Returns -1, for a cli_apply_fn to return. */
int cli_bad_value(const char *option, const char *value, const char *expected);

/* The index of `value` in `names` (NULL-terminated), or -1. */
int cli_pick(const char *value, const char *const *names);

/* A whole decimal number from `min` to `max`, without sign or spaces.
 * 0, or -1 (and *out unchanged). */
int cli_parse_number(const char *s, long min, long max, long *out);

/* A byte count: a decimal number, then optionally K, M or G (either case)
 * for 1024, 1024^2 or 1024^3 of them, as in "16M". 0 is a count too.
 * 0, or -1 (and *out unchanged). */
int cli_parse_size(const char *s, size_t *out);

#endif
