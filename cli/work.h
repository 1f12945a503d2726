/* work.h - what a worker thread does with a job: parse it (JSON, HTML,
 * HTTP encodings), run its own extractor on it, and render the quotes and
 * error records into the job's output buffers. */
#ifndef QUOTH_CLI_WORK_H
#define QUOTH_CLI_WORK_H

#include "job.h"

typedef struct cli_worker cli_worker;

/* A worker with its own extractor. NULL after a message on stderr when
 * the extractor cannot be made. */
cli_worker *cli_worker_new(const cli_settings *set);
void cli_worker_free(cli_worker *w);

/* Process `j`: fills its out, err and counts. */
void cli_worker_run(cli_worker *w, cli_job *j);

#endif
