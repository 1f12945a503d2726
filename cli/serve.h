/* serve.h - `quoth serve`: the extractor and the quote store over HTTP,
 * with a page for people. serve.c. */
#ifndef QUOTH_CLI_SERVE_H
#define QUOTH_CLI_SERVE_H

/* `quoth serve [OPTIONS]`: runs until SIGINT or SIGTERM. A cli_exit. */
int cli_serve_main(int argc, char **argv);

#endif
