/* pool.h - worker threads with a bounded window of jobs, written back in
 * input order.
 *
 * The main thread asks for an empty job, fills it and submits it; workers
 * take jobs in submission order and process them; the main thread writes
 * finished jobs strictly in submission order, so the output is the same
 * for any number of threads. At most a fixed number of jobs (and about a
 * fixed number of input bytes) is in flight, which keeps memory flat
 * however big the corpus is: asking for a job waits for the oldest one to
 * be written when the window is full.
 */
#ifndef QUOTH_CLI_POOL_H
#define QUOTH_CLI_POOL_H

#include <stddef.h>

#include "job.h"

/* Called by the main thread for each finished job, in submission order. */
typedef void (*cli_write_fn)(cli_job *j, void *userdata);

typedef struct cli_pool cli_pool;

/*
 * Start `threads` workers (1: none; jobs then run in the calling thread
 * as they are submitted). NULL after a message on stderr if a worker
 * cannot be made.
 */
cli_pool *cli_pool_new(const cli_settings *set, size_t threads, cli_write_fn write,
                       void *userdata);

/* An empty job to fill; may first wait for, and write, older jobs. */
cli_job *cli_pool_job(cli_pool *p);

/* Hand over the job that cli_pool_job returned last. */
void cli_pool_submit(cli_pool *p);

/* Wait for every job, write them, stop the workers and free the pool. */
void cli_pool_finish(cli_pool *p);

#endif
