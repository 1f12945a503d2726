/* pool.c - see pool.h. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pool.h"
#include "work.h"

/* Jobs in flight per worker: enough that one slow document does not stall
 * the others while it holds back the writing, and that the main thread,
 * which waits once per half a ring, seldom waits. */
enum { JOBS_PER_THREAD = 32 };
/* Input bytes in flight before the reader waits: memory stays flat even
 * when documents are near --max-doc-bytes. */
#define BYTES_IN_FLIGHT ((size_t)8 << 20)
/* A job buffer bigger than this, or than its share of BYTES_IN_FLIGHT, is
 * freed after use rather than kept: what the ring keeps stays bounded. */
#define KEEP_BYTES ((size_t)1 << 20)

typedef struct cli_thread {
    cli_pool *pool;
    cli_worker *worker;
    pthread_t id;
} cli_thread;

struct cli_pool {
    cli_job *jobs;          /* a ring of `size` slots */
    size_t size;
    /* Jobs [head, tail) are in flight; workers take them at `taken`.
     * Only the main thread changes head and tail. */
    size_t head, taken, tail;
    size_t bytes;           /* input bytes of the jobs in flight */
    size_t keep;            /* the most a job keeps of a buffer (KEEP_BYTES) */
    int closing;
    pthread_mutex_t mu;
    pthread_cond_t work;    /* a job was submitted, or closing */
    pthread_cond_t done;    /* a job was finished */
    cli_thread *threads;    /* each with its worker */
    size_t nworkers;
    size_t nthreads;        /* running; 0: jobs run in the main thread */
    cli_write_fn write;
    void *userdata;
};

static cli_job *slot(cli_pool *p, size_t seq)
{
    return &p->jobs[seq % p->size];
}

static void *worker_main(void *arg)
{
    cli_thread *t = arg;
    cli_pool *p = t->pool;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (p->taken == p->tail && !p->closing)
            pthread_cond_wait(&p->work, &p->mu);
        if (p->taken == p->tail)
            break;
        size_t seq = p->taken++;
        cli_job *j = slot(p, seq);
        pthread_mutex_unlock(&p->mu);
        cli_worker_run(t->worker, j);
        pthread_mutex_lock(&p->mu);
        j->done = 1;
        /* The main thread only ever waits for the oldest job. */
        if (seq == p->head)
            pthread_cond_signal(&p->done);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

/* Write the oldest job; with `wait` 0, only if it is finished already.
 * 1 if a job was written. */
static int write_oldest(cli_pool *p, int wait)
{
    cli_job *j = slot(p, p->head);
    pthread_mutex_lock(&p->mu);
    while (!j->done && wait)
        pthread_cond_wait(&p->done, &p->mu);
    int ready = j->done;
    pthread_mutex_unlock(&p->mu);
    if (!ready)
        return 0;
    /* Unlocked: no worker looks at a finished job again. */
    p->write(j, p->userdata);
    pthread_mutex_lock(&p->mu);
    p->bytes -= j->in.len;
    p->head++;
    pthread_mutex_unlock(&p->mu);
    return 1;
}

cli_job *cli_pool_job(cli_pool *p)
{
    /* Once full, write until half empty: the main thread then sleeps and
     * wakes once per half a ring rather than once per job, which on small
     * documents cost more than a tenth of the CPU time. */
    if (p->tail - p->head == p->size || (p->bytes > BYTES_IN_FLIGHT && p->head < p->tail))
        while (p->tail - p->head > p->size / 2 ||
               (p->bytes > BYTES_IN_FLIGHT / 2 && p->head < p->tail))
            write_oldest(p, 1);
    cli_job *j = slot(p, p->tail);
    cli_buf_trim(&j->in, p->keep);
    cli_buf_trim(&j->out, p->keep);
    cli_buf_trim(&j->err, p->keep);
    j->id.len = j->where.len = 0;
    j->has_id = 0;
    j->line = 0;
    j->charset[0] = '\0';
    j->wrap = 0;
    j->docs = j->quotes = j->bad = 0;
    j->listed = j->done = 0;
    return j;
}

void cli_pool_submit(cli_pool *p)
{
    cli_job *j = slot(p, p->tail);
    if (p->nthreads == 0) {
        cli_worker_run(p->threads[0].worker, j);
        j->done = 1;
        p->tail++;
        write_oldest(p, 0);
        return;
    }
    pthread_mutex_lock(&p->mu);
    p->tail++;
    p->bytes += j->in.len;
    pthread_cond_signal(&p->work);
    pthread_mutex_unlock(&p->mu);
    while (p->head < p->tail && write_oldest(p, 0))
        ;
}

/* Make the workers and, for more than one, their threads. 0 or -1. */
static int start_workers(cli_pool *p, const cli_settings *set)
{
    for (size_t i = 0; i < p->nworkers; i++) {
        p->threads[i].pool = p;
        p->threads[i].worker = cli_worker_new(set);
        if (p->threads[i].worker == NULL)
            return -1;
    }
    for (size_t i = 0; i < p->nworkers && p->nworkers > 1; i++) {
        if (pthread_create(&p->threads[i].id, NULL, worker_main, &p->threads[i]) != 0) {
            fprintf(stderr, "quoth: cannot start a thread\n");
            return -1;
        }
        p->nthreads++;
    }
    return 0;
}

cli_pool *cli_pool_new(const cli_settings *set, size_t threads, cli_write_fn write,
                       void *userdata)
{
    cli_pool *p = cli_xrealloc(NULL, sizeof *p);
    memset(p, 0, sizeof *p);
    p->nworkers = threads > 1 ? threads : 1;
    p->size = threads > 1 ? threads * JOBS_PER_THREAD : 1;
    p->keep = BYTES_IN_FLIGHT / p->size < KEEP_BYTES ? BYTES_IN_FLIGHT / p->size : KEEP_BYTES;
    p->jobs = cli_xrealloc(NULL, p->size * sizeof *p->jobs);
    memset(p->jobs, 0, p->size * sizeof *p->jobs);
    p->threads = cli_xrealloc(NULL, p->nworkers * sizeof *p->threads);
    memset(p->threads, 0, p->nworkers * sizeof *p->threads);
    p->write = write;
    p->userdata = userdata;
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->work, NULL);
    pthread_cond_init(&p->done, NULL);
    if (start_workers(p, set) != 0) {
        cli_pool_finish(p);
        return NULL;
    }
    return p;
}

void cli_pool_finish(cli_pool *p)
{
    while (p->head < p->tail)
        write_oldest(p, 1);
    pthread_mutex_lock(&p->mu);
    p->closing = 1;
    pthread_cond_broadcast(&p->work);
    pthread_mutex_unlock(&p->mu);
    for (size_t i = 0; i < p->nthreads; i++)
        pthread_join(p->threads[i].id, NULL);
    for (size_t i = 0; i < p->nworkers; i++)
        cli_worker_free(p->threads[i].worker);
    for (size_t i = 0; i < p->size; i++) {
        cli_job *j = &p->jobs[i];
        cli_buf_free(&j->in);
        cli_buf_free(&j->id);
        cli_buf_free(&j->where);
        cli_buf_free(&j->out);
        cli_buf_free(&j->err);
    }
    pthread_cond_destroy(&p->work);
    pthread_cond_destroy(&p->done);
    pthread_mutex_destroy(&p->mu);
    free(p->threads);
    free(p->jobs);
    free(p);
}
