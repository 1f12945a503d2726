/*
 * main.c - the quoth command: pick a subcommand, set up stdio, run it.
 *
 * `quoth NAME ...` runs the subcommand NAME when NAME is in `commands`;
 * anything else is the default, extraction, so `quoth article.txt` works.
 * To add a subcommand, write `int cli_NAME_main(int argc, char **argv)` in
 * its own cli/NAME.c, declare it in cli.h and add a row below.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "serve.h"
#include "store.h"

#ifdef _WIN32
#include <fcntl.h>
#include <io.h>
#endif

static const struct {
    const char *name;
    cli_command_fn run;
} commands[] = {
    {"extract", cli_extract_main},
    {"index", cli_index_main},
    {"search", cli_search_main},
    {"speakers", cli_speakers_main},
    {"serve", cli_serve_main},
};

/* Byte offsets in the output must match the input bytes: no CRLF
 * translation where the C library would do it. */
static void set_binary_mode(void)
{
#ifdef _WIN32
    _setmode(_fileno(stdin), _O_BINARY);
    _setmode(_fileno(stdout), _O_BINARY);
#endif
}

int main(int argc, char **argv)
{
    set_binary_mode();
    /* A closed pipe must show up as a failed write (EPIPE), which the
     * command turns into CLI_EXIT_SYSTEM, rather than kill it silently. */
    signal(SIGPIPE, SIG_IGN);

    if (argc > 1) {
        for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
            if (strcmp(argv[1], commands[i].name) == 0)
                return commands[i].run(argc - 1, argv + 1);
    }
    return cli_extract_main(argc, argv);
}
