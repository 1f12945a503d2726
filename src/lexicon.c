/* lexicon.c - constant-time lookup in the compiled word lists. */
#include "lexicon.h"

#include <string.h>

#include "lexicon_data.inc"

/* A key holds a word of at most LEX_KEY_BYTES bytes: two 64-bit integers,
 * byte i at bits 8 * (i % 8) of integer i / 8, zero padded
 * (tools/gen_lexicon.py packs the table's keys the same way). */
_Static_assert(LEX_MAX_LEN <= LEX_KEY_BYTES, "a listed word does not fit a lexicon key");
_Static_assert(LEX_MAX_LEN <= LEX_MAX_WORD, "a listed word is longer than LEX_MAX_WORD");

/* Eight bytes as a little-endian integer, whatever the machine's byte
 * order (compilers make it one load where they can). */
static uint64_t load_le64(const char *p) {
    unsigned char b[8];
    memcpy(b, p, 8);
    return (uint64_t)b[0] | (uint64_t)b[1] << 8 | (uint64_t)b[2] << 16 | (uint64_t)b[3] << 24 |
           (uint64_t)b[4] << 32 | (uint64_t)b[5] << 40 | (uint64_t)b[6] << 48 |
           (uint64_t)b[7] << 56;
}

/* Each byte of x that is an ASCII capital made lower case, eight at a
 * time. Bytes are taken without their top bit, so no sum carries into
 * the next byte; a byte with its top bit set is not ASCII and stays. */
static uint64_t ascii_lower8(uint64_t x) {
    const uint64_t ones = 0x0101010101010101u;
    uint64_t low7 = x & (0x7F * ones);
    uint64_t ge_a = low7 + (0x80 - 'A') * ones;       /* top bit: >= 'A' */
    uint64_t gt_z = low7 + (0x80 - 'Z' - 1) * ones;   /* top bit: > 'Z' */
    uint64_t upper = ge_a & ~gt_z & ~x & (0x80 * ones);
    return x | upper >> 2;                            /* 0x80 >> 2 is 0x20 */
}

/* The low `n` bytes (n <= 8) of x; the rest zero. */
static uint64_t low_bytes(uint64_t x, size_t n) {
    return n >= 8 ? x : x & (((uint64_t)1 << (8 * n)) - 1);
}

const lex_entry *lex_lookup(const char *word, size_t len) {
    if (len == 0 || len > LEX_MAX_LEN)
        return NULL;
    uint64_t k0 = ascii_lower8(low_bytes(load_le64(word), len));
    uint64_t k1 = len > 8 ? ascii_lower8(low_bytes(load_le64(word + 8), len - 8)) : 0;
    /* Multiplicative hashing: the top bits of the product mix all the bytes. */
    uint32_t h = (uint32_t)(((k0 * LEX_HASH_MUL0) ^ (k1 * LEX_HASH_MUL1)) >> (64 - LEX_TABLE_BITS));
    for (;; h = (h + 1) & (LEX_TABLE_SIZE - 1)) {
        int16_t i = lex_slots[h];
        if (i < 0)
            return NULL;
        if (lex_keys[i][0] == k0 && lex_keys[i][1] == k1)
            return &lex_entries[i];
    }
}

const lex_phrase *lex_phrases_of(const lex_entry *e, size_t *count) {
    *count = e->phrase_n;
    return lex_phrases_data + e->phrase_first;
}

const lex_entry *lex_canon(const lex_entry *e) {
    return e ? &lex_entries[e->canon] : NULL;
}
