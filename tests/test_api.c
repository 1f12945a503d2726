/*
 * test_api.c - the public API in include/quoth.h, one contract at a time.
 *
 * What is extracted is tested by tests/spec/; here we test the promises
 * around it: versions, errors and their offsets, options, streaming with
 * arbitrary chunk boundaries, byte-accurate offsets, JSON writing,
 * allocation, threads and reuse. Run from the repository root; the seed
 * article is read from $SHARED/examples (default ../shared).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>

#include "harness.h"
#include "jsonl.h"
#include "quoth.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- helpers -------------------------------------------------------------- */

/* A growable byte buffer that output is written into. */
typedef struct sink {
    char *ptr;
    size_t len, cap;
} sink;

static int sink_write(const char *bytes, size_t len, void *userdata) {
    sink *s = userdata;
    if (s->len + len + 1 > s->cap) {
        size_t cap = s->cap ? s->cap : 256;
        while (cap < s->len + len + 1) cap *= 2;
        char *p = realloc(s->ptr, cap);
        if (p == NULL) return -1;
        s->ptr = p;
        s->cap = cap;
    }
    if (len) memcpy(s->ptr + s->len, bytes, len);
    s->len += len;
    s->ptr[s->len] = '\0';
    return 0;
}

static void sink_free(sink *s) {
    free(s->ptr);
    s->ptr = NULL;
    s->len = s->cap = 0;
}

static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) return NULL;
    sink s = {0};
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        if (sink_write(buf, n, &s) != 0) break;
    }
    fclose(f);
    if (s.ptr == NULL) sink_write("", 0, &s); /* an empty file is "" */
    *len = s.len;
    return s.ptr;
}

/* Strictly valid UTF-8 with no NUL: what every JSON byte we write must be. */
static int utf8_valid(const char *s, size_t len) {
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        unsigned c = p[i];
        size_t n;
        unsigned min, cp;
        if (c == 0) return 0;
        if (c < 0x80) { i++; continue; }
        if (c >= 0xC2 && c <= 0xDF) { n = 1; min = 0x80; cp = c & 0x1F; }
        else if (c >= 0xE0 && c <= 0xEF) { n = 2; min = 0x800; cp = c & 0x0F; }
        else if (c >= 0xF0 && c <= 0xF4) { n = 3; min = 0x10000; cp = c & 0x07; }
        else return 0;
        if (len - i < n + 1) return 0; /* truncated */
        for (size_t k = 1; k <= n; k++) {
            if ((p[i + k] & 0xC0) != 0x80) return 0;
            cp = (cp << 6) | (p[i + k] & 0x3Fu);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
        i += n + 1;
    }
    return 1;
}

/* Everything one extraction delivered, plus the problems the callback saw. */
typedef struct run {
    const char *doc;     /* the document as fed, to check offsets against */
    size_t doc_len;
    const char *doc_id;  /* written as "doc" in each JSON line */
    sink json;           /* every quote as SPEC JSON, in order */
    size_t quotes;
    size_t indirect;
    size_t bad;          /* quotes that broke a promise of quoth_quote */
    int check_json;      /* also parse each JSON line and compare fields */
    size_t abort_after;  /* return ABORT_VALUE after this many; 0 = never */
} run;

#define ABORT_VALUE 7

static int span_ok(const run *r, size_t start, size_t end, quoth_str text) {
    return start <= end && end <= r->doc_len && text.ptr != NULL && text.len == end - start &&
           memcmp(text.ptr, r->doc + start, text.len) == 0;
}

static void bad_quote(run *r, const quoth_quote *q, const char *why) {
    r->bad++;
    fprintf(stderr, "    quote %zu [%zu,%zu): %s\n", r->quotes, q->start, q->end, why);
}

/* Parse `len` bytes as one JSON value with the command's reader: valid
 * UTF-8, JSON's tokens only (json-c alone takes NaN or a raw control
 * character), nothing after the value. NULL with the reason in `why`. */
static json_object *parse_json(const char *s, size_t len, char *why, size_t why_size) {
    cli_json_reader *r = cli_json_reader_new();
    if (r == NULL) {
        snprintf(why, why_size, "out of memory");
        return NULL;
    }
    json_object *v = cli_json_parse(r, s, len, 0, why, why_size);
    cli_json_reader_free(r);
    return v;
}

/* The member `key` of an object; NULL when absent, as for a JSON null. */
static json_object *member(json_object *o, const char *key) {
    json_object *v = NULL;
    json_object_object_get_ex(o, key, &v);
    return v;
}

static int is_int(json_object *v) { return json_object_is_type(v, json_type_int); }

/* A JSON object member as a (ptr,len) string, or NULL when absent/null. */
static int json_str_is(json_object *v, quoth_str want) {
    if (want.ptr == NULL) return json_object_is_type(v, json_type_null);
    return json_object_is_type(v, json_type_string) &&
           (size_t)json_object_get_string_len(v) == want.len &&
           memcmp(json_object_get_string(v), want.ptr, want.len) == 0;
}

static int json_span_is(json_object *v, int has, quoth_span want) {
    if (!has) return json_object_is_type(v, json_type_null);
    json_object *s = member(v, "start"), *e = member(v, "end");
    return json_object_is_type(v, json_type_object) && is_int(s) && is_int(e) &&
           (size_t)json_object_get_int64(s) == want.start &&
           (size_t)json_object_get_int64(e) == want.end &&
           json_str_is(member(v, "text"), want.text);
}

/* The JSON line must say exactly what the struct says. Strings are only
 * compared when valid UTF-8, since invalid bytes are written as U+FFFD. */
static void check_json_line(run *r, const quoth_quote *q, const char *line, size_t len) {
    char why[256];
    if (len == 0 || line[len - 1] != '\n' || memchr(line, '\n', len - 1) != NULL) {
        bad_quote(r, q, "JSON is not exactly one line ending in a newline");
        return;
    }
    if (!utf8_valid(line, len)) {
        bad_quote(r, q, "JSON is not valid UTF-8");
        return;
    }
    /* A NUL in the document is valid UTF-8 and may be written as \u0000. */
    json_object *o = parse_json(line, len, why, sizeof why);
    if (!json_object_is_type(o, json_type_object)) {
        bad_quote(r, q, "JSON does not parse as an object");
        fprintf(stderr, "    %s: %.*s", o ? "not an object" : why, (int)len, line);
        json_object_put(o);
        return;
    }
    quoth_str type = {"quote", 5}, kind = {quoth_kind_name(q->kind), 0};
    kind.len = kind.ptr ? strlen(kind.ptr) : 0;
    quoth_str id = {r->doc_id, r->doc_id ? strlen(r->doc_id) : 0};
    json_object *start = member(o, "start"), *end = member(o, "end");
    json_object *conf = member(o, "confidence");
    int utf8 = utf8_valid(q->text.ptr, q->text.len) &&
               (!q->has_mention || utf8_valid(q->mention.text.ptr, q->mention.text.len)) &&
               (!q->has_cue || utf8_valid(q->cue.text.ptr, q->cue.text.len)) &&
               (q->speaker.ptr == NULL || utf8_valid(q->speaker.ptr, q->speaker.len));
    if (!json_str_is(member(o, "type"), type)) bad_quote(r, q, "JSON type");
    if (!json_str_is(member(o, "doc"), id)) bad_quote(r, q, "JSON doc");
    if (!is_int(start) || (size_t)json_object_get_int64(start) != q->start ||
        !is_int(end) || (size_t)json_object_get_int64(end) != q->end)
        bad_quote(r, q, "JSON start/end");
    if (!json_str_is(member(o, "kind"), kind)) bad_quote(r, q, "JSON kind");
    if (!is_int(conf) && !json_object_is_type(conf, json_type_double))
        bad_quote(r, q, "JSON confidence");
    if (utf8) {
        if (!json_str_is(member(o, "text"), q->text)) bad_quote(r, q, "JSON text");
        if (!json_str_is(member(o, "speaker"), q->speaker))
            bad_quote(r, q, "JSON speaker");
        if (!json_span_is(member(o, "mention"), q->has_mention, q->mention))
            bad_quote(r, q, "JSON mention");
        if (!json_span_is(member(o, "cue"), q->has_cue, q->cue))
            bad_quote(r, q, "JSON cue");
    }
    json_object_put(o);
}

static int on_quote(const quoth_quote *q, void *userdata) {
    run *r = userdata;
    if (!span_ok(r, q->start, q->end, q->text)) bad_quote(r, q, "text != doc[start:end]");
    if (q->has_mention && !span_ok(r, q->mention.start, q->mention.end, q->mention.text))
        bad_quote(r, q, "mention text != doc[start:end]");
    if (q->has_cue && !span_ok(r, q->cue.start, q->cue.end, q->cue.text))
        bad_quote(r, q, "cue text != doc[start:end]");
    if (q->speaker.ptr == NULL && q->speaker.len != 0) bad_quote(r, q, "NULL speaker, len > 0");
    if (!(q->confidence >= 0.0 && q->confidence <= 1.0)) bad_quote(r, q, "confidence not in [0,1]");
    if (quoth_kind_name(q->kind) == NULL) bad_quote(r, q, "unknown kind");
    if (q->kind == QUOTH_KIND_INDIRECT) r->indirect++;

    size_t before = r->json.len;
    int wr = quoth_quote_write_json(q, r->doc_id, r->doc_id ? strlen(r->doc_id) : 0, sink_write,
                                    &r->json);
    if (wr != 0) bad_quote(r, q, "quoth_quote_write_json failed");
    else if (r->check_json) check_json_line(r, q, r->json.ptr + before, r->json.len - before);

    r->quotes++;
    if (r->abort_after && r->quotes >= r->abort_after) return ABORT_VALUE;
    return 0;
}

/* Feed `len` bytes in chunks of `chunk` (0 = all at once) and finish.
 * Returns the first status that was not QUOTH_OK; `err` gets its details. */
static int extract_with(quoth_extractor *x, run *r, const char *doc, size_t len, size_t chunk,
                        quoth_error *err) {
    int status = QUOTH_OK;
    quoth_error e = {0, NULL, 0};
    r->doc = doc;
    r->doc_len = len;
    if (chunk == 0) chunk = len ? len : 1;
    for (size_t off = 0; off < len && status == QUOTH_OK; off += chunk) {
        size_t n = len - off < chunk ? len - off : chunk;
        status = quoth_extractor_feed(x, doc + off, n, &e);
        if (status != QUOTH_OK && err) *err = e;
    }
    /* finish also runs after a failed feed: it must reset for the next doc. */
    int fin = quoth_extractor_finish(x, &e);
    if (status == QUOTH_OK) {
        status = fin;
        if (err) *err = e;
    }
    return status;
}

static int extract(const quoth_options *base, run *r, const char *doc, size_t len, size_t chunk,
                   quoth_error *err) {
    quoth_options opt = *base;
    opt.on_quote = on_quote;
    opt.userdata = r;
    quoth_extractor *x = NULL;
    int status = quoth_extractor_new(&opt, &x, err);
    if (status != QUOTH_OK) return status;
    status = extract_with(x, r, doc, len, chunk, err);
    quoth_extractor_free(x);
    return status;
}

static void defaults(quoth_options *opt) { quoth_options_init(opt); }

static const char *shared_dir(void) {
    const char *s = getenv("SHARED");
    return s && *s ? s : "../shared";
}

/* Our own article: curly quotes, accents, several paragraphs. */
static const char OWN_ARTICLE[] =
    "Harbor City council member José Peña said Tuesday that the vote “was never about "
    "the money.”\n"
    "“We owe the Eastside a bridge,” Peña said. “Not another study.”\n"
    "Mayor Lena Ortiz, who opposed the plan, told reporters: \"I respect the council's "
    "decision.\n"
    "\"But I won't pretend it's free. Somebody pays for every beam.\"\n"
    "\"It's a good day,\" said Zoë Brandt, a spokeswoman for the Eastside Tenants' Union.\n";

/* ---- version, errors, locate ---------------------------------------------- */

static void test_version(void) {
    char buf[64];
    CHECK_INT_EQ(quoth_version(), QUOTH_VERSION);
    CHECK_STR_EQ(quoth_version_string(), QUOTH_VERSION_STRING);
    snprintf(buf, sizeof buf, "%d.%d.%d", QUOTH_VERSION_MAJOR, QUOTH_VERSION_MINOR,
             QUOTH_VERSION_PATCH);
    CHECK_STR_EQ(buf, QUOTH_VERSION_STRING);
    CHECK_INT_EQ(QUOTH_VERSION, (QUOTH_VERSION_MAJOR << 16) | (QUOTH_VERSION_MINOR << 8) |
                                    QUOTH_VERSION_PATCH);
}

static void test_strerror(void) {
    static const int codes[] = {QUOTH_OK,    QUOTH_ENOMEM,  QUOTH_EINVAL,
                                QUOTH_EUTF8, QUOTH_ETOOBIG, QUOTH_EABORTED};
    const char *msgs[COUNT(codes)];
    for (size_t i = 0; i < COUNT(codes); i++) {
        msgs[i] = quoth_strerror(codes[i]);
        CHECK(msgs[i] != NULL && msgs[i][0] != '\0');
        for (size_t j = 0; j < i; j++) CHECK(msgs[i] && msgs[j] && strcmp(msgs[i], msgs[j]) != 0);
    }
    /* Codes that don't exist (yet) get a message of their own, not NULL. */
    static const int unknown[] = {-1, 6, 99, 1000000};
    for (size_t i = 0; i < COUNT(unknown); i++) {
        const char *m = quoth_strerror(unknown[i]);
        CHECK(m != NULL && m[0] != '\0');
        for (size_t j = 0; j < COUNT(codes); j++) CHECK(m && msgs[j] && strcmp(m, msgs[j]) != 0);
    }
}

static void locate_is(const char *buf, size_t offset, size_t want_line, size_t want_col,
                      int line) {
    size_t l = 0, c = 0;
    quoth_locate(buf, strlen(buf), offset, &l, &c);
    if (!harness_report(l == want_line && c == want_col, __FILE__, line, "quoth_locate"))
        fprintf(stderr, "    offset %zu in \"%s\": got %zu:%zu, want %zu:%zu\n", offset, buf, l, c,
                want_line, want_col);
}

static void test_locate(void) {
    const char *s = "ab\ncd\n\né x";
    locate_is(s, 0, 1, 1, __LINE__);
    locate_is(s, 1, 1, 2, __LINE__);
    locate_is(s, 2, 1, 3, __LINE__);   /* the newline itself ends line 1 */
    locate_is(s, 3, 2, 1, __LINE__);
    locate_is(s, 4, 2, 2, __LINE__);
    locate_is(s, 6, 3, 1, __LINE__);   /* an empty line */
    locate_is(s, 7, 4, 1, __LINE__);
    locate_is(s, 9, 4, 2, __LINE__);   /* after "é": 2 bytes, 1 code point */
    locate_is(s, 11, 4, 4, __LINE__);  /* at len: just past the last char */
    locate_is(s, 12, 4, 4, __LINE__);  /* past len: clamped to len */
    locate_is(s, (size_t)-1, 4, 4, __LINE__);
    locate_is("", 0, 1, 1, __LINE__);
    locate_is("", 5, 1, 1, __LINE__);
    locate_is("“x”", 3, 1, 2, __LINE__);
    locate_is("“x”", 4, 1, 3, __LINE__);

    size_t l = 0, c = 0;
    quoth_locate("a\nb", 3, 2, &l, NULL); /* either out-pointer may be NULL */
    CHECK_INT_EQ(l, 2);
    quoth_locate("a\nb", 3, 3, NULL, &c);
    CHECK_INT_EQ(c, 2);
    quoth_locate("a\nb", 3, 3, NULL, NULL);
}

static void test_names(void) {
    CHECK_STR_EQ(quoth_kind_name(QUOTH_KIND_DIRECT), "direct");
    CHECK_STR_EQ(quoth_kind_name(QUOTH_KIND_MIXED), "mixed");
    CHECK_STR_EQ(quoth_kind_name(QUOTH_KIND_INDIRECT), "indirect");
    CHECK_STR_EQ(quoth_gender_name(QUOTH_GENDER_FEMALE), "female");
    CHECK_STR_EQ(quoth_gender_name(QUOTH_GENDER_MALE), "male");
    CHECK(quoth_gender_name(QUOTH_GENDER_UNKNOWN) == NULL);
}

/* ---- options and lifecycle ------------------------------------------------ */

static void test_options(void) {
    quoth_options opt;
    memset(&opt, 0xA5, sizeof opt); /* init must set every field */
    quoth_options_init(&opt);
    CHECK_INT_EQ(opt.abi_version, QUOTH_ABI_VERSION);
    CHECK_INT_EQ(opt.flags, QUOTH_FLAG_NONE);
    CHECK_INT_EQ(opt.max_doc_bytes, (size_t)16 * 1024 * 1024);
    CHECK(opt.min_confidence == 0.0);
    CHECK(opt.on_quote == NULL);
    CHECK(opt.userdata == NULL);
    CHECK(opt.allocator == NULL);
    CHECK(opt.reserved == NULL);
}

static void test_new_errors(void) {
    quoth_options opt;
    quoth_extractor *x = NULL;
    quoth_error err = {-1, NULL, 0};

    CHECK_INT_EQ(quoth_extractor_new(NULL, &x, &err), QUOTH_EINVAL);
    CHECK_INT_EQ(err.code, QUOTH_EINVAL);
    CHECK(err.msg != NULL);
    CHECK_INT_EQ(quoth_extractor_new(NULL, &x, NULL), QUOTH_EINVAL); /* err may be NULL */

    defaults(&opt);
    opt.abi_version = QUOTH_ABI_VERSION + 1;
    CHECK_INT_EQ(quoth_extractor_new(&opt, &x, &err), QUOTH_EINVAL);
    opt.abi_version = 0;
    CHECK_INT_EQ(quoth_extractor_new(&opt, &x, &err), QUOTH_EINVAL);

    defaults(&opt);
    CHECK_INT_EQ(quoth_extractor_new(&opt, NULL, &err), QUOTH_EINVAL);

    /* A NULL handle is misuse, not a crash. */
    CHECK_INT_EQ(quoth_extractor_feed(NULL, "a", 1, &err), QUOTH_EINVAL);
    CHECK_INT_EQ(quoth_extractor_finish(NULL, &err), QUOTH_EINVAL);
    quoth_extractor_free(NULL);
    quoth_free(NULL);

    /* The options are copied: changing them afterwards changes nothing. */
    run r = {0};
    r.doc_id = "d";
    defaults(&opt);
    opt.on_quote = on_quote;
    opt.userdata = &r;
    x = NULL;
    CHECK_INT_EQ(quoth_extractor_new(&opt, &x, &err), QUOTH_OK);
    CHECK(x != NULL);
    opt.on_quote = NULL;
    opt.min_confidence = 2.0;
    if (x) {
        CHECK_INT_EQ(extract_with(x, &r, OWN_ARTICLE, strlen(OWN_ARTICLE), 0, &err), QUOTH_OK);
        CHECK(r.quotes > 0);
        CHECK_INT_EQ(quoth_extractor_quote_count(x), r.quotes);
    }
    quoth_extractor_free(x);
    sink_free(&r.json);
}

/* With no callback, quotes are still counted. */
static void test_no_callback(void) {
    quoth_options opt;
    quoth_extractor *x = NULL;
    defaults(&opt);
    CHECK_INT_EQ(quoth_extractor_new(&opt, &x, NULL), QUOTH_OK);
    if (x == NULL) return;
    CHECK_INT_EQ(quoth_extractor_feed(x, OWN_ARTICLE, strlen(OWN_ARTICLE), NULL), QUOTH_OK);
    CHECK_INT_EQ(quoth_extractor_finish(x, NULL), QUOTH_OK);
    CHECK(quoth_extractor_quote_count(x) > 0);
    quoth_extractor_free(x);
}

static void test_min_confidence_and_flags(void) {
    quoth_options opt;
    run r = {0};
    defaults(&opt);
    opt.min_confidence = 1.01; /* above any probability */
    CHECK_INT_EQ(extract(&opt, &r, OWN_ARTICLE, strlen(OWN_ARTICLE), 0, NULL), QUOTH_OK);
    CHECK_INT_EQ(r.quotes, 0);
    sink_free(&r.json);

    /* Indirect speech is reported by default and not with NO_INDIRECT. */
    const char *doc = "Ortiz said the bridge would open in May.\n";
    memset(&r, 0, sizeof r);
    defaults(&opt);
    CHECK_INT_EQ(extract(&opt, &r, doc, strlen(doc), 0, NULL), QUOTH_OK);
    CHECK(r.indirect > 0);
    sink_free(&r.json);
    memset(&r, 0, sizeof r);
    opt.flags = QUOTH_FLAG_NO_INDIRECT;
    CHECK_INT_EQ(extract(&opt, &r, OWN_ARTICLE, strlen(OWN_ARTICLE), 0, NULL), QUOTH_OK);
    CHECK(r.quotes > 0);
    CHECK_INT_EQ(r.indirect, 0);
    sink_free(&r.json);
}

/* ---- size limit ----------------------------------------------------------- */

static void test_too_big(void) {
    quoth_options opt;
    quoth_extractor *x = NULL;
    quoth_error err = {0, NULL, 0};
    run r = {0};
    const char *small = "\"Yes,\" Ortiz said.\n"; /* 19 bytes */
    size_t n = strlen(small);

    defaults(&opt);
    opt.max_doc_bytes = n;
    opt.on_quote = on_quote;
    opt.userdata = &r;
    CHECK_INT_EQ(quoth_extractor_new(&opt, &x, NULL), QUOTH_OK);
    if (x == NULL) return;

    /* Exactly max_doc_bytes is allowed, in pieces too. */
    CHECK_INT_EQ(extract_with(x, &r, small, n, 4, &err), QUOTH_OK);
    CHECK_INT_EQ(r.quotes, 1);

    /* One byte more fails in feed, and the whole document is dropped. */
    r.quotes = 0;
    CHECK_INT_EQ(quoth_extractor_feed(x, small, n, &err), QUOTH_OK);
    CHECK_INT_EQ(quoth_extractor_feed(x, "x", 1, &err), QUOTH_ETOOBIG);
    CHECK_INT_EQ(err.code, QUOTH_ETOOBIG);
    CHECK(err.msg != NULL);
    /* Feeding more after the limit keeps failing rather than growing. */
    CHECK_INT_EQ(quoth_extractor_feed(x, small, n, &err), QUOTH_ETOOBIG);
    /* finish reports the failed document again, delivers nothing, resets. */
    CHECK_INT_EQ(quoth_extractor_finish(x, &err), QUOTH_ETOOBIG);
    CHECK_INT_EQ(r.quotes, 0);
    CHECK_INT_EQ(quoth_extractor_quote_count(x), 0);

    /* One big feed is caught too. */
    char big[64];
    memset(big, 'a', sizeof big);
    CHECK_INT_EQ(quoth_extractor_feed(x, big, sizeof big, &err), QUOTH_ETOOBIG);
    quoth_extractor_finish(x, NULL);

    /* The next document is processed normally. */
    r.quotes = 0;
    CHECK_INT_EQ(extract_with(x, &r, small, n, 0, &err), QUOTH_OK);
    CHECK_INT_EQ(r.quotes, 1);
    quoth_extractor_free(x);
    sink_free(&r.json);

    /* 0 means no limit. */
    memset(&r, 0, sizeof r);
    defaults(&opt);
    opt.max_doc_bytes = 0;
    CHECK_INT_EQ(extract(&opt, &r, OWN_ARTICLE, strlen(OWN_ARTICLE), 0, NULL), QUOTH_OK);
    CHECK(r.quotes > 0);
    sink_free(&r.json);
}

/* ---- UTF-8 ---------------------------------------------------------------- */

typedef struct bad_utf8 {
    const char *name;
    const char *bytes; /* the bad sequence, placed after PREFIX */
    size_t len;
    int at_end;        /* the document ends right after it */
} bad_utf8;

/* Multi-byte text before the bad byte, so a code point count is wrong. */
#define PREFIX "José Peña said, “We will vote.” Then: "

static const bad_utf8 BAD_UTF8[] = {
    {"overlong 2-byte", "\xC0\xAF", 2, 0},
    {"overlong 3-byte", "\xE0\x80\xAF", 3, 0},
    {"overlong 4-byte", "\xF0\x80\x80\xAF", 4, 0},
    {"surrogate", "\xED\xA0\x80", 3, 0},
    {"low surrogate", "\xED\xBF\xBF", 3, 0},
    {"above U+10FFFF", "\xF4\x90\x80\x80", 4, 0},
    {"truncated sequence", "\xE2\x80", 2, 0},
    {"truncated at end", "\xE2\x80", 2, 1},
    {"truncated 4-byte at end", "\xF0\x9F\x98", 3, 1},
    {"lone continuation", "\x80", 1, 0},
    {"invalid byte FF", "\xFF", 1, 0},
    {"NUL", "\0", 1, 0},
};

static size_t make_bad_doc(const bad_utf8 *b, char *out, size_t cap) {
    size_t n = 0, p = strlen(PREFIX);
    const char *tail = " the end.\n";
    if (p + b->len + strlen(tail) >= cap) return 0;
    memcpy(out, PREFIX, p);
    n = p;
    memcpy(out + n, b->bytes, b->len);
    n += b->len;
    if (!b->at_end) {
        memcpy(out + n, tail, strlen(tail));
        n += strlen(tail);
    }
    return n;
}

static void test_strict_utf8(void) {
    quoth_options opt;
    char doc[256];
    defaults(&opt);
    opt.flags = QUOTH_FLAG_STRICT_UTF8;

    for (size_t i = 0; i < COUNT(BAD_UTF8); i++) {
        size_t len = make_bad_doc(&BAD_UTF8[i], doc, sizeof doc);
        /* One chunk, then one byte at a time: the offset is into the
         * document, not into the chunk. */
        static const size_t chunks[] = {0, 1, 5};
        for (size_t c = 0; c < COUNT(chunks); c++) {
            run r = {0};
            quoth_error err = {0, NULL, 0};
            int status = extract(&opt, &r, doc, len, chunks[c], &err);
            int ok = status == QUOTH_EUTF8 && err.code == QUOTH_EUTF8 &&
                     err.byte_offset == strlen(PREFIX) && err.msg != NULL && r.quotes == 0;
            if (!CHECK(ok))
                fprintf(stderr,
                        "    %s, chunk %zu: status %d, err.code %d, offset %zu (want %zu), "
                        "%zu quotes\n",
                        BAD_UTF8[i].name, chunks[c], status, err.code, err.byte_offset,
                        strlen(PREFIX), r.quotes);
            sink_free(&r.json);
        }
    }

    /* Valid text is not rejected: strict gives the same quotes as repair. */
    run strict = {0}, repair = {0};
    CHECK_INT_EQ(extract(&opt, &strict, OWN_ARTICLE, strlen(OWN_ARTICLE), 0, NULL), QUOTH_OK);
    defaults(&opt);
    CHECK_INT_EQ(extract(&opt, &repair, OWN_ARTICLE, strlen(OWN_ARTICLE), 0, NULL), QUOTH_OK);
    CHECK(strict.quotes > 0);
    CHECK_MEM_EQ(strict.json.ptr, strict.json.len, repair.json.ptr, repair.json.len);
    sink_free(&strict.json);
    sink_free(&repair.json);

    /* A strict extractor takes the next document after rejecting one. */
    quoth_extractor *x = NULL;
    run r = {0};
    opt.flags = QUOTH_FLAG_STRICT_UTF8;
    opt.on_quote = on_quote;
    opt.userdata = &r;
    CHECK_INT_EQ(quoth_extractor_new(&opt, &x, NULL), QUOTH_OK);
    if (x) {
        size_t len = make_bad_doc(&BAD_UTF8[0], doc, sizeof doc);
        CHECK_INT_EQ(extract_with(x, &r, doc, len, 0, NULL), QUOTH_EUTF8);
        r.quotes = 0;
        CHECK_INT_EQ(extract_with(x, &r, OWN_ARTICLE, strlen(OWN_ARTICLE), 0, NULL), QUOTH_OK);
        CHECK(r.quotes > 0);
    }
    quoth_extractor_free(x);
    sink_free(&r.json);
}

/* Append `bad` (may hold NUL) then the string `s` to `doc` at `n`. */
static size_t put(char *doc, size_t n, const char *s, const char *bad, size_t bad_len) {
    if (bad_len) memcpy(doc + n, bad, bad_len);
    n += bad_len;
    memcpy(doc + n, s, strlen(s));
    return n + strlen(s);
}

/* Repair (the default): the bad bytes sit inside and outside quotes, and
 * every offset must still point at the original bytes. */
static void test_repair_utf8(void) {
    quoth_options opt;
    defaults(&opt);
    for (size_t i = 0; i < COUNT(BAD_UTF8); i++) {
        const bad_utf8 *b = &BAD_UTF8[i];
        char doc[512];
        size_t n = 0;
        n = put(doc, n, "\xE2\x80\x9CThe bridge ", NULL, 0);
        n = put(doc, n, " will open in May,\xE2\x80\x9D Mayor Ana Ruiz said. ", b->bytes, b->len);
        n = put(doc, n, " \"We are ready,\" she added.\n\"Pe\xC3\xB1" "a ", b->bytes, b->len);
        n = put(doc, n, " agrees,\" said Tom Oduya.\n", b->bytes, b->len);
        run r = {0};
        r.check_json = 1;
        r.doc_id = b->name;
        quoth_error err = {0, NULL, 0};
        int status = extract(&opt, &r, doc, n, 0, &err);
        if (!CHECK_INT_EQ(status, QUOTH_OK)) fprintf(stderr, "    %s\n", b->name);
        if (!CHECK(r.quotes >= 3)) fprintf(stderr, "    %s: %zu quotes\n", b->name, r.quotes);
        if (!CHECK_INT_EQ(r.bad, 0)) fprintf(stderr, "    %s\n", b->name);
        /* Invalid bytes are written to JSON as U+FFFD (a NUL may be \u0000). */
        CHECK(utf8_valid(r.json.ptr, r.json.len));
        CHECK(r.json.ptr == NULL || b->bytes[0] == '\0' || strstr(r.json.ptr, "\xEF\xBF\xBD") != NULL ||
              strstr(r.json.ptr, "\\ufffd") != NULL || strstr(r.json.ptr, "\\uFFFD") != NULL);
        sink_free(&r.json);
    }
}

/* ---- callback abort ------------------------------------------------------- */

static void test_abort(void) {
    quoth_options opt;
    quoth_extractor *x = NULL;
    run r = {0};
    defaults(&opt);
    opt.on_quote = on_quote;
    opt.userdata = &r;
    CHECK_INT_EQ(quoth_extractor_new(&opt, &x, NULL), QUOTH_OK);
    if (x == NULL) return;

    r.abort_after = 1;
    quoth_error err = {0, NULL, 0};
    CHECK_INT_EQ(extract_with(x, &r, OWN_ARTICLE, strlen(OWN_ARTICLE), 0, &err), QUOTH_EABORTED);
    CHECK_INT_EQ(err.code, QUOTH_EABORTED);
    CHECK_INT_EQ(r.quotes, 1); /* nothing after the callback said stop */

    r.abort_after = 2;
    r.quotes = 0;
    CHECK_INT_EQ(extract_with(x, &r, OWN_ARTICLE, strlen(OWN_ARTICLE), 0, NULL), QUOTH_EABORTED);
    CHECK_INT_EQ(r.quotes, 2);

    /* The extractor is usable again after an abort. */
    r.abort_after = 0;
    r.quotes = 0;
    CHECK_INT_EQ(extract_with(x, &r, OWN_ARTICLE, strlen(OWN_ARTICLE), 0, NULL), QUOTH_OK);
    CHECK(r.quotes > 2);
    quoth_extractor_free(x);
    sink_free(&r.json);
}

/* ---- streaming ------------------------------------------------------------ */

static void check_chunked(const char *name, const char *doc, size_t len) {
    quoth_options opt;
    run whole = {0};
    defaults(&opt);
    whole.doc_id = name;
    whole.check_json = 1;
    CHECK_INT_EQ(extract(&opt, &whole, doc, len, 0, NULL), QUOTH_OK);
    if (!CHECK(whole.quotes > 0)) fprintf(stderr, "    %s: no quotes at all\n", name);
    if (!CHECK_INT_EQ(whole.bad, 0)) fprintf(stderr, "    %s\n", name);

    size_t failed = 0;
    for (size_t chunk = 1; chunk <= 64; chunk++) {
        run part = {0};
        part.doc_id = name;
        int status = extract(&opt, &part, doc, len, chunk, NULL);
        if (status != QUOTH_OK || part.json.len != whole.json.len ||
            (part.json.len && memcmp(part.json.ptr, whole.json.ptr, part.json.len) != 0)) {
            if (failed++ == 0)
                fprintf(stderr, "    %s: chunk size %zu differs (status %d):\n%s    vs whole:\n%s",
                        name, chunk, status, part.json.ptr ? part.json.ptr : "",
                        whole.json.ptr ? whole.json.ptr : "");
        }
        sink_free(&part.json);
    }
    if (!CHECK_INT_EQ(failed, 0)) fprintf(stderr, "    %s: %zu chunk sizes differ\n", name, failed);
    sink_free(&whole.json);
}

static char *read_seed(size_t *len) {
    char path[1024];
    snprintf(path, sizeof path, "%s/examples/simmons-lumet.txt", shared_dir());
    char *doc = read_file(path, len);
    if (!CHECK(doc != NULL)) fprintf(stderr, "    cannot read %s (set SHARED)\n", path);
    return doc;
}

static void test_chunked_feed(void) {
    size_t len = 0;
    char *doc = read_seed(&len);
    if (doc) check_chunked("simmons-lumet", doc, len);
    free(doc);

    check_chunked("own", OWN_ARTICLE, strlen(OWN_ARTICLE));

    doc = read_file("examples/council-vote.txt", &len);
    if (!CHECK(doc != NULL)) fprintf(stderr, "    cannot read examples/council-vote.txt\n");
    if (doc) check_chunked("council-vote", doc, len);
    free(doc);
}

/* ---- reuse ---------------------------------------------------------------- */

static void test_reuse(void) {
    quoth_options opt;
    quoth_extractor *x = NULL;
    run r = {0};
    defaults(&opt);
    opt.on_quote = on_quote;
    opt.userdata = &r;
    CHECK_INT_EQ(quoth_extractor_new(&opt, &x, NULL), QUOTH_OK);
    if (x == NULL) return;

    const char *a = OWN_ARTICLE, *b = "\"Short,\" Tom Oduya said.\n";
    sink first = {0};
    CHECK_INT_EQ(extract_with(x, &r, a, strlen(a), 0, NULL), QUOTH_OK);
    first = r.json;
    size_t first_count = quoth_extractor_quote_count(x);
    CHECK_INT_EQ(first_count, r.quotes);

    /* Same document again, after a different one in between. */
    memset(&r.json, 0, sizeof r.json);
    CHECK_INT_EQ(extract_with(x, &r, b, strlen(b), 0, NULL), QUOTH_OK);
    CHECK_INT_EQ(quoth_extractor_quote_count(x), 1);
    sink_free(&r.json);
    CHECK_INT_EQ(extract_with(x, &r, a, strlen(a), 0, NULL), QUOTH_OK);
    CHECK_MEM_EQ(r.json.ptr, r.json.len, first.ptr, first.len);
    CHECK_INT_EQ(quoth_extractor_quote_count(x), first_count);
    sink_free(&r.json);

    /* reset drops a half-fed document: the next one is as if alone. */
    CHECK_INT_EQ(quoth_extractor_feed(x, b, 10, NULL), QUOTH_OK);
    quoth_extractor_reset(x);
    CHECK_INT_EQ(extract_with(x, &r, a, strlen(a), 0, NULL), QUOTH_OK);
    CHECK_MEM_EQ(r.json.ptr, r.json.len, first.ptr, first.len);
    sink_free(&r.json);
    quoth_extractor_reset(x); /* with nothing fed: harmless */
    quoth_extractor_reset(x);

    quoth_extractor_free(x);
    sink_free(&first);
}

/* ---- degenerate documents ------------------------------------------------- */

static void test_degenerate(void) {
    static const char *const docs[] = {
        "",
        "\n",
        "\n\n\n",
        "\"",
        "\"\"",
        "\"\"\"\"\"\"\"",
        "“",
        "”",
        "“”",
        "”“",
        "“““”””",
        "„‟«»‹›‘’‚'''``''",
        "« »",
        "'",
        "''",
        "``",
        "\"\n\"\n\"\n",
        "“\n“\n“\n",
        "\" said\"",
        "said: \"",
        ":\"\"",
        "— \"\" —",
    };
    quoth_options opt;
    defaults(&opt);
    for (size_t i = 0; i < COUNT(docs); i++) {
        run r = {0};
        r.check_json = 1;
        int status = extract(&opt, &r, docs[i], strlen(docs[i]), 0, NULL);
        int ok = CHECK_INT_EQ(status, QUOTH_OK);
        ok &= CHECK_INT_EQ(r.bad, 0);
        if (!ok) fprintf(stderr, "    document \"%s\"\n", docs[i]);
        sink_free(&r.json);
    }
    /* An empty document, no feed call at all. */
    quoth_extractor *x = NULL;
    CHECK_INT_EQ(quoth_extractor_new(&opt, &x, NULL), QUOTH_OK);
    if (x) {
        CHECK_INT_EQ(quoth_extractor_finish(x, NULL), QUOTH_OK);
        CHECK_INT_EQ(quoth_extractor_quote_count(x), 0);
        CHECK_INT_EQ(quoth_extractor_feed(x, "", 0, NULL), QUOTH_OK);
        CHECK_INT_EQ(quoth_extractor_finish(x, NULL), QUOTH_OK);
        CHECK_INT_EQ(quoth_extractor_quote_count(x), 0);
    }
    quoth_extractor_free(x);
}

/* ---- JSON string writer --------------------------------------------------- */

/* Write `in` with quoth_write_json_string, check it is valid UTF-8 JSON
 * that decodes to `want`, and return the raw output for finer checks. */
static sink written_json_string(const char *in, size_t in_len, const char *want,
                                size_t want_len, int line) {
    sink s = {0};
    char why[256];
    int rc = quoth_write_json_string(in, in_len, sink_write, &s);
    harness_int_eq(rc, 0, __FILE__, line, "quoth_write_json_string returns 0");
    if (s.ptr == NULL) sink_write("", 0, &s);
    int valid = utf8_valid(s.ptr, s.len);
    harness_report(valid, __FILE__, line, "JSON string output is valid UTF-8");
    int has_ctl = 0;
    for (size_t i = 0; i < s.len; i++) has_ctl |= (unsigned char)s.ptr[i] < 0x20;
    harness_report(!has_ctl, __FILE__, line, "no raw control characters in JSON output");
    /* U+2028/2029 are legal JSON but end a line in JavaScript. */
    harness_report(strstr(s.ptr, "\xE2\x80\xA8") == NULL && strstr(s.ptr, "\xE2\x80\xA9") == NULL,
                   __FILE__, line, "U+2028/U+2029 escaped");
    json_object *v = parse_json(s.ptr, s.len, why, sizeof why);
    if (harness_report(json_object_is_type(v, json_type_string), __FILE__, line,
                       "output parses as a JSON string")) {
        /* By its length: "nul\0byte" must come back whole. */
        harness_mem_eq(json_object_get_string(v), (size_t)json_object_get_string_len(v), want,
                       want_len, __FILE__, line, "decoded JSON string");
    } else {
        fprintf(stderr, "    output: %s (%s)\n", s.ptr, v ? "not a string" : why);
    }
    json_object_put(v);
    return s;
}

#define JSON_STRING_IS(in, want) \
    (js = written_json_string(in, sizeof(in) - 1, want, sizeof(want) - 1, __LINE__))

static int stop_writer(const char *bytes, size_t len, void *userdata) {
    (void)bytes;
    (void)len;
    (void)userdata;
    return 42;
}

static void test_json_string(void) {
    sink js;
    JSON_STRING_IS("", "");
    CHECK_STR_EQ(js.ptr, "\"\"");
    sink_free(&js);
    JSON_STRING_IS("plain", "plain");
    CHECK_STR_EQ(js.ptr, "\"plain\"");
    sink_free(&js);
    JSON_STRING_IS("a\"b\\c/d", "a\"b\\c/d");
    CHECK(strstr(js.ptr, "a\\\"b\\\\c") != NULL);
    sink_free(&js);
    JSON_STRING_IS("line\nnext\ttab\rcr", "line\nnext\ttab\rcr");
    CHECK(strstr(js.ptr, "\\n") != NULL && strstr(js.ptr, "\\t") != NULL);
    sink_free(&js);
    JSON_STRING_IS("\x01\x08\x0c\x1f\x7f", "\x01\x08\x0c\x1f\x7f");
    sink_free(&js);
    JSON_STRING_IS("nul\0byte", "nul\0byte");
    sink_free(&js);
    JSON_STRING_IS("ls\xE2\x80\xA8ps\xE2\x80\xA9", "ls\xE2\x80\xA8ps\xE2\x80\xA9");
    sink_free(&js);
    JSON_STRING_IS("Peña “quoted” 😀", "Peña “quoted” 😀");
    sink_free(&js);
    /* One bad byte, one U+FFFD; text around it kept. */
    JSON_STRING_IS("a\xFF" "b", "a\xEF\xBF\xBD" "b");
    sink_free(&js);
    JSON_STRING_IS("a\x80" "b", "a\xEF\xBF\xBD" "b");
    sink_free(&js);

    /* Longer bad sequences: how many U+FFFD is the decoder's business, but
     * the output is valid and the good text survives. */
    static const char *const bad[] = {"x\xC0\xAFy", "x\xED\xA0\x80y", "x\xF4\x90\x80\x80y",
                                      "x\xE2\x80y", "x\xE2\x80"};
    for (size_t i = 0; i < COUNT(bad); i++) {
        sink s = {0};
        CHECK_INT_EQ(quoth_write_json_string(bad[i], strlen(bad[i]), sink_write, &s), 0);
        CHECK(s.ptr != NULL && utf8_valid(s.ptr, s.len));
        CHECK(s.ptr != NULL && s.ptr[0] == '"' && s.ptr[1] == 'x' && s.ptr[s.len - 1] == '"');
        CHECK(s.ptr != NULL && (strstr(s.ptr, "\xEF\xBF\xBD") || strstr(s.ptr, "\\ufffd") ||
                                strstr(s.ptr, "\\uFFFD")));
        sink_free(&s);
    }

    /* The writer's non-zero return comes back verbatim. */
    CHECK_INT_EQ(quoth_write_json_string("abc", 3, stop_writer, NULL), 42);
}

/* quoth_quote_write_json on a hand-made quote: every field, null cases. */
static void test_quote_json(void) {
    const char *doc = "\"Go,\" she said.";
    quoth_quote q;
    memset(&q, 0, sizeof q);
    q.kind = QUOTH_KIND_DIRECT;
    q.start = 1;
    q.end = 4;
    q.text = (quoth_str){doc + 1, 3};
    q.speaker = (quoth_str){"Ana \"Nan\" Ruiz", 14};
    q.has_mention = 1;
    q.mention = (quoth_span){6, 9, {doc + 6, 3}};
    q.has_cue = 1;
    q.cue = (quoth_span){10, 14, {doc + 10, 4}};
    q.confidence = 0.5;

    run r = {0};
    r.doc = doc;
    r.doc_len = strlen(doc);
    r.doc_id = "id/with\"quote";
    r.check_json = 1;
    CHECK_INT_EQ(on_quote(&q, &r), 0);
    CHECK_INT_EQ(r.bad, 0);
    CHECK(r.json.ptr && strncmp(r.json.ptr, "{\"type\":\"quote\"", 15) == 0);
    sink_free(&r.json);

    /* No speaker, mention or cue; no doc id: all null. */
    q.speaker = (quoth_str){NULL, 0};
    q.has_mention = 0;
    q.has_cue = 0;
    q.kind = QUOTH_KIND_MIXED;
    r.doc_id = NULL;
    CHECK_INT_EQ(on_quote(&q, &r), 0);
    CHECK_INT_EQ(r.bad, 0);
    CHECK(r.json.ptr && strstr(r.json.ptr, "\"doc\":null") != NULL);
    CHECK(r.json.ptr && strstr(r.json.ptr, "\"speaker\":null") != NULL);
    CHECK(r.json.ptr && strstr(r.json.ptr, "\"mention\":null") != NULL);
    CHECK(r.json.ptr && strstr(r.json.ptr, "\"cue\":null") != NULL);
    sink_free(&r.json);

    CHECK_INT_EQ(quoth_quote_write_json(&q, "d", 1, stop_writer, NULL), 42);
}

/* ---- allocator ------------------------------------------------------------ */

/* Counts live blocks and checks that realloc/free get the sizes and
 * pointers the library was given. Each block has a header with its size. */
typedef struct counting {
    long live, allocs, frees;
    long fail_after;  /* fail allocation number N (0-based); -1 never */
    long wrong_size;  /* realloc told an old size that isn't the block's */
} counting;

typedef union header {
    size_t size;
    max_align_t align;
} header;

static void *count_malloc(void *ctx, size_t size) {
    counting *c = ctx;
    if (c->fail_after >= 0 && c->allocs >= c->fail_after) return NULL;
    header *h = malloc(sizeof *h + (size ? size : 1));
    if (h == NULL) return NULL;
    h->size = size;
    c->allocs++;
    c->live++;
    return h + 1;
}

static void count_free(void *ctx, void *p) {
    counting *c = ctx;
    if (p == NULL) return;
    c->frees++;
    c->live--;
    free((header *)p - 1);
}

static void *count_realloc(void *ctx, void *p, size_t old_size, size_t new_size) {
    counting *c = ctx;
    if (p == NULL) return count_malloc(ctx, new_size);
    header *h = (header *)p - 1;
    if (h->size != old_size) c->wrong_size++;
    if (c->fail_after >= 0 && c->allocs >= c->fail_after) return NULL;
    header *n = realloc(h, sizeof *n + (new_size ? new_size : 1));
    if (n == NULL) return NULL;
    n->size = new_size;
    c->allocs++; /* counts as an allocation for fail_after, not for live */
    return n + 1;
}

static int run_counted(counting *c, const char *doc, size_t len, run *r) {
    quoth_allocator a = {count_malloc, count_realloc, count_free, c};
    quoth_options opt;
    defaults(&opt);
    opt.allocator = &a;
    quoth_extractor *x = NULL;
    opt.on_quote = on_quote;
    opt.userdata = r;
    int status = quoth_extractor_new(&opt, &x, NULL);
    if (status != QUOTH_OK) return status;
    /* Two documents, so per-document reuse of memory is exercised too. */
    status = extract_with(x, r, doc, len, 0, NULL);
    if (status == QUOTH_OK) {
        sink_free(&r->json);
        r->quotes = 0;
        status = extract_with(x, r, doc, len, 7, NULL);
    }
    quoth_extractor_free(x);
    return status;
}

static void test_allocator(void) {
    counting c = {0, 0, 0, -1, 0};
    run r = {0};
    /* Long enough that per-document memory has to grow several times. */
    sink big = {0};
    for (int i = 0; i < 300; i++) sink_write(OWN_ARTICLE, strlen(OWN_ARTICLE), &big);
    const char *doc = big.ptr;
    size_t len = big.len;
    CHECK_INT_EQ(run_counted(&c, doc, len, &r), QUOTH_OK);
    CHECK(c.allocs > 0); /* the allocator is actually used */
    CHECK_INT_EQ(c.live, 0);
    CHECK_INT_EQ(c.wrong_size, 0);
    CHECK(r.quotes > 0);
    sink good = r.json;
    long total = c.allocs;

    /* Fail each allocation in turn: ENOMEM or success, never a crash or a
     * leak, and a success gives the normal output. */
    long leaks = 0, wrong_status = 0, wrong_output = 0;
    for (long n = 0; n <= total; n++) {
        counting f = {0, 0, 0, n, 0};
        run fr = {0};
        int status = run_counted(&f, doc, len, &fr);
        if (f.live != 0) leaks++;
        if (status != QUOTH_OK && status != QUOTH_ENOMEM) wrong_status++;
        if (status == QUOTH_OK && (fr.json.len != good.len ||
                                   memcmp(fr.json.ptr, good.ptr, good.len) != 0))
            wrong_output++;
        if ((f.live != 0 || (status != QUOTH_OK && status != QUOTH_ENOMEM)) && leaks + wrong_status < 4)
            fprintf(stderr, "    failing allocation %ld: status %d, %ld blocks leaked\n", n,
                    status, f.live);
        sink_free(&fr.json);
    }
    CHECK_INT_EQ(leaks, 0);
    CHECK_INT_EQ(wrong_status, 0);
    CHECK_INT_EQ(wrong_output, 0);
    sink_free(&good);
    sink_free(&big);
}

/* ---- threads -------------------------------------------------------------- */

typedef struct job {
    const char *doc;
    size_t len;
    int rounds;
    sink want;
    int mismatches;
} job;

static int thread_main(void *arg) {
    job *j = arg;
    quoth_options opt;
    defaults(&opt);
    for (int i = 0; i < j->rounds; i++) {
        run r = {0};
        /* Odd rounds in chunks, so the streaming state is exercised too. */
        if (extract(&opt, &r, j->doc, j->len, (size_t)(i % 2) * 13, NULL) != QUOTH_OK ||
            r.json.len != j->want.len || memcmp(r.json.ptr, j->want.ptr, r.json.len) != 0)
            j->mismatches++;
        sink_free(&r.json);
    }
    return 0;
}

static void test_threads(void) {
    size_t seed_len = 0;
    char *seed = read_seed(&seed_len);
    const char *docs[2] = {seed ? seed : OWN_ARTICLE, OWN_ARTICLE};
    size_t lens[2] = {seed ? seed_len : strlen(OWN_ARTICLE), strlen(OWN_ARTICLE)};
    job jobs[2];
    thrd_t t[2];
    quoth_options opt;
    defaults(&opt);
    for (int i = 0; i < 2; i++) {
        run r = {0};
        CHECK_INT_EQ(extract(&opt, &r, docs[i], lens[i], 0, NULL), QUOTH_OK);
        jobs[i] = (job){docs[i], lens[i], 40, r.json, 0};
    }
    int started[2];
    for (int i = 0; i < 2; i++) started[i] = thrd_create(&t[i], thread_main, &jobs[i]) == thrd_success;
    for (int i = 0; i < 2; i++) {
        CHECK(started[i]);
        if (started[i]) thrd_join(t[i], NULL);
        CHECK_INT_EQ(jobs[i].mismatches, 0);
        sink_free(&jobs[i].want);
    }
    free(seed);
}

int main(void) {
    test_version();
    test_strerror();
    test_locate();
    test_names();
    test_options();
    test_new_errors();
    test_no_callback();
    test_min_confidence_and_flags();
    test_too_big();
    test_strict_utf8();
    test_repair_utf8();
    test_abort();
    test_chunked_feed();
    test_reuse();
    test_degenerate();
    test_json_string();
    test_quote_json();
    test_allocator();
    test_threads();
    return harness_done();
}
