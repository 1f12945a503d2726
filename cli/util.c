/* util.c - memory and UTF-8 helpers for the whole command. See cli.h. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

_Noreturn void cli_die_nomem(void)
{
    fputs("quoth: out of memory\n", stderr);
    exit(CLI_EXIT_SYSTEM);
}

void *cli_xrealloc(void *ptr, size_t size)
{
    void *p = realloc(ptr, size ? size : 1);
    if (p == NULL)
        cli_die_nomem();
    return p;
}

void cli_buf_add(cli_buf *b, const char *s, size_t n)
{
    if (n == 0)
        return;  /* `s` may then be NULL, which memcpy must not see */
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n)
            cap *= 2;
        b->ptr = cli_xrealloc(b->ptr, cap);
        b->cap = cap;
    }
    memcpy(b->ptr + b->len, s, n);
    b->len += n;
}

void cli_buf_free(cli_buf *b)
{
    free(b->ptr);
    b->ptr = NULL;
    b->len = b->cap = 0;
}

void cli_buf_printf(cli_buf *b, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof small) {
        cli_buf_add(b, small, (size_t)n);
        return;
    }
    /* Rare: a long file name or message; format again into the buffer. */
    size_t need = b->len + (size_t)n + 1;
    if (need > b->cap) {
        b->ptr = cli_xrealloc(b->ptr, need);
        b->cap = need;
    }
    va_start(ap, fmt);
    vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

int cli_buf_write(const char *bytes, size_t len, void *userdata)
{
    cli_buf_add(userdata, bytes, len);
    return 0;
}

void cli_buf_trim(cli_buf *b, size_t keep)
{
    if (b->cap > keep)
        cli_buf_free(b);
    b->len = 0;
}

int cli_is_blank(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\f' && s[i] != '\v')
            return 0;
    return 1;
}

size_t cli_utf8_len(const unsigned char *s, size_t n)
{
    unsigned c = s[0], lo = 0x80, hi = 0xBF;
    size_t need;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        need = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 3;
        lo = c == 0xE0 ? 0xA0 : lo;  /* overlong */
        hi = c == 0xED ? 0x9F : hi;  /* surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4;
        lo = c == 0xF0 ? 0x90 : lo;  /* overlong */
        hi = c == 0xF4 ? 0x8F : hi;  /* beyond U+10FFFF */
    } else {
        return 0;
    }
    if (n < need || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t k = 2; k < need; k++)
        if ((s[k] & 0xC0) != 0x80)
            return 0;
    return need;
}

size_t cli_utf8_check(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, n;
    for (;;) {
        /* ASCII, most of any news text, eight bytes at a time. */
        uint64_t w;
        while (i + 8 <= len && (memcpy(&w, u + i, 8), (w & 0x8080808080808080u) == 0))
            i += 8;
        if (i >= len || (n = cli_utf8_len(u + i, len - i)) == 0)
            return i;
        i += n;
    }
}

void cli_utf8_repair(cli_buf *out, const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        size_t good = cli_utf8_check(s + i, len - i);
        cli_buf_add(out, s + i, good);
        i += good;
        if (i < len) {
            cli_buf_add(out, "\xEF\xBF\xBD", 3);
            i++;
        }
    }
}

/* Little-endian whatever the machine, so that stored hashes travel with
 * the database file. A whole word is one load where the machine is
 * little-endian: whole documents are hashed. */
static uint64_t load64(const unsigned char *p, size_t n)
{
    uint64_t w = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (n == 8) {
        memcpy(&w, p, 8);
        return w;
    }
#endif
    for (size_t i = 0; i < n; i++)
        w |= (uint64_t)p[i] << (8 * i);
    return w;
}

static uint64_t rotl(uint64_t x, unsigned r)
{
    return (x << r) | (x >> (64 - r));
}

/* MurmurHash3's finaliser: every input bit flips about half the output. */
static uint64_t fmix(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdu;
    k ^= k >> 33;
    k *= 0xc4ceb9fe1a85ec53u;
    return k ^ (k >> 33);
}

/* A word at a time, MurmurHash-style. Not keyed: the store needs the same
 * hash in every run, and a reader who forges collisions can only merge
 * his own quotes. */
uint64_t cli_hash(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    uint64_t h = 0x9e3779b97f4a7c15u ^ len;
    for (size_t i = 0; i < len; i += 8) {
        size_t n = len - i < 8 ? len - i : 8;
        h ^= rotl(load64(p + i, n) * 0x87c37b91114253d5u, 31) * 0x4cf5ad432745937fu;
        h = rotl(h, 27) * 5 + 0x52dce729;
    }
    return fmix(h);
}
