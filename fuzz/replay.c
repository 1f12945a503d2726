/*
 * replay.c - a main() for a fuzz target, so that it builds and runs
 * without libFuzzer: it feeds the target every file named on the command
 * line, and every file in every directory named there (not recursively).
 * With no arguments it replays the target's committed corpus,
 * FUZZ_CORPUS, relative to the repository root: that is how `make check`
 * runs it (as build/test_fuzz_NAME, found by tests/run.sh).
 *
 * A target aborts on a broken promise, so a failing file ends the run with
 * the target's message on stderr; the last "# FILE" line on stdout names
 * it. Otherwise the closing line is `N passed, 0 failed`, one per file.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

#ifndef FUZZ_CORPUS
#error "build with -DFUZZ_CORPUS=\"fuzz/corpus/NAME\""
#endif

static int replayed;

static void replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        perror(path);
        exit(2);
    }
    fuzz_buf b = {0};
    char chunk[1 << 16];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        fuzz_buf_add(&b, chunk, n);
    if (ferror(f)) {
        perror(path);
        exit(2);
    }
    fclose(f);
    /* Say which file before running it: a crash leaves no other trace. */
    printf("# %s\n", path);
    fflush(stdout);
    /* A copy of exactly `len` bytes, so that ASan sees reads past the end. */
    uint8_t *data = malloc(b.len ? b.len : 1);
    if (data == NULL)
        exit(2);
    if (b.len > 0)
        memcpy(data, b.ptr, b.len);
    LLVMFuzzerTestOneInput(data, b.len);
    free(data);
    fuzz_buf_free(&b);
    replayed++;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The files of `dir`, in name order so that runs are repeatable. */
static void replay_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (d == NULL) {
        perror(dir);
        exit(2);
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            names = realloc(names, cap * sizeof *names);
            if (names == NULL)
                exit(2);
        }
        size_t len = strlen(dir) + strlen(e->d_name) + 2;
        names[n] = malloc(len);
        if (names[n] == NULL)
            exit(2);
        snprintf(names[n], len, "%s/%s", dir, e->d_name);
        n++;
    }
    closedir(d);
    if (n > 0)
        qsort(names, n, sizeof *names, by_name);
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (stat(names[i], &st) == 0 && S_ISREG(st.st_mode))
            replay_file(names[i]);
        free(names[i]);
    }
    free(names);
}

static void replay(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        perror(path);
        exit(2);
    }
    if (S_ISDIR(st.st_mode))
        replay_dir(path);
    else
        replay_file(path);
}

int main(int argc, char **argv)
{
    if (argc < 2)
        replay(FUZZ_CORPUS);
    for (int i = 1; i < argc; i++)
        replay(argv[i]);
    if (replayed == 0) {
        fprintf(stderr, "replay: no input files\n");
        printf("0 passed, 1 failed\n");
        return 1;
    }
    printf("%d passed, 0 failed\n", replayed);
    return 0;
}
