/* doc.h - one document as the stages see it: tokens, paragraphs, quotes. */
#ifndef QUOTH_DOC_H
#define QUOTH_DOC_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "lexicon.h"
#include "quoth.h"

enum tok_type {
    TK_WORD,   /* letters/digits, with inner apostrophes, hyphens, periods */
    TK_PUNCT,  /* one punctuation character */
    TK_QUOTE,  /* a quote mark (maybe an apostrophe until paired) */
    TK_DASH,   /* - -- – — ― */
    TK_OTHER   /* URL-ish junk, symbols */
};

enum tok_flag {
    TF_CAP = 1u << 0,      /* first letter upper case */
    TF_UPPER = 1u << 1,    /* every letter upper case, two or more letters */
    TF_DIGIT = 1u << 2,    /* starts with a digit */
    TF_POSS = 1u << 3,     /* ends in 's or ’s (or s' / s’) */
    TF_SPACE_BEFORE = 1u << 4,
    TF_SPACE_AFTER = 1u << 5,
    TF_ABBR = 1u << 6,     /* a period after it does not end a sentence */
    TF_SENT_START = 1u << 7,
    TF_CONTR = 1u << 8     /* ends in a contracted auxiliary: 'll 're 've 'd 'm */
};

enum quote_flag {
    QF_DOUBLE = 1u << 0,   /* “ ” " „ ‟ « » '' `` */
    QF_OPEN = 1u << 1,     /* may open a quotation */
    QF_CLOSE = 1u << 2,    /* may close one */
    QF_USED = 1u << 3      /* paired into a quotation */
};

typedef struct tok {
    uint32_t start, end;   /* byte offsets */
    uint32_t para;         /* paragraph index */
    uint32_t sent;         /* sentence index */
    int32_t quote;         /* quotation containing it, marks included; -1 */
    uint32_t cp;           /* punctuation/quote: its code point */
    const lex_entry *lex;  /* lexicon entry of the lower-cased word */
    uint16_t flags;        /* enum tok_flag */
    uint8_t type;          /* enum tok_type */
    uint8_t qflags;        /* enum quote_flag */
} tok;

typedef struct para {
    uint32_t start, end;       /* bytes, without the line break */
    uint32_t tok_first, tok_end;
} para;

typedef struct sent {
    uint32_t tok_first, tok_end;
    uint32_t para;
} sent;

/* A span of tokens [first, end). */
typedef struct tspan {
    int32_t first, end;        /* end == first: empty; first < 0: none */
} tspan;

/* A person, organisation or description that says something. */
typedef struct entity {
    char *name;                /* canonical (fullest) name, NUL-terminated */
    size_t name_len;
    int32_t surname_tok;       /* a token holding the surname */
    int32_t first_tok;         /* a token holding the first name; -1 */
    int votes_female, votes_male;
    int mentions;              /* its mentions in the text */
    const lex_entry *title;    /* title or role seen before the name, canonical */
    uint32_t key;              /* hash of the lower-cased surname */
    int32_t next_same;         /* older entity in the same hash slot; -1 */
    uint8_t person;            /* known to be a person */
    uint8_t weak;              /* a person only by its place in a sentence */
    uint8_t org;               /* an organisation or description */
} entity;

/* A name in the text that refers to an entity. */
typedef struct mention {
    uint32_t tok;
    int32_t entity;
} mention;

typedef struct quote {
    uint32_t start, end;       /* content bytes */
    int32_t open_tok, close_tok;  /* marks; close_tok -1 when unclosed */
    int32_t first_tok, end_tok;   /* content tokens */
    uint32_t para_first, para_last;
    uint8_t kind;              /* quoth_kind */
    uint8_t dropped;           /* scare quote, title: not reported */
    uint8_t unclosed;
    uint8_t has_cue_local;     /* attribution found in its own sentence */
    tspan cue;
    tspan mention;
    int32_t entity;            /* -1: none */
    tspan desc;                /* speaker given by description ("the company") */
    double confidence;
} quote;

typedef struct doc {
    arena *ar;
    uint32_t flags;            /* quoth_flag bits of the extractor */
    const char *text;
    size_t len;
    tok *toks;
    uint32_t ntoks, cap_toks;
    para *paras;
    uint32_t nparas, cap_paras;
    sent *sents;
    uint32_t nsents, cap_sents;
    quote *quotes;
    uint32_t nquotes, cap_quotes;
    entity *ents;
    uint32_t nents, cap_ents;
    int32_t *ent_slots;        /* surname hash -> latest entity; -1 */
    uint32_t ent_slot_cap;     /* a power of two, or 0 */
    mention *ments;            /* in document order */
    uint32_t nments, cap_ments;
    int title_head;            /* the first paragraph is a headline in title case */
    char lower[256];           /* scratch for lower-casing */
} doc;

/* Append one element to an arena-backed array; returns its index or -1. */
#define DOC_PUSH(d, arr, n, cap)                                                      \
    (((d)->n < (d)->cap ||                                                            \
      ((d)->arr = arena_grow((d)->ar, (d)->arr, (d)->cap * sizeof *(d)->arr,          \
                             ((d)->cap ? (d)->cap * 2 : 64) * sizeof *(d)->arr),      \
       (d)->cap = (d)->cap ? (d)->cap * 2 : 64, (d)->arr != NULL))                    \
         ? (int64_t)(d)->n++                                                          \
         : (int64_t)-1)

/* scan.c: split text into tokens and paragraphs. 0, or -1 out of memory. */
int scan_tokens(doc *d);
/* structure.c: sentences, honouring quotations. */
int find_sentences(doc *d);
/* quotes.c: pair quote marks into quotations. */
int find_quotes(doc *d);
/* Put d->quotes in document order (by start offset). */
void sort_quotes(doc *d);
/* attrib.c: cue, speaker and kind of each quotation. */
int attribute_quotes(doc *d);
/* Is i the index of a token? One unsigned compare: a negative i wraps
 * past any count. */
static inline int tok_in(const doc *d, int64_t i) {
    return (uint64_t)i < d->ntoks;
}
/* Is token i a word (not punctuation)? and its lexicon flags. */
static inline int tok_is_word(const doc *d, int64_t i) {
    return tok_in(d, i) && d->toks[i].type == TK_WORD;
}
static inline uint32_t tok_lex(const doc *d, int64_t i) {
    return (tok_in(d, i) && d->toks[i].lex) ? d->toks[i].lex->flags : 0;
}
/* For a determiner that can stand for its noun, its number (enum
 * lex_alone); else LA_NO. */
static inline uint8_t tok_alone(const doc *d, int64_t i) {
    return (tok_in(d, i) && d->toks[i].lex) ? d->toks[i].lex->alone : LA_NO;
}
static inline int tok_is_punct(const doc *d, int64_t i, uint32_t cp) {
    return tok_in(d, i) && d->toks[i].type == TK_PUNCT && d->toks[i].cp == cp;
}
static inline size_t tok_len(const doc *d, int64_t i) {
    return d->toks[i].end - d->toks[i].start;
}
/* Is token i the lower-case or capitalised word `w` (ASCII)? Inline, so
 * that the length of a literal `w` is known at compile time. */
static inline int tok_is(const doc *d, int64_t i, const char *w) {
    if (!tok_is_word(d, i))
        return 0;
    const char *t = d->text + d->toks[i].start;
    size_t n = d->toks[i].end - d->toks[i].start, k = 0;
    for (; k < n && w[k]; k++)
        if ((t[k] | 0x20) != w[k])
            return 0;
    return k == n && !w[k];
}

#endif
