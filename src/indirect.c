/* indirect.c - reported speech without quote marks.
 *
 * Three shapes, each around a reporting verb outside quotation marks:
 *   X said (that) CLAUSE        X told Y (that) CLAUSE      X issued a
 *                                                           statement saying CLAUSE
 *   CLAUSE, X said.             CLAUSE, said X.
 *   according to X, CLAUSE      CLAUSE, according to X.
 * The reported span is the clause, without the complementizer and final
 * punctuation. Acts of saying and writing are reported; verbs of thinking
 * ("believes") only with QUOTH_FLAG_THOUGHTS, as they are not speech. A
 * clause that holds a reported quotation is left to the quotation (a
 * mixed quote). Verbs whose object is the content of a statement ("touted
 * her plan") report that object.
 */
#include "attrib.h"
#include "speaker.h"
#include "indirect.h"

/* The longest report, in tokens. PolNeAR's longest indirect quotation is
 * 89 tokens; a bound keeps the work per cue constant, so a run-on
 * sentence of a million cues costs linear time. */
#define MAX_REPORT 120

/* Verbs whose first object is the hearer: "told reporters that…". */
static int takes_hearer(const doc *d, int64_t c) { return (tok_lex(d, c) & LX_HEARER) != 0; }

/* "say", "tell" and their like can report a bare clause ("said he would
 * go"); other verbs need "that" ("argued that…"). */
static int takes_bare_clause(const doc *d, int64_t c) { return (tok_lex(d, c) & LX_BARE) != 0; }

/* Can a reported clause start at token i? Not a preposition, adverb,
 * time word or "nothing": "said Monday", "said in", "said so". */
static int clause_starts(const doc *d, int64_t i) {
    if (!tok_is_word(d, i))
        return 0;
    if (is_pronoun_subject(d, i) || tok_is(d, i, "it") || tok_is(d, i, "there") ||
        tok_is(d, i, "this"))
        return 1;
    /* "said so", "said no", "said nothing" (LX_OTHER): an answer, not a
     * clause; "said them", "told him": an object ("her" may open "her
     * plan would…"). */
    if ((tok_lex(d, i) & LX_OBJ) && !tok_is(d, i, "her"))
        return 0;
    return !(tok_lex(d, i) & (LX_TIME | LX_PREP | LX_AUX | LX_CONJ | LX_WH | LX_NEG | LX_ADV |
                              LX_CUE | LX_COMP | LX_OTHER));
}

/* Do "to" and a verb start at k: `to use`, not `to the city`? */
static int to_infinitive(const doc *d, int64_t k) {
    return tok_is(d, k, "to") && tok_is_word(d, k + 1) && !(tok_lex(d, k + 1) & (LX_FUNCTION | LX_PRONOUN));
}

/* Where "that" ends the rest of a hearer that np_after() did not read,
 * from j: "the Post that", "The Washington Post's editorial board that";
 * -1 when a clause comes first. */
static int64_t that_within(const doc *d, int64_t j, int64_t hi) {
    for (int64_t k = j; k < hi && k - j <= 8 && tok_is_word(d, k); k++) {
        if (tok_is(d, k, "that"))
            return k;
        if (to_infinitive(d, k))   /* `urged Ortiz to use that money` */
            break;
        uint32_t lx = tok_lex(d, k);
        if (((lx & (LX_CUE | LX_COMP | LX_WH | LX_AUX | LX_PRONOUN)) || ((lx & LX_CONJ) && !(lx & LX_COORD))) &&
            !(d->toks[k].flags & TF_CAP))   /* "the Post" is a name; "whether" opens a question */
            break;
    }
    return -1;
}

/* Skip what may stand between a verb and its clause: the hearer,
 * "in a statement", "on Monday", "last week". Returns the new position. */
static int64_t skip_verb_complements(const doc *d, int64_t j, int64_t hi, int hearer) {
    if (hearer && j < hi) {
        if (tok_lex(d, j) & LX_OBJ) {
            j++;
        } else {
            who w = np_after(d, j, hi);
            if (w.mention.first == (int32_t)j)
                j = w.mention.end;
            int64_t t = that_within(d, j, hi);
            if (t >= 0)
                j = t;
        }
    }
    for (int rounds = 0; rounds < 3 && j < hi; rounds++) {
        uint8_t cls;
        int n = phrase_at(d, j, hi, &cls);
        if (tok_is_punct(d, j, ',') && is_adverb(d, j + 1) && tok_is_punct(d, j + 2, ',')) {
            j += 3;   /* `told POLITICO, however, that…` */
            continue;
        }
        uint8_t cls2;
        int n2 = tok_is_punct(d, j, ',') ? phrase_at(d, j + 1, hi, &cls2) : 0;
        if (n2 && cls2 == CUE_MANNER && tok_is_punct(d, j + 1 + n2, ',')) {
            j += n2 + 2;   /* `said, in a statement, that…` */
            continue;
        }
        if (n && cls == CUE_MANNER) {
            j += n;
        } else if (((tok_lex(d, j) & LX_TIME) || (tok_is(d, j, "this") && (tok_lex(d, j + 1) & LX_TIME))) &&
                   !(d->toks[j].flags & TF_POSS) && !(d->toks[j + 1].flags & TF_POSS)) {
            /* `said Monday`, `announced this month`, `said last week the
             * ferry…`; but `said Monday's vote…` is the clause. */
            while (j < hi && ((tok_lex(d, j) & LX_TIME) ||
                              ((tok_lex(d, j) & LX_DET) && (tok_lex(d, j + 1) & LX_TIME))))
                j++;
        } else if ((tok_is(d, j, "on") || tok_is(d, j, "in") || tok_is(d, j, "during")) &&
                   (tok_lex(d, j + 1) & LX_TIME)) {
            j += 2;
        } else {
            break;
        }
        if (tok_is_punct(d, j, ','))
            j++;
    }
    return j;
}

/* Does [a, b) hold a token of a reported quotation? */
static int holds_quote(const doc *d, int64_t a, int64_t b) {
    for (int64_t i = a; i < b; i++)
        if (d->toks[i].quote >= 0 && !d->quotes[d->toks[i].quote].dropped)
            return 1;
    return 0;
}

static int is_trailing_punct(const tok *t) {
    return t->type == TK_PUNCT || t->type == TK_DASH;
}

/* Add an indirect quotation over tokens [a, b) if it is long enough. */
static int emit(doc *d, int64_t a, int64_t b, tspan cue, who w, double conf) {
    if (b - a > MAX_REPORT)
        return 0;
    /* A report inside a relative clause ends with it: `Ortiz, who had
     * urged the council to wait, said …`. */
    for (int64_t i = a; i + 1 < b; i++) {
        const lex_entry *e = d->toks[i + 1].lex;
        if (tok_is_punct(d, i, ',') && e && (e->flags & LX_CUE) &&
            (e->form == FORM_PAST || e->form == FORM_3SG)) {
            b = i;
            break;
        }
    }
    while (b > a && is_trailing_punct(&d->toks[b - 1]))
        b--;
    int words = 0;
    for (int64_t i = a; i < b; i++)
        words += tok_is_word(d, i);
    if (words < 3 || holds_quote(d, a, b))
        return 0;
    int64_t k = DOC_PUSH(d, quotes, nquotes, cap_quotes);
    if (k < 0)
        return -1;
    quote *q = &d->quotes[k];
    *q = (quote){0};   /* the slot may hold a quotation find_quotes() dropped */
    q->start = d->toks[a].start;
    q->end = d->toks[b - 1].end;
    q->open_tok = q->close_tok = -1;
    q->first_tok = (int32_t)a;
    q->end_tok = (int32_t)b;
    q->para_first = q->para_last = d->toks[a].para;
    q->kind = QUOTH_KIND_INDIRECT;
    q->cue = cue;
    q->confidence = conf;
    resolve_speaker(d, q, w);
    if (q->entity < 0 && q->desc.first < 0)
        q->confidence *= 0.6;
    return 1;
}

static int appositive_at(const doc *d, int64_t i, int64_t hi);

/* Does the phrase at i run to hi, no comma or dash closing it first? */
static int runs_to_end(const doc *d, int64_t i, int64_t hi) {
    for (int64_t k = i; k < hi; k++)
        if (d->toks[k].quote < 0 && (tok_is_punct(d, k, ',') || d->toks[k].type == TK_DASH))
            return 0;
    return 1;
}

/* Does the writer's description of what came before start at i and run
 * to hi: `…, a recommendation the board adopted.`? */
static int description_at(const doc *d, int64_t i, int64_t hi) {
    /* `…with NATO, the alliance that…`: "the" after a name describes it. */
    int det = tok_is(d, i, "a") || tok_is(d, i, "an") ||
              (tok_is(d, i, "the") && tok_is_punct(d, i - 1, ',') && is_name_word(d, i - 2));
    if (!det || !runs_to_end(d, i, hi) || !appositive_at(d, i, hi))
        return 0;
    /* `…on Israel, the nuclear deal and the budget`: a list goes on. */
    for (int64_t k = i; k < hi && !(tok_lex(d, k) & (LX_WH | LX_COMP)); k++)
        if (tok_lex(d, k) & LX_COORD)
            return 0;
    return 1;
}

/* Does the word at i end in `suffix`, after at least three letters? */
static int ends_in(const doc *d, int64_t i, const char *suffix) {
    size_t n = tok_len(d, i), k = strlen(suffix);
    return n > k + 2 && memcmp(d->text + d->toks[i].end - k, suffix, k) == 0;
}

/* The first comma in [i, hi) outside quotations, or -1. */
static int64_t next_comma(const doc *d, int64_t i, int64_t hi) {
    if (hi - i > MAX_REPORT)
        hi = i + MAX_REPORT;
    for (; i < hi; i++)
        if (tok_is_punct(d, i, ',') && d->toks[i].quote < 0)
            return i;
    return -1;
}

/* `…but added`, `…and said`: a new statement starts at i. */
static int starts_statement(const doc *d, int64_t i) {
    return (tok_lex(d, i) & LX_COORD) && (tok_lex(d, i + 1) & LX_CUE) &&
           d->toks[i + 1].lex->form >= FORM_3SG && (tok_is(d, i, "and") || tok_is(d, i, "but"));
}

/* Where a reported clause starting at j ends: at the sentence end, a
 * semicolon, or a comma or dash before a clause of the writer's own:
 * `…, when X launched`, `… - though…`, `…, despite…`, `…, and X sued`
 * (but not `…, and that…`, which goes on reporting). */
static int64_t clause_end(const doc *d, int64_t j, int64_t hi) {
    if (hi - j > MAX_REPORT)
        hi = j + MAX_REPORT;
    for (int64_t i = j; i + 1 < hi; i++) {
        const tok *t = &d->toks[i];
        if (t->quote >= 0)
            continue;
        if (tok_is_punct(d, i, ';'))
            return i;
        if (starts_statement(d, i))
            return i;
        if (!tok_is_punct(d, i, ',') && t->type != TK_DASH)
            continue;
        int64_t n = i + 1;
        if (tok_is(d, n, "despite"))
            return i;
        /* `…, because they need…`: the reason is part of the report. */
        if (tok_is(d, n, "because"))
            continue;
        /* `…, arguing that…`, `… - noting that…`, `…, according to the
         * AP`: the writer's own words about the statement. */
        const lex_entry *e = d->toks[n].lex;
        uint8_t cls = 0;
        if ((e && (e->flags & LX_CUE) && e->form == FORM_ING) ||
            (phrase_at(d, n, hi, &cls) && cls == CUE_SOURCE))
            return i;
        /* `…, compared with…`, `…, based on…`: the writer's comparison;
         * but `200,000 felons, convicted of crimes, will be…` is an aside
         * inside the clause, its verb after it. */
        if (is_past_form(d, n) && (tok_lex(d, n + 1) & LX_PREP)) {
            int64_t k = next_comma(d, n, hi);
            if (k < 0 || k - n > 16 || !(tok_lex(d, k + 1) & LX_AUX))
                return i;
            i = k;
            continue;
        }
        /* `…, which he said would be its lowest`: a report of its own. */
        if ((tok_lex(d, n) & LX_WH) && (is_pronoun_subject(d, n + 1) || is_name_word(d, n + 1)) &&
            (tok_lex(d, n + 2) & LX_CUE))
            return i;
        /* `…, even as he…`, `…, even though…`: the writer's contrast;
         * `…, as has the mayor`: the writer's comparison. */
        if ((tok_is(d, n, "even") && ((tok_lex(d, n + 1) & LX_CONJ) || tok_is(d, n + 1, "as"))) ||
            (tok_is(d, n, "as") && (tok_lex(d, n + 1) & LX_AUX)) ||
            (tok_is(d, n, "who") && is_name_word(d, i - 1)))
            return i;
        /* `…, a recommendation the attorney general adopted.`: the
         * writer's description of what came before, to the end. */
        if (description_at(d, n, hi))
            return i;
        if (!(tok_lex(d, n) & LX_CONJ))
            continue;
        /* `…, but, realistically, …`, `…, and when asked…`: a sentence of
         * the writer's own after the coordinator. */
        if ((tok_lex(d, n) & LX_COORD) && (tok_is_punct(d, n + 1, ',') || (tok_lex(d, n + 1) & LX_CONJ)))
            return i;
        /* `…in Charlotte, where organizers fell short`: the place is
         * described inside the report. */
        if (tok_is(d, n, "where") && is_name_word(d, i - 1))
            continue;
        /* `the scandal, while troublesome, was dealt with`: an aside
         * inside the clause, its verb after it. */
        int64_t k = n + 1;
        while (k < hi && k - n <= 4 && tok_is_word(d, k))
            k++;
        if (!(tok_lex(d, n) & LX_COORD) && tok_is_punct(d, k, ',') && (tok_lex(d, k + 1) & LX_AUX)) {
            i = k;
            continue;
        }
        if (!(tok_lex(d, n) & LX_COORD) || is_pronoun_subject(d, n + 1) || (tok_lex(d, n + 1) & LX_DET) ||
            (is_name_word(d, n + 1) && !(tok_lex(d, n + 1) & LX_FUNCTION)))
            return i;
    }
    return hi;
}

/* Does "that" at k open a clause with its subject: `that he…`, `that the
 * city…`, `that Ortiz…`, not `that was…`? */
static int opens_that_clause(const doc *d, int64_t k) {
    return tok_is(d, k, "that") && ((tok_lex(d, k + 1) & (LX_SUBJ | LX_DET)) || is_name_word(d, k + 1));
}

/* A phrase after the verb, before its clause: `said after the debate
 * (that) he…`, `said in an interview with Fox that she…`. The clause
 * begins at a subject pronoun, or "that" and one, within a few plain
 * words. */
static int64_t skip_phrase(const doc *d, int64_t j, int64_t hi) {
    if (!(tok_lex(d, j) & LX_PREP) || tok_is(d, j, "that"))
        return j;
    for (int64_t k = j + 1; k < hi && k - j < 8 && tok_is_word(d, k); k++) {
        /* `that he…`, `that the city…`, `that Ortiz…`, `on MSNBC that
         * for one, …`; not `that was…`, nor `hinted at that in…`. */
        if (opens_that_clause(d, k) || (tok_is(d, k, "that") && (tok_lex(d, k + 1) & LX_PREP) && k > j + 1))
            return k;
        if (is_pronoun_subject(d, k) && !(tok_lex(d, k - 1) & LX_PREP))
            return k;
        if (tok_lex(d, k) & (LX_CUE | LX_COMP | LX_WH | LX_CONJ | LX_AUX))
            break;
    }
    return j;
}

/* An aside between commas or dashes after the verb, before "that" and
 * its clause: `said on CNN, where he is a contributor, that…`, `said —
 * on Twitter, as it happens — that…`, `stated, while testifying, that…`,
 * `say by a wide margin, 49 percent to 42, that…`.
 * Returns where "that" is, or j. */
static int64_t skip_aside(const doc *d, int64_t j, int64_t hi) {
    if (!tok_is_punct(d, j, ',') && d->toks[j].type != TK_DASH && !(tok_lex(d, j) & LX_PREP))
        return j;
    for (int64_t k = j + 1; k + 2 < hi && k - j < 20 && d->toks[k].quote < 0; k++) {
        if (!tok_is_punct(d, k, ',') && d->toks[k].type != TK_DASH)
            continue;
        if (opens_that_clause(d, k + 1))
            return k + 1;
    }
    return j;
}

/* Where "to" and the verb a commitment or request reports begin: right
 * after the cue, or after a hearer of a few words (`asked NBC's Lester
 * Holt to…`); -1 if the cue reports none. */
static int64_t to_verb(const doc *d, int64_t c, int64_t j, int64_t hi) {
    if (!(tok_lex(d, c) & LX_TOVERB))
        return -1;
    int64_t lim = takes_hearer(d, c) ? j + 8 : j + 1;
    for (int64_t k = j; k < hi && k < lim && tok_is_word(d, k); k++) {
        /* `warned the Fed not to act`: the negation is part of it. */
        if (tok_is(d, k, "to"))
            return !to_infinitive(d, k) ? -1 : k > j && (tok_lex(d, k - 1) & LX_NEG) ? k - 1 : k;
        /* `warned him he had to show regret`: a clause, not a request. */
        if ((tok_lex(d, k) & (LX_CUE | LX_COMP | LX_WH | LX_CONJ | LX_PREP | LX_AUX)) || is_pronoun_subject(d, k))
            return -1;
    }
    return -1;
}

/* A reported clause that a condition or a time opens: `said if the
 * council fails to act, the ferry will stop`, `said when the bridge
 * opens, fares will fall`. The subordinate clause runs to a comma and a
 * clause follows it; not `said when asked`, `said if anything`. */
static int conditional_at(const doc *d, int64_t j, int64_t hi) {
    if (!(tok_is(d, j, "if") || tok_is(d, j, "unless") || tok_is(d, j, "when") ||
          tok_is(d, j, "once")) ||
        !clause_starts(d, j + 1))
        return 0;
    int64_t comma = next_comma(d, j + 1, hi);
    return comma > j + 2 && comma + 1 < hi && clause_starts(d, comma + 1);
}

/* A reported clause that a phrase opens: `says despite being an
 * alumna, she will root for Iowa`. The phrase runs to a comma, a
 * pronoun subject after it. */
static int fronted_phrase_at(const doc *d, int64_t j, int64_t hi) {
    if (!(tok_lex(d, j) & LX_PREP) || tok_is(d, j, "that") || tok_is(d, j, "to") || tok_is(d, j, "of"))
        return 0;
    int64_t comma = next_comma(d, j + 1, hi);
    if (comma < 0 || comma - j > 12 || holds_quote(d, j, comma))
        return 0;
    return is_pronoun_subject(d, comma + 1) || tok_is(d, comma + 1, "it") || tok_is(d, comma + 1, "there");
}

/* A reported clause whose subject opens with an approximate number:
 * `said about half of the riders would pay more`, `said nearly 300
 * jobs were lost`. An auxiliary before the next punctuation shows the
 * clause; `said about 30 minutes later` has none. */
static int approximate_subject(const doc *d, int64_t j, int64_t hi) {
    if (!(tok_is(d, j, "about") || tok_is(d, j, "nearly") || tok_is(d, j, "almost") ||
          tok_is(d, j, "roughly") || tok_is(d, j, "around")) ||
        !((d->toks[j + 1].flags & TF_DIGIT) || tok_is(d, j + 1, "half") ||
          (tok_lex(d, j + 1) & LX_DET)))
        return 0;
    for (int64_t k = j + 2; k < hi && k < j + 10 && tok_is_word(d, k); k++)
        if (tok_lex(d, k) & LX_AUX)
            return 1;
    return 0;
}

/* A clause without "that" after a verb that mostly takes one: a subject
 * pronoun and a finite verb, `conceded he had fallen short`,
 * `acknowledged it would be easier`; not `argued the case`. */
static int finite_clause(const doc *d, int64_t c, int64_t j) {
    /* Right after the verb, "he", "she", "they", "we", "I" are subjects
     * whatever follows: `suggested she marry`, `argued they deserve`;
     * but "remarks", "states" are also nouns (`remarks he made`). */
    const lex_entry *e = d->toks[c].lex;
    if (is_pronoun_subject(d, j) && !tok_is(d, j, "it") && j == c + 1 && e && e->form != FORM_3SG &&
        tok_is_word(d, j + 1) && !(tok_lex(d, j + 1) & (LX_PREP | LX_CONJ)))
        return 1;
    /* "he's", "it's": the pronoun and "is" or "has" in one word. */
    if (is_pronoun_subject(d, j) || tok_is(d, j, "it"))
        return (d->toks[j].flags & (TF_POSS | TF_CONTR)) || (tok_lex(d, j + 1) & (LX_AUX | LX_NEG)) ||
               is_past_form(d, j + 1);
    /* A short noun phrase and an auxiliary after a verb in the past:
     * `warned the deal would fail`, `revealed her husband had taken her
     * name`; but `the comments Trump had made` is a noun. */
    if (!e || e->form != FORM_PAST)
        return 0;
    for (int64_t k = j; k < j + 5 && tok_is_word(d, k) && d->toks[k].quote < 0; k++) {
        uint32_t lx = tok_lex(d, k);
        if (k > j && (lx & LX_AUX))
            return 1;
        if ((lx & (LX_FUNCTION & ~LX_DET)) || (lx & LX_CUE) || (d->toks[k].flags & TF_POSS))
            return 0;
    }
    return 0;
}

/* Where a phrase of where or how something was said that starts at i
 * ends: at the sentence end or a comma, within a few words (`in
 * Almaty`, `in the room`); -1 if it runs on. */
static int64_t place_phrase_end(const doc *d, int64_t i, int64_t hi) {
    int64_t k = i;
    while (k < hi && k - i < 12 && !tok_is_punct(d, k, ',') && d->toks[k].quote < 0)
        k++;
    return k == hi || tok_is_punct(d, k, ',') ? k : -1;
}

/* Does a subordinating conjunction at i open the sentence (or a clause
 * after "and" or "but"): `While X said…`, `But although X says…`? */
static int subordinate_at(const doc *d, int64_t i, int64_t lo) {
    /* Before a subject, these prepositions open a clause too: `After X
     * argued…`. */
    int sub = ((tok_lex(d, i) & LX_CONJ) && !(tok_lex(d, i) & LX_COORD)) || tok_is(d, i, "after") ||
              tok_is(d, i, "before") || tok_is(d, i, "since") || tok_is(d, i, "until");
    /* `But while…`, `However, while…` */
    int opens = i == lo || (i - 1 == lo && (tok_lex(d, lo) & LX_COORD)) ||
                (i - 2 == lo && tok_is_punct(d, i - 1, ',') && is_adverb(d, lo));
    return i >= lo && sub && opens;
}

/* Is w a pronoun, a name, or a description whose head is a person or a
 * body ("one source", "the agency"), not a thing ("the rule")? */
static int names_speaker(const doc *d, who w) {
    return w.pronoun || w.name.first >= 0 || (tok_lex(d, w.mention.end - 1) & (LX_ROLE | LX_ORG));
}

/* Is the phrase at i a speaker that ends its clause: `…, says Steve
 * Schale, the campaign's director.`, `…, said one source in the room.`? */
static int names_next(const doc *d, int64_t i, int64_t hi) {
    who a = np_after(d, i, hi);
    int64_t e = a.mention.end;
    if (a.mention.first != (int32_t)i || a.pronoun)
        return 0;
    if (a.name.first < 0 && e < hi && (tok_lex(d, e) & LX_PREP) && names_speaker(d, a))
        e = place_phrase_end(d, e, hi);
    return e >= hi || (e >= 0 && (tok_is_punct(d, e, ',') || is_trailing_punct(&d->toks[e])));
}

/* Is "that" at j the subject of the clause, before its verb ("said that
 * was a mistake", "said that's what he expects"), not the word that
 * introduces it? */
static int that_subject(const doc *d, int64_t j) {
    return (tok_lex(d, j) & LX_COMP) && ((d->toks[j].flags & TF_POSS) || (tok_lex(d, j + 1) & LX_AUX));
}

/* `X said (that) CLAUSE`: the clause after the verb; with `need_that`,
 * only `X said that CLAUSE`. */
static int after_verb(doc *d, int64_t c, tspan cue, int64_t lo, int64_t hi, int need_that) {
    int64_t j = skip_phrase(d, skip_verb_complements(d, cue.end, hi, takes_hearer(d, c)), hi);
    j = skip_aside(d, j, hi);
    /* `…, the office said on Tuesday, a development that…`: not a
     * clause but the writer's description (before_verb). */
    if (j > cue.end && (tok_is_punct(d, j - 1, ',') || d->toks[j - 1].type == TK_DASH) && description_at(d, j, hi))
        return 0;
    /* `urged the council to spend that money`: the request comes first;
     * `promised on Tuesday to…`: after when it was made. */
    int64_t to = to_verb(d, c, cue.end, hi);
    if (to < 0)
        to = to_verb(d, c, skip_verb_complements(d, cue.end, hi, 0), hi);
    if (to >= 0 && to < j)
        j = to;
    /* `warned the bridge would close`: what looked like the hearer is
     * the subject of the clause. */
    if (j > cue.end && takes_hearer(d, c) && (tok_lex(d, j) & LX_AUX))
        j = cue.end;
    /* Right after the verb; after a phrase, `wrote in a letter that was
     * published…` is a relative clause. */
    int subject = j == cue.end && that_subject(d, j);
    int that = tok_is(d, j, "that") && !subject;
    /* Not `wrote in a letter that was published…`, a relative clause. */
    if ((that && (tok_lex(d, j + 1) & LX_AUX)) || (need_that && !that))
        return 0;
    who w = cue_subject(d, lo, c, cue, hi);
    /* `policies, which he said had harmed the economy`: the relative
     * word is the subject of the reported clause, which starts at its
     * verb. */
    int relative = !that && w.pronoun && w.mention.first > lo &&
                   (tok_lex(d, w.mention.first - 1) & (LX_WH | LX_COMP)) && tok_is_word(d, j) &&
                   !(tok_lex(d, j) & (LX_PREP | LX_DET));
    /* So with a noun phrase, an auxiliary right after the verb: `a bill
     * which critics said was unfair`, `a probe the agency said was
     * ongoing`, `displaying what analysts said was a sign`; not `What
     * he said was true`, where the writer judges it. */
    int64_t before = w.mention.first - 1;
    if (!that && !w.pronoun && before > lo && j == cue.end && (tok_lex(d, j) & LX_AUX) &&
        ((tok_lex(d, before) & (LX_WH | LX_COMP)) ||
         (tok_is_word(d, before) && !(tok_lex(d, before) & (LX_FUNCTION | LX_CUE | LX_PRONOUN)) &&
          !(d->toks[before].flags & TF_CAP))))
        relative = 1;
    /* `…, said Tom Oduya, director of…`: what follows the verb is its
     * subject; the report is before it (before_verb). */
    const lex_entry *e = d->toks[c].lex;
    int participle = e && e->form == FORM_ING;   /* `…, adding the U.S. must…` */
    if (!that && !participle && tok_is_punct(d, c - 1, ',') &&
        (w.mention.first < 0 || names_next(d, cue.end, hi)))
        return 0;
    /* `vowed to leave spending untouched`, `asked the network to donate
     * the profits`: the commitment or the request, "to" and all. */
    if (!that && to >= 0)
        j = to;
    /* `As the paper noted, it is surprising…`, `But as Ortiz said, …`:
     * the clause after the comma. */
    int64_t as = w.mention.first - 1;
    while (as > lo && w.mention.first - as < 4 && tok_is_word(d, as) &&
           (d->toks[as].flags & (TF_POSS | TF_CAP)) && (d->toks[w.mention.first - 1].flags & TF_POSS))
        as--;   /* `As Harbour PAC's Crane said` */
    int coord = tok_lex(d, as - 1) & LX_COORD;   /* `But as…`, `…, and as…` */
    int as_clause = !that && to < 0 && w.mention.first > lo && tok_is(d, as, "as") &&
                    (as == lo || tok_is_punct(d, as - 1, ',') ||
                     (coord && (as - 1 == lo || tok_is_punct(d, as - 2, ',')))) &&
                    tok_is_punct(d, j, ',') && clause_starts(d, j + 1);
    /* `Ortiz says, win or lose, she is staying`: a comma after the verb
     * of a subject that opens the sentence, and a clause. */
    int64_t f = w.mention.first;
    int comma_clause = !that && !as_clause && to < 0 && j == cue.end && tok_is_punct(d, j, ',') &&
                       takes_bare_clause(d, c) && f >= lo &&
                       (f == lo || (f - 1 == lo && (tok_lex(d, lo) & LX_COORD))) &&
                       (clause_starts(d, j + 1) || conditional_at(d, j + 1, hi));
    /* `reported spending $6 million`, `denied taking the money`: a
     * gerund after a verb that reports one, in the past ("the FEC
     * reports covering…" are reports). */
    int gerund = !that && to < 0 && j == cue.end && d->toks[c].lex && (d->toks[c].lex->takes & LT_ING) &&
                 d->toks[c].lex->form == FORM_PAST &&
                 tok_is_word(d, j) && !(d->toks[j].flags & TF_CAP) && ends_in(d, j, "ing") &&
                 !ends_in(d, j, "thing") && !(tok_lex(d, j) & (LX_FUNCTION | LX_OTHER | LX_PRONOUN));
    if (that || as_clause || comma_clause)
        j++;
    else if (to < 0 && !gerund && !(takes_bare_clause(d, c)
                             ? clause_starts(d, j) || relative || subject ||
                                   conditional_at(d, j, hi) || fronted_phrase_at(d, j, hi) ||
                                   approximate_subject(d, j, hi)
                             : finite_clause(d, c, j)))
        return 0;
    /* `argue that, while the tax may lower premiums, workers…`: the
     * clause goes on past an aside that opens it. */
    int64_t from = j;
    if (that && tok_is_punct(d, j, ',')) {
        int64_t k = next_comma(d, ++j, hi);
        from = k > j ? k + 1 : j;
    }
    if (j >= hi)
        return 0;
    int64_t end = clause_end(d, from, hi);
    /* `While the president has said he opposes it, the troops went`,
     * `While saying…, he…`, `Noting that…, she…`: the report ends with
     * the subordinate clause it sits in. */
    if (subordinate_at(d, w.mention.first - 1, lo) || subordinate_at(d, c - 1, lo) || (participle && c == lo)) {
        int64_t comma = next_comma(d, j + 1, end);
        if (comma > j && clause_starts(d, comma + 1))
            end = comma;
    }
    /* `X said it was early, adding, "…"`: the report stops before the
     * clause that introduces a direct quotation. */
    for (int64_t i = j, comma = -1; i < end; i++) {
        if (tok_is_punct(d, i, ',') && d->toks[i].quote < 0)
            comma = i;
        int32_t k = d->toks[i].quote;
        if (k >= 0 && !d->quotes[k].dropped && d->quotes[k].kind == QUOTH_KIND_DIRECT) {
            if (comma > j)
                end = comma;
            break;
        }
    }
    return emit(d, j, end, cue, w, that ? 0.8 : 0.7);
}

/* Does the sentence at lo open with a clause of its own, not a phrase
 * that sets the scene: `In the email, …`, `Holding open a book, …`,
 * `Asked if…, …`? */
static int opens_clause(const doc *d, int64_t lo) {
    const lex_entry *e = d->toks[lo].lex;
    return clause_starts(d, lo) && !(e && (e->form == FORM_ING || e->form == FORM_PAST)) &&
           !ends_in(d, lo, "ing") && !ends_in(d, lo, "ed") && !ends_in(d, lo, "ly");
}

/* Does a noun phrase that no verb follows start at i: `director of the
 * Texas Politics Project`, `a start-up that tracks donations`? */
static int appositive_at(const doc *d, int64_t i, int64_t hi) {
    who a = np_after(d, i, hi);
    int64_t e = a.mention.end;
    int verb = (tok_lex(d, e) & (LX_AUX | LX_NEG | LX_CUE)) || is_past_form(d, e);
    /* `the jabs at the Khans were…`: an auxiliary after the phrase's own
     * phrases, before any relative clause, makes it a subject. */
    /* (A period inside the sentence ends an abbreviation: "Mr.".) */
    while (!verb && e < hi && (tok_is_word(d, e) || tok_is_punct(d, e, '.')) &&
           !(tok_lex(d, e) & (LX_WH | LX_COMP)))
        verb = (tok_lex(d, e++) & (LX_AUX | LX_NEG)) != 0;
    return a.mention.first == (int32_t)i && !a.pronoun && !verb;
}

/* Does a predicate without its subject start at i: `is to…`,
 * `would have…`, `nailed the…`? */
static int predicate_at(const doc *d, int64_t i) {
    return (tok_lex(d, i) & LX_AUX) || is_past_form(d, i);
}

/* `CLAUSE, X said.` / `CLAUSE, said X.`, and the parenthetical
 * `PART, X said, PART.`, which reports both parts. */
static int before_verb(doc *d, int64_t c, tspan cue, int64_t lo, int64_t hi) {
    who w;
    int64_t tail, comma;
    const lex_entry *e = d->toks[c].lex;
    if (tok_is_punct(d, c - 1, ',')) {
        /* `…, said X`; but `…, tweeting her thanks` names no speaker. */
        if (e && e->form == FORM_ING)
            return 0;
        w = np_after(d, cue.end, hi);
        if (w.mention.first < 0)
            return 0;
        tail = w.mention.end;
        if (tok_is(d, tail, "and")) {
            /* `…, said Doyle and others, …`, `…, said the lawmakers,
             * James Clyburn and Tom Butterfield.` */
            who more = np_after(d, tail + 1, hi);
            if (tok_is(d, tail + 1, "others"))
                tail += 2;
            else if (more.mention.first == (int32_t)tail + 1 && more.name.first >= 0)
                tail = more.mention.end;
        }
        tail = skip_verb_complements(d, tail, hi, 0);
        /* `…, said a handful of Democrats who point to…`: who they are. */
        if (tok_is(d, tail, "who") && runs_to_end(d, tail, hi))
            tail = hi;
        comma = c - 1;
    } else {
        w = np_before(d, c, lo);
        /* `…, as her supporters noted.` */
        int64_t f = w.mention.first;
        if (f >= 2 && tok_is(d, f - 1, "as"))
            f--;
        if (w.mention.first < 1 || !tok_is_punct(d, f - 1, ','))
            return 0;
        tail = skip_verb_complements(d, cue.end, hi, takes_hearer(d, c));
        comma = f - 1;
    }
    /* `…, the office said on Tuesday -- a development that…`: the
     * writer's description of the news, to the end. */
    int64_t t = tail < hi && (tok_is_punct(d, tail, ',') || d->toks[tail].type == TK_DASH) ? tail + 1 : tail;
    if (t > cue.end && (tok_is_punct(d, t - 1, ',') || d->toks[t - 1].type == TK_DASH) && description_at(d, t, hi))
        tail = hi;
    if (d->toks[lo].type == TK_QUOTE)
        return 0;
    /* Where, when and how a person said it: `…, says X in Almaty.`,
     * `…, he said in the video, …`, `…, she told aides as she left.` */
    uint32_t next = tok_lex(d, tail);
    if (tail < hi && ((next & LX_PREP) || ((next & LX_CONJ) && !(next & LX_COORD))) && names_speaker(d, w) &&
        opens_clause(d, lo)) {
        int64_t k = place_phrase_end(d, tail, hi);
        if (k >= 0)
            tail = k;
    }
    /* Who X is: `…, said James Henson, director of the Texas Politics
     * Project.` A noun phrase not followed by a verb is the speaker's
     * appositive, not a second reported part (`…, he said, the council
     * will vote`). A pronoun has no appositive: `It was, he said, one of
     * his bitterest failures.` */
    if (tok_is_punct(d, tail, ',') && tail + 1 < hi && !w.pronoun && appositive_at(d, tail + 1, hi)) {
        /* `Part of the problem, say experts like Ann Roe, a geologist,
         * is the ground`: the appositive ends at a comma, a predicate
         * after it. */
        int64_t k = next_comma(d, tail + 1, hi);
        tail = k > 0 && predicate_at(d, k + 1) ? k : hi;
    }
    /* `…, insiders said: Trump's lead…`, `…, analysts say; in 2012…`:
     * what follows a colon or a semicolon is a sentence of its own; but
     * before `A few minutes later, Obama added: "…"` is no report. */
    if ((tok_is_punct(d, tail, ':') || tok_is_punct(d, tail, ';')) && tail + 1 < hi &&
        d->toks[tail + 1].quote < 0)
        tail = hi;
    /* `After Trump argued that…, the crowd cheered`: a subordinate
     * clause alone reports nothing. */
    int alone = subordinate_at(d, lo, lo) && next_comma(d, lo, comma) < 0;
    if (tok_is_punct(d, tail, ',') && tail + 1 < hi) {
        /* (Before a second part it is that part's condition.) */
        int r = alone && d->toks[tail + 1].type == TK_QUOTE ? 0
                                                             : emit(d, after_dateline(d, lo, comma), comma, cue, w, 0.75);
        /* `…, he said, on condition of anonymity`: a phrase about the
         * saying, not a second part of what was said. */
        if (r < 0 || (tok_lex(d, tail + 1) & LX_PREP) || tok_is(d, tail + 1, "who"))
            return r;   /* nor `…, said Ed Rendell, who chairs…`: who he is */
        return emit(d, tail + 1, clause_end(d, tail + 1, hi), cue, w, 0.75);
    }
    while (tail < hi && is_trailing_punct(&d->toks[tail]))
        tail++;
    if (tail < hi || alone)
        return 0;
    return emit(d, after_dateline(d, lo, comma), comma, cue, w, 0.75);
}

/* Does [a, b) end with a person's saying and where it was said, `Ortiz
 * said at a rally`, so that it reports nothing itself? */
static int ends_with_saying(const doc *d, int64_t a, int64_t b) {
    for (int64_t i = b - 1; i >= a && b - i <= 8; i--) {
        tspan cue;
        if (d->toks[i].quote < 0 && (is_name_word(d, i - 1) || is_pronoun_subject(d, i - 1)) &&
            speech_cue(d, i, b, &cue, SAYING) &&
            (cue.end == b || ((tok_lex(d, cue.end) & LX_PREP) && !tok_is(d, cue.end, "to"))))
            return 1;
    }
    return 0;
}

/* `according to X, CLAUSE`, `CLAUSE, according to X.` and the
 * parenthetical `PART, according to X, PART`. X may be long ("a poll
 * conducted Friday by…"), so only its head is the mention. */
static int according_to(doc *d, int64_t c, tspan cue, int64_t lo, int64_t hi) {
    who w = source_after(d, cue.end, hi);
    int64_t after = next_comma(d, cue.end, hi);
    /* `But according to X, …`: a conjunction or an adverb before it;
     * `…: According to X, …`: a colon. */
    if (c == lo || tok_is_punct(d, c - 1, ':') ||
        (c - 1 == lo && ((tok_lex(d, lo) & (LX_COORD | LX_ADV)) || is_adverb(d, lo)))) {
        if (after < 0)
            return 0;
        return emit(d, after + 1, hi, cue, w, 0.75);
    }
    if (!tok_is_punct(d, c - 1, ','))
        return 0;
    /* `X, according to Ann Roe, a former envoy, was a decision…`: the
     * source's appositive, then the predicate. */
    if (after >= 0 && appositive_at(d, after + 1, hi)) {
        int64_t k = next_comma(d, after + 1, hi);
        if (k > 0 && predicate_at(d, k + 1))
            after = k;
    }
    /* The part before may be too short to report (`Fundraising,
     * according to the campaign, has surged`); the part after still is.
     * Nor is it a report when it is the subject alone (`His manager, Jeff
     * Weaver, according to the AP, said`) or a saying of its own (`Ortiz
     * said at a rally, according to the Sun`). */
    int r = 0;
    who before = np_after(d, lo, c - 1);
    if (before.mention.end != (int32_t)(c - 1) && !ends_with_saying(d, lo, c - 1))
        r = emit(d, lo, c - 1, cue, w, 0.75);
    if (r < 0 || (after >= 0 && after + 1 < hi && !tok_is_word(d, after + 1)))
        return r;
    tspan verb;
    if (after >= 0 && !(tok_lex(d, after + 1) & (LX_WH | LX_CONJ)) && !appositive_at(d, after + 1, hi) &&
        !speech_cue(d, after + 1, hi, &verb, SAYING)) {   /* `…, according to X, said…` */
        int r2 = emit(d, after + 1, hi, cue, w, 0.7);
        r = r2 != 0 ? r2 : r;
    }
    return r;
}

/* Where the object of a content verb ends: at the sentence end, a dash, a
 * semicolon, a parenthesis, or a comma that opens a new clause. */
static int64_t object_end(const doc *d, int64_t j, int64_t hi) {
    if (hi - j > MAX_REPORT)
        hi = j + MAX_REPORT;
    for (int64_t i = j; i < hi; i++) {
        const tok *t = &d->toks[i];
        if (t->type == TK_DASH || (t->type == TK_PUNCT && (t->cp == ';' || t->cp == '(' ||
                                                           t->cp == ':')))
            return i;
        /* `complained about the tone but defended Sanders`, `defend him
         * and speak at his rallies`: the subject's next predicate. */
        if (starts_statement(d, i) ||
            ((tok_lex(d, i) & LX_COORD) &&
             (is_past_form(d, i + 1) || (tok_lex(d, i + 1) & (LX_CONTENT | LX_CUE)))))
            return i;
        /* `praises Obama after the meeting`, `defended the remarks when…`,
         * `called for a ban following the shooting`:
         * when it was said is no part of it. */
        if (i > j && (tok_is(d, i, "after") || tok_is(d, i, "before") || tok_is(d, i, "during") ||
                      tok_is(d, i, "when") || tok_is(d, i, "while") || tok_is(d, i, "since") ||
                      tok_is(d, i, "following") || tok_is(d, i, "amid")))
            return i;
        /* `announced his resignation in September.`, `…on Monday, …`,
         * `…last week`: nor is the time it was said, at its end. */
        if (i > j && !(d->toks[i + 1].flags & TF_POSS) && (tok_lex(d, i + 1) & LX_TIME) &&
            (tok_is(d, i, "in") || tok_is(d, i, "on") || (tok_lex(d, i) & LX_TIME)) &&
            (i + 2 >= hi || !tok_is_word(d, i + 2)))
            return i;
        /* `…in a speech`, `…in a statement`: how it was said. */
        uint8_t cls;
        if (i > j && phrase_at(d, i, hi, &cls) && cls == CUE_MANNER)
            return i;
        /* `…of Assad, even though…`: an adverb after the comma, or a
         * participle: `…slaying, leading authorities to…`. */
        if (tok_is_punct(d, i, ',') && i + 1 < hi &&
            ((tok_lex(d, i + 1) & (LX_CONJ | LX_WH | LX_PREP | LX_ADV)) ||
             is_pronoun_subject(d, i + 1) || is_adverb(d, i + 1) ||
             (d->toks[i + 1].lex && d->toks[i + 1].lex->form == FORM_ING) ||
             (tok_is_word(d, i + 1) && !(d->toks[i + 1].flags & TF_CAP) && ends_in(d, i + 1, "ing"))))
            return i;
        /* `…the trade deal, offered her firmest promise`: the subject's
         * next predicate; `Weiner, 51, who…`: an age. */
        if (tok_is_punct(d, i, ',') && i + 1 < hi &&
            (is_past_form(d, i + 1) || ((d->toks[i + 1].flags & TF_DIGIT) && tok_is_punct(d, i + 2, ','))))
            return i;
    }
    return hi;
}

/* `X touted her plan to…`, `X called for a ban on…`: a verb whose object
 * is the content of what X said. */
static int content_object(doc *d, int64_t c, int64_t lo, int64_t hi) {
    uint8_t cls = 0;
    int n = phrase_at(d, c, hi, &cls);
    tspan cue = {(int32_t)c, (int32_t)(c + (cls == CUE_CONTENT ? n : 1))};
    if (cls != CUE_CONTENT && !(tok_lex(d, c) & LX_CONTENT))
        return 0;
    const lex_entry *e = d->toks[c].lex;
    if ((d->toks[c].flags & TF_CAP) || (tok_lex(d, c - 1) & (LX_DET | LX_PREP)) ||
        (e && e->form == FORM_BASE && !(tok_lex(d, c - 1) & (LX_AUX | LX_PRONOUN)) &&
         !tok_is(d, c - 1, "to")))
        return 0;   /* a noun ("the attack"), or an infinitive without "to" */
    /* Nor a noun or an adjective: "a leading advocate for", "400 pledged
     * delegates", "there is added concern". */
    int nounlike = e && (e->form == FORM_BASE || e->form == FORM_3SG);
    int participle = e && e->form == FORM_PAST;   /* "is added", not "is demanding" */
    if ((nounlike && modified_noun(d, c)) || (d->toks[c - 1].flags & TF_DIGIT) ||
        (participle && is_be(d, c - 1)))
        return 0;
    int64_t j = cue.end;
    /* The object is a noun phrase: "the attacks changed…" and "the attack
     * and the admission" have none. */
    if (j >= hi || !tok_is_word(d, j) || is_past_form(d, j) ||
        (tok_lex(d, j) & (LX_PREP | LX_COMP | LX_WH | LX_TIME | LX_ADV | LX_CONJ | LX_AUX)))
        return 0;
    who w = cue_subject(d, lo, c, cue, hi);
    if (w.mention.first < 0)
        return 0;
    return emit(d, j, object_end(d, j, hi), cue, w, 0.6);
}

/* Does a reported question start at j: "whether", "if", "why"…? */
static int opens_question(const doc *d, int64_t j) {
    return tok_is(d, j, "whether") || tok_is(d, j, "if") || (tok_lex(d, j) & LX_WH);
}

/* Where the question opens, at j or after a few plain words (and
 * prepositions, unless `stop` has LX_PREP); -1 if it does not. */
static int64_t question_within(const doc *d, int64_t j, int64_t hi, uint32_t stop) {
    for (int64_t k = j; k < hi && k - j < 6; k++) {
        if (opens_question(d, k))
            return k;
        if (!tok_is_word(d, k) || d->toks[k].quote >= 0 ||
            (tok_lex(d, k) & (LX_CUE | LX_COMP | LX_AUX | LX_CONJ | stop)))
            return -1;
    }
    return -1;
}

/* `X asked (Y) whether/why CLAUSE`, `X explained how CLAUSE`: a
 * reported question or explanation. */
static int question(doc *d, int64_t c, tspan cue, int64_t lo, int64_t hi) {
    if (!(tok_lex(d, c) & LX_QUESTION))
        return 0;
    /* `asked Pence whether`, `asking Clinton pointedly whether`: a hearer
     * np_after() did not read, and an adverb. */
    int64_t j = question_within(d, skip_verb_complements(d, cue.end, hi, 1), hi, LX_PREP);
    if (j < 0)
        return 0;
    return emit(d, j + 1, hi, cue, cue_subject(d, lo, c, cue, hi), 0.65);
}

/* `Asked whether she would run, Ortiz said…`, `when asked by a reporter
 * if…`: the question put to the subject, up to the comma that ends the
 * participle's clause; asked by whoever "by" names, or by nobody named. */
static int asked_question(doc *d, int64_t c, int64_t hi) {
    if (!tok_is(d, c, "asked"))
        return 0;
    who w = {{-1, -1}, {-1, -1}, 0, {-1, -1}};
    int64_t j = c + 1;
    if (tok_is(d, j, "by")) {
        w = np_after(d, j + 1, hi);
        if (w.mention.first != (int32_t)(j + 1))
            return 0;
        j = w.mention.end;
    }
    /* `Asked in Iowa recently whether…` */
    j = question_within(d, skip_verb_complements(d, j, hi, 0), hi, 0);
    if (j < 0)
        return 0;
    int64_t end = next_comma(d, j, hi);
    tspan cue = {(int32_t)c, (int32_t)(c + 1)};
    return emit(d, j + 1, end < 0 ? hi : end, cue, w, 0.6);
}

/* `When asked to pick…`, `Asked which issue…`: the one spoken to is
 * the subject, and what follows is no report of theirs. */
static int passive_participle(const doc *d, int64_t i) {
    const lex_entry *e = d->toks[i].lex;
    if (!e || e->form != FORM_PAST)
        return 0;
    return (d->toks[i].flags & TF_SENT_START) || tok_is(d, i - 1, "when") || tok_is(d, i - 1, "if") ||
           tok_is(d, i - 1, "once") || tok_is(d, i - 1, "unless");
}

/* Cue tokens already attributing a quotation: 1 when the quotation
 * follows the cue, which so reports at most a part before it; 2 when it
 * comes before (`Citing "obligations," a spokeswoman told POLITICO that
 * Gore…`), and the cue may still report a clause after it. */
static uint8_t *used_cues(doc *d) {
    uint8_t *used = arena_alloc(d->ar, d->ntoks + 1);
    if (!used)
        return NULL;
    for (uint32_t k = 0; k < d->nquotes; k++) {
        const quote *q = &d->quotes[k];
        if (!q->dropped && q->cue.first >= 0)
            for (int32_t i = q->cue.first; i < q->cue.end; i++)
                used[i] = q->end_tok <= q->cue.first && !used[i] ? 2 : 1;
    }
    return used;
}

/* A headline that names who says it before a colon: `Ortiz: The ferry
 * will run`, `Insiders: the deal is close`. Only the document's first
 * paragraph, when it is short, and only when the words before the colon
 * are a name the story uses again (not `Breaking:` or `Wow:`) or one noun
 * for people or a body. Returns the token where the headline report
 * ends, lo when there is none, or -1 out of memory. */
static int64_t headline(doc *d) {
    if (d->nparas == 0)
        return 0;
    int64_t lo = d->paras[0].tok_first, hi = d->paras[0].tok_end, colon = -1;
    if (hi - lo > 40)
        return lo;
    for (int64_t i = lo + 1; i < hi && i <= lo + 4 && colon < 0; i++)
        if (tok_is_punct(d, i, ':'))
            colon = i;
    if (colon < 0)
        return lo;
    /* `WASHINGTON:` is a dateline. */
    if (d->toks[lo].flags & TF_UPPER)
        return lo;
    who w = {{(int32_t)lo, (int32_t)colon}, {-1, -1}, 0, {-1, -1}};
    tspan n = name_right(d, lo, colon);
    if (n.first == (int32_t)lo && n.end == (int32_t)colon) {
        /* Named again: a mention besides the headline's own, if it has
         * one. */
        int32_t k = resolve_surname(d, n);
        if (k < 0 || d->ents[k].mentions < 1 + mentioned_at(d, lo))
            return lo;
        w.name = n;
    } else if (colon - lo != 1 || !(tok_lex(d, lo) & (LX_ROLE | LX_ORG))) {
        return lo;
    }
    tspan cue = {(int32_t)colon, (int32_t)colon + 1};
    int r = emit(d, colon + 1, clause_end(d, colon + 1, hi), cue, w, 0.6);
    return r < 0 ? -1 : r > 0 ? hi : lo;
}

/* Where what follows the report just made starts, past a comma and a
 * coordinator (`…, but the port refused, a source said`). */
static int64_t after_report(const doc *d, int64_t hi) {
    int64_t k = d->quotes[d->nquotes - 1].end_tok;
    while (k < hi && (tok_is_punct(d, k, ',') || (tok_lex(d, k) & LX_COORD)))
        k++;
    return k;
}

int find_indirect(doc *d) {
    uint8_t *used = used_cues(d);
    if (!used)
        return -1;
    int64_t after_headline = headline(d);
    if (after_headline < 0)
        return -1;
    unsigned classes = SAYING | ((d->flags & QUOTH_FLAG_THOUGHTS) ? CUES(CUE_THINK) : 0);
    for (uint32_t s = 0; s < d->nsents; s++) {
        int64_t lo = d->sents[s].tok_first, hi = d->sents[s].tok_end, from = lo;
        if (lo < after_headline)
            continue;   /* reports do not nest */
        for (int64_t i = lo; i < hi; i++) {
            tspan cue;
            /* Only a cue word, a phrase or a content verb starts a report. */
            if (d->toks[i].quote >= 0 || !(tok_lex(d, i) & (LX_CUE | LX_PHRASE | LX_CONTENT)))
                continue;
            if (passive_participle(d, i)) {
                int r = asked_question(d, i, hi);
                if (r < 0)
                    return -1;
                if (r > 0) {
                    i = d->quotes[d->nquotes - 1].end_tok - 1;
                    from = after_report(d, hi);
                }
                continue;
            }
            int cls = speech_cue(d, i, hi, &cue, classes);
            int r = 0;
            if (used[i] == 1)   /* `PART, she added, "…"`: the part before is hers too */
                r = cls && cls != CUE_SOURCE && opens_clause(d, lo) ? before_verb(d, i, cue, from, hi) : 0;
            else if (used[i] && cls && cls != CUE_SOURCE && i > 0 && d->toks[i - 1].type == TK_QUOTE &&
                     subject_of_clause_at(d, cue.end, hi))
                /* `Ortiz, citing "the magic of it," said the ferry could…` */
                r = after_verb(d, i, cue, lo, hi, 0);
            else if (used[i])   /* `X told POLITICO that…`, but not `"…," said X, …` */
                r = cls && cls != CUE_SOURCE && tok_is_word(d, i - 1) ? after_verb(d, i, cue, lo, hi, 1) : 0;
            else if (cls == CUE_SOURCE)
                r = according_to(d, i, cue, lo, hi);
            else if (cls && (r = question(d, i, cue, lo, hi)) == 0 &&
                     (r = after_verb(d, i, cue, lo, hi, 0)) == 0)
                r = before_verb(d, i, cue, from, hi);
            if (r == 0 && cls != CUE_SOURCE && !used[i])
                r = content_object(d, i, lo, hi);
            if (r < 0)
                return -1;
            /* Reports do not nest: go on after the one just made, and a
             * report before a later verb starts after it. */
            if (r > 0 && d->quotes[d->nquotes - 1].end_tok > i)
                i = d->quotes[d->nquotes - 1].end_tok - 1;
            if (r > 0)
                from = after_report(d, hi);
        }
    }
    sort_quotes(d);
    return 0;
}
