/* lexicon.c - constant-time lookup in the compiled word lists. */
#include "lexicon.h"

#include <string.h>

#include "lexicon_data.inc"

_Static_assert(LEX_MAX_LEN <= LEX_MAX_WORD, "a listed word is longer than LEX_MAX_WORD");

static uint32_t fnv1a(const char *s, size_t len) {
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

const lex_entry *lex_lookup(const char *lower, size_t len) {
    if (len == 0 || len > LEX_MAX_LEN)
        return NULL;
    uint32_t h = fnv1a(lower, len) & (LEX_TABLE_SIZE - 1);
    for (;;) {
        int16_t i = lex_slots[h];
        if (i < 0)
            return NULL;
        const lex_entry *e = &lex_entries[i];
        if (e->len == len && memcmp(e->word, lower, len) == 0)
            return e;
        h = (h + 1) & (LEX_TABLE_SIZE - 1);
    }
}

const lex_phrase *lex_phrases_of(const lex_entry *e, size_t *count) {
    *count = e->phrase_n;
    return lex_phrases_data + e->phrase_first;
}

const lex_entry *lex_canon(const lex_entry *e) {
    return e ? &lex_entries[e->canon] : NULL;
}
