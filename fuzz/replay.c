/*
 * replay.c - a main() for a fuzz target, so that it builds and runs
 * without libFuzzer: it feeds the target every file named on the command
 * line, and every file in every directory named there (not recursively).
 * With no arguments it replays the target's committed corpus,
 * FUZZ_CORPUS, relative to the repository root: that is how `make check`
 * runs it (as build/test_fuzz_NAME, found by tests/run.sh).
 *
 * A target aborts on a broken promise, and a sanitizer ends the process
 * on a memory error; either way the last line on stderr names the input
 * ("replay: the input was FILE"). Otherwise the closing line is
 * `N passed, 0 failed`, one per file. QUOTH_REPLAY_VERBOSE=1 lists the
 * files as they go.
 */
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"

#if defined(__SANITIZE_ADDRESS__)
#define REPLAY_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define REPLAY_SANITIZED 1
#endif
#endif
#ifdef REPLAY_SANITIZED
#include <sanitizer/common_interface_defs.h>
#endif

#ifndef FUZZ_CORPUS
#error "build with -DFUZZ_CORPUS=\"fuzz/corpus/NAME\""
#endif

static int replayed, verbose;
static const char *current;  /* the input being run, for a crash report */

/* Name the input that brought the process down. Called from a signal
 * handler or a sanitizer's death callback: write(2) only. */
static void say_which(void)
{
    static const char head[] = "replay: the input was ";
    if (current == NULL)
        return;
    ssize_t n = write(STDERR_FILENO, head, sizeof head - 1);
    n = write(STDERR_FILENO, current, strlen(current));
    n = write(STDERR_FILENO, "\n", 1);
    (void)n;  /* nothing to be done about a failed write here */
}

static void on_fatal_signal(int sig)
{
    say_which();
    signal(sig, SIG_DFL);
    raise(sig);
}

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
    if (verbose) {
        printf("# %s\n", path);
        fflush(stdout);
    }
    /* A copy of exactly `len` bytes, so that ASan sees reads past the end. */
    uint8_t *data = malloc(b.len ? b.len : 1);
    if (data == NULL)
        exit(2);
    if (b.len > 0)
        memcpy(data, b.ptr, b.len);
    current = path;
    LLVMFuzzerTestOneInput(data, b.len);
    current = NULL;
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
    static const int fatal[] = {SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL};
    const char *v = getenv("QUOTH_REPLAY_VERBOSE");
    verbose = v != NULL && *v != '\0' && strcmp(v, "0") != 0;
    for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++)
        signal(fatal[i], on_fatal_signal);
#ifdef REPLAY_SANITIZED
    __sanitizer_set_death_callback(say_which);
#endif
    if (argc < 2)
        replay(FUZZ_CORPUS);
    for (int i = 1; i < argc; i++)
        replay(argv[i]);
    if (replayed == 0) {
        fprintf(stderr, "replay: no input files\n");
        printf("0 passed, 1 failed\n");
        return 1;
    }
    printf("# %d inputs replayed\n%d passed, 0 failed\n", replayed, replayed);
    return 0;
}
