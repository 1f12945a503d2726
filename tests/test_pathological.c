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
 * machine. Time is the process's CPU time, not the wall clock, so that a
 * busy machine (make -j, fuzzers) does not fail the test.
 *
 * The second half is the big inputs of issue 6 (10 MB of `"`, 10 MB of
 * unmatched `“`, a million nested brackets, a million one-byte documents,
 * invalid UTF-8 every other byte, NUL bytes, CRLF and lone CR, a BOM), each
 * run in a child process so that its peak memory can be measured and
 * bounded, with checks on what comes out, not only that it ends. Under a
 * sanitizer they are a tenth of the size (the sanitizer looks for memory
 * errors, which small inputs find as well); QUOTH_TEST_VALGRIND=1 makes
 * them a hundredth and the time limits a hundred times longer, for
 * `make valgrind`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

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

/* Valgrind runs code some fifty times slower: make valgrind says so. */
static double slowdown = 1.0;

/* CPU seconds per case; sanitizers slow code down several times. */
#define LIMIT_SECONDS ((SANITIZED ? 10.0 : 3.0) * slowdown)

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

/* CPU time of this process: what the input costs, whatever else runs. */
static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
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

/* ==== The big inputs, each in a child process ============================== */

/* Divides the sizes below: 1 plain, 10 under a sanitizer, 100 in valgrind. */
static size_t shrink = 1;

/* What a child reports back through its pipe. */
typedef struct child_report {
    double cpu;      /* CPU seconds of extraction, input building excluded */
    long rss_kb;     /* the child's peak resident memory */
    size_t bytes;    /* input bytes extracted */
    int failed;      /* checks that failed in the child */
} child_report;

static double cpu_spent;  /* the child's extraction time so far */

/* Extract `len` bytes of `s` with `flags`, fed in 64 KiB pieces; check the
 * quotes' shape (as run_case) and count the CPU time. Returns the status;
 * the quotes go to `r`. */
static int extract_big(const char *s, size_t len, quoth_flag flags, quoth_quote_fn fn,
                       void *ud) {
    quoth_options opt;
    quoth_options_init(&opt);
    opt.flags = flags;
    opt.max_doc_bytes = 0;  /* the point is to go past the CLI's default */
    opt.on_quote = fn;
    opt.userdata = ud;
    quoth_extractor *x = NULL;
    quoth_error err = {0, NULL, 0};
    double t0 = now();
    int status = quoth_extractor_new(&opt, &x, NULL);
    for (size_t off = 0; status == QUOTH_OK && off < len; off += 1 << 16) {
        size_t n = len - off < (1 << 16) ? len - off : (1 << 16);
        status = quoth_extractor_feed(x, s + off, n, &err);
    }
    if (status == QUOTH_OK)
        status = quoth_extractor_finish(x, &err);
    quoth_extractor_free(x);
    cpu_spent += now() - t0;
    if (status == QUOTH_EUTF8)
        status = -(int)err.byte_offset - 1000;  /* keep the offset for the caller */
    return status;
}

/* A quote as the checks below see it: what it says and who said it. */
typedef struct seen {
    const doc *d;
    size_t quotes, bad;
    size_t shift;          /* subtract from offsets: a BOM before the text */
    size_t first_start, first_end;  /* of the first quote */
    char first_speaker[64];
    char sig[4096];        /* kinds, texts (line ends folded) and speakers */
    size_t sig_len;
} seen;

static void sig_add(seen *s, const char *p, size_t n, int fold_line_ends) {
    for (size_t i = 0; i < n && s->sig_len + 1 < sizeof s->sig; i++) {
        char c = p[i];
        if (fold_line_ends && c == '\r') {
            if (i + 1 < n && p[i + 1] == '\n')
                continue;  /* CR LF is one line end */
            c = '\n';
        }
        s->sig[s->sig_len++] = c;
    }
}

static int on_seen(const quoth_quote *q, void *userdata) {
    seen *s = userdata;
    if (q->start > q->end || q->end > s->d->len || q->text.len != q->end - q->start ||
        memcmp(q->text.ptr, s->d->ptr + q->start, q->text.len) != 0 || q->start < s->shift)
        s->bad++;
    if (s->quotes == 0) {
        s->first_start = q->start;
        s->first_end = q->end;
        snprintf(s->first_speaker, sizeof s->first_speaker, "%.*s",
                 q->speaker.ptr ? (int)q->speaker.len : 0, q->speaker.ptr ? q->speaker.ptr : "");
    }
    /* The signature of the first quotes is enough to compare runs. */
    if (s->quotes++ < 40) {
        char head[64];
        snprintf(head, sizeof head, "%s|", quoth_kind_name(q->kind));
        sig_add(s, head, strlen(head), 0);
        sig_add(s, q->text.ptr, q->text.len, 1);
        sig_add(s, "|", 1, 0);
        if (q->speaker.ptr)
            sig_add(s, q->speaker.ptr, q->speaker.len, 0);
        sig_add(s, "\n", 1, 0);
    }
    return 0;
}

static seen run_seen(const doc *d, quoth_flag flags, size_t shift, int *status) {
    seen s;
    memset(&s, 0, sizeof s);
    s.d = d;
    s.shift = shift;
    *status = extract_big(d->ptr, d->len, flags, on_seen, &s);
    return s;
}

/* Each big case builds its input and checks what comes out. */

static void big_straight_quotes(void) {
    doc d = {0};
    repeat(&d, "\"", 10000000 / shrink);
    int status;
    seen s = run_seen(&d, 0, 0, &status);
    CHECK_INT_EQ(status, QUOTH_OK);
    CHECK_INT_EQ(s.bad, 0);
    free(d.ptr);
}

static void big_unmatched_curly(void) {
    doc d = {0};
    repeat(&d, "\xE2\x80\x9C", 10000000 / 3 / shrink);
    int status;
    seen s = run_seen(&d, 0, 0, &status);
    CHECK_INT_EQ(status, QUOTH_OK);
    CHECK_INT_EQ(s.bad, 0);
    CHECK_INT_EQ(s.quotes, 0);  /* nothing is ever closed */
    free(d.ptr);
}

/* A million brackets nested in a quote stay inside it; a million that are
 * never closed do not swallow the quote after them. */
static void big_nested_brackets(void) {
    size_t n = 500000 / shrink;
    doc d = {0};
    add(&d, "\"");
    repeat(&d, "[", n);
    add(&d, "x");
    repeat(&d, "]", n);
    add(&d, "\" said Tom Oduya.\n");
    int status;
    seen s = run_seen(&d, 0, 0, &status);
    CHECK_INT_EQ(status, QUOTH_OK);
    CHECK_INT_EQ(s.bad, 0);
    CHECK_INT_EQ(s.quotes, 1);
    CHECK(strncmp(s.sig, "direct|[", 8) == 0);
    CHECK_INT_EQ(s.first_start, 1);
    CHECK_INT_EQ(s.first_end, 2 * n + 2);
    CHECK_STR_EQ(s.first_speaker, "Tom Oduya");

    d.len = 0;
    repeat(&d, "(", 2 * n);
    add(&d, "\n\"Yes,\" said Tom Oduya.\n");
    s = run_seen(&d, 0, 0, &status);
    CHECK_INT_EQ(status, QUOTH_OK);
    CHECK_INT_EQ(s.bad, 0);
    if (!CHECK(strstr(s.sig, "|Yes,|Tom Oduya\n") != NULL))
        fprintf(stderr, "    after unclosed brackets: %.*s\n", (int)s.sig_len, s.sig);
    free(d.ptr);
}

static int count_quote(const quoth_quote *q, void *userdata) {
    (void)q;
    (*(size_t *)userdata)++;
    return 0;
}

/* One extractor, a million documents of one byte each, every byte value in
 * turn: the cost per document must be small and fixed, and strict UTF-8
 * must refuse exactly the bytes that are not a character on their own. */
static void big_one_byte_docs(void) {
    size_t n = 1000000 / shrink, quotes = 0, refused = 0, wrong = 0;
    for (int strict = 0; strict <= 1; strict++) {
        quoth_options opt;
        quoth_options_init(&opt);
        opt.flags = strict ? QUOTH_FLAG_STRICT_UTF8 : 0;
        opt.on_quote = count_quote;
        opt.userdata = &quotes;
        quoth_extractor *x = NULL;
        double t0 = now();
        CHECK_INT_EQ(quoth_extractor_new(&opt, &x, NULL), QUOTH_OK);
        for (size_t i = 0; x != NULL && i < n / 2; i++) {
            char c = (char)(unsigned char)(i % 256);
            quoth_error err = {0, NULL, 0};
            int status = quoth_extractor_feed(x, &c, 1, &err);
            if (status == QUOTH_OK)
                status = quoth_extractor_finish(x, &err);
            int bad_byte = strict && (c == 0 || (unsigned char)c >= 0x80);
            if (status == QUOTH_EUTF8 && err.byte_offset == 0)
                refused++;
            if (status != (bad_byte ? QUOTH_EUTF8 : QUOTH_OK))
                wrong++;
        }
        quoth_extractor_free(x);
        cpu_spent += now() - t0;
    }
    CHECK_INT_EQ(wrong, 0);
    CHECK_INT_EQ(quotes, 0);
    CHECK(refused > 0);
}

/* Text with a bad byte after every byte: strict mode names the first,
 * repair mode reads on and keeps offsets those of the bytes. */
static void big_invalid_every_other(void) {
    static const char bad[] = {'\xFF', '\x80', '\xC0', '\xE2', '\xF5', '\xED'};
    static const char text[] = "\"Yes,\" said Tom Oduya. ";
    doc d = {0};
    size_t n = 2000000 / shrink;
    char pair[3] = {0, 0, 0};
    for (size_t i = 0; d.len < n; i++) {
        pair[0] = text[i % (sizeof text - 1)];
        pair[1] = bad[i % sizeof bad];
        add(&d, pair);
    }
    int status;
    seen s = run_seen(&d, QUOTH_FLAG_STRICT_UTF8, 0, &status);
    CHECK_INT_EQ(status, -1 - 1000);  /* QUOTH_EUTF8 at byte 1 */
    CHECK_INT_EQ(s.quotes, 0);
    s = run_seen(&d, 0, 0, &status);
    CHECK_INT_EQ(status, QUOTH_OK);
    CHECK_INT_EQ(s.bad, 0);
    free(d.ptr);
}

/* NUL bytes: a megabyte of them, and NULs between attributed quotes. */
static void big_nul_bytes(void) {
    doc d = {0};
    size_t n = 1000000 / shrink;
    d.ptr = calloc(n + 1, 1);
    d.len = d.cap = n;
    if (d.ptr == NULL)
        exit(2);
    int status;
    seen s = run_seen(&d, QUOTH_FLAG_STRICT_UTF8, 0, &status);
    CHECK_INT_EQ(status, 0 - 1000);  /* QUOTH_EUTF8 at byte 0 */
    s = run_seen(&d, 0, 0, &status);
    CHECK_INT_EQ(status, QUOTH_OK);
    CHECK_INT_EQ(s.quotes, 0);

    /* add() stops at a NUL, so each NUL goes in by hand. */
    d.len = 0;
    size_t sentences = 0;
    while (d.len < n) {
        add(&d, "\"Yes,\" said Tom Oduya.\n");
        add(&d, " \n");
        d.ptr[d.len - 2] = '\0';
        sentences++;
    }
    s = run_seen(&d, 0, 0, &status);
    CHECK_INT_EQ(status, QUOTH_OK);
    CHECK_INT_EQ(s.bad, 0);
    CHECK_INT_EQ(s.quotes, sentences);
    free(d.ptr);
}

/* The same article with LF, CR LF and lone CR line ends gives the same
 * quotes; a megabyte of line ends alone is cheap. */
static const char *const article[] = {
    "Harbor City approves bridge",
    "\"We owe the Eastside a bridge,\" council member Jose Pena said before the vote. "
    "\"Not another study.\"",
    "Mayor Lena Ortiz said she would sign the measure. \"I respect the decision,\" she said. "
    "\"But it is not free.",
    "\"Somebody pays for every beam.\"",
    "Rita Feld warned that the city would be paying until 2055.",
    "\"We are borrowing against the future,\" she told the Ledger.",
    NULL};

static void big_line_ends(void) {
    static const char *const ends[] = {"\n", "\r\n", "\r"};
    char first[sizeof ((seen *)0)->sig];
    size_t first_len = 0, first_quotes = 0;
    doc d = {0};
    for (int e = 0; e < 3; e++) {
        d.len = 0;
        /* The same number of copies whatever the line ends: ~1 MB. */
        for (size_t copies = 0; copies < 2500 / shrink; copies++) {
            for (size_t i = 0; article[i] != NULL; i++) {
                add(&d, article[i]);
                add(&d, ends[e]);
                add(&d, ends[e]);  /* a blank line between paragraphs */
            }
        }
        int status;
        seen s = run_seen(&d, 0, 0, &status);
        CHECK_INT_EQ(status, QUOTH_OK);
        CHECK_INT_EQ(s.bad, 0);
        if (e == 0) {
            memcpy(first, s.sig, s.sig_len);
            first_len = s.sig_len;
            first_quotes = s.quotes;
            CHECK(s.quotes > 0);
        } else if (!CHECK(s.quotes == first_quotes && s.sig_len == first_len &&
                          memcmp(s.sig, first, first_len) == 0)) {
            fprintf(stderr, "    %s line ends: %zu quotes, LF: %zu\n%.*s\n", e == 1 ? "CRLF" : "CR",
                    s.quotes, first_quotes, (int)(s.sig_len < 300 ? s.sig_len : 300), s.sig);
        }
    }
    for (int e = 1; e < 3; e++) {
        d.len = 0;
        repeat(&d, ends[e], 1000000 / shrink / strlen(ends[e]));
        int status;
        seen s = run_seen(&d, 0, 0, &status);
        CHECK_INT_EQ(status, QUOTH_OK);
        CHECK_INT_EQ(s.quotes, 0);
    }
    free(d.ptr);
}

/* A byte order mark changes nothing but the offsets; a megabyte of them
 * (U+FEFF is also a zero-width no-break space) is cheap. */
static void big_bom(void) {
    doc d = {0}, plain = {0};
    for (size_t i = 0; article[i] != NULL; i++) {
        add(&plain, article[i]);
        add(&plain, "\n");
    }
    add(&d, "\xEF\xBB\xBF");
    add(&d, plain.ptr);
    int status;
    seen with = run_seen(&d, 0, 3, &status);
    CHECK_INT_EQ(status, QUOTH_OK);
    CHECK_INT_EQ(with.bad, 0);
    seen without = run_seen(&plain, 0, 0, &status);
    /* The same quotes, kinds, speakers and (shifted) offsets: the mark is
     * no word before the first quote. */
    CHECK_INT_EQ(with.quotes, without.quotes);
    if (!CHECK(with.sig_len == without.sig_len && memcmp(with.sig, without.sig, with.sig_len) == 0))
        fprintf(stderr, "    with a BOM:\n%.*s\n    without:\n%.*s\n", (int)with.sig_len,
                with.sig, (int)without.sig_len, without.sig);

    d.len = 0;
    repeat(&d, "\xEF\xBB\xBF", 1000000 / 3 / shrink);
    add(&d, "\"Yes,\" said Tom Oduya.");
    seen s = run_seen(&d, 0, 0, &status);
    CHECK_INT_EQ(status, QUOTH_OK);
    CHECK_INT_EQ(s.bad, 0);
    free(d.ptr);
    free(plain.ptr);
}

/*
 * Run `fn` in a child and check that it passed, within `limit` CPU seconds
 * (times `slowdown`) and `mb_per_mb` bytes of memory per input byte over a
 * fixed allowance. Memory is checked only in a plain build: a sanitizer's
 * shadow memory and quarantine are not the program's.
 */
static void run_big(const char *name, void (*fn)(void), size_t input_bytes, double limit,
                    double mem_per_byte) {
    int fds[2];
    child_report rep;
    memset(&rep, 0, sizeof rep);
    fflush(stdout);
    fflush(stderr);
    if (pipe(fds) != 0) {
        perror("test_pathological: pipe");
        exit(2);
    }
    pid_t pid = fork();
    if (pid < 0) {
        perror("test_pathological: fork");
        exit(2);
    }
    if (pid == 0) {
        close(fds[0]);
        harness_failed = 0;  /* count the child's own checks */
        fn();
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        rep.cpu = cpu_spent;
        rep.rss_kb = ru.ru_maxrss;
        rep.failed = harness_failed;
        ssize_t w = write(fds[1], &rep, sizeof rep);
        fflush(stdout);
        fflush(stderr);
        _exit(w == (ssize_t)sizeof rep ? 0 : 3);
    }
    close(fds[1]);
    ssize_t got = read(fds[0], &rep, sizeof rep);
    close(fds[0]);
    int wstatus = 0;
    waitpid(pid, &wstatus, 0);
    double mb = (double)rep.rss_kb / 1024.0, mb_limit = 64.0 + mem_per_byte * (double)input_bytes / 1048576.0;
    if (!CHECK(got == (ssize_t)sizeof rep && WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0))
        fprintf(stderr, "    %s: the child died (status 0x%x)\n", name, (unsigned)wstatus);
    if (!CHECK_INT_EQ(rep.failed, 0))
        fprintf(stderr, "    %s: checks failed\n", name);
    if (!CHECK(rep.cpu < limit * slowdown))
        fprintf(stderr, "    %s: %.1f CPU s (limit %.0f s)\n", name, rep.cpu, limit * slowdown);
    if (!SANITIZED && slowdown == 1.0 && !CHECK(mb < mb_limit))
        fprintf(stderr, "    %s: peak memory %.0f MB (limit %.0f MB)\n", name, mb, mb_limit);
    printf("# %-40s %8zu bytes %6.2f s %6.0f MB peak\n", name, input_bytes, rep.cpu, mb);
    fflush(stdout);
}

int main(void) {
    doc d = {0};
    const char *vg = getenv("QUOTH_TEST_VALGRIND");
    if (vg != NULL && *vg != '\0' && strcmp(vg, "0") != 0) {
        slowdown = 100.0;
        shrink = 100;
    } else if (SANITIZED) {
        shrink = 10;
    }

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

    /* A run-on sentence of reports, none ended: each cue looks for its
     * clause, which must not mean scanning to the end of the sentence. */
    d.len = 0;
    repeat(&d, "the plan was bad, Tom Oduya said, and \"it\" he said a b c ", 20000);
    run_case("1 MB run-on sentence of reports", &d, 1 << 16);
    d.len = 0;
    repeat(&d, "Lena Ortiz vowed to go and asked them whether it would, saying ", 16000);
    run_case("1 MB run-on sentence of requests", &d, 1 << 16);

    /* Many people who share a surname: finding whom "Smith" means must
     * not compare it with every Smith named before. */
    d.len = 0;
    for (size_t i = 0; i < 40000; i++) {
        char line[64], first[16];
        size_t k = 0;
        for (size_t v = i; k == 0 || v > 0; v /= 26, k++)
            first[k] = (char)((k == 0 ? 'A' : 'a') + v % 26);
        first[k] = '\0';
        snprintf(line, sizeof line, "%sx Smith said it was late. Smith said so.\n", first);
        add(&d, line);
    }
    run_case("40,000 people named Smith", &d, 1 << 16);

    /* Many tiny feeds: appending must not copy the document each time. */
    d.len = 0;
    repeat(&d, "\"Yes,\" said Tom Oduya.\n", 20000);
    run_case("460 KB fed one byte at a time", &d, 1);

    free(d.ptr);

    /* Issue 6's list, at full size in a plain build: 10 MB of `"`, 10 MB
     * of `“`, a million brackets, a million documents. Limits are CPU
     * seconds, and bytes of memory per input byte over 64 MB: the engine
     * keeps a few hundred bytes of records per quote mark, so this catches
     * memory that grows faster than the input, not a big constant. */
    run_big("straight quotes \"\"\"...", big_straight_quotes, 10000000 / shrink, 60.0, 400.0);
    run_big("unmatched “““...", big_unmatched_curly, 10000000 / shrink, 60.0, 400.0);
    run_big("nested brackets [[[...]]], ((((...", big_nested_brackets, 2000000 / shrink, 30.0, 400.0);
    run_big("one-byte documents", big_one_byte_docs, 1000000 / shrink, 30.0, 0.0);
    run_big("invalid UTF-8 every other byte", big_invalid_every_other, 2000000 / shrink, 30.0,
            400.0);
    run_big("NUL bytes", big_nul_bytes, 2000000 / shrink, 30.0, 400.0);
    run_big("LF, CRLF and lone CR line ends", big_line_ends, 5000000 / shrink, 30.0, 400.0);
    run_big("a byte order mark", big_bom, 1000000 / shrink, 30.0, 400.0);
    return harness_done();
}
