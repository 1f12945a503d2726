/*
 * test_pathological.c - inputs built to make a careless scanner quadratic
 * or deeply recursive: tens of thousands of unmatched or nested marks, a
 * megabyte without a line break, a long run of pronoun quotes that each
 * look back for a speaker.
 *
 * Each case must finish within a time limit and give well-formed quotes
 * (text == doc[start:end]). The limit is generous: a linear pass over any
 * of these inputs takes a few hundredths of a second, a quadratic one ten
 * seconds or more, so a failure means an algorithm problem, not a slow
 * machine.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"
#include "quoth.h"

#if defined(__SANITIZE_ADDRESS__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANITIZED 1
#endif
#endif
#ifndef SANITIZED
#define SANITIZED 0
#endif

/* Seconds per case; sanitizers slow code down several times. */
#define LIMIT_SECONDS (SANITIZED ? 10.0 : 3.0)

typedef struct doc {
    char *ptr;
    size_t len, cap;
} doc;

static void add(doc *d, const char *s) {
    size_t n = strlen(s);
    if (d->len + n + 1 > d->cap) {
        d->cap = (d->len + n + 1) * 2;
        d->ptr = realloc(d->ptr, d->cap);
        if (d->ptr == NULL) {
            fputs("test_pathological: out of memory\n", stderr);
            exit(2);
        }
    }
    memcpy(d->ptr + d->len, s, n + 1);
    d->len += n;
}

static void repeat(doc *d, const char *s, size_t times) {
    for (size_t i = 0; i < times; i++) add(d, s);
}

typedef struct result {
    const doc *d;
    size_t quotes;
    size_t bad;
} result;

static int on_quote(const quoth_quote *q, void *userdata) {
    result *r = userdata;
    if (q->start > q->end || q->end > r->d->len || q->text.len != q->end - q->start ||
        memcmp(q->text.ptr, r->d->ptr + q->start, q->text.len) != 0)
        r->bad++;
    r->quotes++;
    return 0;
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Extract `d` fed in `chunk`-byte pieces; check time and shape. Returns the
 * number of quotes, or (size_t)-1 when extraction failed. */
static size_t run_case(const char *name, const doc *d, size_t chunk) {
    quoth_options opt;
    quoth_options_init(&opt);
    result r = {d, 0, 0};
    opt.on_quote = on_quote;
    opt.userdata = &r;
    quoth_extractor *x = NULL;
    double t0 = now();
    int status = quoth_extractor_new(&opt, &x, NULL);
    for (size_t off = 0; status == QUOTH_OK && off < d->len; off += chunk) {
        size_t n = d->len - off < chunk ? d->len - off : chunk;
        status = quoth_extractor_feed(x, d->ptr + off, n, NULL);
    }
    if (status == QUOTH_OK) status = quoth_extractor_finish(x, NULL);
    quoth_extractor_free(x);
    double secs = now() - t0;

    if (!CHECK_INT_EQ(status, QUOTH_OK)) fprintf(stderr, "    %s\n", name);
    if (!CHECK(secs < LIMIT_SECONDS))
        fprintf(stderr, "    %s: %.1f s (limit %.0f s)\n", name, secs, LIMIT_SECONDS);
    if (!CHECK_INT_EQ(r.bad, 0)) fprintf(stderr, "    %s: malformed quotes\n", name);
    printf("# %-40s %8zu bytes %7zu quotes %6.2f s\n", name, d->len, r.quotes, secs);
    return status == QUOTH_OK ? r.quotes : (size_t)-1;
}

int main(void) {
    doc d = {0};

    /* Openings that never close, in one paragraph and one per paragraph. */
    repeat(&d, "\xE2\x80\x9C" "a ", 100000);
    run_case("100,000 unmatched “ in a line", &d, 1 << 16);
    d.len = 0;
    repeat(&d, "\xE2\x80\x9C" "a\n", 50000);
    run_case("50,000 paragraphs opening with “", &d, 1 << 16);
    d.len = 0;
    repeat(&d, "\"", 200000);
    run_case("200,000 straight quotes", &d, 1 << 16);
    d.len = 0;
    repeat(&d, "'", 100000);
    run_case("100,000 apostrophes", &d, 1 << 16);

    /* Nesting. */
    d.len = 0;
    repeat(&d, "\xE2\x80\x9C\xE2\x80\x98", 5000);
    add(&d, "deep");
    repeat(&d, "\xE2\x80\x99\xE2\x80\x9D", 5000);
    add(&d, " said Tom Oduya.\n");
    run_case("10,000 nested quotes", &d, 1 << 16);
    d.len = 0;
    repeat(&d, "\"a \xE2\x80\x9C", 10000);
    run_case("10,000 alternating unclosed marks", &d, 1 << 16);

    /* A megabyte with no line break, full of quotes: one paragraph. */
    d.len = 0;
    size_t n = 1000000 / strlen("\"Yes,\" said Tom Oduya. ");
    repeat(&d, "\"Yes,\" said Tom Oduya. ", n);
    size_t got = run_case("1 MB line of attributed quotes", &d, 4096);
    if (!CHECK_INT_EQ(got, n)) fprintf(stderr, "    want one quote per sentence\n");

    /* Pronoun quotes with no name: each looks back for a speaker. */
    d.len = 0;
    repeat(&d, "\"No,\" he said. ", 50000);
    run_case("50,000 pronoun quotes, no antecedent", &d, 1 << 16);
    d.len = 0;
    add(&d, "Tom Oduya spoke first.\n");
    repeat(&d, "\"Again.\"\n", 50000);
    run_case("50,000 cue-less quote paragraphs", &d, 1 << 16);
    d.len = 0;
    repeat(&d, "Ann Lee Bo Ray Cy Doe ", 40000);
    add(&d, "\"Who?\" she asked.\n");
    run_case("240,000 capitalised words then a quote", &d, 1 << 16);

    /* Dashes and colons, the other attribution triggers. */
    d.len = 0;
    repeat(&d, "\"x\" \xE2\x80\x94 ", 50000);
    run_case("50,000 dash attributions", &d, 1 << 16);
    d.len = 0;
    repeat(&d, "a: ", 200000);
    run_case("200,000 colons", &d, 1 << 16);

    /* Many tiny feeds: appending must not copy the document each time. */
    d.len = 0;
    repeat(&d, "\"Yes,\" said Tom Oduya.\n", 20000);
    run_case("460 KB fed one byte at a time", &d, 1);

    free(d.ptr);
    return harness_done();
}
