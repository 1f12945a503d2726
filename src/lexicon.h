/* lexicon.h - the word lists of data/, compiled in by tools/gen_lexicon.py. */
#ifndef QUOTH_LEXICON_H
#define QUOTH_LEXICON_H

#include <stddef.h>
#include <stdint.h>

/* Word classes; a word may have several ("president": title and role). */
enum {
    LX_CUE = 1u << 0,     /* reporting verb form */
    LX_TITLE = 1u << 1,   /* honorific or title before a name */
    LX_PRONOUN = 1u << 2,
    LX_TIME = 1u << 3,    /* day, month, "yesterday" */
    LX_ORG = 1u << 4,     /* head noun of an organisation */
    LX_ROLE = 1u << 5,    /* noun for a person by role */
    LX_PHRASE = 1u << 6,  /* first word of a multi-word cue */
    LX_DET = 1u << 7,
    LX_PREP = 1u << 8,
    LX_CONJ = 1u << 9,
    LX_AUX = 1u << 10,
    LX_ADV = 1u << 11,
    LX_NEG = 1u << 12,
    LX_COMP = 1u << 13,   /* "that" */
    LX_WH = 1u << 14,     /* which, who, what */
    LX_OTHER = 1u << 15,
    LX_ABBR = 1u << 16,   /* a period after it ends no sentence */
    LX_CONTENT = 1u << 17, /* its object is what was said: "touted her plan" */
    LX_SUBJ = 1u << 18,   /* a pronoun that can say something: he, they */
    LX_OBJ = 1u << 19,    /* a pronoun for the one spoken to: him, them */
    LX_PARTICLE = 1u << 20, /* inside a name: "van", "de", "bin" */
    LX_SUFFIX = 1u << 21, /* after a surname: "Jr.", "III" */
    LX_TITLEMARK = 1u << 22, /* before a quoted title: "the film", "so-called" */
    LX_HEARER = 1u << 23, /* verb whose first object is the hearer: "told" */
    LX_BARE = 1u << 24,   /* verb reporting a clause without "that": "said" */
    LX_POSTMOD = 1u << 25, /* preposition after a speaker's noun: "an aide to" */
    LX_RELATION = 1u << 26, /* adjective before it: "a person close to" */
    LX_TOVERB = 1u << 27, /* verb reporting "to" + verb: "vowed to", "asked X to" */
    LX_COORD = 1u << 28,  /* conjunction joining equals: "and", "but" */
    LX_SURNAME = 1u << 29, /* a time word that is also a surname: "Theresa May" */
    LX_NUMBER = 1u << 30  /* an abbreviation only before a number: "No. 2" */
};
/* Verb reporting a question: "asked whether", "explained why". Outside
 * the enum, whose values ISO C keeps within int. */
#define LX_QUESTION (1u << 31)

#define LX_FUNCTION (LX_DET | LX_PREP | LX_CONJ | LX_AUX | LX_ADV | LX_NEG | LX_COMP | LX_WH)

enum cue_class { CUE_NONE, CUE_SPEECH, CUE_WRITE, CUE_THINK, CUE_NAME, CUE_SOURCE, CUE_MANNER,
                 CUE_CONTENT, CUE_DIALOGUE };
enum cue_form { FORM_NONE, FORM_BASE, FORM_3SG, FORM_PAST, FORM_ING };
enum lex_gender { LG_NONE, LG_FEMALE, LG_MALE };
/* A determiner that can stand for its noun: "one said", "many say". */
enum lex_alone { LA_NO, LA_SG, LA_PL };
/* What else a reporting verb takes, beyond its LX_ tags (which have no bit
 * left): a gerund that is what was said ("reported spending $6 million",
 * "admitted taking the money"). */
enum lex_takes { LT_ING = 1u << 0 };

typedef struct lex_entry {
    const char *word;
    uint8_t len;
    uint32_t flags;
    uint8_t cue;     /* enum cue_class */
    uint8_t form;    /* enum cue_form */
    uint8_t gender;  /* enum lex_gender */
    uint8_t plural;
    uint8_t alone;   /* enum lex_alone */
    uint8_t takes;   /* enum lex_takes */
    uint16_t phrase_first, phrase_n;  /* the multi-word cues it starts */
    uint16_t canon;  /* index of the word it abbreviates ("sen": "senator"), else itself */
} lex_entry;

typedef struct lex_phrase {
    const char *words[6];
    uint8_t n;
    uint8_t cue;     /* enum cue_class */
} lex_phrase;

/* No listed word is longer than this many bytes (checked by lexicon.c). */
#define LEX_MAX_WORD 24u

/* lex_lookup() reads this many bytes at `word`, whatever its length. */
#define LEX_KEY_BYTES 16u

/* Look up the `len` bytes at `word`; ASCII letters may be in either case,
 * other characters must be lower-cased already. LEX_KEY_BYTES bytes must
 * be readable at `word` (those past `len` are ignored): words are looked
 * up where they stand in the text. NULL when it is in no list. */
const lex_entry *lex_lookup(const char *word, size_t len);
/* The entry an abbreviation stands for ("sen" -> "senator"), else e. */
const lex_entry *lex_canon(const lex_entry *e);

/* The multi-word cues that `e` starts, longest first; *count of them. */
const lex_phrase *lex_phrases_of(const lex_entry *e, size_t *count);

#endif
