/*
 * fuzz.h - what the fuzz targets share: the libFuzzer entry point, a
 * growable buffer, a UTF-8 checker written apart from the ones under test,
 * and a way to stop with a message that lands in the crash report.
 *
 * Every target defines LLVMFuzzerTestOneInput. Built with clang
 * -fsanitize=fuzzer it is driven by libFuzzer; built with replay.c it is
 * driven by a plain main() that feeds it each file of its seed corpus, so
 * that `make check` runs the corpora with gcc and no libFuzzer at all.
 */
#ifndef QUOTH_FUZZ_H
#define QUOTH_FUZZ_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A broken promise: say which, and abort so that libFuzzer (or the replay
 * driver's caller) keeps the input. */
#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
static inline _Noreturn void fuzz_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("fuzz: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    abort();
}

#define FUZZ_ASSERT(cond)                                                        \
    do {                                                                         \
        if (!(cond))                                                             \
            fuzz_fail("%s:%d: %s", __FILE__, __LINE__, #cond);                   \
    } while (0)

/* A byte buffer; starts as {0}. Running out of memory is not a finding. */
typedef struct fuzz_buf {
    char *ptr;
    size_t len, cap;
} fuzz_buf;

static inline void fuzz_buf_add(fuzz_buf *b, const void *s, size_t n)
{
    if (n == 0)
        return;
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n)
            cap *= 2;
        char *p = realloc(b->ptr, cap);
        if (p == NULL) {
            fputs("fuzz: out of memory\n", stderr);
            exit(2);
        }
        b->ptr = p;
        b->cap = cap;
    }
    memcpy(b->ptr + b->len, s, n);
    b->len += n;
}

static inline void fuzz_buf_free(fuzz_buf *b)
{
    free(b->ptr);
    b->ptr = NULL;
    b->len = b->cap = 0;
}

/* A quoth_write_fn appending to the fuzz_buf `ud`. */
static inline int fuzz_buf_write(const char *bytes, size_t len, void *ud)
{
    fuzz_buf_add(ud, bytes, len);
    return 0;
}

/* Does `b` hold the string `s`? */
static inline int fuzz_has(const fuzz_buf *b, const char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; n <= b->len && i <= b->len - n; i++)
        if (memcmp(b->ptr + i, s, n) == 0)
            return 1;
    return 0;
}

/*
 * The offset of the first byte of `s` that is not well-formed UTF-8 (or is
 * NUL when `nul_is_bad`), or `len`. Written from RFC 3629's table rather
 * than shared with src/ or cli/, so that a bug there is not copied here.
 */
static inline size_t fuzz_utf8_bad(const char *s, size_t len, int nul_is_bad)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        unsigned c = u[i];
        size_t need;
        unsigned lo = 0x80, hi = 0xBF;
        if (c == 0 && nul_is_bad)
            return i;
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF)
            need = 1;
        else if (c == 0xE0)
            need = 2, lo = 0xA0;
        else if (c == 0xED)
            need = 2, hi = 0x9F;
        else if (c >= 0xE1 && c <= 0xEF)
            need = 2;
        else if (c == 0xF0)
            need = 3, lo = 0x90;
        else if (c == 0xF4)
            need = 3, hi = 0x8F;
        else if (c >= 0xF1 && c <= 0xF3)
            need = 3;
        else
            return i;
        if (len - i <= need || u[i + 1] < lo || u[i + 1] > hi)
            return i;
        for (size_t k = 2; k <= need; k++)
            if ((u[i + k] & 0xC0) != 0x80)
                return i;
        i += need + 1;
    }
    return len;
}

#endif
