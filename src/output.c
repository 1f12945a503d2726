/* output.c - SPEC JSON lines, with our own escaping.
 *
 * A record is assembled in a small buffer and handed to the write callback
 * in as few calls as fit, not one per field: the callback usually appends
 * to a growing buffer, and the calls cost more than the bytes.
 */
#include <stdio.h>
#include <string.h>
#include <utf8proc.h>

#include "quoth.h"

const char *quoth_kind_name(quoth_kind kind) {
    switch (kind) {
    case QUOTH_KIND_DIRECT: return "direct";
    case QUOTH_KIND_MIXED: return "mixed";
    case QUOTH_KIND_INDIRECT: return "indirect";
    default: return "direct";
    }
}

const char *quoth_gender_name(quoth_gender gender) {
    switch (gender) {
    case QUOTH_GENDER_FEMALE: return "female";
    case QUOTH_GENDER_MALE: return "male";
    default: return NULL;
    }
}

/* Buffered output. The first non-zero value `write` returns is kept in rc
 * and stops all later writes. */
typedef struct out {
    quoth_write_fn write;
    void *userdata;
    int rc;
    size_t len;
    char buf[1024];
} out;

static void out_init(out *o, quoth_write_fn write, void *userdata) {
    o->write = write;
    o->userdata = userdata;
    o->rc = 0;
    o->len = 0;
}

static void out_flush(out *o) {
    if (o->len && !o->rc)
        o->rc = o->write(o->buf, o->len, o->userdata);
    o->len = 0;
}

/* What does not fit in the buffer: flushes it, and writes what would
 * fill most of it again without copying. */
static void out_overflow(out *o, const char *s, size_t n) {
    out_flush(o);
    if (n > sizeof o->buf / 2) {
        if (!o->rc)
            o->rc = o->write(s, n, o->userdata);
        return;
    }
    memcpy(o->buf, s, n);
    o->len = n;
}

/* Inline, so that the copy of a short literal becomes a move or two. */
static inline void out_bytes(out *o, const char *s, size_t n) {
    if (n > sizeof o->buf - o->len) {
        out_overflow(o, s, n);
        return;
    }
    memcpy(o->buf + o->len, s, n);
    o->len += n;
}

/* A string literal. */
#define OUT_LIT(o, lit) out_bytes((o), (lit), sizeof(lit) - 1)

/* Flush and return the first error, if any. */
static int out_end(out *o) {
    out_flush(o);
    return o->rc;
}

/* Bytes that a JSON string cannot hold as they are: control characters,
 * the quote and the backslash. Bytes from 0x80 are checked as UTF-8. */
#define PLAIN(c) ((c) >= 0x20 && (c) < 0x80 && (c) != '"' && (c) != '\\')
#define PLAIN4(c) PLAIN(c), PLAIN((c) + 1), PLAIN((c) + 2), PLAIN((c) + 3)
#define PLAIN16(c) PLAIN4(c), PLAIN4((c) + 4), PLAIN4((c) + 8), PLAIN4((c) + 12)
#define PLAIN64(c) PLAIN16(c), PLAIN16((c) + 16), PLAIN16((c) + 32), PLAIN16((c) + 48)
static const unsigned char plain_byte[256] = {PLAIN64(0), PLAIN64(64), PLAIN64(128),
                                              PLAIN64(192)};

/* The escape for the character at s[i] (of `len` bytes), which is not a
 * plain byte; *n gets its length in s. NULL: valid UTF-8, copied as is. */
static const char *escape_of(const char *s, size_t len, size_t i, size_t *n, char ubuf[7]) {
    static const char hex[] = "0123456789abcdef";
    unsigned char c = (unsigned char)s[i];
    *n = 1;
    if (c >= 0x80) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              (utf8proc_ssize_t)(len - i), &cp);
        if (k <= 0)
            return "\xEF\xBF\xBD";   /* U+FFFD for an invalid byte */
        *n = (size_t)k;
        /* Line separators break JavaScript readers of JSON. */
        return cp == 0x2028 ? "\\u2028" : cp == 0x2029 ? "\\u2029" : NULL;
    }
    switch (c) {
    case '"': return "\\\"";
    case '\\': return "\\\\";
    case '\n': return "\\n";
    case '\r': return "\\r";
    case '\t': return "\\t";
    case '\b': return "\\b";
    case '\f': return "\\f";
    default:
        memcpy(ubuf, "\\u00", 4);
        ubuf[4] = hex[c >> 4];
        ubuf[5] = hex[c & 15];
        ubuf[6] = 0;
        return ubuf;
    }
}

/* Is one of the 8 bytes at s not plain? Exact as a yes or no: (y - ones)
 * & ~y has a top bit set if and only if some byte of y is zero, and
 * (x - 0x20 * ones) & ~x if and only if some byte of x is below 0x20. */
static int any_escape8(const char *s) {
    const uint64_t ones = 0x0101010101010101u;
    uint64_t x, quote, backslash;
    memcpy(&x, s, sizeof x);
    quote = x ^ ('"' * ones);
    backslash = x ^ ('\\' * ones);
    uint64_t control = (x - 0x20 * ones) & ~x;
    return ((((quote - ones) & ~quote) | ((backslash - ones) & ~backslash) | control | x) &
            (0x80 * ones)) != 0;
}

static void out_string(out *o, const char *s, size_t len) {
    OUT_LIT(o, "\"");
    size_t run = 0, i = 0;
    while (i < len) {
        if (len - i >= 8 && !any_escape8(s + i)) {
            i += 8;   /* the usual case: eight plain bytes */
            continue;
        }
        if (plain_byte[(unsigned char)s[i]]) {
            i++;
            continue;
        }
        char ubuf[7];
        size_t n;
        const char *esc = escape_of(s, len, i, &n, ubuf);
        i += n;
        if (!esc)
            continue;
        out_bytes(o, s + run, i - n - run);
        out_bytes(o, esc, strlen(esc));
        run = i;
    }
    if (i > run)   /* s is NULL when len is 0 */
        out_bytes(o, s + run, i - run);
    OUT_LIT(o, "\"");
}

int quoth_write_json_string(const char *s, size_t len, quoth_write_fn write, void *userdata) {
    out o;
    out_init(&o, write, userdata);
    out_string(&o, s, len);
    return out_end(&o);
}

static void out_size(out *o, size_t v) {
    char buf[24], *p = buf + sizeof buf;
    do {
        *--p = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    out_bytes(o, p, (size_t)(buf + sizeof buf - p));
}

/* Doubles are IEEE 754 binary64: 1 sign bit, 11 exponent bits, 52 more. */
_Static_assert(sizeof(double) == sizeof(uint64_t), "double is not 64 bits");

/* x with two decimals, as printf's "%.2f" writes it. A finite x >= 0 below
 * 2^32 is an integer m times 2^-shift exactly, so 100 x is rounded in
 * integers: to nearest, ties to even, as printf does. Others (negative,
 * huge, NaN) go to snprintf. */
static void out_hundredths(out *o, double x) {
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    int exp = (int)(bits >> 52);   /* with the sign bit: negative x is >= 2048 */
    uint64_t m = bits & (((uint64_t)1 << 52) - 1);
    if (exp >= 1023 + 32) {
        char buf[512];   /* "%.2f" of DBL_MAX has 312 characters */
        int n = snprintf(buf, sizeof buf, "%.2f", x);
        out_bytes(o, buf, n > 0 ? (size_t)n : 0);
        return;
    }
    if (exp)
        m |= (uint64_t)1 << 52;   /* normal: the implicit leading bit */
    else
        exp = 1;                  /* subnormal */
    int shift = 1075 - exp;       /* x = m * 2^-shift, and shift > 20 */
    uint64_t scaled = m * 100;    /* < 2^60 */
    uint64_t cents = 0;
    if (shift < 64) {
        uint64_t rem = scaled & (((uint64_t)1 << shift) - 1), half = (uint64_t)1 << (shift - 1);
        cents = scaled >> shift;
        cents += rem > half || (rem == half && (cents & 1));
    } /* else 100 x < 2^60 / 2^64: rounds to 0 */
    out_size(o, cents / 100);
    char frac[3] = {'.', (char)('0' + cents / 10 % 10), (char)('0' + cents % 10)};
    out_bytes(o, frac, sizeof frac);
}

static void out_span(out *o, int present, const quoth_span *sp) {
    if (!present) {
        OUT_LIT(o, "null");
        return;
    }
    OUT_LIT(o, "{\"start\":");
    out_size(o, sp->start);
    OUT_LIT(o, ",\"end\":");
    out_size(o, sp->end);
    OUT_LIT(o, ",\"text\":");
    out_string(o, sp->text.ptr, sp->text.len);
    OUT_LIT(o, "}");
}

int quoth_quote_write_json(const quoth_quote *q, const char *doc_id, size_t id_len,
                           quoth_write_fn write, void *userdata) {
    out o;
    out_init(&o, write, userdata);
    OUT_LIT(&o, "{\"type\":\"quote\",\"doc\":");
    if (doc_id)
        out_string(&o, doc_id, id_len);
    else
        OUT_LIT(&o, "null");
    OUT_LIT(&o, ",\"start\":");
    out_size(&o, q->start);
    OUT_LIT(&o, ",\"end\":");
    out_size(&o, q->end);
    OUT_LIT(&o, ",\"text\":");
    out_string(&o, q->text.ptr, q->text.len);
    OUT_LIT(&o, ",\"kind\":\"");
    const char *kind = quoth_kind_name(q->kind);
    out_bytes(&o, kind, strlen(kind));
    OUT_LIT(&o, "\",\"speaker\":");
    if (q->speaker.ptr)
        out_string(&o, q->speaker.ptr, q->speaker.len);
    else
        OUT_LIT(&o, "null");
    OUT_LIT(&o, ",\"mention\":");
    out_span(&o, q->has_mention, &q->mention);
    OUT_LIT(&o, ",\"cue\":");
    out_span(&o, q->has_cue, &q->cue);
    OUT_LIT(&o, ",\"speaker_gender\":");
    const char *g = quoth_gender_name(q->speaker_gender);
    if (g) {
        OUT_LIT(&o, "\"");
        out_bytes(&o, g, strlen(g));
        OUT_LIT(&o, "\"");
    } else {
        OUT_LIT(&o, "null");
    }
    OUT_LIT(&o, ",\"confidence\":");
    out_hundredths(&o, q->confidence);
    OUT_LIT(&o, "}\n");
    return out_end(&o);
}
