/* progress.h - the progress line on a terminal and the closing summary,
 * both on stderr. Main thread only. */
#ifndef QUOTH_CLI_PROGRESS_H
#define QUOTH_CLI_PROGRESS_H

#include <stddef.h>
#include <stdint.h>

typedef struct cli_progress {
    int live;            /* draw the progress line */
    uint64_t total;      /* input bytes in all, 0 if unknown */
    uint64_t bytes;      /* input bytes read so far (as stored: compressed) */
    size_t docs, quotes, errors;
    double start, last;  /* seconds: the run began, the line was drawn */
} cli_progress;

/* Start the clock. `live`: draw the line; `total`: 0 if unknown. */
void cli_progress_start(cli_progress *p, int live, uint64_t total);
/* Redraw the line if it is live and a moment has passed. */
void cli_progress_tick(cli_progress *p);
/* Erase the line; with `summary`, print the one-line summary. */
void cli_progress_end(cli_progress *p, int summary);

#endif
