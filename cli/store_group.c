/*
 * store_group.c - dedup groups (docs/store.md, "Dedup groups").
 *
 * A group is one quotation however many articles ran it. Its root key is
 * the canonical key of its text; every key filed under it is in
 * quote_key. A new key joins the group whose root key contains it when
 * the group has a quote by the same speaker; a new root key takes in the
 * groups whose root keys it contains on the same condition, so the result
 * does not depend on which article came first.
 *
 * Containment is found with minimizers: of every WINDOW consecutive
 * KGRAM-byte pieces of a key, the smallest piece hash. When a key of at
 * least MIN_CONTAINED bytes lies inside a longer one, each of its windows
 * is a window of the longer key, so all its minimizers are among the
 * longer key's. quote_anchor holds the minimizers of every long root key;
 * the groups that share all of a new key's, or all of whose are the new
 * key's, are the candidates, and comparing the keys decides.
 */
#include <stdlib.h>
#include <string.h>

#include "store.h"

enum {
    KGRAM = 16,
    WINDOW = 16,
    /* Shorter keys ("no", "a disgrace") are too common to say that two
     * quotes are one: they only group with equal keys. */
    MIN_CONTAINED = KGRAM + WINDOW - 1
};

/* The distinct minimizers of one key, in ascending order, and the order
 * the key has them in: for each stretch of windows with the same
 * minimizer, its index in h. */
typedef struct hashes {
    sqlite3_int64 *h;
    size_t n;
    size_t *run;
    size_t nrun;
} hashes;

typedef struct group_info {
    sqlite3_int64 id, occurrences;
    cli_buf text;
    char *first_date, *last_date;
} group_info;

/* ---- keys ---------------------------------------------------------------- */

/* The key of a quote. One of only punctuation has an empty canonical key;
 * it is then its own key rather than equal to every other such quote. */
static void quote_key(store *st, cli_buf *key, const char *text, size_t len)
{
    store_canon(st, key, text, len);
    if (key->len == 0)
        cli_buf_add(key, text, len);
}

/* 31 bits of hash: an SQLite integer of 4 bytes. A collision only makes
 * a candidate that the comparison of keys then drops. */
static sqlite3_int64 piece(const cli_buf *key, size_t at)
{
    return (sqlite3_int64)(cli_hash(key->ptr + at, KGRAM) >> 33);
}

static int by_value(const void *a, const void *b)
{
    sqlite3_int64 x = *(const sqlite3_int64 *)a, y = *(const sqlite3_int64 *)b;
    return (x > y) - (x < y);
}

/* Where `v`, one of the minimizers, is in m->h. */
static size_t minimizer_index(const hashes *m, sqlite3_int64 v)
{
    size_t lo = 0, hi = m->n;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->h[mid] <= v)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* The minimizers of a key of at least MIN_CONTAINED bytes. Free with
 * hashes_free. */
static void minimizers(const cli_buf *key, hashes *m)
{
    size_t pieces = key->len - KGRAM + 1, n = 0;
    sqlite3_int64 *h = cli_xrealloc(NULL, pieces * sizeof *h);
    for (size_t i = 0; i < pieces; i++)
        h[i] = piece(key, i);
    sqlite3_int64 *window = cli_xrealloc(NULL, pieces * sizeof *window);
    for (size_t w = 0; w + WINDOW <= pieces; w++) {
        sqlite3_int64 best = h[w];
        for (size_t i = w + 1; i < w + WINDOW; i++)
            best = h[i] < best ? h[i] : best;
        window[n++] = best;
    }
    memcpy(h, window, n * sizeof *h);
    qsort(h, n, sizeof *h, by_value);
    m->h = h;
    m->n = 0;
    for (size_t i = 0; i < n; i++)
        if (m->n == 0 || h[m->n - 1] != h[i])
            h[m->n++] = h[i];
    m->run = cli_xrealloc(NULL, n * sizeof *m->run);
    m->nrun = 0;
    for (size_t w = 0; w < n; w++)
        if (w == 0 || window[w] != window[w - 1])
            m->run[m->nrun++] = minimizer_index(m, window[w]);
    free(window);
}

static void hashes_free(hashes *m)
{
    free(m->h);
    free(m->run);
}

/* ---- group rows ---------------------------------------------------------- */

static void insert_key(store *st, uint64_t hash, sqlite3_int64 grp)
{
    sqlite3_stmt *s = store_sql(st, "INSERT INTO quote_key(hash, grp) VALUES (?1, ?2)");
    sqlite3_bind_int64(s, 1, (sqlite3_int64)hash);
    sqlite3_bind_int64(s, 2, grp);
    store_run(st, s);
}

/* Append `m` to `json` as a JSON array of integers. */
static void json_array(cli_buf *json, const hashes *m)
{
    json->len = 0;
    cli_buf_add(json, "[", 1);
    for (size_t i = 0; i < m->n; i++)
        cli_buf_printf(json, "%s%lld", i ? "," : "", (long long)m->h[i]);
    cli_buf_add(json, "]", 1);
}

/* Add or delete the anchor rows of `grp`, all in one statement. */
static void set_anchors(store *st, sqlite3_int64 grp, const hashes *m, int add)
{
    cli_buf json = {NULL, 0, 0};
    if (m->n == 0)
        return;  /* a short key */
    json_array(&json, m);
    sqlite3_stmt *s = add
        ? store_sql(st, "INSERT OR IGNORE INTO quote_anchor(hash, grp)"
                        " SELECT value, ?2 FROM json_each(?1)")
        : store_sql(st, "DELETE FROM quote_anchor"
                        " WHERE grp = ?2 AND hash IN (SELECT value FROM json_each(?1))");
    store_bind_text(s, 1, json.ptr, json.len);
    sqlite3_bind_int64(s, 2, grp);
    store_run(st, s);
    cli_buf_free(&json);
}

/* Index or unindex a group's text. quote_fts is kept in step here, not
 * by triggers: FTS5 flushes its pending terms at every statement
 * savepoint, and a trigger makes one per row, which made inserting a
 * group five times slower. */
static void set_fts(store *st, sqlite3_int64 grp, const char *text, size_t len, int add)
{
    sqlite3_stmt *s = add
        ? store_sql(st, "INSERT INTO quote_fts(rowid, text) VALUES (?1, ?2)")
        : store_sql(st, "INSERT INTO quote_fts(quote_fts, rowid, text) VALUES ('delete', ?1, ?2)");
    sqlite3_bind_int64(s, 1, grp);
    store_bind_text(s, 2, text, len);
    store_run(st, s);
}

/* Delete a group row, with text `text`, its anchors and its index entry. */
static void drop_group(store *st, sqlite3_int64 grp, const char *text, size_t len)
{
    store_cache_clear(&st->groups);  /* it may name the group */
    quote_key(st, &st->other, text, len);
    if (st->other.len >= MIN_CONTAINED) {
        hashes m;
        minimizers(&st->other, &m);
        set_anchors(st, grp, &m, 0);
        hashes_free(&m);
    }
    set_fts(st, grp, text, len, 0);
    sqlite3_stmt *s = store_sql(st, "DELETE FROM quote_group WHERE id = ?1");
    sqlite3_bind_int64(s, 1, grp);
    store_run(st, s);
}

/* Add `n` occurrences dated from `first` to `last` (NULL: unknown). */
static void add_counts(store *st, sqlite3_int64 grp, sqlite3_int64 n, const char *first,
                       const char *last)
{
    sqlite3_stmt *s = store_sql(st,
        "UPDATE quote_group SET occurrences = occurrences + ?2,"
        " first_date = coalesce(min(first_date, ?3), first_date, ?3),"
        " last_date = coalesce(max(last_date, ?4), last_date, ?4)"
        " WHERE id = ?1");
    sqlite3_bind_int64(s, 1, grp);
    sqlite3_bind_int64(s, 2, n);
    store_bind_text(s, 3, first, first ? strlen(first) : 0);
    store_bind_text(s, 4, last, last ? strlen(last) : 0);
    store_run(st, s);
}

/* ---- counts -------------------------------------------------------------- */

/* Counting an occurrence is the one group write of a quote that ran
 * before; rather than a row update per quote, occurrences are tallied
 * here and written once per group per batch. Whatever reads or deletes
 * group rows flushes the tally first. */

static uint64_t grp_hash(sqlite3_int64 grp)
{
    return (uint64_t)grp * 0x9e3779b97f4a7c15u;
}

/* SQLite's order for TEXT (BINARY collation). */
static int text_less(const char *a, size_t alen, const char *b, size_t blen)
{
    size_t n = alen < blen ? alen : blen;
    int c = memcmp(a, b, n);
    return c < 0 || (c == 0 && alen < blen);
}

/* Keep `s` in `b` with a NUL after it, for add_counts. */
static void set_text(cli_buf *b, const char *s, size_t len)
{
    b->len = 0;
    cli_buf_add(b, s, len + 1);
    b->len = len;
}

static store_tally *tally_slot(store_tally *table, size_t size, sqlite3_int64 grp)
{
    size_t at = grp_hash(grp) & (size - 1);
    while (table[at].grp != 0 && table[at].grp != grp)
        at = (at + 1) & (size - 1);
    return &table[at];
}

static void tally_grow(store *st)
{
    store_tally *old = st->tally;
    size_t old_size = st->tally_size;
    st->tally_size = old_size ? 2 * old_size : 1024;
    st->tally = cli_xrealloc(NULL, st->tally_size * sizeof *st->tally);
    memset(st->tally, 0, st->tally_size * sizeof *st->tally);
    for (size_t i = 0; i < old_size; i++) {
        if (old[i].grp != 0) {
            *tally_slot(st->tally, st->tally_size, old[i].grp) = old[i];
        } else {
            cli_buf_free(&old[i].first);
            cli_buf_free(&old[i].last);
        }
    }
    free(old);
}

/* One occurrence dated `date` (NUL-terminated; NULL: unknown) in `grp`. */
static void tally(store *st, sqlite3_int64 grp, const char *date)
{
    if (2 * (st->tally_used + 1) > st->tally_size)
        tally_grow(st);
    store_tally *t = tally_slot(st->tally, st->tally_size, grp);
    if (t->grp == 0) {
        t->grp = grp;
        t->n = 0;
        t->first.len = t->last.len = 0;
        st->tally_used++;
    }
    t->n++;
    if (date == NULL)
        return;
    size_t len = strlen(date);
    if (t->first.len == 0 || text_less(date, len, t->first.ptr, t->first.len))
        set_text(&t->first, date, len);
    if (t->last.len == 0 || text_less(t->last.ptr, t->last.len, date, len))
        set_text(&t->last, date, len);
}

void store_group_flush(store *st)
{
    for (size_t i = 0; i < st->tally_size && st->tally_used > 0; i++) {
        store_tally *t = &st->tally[i];
        if (t->grp == 0)
            continue;
        add_counts(st, t->grp, t->n, t->first.len ? t->first.ptr : NULL,
                   t->last.len ? t->last.ptr : NULL);
        t->grp = 0;
        st->tally_used--;
    }
}

void store_group_free(store *st)
{
    for (size_t i = 0; i < st->tally_size; i++) {
        cli_buf_free(&st->tally[i].first);
        cli_buf_free(&st->tally[i].last);
    }
    free(st->tally);
    st->tally = NULL;
    st->tally_size = st->tally_used = 0;
}

static char *copy_column(sqlite3_stmt *s, int col)
{
    const char *t = (const char *)sqlite3_column_text(s, col);
    if (t == NULL)
        return NULL;
    size_t n = (size_t)sqlite3_column_bytes(s, col) + 1;
    return memcpy(cli_xrealloc(NULL, n), t, n);
}

static void copy_text(sqlite3_stmt *s, int col, cli_buf *out)
{
    out->len = 0;
    cli_buf_add(out, (const char *)sqlite3_column_text(s, col),
                (size_t)sqlite3_column_bytes(s, col));
}

static void group_info_free(group_info *g)
{
    cli_buf_free(&g->text);
    free(g->first_date);
    free(g->last_date);
}

/* ---- containment --------------------------------------------------------- */

/* How a new key with a speaker stands to the groups with that speaker. */
typedef struct related {
    sqlite3_int64 container;  /* the group with the longest root key around it, or 0 */
    size_t container_len;
    group_info *inside;       /* the groups with root keys inside it */
    size_t ninside;
} related;

static void add_inside(related *r, sqlite3_stmt *s)
{
    r->inside = cli_xrealloc(r->inside, (r->ninside + 1) * sizeof *r->inside);
    group_info *g = &r->inside[r->ninside++];
    memset(g, 0, sizeof *g);
    g->id = sqlite3_column_int64(s, 0);
    copy_text(s, 1, &g->text);
    g->occurrences = sqlite3_column_int64(s, 4);
    g->first_date = copy_column(s, 5);
    g->last_date = copy_column(s, 6);
}

/* An anchor row of the new key's minimizers: a group, and which of the
 * minimizers (its index in hashes.h). */
typedef struct shared {
    sqlite3_int64 grp;
    size_t at;
} shared;

static int by_group(const void *a, const void *b)
{
    const shared *x = a, *y = b;
    return (x->grp > y->grp) - (x->grp < y->grp);
}

/* The anchor rows of minimizers `m`, ordered by group. Free *rows. */
static size_t shared_rows(store *st, const hashes *m, shared **rows)
{
    size_t n = 0, size = 0;
    *rows = NULL;
    /* One lookup per minimizer, so that each row says which it is. */
    for (size_t at = 0; at < m->n; at++) {
        sqlite3_stmt *s = store_sql(st, "SELECT grp FROM quote_anchor WHERE hash = ?1");
        sqlite3_bind_int64(s, 1, m->h[at]);
        while (store_step(st, s) == SQLITE_ROW) {
            if (n == size) {
                size = size ? 2 * size : 64;
                *rows = cli_xrealloc(*rows, size * sizeof **rows);
            }
            (*rows)[n].at = at;
            (*rows)[n++].grp = sqlite3_column_int64(s, 0);
        }
    }
    if (n > 0)  /* qsort wants an array, even of none */
        qsort(*rows, n, sizeof **rows, by_group);
    return n;
}

/* Can the `n` minimizers of `rows` be all those of a key inside the new
 * one? Such a key's windows are consecutive windows of the new key, so
 * its minimizers fill one stretch of m->run, uninterrupted by others.
 * Near-identical quotes often share minimizers in several stretches:
 * they are dropped here without a look at their group row. `mark` has m->n
 * entries. */
static int one_stretch(const hashes *m, const shared *rows, size_t n, size_t *mark)
{
    /* mark: 0 not among them; else 1 + the stretch it was last seen in. */
    memset(mark, 0, m->n * sizeof *mark);
    for (size_t i = 0; i < n; i++)
        mark[rows[i].at] = 1;
    size_t stretch = 1, seen = 0;
    for (size_t k = 0; k < m->nrun; k++) {
        size_t *at = &mark[m->run[k]];
        if (*at == 0) {
            stretch++;
            seen = 0;
        } else if (*at != stretch + 1) {
            *at = stretch + 1;
            if (++seen == n)
                return 1;
        }
    }
    return 0;
}

/* Look at group `grp`, which has `n` of the new key's minimizers, for `r`. */
static void consider(store *st, const cli_buf *key, const hashes *m, sqlite3_int64 speaker,
                     sqlite3_int64 grp, size_t n, related *r)
{
    /* All the key's minimizers: it may contain the key; all of its own:
     * the key may contain it. */
    sqlite3_stmt *s = store_sql(st,
        "SELECT g.id, g.text, g.anchors, ?2, g.occurrences, g.first_date, g.last_date"
        " FROM quote_group g WHERE g.id = ?1 AND (?2 = ?3 OR g.anchors = ?2)"
        " AND EXISTS (SELECT 1 FROM quote q WHERE q.grp = g.id AND q.speaker = ?4)");
    sqlite3_bind_int64(s, 1, grp);
    sqlite3_bind_int64(s, 2, (sqlite3_int64)n);
    sqlite3_bind_int64(s, 3, (sqlite3_int64)m->n);
    sqlite3_bind_int64(s, 4, speaker);
    if (store_step(st, s) != SQLITE_ROW)
        return;
    cli_buf *other = &st->other;
    quote_key(st, other, (const char *)sqlite3_column_text(s, 1),
              (size_t)sqlite3_column_bytes(s, 1));
    if (other->len > key->len && other->len > r->container_len && store_contains(other, key)) {
        r->container = grp;
        r->container_len = other->len;
    } else if (other->len < key->len && store_contains(key, other)) {
        add_inside(r, s);
    }
}

/* Fill `r` for `key`, minimizers `m`, said by `speaker`. The groups that
 * share minimizers with the key are looked at in the order of their ids. */
static void find_related(store *st, const cli_buf *key, const hashes *m, sqlite3_int64 speaker,
                         related *r)
{
    shared *rows;
    size_t n = shared_rows(st, m, &rows);
    size_t *mark = cli_xrealloc(NULL, m->n * sizeof *mark);
    memset(r, 0, sizeof *r);
    for (size_t i = 0, j; i < n; i = j) {
        for (j = i + 1; j < n && rows[j].grp == rows[i].grp; j++)
            ;
        if (j - i == m->n || one_stretch(m, rows + i, j - i, mark))
            consider(st, key, m, speaker, rows[i].grp, j - i, r);
    }
    free(mark);
    free(rows);
}

static void related_free(related *r)
{
    for (size_t i = 0; i < r->ninside; i++)
        group_info_free(&r->inside[i]);
    free(r->inside);
}

/* Move every quote and key of group `from` into `into`, and delete it. */
static void merge(store *st, sqlite3_int64 into, group_info *from)
{
    sqlite3_stmt *s = store_sql(st,
        "UPDATE quote SET grp = ?1, text = coalesce(text, ?2) WHERE grp = ?3");
    sqlite3_bind_int64(s, 1, into);
    store_bind_text(s, 2, from->text.ptr, from->text.len);
    sqlite3_bind_int64(s, 3, from->id);
    store_run(st, s);
    s = store_sql(st, "UPDATE quote_key SET grp = ?1 WHERE grp = ?2");
    sqlite3_bind_int64(s, 1, into);
    sqlite3_bind_int64(s, 2, from->id);
    store_run(st, s);
    add_counts(st, into, from->occurrences, from->first_date, from->last_date);
    drop_group(st, from->id, from->text.ptr, from->text.len);
}

/* ---- filing a quote ------------------------------------------------------ */

/* A group for the new root key `key`; `m` its minimizers (none if short). */
static sqlite3_int64 new_group(store *st, const char *text, size_t len, uint64_t hash,
                               const hashes *m)
{
    sqlite3_stmt *s = store_sql(st,
        "INSERT INTO quote_group(text, key_hash, anchors, occurrences) VALUES (?1, ?2, ?3, 0)");
    store_bind_text(s, 1, text, len);
    sqlite3_bind_int64(s, 2, (sqlite3_int64)hash);
    sqlite3_bind_int64(s, 3, (sqlite3_int64)m->n);
    sqlite3_int64 grp = store_insert(st, s);
    insert_key(st, hash, grp);
    set_anchors(st, grp, m, 1);
    set_fts(st, grp, text, len, 1);
    return grp;
}

/* The group of a key that is in no group yet: the one around it, or a new
 * one that takes in the groups inside it. */
static sqlite3_int64 place_key(store *st, const char *text, size_t len, const cli_buf *key,
                               uint64_t hash, sqlite3_int64 speaker)
{
    hashes m = {NULL, 0, NULL, 0};
    related r = {0, 0, NULL, 0};
    sqlite3_int64 grp;
    if (key->len >= MIN_CONTAINED)
        minimizers(key, &m);
    if (m.n > 0 && speaker != 0) {
        store_group_flush(st);  /* the related groups' counts are read */
        find_related(st, key, &m, speaker, &r);
    }
    if (r.container != 0) {
        grp = r.container;
        insert_key(st, hash, grp);
    } else {
        grp = new_group(st, text, len, hash, &m);
        for (size_t i = 0; i < r.ninside; i++)
            merge(st, grp, &r.inside[i]);
    }
    related_free(&r);
    hashes_free(&m);
    return grp;
}

/* Count one occurrence of `text` (key hash `hash`) in `grp`, whose text
 * becomes `text` if that is a better variant of its key. */
static void count(store *st, sqlite3_int64 grp, const char *text, size_t len, uint64_t hash,
                  const char *date, int *same_text)
{
    sqlite3_stmt *s = store_sql(st, "SELECT text, key_hash FROM quote_group WHERE id = ?1");
    sqlite3_bind_int64(s, 1, grp);
    if (store_step(st, s) != SQLITE_ROW)
        store_die(st, "damaged: a quote_key row names a missing group");
    size_t old_len = (size_t)sqlite3_column_bytes(s, 0);
    int order = len == old_len && len > 0 ? memcmp(text, sqlite3_column_text(s, 0), len) : 0;
    /* Of variants as long, the one last in byte order: whatever came
     * first, and lower case before capitals. */
    int better = sqlite3_column_int64(s, 1) == (sqlite3_int64)hash &&
                 (len > old_len || (len == old_len && order > 0));
    *same_text = better || (len == old_len && order == 0);
    if (better) {
        /* Cached texts that equalled the old text no longer do. */
        store_cache_clear(&st->groups);
        /* The quotes that shared the old text get their own copy of it. */
        copy_text(s, 0, &st->other);
        s = store_sql(st, "UPDATE quote SET text = ?1 WHERE grp = ?2 AND text IS NULL");
        store_bind_text(s, 1, st->other.ptr, st->other.len);
        sqlite3_bind_int64(s, 2, grp);
        store_run(st, s);
        s = store_sql(st, "UPDATE quote_group SET text = ?1 WHERE id = ?2");
        store_bind_text(s, 1, text, len);
        sqlite3_bind_int64(s, 2, grp);
        store_run(st, s);
        set_fts(st, grp, st->other.ptr, st->other.len, 0);
        set_fts(st, grp, text, len, 1);
    }
    tally(st, grp, date);
}

sqlite3_int64 store_group_add(store *st, const char *text, size_t len, sqlite3_int64 speaker,
                              const char *date, int *same_text)
{
    /* Most quotes ran before, word for word: then the group is known. */
    store_cache_entry *e = store_cache_find(&st->groups, text, len);
    if (e != NULL) {
        *same_text = e->flag;
        tally(st, e->value, date);
        return e->value;
    }
    quote_key(st, &st->key, text, len);
    uint64_t hash = cli_hash(st->key.ptr, st->key.len);
    sqlite3_stmt *s = store_sql(st, "SELECT grp FROM quote_key WHERE hash = ?1");
    sqlite3_bind_int64(s, 1, (sqlite3_int64)hash);
    sqlite3_int64 grp = store_int(st, s, 0);
    if (grp == 0)
        grp = place_key(st, text, len, &st->key, hash, speaker);
    count(st, grp, text, len, hash, date, same_text);
    store_cache_put(&st->groups, text, len, grp, *same_text);
    return grp;
}

/* ---- removing a document ------------------------------------------------- */

typedef struct member {
    sqlite3_int64 id, speaker;
    cli_buf text;
    char *date;
} member;

/* Take group `grp` apart: append its remaining quotes to `*mem` and
 * delete the group with its keys. */
static void take_apart(store *st, sqlite3_int64 grp, member **mem, size_t *n)
{
    sqlite3_stmt *s = store_sql(st,
        "SELECT q.id, coalesce(q.text, g.text), q.speaker, d.date"
        " FROM quote q JOIN quote_group g ON g.id = q.grp JOIN document d ON d.id = q.doc"
        " WHERE q.grp = ?1 ORDER BY q.id");
    sqlite3_bind_int64(s, 1, grp);
    while (store_step(st, s) == SQLITE_ROW) {
        *mem = cli_xrealloc(*mem, (*n + 1) * sizeof **mem);
        member *m = &(*mem)[(*n)++];
        memset(m, 0, sizeof *m);
        m->id = sqlite3_column_int64(s, 0);
        copy_text(s, 1, &m->text);
        m->speaker = sqlite3_column_int64(s, 2);
        m->date = copy_column(s, 3);
    }
    s = store_sql(st, "DELETE FROM quote_key WHERE grp = ?1");
    sqlite3_bind_int64(s, 1, grp);
    store_run(st, s);
    s = store_sql(st, "SELECT text FROM quote_group WHERE id = ?1");
    sqlite3_bind_int64(s, 1, grp);
    store_step(st, s);
    copy_text(s, 0, &st->key);
    drop_group(st, grp, st->key.ptr, st->key.len);
}

/* File quote `m` again, from scratch. */
static void refile(store *st, member *m)
{
    int same;
    sqlite3_int64 to = store_group_add(st, m->text.ptr, m->text.len, m->speaker, m->date, &same);
    sqlite3_stmt *s = store_sql(st, "UPDATE quote SET grp = ?1, text = ?2 WHERE id = ?3");
    sqlite3_bind_int64(s, 1, to);
    store_bind_text(s, 2, same ? NULL : m->text.ptr, m->text.len);
    sqlite3_bind_int64(s, 3, m->id);
    store_run(st, s);
    cli_buf_free(&m->text);
    free(m->date);
}

void store_group_remove_doc(store *st, sqlite3_int64 doc)
{
    sqlite3_int64 *groups = NULL;
    size_t n = 0;
    store_group_flush(st);  /* groups are about to be rebuilt from their rows */
    sqlite3_stmt *s = store_sql(st, "SELECT DISTINCT grp FROM quote WHERE doc = ?1 ORDER BY grp");
    sqlite3_bind_int64(s, 1, doc);
    while (store_step(st, s) == SQLITE_ROW) {
        groups = cli_xrealloc(groups, (n + 1) * sizeof *groups);
        groups[n++] = sqlite3_column_int64(s, 0);
    }
    s = store_sql(st, "DELETE FROM quote WHERE doc = ?1");
    sqlite3_bind_int64(s, 1, doc);
    store_run(st, s);
    /* Every group the document was in goes before any quote is filed
     * again: filing one may take in another of these groups, whose
     * counts and dates still include the quotes just deleted. */
    member *mem = NULL;
    size_t nmem = 0;
    for (size_t i = 0; i < n; i++)
        take_apart(st, groups[i], &mem, &nmem);
    for (size_t i = 0; i < nmem; i++)
        refile(st, &mem[i]);
    free(mem);
    free(groups);
}
