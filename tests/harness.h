/*
 * harness.h - a zero-dependency test harness, one test program per file.
 *
 *     CHECK(x != NULL);
 *     CHECK_INT_EQ(quoth_version(), QUOTH_VERSION);
 *     CHECK_STR_EQ(quoth_kind_name(QUOTH_KIND_DIRECT), "direct");
 *     CHECK_STRN_EQ(q->text.ptr, q->text.len, "We will build it,");
 *     return harness_done();
 *
 * A failing check prints `file:line: ...` and the program goes on, so one
 * run shows every failure. harness_done() prints the closing line
 * `N passed, N failed` that tests/run.sh collects, and returns the exit
 * status (1 on any failure). Counters are file-static: include this header
 * from exactly one translation unit per program.
 */
#ifndef QUOTH_TEST_HARNESS_H
#define QUOTH_TEST_HARNESS_H

#include <stdio.h>
#include <string.h>

static int harness_passed, harness_failed;

/* Every check funnels through here so the counters stay in one place. */
static inline int harness_report(int ok, const char *file, int line, const char *what) {
    if (ok) {
        harness_passed++;
    } else {
        harness_failed++;
        fflush(stdout); /* keep stdout and stderr in order when both are a file */
        fprintf(stderr, "%s:%d: FAIL: %s\n", file, line, what);
    }
    return ok;
}

static inline int harness_int_eq(long long got, long long want, const char *file, int line,
                                 const char *expr) {
    if (!harness_report(got == want, file, line, expr)) {
        fprintf(stderr, "    got %lld, want %lld\n", got, want);
    }
    return got == want;
}

/* (ptr, len) against (ptr, len); a NULL ptr is "absent", unlike "". */
static inline int harness_mem_eq(const char *got, size_t got_len, const char *want,
                                 size_t want_len, const char *file, int line, const char *expr) {
    int ok = (got == NULL || want == NULL)
                 ? (got == want)
                 : (got_len == want_len && memcmp(got, want, got_len) == 0);
    if (!harness_report(ok, file, line, expr)) {
        fprintf(stderr, "    got  \"%.*s\"%s\n    want \"%.*s\"%s\n", got ? (int)got_len : 0,
                got ? got : "", got ? "" : " (NULL)", want ? (int)want_len : 0, want ? want : "",
                want ? "" : " (NULL)");
    }
    return ok;
}

static inline int harness_str_eq(const char *got, const char *want, const char *file, int line,
                                 const char *expr) {
    return harness_mem_eq(got, got ? strlen(got) : 0, want, want ? strlen(want) : 0, file, line,
                          expr);
}

static inline int harness_strn_eq(const char *got, size_t got_len, const char *want,
                                  const char *file, int line, const char *expr) {
    return harness_mem_eq(got, got_len, want, want ? strlen(want) : 0, file, line, expr);
}

/* Each macro evaluates its arguments once. */
#define CHECK(cond) harness_report((cond) != 0, __FILE__, __LINE__, #cond)
#define CHECK_INT_EQ(got, want) \
    harness_int_eq((long long)(got), (long long)(want), __FILE__, __LINE__, #got " == " #want)
/* NUL-terminated strings; NULL equals only NULL. */
#define CHECK_STR_EQ(got, want) harness_str_eq((got), (want), __FILE__, __LINE__, #got " == " #want)
/* A (ptr, len) slice against a NUL-terminated string. */
#define CHECK_STRN_EQ(ptr, len, want) \
    harness_strn_eq((ptr), (len), (want), __FILE__, __LINE__, #ptr " == " #want)
/* Two (ptr, len) slices. */
#define CHECK_MEM_EQ(p1, n1, p2, n2) \
    harness_mem_eq((p1), (n1), (p2), (n2), __FILE__, __LINE__, #p1 " == " #p2)

static inline int harness_done(void) {
    printf("%d passed, %d failed\n", harness_passed, harness_failed);
    fflush(stdout);
    return harness_failed ? 1 : 0;
}

#endif
