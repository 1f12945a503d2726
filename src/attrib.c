/* attrib.c - who said each quotation, with which cue, and of what kind.
 *
 * For each quotation, in document order:
 *  1. an introduction before it in its sentence: `X said: "`, `X told Y, "`,
 *     `according to X, "`, or a colon after a headline-like clause;
 *  2. an attribution after it: `", X said`, `", said X`, `" — X`;
 *  3. a governing cue earlier in the sentence for a fragment embedded in
 *     reported speech (`told Y that he had "never…"`): a mixed quote;
 *  4. the attribution of the previous quotation of the paragraph (split
 *     quotes), or of the statement the previous paragraph introduced
 *     (quote paragraphs without a cue).
 * Quotation marks around a fragment that nobody is said to say (titles,
 * scare quotes) are not reported.
 */
#include <string.h>

#include "attrib.h"
#include "speaker.h"

/* How far back a speaker or a cue is looked for, in tokens (clause_start). */
#define WINDOW 80

/* A determiner, or "his"/"her" (pronouns in the lists, as "her" is also
 * an object): a word that opens a noun phrase. */
static int opens_noun_phrase(const doc *d, int64_t i) {
    return (tok_lex(d, i) & LX_DET) || tok_is(d, i, "his") || tok_is(d, i, "her");
}

/* ---- cues ------------------------------------------------------------------ */

static uint8_t cue_class_of(const doc *d, int64_t i) {
    const tok *t = &d->toks[i];
    return (t->type == TK_WORD && t->lex && (t->lex->flags & LX_CUE)) ? t->lex->cue : CUE_NONE;
}

/* A multi-word cue starting at i ("according to", "pointed out"): its
 * length, or 0. */
int phrase_at(const doc *d, int64_t i, int64_t hi, uint8_t *cls) {
    if (!(tok_lex(d, i) & LX_PHRASE))
        return 0;
    size_t n;
    const lex_phrase *ph = lex_phrases_of(d->toks[i].lex, &n);
    for (size_t k = 0; k < n; k++) {
        if (i + ph[k].n > hi)
            continue;
        int ok = 1;
        for (int w = 1; w < ph[k].n && ok; w++)
            ok = tok_is(d, i + w, ph[k].words[w]);
        if (ok) {
            *cls = ph[k].cue;
            return ph[k].n;
        }
    }
    return 0;
}

/* Is token i a verb form that can report speech here? Bare infinitives
 * count only after "to" or an auxiliary ("will say", "goes on to say"). */
/* Is the base form at i a noun after its modifier: "a neighboring
 * state", "his stock answer", "Kim's mental state"? An article or a
 * possessive, then one plain word that names no people; "officials say",
 * "those surveyed say" are verbs. */
int modified_noun(const doc *d, int64_t i) {
    int64_t m = i - 1, a = i - 2;
    if (a < 0 || !tok_is_word(d, m) || !tok_is_word(d, a))
        return 0;
    const tok *t = &d->toks[m];
    int article = tok_is(d, a, "a") || tok_is(d, a, "an") || tok_is(d, a, "the") ||
                  (d->toks[a].flags & TF_POSS) || tok_is(d, a, "his") || tok_is(d, a, "her") ||
                  tok_is(d, a, "their") || tok_is(d, a, "its") || tok_is(d, a, "our");
    return article && !(t->flags & TF_CAP) && !(tok_lex(d, m) & (LX_ROLE | LX_ORG | LX_FUNCTION)) &&
           d->text[t->end - 1] != 's';
}

/* Is "her" at i the object of a preposition, a past form after it
 * being the verb: "a person close to her said"? */
static int object_her(const doc *d, int64_t i) {
    const lex_entry *e = d->toks[i + 1].lex;
    return i > 0 && tok_is(d, i, "her") && (tok_lex(d, i - 1) & LX_PREP) && e && e->form == FORM_PAST;
}

/* Is the word at i a lower-case plural, no number: "delegates", "groups"? */
static int is_plain_plural(const doc *d, int64_t i) {
    return tok_is_word(d, i) && !(d->toks[i].flags & (TF_CAP | TF_DIGIT)) && d->text[d->toks[i].end - 1] == 's';
}

/* Is the determiner at i one that stands for its noun, so that the verb
 * form after it is the verb of a subject: "the two said", "one says",
 * "many say"? A plural one takes the base form, where a clause starts
 * ("Some say", but "have some say in"), and a singular one the third
 * person ("one claims", but "two claims" is a noun). */
static int det_subject(const doc *d, int64_t i, uint8_t form) {
    /* "a mother of three replied": a number after "of" is no subject;
     * "All told, …" is a sum. */
    int sum = (d->toks[i].flags & TF_SENT_START) && tok_is_punct(d, i + 2, ',');
    uint8_t alone = tok_is_word(d, i) && !tok_is(d, i - 1, "of") && !sum ? tok_alone(d, i) : LA_NO;
    if (alone == LA_NO)
        return 0;
    if (form == FORM_PAST)
        return 1;
    if (form == FORM_3SG)
        return alone == LA_SG;
    /* "one in five say": a share. */
    int share = tok_is(d, i - 1, "in") && tok_alone(d, i - 2) != LA_NO;
    return form == FORM_BASE && alone == LA_PL &&
           ((d->toks[i].flags & TF_SENT_START) || !tok_is_word(d, i - 1) || tok_is(d, i - 1, "the") ||
            (tok_lex(d, i - 1) & (LX_CONJ | LX_COMP | LX_WH)) || share);
}

/* A capitalised verb after a name in a title-case headline: "Sanders
 * Says He Will Stay", "Ortiz Just Announced…". */
static int headline_verb(const doc *d, int64_t i) {
    if (!d->title_head || d->toks[i].para != 0)
        return 0;
    int64_t p = i - 1;
    while (p >= 0 && (tok_lex(d, p) & LX_ADV))
        p--;
    return is_name_word(d, p);
}

int speech_cue(const doc *d, int64_t i, int64_t hi, tspan *cue, unsigned classes) {
    uint8_t cls;
    int n = phrase_at(d, i, hi, &cls);
    if (n && (classes & CUES(cls))) {
        cue->first = (int32_t)i;
        cue->end = (int32_t)(i + n);
        return cls;
    }
    cls = cue_class_of(d, i);
    if (!(classes & CUES(cls)))
        return 0;
    if (d->toks[i].flags & TF_CAP && !(d->toks[i].flags & TF_SENT_START) && !headline_verb(d, i))
        return 0;   /* "Rep. Mark Said", "Speaker" */
    /* After a determiner or a possessive it is a noun: "the states", "a
     * claim", "his promises"; but after "close to her" a past form is
     * the verb. */
    uint8_t form = d->toks[i].lex->form;
    if ((opens_noun_phrase(d, i - 1) && !object_her(d, i - 1) && !det_subject(d, i - 1, form)) ||
        (i > 0 && (d->toks[i - 1].flags & TF_POSS) && !is_pronoun_subject(d, i - 1)))   /* "he's telling" */
        return 0;
    /* "400 pledged delegates": a participle between a number and its
     * noun. */
    if (form == FORM_PAST && i > 0 && (d->toks[i - 1].flags & TF_DIGIT) && is_plain_plural(d, i + 1) &&
        !(tok_lex(d, i + 1) & LX_FUNCTION))
        return 0;
    /* A bare "say" needs a subject or an auxiliary before it: "officials
     * say", "will say"; at the start of a sentence or after a preposition
     * it is an imperative or a noun. */
    int relative = tok_is(d, i - 1, "who") || tok_is(d, i - 1, "which");   /* "voters who say" */
    /* After a comma that closes a subject's appositive: `Executives for
     * Mondelez, which…, say`; but `costs, say, $5` gives an example. */
    int after_comma = tok_is_punct(d, i - 1, ',') && !tok_is_punct(d, i + 1, ',');
    /* "for states they are trying to flip": after a preposition a form
     * in -s is a plural noun. */
    if (form == FORM_3SG && (tok_lex(d, i - 1) & LX_PREP) && !relative)
        return 0;
    if (form == FORM_BASE && (i == 0 || (d->toks[i].flags & TF_SENT_START) ||
                              (!tok_is_word(d, i - 1) && !after_comma) ||
                              ((tok_lex(d, i - 1) & (LX_PREP | LX_CONJ | LX_COMP | LX_WH)) &&
                               !tok_is(d, i - 1, "to") && !relative) ||
                              modified_noun(d, i)))
        return 0;
    cue->first = (int32_t)i;
    cue->end = (int32_t)i + 1;
    return cls;
}

/* "said", "saying": forms that are verbs only. "report", "claims" can
 * be nouns and so may head a speaker phrase ("the report concluded"). */
static int is_verb_only_cue(const doc *d, int64_t i) {
    const lex_entry *e = d->toks[i].lex;
    return e && (e->flags & LX_CUE) && (e->form == FORM_PAST || e->form == FORM_ING);
}

/* ---- speaker phrases ---------------------------------------------------------- */

/* An adverb: listed, or a lower-case word in -ly that is in no list
 * ("impatiently"; "family" and "ally" are listed as nouns). */
static int is_adverb_form(const char *w, size_t n) {
    return n > 4 && w[n - 2] == 'l' && w[n - 1] == 'y';
}

int is_adverb(const doc *d, int64_t i) {
    if (tok_lex(d, i) & LX_ADV)
        return 1;
    if (!tok_is_word(d, i) || d->toks[i].lex || (d->toks[i].flags & TF_CAP))
        return 0;
    return is_adverb_form(d->text + d->toks[i].start, tok_len(d, i));
}

int is_past_form(const doc *d, int64_t i) {
    if (!tok_is_word(d, i) || d->toks[i].lex || (d->toks[i].flags & TF_CAP) || tok_len(d, i) <= 3)
        return 0;
    return memcmp(d->text + d->toks[i].end - 2, "ed", 2) == 0;
}

int is_be(const doc *d, int64_t i) {
    return tok_is(d, i, "is") || tok_is(d, i, "are") || tok_is(d, i, "was") || tok_is(d, i, "were") ||
           tok_is(d, i, "be") || tok_is(d, i, "been") || tok_is(d, i, "being");
}

int is_pronoun_subject(const doc *d, int64_t i) {
    return tok_is_word(d, i) && (tok_lex(d, i) & LX_SUBJ);
}

static int is_title_at(const doc *d, int64_t i) {
    return tok_is_word(d, i) && (tok_lex(d, i) & LX_TITLE) && (d->toks[i].flags & TF_CAP);
}

/* A lower-case noun for a person by role: "member", "scientist". */
static int is_role_at(const doc *d, int64_t i) {
    return tok_is_word(d, i) && (tok_lex(d, i) & LX_ROLE) && !(d->toks[i].flags & TF_CAP);
}

/* Skip a title chain: "Sen.", "Vice President", "Republican Sen." */
static int64_t skip_titles(const doc *d, int64_t j, int64_t hi) {
    for (;;) {
        if (j < hi && is_title_at(d, j)) {
            j += 1 + tok_is_punct(d, j + 1, '.');
        } else if (j + 1 < hi && is_name_word(d, j) && is_title_at(d, j + 1)) {
            j += 1;
        } else {
            return j;
        }
    }
}

/* Does the preposition at p follow the head of a speaker phrase: "a
 * spokesman for", "a person close to", "officials in"? */
static int after_speaker_head(const doc *d, int64_t p, int64_t lo) {
    if (!(tok_lex(d, p) & LX_POSTMOD) || p - 1 < lo)
        return 0;
    /* A part of a group, after any noun or quantifier: "41 percent of
     * respondents", "many of the delegates", "members of Congress". */
    if (tok_is(d, p, "of"))
        return tok_is_word(d, p - 1) && !(tok_lex(d, p - 1) & ((LX_FUNCTION & ~LX_DET) | LX_PRONOUN)) &&
               !is_verb_only_cue(d, p - 1);
    if (tok_lex(d, p - 1) & LX_RELATION)
        p--;
    return p - 1 >= lo && (tok_lex(d, p - 1) & (LX_ROLE | LX_ORG)) && !is_title_at(d, p - 1);
}

/* A speaker phrase starting at token i: `Sen. Jane Doe`, `he`,
 * `a spokeswoman for the company, Jane Doe`, `the White House`. */
who np_after(const doc *d, int64_t i, int64_t hi) {
    who w = {{-1, -1}, {-1, -1}, 0, {-1, -1}};
    int64_t j = i;
    while (j < hi && ((tok_lex(d, j) & LX_TIME) || is_adverb(d, j)) && !(tok_lex(d, j) & LX_PRONOUN))
        j++;
    if (j >= hi)
        return w;
    if (is_pronoun_subject(d, j)) {
        w.mention.first = (int32_t)j;
        w.mention.end = (int32_t)j + 1;
        w.pronoun = 1;
        return w;
    }
    int64_t k = skip_titles(d, j, hi);
    /* A role before a name is a title of sorts: "council member Rita
     * Feld", "political scientist Ana Reyes". */
    for (int64_t r = k; r < hi && r - k < 3 && tok_is_word(d, r) && !(d->toks[r].flags & TF_CAP) &&
                        !(tok_lex(d, r) & (LX_FUNCTION | LX_CUE | LX_PRONOUN));
         r++) {
        if ((tok_lex(d, r) & LX_ROLE) && is_name_word(d, r + 1)) {
            k = r + 1;
            break;
        }
    }
    tspan n = name_right(d, k, hi);
    /* A place or a body before a title or a role is no name of its own:
     * "New Jersey Gov. Chris Christie", "Council member Rita Feld". */
    if (n.first >= 0 && (is_title_at(d, n.end) || is_role_at(d, n.end))) {
        tspan n2 = name_right(d, skip_titles(d, n.end + is_role_at(d, n.end), hi), hi);
        if (n2.first >= 0)
            n = n2;
    }
    if (n.first >= 0) {
        w.mention.first = (int32_t)j;
        w.mention.end = n.end;
        w.name = n;
        return w;
    }
    /* A description: determiner, modifiers and a head noun, with at most
     * one prepositional phrase ("a spokesman for the mayor"). */
    k = j;
    int det = opens_noun_phrase(d, k);
    if (det)
        k++;
    int64_t head = -1;
    if (det && tok_is(d, k, "of"))
        head = j;   /* "one of the advisers", "some of her aides" */
    int pps = 0;
    while (k < hi && k - j < 10) {
        uint32_t lx = tok_lex(d, k);
        if (!tok_is_word(d, k))
            break;
        uint8_t cls = 0;
        /* "the mayor in a statement": how it was said, not who. */
        if (phrase_at(d, k, hi, &cls) && cls == CUE_MANNER)
            break;
        if (head >= 0 && pps == 0 && after_speaker_head(d, k, j)) {
            pps++;
            k++;
            if (tok_lex(d, k) & LX_DET)
                k++;
            /* A name ends the phrase: "an aide to President George W. Bush". */
            tspan pn = name_right(d, skip_titles(d, k, hi), hi);
            if (pn.first >= 0) {
                head = pn.end - 1;
                break;
            }
            continue;
        }
        /* "the Harbour Post": a capitalised cue word after a capitalised
         * head is part of a name. */
        int named = (lx & LX_CUE) && head >= 0 && (d->toks[k].flags & TF_CAP) &&
                    (d->toks[head].flags & TF_CAP) && !(d->toks[k].flags & TF_SENT_START);
        if ((lx & (LX_FUNCTION | LX_PRONOUN)) || ((lx & LX_CUE) && !named) || is_adverb(d, k))
            break;
        /* After its head, a word in -ed is the verb: "the group stepped up". */
        if (head >= 0 && is_past_form(d, k))
            break;
        head = k++;
    }
    if (head < 0 || !(det || (tok_lex(d, head) & (LX_ROLE | LX_ORG)) || (d->toks[head].flags & TF_CAP)))
        return w;
    w.mention.first = (int32_t)j;
    w.mention.end = (int32_t)head + 1;
    /* An appositive name after the description: `…, Jennifer Rodstrom`. */
    if (tok_is_punct(d, head + 1, ',') && head + 2 < hi) {
        int64_t a = skip_titles(d, head + 2, hi);
        tspan n2 = name_right(d, a, hi);
        if (n2.first >= 0 && n2.end - n2.first >= 2) {
            w.mention.end = n2.end;
            w.name = n2;
        }
    }
    return w;
}

/* The source after "according to": whoever or whatever it names, a
 * person ("him"), or a noun phrase for a thing that informs ("the
 * report", "federal statistics", "early returns", "people in
 * attendance"). The phrase ends at its head, before a preposition or a
 * participle. */
who source_after(const doc *d, int64_t i, int64_t hi) {
    who w = np_after(d, i, hi);
    if (w.mention.first >= 0)
        return w;
    if (i < hi && (tok_lex(d, i) & LX_OBJ)) {
        w.mention.first = (int32_t)i;
        w.mention.end = (int32_t)i + 1;
        w.pronoun = 1;
        return w;
    }
    int64_t k = i;
    while (k < hi && k - i < 2 && (tok_lex(d, k) & LX_DET))
        k++;   /* "the most recent average" */
    int64_t head = -1;
    int of = 0;
    for (; k < hi && k - i < 12 && tok_is_word(d, k) && d->toks[k].quote < 0; k++) {
        /* One "of" phrase belongs to it: "early results of exit polls". */
        if (head >= 0 && !of && tok_is(d, k, "of") && !(tok_lex(d, k + 1) & LX_PRONOUN)) {
            of = 1;
            k += (tok_lex(d, k + 1) & LX_DET) != 0;
            continue;
        }
        if ((tok_lex(d, k) & (LX_FUNCTION | LX_PRONOUN | LX_RELATION)) || (head >= 0 && is_past_form(d, k)))
            break;
        head = k;
    }
    if (head < 0)
        return w;
    w.mention.first = (int32_t)i;
    w.mention.end = (int32_t)head + 1;
    /* "a post from Arianna Holt", "calculations by Amy Glass": who
     * wrote it is named. */
    if (tok_is(d, head + 1, "from") || tok_is(d, head + 1, "by")) {
        who a = np_after(d, head + 2, hi);
        if (a.name.first >= 0 && a.mention.first == (int32_t)head + 2) {
            w.mention.end = a.mention.end;
            w.name = a.name;
        }
    }
    return w;
}

/* Where the titles before a name begin: "Police Chief Nadia Kern",
 * "Gov. Ray Castillo", "Vice President Jane Doe". */
static int64_t title_start(const doc *d, int64_t a, int64_t lo) {
    int titled = 0;
    for (;;) {
        if (a - 1 >= lo && is_title_at(d, a - 1)) {
            a--;
            titled = 1;
        } else if (a - 2 >= lo && tok_is_punct(d, a - 1, '.') && is_title_at(d, a - 2)) {
            a -= 2;
            titled = 1;
        } else if (titled && a - 1 >= lo && (d->toks[a - 1].flags & TF_CAP) &&
                   (tok_lex(d, a - 1) & (LX_ORG | LX_ROLE))) {
            a--;   /* "Police" in "Police Chief" */
        } else if (titled && a - 1 >= lo && is_name_word(d, a - 1)) {
            a--;   /* a place or a body: "Texas" in "Texas Rep.", "New Jersey Gov." */
        } else {
            return a;
        }
    }
}

/* A description ending at token j, not before lo, its words from k on
 * already taken (a name after a preposition); none if it is not one. It
 * runs left over modifiers to a determiner, across at most one phrase
 * after its head ("a spokesman for the company", "an aide to the
 * senator", "a source familiar with the talks"). */
static who describe_left(const doc *d, int64_t j, int64_t k, int64_t lo) {
    who w = {{-1, -1}, {-1, -1}, 0, {-1, -1}};
    int pp = 0;
    while (k - 1 >= lo && j - k < 10) {
        int64_t p = k - 1;
        uint32_t lx = tok_lex(d, p);
        if (!tok_is_word(d, p))
            break;
        if (!pp && after_speaker_head(d, p, lo)) {
            k = p;
            pp = 1;
            /* "people with (direct) knowledge of the talks": one phrase. */
            if (tok_is(d, p, "of") && tok_is(d, p - 1, "knowledge")) {
                int64_t with = p - 2 - (p - 2 >= lo && !tok_is(d, p - 2, "with"));
                if (with > lo && tok_is(d, with, "with"))
                    k = with;
            }
            continue;
        }
        /* A number opens the phrase, "left 62 percent", unless a word
         * that may come before a number does: "the 30 percent", "Some 55
         * percent", "nearly 140 members", "eight of 10 voters". */
        if (d->toks[p].flags & TF_DIGIT) {
            k = p;
            int64_t b = p - 1;
            if (b >= lo && tok_is_word(d, b) &&
                (opens_noun_phrase(d, b) || is_adverb(d, b) || tok_is(d, b, "of") ||
                 is_adverb_form(d->text + d->toks[b].start, tok_len(d, b))))
                continue;
            break;
        }
        if (opens_noun_phrase(d, p)) {
            k = p;
            /* The determiner inside the phrase: go on to its head. */
            if (!pp && after_speaker_head(d, p - 1, lo))
                continue;
            /* "the two unions": an article before a number. */
            if (tok_alone(d, p) != LA_NO && p - 1 >= lo && tok_is(d, p - 1, "the"))
                k = p - 1;
            break;
        }
        if ((lx & (LX_FUNCTION | LX_PRONOUN)) || is_verb_only_cue(d, p))
            break;
        /* "The plan angered commuters who…": a past form after a noun is
         * a verb; after "a" or an adverb ("a retired teacher", "the newly
         * elected mayor") it describes. */
        if (is_past_form(d, p) && p - 1 >= lo && tok_is_word(d, p - 1) &&
            !(tok_lex(d, p - 1) & (LX_FUNCTION | LX_PRONOUN)) && !is_adverb(d, p - 1))
            break;
        k = p;
    }
    /* A bare plural head opens it too: "people close to Clinton"; and
     * after the conjunction that opens the sentence: "But regulators". */
    /* …or after the comma that ends a phrase opening the sentence, a
     * plural: "Overall, conservative groups reported". */
    int after_conj = k - 1 >= lo && (((d->toks[k - 1].flags & TF_SENT_START) && (tok_lex(d, k - 1) & LX_COORD)) ||
                                     (tok_is_punct(d, k - 1, ',') && is_plain_plural(d, j)));
    int starts_ok = k == lo || opens_noun_phrase(d, k) || (d->toks[k].flags & (TF_CAP | TF_SENT_START)) ||
                    (pp && (tok_lex(d, k) & (LX_ROLE | LX_ORG))) || after_conj;
    if (!starts_ok && !(tok_lex(d, j) & (LX_ROLE | LX_ORG)))
        return w;
    if (!(tok_lex(d, j) & (LX_ROLE | LX_ORG)) && !(d->toks[j].flags & TF_CAP) &&
        !(tok_lex(d, k) & LX_DET) && !(d->toks[k].flags & TF_CAP) && !after_conj)
        return w;
    w.mention.first = (int32_t)k;
    w.mention.end = (int32_t)j + 1;
    return w;
}

/* A speaker phrase ending at token j, not before lo. */
static who np_ending(const doc *d, int64_t j, int64_t lo) {
    who w = {{-1, -1}, {-1, -1}, 0, {-1, -1}};
    if (j < lo)
        return w;
    if (is_pronoun_subject(d, j)) {
        w.mention.first = w.mention.end = (int32_t)j;
        w.mention.end++;
        w.pronoun = 1;
        return w;
    }
    int64_t k = j;
    who named = w;
    if (is_name_word(d, j) || (tok_is_punct(d, j, '.') && j > lo)) {
        tspan n = name_left(d, j, lo);
        if (n.first >= 0) {
            int64_t a = title_start(d, n.first, lo);
            if (a - 1 >= lo && tok_is(d, a - 1, "the"))
                a--;
            else if (a - 2 >= lo && tok_is(d, a - 2, "the") && tok_is_word(d, a - 1) &&
                     !(d->toks[a - 1].flags & TF_CAP) && !is_role_at(d, a - 1) &&
                     !(tok_lex(d, a - 1) & (LX_FUNCTION | LX_CUE | LX_PRONOUN)))
                a -= 2;   /* "the nonpartisan Congressional Budget Office" */
            named.mention.first = (int32_t)a;
            named.mention.end = (int32_t)j + 1;
            named.name = n;
            /* "Gov. Ray Castillo of Nevada": a person and the place he is
             * from; a single untitled word is more likely a body's name
             * ("Bank of America"). */
            if (tok_is(d, a - 1, "of") && a - 2 >= lo && is_name_word(d, a - 2)) {
                tspan p = name_left(d, a - 2, lo);
                int64_t pa = p.first >= 0 ? title_start(d, p.first, lo) : -1;
                if (p.first >= 0 && (p.end - p.first >= 2 || pa < p.first) && !name_is_org(d, p)) {
                    named.mention.first = (int32_t)pa;
                    named.name = p;
                    return named;
                }
            }
            /* "council member Rita Feld", "the radio host Tom Oduya": a
             * role and its modifiers are part of the mention. */
            if (is_role_at(d, a - 1)) {
                who r = describe_left(d, a - 1, a - 1, lo);
                if (r.mention.first >= 0)
                    named.mention.first = r.mention.first;
                return named;
            }
            /* "an aide to Hillary Clinton said": the aide speaks; but
             * "the backing of Sen. Quill, who declared": she does. */
            if (!after_speaker_head(d, a - 1, lo) ||
                (tok_is(d, a - 1, "of") && !(tok_lex(d, a - 2) & (LX_ROLE | LX_ORG))))
                return named;
            k = a;
        }
    }
    /* A determiner that stands for its noun: "the two said", "one in
     * five say". */
    /* So does a share: "six in 10 said", "3 in 4 say". */
    int share = (d->toks[j].flags & TF_DIGIT) && tok_is(d, j - 1, "in") && j - 2 >= lo &&
                (tok_alone(d, j - 2) != LA_NO || (d->toks[j - 2].flags & TF_DIGIT));
    if (tok_is_word(d, j) && (tok_alone(d, j) != LA_NO || share) && (tok_lex(d, j + 1) & LX_CUE)) {
        /* After its noun it floats: "they all said", "Ortiz and Oduya
         * have both argued". */
        int64_t p = j - 1;
        while (p >= lo && (tok_lex(d, p) & (LX_AUX | LX_ADV)) && !(tok_lex(d, p) & LX_PRONOUN))
            p--;
        if (p >= lo && tok_is_word(d, p) && !(tok_lex(d, p) & LX_FUNCTION))
            return np_ending(d, p, lo);
        int64_t a = j;
        if (share || (a - 2 >= lo && tok_is(d, a - 1, "in") && tok_alone(d, a - 2) != LA_NO))
            a -= 2;
        if (a - 2 >= lo && tok_is(d, a - 1, "than") && (tok_is(d, a - 2, "more") || tok_is(d, a - 2, "fewer")))
            a -= 2;   /* "more than six in 10" */
        if (a - 1 >= lo && tok_is(d, a - 1, "the"))
            a--;
        w.mention.first = (int32_t)a;
        w.mention.end = (int32_t)j + 1;
        return w;
    }
    /* "a person close to him": the pronoun ends the phrase of the head. */
    if ((tok_lex(d, j) & LX_OBJ) && after_speaker_head(d, j - 1, lo))
        return describe_left(d, j, j, lo);
    /* "said" is no noun, but "Cruz's thinking" is. */
    int noun_after_poss = j > lo && ((d->toks[j - 1].flags & TF_POSS) || (tok_lex(d, j - 1) & LX_DET));
    if (k == j && (!tok_is_word(d, j) || (tok_lex(d, j) & (LX_FUNCTION | LX_TIME | LX_PRONOUN)) ||
                   (is_verb_only_cue(d, j) && !noun_after_poss)))
        return w;
    who d2 = describe_left(d, j, k, lo);
    return d2.mention.first >= 0 ? d2 : named;
}

/* From j down, past what may stand between a subject and its verb:
 * "has long said", "this week announced", "on Monday told". */
static int64_t skip_back_modifiers(const doc *d, int64_t j, int64_t lo) {
    while (j >= lo && ((is_adverb(d, j) || (tok_lex(d, j) & (LX_AUX | LX_NEG | LX_TIME))) &&
                       !(tok_lex(d, j) & LX_PRONOUN) && !is_name_word(d, j)))
        j -= 1 + ((tok_lex(d, j) & LX_TIME) && j - 1 >= lo &&
                  (tok_lex(d, j - 1) & (LX_DET | LX_PREP)) && !(tok_lex(d, j - 1) & LX_PRONOUN));
    return j;
}

/* Where a phrase of when or where that ends at j starts, after a name, a
 * pronoun or an auxiliary: "Trump at the time said", "allies
 * have in the past said"; -1 if there is none. Its words are in lower
 * case after a preposition and a determiner. */
static int64_t when_phrase_start(const doc *d, int64_t j, int64_t lo) {
    for (int64_t k = j - 1; k >= lo && j - k <= 3; k--) {
        if (!tok_is_word(d, k + 1) || (d->toks[k + 1].flags & TF_CAP))
            return -1;
        if (!(tok_lex(d, k) & LX_PREP))
            continue;
        if (k + 1 == j || !(tok_lex(d, k + 1) & LX_DET) || k - 1 < lo ||
            !(tok_is(d, k, "at") || tok_is(d, k, "in") || tok_is(d, k, "on") || tok_is(d, k, "during")))
            return -1;
        uint32_t before = tok_lex(d, k - 1);
        return is_name_word(d, k - 1) || is_pronoun_subject(d, k - 1) || (before & LX_AUX) ? k : -1;
    }
    return -1;
}

/* Is the word at i the object of "in" or "at", after any determiner:
 * "in Iowa", "at the Capitol"? */
static int after_in_or_at(const doc *d, int64_t i) {
    int64_t p = i - 1 - (i >= 1 && (tok_lex(d, i - 1) & LX_DET));
    return p >= 0 && (tok_is(d, p, "in") || tok_is(d, p, "at"));
}

/* The subject of the cue at c, not before lo: `X said`, `X, a spokesman
 * for Y, said`, `he goes on to say`, `X also told`. */
who np_before(const doc *d, int64_t c, int64_t lo) {
    who none = {{-1, -1}, {-1, -1}, 0, {-1, -1}};
    int64_t j = c - 1;
    j = skip_back_modifiers(d, j, lo);
    int64_t p = when_phrase_start(d, j, lo);
    if (p >= 0)
        j = skip_back_modifiers(d, p - 1, lo);
    if (tok_is(d, j, "to") && j >= lo) {
        /* An infinitive: skip the verbs that govern it ("goes on to say"). */
        j--;
        for (int steps = 0; steps < 3 && j >= lo && tok_is_word(d, j) &&
                            !(d->toks[j].flags & TF_CAP) && !is_pronoun_subject(d, j) &&
                            !(tok_lex(d, j) & LX_DET);
             steps++)
            j--;
    }
    if (j < lo)
        return none;
    /* `X, noting that the races are "not as comfortable," added`: the
     * comma that closes the appositive is inside the marks of a fragment. */
    if (d->toks[j].type == TK_QUOTE && d->toks[j].quote >= 0 && tok_is_punct(d, j - 1, ',')) {
        int64_t open = d->quotes[d->toks[j].quote].open_tok;
        if (open > lo && tok_is_word(d, open - 1))
            j--;
    }
    /* A relative clause: `Mike Lee, who declared`, `an official who
     * spoke on condition of anonymity said`; its antecedent speaks. */
    for (int64_t r = j; r >= lo && j - r < 16 && tok_is_word(d, r) && d->toks[r].quote < 0; r--) {
        if (!tok_is(d, r, "who"))
            continue;
        if (r < j && (is_pronoun_subject(d, r + 1) || is_name_word(d, r + 1)))
            break;   /* `Republicans, who he said are`: "he" speaks */
        int64_t k = r - 1 - tok_is_punct(d, r - 1, ',');
        who w = np_ending(d, k, lo);
        if (w.mention.first < 0 || w.pronoun)
            break;
        /* `Ortiz, who said`: "who" is the verb's subject, as "he" would
         * be; in `an official who spoke … said` the phrase is. */
        if (r == j) {
            w.rel.first = (int32_t)r;
            w.rel.end = (int32_t)r + 1;
        }
        return w;
    }
    if (tok_is_punct(d, j, ')')) {
        int64_t k = j;
        while (k >= lo && j - k < 12 && !tok_is_punct(d, k, '('))
            k--;
        if (k < lo || !tok_is_punct(d, k, '('))
            return none;
        j = k - 1;
    }
    if (j >= lo && d->toks[j].type == TK_DASH) {
        /* `insiders in two states — Nevada and South Carolina — said` */
        int64_t k = j - 1;
        while (k >= lo && j - k < 20 && d->toks[k].type != TK_DASH)
            k--;
        if (k < lo || d->toks[k].type != TK_DASH)
            return none;
        j = k - 1;
    }
    if (tok_is_punct(d, j, ',')) {
        /* An appositive or a relative clause between commas. */
        int64_t k = j - 1;
        while (k >= lo && j - k < 40 && (!tok_is_punct(d, k, ',') || d->toks[k].quote >= 0))
            k--;
        if (k < lo || !tok_is_punct(d, k, ',') || k + 1 >= j)
            return none;
        /* An age before the appositive: `Gloria Garcia, 34, a nurse, said`. */
        if (k - 2 >= lo && (d->toks[k - 1].flags & TF_DIGIT) && tok_is_punct(d, k - 2, ','))
            k -= 2;
        /* `Rep. Jim Jordan (R-Ohio), an oversight panel member, said` */
        int64_t e = k - 1;
        if (tok_is_punct(d, e, ')')) {
            while (e > lo && k - e < 12 && !tok_is_punct(d, e, '('))
                e--;
            e -= tok_is_punct(d, e, '(');
        }
        who w = np_ending(d, e, lo);
        /* `The employee of four years, a registered Republican who spoke
         * on condition of anonymity, said`: the appositive names her. */
        for (int64_t r = k + 2; w.mention.first < 0 && r < j; r++)
            if (tok_is(d, r, "who"))
                w = np_ending(d, r - 1, k + 1);
        /* `Grassley, facing a race in Iowa, a swing state, said`,
         * `Trump, speaking in Wilmington, N.C., warned`: a name after "in"
         * or "at" is a place; the speaker is the phrase before the comma
         * that opens the place's clause. */
        if (w.name.first >= 0 && after_in_or_at(d, w.mention.first)) {
            int64_t b = w.mention.first - 1;
            while (b >= lo && k - b < 40 && (!tok_is_punct(d, b, ',') || d->toks[b].quote >= 0))
                b--;
            if (b > lo)
                w = np_ending(d, b - 1, lo);
        }
        /* `…, Gov. John Kasich (R-Ohio), said`: a party after the name. */
        int64_t nj = j;
        if (tok_is_punct(d, j - 1, ')'))
            for (int64_t o = j - 2; o > k && j - o < 8; o--)
                if (tok_is_punct(d, o, '(')) {
                    nj = o;
                    break;
                }
        /* `Ms. Merkel's spokesman, Steffen Seibert, wrote`: the name in
         * the appositive names the speaker. */
        int64_t t = skip_titles(d, k + 1, nj);
        tspan n = name_right(d, t, nj);
        int full = n.end == nj && n.end - n.first >= 2;
        int64_t head = w.mention.end - 1;
        if (w.mention.first >= 0 && w.name.first < 0 && !w.pronoun && full && t == k + 1) {
            w.mention.end = n.end;
            w.name = n;
        } else if (full && (w.mention.first < 0 || (!w.pronoun && !is_name_word(d, head) &&
                                                     !(tok_lex(d, head) & LX_ROLE)))) {
            /* `One of the authors of the report, Ari Fleischer, said`, `In
             * the Republican primary, Gov. John Kasich said`: the name
             * alone, when what it follows is no speaker phrase. */
            w.mention.first = (int32_t)k + 1;
            w.mention.end = n.end;
            w.name = n;
        }
        return w;
    }
    return np_ending(d, j, lo);
}

int subject_of_clause_at(const doc *d, int64_t i, int64_t hi) {
    who w = np_after(d, i, hi);
    return w.mention.first == (int32_t)i && !w.pronoun && (tok_lex(d, w.mention.end) & (LX_AUX | LX_NEG));
}

/* A capitalised word that opens a sentence without being a name:
 * "Speaking in Iowa, …", "Perhaps, …", "Eight years later …". Only a word
 * no list knows can open a sentence as a name. */
static int opens_adverbial(const doc *d, int64_t i) {
    const tok *t = &d->toks[i];
    if (!(t->flags & TF_SENT_START) || !(t->flags & TF_CAP))
        return 0;
    /* "The company …" opens a noun phrase; "Eight years ago, …" and
     * "This week …" a time. */
    if (t->lex && (t->lex->flags & LX_DET))
        return ((tok_lex(d, i + 1) | tok_lex(d, i + 2)) & LX_TIME) != 0;
    if (t->lex && !(t->lex->flags & (LX_PRONOUN | LX_TITLE | LX_ROLE | LX_ORG)))
        return 1;
    size_t n = tok_len(d, i);
    const char *w = d->text + t->start;
    /* "Speaking in Iowa, …", "Chastened by the analyses, …" */
    return (n > 4 && memcmp(w + n - 3, "ing", 3) == 0) ||
           (n > 4 && memcmp(w + n - 2, "ed", 2) == 0 && (tok_lex(d, i + 1) & LX_PREP)) ||
           is_adverb_form(w, n);
}

/* Does a preposition govern the word at i, across a determiner and
 * lower-case modifiers: "at the State University", "with journalist
 * Matei Rosca"? */
static int governed_by_prep(const doc *d, int64_t lo, int64_t i) {
    for (int64_t k = i - 1; k >= lo && i - k <= 3; k--) {
        uint32_t lx = tok_lex(d, k);
        if (lx & LX_PREP)   /* but "to fault Clinton's…" is a verb's object */
            return !(tok_is(d, k, "to") && k + 1 < i && !(tok_lex(d, k + 1) & LX_DET));
        if (lx & LX_DET)
            continue;
        if (!tok_is_word(d, k) || (d->toks[k].flags & TF_CAP) || (lx & (LX_FUNCTION | LX_PRONOUN | LX_CUE)))
            return 0;
    }
    return 0;
}

/* Where the story starts after a dateline that opens its paragraph at
 * lo, before c: `WASHINGTON —`, `SAN JUAN, Puerto Rico (AP) —`. Words in
 * capitals, and after a comma a state or a date; lo when there is none. */
int64_t after_dateline(const doc *d, int64_t lo, int64_t c) {
    if ((uint32_t)lo != d->paras[d->toks[lo].para].tok_first || !(d->toks[lo].flags & TF_UPPER))
        return lo;
    int after_comma = 0;
    for (int64_t k = lo + 1; k < c && k - lo < 12; k++) {
        const tok *t = &d->toks[k];
        if (t->type == TK_DASH)
            return k + 1;
        if (tok_is_punct(d, k, ','))
            after_comma = 1;
        else if (t->type == TK_WORD && !(t->flags & (TF_UPPER | TF_DIGIT)) &&
                 !(after_comma && (t->flags & TF_CAP)))
            return lo;
    }
    return lo;
}

/* The subject of the clause [lo, c): its first pronoun, name or
 * determiner phrase that no preposition governs. `Here in Columbia,
 * Sanders stepped up …, saying` gives Sanders. */
static who clause_subject(const doc *d, int64_t lo, int64_t c) {
    who w = {{-1, -1}, {-1, -1}, 0, {-1, -1}};
    if (c - lo > WINDOW)
        lo = c - WINDOW;
    lo = after_dateline(d, lo, c);
    for (int64_t i = lo; i < c; i++) {
        if (d->toks[i].quote >= 0 || !tok_is_word(d, i))
            continue;
        int governed = governed_by_prep(d, lo, i);
        int det = (tok_lex(d, i) & LX_DET) && (i == lo || tok_is_punct(d, i - 1, ','));
        if (!governed && !opens_adverbial(d, i) &&
            (is_pronoun_subject(d, i) || is_name_word(d, i) || is_title_at(d, i) || det)) {
            w = np_after(d, i, c);
            if (w.mention.first >= 0 && det && w.name.first < 0) {
                /* A description speaks only if a noun in it is for a person
                 * or a body, and it ends there, before the clause's verb:
                 * "The president left no doubt, saying", not "The moment
                 * …, calling". */
                int32_t e = w.mention.end;
                while (e > w.mention.first && !(tok_lex(d, e - 1) & (LX_ROLE | LX_ORG)))
                    e--;
                w.mention.end = e > w.mention.first ? e : -1;
                if (e == w.mention.first)
                    w.mention.first = -1;
            }
            if (w.mention.first >= 0)
                return w;
        }
        /* A name is one unit: "with POLITICO Magazine" governs both words. */
        if (is_name_word(d, i))
            while (i + 1 < c && is_name_word(d, i + 1))
                i++;
    }
    return w;
}

/* Is the cue at c a passive participle after a form of "be": `was
 * asked`, `had been told`, `is often described`? */
static int passive_cue(const doc *d, int64_t lo, int64_t c) {
    const lex_entry *e = d->toks[c].lex;
    if (!e || e->form != FORM_PAST)
        return 0;
    int64_t j = c - 1;
    while (j >= lo && is_adverb(d, j))
        j--;
    return j >= lo && is_be(d, j);
}

/* `While saying that…, Ortiz voted…`: a participle that opens the
 * sentence has the subject of the clause after its comma. */
static who fronted_subject(const doc *d, int64_t c, int64_t hi) {
    who none = {{-1, -1}, {-1, -1}, 0, {-1, -1}};
    for (int64_t k = c + 1; k + 1 < hi && k - c < 40; k++) {
        if (!tok_is_punct(d, k, ',') || d->toks[k].quote >= 0)
            continue;
        who w = np_after(d, k + 1, hi);
        return w.mention.first == (int32_t)k + 1 ? w : none;
    }
    return none;
}

/* The speaker of the cue at c in the sentence starting at lo: `X said`,
 * `said X` (after a quotation), `X laughed and said`, `…, saying`. */
who cue_subject(const doc *d, int64_t lo, int64_t c, tspan cue, int64_t hi) {
    uint8_t cls;
    if (phrase_at(d, c, hi, &cls) && cls == CUE_SOURCE)
        return source_after(d, cue.end, hi);
    /* `Ortiz was asked whether…`: the subject of a passive is the one
     * spoken to; who spoke is the "by" phrase, or nobody named. */
    if (passive_cue(d, lo, c)) {
        who none = {{-1, -1}, {-1, -1}, 0, {-1, -1}};
        return tok_is(d, cue.end, "by") ? np_after(d, cue.end + 1, hi) : none;
    }
    if (d->toks[c].lex && d->toks[c].lex->form == FORM_ING) {
        /* `He is telling allies…`, `He's telling…`: progressive. */
        if ((tok_lex(d, c - 1) & LX_AUX) || (c - 1 >= lo && (d->toks[c - 1].flags & TF_CONTR))) {
            int64_t j = c - 1;
            while (j > lo && (tok_lex(d, j) & (LX_AUX | LX_ADV | LX_NEG)) && !(d->toks[j].flags & TF_CONTR))
                j--;
            who w = np_ending(d, j, lo);
            if (w.mention.first >= 0)
                return w;
        }
        /* `footage of Hillary Clinton asking, "…"`: the name before it. */
        if (c - 1 >= lo && is_name_word(d, c - 1)) {
            who w = np_ending(d, c - 1, lo);
            /* Not a place or a medium: `responded on Facebook writing`. */
            uint32_t before = w.mention.first > lo ? tok_lex(d, w.mention.first - 1) : 0;
            if (w.name.first >= 0 && !((before & LX_PREP) && !(before & LX_POSTMOD)))
                return w;
        }
        /* `with 50 percent saying…`, `left 62 percent of voters saying…`:
         * the people right before it. */
        if (c - 1 >= lo && (tok_lex(d, c - 1) & LX_ROLE) && !(d->toks[c - 1].flags & TF_CAP)) {
            who w = np_ending(d, c - 1, lo);
            if (w.mention.first >= 0)
                return w;
        }
        who w = clause_subject(d, lo, c);
        if (w.mention.first < 0 && (c == lo || (c - 1 == lo && (tok_lex(d, lo) & (LX_CONJ | LX_PREP)))))
            return fronted_subject(d, c, hi);
        return w;
    }
    who w = np_before(d, c, lo);
    if (w.mention.first >= 0)
        return w;
    int64_t j = c - 1;
    while (j >= lo && (tok_lex(d, j) & (LX_ADV | LX_AUX | LX_NEG)))
        j--;
    if (tok_is(d, j, "and") || tok_is(d, j, "but"))
        return clause_subject(d, lo, c);   /* coordinated verbs */
    if (j >= lo && d->toks[j].type == TK_QUOTE)
        return np_after(d, cue.end, hi);   /* `"…," said X, "…"` */
    if (j < lo || (d->toks[c].flags & TF_SENT_START)) {
        /* `Said Ellis: "…"`, but not `Says Clinton would…` (a headline
         * whose reported clause starts after the verb). */
        who after = np_after(d, cue.end, hi);
        int64_t e = after.mention.end;
        if (after.mention.first >= 0 &&
            (e >= hi || tok_is_punct(d, e, ':') || tok_is_punct(d, e, ',') ||
             d->toks[e].type == TK_QUOTE))
            return after;
    }
    return w;
}

/* ---- resolution --------------------------------------------------------------- */

/* Fill the speaker of q from a speaker phrase. */
void resolve_speaker(doc *d, quote *q, who w) {
    q->mention = w.rel.first >= 0 ? w.rel : w.mention;
    q->entity = -1;
    q->desc.first = -1;
    if (w.mention.first < 0)
        return;
    if (w.pronoun) {
        /* Someone other than a person named in the quotation, if there
         * is one: `Ms. Ruiz was shocked, she said` has only her. */
        tspan content = {q->first_tok, q->end_tok}, none = {-1, -1};
        q->entity = resolve_pronoun(d, w.mention.first, content);
        if (q->entity < 0)
            q->entity = resolve_pronoun(d, w.mention.first, none);
        return;
    }
    if (w.name.first >= 0) {
        q->entity = entity_for_name(d, w.name);
        if (name_is_org(d, w.name)) {
            /* An organisation is named as written: "the White House". */
            q->entity = -1;
            q->desc = w.mention;
        } else if (q->entity >= 0) {
            d->ents[q->entity].person = 1;
        }
        return;
    }
    q->entity = resolve_nominal(d, w.mention);
    if (q->entity < 0)
        q->desc = w.mention;
}

static void copy_attribution(quote *to, const quote *from) {
    to->cue = from->cue;
    to->mention = from->mention;
    to->entity = from->entity;
    to->desc = from->desc;
}

/* ---- context --------------------------------------------------------------------- */

typedef struct ctx {
    int32_t prev_quote;      /* previous reported quotation, any paragraph */
    uint32_t last_para;      /* paragraph of the latest statement */
    int32_t last_entity;
    tspan last_desc;
    int have_last;
} ctx;


/* Where to look back from token i for its cue and speaker: the start of
 * its sentence, but never more than WINDOW tokens back, so that a
 * run-on "sentence" of a million marks costs linear time. */
static int64_t clause_start(const doc *d, int64_t i) {
    int64_t lo = sent_first(d, i);
    return i - lo > WINDOW ? i - WINDOW : lo;
}

/* The nearest cue to the left of `at` in [lo, at), outside quotations. */
static int64_t cue_left(const doc *d, int64_t lo, int64_t at, tspan *cue, unsigned classes) {
    for (int64_t i = at - 1; i >= lo; i--) {
        if (d->toks[i].quote >= 0)
            continue;
        if (speech_cue(d, i, at, cue, classes))
            return i;
    }
    return -1;
}

/* Tokens strictly between a and b that are words. */
static int words_between(const doc *d, int64_t a, int64_t b) {
    int n = 0;
    for (int64_t i = a + 1; i < b; i++)
        n += d->toks[i].type == TK_WORD;
    return n;
}

/* q is w's, introduced by the colon at token `colon` alone. */
static int by_colon(doc *d, quote *q, who w, int64_t colon) {
    resolve_speaker(d, q, w);
    q->cue.first = (int32_t)colon;
    q->cue.end = (int32_t)colon + 1;
    q->kind = QUOTH_KIND_DIRECT;
    q->confidence = 0.75;
    return 1;
}

/* `"You can't begin until you prove to people" that the border…`: the
 * sentence goes on after the quotation, which is only part of it. */
static int continues_clause(const doc *d, const quote *q) {
    int64_t i = q->close_tok + 1;
    /* A pronoun after it attributes it (`"…" he said`), unless it comes
     * with its own auxiliary: `"on her worst day" she'd be…`. */
    int attributes = is_pronoun_subject(d, i) &&
                     !((d->toks[i].flags & TF_CONTR) && !(tok_lex(d, i + 1) & LX_CUE));
    return q->close_tok >= 0 && tok_is_word(d, i) && d->toks[i].para == d->toks[q->close_tok].para &&
           !(d->toks[i].flags & (TF_CAP | TF_DIGIT)) && !attributes && !(tok_lex(d, i) & LX_CUE);
}

/* Who speaks in the clause [lo, colon) that a colon ends, introducing a
 * quotation: a headline or a label, `Russell Simmons stepping aside…:`,
 * the first name after any earlier colon; or `She then turned to the
 * crowd:`, a clause whose subject is a person's pronoun. */
static int colon_subject(doc *d, int64_t lo, int64_t last, who *w) {
    int64_t from = lo;
    for (int64_t i = lo; i < last; i++)
        if (tok_is_punct(d, i, ':'))
            from = i + 1;
    int64_t s = from;
    while (s < last && (is_adverb(d, s) || (tok_lex(d, s) & LX_CONJ)))
        s++;
    int64_t v = s + 1;
    while (v < last && is_adverb(d, v))
        v++;
    if (s < last && is_pronoun_subject(d, s) && !tok_is(d, s, "it") && v < last && tok_is_word(d, v) &&
        !(tok_lex(d, v) & LX_FUNCTION)) {
        who p = {{(int32_t)s, (int32_t)s + 1}, {-1, -1}, 1, {-1, -1}};
        *w = p;
        return 1;
    }
    /* A name no preposition governs; else, rather than nobody, the first
     * that one does (`killed in San Bernardino, …`). */
    who none = {{-1, -1}, {-1, -1}, 0, {-1, -1}};
    *w = none;
    for (int64_t i = from; i < last; i++) {
        if (!is_name_word(d, i))
            continue;
        tspan n = name_right(d, i, last);
        /* "Republican pollster Daron Shaw:": a role word is no name. */
        if (n.first < 0 || (n.end - n.first < 2 && (resolve_surname(d, n) < 0 ||
                                                     (tok_lex(d, n.first) & LX_ROLE))))
            continue;
        int governed = governed_by_prep(d, from, i);
        if (!governed || w->name.first < 0) {
            w->mention.first = (int32_t)title_start(d, n.first, from);
            w->mention.end = n.end;
            w->name = n;
        }
        if (!governed)
            break;
        i = n.end - 1;
    }
    return w->name.first >= 0;
}

/* Introduction before the quote in its own sentence segment. */
static int intro_before(doc *d, quote *q, int64_t lo, int64_t lo_full) {
    int64_t open = q->open_tok;
    if (open - 1 < lo)
        return 0;
    int64_t last = open - 1;
    int sep = tok_is_punct(d, last, ':') || tok_is_punct(d, last, ',');
    tspan cue;
    int64_t c = cue_left(d, lo, open, &cue, SAYING | CUES(CUE_DIALOGUE));
    if (c >= 0 && cue_class_of(d, c) != CUE_NAME) {
        int64_t after = cue.end;
        int bare = after == open;  /* `he said "…"` */
        if (!(sep || bare) || words_between(d, after - 1, open) > 12)
            return 0;
        /* A verb that only introduces dialogue needs its mark: `she
         * began: "…"`, but `he has begun "to unmask…"` is no speech. */
        if (!sep && cue_class_of(d, c) == CUE_DIALOGUE)
            return 0;
        /* `said that "…"` is reported speech; a colon still introduces
         * the quotation: `apologized for what happened: "…"`. */
        for (int64_t i = after; i < open && !tok_is_punct(d, last, ':'); i++)
            if (tok_lex(d, i) & (LX_COMP | LX_WH))
                return 0;
        who w = cue_subject(d, lo_full, c, cue, open);
        q->cue = cue;
        if (w.mention.first < 0 && d->toks[c].lex && d->toks[c].lex->form == FORM_ING) {
            /* `"…," Lumet wrote, later adding, "…"`: the speaker of the
             * quote before. */
            if (q - d->quotes > 0 && (q - 1)->para_last == q->para_first &&
                !(q - 1)->dropped) {
                copy_attribution(q, q - 1);
                q->cue = cue;
                q->kind = QUOTH_KIND_DIRECT;
                q->confidence = 0.85;
                return 1;
            }
        }
        if (w.mention.first < 0 && !tok_is_punct(d, last, ':'))
            return 0;
        resolve_speaker(d, q, w);
        /* `admitted "one or two instances" where…`: a fragment, without
         * punctuation of its own, that the sentence goes on after. */
        q->kind = continues_clause(d, q) && tok_is_word(d, q->end_tok - 1) ? QUOTH_KIND_MIXED
                                                                           : QUOTH_KIND_DIRECT;
        q->confidence = w.mention.first >= 0 ? 0.92 : 0.7;
        return 1;
    }
    who w;
    if (tok_is_punct(d, last, ':') && colon_subject(d, lo, last, &w))
        return by_colon(d, q, w, last);
    return 0;
}

/* Are tokens [a, b) only words that can modify a speaker phrase before
 * it: "Republican pollster", "the Post's senior editor", "Cummings and"? */
static int modifiers_only(const doc *d, int64_t a, int64_t b) {
    for (int64_t i = a; i < b; i++) {
        const tok *t = &d->toks[i];
        uint32_t lx = tok_lex(d, i);
        if (t->type == TK_QUOTE && i > a && (d->toks[i - 1].flags & TF_CAP))
            continue;   /* the apostrophe of "Sanders’ aide" */
        if (tok_is_punct(d, i, '.') && i > a && (tok_lex(d, i - 1) & LX_TITLE))
            continue;
        if (t->flags & TF_UPPER)
            continue;   /* "US Senator", not the pronoun "us" */
        if (t->type != TK_WORD || (lx & (LX_PRONOUN | LX_COMP | LX_WH | LX_AUX)) ||
            (is_verb_only_cue(d, i) && !(t->flags & TF_CAP)))
            return 0;
        if ((lx & LX_CONJ) && !(tok_is(d, i, "and") && is_name_word(d, i + 1)))
            return 0;
        if ((lx & LX_PREP) && !tok_is(d, i, "of"))
            return 0;
    }
    return 1;
}

/* Are tokens [a, c) only adverbs and auxiliaries ("has also")? */
static int modifiers_end(const doc *d, int64_t a, int64_t c) {
    for (int64_t i = a; i < c; i++)
        if (!(tok_lex(d, i) & (LX_ADV | LX_AUX)))
            return 0;
    return 1;
}

/* A word that announces a title or a coined term, not speech, in the two
 * before the mark: the film "…", so-called "…". */
static int title_context(const doc *d, int64_t open) {
    return (tok_lex(d, open - 1) & LX_TITLEMARK) || (tok_lex(d, open - 2) & LX_TITLEMARK);
}

/* "Rachel Getting Married": every word capitalised, no closing punctuation. */
static int is_title_case(const doc *d, const quote *q) {
    int words = 0, caps = 0;
    for (int64_t i = q->first_tok; i < q->end_tok; i++) {
        if (!tok_is_word(d, i))
            continue;
        words++;
        /* Titles keep short function words in lower case: "Orange Is the
         * New Black", "Orange is the New Black". */
        if ((d->toks[i].flags & (TF_CAP | TF_DIGIT)) ||
            (tok_lex(d, i) & (LX_DET | LX_PREP | LX_CONJ | LX_AUX)))
            caps++;
    }
    int64_t last = q->end_tok - 1;
    int punct_end = last >= q->first_tok && d->toks[last].type == TK_PUNCT;
    return words > 0 && words <= 10 && caps == words && !punct_end &&
           (d->toks[q->first_tok].flags & TF_CAP);
}

/* Does the quotation end like a sentence or a clause of speech? */
static int ends_utterance(const doc *d, const quote *q) {
    int64_t last = q->end_tok - 1;
    if (last < q->first_tok || d->toks[last].type != TK_PUNCT)
        return 0;
    uint32_t cp = d->toks[last].cp;
    return cp == '.' || cp == '!' || cp == '?' || cp == ',' || cp == 0x2026;
}

/* Attribution after the quote: `", X said`, `", said X`, `" — X`. */
/* Does the sentence end with `, X said.`: the speaker phrase w after a
 * comma, and the cue, then only punctuation before hi? */
static int ends_with_attribution(const doc *d, who w, tspan cue, int64_t hi) {
    if (w.mention.first < 1 || !tok_is_punct(d, w.mention.first - 1, ','))
        return 0;
    for (int64_t k = cue.end; k < hi; k++)
        if (d->toks[k].type != TK_PUNCT)
            return 0;
    return 1;
}

static int attribution_after(doc *d, quote *q, int64_t hi) {
    int64_t i = q->close_tok + 1;
    while (i < hi && tok_is_punct(d, i, ','))
        i++;
    while (i < hi && d->toks[i].type == TK_OTHER)
        i++;   /* the picture link of an embedded tweet */
    if (i >= hi)
        return 0;
    if (d->toks[i].type == TK_DASH) {
        who w = np_after(d, i + 1, hi);
        if (w.mention.first < 0)
            return 0;
        resolve_speaker(d, q, w);
        q->confidence = 0.85;
        return 1;
    }
    for (int64_t c = i; c < hi && c - i < 30; c++) {
        tspan cue;
        if (d->toks[c].type == TK_QUOTE) {
            /* `…," delegate Bill Eastland, wearing "Ted Cruz" pins, said`:
             * a name in marks, not a quotation, inside the speaker phrase. */
            const quote *t = d->toks[c].quote >= 0 ? &d->quotes[d->toks[c].quote] : NULL;
            if (t && t > q && t->open_tok == c && t->close_tok > c && is_title_case(d, t)) {
                c = t->close_tok;
                continue;
            }
            return 0;
        }
        if (!speech_cue(d, c, hi, &cue, SAYING | CUES(CUE_DIALOGUE)))
            continue;
        who w;
        uint8_t cls = 0;
        phrase_at(d, c, hi, &cls);
        if (c == i || cls == CUE_SOURCE) {
            w = cls == CUE_SOURCE ? source_after(d, cue.end, hi) : np_after(d, cue.end, hi);
            if (cls == CUE_SOURCE && c != i)
                return 0;
            /* `Ortiz, citing "the magic of it," said the ferry could…`:
             * a fragment inside a phrase, and a clause after the verb,
             * whose subject is no speaker; the verb's subject is. */
            if (tok_is_word(d, q->open_tok - 1) && subject_of_clause_at(d, cue.end, hi))
                w = np_before(d, c, sent_first(d, q->open_tok));
        } else {
            who b = np_before(d, c, i);
            if (b.mention.first > (int32_t)i && modifiers_only(d, i, b.mention.first))
                b.mention.first = (int32_t)i;
            w = b;
            if (w.mention.first != (int32_t)i) {
                /* `", X, the attorney general of Y, one of…, said`: the
                 * phrase right after the quote, closed by a comma. */
                w = np_after(d, i, c);
                if (w.mention.first != (int32_t)i ||
                    !(tok_is_punct(d, w.mention.end, ',') || modifiers_end(d, w.mention.end, c))) {
                    /* `"I admire the mechanics" of the plan, Hale said.`:
                     * the quotation is a fragment of Hale's sentence. */
                    if (!ends_with_attribution(d, b, cue, hi) || !continues_clause(d, q))
                        return 0;
                    w = b;
                    q->kind = QUOTH_KIND_MIXED;
                }
            }
        }
        if (w.mention.first < 0)
            return 0;
        q->cue = cue;
        resolve_speaker(d, q, w);
        q->confidence = w.pronoun && q->entity < 0 ? 0.85 : 0.95;
        return 1;
    }
    return 0;
}

/* Does q resume the quotation before it after an interrupting
 * attribution: `"The risk," said X, a professor, "is that…"`? */
static int resumes(const doc *d, const quote *q, const quote *prev) {
    if (prev->dropped || prev->cue.first < 0 || prev->close_tok < 0 ||
        d->toks[prev->close_tok].sent != d->toks[q->open_tok].sent)
        return 0;
    int64_t c = prev->cue.first;
    if (c <= prev->close_tok || c >= q->open_tok ||
        !(tok_is_punct(d, q->open_tok - 1, ',') || tok_is_punct(d, q->open_tok - 1, ';')))
        return 0;
    for (int64_t i = prev->cue.end; i < q->open_tok; i++) {
        tspan other;
        if (speech_cue(d, i, q->open_tok, &other, SAYING))
            return 0;
    }
    return 1;
}

/* A fragment inside reported speech: the nearest cue before it in the
 * sentence, outside quotations. */
static int governing_cue(doc *d, quote *q, int64_t lo_full) {
    tspan cue;
    if (title_context(d, q->open_tok) || is_title_case(d, q))
        return 0;
    int64_t c = cue_left(d, lo_full, q->open_tok, &cue, SAYING | CUES(CUE_NAME));
    if (c < 0)
        return 0;
    who w = cue_subject(d, lo_full, c, cue, q->open_tok);
    if (w.mention.first < 0)
        return 0;
    q->cue = cue;
    resolve_speaker(d, q, w);
    /* `X said on Twitter on Monday, in reference to…, "Next summer…!"`:
     * a whole sentence set off by a comma is said as it stands. */
    int whole = tok_is_punct(d, q->open_tok - 1, ',') && (d->toks[q->first_tok].flags & TF_CAP) &&
                ends_utterance(d, q) && !tok_is_punct(d, q->end_tok - 1, ',');
    q->kind = whole ? QUOTH_KIND_DIRECT : QUOTH_KIND_MIXED;
    q->confidence = 0.8;
    return 1;
}

static int word_count(const doc *d, const quote *q) {
    int n = 0;
    for (int64_t i = q->first_tok; i < q->end_tok; i++)
        n += tok_is_word(d, i);
    return n;
}

/* The speaker of a statement in the sentence that ends at token `last`:
 * `In a statement, the mayor's office said:`, `…," she told AFP.` */
static int statement_before(doc *d, int64_t last, who *w, tspan *cue) {
    int64_t lo = clause_start(d, last);
    int64_t c = cue_left(d, lo, last + 1, cue, SAYING);
    if (c < 0)
        return 0;
    /* `Ortiz was asked why…` and then a quotation: the one asked
     * answers (but after `was asked:` comes the question). */
    if (passive_cue(d, lo, c) && !tok_is_punct(d, last, ':'))
        *w = np_before(d, c, lo);
    else
        *w = cue_subject(d, lo, c, *cue, last + 1);
    return w->mention.first >= 0;
}

/* A quote paragraph without a cue continues the statement the previous
 * paragraph made or introduced. */
static int from_context(doc *d, quote *q, const ctx *cx) {
    uint32_t p = q->para_first;
    if (p > 0) {
        int64_t last = d->paras[p - 1].tok_end - 1;
        const quote *prev = cx->prev_quote >= 0 ? &d->quotes[cx->prev_quote] : NULL;
        if (prev && prev->kind == QUOTH_KIND_DIRECT && prev->cue.first >= 0 &&
            (prev->entity >= 0 || prev->desc.first >= 0) &&
            d->toks[prev->cue.first].sent == d->toks[last].sent && !tok_is_punct(d, last, ':')) {
            /* `"…," McCaul said, though officials haven't said so.` then
             * `"…"`: the quotation's speaker goes on, not the last one the
             * sentence names. */
            q->entity = prev->entity;
            q->desc = prev->desc;
            q->kind = QUOTH_KIND_DIRECT;
            q->confidence = 0.75;
            return 1;
        }
        who w;
        tspan cue;
        if (statement_before(d, last, &w, &cue)) {
            resolve_speaker(d, q, w);
            q->kind = QUOTH_KIND_DIRECT;
            if (tok_is_punct(d, last, ':')) {
                /* An introduction: `…said:` then `"…"` is attributed there. */
                q->cue = cue;
                q->confidence = 0.88;
            } else {
                /* A continuation: the speaker is known, but the quote is
                 * attached to no words of its own. */
                q->mention.first = -1;
                q->confidence = 0.75;
            }
            return 1;
        }
        /* `…, Cruz called them on it:` then the quotation: the subject of
         * the last clause, a name and its verb. */
        int64_t from = clause_start(d, last);
        for (int64_t i = from; i < last; i++)
            if (tok_is_punct(d, i, ',') || d->toks[i].type == TK_DASH)
                from = i + 1;
        if (tok_is_punct(d, last, ':') && colon_subject(d, from, last, &w) && !w.pronoun &&
            w.mention.first == from && !(d->toks[from].flags & TF_SENT_START) &&
            tok_is_word(d, w.mention.end) && !(d->toks[w.mention.end].flags & TF_CAP)) {
            by_colon(d, q, w, last);
            q->confidence = 0.7;
            return 1;
        }
    }
    /* A lone word in marks at the head of a paragraph ("Related") is a
     * label, not something said. */
    if (!cx->have_last || p - cx->last_para > 2 || word_count(d, q) < 2)
        return 0;
    q->entity = cx->last_entity;
    q->desc = cx->last_desc;
    q->kind = QUOTH_KIND_DIRECT;
    q->confidence = p - cx->last_para <= 1 ? 0.75 : 0.6;
    return 1;
}

static void remember(ctx *cx, const quote *q, int32_t index) {
    cx->prev_quote = index;
    if (q->entity >= 0 || q->desc.first >= 0) {
        cx->have_last = 1;
        cx->last_entity = q->entity;
        cx->last_desc = q->desc;
        cx->last_para = q->para_last;
    }
}

static void attribute_one(doc *d, quote *q, ctx *cx) {
    int64_t open = q->open_tok;
    int64_t lo_full = clause_start(d, open);
    int64_t lo = lo_full;
    int32_t self = (int32_t)(q - d->quotes);
    const quote *prev = cx->prev_quote >= 0 ? &d->quotes[cx->prev_quote] : NULL;
    int same_para = prev && prev->para_last == q->para_first;
    if (same_para && prev->close_tok >= lo)
        lo = prev->close_tok + 1;
    /* `("We have persuaded them," he said.)` starts its sentence too. */
    int64_t first = sent_first(d, open);
    int bracketed = open == first + 1 && (tok_is_punct(d, first, '(') || tok_is_punct(d, first, '['));
    int at_start = open == (int64_t)d->paras[q->para_first].tok_first || open == first || bracketed;
    int64_t own = q->close_tok >= 0 ? sent_end(d, q->close_tok) : q->end_tok, hi = own;
    /* `"Why?" Trump asked.`: the quote ended its sentence, but the
     * attribution is the next one. */
    if (q->close_tok >= 0 && hi == q->close_tok + 1 && (uint32_t)hi < d->ntoks &&
        d->toks[hi].para == d->toks[q->close_tok].para)
        hi = sent_end(d, hi);
    if (self + 1 < (int32_t)d->nquotes) {
        const quote *next = q + 1;
        if (next->open_tok < hi && next->open_tok > q->open_tok && !is_title_case(d, next))
            hi = next->open_tok;
    }
    if (hi > own && tok_is_punct(d, hi - 1, ':'))
        hi = own;   /* `Mr. Zahid said: "…"` introduces the quotation after it */
    q->kind = QUOTH_KIND_DIRECT;
    if (!at_start && same_para && resumes(d, q, prev)) {
        copy_attribution(q, prev);
        q->confidence = 0.92;
        goto done;
    }
    /* `…by explaining it was classified: "Trust me…," Sullivan wrote.`
     * A sentence after a colon is said by whoever the words after it
     * name, not by the clause before the colon. (A tweet's credit line,
     * `— Channel 9 News`, names who posted it, not who spoke.) */
    if (!at_start && tok_is_punct(d, open - 1, ':') && (d->toks[q->first_tok].flags & TF_CAP) &&
        q->close_tok >= 0 && tok_is_word(d, q->close_tok + 1 + tok_is_punct(d, q->close_tok + 1, ',')) &&
        attribution_after(d, q, hi))
        goto done;
    if (!at_start && intro_before(d, q, lo, lo_full))
        goto done;
    if (!at_start && governing_cue(d, q, lo_full))
        goto done;
    if (q->close_tok >= 0 && attribution_after(d, q, hi)) {
        /* Embedded in a clause and attributed after it: `The plans are
         * "a mess," said X` is a fragment of X's statement. After a colon
         * or a comma ("As for cost, "…," said X") it is a whole utterance. */
        if (!at_start && !tok_is_punct(d, open - 1, ':') && !tok_is_punct(d, open - 1, ',')) {
            q->kind = QUOTH_KIND_MIXED;
            q->dropped = title_context(d, open) || is_title_case(d, q);
        }
        goto done;
    }
    if (!at_start) {
        q->dropped = 1;
        goto done;
    }
    /* At the start of its sentence with no attribution of its own. */
    if (same_para && !prev->dropped) {
        copy_attribution(q, prev);
        q->confidence = 0.9;
        q->kind = continues_clause(d, q) ? QUOTH_KIND_MIXED : QUOTH_KIND_DIRECT;
        goto done;
    }
    if ((word_count(d, q) < 4 && is_title_case(d, q)) || !from_context(d, q, cx)) {
        /* Nobody to attribute it to: keep it only if it reads as speech. */
        q->dropped = word_count(d, q) < 4 || q->unclosed || !ends_utterance(d, q);
        q->confidence = 0.3;
    } else if (continues_clause(d, q)) {
        q->kind = QUOTH_KIND_MIXED;
    }
done:
    if (q->unclosed)
        q->confidence *= 0.8;
    if (q->entity < 0 && q->desc.first < 0)
        q->confidence *= 0.6;
    if (!q->dropped)
        remember(cx, q, self);
}

int attribute_quotes(doc *d) {
    ctx cx = {-1, 0, -1, {-1, -1}, 0};
    for (uint32_t k = 0; k < d->nquotes; k++) {
        quote *q = &d->quotes[k];
        if (q->dropped)
            continue;
        /* Marks around nothing but punctuation quote nobody: `""`. */
        if (word_count(d, q) == 0) {
            q->dropped = 1;
            continue;
        }
        attribute_one(d, q, &cx);
        if (d->ar->failed)
            return -1;
    }
    return 0;
}
