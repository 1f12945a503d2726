/* args.c - see args.h. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "quoth.h"

#include "args.h"
#include "cli.h"

void cli_args_init(cli_args *a, int argc, char **argv)
{
    a->argc = argc;
    a->argv = argv;
    a->next = 1;
    a->operands_only = 0;
}

static const cli_option *find_long(const cli_option *opts, const char *name, size_t len)
{
    for (; opts->name != NULL; opts++)
        if (strlen(opts->name) == len && memcmp(opts->name, name, len) == 0)
            return opts;
    return NULL;
}

static const cli_option *find_short(const cli_option *opts, char c)
{
    for (; opts->name != NULL; opts++)
        if (opts->short_name != 0 && opts->short_name == c)
            return opts;
    return NULL;
}

/* `arg` is the option as typed, for messages; `inline_value` is what
 * followed "=", or NULL. */
static int take_value(cli_args *a, const cli_option *o, const char *arg,
                      const char *inline_value, const char **value)
{
    if (!o->takes_value) {
        if (inline_value != NULL) {
            fprintf(stderr, "quoth: option '--%s' takes no value\n", o->name);
            return CLI_ARG_ERROR;
        }
        return o->id;
    }
    if (inline_value != NULL) {
        *value = inline_value;
        return o->id;
    }
    if (a->next >= a->argc) {
        fprintf(stderr, "quoth: option '%s' needs a value\n", arg);
        return CLI_ARG_ERROR;
    }
    *value = a->argv[a->next++];
    return o->id;
}

int cli_args_next(cli_args *a, const cli_option *opts, const char **value)
{
    *value = NULL;
    while (a->next < a->argc) {
        const char *arg = a->argv[a->next++];
        if (a->operands_only || arg[0] != '-' || strcmp(arg, "-") == 0) {
            *value = arg;
            return CLI_ARG_OPERAND;
        }
        if (strcmp(arg, "--") == 0) {
            a->operands_only = 1;
            continue;
        }
        const cli_option *o;
        const char *eq = NULL;
        if (arg[1] == '-') {
            eq = strchr(arg + 2, '=');
            size_t len = eq ? (size_t)(eq - (arg + 2)) : strlen(arg + 2);
            o = find_long(opts, arg + 2, len);
        } else {
            /* Short options come one per argument: there are too few to
             * be worth bundling. One that takes a value may have it
             * attached, as in -j4. */
            o = find_short(opts, arg[1]);
            if (o != NULL && arg[2] != '\0' && o->takes_value)
                return take_value(a, o, arg, arg + 2, value);
            if (arg[2] != '\0')
                o = NULL;
        }
        if (o == NULL) {
            fprintf(stderr, "quoth: unknown option '%s'\n", arg);
            return CLI_ARG_ERROR;
        }
        return take_value(a, o, arg, eq ? eq + 1 : NULL, value);
    }
    return CLI_ARG_END;
}

/* Print the parts of `text` and stop: CLI_EXIT_OK, or CLI_EXIT_SYSTEM when
 * standard output cannot take them. */
static int print_and_stop(const char *const *text)
{
    for (size_t i = 0; text[i] != NULL; i++)
        fputs(text[i], stdout);
    return fflush(stdout) == 0 ? CLI_EXIT_OK : CLI_EXIT_SYSTEM;
}

int cli_parse(int argc, char **argv, const cli_option *opts, const char *const *usage,
              const char *command, cli_apply_fn apply, void *request)
{
    cli_args args;
    const char *v;
    int id;
    cli_args_init(&args, argc, argv);
    do {
        id = cli_args_next(&args, opts, &v);
        if (id == CLI_OPT_HELP)
            return print_and_stop(usage);
        if (id == CLI_OPT_VERSION) {
            const char *const version[] = {"quoth ", quoth_version_string(), "\n", NULL};
            return print_and_stop(version);
        }
        if (id == CLI_ARG_ERROR || apply(request, id, v) != 0) {
            fprintf(stderr, "Try 'quoth %s%s--help' for more information.\n",
                    command ? command : "", command ? " " : "");
            return CLI_EXIT_USAGE;
        }
    } while (id != CLI_ARG_END);
    return -1;
}

int cli_bad_value(const char *option, const char *value, const char *expected)
{
    fprintf(stderr, "quoth: bad value '%s' for --%s: expected %s\n", value, option, expected);
    return -1;
}

int cli_pick(const char *value, const char *const *names)
{
    for (int i = 0; names[i] != NULL; i++)
        if (strcmp(value, names[i]) == 0)
            return i;
    return -1;
}

int cli_parse_number(const char *s, long min, long max, long *out)
{
    char *end;
    if (*s < '0' || *s > '9')
        return -1;  /* strtol would accept " 5" and "-5" */
    errno = 0;
    long n = strtol(s, &end, 10);
    if (*end != '\0' || errno != 0 || n < min || n > max)
        return -1;
    *out = n;
    return 0;
}

int cli_parse_size(const char *s, size_t *out)
{
    char *end;
    unsigned shift = 0;
    if (*s < '0' || *s > '9')
        return -1;  /* strtoull would accept " 5" and "-5" */
    errno = 0;
    unsigned long long n = strtoull(s, &end, 10);
    if (errno != 0)
        return -1;
    switch (*end) {
    case 'k': case 'K': shift = 10; end++; break;
    case 'm': case 'M': shift = 20; end++; break;
    case 'g': case 'G': shift = 30; end++; break;
    default: break;
    }
    if (*end != '\0' || n > (SIZE_MAX >> shift))
        return -1;
    *out = (size_t)n << shift;
    return 0;
}
