/* speaker.h - names, entities and what mentions refer to. */
#ifndef QUOTH_SPEAKER_H
#define QUOTH_SPEAKER_H

#include "doc.h"

/* A capitalised name word outside quotations (not a title, pronoun or
 * function word). */
int is_name_word(const doc *d, int64_t i);
/* A single capital followed by a period: "J." */
int is_initial(const doc *d, int64_t i);
/* The name starting at token i (up to hi), or ending at token i (down to
 * lo). first < 0 when there is none. */
tspan name_right(const doc *d, int64_t i, int64_t hi);
tspan name_left(const doc *d, int64_t i, int64_t lo);

/* "ABC News", "the White House": a name with an organisation word or an
 * acronym in it names an organisation, not a person. */
int name_is_org(const doc *d, tspan n);

/* First pass: every name in the document, grouped into entities, with
 * gender evidence. 0, or -1 out of memory. */
int collect_mentions(doc *d);
/* The entity a name refers to, made if new. */
int32_t entity_for_name(doc *d, tspan name);
/* The entity an earlier single surname refers to; -1. */
int32_t resolve_surname(doc *d, tspan name);
/* Is there a name mention at token `at`? */
int mentioned_at(const doc *d, int64_t at);
/* The person a singular pronoun at token `at` refers to; -1. People
 * named in tokens `skip` (the quotation the pronoun is the speaker of)
 * are passed over: in `Trump is no conservative, he said`, "he" is not
 * Trump. {-1, -1} skips nobody. */
int32_t resolve_pronoun(doc *d, int64_t at, tspan skip);
/* The person a definite description refers to: "the senator" after
 * "Sen. Jane Doe". -1 when none. */
int32_t resolve_nominal(doc *d, tspan mention);
/* LG_FEMALE, LG_MALE or LG_NONE from the votes. */
uint8_t entity_gender(const entity *e);

#endif
