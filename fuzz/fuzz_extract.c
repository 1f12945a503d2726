/*
 * fuzz_extract.c - the extraction API: quoth_extractor_feed / _finish and
 * the JSON writer.
 *
 * Input: two setting bytes, then the document.
 *   byte 0  0x01 QUOTH_FLAG_STRICT_UTF8   0x02 QUOTH_FLAG_NO_INDIRECT
 *           0x04 QUOTH_FLAG_THOUGHTS      0x08 min_confidence 0.5
 *           0x10 max_doc_bytes = length - (byte 1 & 15), so the limit is
 *                hit by a few bytes or met exactly
 *           0x20 the callback stops extraction after (byte 1 >> 4) quotes
 *   byte 1  seeds the chunk sizes, and the numbers above
 *
 * The document is extracted whole, then fed again in chunks of 1 to 20
 * bytes to the same extractor (so reuse after finish is exercised too).
 * Both runs must return the same status and error offset and deliver the
 * same quotes, byte for byte, or the target aborts. Every quote must also
 * keep the header's promises: spans inside the document with text equal to
 * its bytes, document order, the options obeyed; its JSON line must parse
 * and read back as the quote (offsets, kind, and every string that was
 * UTF-8); and a strict-UTF-8 failure must point at the first bad byte.
 */
#include <math.h>

#include "quoth.h"

#include "fuzz.h"
#include "jsonl.h"

typedef struct run {
    const char *doc;   /* the document as the fuzzer gave it */
    size_t len;
    quoth_flag flags;
    double min_confidence;
    size_t stop_after; /* SIZE_MAX: never stop */
    size_t quotes;
    size_t last_start;
    fuzz_buf out;      /* every quote as a JSON line */
} run;

static void check_span(const run *r, size_t start, size_t end, quoth_str text)
{
    FUZZ_ASSERT(start <= end && end <= r->len);
    FUZZ_ASSERT(text.len == end - start);
    FUZZ_ASSERT(text.len == 0 || memcmp(text.ptr, r->doc + start, text.len) == 0);
}

/* The member `key`, which must be there: json-c reads a null member as
 * NULL, as it does a missing one. */
static json_object *member(json_object *obj, const char *key)
{
    json_object *v = NULL;
    if (!json_object_object_get_ex(obj, key, &v))
        fuzz_fail("no \"%s\" member", key);
    return v;
}

/* A string member must read back as the bytes it was written from, when
 * those were UTF-8 (the writer puts U+FFFD for bad bytes). */
static void check_member(json_object *obj, const char *key, quoth_str want)
{
    json_object *v = member(obj, key);
    if (want.ptr == NULL) {
        FUZZ_ASSERT(v == NULL);
        return;
    }
    FUZZ_ASSERT(json_object_is_type(v, json_type_string));
    if (fuzz_utf8_bad(want.ptr, want.len, 0) < want.len)
        return;
    if ((size_t)json_object_get_string_len(v) != want.len ||
        memcmp(json_object_get_string(v), want.ptr, want.len) != 0)
        fuzz_fail("\"%s\" does not read back as its bytes: \"%.*s\"", key, (int)want.len, want.ptr);
}

static void check_offsets(json_object *obj, size_t start, size_t end)
{
    json_object *a = member(obj, "start"), *b = member(obj, "end");
    FUZZ_ASSERT(json_object_is_type(a, json_type_int) &&
                (size_t)json_object_get_int64(a) == start);
    FUZZ_ASSERT(json_object_is_type(b, json_type_int) &&
                (size_t)json_object_get_int64(b) == end);
}

/* The writer must give one JSON object and a newline, whatever the bytes,
 * and the object must read back as the quote: a round trip. */
static void check_json(const quoth_quote *q, const char *line, size_t len)
{
    FUZZ_ASSERT(len > 0 && line[len - 1] == '\n');
    FUZZ_ASSERT(memchr(line, '\n', len - 1) == NULL);
    FUZZ_ASSERT(fuzz_utf8_bad(line, len, 1) == len);
    /* The command's reader: JSON's tokens only, nothing after the value;
     * \u0000 is fine. */
    char why[256];
    cli_json_reader *reader = cli_json_reader_new();
    FUZZ_ASSERT(reader != NULL);
    json_object *v = cli_json_parse(reader, line, len, 0, why, sizeof why);
    cli_json_reader_free(reader);
    if (v == NULL)
        fuzz_fail("quote JSON does not parse (%s): %.*s", why, (int)len, line);
    FUZZ_ASSERT(json_object_is_type(v, json_type_object));
    check_offsets(v, q->start, q->end);
    check_member(v, "text", q->text);
    check_member(v, "speaker", q->speaker);
    json_object *kind = member(v, "kind");
    FUZZ_ASSERT(json_object_is_type(kind, json_type_string) &&
                strcmp(json_object_get_string(kind), quoth_kind_name(q->kind)) == 0);
    json_object *m = member(v, "mention"), *c = member(v, "cue");
    FUZZ_ASSERT(json_object_is_type(m, q->has_mention ? json_type_object : json_type_null));
    FUZZ_ASSERT(json_object_is_type(c, q->has_cue ? json_type_object : json_type_null));
    if (q->has_mention) {
        check_offsets(m, q->mention.start, q->mention.end);
        check_member(m, "text", q->mention.text);
    }
    if (q->has_cue) {
        check_offsets(c, q->cue.start, q->cue.end);
        check_member(c, "text", q->cue.text);
    }
    json_object_put(v);
}

static int on_quote(const quoth_quote *q, void *ud)
{
    run *r = ud;
    FUZZ_ASSERT(q->kind == QUOTH_KIND_DIRECT || q->kind == QUOTH_KIND_MIXED ||
                q->kind == QUOTH_KIND_INDIRECT);
    FUZZ_ASSERT(!(r->flags & QUOTH_FLAG_NO_INDIRECT) || q->kind != QUOTH_KIND_INDIRECT);
    check_span(r, q->start, q->end, q->text);
    FUZZ_ASSERT(q->start >= r->last_start);  /* document order */
    r->last_start = q->start;
    if (q->has_mention)
        check_span(r, q->mention.start, q->mention.end, q->mention.text);
    if (q->has_cue)
        check_span(r, q->cue.start, q->cue.end, q->cue.text);
    FUZZ_ASSERT(q->speaker.ptr != NULL || q->speaker.len == 0);
    FUZZ_ASSERT(q->speaker_gender == QUOTH_GENDER_UNKNOWN ||
                q->speaker_gender == QUOTH_GENDER_FEMALE ||
                q->speaker_gender == QUOTH_GENDER_MALE);
    FUZZ_ASSERT(!isnan(q->confidence) && q->confidence >= r->min_confidence &&
                q->confidence <= 1.0);

    size_t mark = r->out.len;
    FUZZ_ASSERT(quoth_quote_write_json(q, "d", 1, fuzz_buf_write, &r->out) == 0);
    check_json(q, r->out.ptr + mark, r->out.len - mark);
    return ++r->quotes >= r->stop_after;
}

typedef struct outcome {
    int status;        /* the first failure, feed's or finish's */
    size_t offset;     /* its quoth_error.byte_offset */
    size_t count;      /* quoth_extractor_quote_count */
} outcome;

/* Feed r->doc in pieces (`seed` 0: at once) and finish. */
static outcome extract(quoth_extractor *x, run *r, unsigned seed)
{
    quoth_error err = {QUOTH_OK, NULL, 0};
    outcome o = {QUOTH_OK, 0, 0};
    r->quotes = 0;
    r->last_start = 0;
    r->out.len = 0;
    for (size_t off = 0; off < r->len;) {
        size_t n = r->len - off;
        if (seed != 0) {
            seed = seed * 1103515245u + 12345u;  /* any sequence will do */
            size_t k = 1 + (seed >> 16) % 20;
            n = n < k ? n : k;
        }
        int rc = quoth_extractor_feed(x, r->doc + off, n, &err);
        if (rc != QUOTH_OK) {
            FUZZ_ASSERT(rc == QUOTH_ETOOBIG && err.code == rc && err.msg != NULL);
            o.status = rc;
            o.offset = err.byte_offset;
            break;
        }
        off += n;
    }
    int rc = quoth_extractor_finish(x, &err);
    if (o.status == QUOTH_OK && rc != QUOTH_OK) {
        FUZZ_ASSERT(err.code == rc && err.msg != NULL);
        o.status = rc;
        o.offset = err.byte_offset;
    }
    o.count = quoth_extractor_quote_count(x);
    FUZZ_ASSERT(o.count == r->quotes);
    return o;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    unsigned bits = data[0], more = data[1];
    run r;
    memset(&r, 0, sizeof r);
    r.doc = (const char *)data + 2;
    r.len = size - 2;
    r.flags = bits & 0x07u;  /* the three flags, in their header order */
    r.min_confidence = (bits & 0x08) ? 0.5 : 0.0;
    r.stop_after = (bits & 0x20) ? (size_t)(more >> 4) + 1 : SIZE_MAX;

    quoth_options opt;
    quoth_options_init(&opt);
    opt.flags = r.flags;
    opt.min_confidence = r.min_confidence;
    if (bits & 0x10) {
        size_t under = more & 15u;
        opt.max_doc_bytes = r.len > under ? r.len - under : 1;
    }
    opt.on_quote = on_quote;
    opt.userdata = &r;
    quoth_extractor *x = NULL;
    FUZZ_ASSERT(quoth_extractor_new(&opt, &x, NULL) == QUOTH_OK);

    outcome whole = extract(x, &r, 0);
    fuzz_buf first = r.out;
    memset(&r.out, 0, sizeof r.out);
    outcome pieces = extract(x, &r, more | 1u);
    quoth_extractor_free(x);

    if (whole.status != pieces.status || whole.offset != pieces.offset ||
        whole.count != pieces.count || first.len != r.out.len ||
        (first.len > 0 && memcmp(first.ptr, r.out.ptr, first.len) != 0))
        fuzz_fail("fed in chunks, the result differs: status %d/%d, offset %zu/%zu, "
                  "quotes %zu/%zu\nwhole:\n%.*s\nchunks:\n%.*s",
                  whole.status, pieces.status, whole.offset, pieces.offset, whole.count,
                  pieces.count, (int)first.len, first.ptr ? first.ptr : "", (int)r.out.len,
                  r.out.ptr ? r.out.ptr : "");

    /* The status is the one the options call for. */
    size_t bad = fuzz_utf8_bad(r.doc, r.len, 1);
    if (opt.max_doc_bytes != 0 && r.len > opt.max_doc_bytes) {
        FUZZ_ASSERT(whole.status == QUOTH_ETOOBIG && whole.offset == opt.max_doc_bytes);
    } else if ((r.flags & QUOTH_FLAG_STRICT_UTF8) && bad < r.len) {
        if (whole.status != QUOTH_EUTF8 || whole.offset != bad)
            fuzz_fail("strict UTF-8: status %d at %zu, want %d at %zu", whole.status,
                      whole.offset, QUOTH_EUTF8, bad);
    } else if (whole.count >= r.stop_after) {
        FUZZ_ASSERT(whole.status == QUOTH_EABORTED);
    } else {
        FUZZ_ASSERT(whole.status == QUOTH_OK);
    }
    fuzz_buf_free(&first);
    fuzz_buf_free(&r.out);
    return 0;
}
