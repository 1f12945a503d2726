/* scan.c - tokens and paragraphs.
 *
 * One pass over the bytes. ASCII takes a fast path; other characters are
 * decoded and classified with utf8proc. Invalid bytes (the document was
 * repaired, not rejected) become one-byte TK_OTHER tokens, so offsets stay
 * those of the input.
 */
#include <string.h>
#include <utf8proc.h>

#include "doc.h"

/* Classes of bytes, for the fast paths over ASCII. */
enum {
    B_UPPER = 1u << 0,
    B_LOWER = 1u << 1,
    B_DIGIT = 1u << 2,
    B_SPACE = 1u << 3,   /* blank that is not a line break */
    B_PUNCT = 1u << 4,   /* always a one-byte TK_PUNCT token */
    B_JOIN = 1u << 5,    /* may join two parts of a word: don't, U.S, 1,237, 4.5, AT&T */
    B_ALNUM = B_UPPER | B_LOWER | B_DIGIT
};

/* Bytes 0x80 and up belong to no class: they are decoded. Line breaks,
 * quote marks and hyphens are not B_PUNCT: scan_char() tells them apart. */
#define BYTE_CLASS(c)                                                                          \
    ((c) >= 'A' && (c) <= 'Z'   ? B_UPPER                                                      \
     : (c) >= 'a' && (c) <= 'z' ? B_LOWER                                                      \
     : (c) >= '0' && (c) <= '9' ? B_DIGIT                                                      \
     : (c) == ' ' || (c) == '\t' || (c) == '\f' || (c) == '\v' ? B_SPACE                       \
     : (c) >= 0x80 || (c) == '\n' || (c) == '\r' || (c) == '"' || (c) == '`' ? 0              \
     : (c) == '\'' || (c) == '-'                                 ? B_JOIN                      \
     : (c) == '&' || (c) == '.' || (c) == ',' || (c) == ':'       ? B_PUNCT | B_JOIN            \
                                                                 : B_PUNCT)
#define CLASS4(c) BYTE_CLASS(c), BYTE_CLASS((c) + 1), BYTE_CLASS((c) + 2), BYTE_CLASS((c) + 3)
#define CLASS16(c) CLASS4(c), CLASS4((c) + 4), CLASS4((c) + 8), CLASS4((c) + 12)
#define CLASS64(c) CLASS16(c), CLASS16((c) + 16), CLASS16((c) + 32), CLASS16((c) + 48)
static const uint8_t byte_class[256] = {CLASS64(0), CLASS64(64), CLASS64(128), CLASS64(192)};

/* Decode one character at text[i]; *n gets its length (1 for a bad byte,
 * whose code point is reported as -1). */
static int32_t decode(const char *text, size_t len, size_t i, size_t *n) {
    unsigned char c = (unsigned char)text[i];
    if (c < 0x80) {
        *n = 1;
        return c;
    }
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)text + i,
                                          (utf8proc_ssize_t)(len - i), &cp);
    if (k <= 0) {
        *n = 1;
        return -1;
    }
    *n = (size_t)k;
    return cp;
}

static int is_letter_cp(int32_t cp) {
    if (cp < 0x80)
        return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
    if (cp < 0)
        return 0;
    utf8proc_category_t c = utf8proc_category(cp);
    return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_ME;
}

static int is_alnum_cp(int32_t cp) {
    return (cp >= '0' && cp <= '9') || is_letter_cp(cp) ||
           (cp >= 0x80 && utf8proc_category(cp) >= UTF8PROC_CATEGORY_ND &&
            utf8proc_category(cp) <= UTF8PROC_CATEGORY_NO);
}

/* Invisible format characters that web text puts inside words: the soft
 * hyphen of "Doug \u00ADAndres", joiners, the zero-width space. */
static int is_ignorable_cp(int32_t cp) {
    return cp >= 0x80 && utf8proc_get_property(cp)->ignorable;
}

static int is_space_cp(int32_t cp) {
    if (cp == ' ' || cp == '\t' || cp == '\f' || cp == '\v')
        return 1;
    return cp >= 0x80 && utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS;
}

static int is_break_cp(int32_t cp) {
    return cp == '\n' || cp == '\r' || cp == 0x2028 || cp == 0x2029 || cp == 0x85;
}

static int is_dash_cp(int32_t cp) {
    return cp == 0x2012 || cp == 0x2013 || cp == 0x2014 || cp == 0x2015 || cp == 0x2212;
}

static int is_apostrophe_cp(int32_t cp) { return cp == '\'' || cp == 0x2019; }

enum { MARK_NONE, MARK_DOUBLE_OPEN, MARK_DOUBLE_CLOSE, MARK_DOUBLE_AMBIG,
       MARK_SINGLE_OPEN, MARK_SINGLE_CLOSE, MARK_SINGLE_AMBIG };

static int mark_kind(int32_t cp) {
    switch (cp) {
    case 0x201C: case 0x201E: case 0x201F: return MARK_DOUBLE_OPEN;
    case 0x201D: return MARK_DOUBLE_CLOSE;
    case '"': return MARK_DOUBLE_AMBIG;
    case 0x00AB: return MARK_DOUBLE_OPEN;
    case 0x00BB: return MARK_DOUBLE_CLOSE;
    case 0x2018: case 0x201A: case 0x201B: case 0x2039: return MARK_SINGLE_OPEN;
    case 0x2019: case 0x203A: return MARK_SINGLE_CLOSE;
    case '\'': return MARK_SINGLE_AMBIG;
    default: return MARK_NONE;
    }
}

typedef struct scanner {
    doc *d;
    size_t i;
    uint32_t para;
    int space_before;    /* whitespace or line start precedes position i */
} scanner;

static int32_t peek(const scanner *s, size_t at, size_t *n) {
    if (at >= s->d->len) {
        *n = 0;
        return 0;
    }
    return decode(s->d->text, s->d->len, at, n);
}

static int32_t prev_cp(const doc *d, size_t at) {
    if (at == 0)
        return '\n';
    size_t j = at - 1;
    while (j > 0 && ((unsigned char)d->text[j] & 0xC0) == 0x80 && at - j < 4)
        j--;
    size_t n;
    int32_t cp = decode(d->text, d->len, j, &n);
    return j + n == at ? cp : -1;
}

/* Append a token. There is room: scan_tokens() makes it before each
 * step, and no step pushes more than one token. */
static inline tok *push_tok(scanner *s, uint8_t type, size_t start, size_t end, int32_t cp) {
    doc *d = s->d;
    uint32_t k = d->ntoks++;
    /* Every field is written: the array is not zeroed (scan_tokens). */
    d->toks[k] = (tok){.start = (uint32_t)start,
                       .end = (uint32_t)end,
                       .para = s->para,
                       .quote = -1,
                       .cp = cp < 0 ? 0xFFFD : (uint32_t)cp,
                       .flags = s->space_before ? TF_SPACE_BEFORE : 0,
                       .type = type};
    if (k > 0 && s->space_before)
        d->toks[k - 1].flags |= TF_SPACE_AFTER;
    s->space_before = 0;
    return &d->toks[k];
}

/* The bytes of a contracted auxiliary that end the n bytes at w, the
 * apostrophe (' or ’) included: "she'll", "they're", "we've", "he'd",
 * "I'm";
 * 0 when there is none. The word before it is looked up on its own, so
 * that "she'll" is a pronoun. */
static size_t contraction_len(const char *w, size_t n) {
    size_t m, a;   /* letters after the apostrophe, bytes of the apostrophe */
    if (n < 3)
        return 0;
    if (w[n - 2] == '\'')
        m = 1, a = 1;
    else if (w[n - 3] == '\'')
        m = 2, a = 1;
    else if (n >= 5 && (unsigned char)w[n - 2] == 0x99 && memcmp(w + n - 4, "\xE2\x80\x99", 3) == 0)
        m = 1, a = 3;
    else if (n >= 6 && (unsigned char)w[n - 3] == 0x99 && memcmp(w + n - 5, "\xE2\x80\x99", 3) == 0)
        m = 2, a = 3;
    else
        return 0;
    if (n < m + a + 1)
        return 0;
    char x = (char)(w[n - m] | 0x20), y = (char)(w[n - 1] | 0x20);
    int tail = m == 1 ? x == 'd' || x == 'm' : (x == 'l' && y == 'l') || ((x == 'r' || x == 'v') && y == 'e');
    return tail ? m + a : 0;
}

/* Lower-case a word into d->lower; possessive 's and a contracted
 * auxiliary dropped, *flag telling which (TF_POSS, TF_CONTR or 0). */
static size_t lower_word(doc *d, const tok *t, uint16_t *flag) {
    const char *w = d->text + t->start;
    size_t n = t->end - t->start, o = 0, tail;
    *flag = 0;
    if (n > 2 && (w[n - 1] == 's' || w[n - 1] == 'S') && w[n - 2] == '\'') {
        n -= 2;
        *flag = TF_POSS;
    } else if (n > 4 && (w[n - 1] == 's' || w[n - 1] == 'S') &&
               memcmp(w + n - 4, "\xE2\x80\x99", 3) == 0) {
        n -= 4;
        *flag = TF_POSS;
    } else if ((tail = contraction_len(w, n)) > 0) {
        n -= tail;
        *flag = TF_CONTR;
    }
    /* Longer than any listed word: no need to look it up. */
    if (n > LEX_MAX_WORD)
        return 0;
    for (size_t i = 0; i < n && o + 4 < sizeof d->lower;) {
        unsigned char c = (unsigned char)w[i];
        if (c < 0x80) {
            d->lower[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            i++;
            continue;
        }
        size_t k;
        int32_t cp = decode(w, n, i, &k);
        if (is_ignorable_cp(cp)) {
            i += k;
            continue;
        }
        if (cp == 0x2019) {   /* "don’t" is listed as "don't" */
            d->lower[o++] = '\'';
            i += k;
            continue;
        }
        utf8proc_ssize_t m = utf8proc_encode_char(cp < 0 ? 0xFFFD : utf8proc_tolower(cp),
                                                  (utf8proc_uint8_t *)d->lower + o);
        o += (size_t)m;
        i += k;
    }
    return o;
}

static int is_upper_cp(int32_t cp) {
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z';
    return cp > 0 && utf8proc_category(cp) == UTF8PROC_CATEGORY_LU;
}

/* Any word: characters decoded, lower-cased with utf8proc. */
static void classify_utf8_word(doc *d, tok *t) {
    size_t n;
    int32_t first = decode(d->text, d->len, t->start, &n);
    if (first >= '0' && first <= '9')
        t->flags |= TF_DIGIT;
    else if (is_upper_cp(first))
        t->flags |= TF_CAP;
    /* All capitals: "ABC", "RAMOS". Only a capitalised word can be. */
    if (t->flags & TF_CAP) {
        int letters = 0, upper = 0;
        for (size_t i = t->start; i < t->end; i += n) {
            int32_t cp = decode(d->text, d->len, i, &n);
            if (is_letter_cp(cp)) {
                letters++;
                upper += is_upper_cp(cp);
            }
        }
        if (letters >= 2 && letters == upper)
            t->flags |= TF_UPPER;
    }
    uint16_t flag;
    size_t ln = lower_word(d, t, &flag);
    t->flags |= flag;
    t->lex = lex_lookup(d->lower, ln);
}

/* The lexicon entry of the n bytes at text[at], read where they stand:
 * lex_lookup() reads LEX_KEY_BYTES, which near the end of the text are
 * copied first. */
static const lex_entry *lookup_in_place(const doc *d, size_t at, size_t n) {
    if (n > LEX_KEY_BYTES)
        return NULL;
    if (d->len - at >= LEX_KEY_BYTES)
        return lex_lookup(d->text + at, n);
    char padded[LEX_KEY_BYTES] = {0};
    memcpy(padded, d->text + at, n);
    return lex_lookup(padded, n);
}

/* An ASCII word, as classify_utf8_word() would see it, without decoding
 * or copying: lex_lookup() folds ASCII case itself. */
static void classify_ascii_word(const doc *d, tok *t, int joined) {
    const unsigned char *w = (const unsigned char *)d->text + t->start;
    size_t n = t->end - t->start;
    if (byte_class[w[0]] & B_DIGIT) {
        t->flags |= TF_DIGIT;
    } else if (byte_class[w[0]] & B_UPPER) {
        t->flags |= TF_CAP;
        /* All capitals: two or more, and no lower-case letter. */
        size_t i = 0, upper = 0;
        for (; i < n && !(byte_class[w[i]] & B_LOWER); i++)
            upper += (byte_class[w[i]] & B_UPPER) != 0;
        if (i == n && upper >= 2)
            t->flags |= TF_UPPER;
    }
    /* Only a word with an apostrophe inside ends in 's or 'll. */
    if (joined) {
        size_t tail;
        if (n > 2 && (w[n - 1] | 0x20) == 's' && w[n - 2] == '\'') {
            n -= 2;
            t->flags |= TF_POSS;
        } else if ((tail = contraction_len((const char *)w, n)) > 0) {
            n -= tail;
            t->flags |= TF_CONTR;
        }
    }
    t->lex = lookup_in_place(d, t->start, n);
}

/* `ascii`: the word is known to be all ASCII; `joined`: it has
 * punctuation inside ("she'll", "U.S."), which a plain word has not. */
static void classify_word(doc *d, tok *t, int ascii, int joined) {
    if (ascii)
        classify_ascii_word(d, t, joined);
    else
        classify_utf8_word(d, t);
}

/* The characters after an apostrophe that make it part of a word:
 * "'90s", "'em", "'til". */
static int apostrophe_starts_word(const scanner *s, size_t after) {
    const char *p = s->d->text + after;
    size_t left = s->d->len - after;
    if (left >= 1 && p[0] >= '0' && p[0] <= '9')
        return 1;
    static const char *const elided[] = {"em ", "til ", "cause ", "n "};
    for (size_t k = 0; k < sizeof elided / sizeof *elided; k++) {
        size_t m = strlen(elided[k]);
        if (left >= m && memcmp(p, elided[k], m) == 0)
            return 1;
    }
    return 0;
}

/* "rock 'n' roll": the whole 'n' is one word, so neither mark pairs.
 * Returns its length in bytes, or 0. */
static size_t elided_and(const scanner *s) {
    static const char *const forms[] = {"'n'", "\xE2\x80\x98n\xE2\x80\x99",
                                        "\xE2\x80\x99n\xE2\x80\x99"};
    const char *p = s->d->text + s->i;
    size_t left = s->d->len - s->i;
    for (size_t k = 0; k < sizeof forms / sizeof *forms; k++) {
        size_t m = strlen(forms[k]);
        if (left >= m && memcmp(p, forms[k], m) == 0 && (left == m || (unsigned char)p[m] <= ' '))
            return m;
    }
    return 0;
}

static int starts_with(const scanner *s, const char *lit) {
    size_t m = strlen(lit);
    return s->d->len - s->i >= m && memcmp(s->d->text + s->i, lit, m) == 0;
}

/* URLs and handles stay one token: they hold periods and slashes that
 * would otherwise look like sentence ends. */
static int scan_url(scanner *s) {
    if (!(starts_with(s, "http://") || starts_with(s, "https://") || starts_with(s, "www.") ||
          starts_with(s, "pic.twitter.com")))
        return 0;
    size_t start = s->i;
    while (s->i < s->d->len) {
        unsigned char c = (unsigned char)s->d->text[s->i];
        if (c <= ' ' || c >= 0x80 || c == '"' || c == '\'')
            break;
        s->i++;
    }
    push_tok(s, TK_OTHER, start, s->i, 0);
    return 1;
}

/* The index of the lowest set bit of x, which is not 0. */
static unsigned lowest_bit(uint64_t x) {
#if defined(__GNUC__)
    return (unsigned)__builtin_ctzll(x);
#else
    unsigned n = 0;
    for (; !(x & 1); x >>= 1)
        n++;
    return n;
#endif
}

/* How many of the 8 bytes at p, from the first, are ASCII letters or
 * digits: all 8 bytes are classified at once (no branch per byte to
 * mispredict at the end of each word). */
static size_t alnum_run8(const unsigned char *p) {
    const uint64_t ones = 0x0101010101010101u;
    /* Little-endian whatever the machine: byte k is bits 8k to 8k + 7. */
    uint64_t x = (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 |
                 (uint64_t)p[3] << 24 | (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 |
                 (uint64_t)p[6] << 48 | (uint64_t)p[7] << 56;
    /* No byte of low7 exceeds 0x7F, so no sum below carries into the next
     * byte, and the top bit of a byte of a sum tells whether the byte
     * reached the bound. Bytes from 0x80 are not ASCII: ~x drops them. */
    uint64_t low7 = x & (0x7F * ones);
    uint64_t folded = low7 | (0x20 * ones);   /* letters in lower case */
    uint64_t letter = (folded + (0x80 - 'a') * ones) & ~(folded + (0x7F - 'z') * ones);
    uint64_t digit = (low7 + (0x80 - '0') * ones) & ~(low7 + (0x7F - '9') * ones);
    uint64_t stop = ~((letter | digit) & ~x) & (0x80 * ones);
    return stop ? lowest_bit(stop) / 8 : 8;
}

/* The end of the run of ASCII letters and digits at text[i]. */
static size_t ascii_alnum_end(const unsigned char *text, size_t i, size_t len) {
    for (; len - i >= 8; i += 8) {
        size_t n = alnum_run8(text + i);
        if (n < 8)
            return i + n;
    }
    while (i < len && (byte_class[text[i]] & B_ALNUM))
        i++;
    return i;
}

/* Does the joiner `cp` (n bytes) at text[at] stay inside the word that
 * began at `start`? Only between word characters: don't, co-founder, U.S,
 * 1,237, 4.5, AT&T. *next gets the character after it, *n2 its length. */
static int joins_word(const scanner *s, size_t start, size_t at, int32_t cp, size_t n,
                      int32_t *next, size_t *n2) {
    *next = peek(s, at + n, n2);
    if (is_apostrophe_cp(cp) || cp == '-' || cp == '&' || cp == 0x2011)
        return is_alnum_cp(*next);
    if (cp == '.') {
        int32_t prev = prev_cp(s->d, at);
        if (prev >= '0' && prev <= '9')   /* "4.5", "15.6", "1.6.2" */
            return *next >= '0' && *next <= '9';
        return is_letter_cp(*next) && is_letter_cp(prev) &&
               (at - start == 1 || s->d->text[at - 2] == '.');
    }
    if (is_ignorable_cp(cp))
        return is_alnum_cp(*next);
    if (cp == ',' || cp == ':') {
        int32_t prev = prev_cp(s->d, at);
        return prev >= '0' && prev <= '9' && *next >= '0' && *next <= '9';
    }
    return 0;
}

static void scan_word(scanner *s) {
    const doc *d = s->d;
    const unsigned char *text = (const unsigned char *)d->text;
    size_t start = s->i, i = s->i, n;
    int32_t cp = decode(d->text, d->len, i, &n);
    int ascii = cp < 0x80, joined = 0;
    i += n;
    for (;;) {
        /* Most words are plain ASCII letters: take them without decoding. */
        i = ascii_alnum_end(text, i, d->len);
        if (i == d->len)
            break;
        /* And most end at a blank or at punctuation that joins nothing. */
        if (text[i] < 0x80 && !(byte_class[text[i]] & B_JOIN))
            break;
        cp = decode(d->text, d->len, i, &n);
        if (is_alnum_cp(cp)) {
            ascii = 0;
            i += n;
            continue;
        }
        int32_t next;
        size_t n2;
        if (!joins_word(s, start, i, cp, n, &next, &n2))
            break;
        ascii &= cp < 0x80 && next < 0x80;
        joined = 1;
        i += n + n2;
    }
    s->i = i;
    classify_word(s->d, push_tok(s, TK_WORD, start, i, 0), ascii, joined);
}

static int is_opening_punct(int32_t cp) {
    return cp == '(' || cp == '[' || cp == '{' || cp == '/' || is_dash_cp(cp) || cp == '-' ||
           mark_kind(cp) != MARK_NONE || cp == ':';
}

/* Flanking, as CommonMark does it for emphasis: a mark with a space
 * before it and a word after it opens; the reverse closes. */
static uint8_t flanking(const scanner *s, size_t start, size_t end) {
    size_t n;
    int32_t before = prev_cp(s->d, start);
    int32_t after = end < s->d->len ? decode(s->d->text, s->d->len, end, &n) : '\n';
    int space_b = is_space_cp(before) || is_break_cp(before) || before == -1;
    int space_a = is_space_cp(after) || is_break_cp(after);
    uint8_t f = 0;
    if (!space_a && (space_b || is_opening_punct(before)))
        f |= QF_OPEN;
    if (!space_b && (space_a || !is_alnum_cp(after)))
        f |= QF_CLOSE;
    if (!f)
        f = QF_OPEN | QF_CLOSE;
    return f;
}

/* A word character right before the mark and none after it, or the
 * reverse: which side of a word a guillemet hugs. */
static int hugs_word_before(const scanner *s, size_t start, size_t end) {
    size_t n;
    int32_t after = end < s->d->len ? decode(s->d->text, s->d->len, end, &n) : ' ';
    return is_alnum_cp(prev_cp(s->d, start)) && !is_alnum_cp(after);
}

static int hugs_word_after(const scanner *s, size_t start, size_t end) {
    size_t n;
    int32_t after = end < s->d->len ? decode(s->d->text, s->d->len, end, &n) : ' ';
    return !is_alnum_cp(prev_cp(s->d, start)) && is_alnum_cp(after);
}

/* An s, then the mark, then a space and a lower-case letter: the
 * apostrophe of a plural possessive ("teachers’ contract"). */
static int plural_possessive(const scanner *s, size_t start, size_t end) {
    const char *t = s->d->text;
    return start > 0 && (t[start - 1] == 's' || t[start - 1] == 'S') && end + 1 < s->d->len &&
           t[end] == ' ' && t[end + 1] >= 'a' && t[end + 1] <= 'z';
}

static void scan_mark(scanner *s, int kind, int32_t cp, size_t n) {
    size_t start = s->i, end = s->i + n;
    uint8_t q = 0;
    if (cp == '\'' && end < s->d->len && s->d->text[end] == '\'') {
        /* '' is a double mark. In ''' a single mark nests beside it:
         * inside it when closing ('...it,''' he said). */
        int triple = end + 1 < s->d->len && s->d->text[end + 1] == '\'';
        int32_t before = prev_cp(s->d, start);
        if (triple && !is_space_cp(before) && !is_break_cp(before)) {
            kind = MARK_SINGLE_AMBIG;
        } else {
            end++;
            kind = MARK_DOUBLE_AMBIG;
        }
    } else if (cp == '`' ) {
        if (end < s->d->len && s->d->text[end] == '`')
            end++;
        kind = end - start == 2 ? MARK_DOUBLE_OPEN : MARK_SINGLE_OPEN;
    } else if ((kind == MARK_SINGLE_AMBIG || kind == MARK_SINGLE_CLOSE || kind == MARK_SINGLE_OPEN) &&
               (s->space_before || start == 0)) {
        size_t n_and = elided_and(s);
        if (n_and) {
            s->i += n_and;
            classify_word(s->d, push_tok(s, TK_WORD, start, s->i, 0), 0, 1);
            return;
        }
        if (apostrophe_starts_word(s, end)) {
            scan_word(s);
            return;
        }
    }
    uint8_t fl = flanking(s, start, end);
    /* Guillemets keep their French direction even with blanks inside
     * (« ainsi »), unless they hug words the German way (»so«). */
    if (cp == 0x00AB || cp == 0x2039)
        fl = hugs_word_before(s, start, end) ? QF_CLOSE : QF_OPEN;
    else if (cp == 0x00BB || cp == 0x203A)
        fl = hugs_word_after(s, start, end) ? QF_OPEN : QF_CLOSE;
    switch (kind) {
    case MARK_DOUBLE_OPEN: case MARK_SINGLE_OPEN:
        q = (fl == QF_CLOSE) ? QF_CLOSE : QF_OPEN;
        break;
    case MARK_DOUBLE_CLOSE: case MARK_SINGLE_CLOSE:
        q = (fl == QF_OPEN) ? QF_OPEN : QF_CLOSE;
        break;
    default:
        q = fl;
    }
    if (kind <= MARK_DOUBLE_AMBIG) {
        q |= QF_DOUBLE;
    } else if (plural_possessive(s, start, end)) {
        /* "the voters' message": an apostrophe, part of its word, which
         * becomes a possessive like "voter's". */
        tok *w = s->d->ntoks > 0 ? &s->d->toks[s->d->ntoks - 1] : NULL;
        if (w != NULL && w->type == TK_WORD && w->end == start) {
            w->end = (uint32_t)end;
            w->flags |= TF_POSS;
            s->i = end;
            return;
        }
        q = 0;
    }
    s->i = end;
    push_tok(s, TK_QUOTE, start, end, cp)->qflags = q;
}

/* Paragraphs are made of tokens here; scan_tokens() sets their bytes
 * at the end. */
static void end_para(scanner *s) {
    doc *d = s->d;
    para *p = &d->paras[d->nparas - 1];
    p->tok_end = d->ntoks;
    if (p->tok_end == p->tok_first)
        d->nparas--;   /* blank lines make no paragraph */
}

static int begin_para(scanner *s) {
    doc *d = s->d;
    int64_t k = DOC_PUSH(d, paras, nparas, cap_paras);
    if (k < 0)
        return -1;
    d->paras[k].tok_first = d->ntoks;
    s->para = (uint32_t)k;
    s->space_before = 1;
    return 0;
}

static void skip_blank(scanner *s, size_t n) {
    s->i += n;
    s->space_before = 1;
}

/* A word, or a URL (h, w and p start the prefixes that scan_url knows). */
static void scan_alnum(scanner *s) {
    unsigned char c = (unsigned char)s->d->text[s->i];
    if ((c == 'h' || c == 'w' || c == 'p') && scan_url(s))
        return;
    scan_word(s);
}

/* What the ASCII fast paths of scan_tokens() leave: line breaks, quote
 * marks, dashes and every character beyond ASCII. 0, or -1 out of memory. */
static int scan_char(scanner *s) {
    doc *d = s->d;
    size_t n;
    int32_t cp = peek(s, s->i, &n);
    if (is_break_cp(cp)) {
        end_para(s);
        s->i += n;
        return begin_para(s);
    }
    if (is_space_cp(cp)) {
        skip_blank(s, n);
    } else if (cp < 0) {
        s->i += 1;
        push_tok(s, TK_OTHER, s->i - 1, s->i, -1);
    } else if (is_ignorable_cp(cp)) {
        /* Before a word, not inside one: it separates nothing. */
        s->i += n;
    } else if (is_alnum_cp(cp)) {
        scan_alnum(s);
    } else if (mark_kind(cp) != MARK_NONE || cp == '`') {
        scan_mark(s, mark_kind(cp), cp, n);
    } else if (is_dash_cp(cp) || (cp == '-' && (s->space_before || (s->i + 1 < d->len &&
                                                                    d->text[s->i + 1] == '-')))) {
        size_t start = s->i;
        s->i += n;
        while (s->i < d->len && d->text[s->i] == '-')
            s->i++;
        push_tok(s, TK_DASH, start, s->i, cp);
    } else {
        s->i += n;
        push_tok(s, TK_PUNCT, s->i - n, s->i, cp);
    }
    return 0;
}

/* Make room for one more token: doubles the array when it is full. */
static int reserve_tok(doc *d) {
    if (d->ntoks < d->cap_toks)
        return 0;
    /* Saturating: a document has fewer than UINT32_MAX bytes, so fewer tokens. */
    uint32_t cap = d->cap_toks > UINT32_MAX / 2 ? UINT32_MAX : d->cap_toks * 2;
    tok *t = arena_grow(d->ar, d->toks, d->cap_toks * sizeof *t, cap * sizeof *t);
    if (!t)
        return -1;
    d->toks = t;
    d->cap_toks = cap;
    return 0;
}

int scan_tokens(doc *d) {
    scanner s = {d, 0, 0, 1};
    /* News text has about one token per five bytes: size the array once
     * rather than growing it through a dozen copies. Not zeroed here:
     * push_tok writes every field of a token, the rest is zeroed at the end. */
    d->cap_toks = (uint32_t)(d->len / 5 + 64);
    d->toks = arena_alloc_uninit(d->ar, d->cap_toks * sizeof *d->toks);
    if (!d->toks)
        return -1;
    if (begin_para(&s) < 0)
        return -1;
    while (s.i < d->len) {
        /* Each step pushes at most one token. */
        if (reserve_tok(d) < 0)
            return -1;
        unsigned char c = (unsigned char)d->text[s.i];
        if (byte_class[c] & B_ALNUM) {
            scan_alnum(&s);
        } else if (byte_class[c] & B_SPACE) {
            skip_blank(&s, 1);
        } else if (byte_class[c] & B_PUNCT) {
            s.i++;
            push_tok(&s, TK_PUNCT, s.i - 1, s.i, c);
        } else if (scan_char(&s) < 0) {
            return -1;
        }
    }
    end_para(&s);
    /* The array past the last token is zeros, as when arena_alloc zeroed
     * it all: a stage that reads one token too far (indirect.c's
     * object_end reads toks[i + 1]) finds no word and no lexicon entry. */
    if (reserve_tok(d) < 0)
        return -1;
    memset(d->toks + d->ntoks, 0, (d->cap_toks - d->ntoks) * sizeof *d->toks);
    /* A paragraph runs from its first token to its last: blanks around
     * them are not part of it. */
    for (uint32_t p = 0; p < d->nparas; p++) {
        d->paras[p].start = d->toks[d->paras[p].tok_first].start;
        d->paras[p].end = d->toks[d->paras[p].tok_end - 1].end;
    }
    return 0;
}
