/* attrib.h - speaker phrases around cues, shared by direct and indirect speech. */
#ifndef QUOTH_ATTRIB_H
#define QUOTH_ATTRIB_H

#include "doc.h"

/* A speaker phrase: its tokens, the name inside it, whether a pronoun. */
typedef struct who {
    tspan mention;
    tspan name;      /* first < 0: a description or a pronoun */
    int pronoun;
    /* The relative pronoun that is the cue's subject (`Ortiz, who said`):
     * the words the quote is attached to, as a pronoun is. first < 0
     * when there is none. */
    tspan rel;
} who;

/* A set of cue classes, for speech_cue(). */
#define CUES(cls) (1u << (cls))
#define SAYING (CUES(CUE_SPEECH) | CUES(CUE_WRITE) | CUES(CUE_SOURCE))

/* Is token i a reporting verb (or multi-word cue) of one of `classes`
 * here? Its class (enum cue_class), with its tokens in *cue; 0 when not. */
int speech_cue(const doc *d, int64_t i, int64_t hi, tspan *cue, unsigned classes);
/* A multi-word cue starting at token i: its length and class, or 0. */
int phrase_at(const doc *d, int64_t i, int64_t hi, uint8_t *cls);
/* An adverb: listed, or an unlisted lower-case word in -ly. */
int is_adverb(const doc *d, int64_t i);
/* Is the verb form at i a noun after an article or a possessive and one
 * modifier: "a neighboring state", "a leading advocate for"? */
int modified_noun(const doc *d, int64_t i);
/* A lower-case word in -ed that no list knows: most likely a verb
 * ("stepped", "voted"). */
int is_past_form(const doc *d, int64_t i);
/* A form of "be": is, are, was, were, be, been, being. */
int is_be(const doc *d, int64_t i);
/* he, she, they, we, I */
int is_pronoun_subject(const doc *d, int64_t i);
/* Where the story starts after a dateline (`WASHINGTON —`) that opens
 * its paragraph at lo, before c; lo when there is none. */
int64_t after_dateline(const doc *d, int64_t lo, int64_t c);
/* The speaker of the cue at c in the sentence starting at lo. */
who cue_subject(const doc *d, int64_t lo, int64_t c, tspan cue, int64_t hi);
/* Set the speaker of q (entity or description) from a speaker phrase. */
void resolve_speaker(doc *d, quote *q, who w);

static inline int64_t sent_first(const doc *d, int64_t i) { return d->sents[d->toks[i].sent].tok_first; }
static inline int64_t sent_end(const doc *d, int64_t i) { return d->sents[d->toks[i].sent].tok_end; }

/* The speaker phrase starting at token i ("said X"), before hi. */
who np_after(const doc *d, int64_t i, int64_t hi);
/* The source named after "according to", starting at token i. */
who source_after(const doc *d, int64_t i, int64_t hi);
/* The subject of the cue at token c ("X said"), not before lo. */
who np_before(const doc *d, int64_t c, int64_t lo);
/* Does a clause open at i with a noun phrase and an auxiliary, `the
 * ferry could…`, so that the phrase is its subject, not a speaker? */
int subject_of_clause_at(const doc *d, int64_t i, int64_t hi);

#endif
