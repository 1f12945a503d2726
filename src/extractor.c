/* extractor.c - the public handle: options, feeding, the pipeline, delivery. */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "attrib.h"
#include "doc.h"
#include "indirect.h"
#include "speaker.h"

struct quoth_extractor {
    quoth_options opt;
    const quoth_allocator *mem;
    qbuf text;          /* the current document, as fed */
    arena ar;           /* everything derived from it */
    int too_big;        /* the document passed max_doc_bytes */
    size_t reported;    /* quotes delivered for the last document */
};

/* Offsets are kept in 32 bits: a larger document is rejected. */
#define HARD_MAX_DOC ((size_t)UINT32_MAX - 1)

int quoth_version(void) { return QUOTH_VERSION; }
const char *quoth_version_string(void) { return QUOTH_VERSION_STRING; }

const char *quoth_strerror(int code) {
    switch (code) {
    case QUOTH_OK: return "success";
    case QUOTH_ENOMEM: return "out of memory";
    case QUOTH_EINVAL: return "invalid argument";
    case QUOTH_EUTF8: return "invalid UTF-8 or NUL byte";
    case QUOTH_ETOOBIG: return "document larger than max_doc_bytes";
    case QUOTH_EABORTED: return "stopped by the quote callback";
    default: return "unknown error";
    }
}

static int fail(quoth_error *err, int code, size_t offset) {
    if (err) {
        err->code = code;
        err->msg = quoth_strerror(code);
        err->byte_offset = offset;
    }
    return code;
}

void quoth_locate(const char *buf, size_t len, size_t offset, size_t *line, size_t *column) {
    size_t l = 1, c = 1;
    if (offset > len)
        offset = len;
    for (size_t i = 0; buf && i < offset; i++) {
        unsigned char b = (unsigned char)buf[i];
        if (b == '\n') {
            l++;
            c = 1;
        } else if ((b & 0xC0) != 0x80) {
            c++;   /* count code points, not continuation bytes */
        }
    }
    if (line)
        *line = l;
    if (column)
        *column = c;
}

void quoth_free(void *ptr) { free(ptr); }

void quoth_options_init(quoth_options *opt) {
    if (!opt)
        return;
    memset(opt, 0, sizeof *opt);
    opt->abi_version = QUOTH_ABI_VERSION;
    opt->max_doc_bytes = (size_t)16 << 20;
}

int quoth_extractor_new(const quoth_options *opt, quoth_extractor **out, quoth_error *err) {
    if (!opt || !out || opt->abi_version != QUOTH_ABI_VERSION)
        return fail(err, QUOTH_EINVAL, 0);
    const quoth_allocator *mem = opt->allocator;
    if (mem && (!mem->malloc || !mem->realloc || !mem->free))
        return fail(err, QUOTH_EINVAL, 0);
    quoth_extractor *x = mem_alloc(mem, sizeof *x);
    if (!x)
        return fail(err, QUOTH_ENOMEM, 0);
    memset(x, 0, sizeof *x);
    x->opt = *opt;
    x->mem = mem;
    arena_init(&x->ar, mem);
    *out = x;
    return QUOTH_OK;
}

void quoth_extractor_free(quoth_extractor *x) {
    if (!x)
        return;
    qbuf_free(&x->text, x->mem);
    arena_release(&x->ar);
    mem_free(x->mem, x);
}

void quoth_extractor_reset(quoth_extractor *x) {
    if (!x)
        return;
    x->text.len = 0;
    x->too_big = 0;
    arena_reset(&x->ar);
}

size_t quoth_extractor_quote_count(const quoth_extractor *x) { return x ? x->reported : 0; }

static size_t max_bytes(const quoth_extractor *x) {
    size_t m = x->opt.max_doc_bytes;
    return (m == 0 || m > HARD_MAX_DOC) ? HARD_MAX_DOC : m;
}

int quoth_extractor_feed(quoth_extractor *x, const char *buf, size_t len, quoth_error *err) {
    if (!x || (!buf && len))
        return fail(err, QUOTH_EINVAL, 0);
    if (x->too_big || len > max_bytes(x) - x->text.len) {
        x->too_big = 1;
        return fail(err, QUOTH_ETOOBIG, max_bytes(x));
    }
    if (qbuf_append(&x->text, x->mem, buf, len) < 0)
        return fail(err, QUOTH_ENOMEM, x->text.len);
    return QUOTH_OK;
}

/* Are the 8 bytes at p all ASCII and none of them NUL? */
static int ascii_no_nul8(const char *p) {
    const uint64_t ones = 0x0101010101010101u;
    uint64_t x;
    memcpy(&x, p, 8);
    /* Either order of bytes: every byte is tested alike. A byte has its
     * top bit set if it is not ASCII, or (x - ones) borrows from it if
     * it is 0; in both cases the top bit of the test is set for some
     * byte. Borrows only come from a zero byte, which fails anyway. */
    return ((x | (x - ones)) & (0x80 * ones)) == 0;
}

/* Offset of the first invalid UTF-8 sequence or NUL byte, or len. */
static size_t first_bad_byte(const char *s, size_t len) {
    size_t i = 0;
    while (i < len) {
        /* Most text is ASCII: skip it eight bytes at a time. */
        while (len - i >= 8 && ascii_no_nul8(s + i))
            i += 8;
        if (i == len)
            break;
        unsigned char c = (unsigned char)s[i];
        if (c && c < 0x80) {
            i++;
            continue;
        }
        if (!c)
            return i;
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              (utf8proc_ssize_t)(len - i), &cp);
        if (k <= 0)
            return i;
        i += (size_t)k;
    }
    return len;
}

static quoth_gender public_gender(uint8_t g) {
    return g == LG_FEMALE ? QUOTH_GENDER_FEMALE : g == LG_MALE ? QUOTH_GENDER_MALE
                                                                : QUOTH_GENDER_UNKNOWN;
}

static quoth_span span_of(const doc *d, tspan t) {
    quoth_span s;
    s.start = d->toks[t.first].start;
    s.end = d->toks[t.end - 1].end;
    s.text.ptr = d->text + s.start;
    s.text.len = s.end - s.start;
    return s;
}

/* Gender that words state themselves: "a spokeswoman", "Mrs. Doe", "he". */
static uint8_t desc_gender(const doc *d, tspan t) {
    for (int32_t i = t.first; i < t.end; i++)
        if (d->toks[i].lex && (d->toks[i].lex->flags & (LX_ROLE | LX_TITLE | LX_PRONOUN)) &&
            d->toks[i].lex->gender)
            return d->toks[i].lex->gender;
    return LG_NONE;
}

static void to_public(const doc *d, const quote *q, quoth_quote *out) {
    memset(out, 0, sizeof *out);
    out->kind = (quoth_kind)q->kind;
    out->start = q->start;
    out->end = q->end;
    out->text.ptr = d->text + q->start;
    out->text.len = q->end - q->start;
    if (q->entity >= 0) {
        const entity *e = &d->ents[q->entity];
        out->speaker.ptr = e->name;
        out->speaker.len = e->name_len;
        out->speaker_gender = public_gender(entity_gender(e));
    } else if (q->desc.first >= 0) {
        quoth_span s = span_of(d, q->desc);
        out->speaker = s.text;
        out->speaker_gender = public_gender(desc_gender(d, q->desc));
    }
    if (q->mention.first >= 0) {
        out->has_mention = 1;
        out->mention = span_of(d, q->mention);
        /* The mention's own words are evidence too: "she", "Mrs. Doe". */
        if (!out->speaker_gender)
            out->speaker_gender = public_gender(desc_gender(d, q->mention));
    }
    if (q->cue.first >= 0) {
        out->has_cue = 1;
        out->cue = span_of(d, q->cue);
    }
    out->confidence = q->confidence;
}

static int run_pipeline(quoth_extractor *x, doc *d) {
    if (scan_tokens(d) < 0 || find_quotes(d) < 0 || find_sentences(d) < 0 ||
        collect_mentions(d) < 0 || attribute_quotes(d) < 0)
        return QUOTH_ENOMEM;
    if (!(x->opt.flags & QUOTH_FLAG_NO_INDIRECT) && find_indirect(d) < 0)
        return QUOTH_ENOMEM;
    return QUOTH_OK;
}

static int deliver(quoth_extractor *x, doc *d) {
    for (uint32_t k = 0; k < d->nquotes; k++) {
        const quote *q = &d->quotes[k];
        if (q->dropped || q->confidence < x->opt.min_confidence)
            continue;
        if ((x->opt.flags & QUOTH_FLAG_NO_INDIRECT) && q->kind == QUOTH_KIND_INDIRECT)
            continue;
        quoth_quote pub;
        to_public(d, q, &pub);
        x->reported++;
        if (x->opt.on_quote && x->opt.on_quote(&pub, x->opt.userdata))
            return QUOTH_EABORTED;
    }
    return QUOTH_OK;
}

int quoth_extractor_finish(quoth_extractor *x, quoth_error *err) {
    if (!x)
        return fail(err, QUOTH_EINVAL, 0);
    x->reported = 0;
    int rc = QUOTH_OK;
    size_t where = 0;
    if (x->too_big) {
        rc = QUOTH_ETOOBIG;
        where = max_bytes(x);
    } else if ((x->opt.flags & QUOTH_FLAG_STRICT_UTF8) &&
               (where = first_bad_byte(x->text.ptr, x->text.len)) < x->text.len) {
        rc = QUOTH_EUTF8;
    } else if (x->text.len) {
        doc d;
        memset(&d, 0, sizeof d);
        d.ar = &x->ar;
        d.flags = x->opt.flags;
        d.text = x->text.ptr;
        d.len = x->text.len;
        rc = run_pipeline(x, &d);
        if (rc == QUOTH_OK)
            rc = deliver(x, &d);
    }
    quoth_extractor_reset(x);
    return rc == QUOTH_OK ? QUOTH_OK : fail(err, rc, where);
}
