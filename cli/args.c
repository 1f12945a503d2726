/* args.c - see args.h. */
#include <stdio.h>
#include <string.h>

#include "args.h"

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
