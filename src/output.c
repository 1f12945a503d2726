/* output.c - SPEC JSON lines, with our own escaping. */
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

#define WRITE(s, n)                                   \
    do {                                              \
        int rc_ = write((s), (n), userdata);          \
        if (rc_)                                      \
            return rc_;                               \
    } while (0)

int quoth_write_json_string(const char *s, size_t len, quoth_write_fn write, void *userdata) {
    static const char hex[] = "0123456789abcdef";
    WRITE("\"", 1);
    size_t run = 0, i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
            i++;
            continue;
        }
        const char *esc = NULL;
        char buf[8];
        size_t n = 1, esc_len = 2;
        if (c >= 0x80) {
            utf8proc_int32_t cp;
            utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                                  (utf8proc_ssize_t)(len - i), &cp);
            if (k > 0 && cp != 0x2028 && cp != 0x2029) {
                i += (size_t)k;   /* valid: copied as is */
                continue;
            }
            if (k > 0) {
                /* Line separators break JavaScript readers of JSON. */
                n = (size_t)k;
                esc = cp == 0x2028 ? "\\u2028" : "\\u2029";
                esc_len = 6;
            } else {
                esc = "\xEF\xBF\xBD";   /* U+FFFD for an invalid byte */
                esc_len = 3;
            }
        } else {
            switch (c) {
            case '"': esc = "\\\""; break;
            case '\\': esc = "\\\\"; break;
            case '\n': esc = "\\n"; break;
            case '\r': esc = "\\r"; break;
            case '\t': esc = "\\t"; break;
            case '\b': esc = "\\b"; break;
            case '\f': esc = "\\f"; break;
            default:
                memcpy(buf, "\\u00", 4);
                buf[4] = hex[c >> 4];
                buf[5] = hex[c & 15];
                esc = buf;
                esc_len = 6;
            }
        }
        if (i > run)
            WRITE(s + run, i - run);
        WRITE(esc, esc_len);
        i += n;
        run = i;
    }
    if (i > run)
        WRITE(s + run, i - run);
    WRITE("\"", 1);
    return 0;
}

static int write_span(const char *key, int present, const quoth_span *sp, quoth_write_fn write,
                      void *userdata) {
    char buf[96];
    int n = snprintf(buf, sizeof buf, ",\"%s\":", key);
    WRITE(buf, (size_t)n);
    if (!present) {
        WRITE("null", 4);
        return 0;
    }
    n = snprintf(buf, sizeof buf, "{\"start\":%zu,\"end\":%zu,\"text\":", sp->start, sp->end);
    WRITE(buf, (size_t)n);
    int rc = quoth_write_json_string(sp->text.ptr, sp->text.len, write, userdata);
    if (rc)
        return rc;
    WRITE("}", 1);
    return 0;
}

int quoth_quote_write_json(const quoth_quote *q, const char *doc_id, size_t id_len,
                           quoth_write_fn write, void *userdata) {
    char buf[128];
    int rc;
    WRITE("{\"type\":\"quote\",\"doc\":", 22);
    if (doc_id) {
        if ((rc = quoth_write_json_string(doc_id, id_len, write, userdata)))
            return rc;
    } else {
        WRITE("null", 4);
    }
    int n = snprintf(buf, sizeof buf, ",\"start\":%zu,\"end\":%zu,\"text\":", q->start, q->end);
    WRITE(buf, (size_t)n);
    if ((rc = quoth_write_json_string(q->text.ptr, q->text.len, write, userdata)))
        return rc;
    n = snprintf(buf, sizeof buf, ",\"kind\":\"%s\",\"speaker\":", quoth_kind_name(q->kind));
    WRITE(buf, (size_t)n);
    if (q->speaker.ptr) {
        if ((rc = quoth_write_json_string(q->speaker.ptr, q->speaker.len, write, userdata)))
            return rc;
    } else {
        WRITE("null", 4);
    }
    if ((rc = write_span("mention", q->has_mention, &q->mention, write, userdata)))
        return rc;
    if ((rc = write_span("cue", q->has_cue, &q->cue, write, userdata)))
        return rc;
    const char *g = quoth_gender_name(q->speaker_gender);
    n = snprintf(buf, sizeof buf, ",\"speaker_gender\":%s%s%s,\"confidence\":%.2f}\n",
                 g ? "\"" : "", g ? g : "null", g ? "\"" : "", q->confidence);
    WRITE(buf, (size_t)n);
    return 0;
}
