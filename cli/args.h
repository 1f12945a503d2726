/* args.h - a small long-option parser the subcommands share.
 *
 * getopt_long is a GNU extension and the build asks for plain POSIX, so the
 * command parses its own options: `--name`, `--name=value`, `--name value`,
 * `-x` for the few options with a short name (`-j 4` or `-j4` when it takes
 * a value), `--` to end the options, and
 * `-` as an operand (standard input). Options and operands may be mixed.
 */
#ifndef QUOTH_CLI_ARGS_H
#define QUOTH_CLI_ARGS_H

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

#endif
