/* jsonl.c - see jsonl.h. JSON is read with json-c: it keeps strings with
 * their length (a "\u0000" survives), integers to 64 bits and reals as
 * written, and reads news dumps ten times faster than jansson. It is more
 * lenient than JSON, so tokens_end() checks the tokens first. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "quoth.h"

#include "cli.h"
#include "jsonl.h"

/* As deep as any sane record; the parser's stack costs 32 bytes a level. */
#define MAX_DEPTH 2048

struct cli_json_reader {
    json_tokener *tok;
    cli_buf fixed;   /* a line with its invalid UTF-8 repaired */
};

cli_json_reader *cli_json_reader_new(void)
{
    cli_json_reader *r = calloc(1, sizeof *r);
    if (r == NULL)
        return NULL;
    r->tok = json_tokener_new_ex(MAX_DEPTH);
    if (r->tok == NULL) {
        free(r);
        return NULL;
    }
    json_tokener_set_flags(r->tok, JSON_TOKENER_STRICT);
    return r;
}

void cli_json_reader_free(cli_json_reader *r)
{
    if (r == NULL)
        return;
    json_tokener_free(r->tok);
    cli_buf_free(&r->fixed);
    free(r);
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static size_t digits(const char *s, size_t len, size_t i)
{
    size_t n = 0;
    while (i + n < len && is_digit(s[i + n]))
        n++;
    return n;
}

/* The code unit of the escape "\uXXXX" whose hex digits start at s[i], or
 * -1 when they are not four hex digits. */
static long code_unit(const char *s, size_t len, size_t i)
{
    long u = 0;
    for (size_t k = i; k < i + 4; k++) {
        char c = k < len ? s[k] : '\0';
        int d = is_digit(c) ? c - '0' : (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10 : -1;
        if (d < 0)
            return -1;
        u = u * 16 + d;
    }
    return u;
}

/* How many of the 8 bytes at s, from the first, are plain string bytes:
 * not a quote, a backslash or a control character. (y - ones) & ~y flags
 * the zero bytes of y, (x - 0x20 * ones) & ~x the bytes of x below 0x20;
 * a flag may be wrong only above a right one, so the lowest is right. */
static size_t plain_run8(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    const uint64_t ones = 0x0101010101010101u;
    /* Little-endian whatever the machine: byte k is bits 8k to 8k + 7. */
    uint64_t x = (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 |
                 (uint64_t)p[3] << 24 | (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 |
                 (uint64_t)p[6] << 48 | (uint64_t)p[7] << 56;
    uint64_t quote = x ^ ('"' * ones), backslash = x ^ ('\\' * ones);
    uint64_t stop = (((quote - ones) & ~quote) | ((backslash - ones) & ~backslash) |
                     ((x - 0x20 * ones) & ~x)) &
                    (0x80 * ones);
    if (stop == 0)
        return 8;
    size_t n = 0;
    for (; !(stop & 0x80); stop >>= 8)
        n++;
    return n;
}

/* Where the string whose body starts at s[i] stops being JSON: at its
 * closing quote when all is well. */
static size_t string_end(const char *s, size_t len, size_t i)
{
    while (i < len) {
        /* Most of a string is plain: skip it eight bytes at a time. */
        if (len - i >= 8) {
            size_t n = plain_run8(s + i);
            i += n;
            if (n == 8)
                continue;
        }
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c < 0x20)
            return i;
        if (c != '\\') {
            i++;
            continue;
        }
        if (i + 1 >= len)
            return len;
        if (s[i + 1] != 'u') {
            i += 2;   /* the parser knows which letters may follow */
            continue;
        }
        long u = code_unit(s, len, i + 2);
        if (u >= 0xDC00 && u <= 0xDFFF)
            return i;   /* a low half alone */
        if (u >= 0xD800 && u <= 0xDBFF) {
            long low = i + 7 < len && s[i + 6] == '\\' && s[i + 7] == 'u' ? code_unit(s, len, i + 8) : -1;
            if (low < 0xDC00 || low > 0xDFFF)
                return i;   /* a high half alone */
            i += 6;
        }
        i += 6;
    }
    return i < len ? i : len;
}

/* Where a number starting at s[i] stops being a JSON number. */
static size_t number_end(const char *s, size_t len, size_t i)
{
    i += s[i] == '-';
    size_t n = digits(s, len, i);
    if (n == 0 || (n > 1 && s[i] == '0'))
        return i;
    i += n;
    if (i < len && s[i] == '.') {
        if ((n = digits(s, len, i + 1)) == 0)
            return i;
        i += 1 + n;
    }
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        size_t e = i + 1 + (i + 1 < len && (s[i + 1] == '+' || s[i + 1] == '-'));
        if ((n = digits(s, len, e)) == 0)
            return i;
        i = e + n;
    }
    return i;
}

/* Does the integer of `n` digits at s[i] fit json-c's 64 bits, which it
 * would silently saturate? -2^63 to 2^64-1. */
static int integer_fits(const char *s, size_t i, size_t n, int negative)
{
    const char *max = negative ? "9223372036854775808" : "18446744073709551615";
    size_t max_len = strlen(max);
    return n < max_len || (n == max_len && memcmp(s + i, max, n) <= 0);
}

/*
 * The offset of the first byte of `s` that no JSON token has, or `len`,
 * with what is wrong in *what. json-c's strict mode checks how tokens fit
 * together, but takes more than JSON: raw control characters and lone
 * surrogate halves in strings, NaN, Infinity, 01 and 1. as numbers, and
 * it saturates integers beyond 64 bits. What it takes, the output would
 * copy (an id, "--extra-fields"), so it is refused here.
 */
static size_t tokens_end(const char *s, size_t len, const char **what)
{
    *what = "not a JSON token";
    size_t i = 0;
    while (i < len) {
        char c = s[i];
        if (c == '"') {
            size_t e = string_end(s, len, i + 1);
            if (e >= len || s[e] != '"')
                return e;
            i = e + 1;
        } else if (c == '-' || is_digit(c)) {
            size_t e = number_end(s, len, i);
            if (e < len && (is_digit(s[e]) || s[e] == '.' || s[e] == 'e' || s[e] == 'E' ||
                            s[e] == '-' || s[e] == '+'))
                return e;
            if (e == i + (c == '-'))
                return i;
            size_t d = i + (c == '-'), n = digits(s, len, d);
            if (d + n == e && !integer_fits(s, d, n, c == '-')) {
                *what = "an integer beyond 64 bits";
                return i;
            }
            i = e;
        } else if (c >= 'a' && c <= 'z') {
            size_t n = len - i >= 4 && (memcmp(s + i, "true", 4) == 0 || memcmp(s + i, "null", 4) == 0)
                           ? 4
                           : len - i >= 5 && memcmp(s + i, "false", 5) == 0 ? 5 : 0;
            if (n == 0)
                return i;
            i += n;
        } else if (c == '{' || c == '}' || c == '[' || c == ']' || c == ':' || c == ',' ||
                   is_blank(c)) {
            i++;
        } else {
            return i;   /* 'single quotes', NaN, Infinity */
        }
    }
    return len;
}

/* `text` is valid UTF-8 here. */
static json_object *parse_valid(cli_json_reader *r, const char *text, size_t len, char *why,
                                size_t why_size)
{
    if (len > INT_MAX) {
        snprintf(why, why_size, "invalid JSON: longer than %d bytes", INT_MAX);
        return NULL;
    }
    const char *what;
    size_t bad = tokens_end(text, len, &what), col;
    if (bad < len) {
        quoth_locate(text, len, bad, NULL, &col);
        snprintf(why, why_size, "invalid JSON at column %zu: %s", col, what);
        return NULL;
    }
    json_tokener_reset(r->tok);
    json_object *v = json_tokener_parse_ex(r->tok, text, (int)len);
    size_t end = json_tokener_get_parse_end(r->tok);
    enum json_tokener_error e = json_tokener_get_error(r->tok);
    /* A number (or true, false, null) alone waits for what follows it:
     * the end of the line is that. */
    if (v == NULL && e == json_tokener_continue)
        v = json_tokener_parse_ex(r->tok, "", 1);
    what = e == json_tokener_continue ? "the line ends inside a value" : json_tokener_error_desc(e);
    if (v != NULL) {
        while (end < len && is_blank(text[end]))
            end++;
        if (end == len)
            return v;
        json_object_put(v);
        what = "text after the value";
    } else if (e == json_tokener_success) {
        what = "no value";   /* only blanks */
    }
    quoth_locate(text, len, end, NULL, &col);
    snprintf(why, why_size, "invalid JSON at column %zu: %s", col, what);
    return NULL;
}

json_object *cli_json_parse(cli_json_reader *r, const char *text, size_t len, int repair,
                            char *why, size_t why_size)
{
    size_t bad = cli_utf8_check(text, len);
    if (bad == len)
        return parse_valid(r, text, len, why, why_size);
    if (!repair) {
        size_t col;
        quoth_locate(text, len, bad, NULL, &col);
        snprintf(why, why_size, "invalid UTF-8 at column %zu (byte %zu)", col, bad);
        return NULL;
    }
    r->fixed.len = 0;
    cli_utf8_repair(&r->fixed, text, len);
    json_object *v = parse_valid(r, r->fixed.ptr, r->fixed.len, why, why_size);
    cli_buf_trim(&r->fixed, 1 << 20);
    return v;
}

/* The member `key` (`n` bytes) of `obj` in *v; 0 when there is none. A
 * null member is there, with *v NULL: json-c's null is a NULL pointer. */
static int member(json_object *obj, const char *key, size_t n, json_object **v)
{
    char small[128];
    char *k = n < sizeof small ? small : cli_xrealloc(NULL, n + 1);
    memcpy(k, key, n);
    k[n] = '\0';
    *v = NULL;
    int found = json_object_is_type(obj, json_type_object) && json_object_object_get_ex(obj, k, v);
    if (k != small)
        free(k);
    return found;
}

json_object *cli_json_get(json_object *obj, const char *key, size_t n)
{
    json_object *v;
    member(obj, key, n, &v);
    return v;
}

const char *cli_json_str(json_object *obj, const char *key, size_t *len)
{
    json_object *v = cli_json_get(obj, key, strlen(key));
    if (!json_object_is_type(v, json_type_string))
        return NULL;
    *len = (size_t)json_object_get_string_len(v);
    return json_object_get_string(v);
}

/* The value at a dotted path in *v; 0 when the path leads nowhere. A key
 * that itself contains a dot cannot be named; news dumps don't use such
 * keys. */
static int lookup(json_object *obj, const char *path, json_object **v)
{
    for (;;) {
        const char *dot = strchr(path, '.');
        size_t n = dot ? (size_t)(dot - path) : strlen(path);
        if (!member(obj, path, n, v))
            return 0;
        if (dot == NULL)
            return 1;
        obj = *v;
        path = dot + 1;
    }
}

static int find_id(cli_record *rec, const char *field, char *why, size_t why_size)
{
    json_object *id;
    lookup(rec->root, field, &id);
    switch (json_object_get_type(id)) {
    case json_type_null:   /* missing, or null */
        return 0;
    case json_type_string:
        rec->id = json_object_get_string(id);
        rec->id_len = (size_t)json_object_get_string_len(id);
        return 0;
    case json_type_int:
    case json_type_double:
        /* As written for a real ("1.50"), in decimal for an integer. */
        rec->id = json_object_to_json_string_ext(id, JSON_C_TO_STRING_PLAIN);
        rec->id_len = strlen(rec->id);
        return 0;
    default:
        snprintf(why, why_size, "the \"%s\" field is not a string or a number", field);
        return -1;
    }
}

static int find_text(cli_record *rec, const char *field, char *why, size_t why_size)
{
    json_object *text;
    if (!lookup(rec->root, field, &text)) {
        snprintf(why, why_size, "no \"%s\" field", field);
        return -1;
    }
    if (!json_object_is_type(text, json_type_string)) {
        snprintf(why, why_size, "the \"%s\" field is not a string", field);
        return -1;
    }
    rec->text = json_object_get_string(text);
    rec->text_len = (size_t)json_object_get_string_len(text);
    return 0;
}

int cli_record_parse(cli_json_reader *r, cli_record *rec, const char *line, size_t len,
                     const cli_record_spec *spec, char *why, size_t why_size)
{
    memset(rec, 0, sizeof *rec);
    rec->root = cli_json_parse(r, line, len, spec->repair_utf8, why, why_size);
    if (rec->root == NULL)
        return -1;
    if (!json_object_is_type(rec->root, json_type_object)) {
        snprintf(why, why_size, "the line is not a JSON object");
        return -1;
    }
    if (find_id(rec, spec->id_field, why, why_size) != 0)
        return -1;
    return find_text(rec, spec->text_field, why, why_size);
}

void cli_record_extras(const cli_record *rec, const char *const *fields, size_t n,
                       cli_buf *out)
{
    for (size_t i = 0; i < n; i++) {
        json_object *v;
        lookup(rec->root, fields[i], &v);   /* NULL, printed null, when missing */
        cli_buf_add(out, ",", 1);
        quoth_write_json_string(fields[i], strlen(fields[i]), cli_buf_write, out);
        cli_buf_add(out, ":", 1);
        size_t vlen;
        const char *s = json_object_to_json_string_length(
            v, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, &vlen);
        if (s == NULL)
            cli_die_nomem();
        cli_buf_add(out, s, vlen);
    }
}

const char *cli_record_field(const cli_record *rec, const char *field, size_t *len)
{
    json_object *v;
    if (!lookup(rec->root, field, &v) || !json_object_is_type(v, json_type_string))
        return NULL;
    *len = (size_t)json_object_get_string_len(v);
    return json_object_get_string(v);
}

void cli_record_free(cli_record *rec)
{
    json_object_put(rec->root);
    memset(rec, 0, sizeof *rec);
}
