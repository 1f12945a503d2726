/* speaker.c - people and organisations, and who a mention refers to.
 *
 * Coreference-lite: every capitalised name outside quotations is a
 * mention, read in text order; mentions that share a surname are one
 * entity unless their first names differ; a lone surname is the entity
 * with that surname named most so far whose gender a title does not
 * contradict; a pronoun is the latest person whose gender agrees. Gender
 * comes only from the text: titles (Mr., Mrs.), gendered role nouns
 * (spokeswoman) and pronouns that follow a name with no other name
 * between.
 */
#include <string.h>

#include <utf8proc.h>

#include "speaker.h"

static int is_particle(const doc *d, int64_t i) {
    return tok_is_word(d, i) && !(d->toks[i].flags & TF_CAP) && (tok_lex(d, i) & LX_PARTICLE);
}

/* "Theresa May": a month right after a given name, not before a number
 * ("Clinton May 5"). The word before is looked at, not judged with
 * is_name_word(), so that "May May May…" costs no recursion. */
static int surname_after_given(const doc *d, int64_t i) {
    if (i < 1 || !tok_is_word(d, i - 1) || (d->toks[i + 1 < d->ntoks ? i + 1 : i].flags & TF_DIGIT))
        return 0;
    const tok *g = &d->toks[i - 1];
    uint32_t glx = g->lex ? g->lex->flags : 0;
    return (g->flags & TF_CAP) && !(g->flags & TF_UPPER) && g->quote < 0 &&
           !(glx & (LX_PRONOUN | LX_TIME | LX_TITLE | LX_FUNCTION | LX_CUE | LX_ORG | LX_ROLE));
}

int is_name_word(const doc *d, int64_t i) {
    if (!tok_is_word(d, i))
        return 0;
    const tok *t = &d->toks[i];
    if (!(t->flags & TF_CAP) || t->quote >= 0)
        return 0;
    uint32_t lx = t->lex ? t->lex->flags : 0;
    /* "He", "The", "Monday", "Sen" are not parts of a name; "Said" is
     * one only inside a sentence. */
    if ((lx & LX_SURNAME) && !(t->flags & TF_SENT_START) && surname_after_given(d, i))
        return 1;
    if (lx & (LX_PRONOUN | LX_TIME | LX_TITLE | LX_FUNCTION))
        return 0;
    if ((lx & LX_CUE) && ((t->flags & TF_SENT_START) || (t->para == 0 && d->title_head)))
        return 0;
    return 1;
}

int is_initial(const doc *d, int64_t i) {
    return tok_is_word(d, i) && tok_len(d, i) == 1 && (d->toks[i].flags & TF_CAP) &&
           tok_is_punct(d, i + 1, '.');
}

static int is_suffix(const doc *d, int64_t i) {
    return tok_is_word(d, i) && (tok_lex(d, i) & LX_SUFFIX);
}

tspan name_right(const doc *d, int64_t i, int64_t hi) {
    tspan s = {-1, -1};
    if (i >= hi || (!is_name_word(d, i) && !is_initial(d, i)))
        return s;
    int64_t j = i;
    int64_t last = i;
    while (j < hi) {
        if (is_initial(d, j)) {
            j += 2;
            last = j;
        } else if (is_name_word(d, j) && !(j > i && (d->toks[j - 1].flags & TF_POSS))) {
            last = ++j;
            if (d->toks[j - 1].flags & TF_POSS)
                break;
        } else if (is_particle(d, j) && is_name_word(d, j + 1)) {
            j++;
        } else if (tok_is_punct(d, j, ',') && is_suffix(d, j + 1)) {
            j += 2 + tok_is_punct(d, j + 2, '.');
            last = j;
        } else {
            break;
        }
    }
    s.first = (int32_t)i;
    s.end = (int32_t)last;
    return s;
}

tspan name_left(const doc *d, int64_t i, int64_t lo) {
    tspan s = {-1, -1};
    int64_t end = i + 1;
    if (tok_is_punct(d, i, '.') && is_suffix(d, i - 1))
        i -= 1;
    if (is_suffix(d, i) && tok_is_punct(d, i - 1, ','))
        i -= 2;
    if (!is_name_word(d, i))
        return s;
    int64_t j = i;
    while (j - 1 >= lo) {
        if (is_name_word(d, j - 1) && !(d->toks[j - 1].flags & TF_POSS))
            j--;
        else if (j - 2 >= lo && tok_is_punct(d, j - 1, '.') && is_initial(d, j - 2))
            j -= 2;
        else if (is_particle(d, j - 1) && is_name_word(d, j - 2))
            j -= 2;
        else
            break;
    }
    s.first = (int32_t)j;
    s.end = (int32_t)end;
    return s;
}

/* The surname token of a name span: its last word before any suffix. */
static int64_t surname_tok(const doc *d, tspan n) {
    int64_t i = n.end - 1;
    while (i > n.first && !is_name_word(d, i))
        i--;
    return i;
}

/* Bytes of a possessive 's, ’s, s' or s’ ending token t (the apostrophe
 * alone for the last two), read from the text itself so that it can
 * never reach past the token's start; 0 if none. */
static size_t possessive_len(const doc *d, const tok *t) {
    size_t n = t->end - t->start;
    const char *w = d->text + t->start;
    if (!(t->flags & TF_POSS) || n < 2)
        return 0;
    if (w[n - 1] == '\'')
        return 1;
    if (n > 3 && memcmp(w + n - 3, "\xE2\x80\x99", 3) == 0)
        return 3;
    if (n < 3 || (w[n - 1] | 0x20) != 's')
        return 0;
    if (w[n - 2] == '\'')
        return 2;
    return n > 4 && memcmp(w + n - 4, "\xE2\x80\x99", 3) == 0 ? 4 : 0;
}

/* A surname is keyed by at most this many bytes. */
#define KEY_MAX 64u

/* The bytes of token i that key it: possessive dropped, at most KEY_MAX.
 * The key is those bytes with ASCII folded to lower case, read in place. */
static size_t key_len(const doc *d, const tok *t) {
    size_t n = t->end - t->start - possessive_len(d, t);
    return n < KEY_MAX ? n : KEY_MAX;
}

static unsigned char ascii_lower(unsigned char c) {
    return (unsigned char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
}

static uint32_t word_hash(const doc *d, int64_t i) {
    const tok *t = &d->toks[i];
    const unsigned char *w = (const unsigned char *)d->text + t->start;
    size_t n = key_len(d, t);
    uint32_t h = 2166136261u;
    for (size_t j = 0; j < n; j++)
        h = (h ^ ascii_lower(w[j])) * 16777619u;
    return h;
}

static int same_word(const doc *d, int64_t a, int64_t b) {
    const tok *ta = &d->toks[a], *tb = &d->toks[b];
    size_t n = key_len(d, ta);
    if (n != key_len(d, tb))
        return 0;
    const unsigned char *x = (const unsigned char *)d->text + ta->start;
    const unsigned char *y = (const unsigned char *)d->text + tb->start;
    /* Mostly the same bytes ("Trump" and "Trump"): one memcmp settles it. */
    if (memcmp(x, y, n) == 0)
        return 1;
    for (size_t k = 0; k < n; k++)
        if (x[k] != y[k] && ascii_lower(x[k]) != ascii_lower(y[k]))
            return 0;
    return 1;
}

/* Copy the text of tokens [first, end) into the arena, possessive 's of
 * the last word dropped. */
static char *span_text(doc *d, tspan s, size_t *len) {
    uint32_t a = d->toks[s.first].start;
    uint32_t b = d->toks[s.end - 1].end - (uint32_t)possessive_len(d, &d->toks[s.end - 1]);
    char *p = arena_alloc(d->ar, b - a + 1);
    if (!p)
        return NULL;
    /* The name as it reads: without the soft hyphens and zero-width
     * characters that web text leaves in it (none in an ASCII name). */
    uint32_t i = a;
    while (i < b && (unsigned char)d->text[i] < 0x80)
        i++;
    memcpy(p, d->text + a, i - a);
    size_t o = i - a;
    while (i < b) {
        utf8proc_int32_t cp = (unsigned char)d->text[i];
        utf8proc_ssize_t n = 1;
        if (cp >= 0x80) {
            n = utf8proc_iterate((const utf8proc_uint8_t *)d->text + i, b - i, &cp);
            if (n <= 0)
                n = 1;
            else if (utf8proc_get_property(cp)->ignorable) {
                i += (uint32_t)n;
                continue;
            }
        }
        memcpy(p + o, d->text + i, (size_t)n);
        o += (size_t)n;
        i += (uint32_t)n;
    }
    p[o] = 0;
    *len = o;
    return p;
}

/* ---- the mention list ---------------------------------------------------- */

/* Entities are chained by surname hash, latest first, so that finding
 * one costs the same in a long document as in a short one. */
static int index_entity(doc *d, int32_t k) {
    if (d->nents * 2 > d->ent_slot_cap) {
        uint32_t cap = d->ent_slot_cap ? d->ent_slot_cap * 2 : 64;
        int32_t *slots = arena_alloc(d->ar, cap * sizeof *slots);
        if (!slots)
            return -1;
        for (uint32_t i = 0; i < cap; i++)
            slots[i] = -1;
        d->ent_slots = slots;
        d->ent_slot_cap = cap;
        for (int32_t j = 0; j < k; j++) {
            uint32_t h = d->ents[j].key & (cap - 1);
            d->ents[j].next_same = slots[h];
            slots[h] = j;
        }
    }
    uint32_t h = d->ents[k].key & (d->ent_slot_cap - 1);
    d->ents[k].next_same = d->ent_slots[h];
    d->ent_slots[h] = k;
    return 0;
}

static int32_t new_entity(doc *d, tspan name) {
    int64_t k = DOC_PUSH(d, ents, nents, cap_ents);
    if (k < 0)
        return -1;
    entity *e = &d->ents[k];
    e->name = span_text(d, name, &e->name_len);
    if (!e->name)
        return -1;
    e->surname_tok = (int32_t)surname_tok(d, name);
    e->first_tok = name.end - name.first > 1 || is_initial(d, name.first) ? name.first : -1;
    e->key = word_hash(d, e->surname_tok);
    if (index_entity(d, (int32_t)k) < 0)
        return -1;
    return (int32_t)k;
}

static int person_evidence(const doc *d, tspan n, uint8_t *gender, const lex_entry **title);

/* How many entities of a surname chain a lookup considers. */
#define MATCH_MAX 16

/* Find the entity a name refers to: same surname and no conflicting
 * first name, latest first. A surname alone is the most named of those
 * that share it: after "Heidi Cruz", "Cruz" is still the candidate the
 * story is about. */
static int32_t match_entity(doc *d, tspan name) {
    int64_t sur = surname_tok(d, name);
    int has_first = name.end - name.first > 1;
    if (!d->ent_slot_cap)
        return -1;
    uint32_t key = word_hash(d, sur);
    int32_t best = -1;
    int best_agrees = 0;
    /* A title before a lone surname tells its gender: "Mrs. Cruz". */
    uint8_t title_g = LG_NONE;
    const lex_entry *title = NULL;
    if (!has_first)
        person_evidence(d, name, &title_g, &title);
    /* The latest MATCH_MAX entities of the chain only: a text naming
     * forty thousand Smiths costs no more per name than one naming two. */
    int visits = 0;
    for (int32_t k = d->ent_slots[key & (d->ent_slot_cap - 1)]; k >= 0 && visits < MATCH_MAX;
         k = d->ents[k].next_same, visits++) {
        entity *e = &d->ents[k];
        if (e->key != key || !same_word(d, e->surname_tok, sur))
            continue;
        if (has_first && e->first_tok >= 0 && !same_word(d, e->first_tok, name.first))
            continue;
        if (has_first)
            return (int32_t)k;
        /* "Mrs. Khan" is not the Khan who is a man, and is the Khan
         * known to be a woman before any of unknown gender. */
        uint8_t g = entity_gender(e), want = title ? title->gender : LG_NONE;
        if (want && g && g != want)
            continue;
        int agrees = want && g == want;
        if (best < 0 || agrees > best_agrees || (agrees == best_agrees && e->mentions > d->ents[best].mentions)) {
            best = k;
            best_agrees = agrees;
        }
    }
    return best;
}

static uint32_t mentions_before(const doc *d, uint32_t at);

/* The index of the name mention at token `at`, or -1. */
static int64_t mention_at(const doc *d, int64_t at) {
    uint32_t k = mentions_before(d, (uint32_t)at);
    return k < d->nments && d->ments[k].tok == (uint32_t)at ? (int64_t)k : -1;
}

/* The entity a name was given where it stands, when the names were
 * collected in text order, or -1: "Cruz" before "Heidi Cruz" is
 * introduced is not her. */
static int32_t collected_entity(const doc *d, tspan name) {
    int64_t m = mention_at(d, name.first);
    return m >= 0 ? d->ments[m].entity : -1;
}

/* A fuller form of entity k's name becomes its name ("Simmons", then
 * "Russell Simmons"). 0, or -1 out of memory. */
static int take_fuller_name(doc *d, int32_t k, tspan name) {
    entity *e = &d->ents[k];
    if (e->first_tok >= 0 || name.end - name.first < 2)
        return 0;
    e->name = span_text(d, name, &e->name_len);
    if (!e->name)
        return -1;
    e->first_tok = name.first;
    return 0;
}

/* Register a name mention: find or make its entity, which takes the
 * name if it is fuller. */
int32_t entity_for_name(doc *d, tspan name) {
    int32_t k = collected_entity(d, name);
    if (k < 0)
        k = match_entity(d, name);
    if (k < 0)
        k = new_entity(d, name);
    else if (take_fuller_name(d, k, name) < 0)
        return -1;
    if (k < 0)
        return -1;
    return k;
}

static int push_mention(doc *d, int32_t ent, uint32_t tok_at) {
    int64_t k = DOC_PUSH(d, ments, nments, cap_ments);
    if (k < 0)
        return -1;
    d->ments[k].entity = ent;
    d->ments[k].tok = tok_at;
    d->ents[ent].mentions++;
    return 0;
}

/* Does a title, role word or appositive mark the name at [first, end) as a person? */
static int person_evidence(const doc *d, tspan n, uint8_t *gender, const lex_entry **title) {
    int64_t b = n.first - 1;
    *gender = LG_NONE;
    *title = NULL;
    if (b >= 0 && tok_is_punct(d, b, '.'))
        b--;
    uint32_t lx = tok_lex(d, b);
    if (lx & (LX_TITLE | LX_ROLE)) {
        *gender = d->toks[b].lex->gender;
        *title = lex_canon(d->toks[b].lex);
        return 1;
    }
    return n.end - n.first >= 2;
}

int name_is_org(const doc *d, tspan n) {
    for (int32_t i = n.first; i < n.end; i++)
        if ((tok_lex(d, i) & LX_ORG) || (d->toks[i].flags & TF_UPPER))
            return 1;
    return 0;
}

/* "Elizabeth said", "said Elizabeth": a lone name next to a reporting
 * verb is somebody, even at the start of a sentence. */
static int next_to_cue(const doc *d, tspan n) {
    const lex_entry *after = tok_is_word(d, n.end) ? d->toks[n.end].lex : NULL;
    const lex_entry *before = tok_is_word(d, n.first - 1) ? d->toks[n.first - 1].lex : NULL;
    return (after && (after->flags & LX_CUE) && (after->form == FORM_PAST || after->form == FORM_3SG)) ||
           (before && (before->flags & LX_CUE) && before->form == FORM_PAST);
}

/* Is a lone name followed by a lower-case content word, like a subject
 * and its verb ("Darcy bowed")? */
static int acts_as_subject(const doc *d, tspan n) {
    const tok *t = n.end < (int32_t)d->ntoks ? &d->toks[n.end] : NULL;
    return t && t->type == TK_WORD && !(t->flags & (TF_CAP | TF_DIGIT)) &&
           !(t->lex && (t->lex->flags & (LX_FUNCTION | LX_PRONOUN))) &&
           !(tok_lex(d, n.first - 1) & (LX_PREP | LX_DET));
}

int collect_mentions(doc *d) {
    for (uint32_t i = 0; i < d->ntoks; i++) {
        /* Most words are in lower case: skip them without the call. */
        if (!(d->toks[i].flags & TF_CAP) || !is_name_word(d, i))
            continue;
        tspan n = name_right(d, i, d->ntoks);
        if (n.first < 0) {
            continue;
        }
        /* "Def Jam Recordings Russell Simmons": four words or more, not
         * counting initials, are a body's name and a person's; the person
         * is the last two. */
        int32_t words = 0, second_last = -1, last = -1;
        for (int32_t k = n.first; k < n.end; k++)
            if (tok_is_word(d, k) && tok_len(d, k) > 1) {
                words++;
                second_last = last;
                last = k;
            }
        if (words >= 4 && !name_is_org(d, n) && !(tok_lex(d, n.end - 1) & LX_SUFFIX)) {
            i = (uint32_t)second_last;
            n.first = second_last;
        }
        /* A lone capitalised word that opens a sentence is usually not a
         * name ("Meanwhile"); it counts only if it is a known surname. */
        int lone = n.end - n.first == 1;
        uint8_t g;
        const lex_entry *title;
        int person = person_evidence(d, n, &g, &title) || next_to_cue(d, n);
        int32_t k = match_entity(d, n);
        /* "Darcy bowed.": a lone name acting as a subject may be a person,
         * but only gender evidence will let a pronoun refer to it. */
        int weak = lone && !person && k < 0 && acts_as_subject(d, n);
        /* A new entity: no mention is collected here yet, and match_entity
         * found none, so entity_for_name() would only look again. */
        if (k < 0 && (!lone || person || weak))
            k = new_entity(d, n);
        else if (k >= 0 && take_fuller_name(d, k, n) < 0)   /* "Pence", then "Mike Pence" */
            return -1;
        if (k >= 0) {
            entity *e = &d->ents[k];
            if (name_is_org(d, n)) {
                e->org = 1;
            } else if (person || !lone) {
                e->person = 1;
                e->weak = 0;
            } else if (weak) {
                e->person = e->weak = 1;
            }
            if (title)
                e->title = title;
            if (g == LG_FEMALE)
                e->votes_female += 2;
            else if (g == LG_MALE)
                e->votes_male += 2;
            if (push_mention(d, k, (uint32_t)n.first) < 0)
                return -1;
        } else if (d->ar->failed) {
            return -1;
        }
        i = (uint32_t)n.end - 1;
    }
    /* The first gendered pronoun outside quotations after a name, in the
     * same or the next sentence, votes for that name's gender. Later ones
     * may refer to someone else ("she claims he locked her…"). */
    uint32_t m = 0;
    int32_t voted = -1;
    for (uint32_t i = 0; i < d->ntoks; i++) {
        const tok *t = &d->toks[i];
        if (t->quote >= 0 || !t->lex || !(t->lex->flags & LX_PRONOUN) || !t->lex->gender)
            continue;
        /* m: the mentions before the pronoun, counted only at pronouns. */
        while (m < d->nments && d->ments[m].tok < i)
            m++;
        if (m == 0 || voted == (int32_t)(m - 1))
            continue;
        const mention *prev = &d->ments[m - 1];
        voted = (int32_t)(m - 1);
        if (t->sent - d->toks[prev->tok].sent > 1)
            continue;
        entity *e = &d->ents[prev->entity];
        if (t->lex->gender == LG_FEMALE)
            e->votes_female++;
        else
            e->votes_male++;
    }
    return 0;
}

uint8_t entity_gender(const entity *e) {
    if (e->votes_female > e->votes_male)
        return LG_FEMALE;
    if (e->votes_male > e->votes_female)
        return LG_MALE;
    return LG_NONE;
}

/* How many mentions lie before token `at` (binary search). */
static uint32_t mentions_before(const doc *d, uint32_t at) {
    uint32_t lo = 0, hi = d->nments;
    while (lo < hi) {
        uint32_t mid = (lo + hi) / 2;
        if (d->ments[mid].tok < at)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

int32_t resolve_nominal(doc *d, tspan m) {
    if (m.end - m.first < 2 || !tok_is(d, m.first, "the"))
        return -1;
    const lex_entry *head = d->toks[m.end - 1].lex;
    if (!head || !(head->flags & (LX_ROLE | LX_TITLE)))
        return -1;
    head = lex_canon(head);
    uint32_t k = mentions_before(d, (uint32_t)m.first);
    for (uint32_t seen = 0; k > 0 && seen < 60; k--, seen++)
        if (d->ents[d->ments[k - 1].entity].title == head)
            return d->ments[k - 1].entity;
    return -1;
}

/* The capitalised words of tokens `span` (names are not mentions inside
 * quotation marks), at most SKIP_MAX of the first 400 tokens. */
enum { SKIP_MAX = 16 };
static int cap_words(const doc *d, tspan span, int64_t *out) {
    int n = 0;
    for (int64_t i = span.first; i >= 0 && i < span.end && i - span.first < 400 && n < SKIP_MAX; i++)
        if (tok_is_word(d, i) && (d->toks[i].flags & TF_CAP) &&
            !(tok_lex(d, i) & (LX_PRONOUN | LX_FUNCTION | LX_TITLE)))
            out[n++] = i;
    return n;
}

/* Does one of the words `w` name entity e (its surname)? */
static int names_entity(const doc *d, const entity *e, const int64_t *w, int n) {
    for (int i = 0; i < n; i++)
        if (same_word(d, e->surname_tok, w[i]))
            return 1;
    return 0;
}

int32_t resolve_pronoun(doc *d, int64_t at, tspan skip) {
    const lex_entry *lx = d->toks[at].lex;
    if (!lx || lx->plural)
        return -1;
    uint32_t lo = mentions_before(d, (uint32_t)at);
    int32_t fallback = -1;
    uint32_t at_para = d->toks[at].para;
    int64_t words[SKIP_MAX];
    int nwords = cap_words(d, skip, words);
    /* "It said": an organisation, the latest one named. */
    int it = tok_is(d, at, "it");
    for (uint32_t k = lo, seen = 0; k > 0 && seen < 40; k--, seen++) {
        const mention *m = &d->ments[k - 1];
        const entity *e = &d->ents[m->entity];
        if (names_entity(d, e, words, nwords))
            continue;
        if (it) {
            if (e->org)
                return m->entity;
            continue;
        }
        if (e->org || !e->person)
            continue;
        uint8_t g = entity_gender(e);
        if (lx->gender && g == lx->gender)
            return m->entity;
        if (g == LG_NONE && fallback < 0 && !e->weak)
            fallback = m->entity;
        if (!lx->gender && g != LG_NONE)
            return m->entity;
        if (at_para - d->toks[m->tok].para > 3)
            break;
    }
    return fallback;
}

int mentioned_at(const doc *d, int64_t at) {
    return mention_at(d, at) >= 0;
}

int32_t resolve_surname(doc *d, tspan name) {
    int32_t k = collected_entity(d, name);
    return k >= 0 ? k : match_entity(d, name);
}
