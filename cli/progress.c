/* progress.c - see progress.h. */
#include <stdio.h>
#include <time.h>

#include "progress.h"

/* Redraw at most this often: a terminal is slow next to the extractor. */
#define TICK_SECONDS 0.25

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double mb_per_s(const cli_progress *p, double seconds)
{
    return seconds > 0 ? (double)p->bytes / 1e6 / seconds : 0.0;
}

void cli_progress_start(cli_progress *p, int live, uint64_t total)
{
    p->live = live;
    p->total = total;
    p->bytes = 0;
    p->docs = p->quotes = p->errors = 0;
    p->start = p->last = now();
}

void cli_progress_tick(cli_progress *p)
{
    if (!p->live)
        return;
    double t = now();
    if (t - p->last < TICK_SECONDS)
        return;
    p->last = t;
    double rate = mb_per_s(p, t - p->start);
    /* \r and "erase to end of line": the line is redrawn in place. */
    fprintf(stderr, "\rquoth: %zu documents, %zu quotes, %.1f MB/s", p->docs, p->quotes, rate);
    if (p->total > 0 && p->bytes <= p->total && rate > 0) {
        double left = (double)(p->total - p->bytes) / 1e6 / rate;
        fprintf(stderr, ", %.0f%%, %d:%02d left", 100.0 * (double)p->bytes / (double)p->total,
                (int)left / 60, (int)left % 60);
    }
    fputs("\033[K", stderr);
    fflush(stderr);
}

void cli_progress_end(cli_progress *p, int summary)
{
    double seconds = now() - p->start;
    if (p->live)
        fputs("\r\033[K", stderr);
    if (summary)
        fprintf(stderr, "quoth: %zu documents, %zu quotes, %zu errors, %.2f s, %.1f MB/s\n",
                p->docs, p->quotes, p->errors, seconds, mb_per_s(p, seconds));
}
