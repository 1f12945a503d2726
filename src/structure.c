/* structure.c - sentences.
 *
 * Paragraphs come from the scanner (one per line). Sentences end at . ! ?
 * unless the period follows an abbreviation, and never inside a quotation:
 * `"I came. I saw," she said.` is one sentence of the narrative.
 */
#include "doc.h"

static int is_final(const tok *t) {
    return t->type == TK_PUNCT && (t->cp == '.' || t->cp == '!' || t->cp == '?' || t->cp == 0x2026);
}

static int is_abbreviation(const doc *d, int64_t i) {
    const tok *t = &d->toks[i];
    if (t->type != TK_WORD)
        return 0;
    if (t->lex && (t->lex->flags & LX_NUMBER))
        return i + 2 < d->ntoks && (d->toks[i + 2].flags & TF_DIGIT);
    if (t->lex && (t->lex->flags & LX_ABBR))
        return 1;
    /* Initials ("J. Edgar"), and words with inner periods ("U.S"). */
    if ((t->flags & TF_CAP) && tok_len(d, i) == 1)
        return 1;
    for (uint32_t k = t->start; k < t->end; k++)
        if (d->text[k] == '.')
            return 1;
    return 0;
}

/* Does a new sentence plausibly start at token j? */
static int starts_sentence(const doc *d, uint32_t j, uint32_t para_end) {
    if (j >= para_end)
        return 1;
    const tok *t = &d->toks[j];
    /* "(Just take a look.)" opens with its bracket. */
    if (t->type == TK_PUNCT && (t->cp == '(' || t->cp == '[') && j + 1 < para_end)
        t = &d->toks[j + 1];
    if (t->type == TK_QUOTE && (t->qflags & QF_OPEN))
        return 1;
    return t->type == TK_WORD && (t->flags & (TF_CAP | TF_DIGIT));
}

static int push_sent(doc *d, uint32_t first, uint32_t end, uint32_t p) {
    if (end <= first)
        return 0;
    int64_t k = DOC_PUSH(d, sents, nsents, cap_sents);
    if (k < 0)
        return -1;
    d->sents[k].tok_first = first;
    d->sents[k].tok_end = end;
    d->sents[k].para = p;
    for (uint32_t i = first; i < end; i++)
        d->toks[i].sent = (uint32_t)k;
    d->toks[first].flags |= TF_SENT_START;
    return 0;
}

/* Is the first paragraph a headline in title case, short and with its
 * longer words capitalised ("Sanders Says He Will Stay In The Race")?
 * There a capitalised verb is a verb, not part of a name. */
static int title_case_headline(const doc *d) {
    if (d->nparas < 2)
        return 0;
    uint32_t a = d->paras[0].tok_first, b = d->paras[0].tok_end;
    if (b - a > 40)
        return 0;
    uint32_t words = 0, caps = 0;
    for (uint32_t i = a; i < b; i++) {
        const tok *t = &d->toks[i];
        if (t->type == TK_WORD && t->end - t->start >= 4) {
            words++;
            caps += (t->flags & TF_CAP) != 0;
        }
    }
    return words >= 4 && caps * 5 >= words * 4;
}

int find_sentences(doc *d) {
    d->title_head = title_case_headline(d);
    for (uint32_t p = 0; p < d->nparas; p++) {
        uint32_t first = d->paras[p].tok_first, end = d->paras[p].tok_end;
        uint32_t s = first;
        for (uint32_t i = first; i < end; i++) {
            const tok *t = &d->toks[i];
            int boundary = 0;
            if (t->quote >= 0) {
                /* Inside a quotation only its closing mark can end a
                 * sentence, when the quotation itself ended one. */
                const quote *q = &d->quotes[t->quote];
                boundary = (int32_t)i == q->close_tok && i > first && is_final(&d->toks[i - 1]) &&
                           starts_sentence(d, i + 1, end);
            } else if (is_final(t)) {
                int abbr = t->cp == '.' && i > first && is_abbreviation(d, i - 1) && i + 1 < end;
                /* `(She says so.) The…`: the bracket closes the sentence. */
                if (i + 1 < end && d->toks[i + 1].type == TK_PUNCT &&
                    (d->toks[i + 1].cp == ')' || d->toks[i + 1].cp == ']') && starts_sentence(d, i + 2, end))
                    i++;
                boundary = starts_sentence(d, i + 1, end) && !abbr;
            }
            if (boundary) {
                if (push_sent(d, s, i + 1, p) < 0)
                    return -1;
                s = i + 1;
            }
        }
        if (push_sent(d, s, end, p) < 0)
            return -1;
    }
    return 0;
}
