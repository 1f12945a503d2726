/* quotes.c - pairing quote marks into quotations.
 *
 * Double marks are paired first, paragraph by paragraph. A quotation still
 * open at the end of a paragraph continues only if the next paragraph
 * opens with a mark (the news convention for multi-paragraph quotes);
 * otherwise it ends with its paragraph, so a stray mark never swallows the
 * rest of the document. Single marks are paired afterwards, only outside
 * double-quoted text (inside it they are nested quotes or apostrophes),
 * and an unclosed single mark is taken for an apostrophe.
 */
#include <stdlib.h>

#include "doc.h"

static int is_mark(const doc *d, uint32_t i, int dbl) {
    const tok *t = &d->toks[i];
    return t->type == TK_QUOTE && !!(t->qflags & QF_DOUBLE) == dbl && !(t->qflags & QF_USED) &&
           t->quote < 0;
}

static int64_t open_quote(doc *d, uint32_t open_tok) {
    int64_t k = DOC_PUSH(d, quotes, nquotes, cap_quotes);
    if (k < 0)
        return -1;
    quote *q = &d->quotes[k];
    *q = (quote){0};
    q->open_tok = (int32_t)open_tok;
    q->close_tok = -1;
    q->first_tok = (int32_t)open_tok + 1;
    q->start = d->toks[open_tok].end;
    q->para_first = d->toks[open_tok].para;
    q->entity = -1;
    q->cue.first = q->mention.first = q->desc.first = -1;
    d->toks[open_tok].qflags |= QF_USED;
    return k;
}

/* Close quotation k at mark `close_tok`, or, when close_tok is -1, at the
 * end of paragraph p. */
static void close_quote(doc *d, int64_t k, int32_t close_tok, uint32_t p) {
    quote *q = &d->quotes[k];
    q->close_tok = close_tok;
    if (close_tok >= 0) {
        q->end_tok = close_tok;
        q->end = d->toks[close_tok].start;
        q->para_last = d->toks[close_tok].para;
        d->toks[close_tok].qflags |= QF_USED;
    } else {
        q->end_tok = (int32_t)d->paras[p].tok_end;
        q->end = d->paras[p].end;
        q->para_last = p;
        q->unclosed = 1;
    }
}

/* Does paragraph p open with a mark that continues the quotation opened
 * at `open_tok`? The same typography is required: a straight mark does
 * not continue a curly one. */
static int reopens(const doc *d, uint32_t p, int dbl, int32_t open_tok) {
    if (p >= d->nparas)
        return 0;
    uint32_t i = d->paras[p].tok_first;
    return is_mark(d, i, dbl) && (d->toks[i].qflags & QF_OPEN) &&
           (d->toks[i].cp < 0x80) == (d->toks[open_tok].cp < 0x80);
}

/* The quote mark tokens, in order, into *marks (*n of them). 0, or -1
 * out of memory. */
static int quote_marks(doc *d, uint32_t **marks, uint32_t *n) {
    uint32_t cap = 0;
    *marks = NULL;
    *n = 0;
    for (uint32_t i = 0; i < d->ntoks; i++) {
        if (d->toks[i].type != TK_QUOTE)
            continue;
        if (*n == cap) {
            uint32_t grown = cap ? cap * 2 : 256;
            *marks = arena_grow(d->ar, *marks, cap * sizeof **marks, grown * sizeof **marks);
            if (!*marks)
                return -1;
            cap = grown;
        }
        (*marks)[(*n)++] = i;
    }
    return 0;
}

/* Pair marks of one family (double or single) across the document:
 * only the marks are visited, paragraph by paragraph. */
static int pair_family(doc *d, int dbl, const uint32_t *marks, uint32_t nmarks) {
    int64_t open = -1;   /* quotation being built, possibly from an earlier paragraph */
    uint32_t m = 0;
    for (uint32_t p = 0; p < d->nparas; p++) {
        uint32_t i = d->paras[p].tok_first, end = d->paras[p].tok_end;
        if (open >= 0) {
            /* Continued from the previous paragraph: this mark reopens. */
            d->toks[i].qflags |= QF_USED;
            i++;
        }
        for (; m < nmarks && marks[m] < i; m++)
            ;
        for (; m < nmarks && marks[m] < end; m++) {
            i = marks[m];
            if (!is_mark(d, i, dbl) || d->toks[i].quote >= 0)
                continue;
            uint8_t f = d->toks[i].qflags;
            if (!(f & (QF_OPEN | QF_CLOSE)))
                continue;   /* an apostrophe */
            if (open < 0) {
                if (f & QF_OPEN) {
                    open = open_quote(d, i);
                    if (open < 0)
                        return -1;
                }
            } else if (f & QF_CLOSE) {
                close_quote(d, open, (int32_t)i, p);
                open = -1;
            } else {
                /* An opener while open: the earlier mark was never closed.
                 * End that one before this mark and start afresh. */
                quote *q = &d->quotes[open];
                q->close_tok = -1;
                q->end_tok = (int32_t)i;
                q->end = d->toks[i - 1].end > q->start ? d->toks[i - 1].end : q->start;
                q->para_last = p;
                q->unclosed = 1;
                open = open_quote(d, i);
                if (open < 0)
                    return -1;
            }
        }
        if (open >= 0 && !reopens(d, p + 1, dbl, d->quotes[open].open_tok)) {
            close_quote(d, open, -1, p);
            open = -1;
        }
    }
    return 0;
}

/* Mark the tokens of each quotation; drop single-quoted pairs that are
 * really apostrophes ("rock 'n' roll") or unclosed. */
static void claim_tokens(doc *d, uint32_t from, int dbl) {
    for (uint32_t k = from; k < d->nquotes; k++) {
        quote *q = &d->quotes[k];
        if (!dbl && (q->unclosed || q->end < q->start + 3)) {
            q->dropped = 2;   /* not a quotation at all */
            continue;
        }
        int32_t last = q->close_tok >= 0 ? q->close_tok : q->end_tok - 1;
        for (int32_t i = q->open_tok; i <= last; i++)
            d->toks[i].quote = (int32_t)k;
    }
}

static int by_start(const void *a, const void *b) {
    const quote *x = a, *y = b;
    return (x->start > y->start) - (x->start < y->start);
}

void sort_quotes(doc *d) {
    if (d->nquotes > 1)
        qsort(d->quotes, d->nquotes, sizeof *d->quotes, by_start);
}

/* Keep the real quotations, in document order, and renumber the tokens'
 * references to them. */
static void keep_in_order(doc *d) {
    uint32_t n = 0;
    for (uint32_t k = 0; k < d->nquotes; k++)
        if (d->quotes[k].dropped != 2)
            d->quotes[n++] = d->quotes[k];
    d->nquotes = n;
    sort_quotes(d);
    for (uint32_t i = 0; i < d->ntoks; i++)
        d->toks[i].quote = -1;
    for (uint32_t k = 0; k < n; k++) {
        quote *q = &d->quotes[k];
        /* The text runs from the first to the last token inside the marks:
         * French spacing (« oui ») leaves blanks that are not quoted. */
        if (q->first_tok < q->end_tok) {
            q->start = d->toks[q->first_tok].start;
            q->end = d->toks[q->end_tok - 1].end;
        }
        int32_t last = q->close_tok >= 0 ? q->close_tok : q->end_tok - 1;
        for (int32_t i = q->open_tok; i <= last; i++)
            d->toks[i].quote = (int32_t)k;
    }
}

int find_quotes(doc *d) {
    uint32_t *marks, nmarks;
    if (quote_marks(d, &marks, &nmarks) < 0)
        return -1;
    if (pair_family(d, 1, marks, nmarks) < 0)
        return -1;
    uint32_t nd = d->nquotes;
    claim_tokens(d, 0, 1);
    if (pair_family(d, 0, marks, nmarks) < 0)
        return -1;
    claim_tokens(d, nd, 0);
    /* A single-quoted quotation around double-quoted text: the outer one
     * is the quotation, the inner one is nested in it. Both lists are in
     * document order and singles never overlap, so one sweep suffices. */
    uint32_t j = 0;
    for (uint32_t k = nd; k < d->nquotes; k++) {
        quote *s = &d->quotes[k];
        if (s->dropped)
            continue;
        while (j < nd && d->quotes[j].start < s->start)
            j++;
        for (; j < nd && d->quotes[j].start < s->end; j++)
            d->quotes[j].dropped = 2;
        int32_t last = s->close_tok >= 0 ? s->close_tok : s->end_tok - 1;
        for (int32_t i = s->open_tok; i <= last; i++)
            d->toks[i].quote = (int32_t)k;
    }
    keep_in_order(d);
    return 0;
}
