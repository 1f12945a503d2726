/*
 * store_index.c - `quoth index DB [INPUT...]`: extract quotations and keep
 * them in a quote store (store.h).
 *
 * The input side is extraction's own: source.c reads the operands into
 * jobs and the pool's workers extract them. The jobs come back here in
 * input order, packed (pack.h): each document's id, fields and the hash of
 * its text, then its quotes; and the main thread files them in the store.
 * A JSONL job may hold several documents.
 *
 * Crash safety: documents are written in batches, one transaction each,
 * in WAL mode. A run that dies loses its open batch and nothing else; the
 * same command run again skips the documents stored already (same id, same
 * text) and stores the rest, which gives the database an uninterrupted run
 * would have made.
 */
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "args.h"
#include "extraction.h"
#include "pack.h"
#include "store.h"

/* A batch ends after this many documents or this many seconds, whichever
 * comes first: big enough that commits cost little, small enough that a
 * crash loses little and readers see progress. */
enum { BATCH_DOCS = 10000 };
#define BATCH_SECONDS 1.0

static const char no_id[] = "a document without an id cannot be stored (see --id-field)";

/* The document fields, in the order of cli_settings.extra_fields; also
 * the ids of their options. */
enum { FIELD_URL, FIELD_TITLE, FIELD_DATE, FIELD_SOURCE, FIELDS };

typedef struct indexer {
    store st;
    cli_buf name_key, mention_key, scratch;
    store_cache speakers;        /* speaker name as written -> speaker id */
    store_cache mentions;        /* speaker id and mention -> 1: looked at */
    cli_progress progress;
    size_t added, replaced, unchanged, bad, quotes;
    size_t batch_docs;
    int batch_replaced;          /* speakers may have lost their last quote */
    double batch_start;
} indexer;

static const char *const usage_text[] = {
    "Usage: quoth index [OPTIONS] DB [INPUT...]\n"
    "\n"
    "Extract the quotations of each INPUT (a file, a directory, or - for standard\n"
    "input, which is also read when there is no INPUT) and keep them in the quote\n"
    "store DB, an SQLite database made when it does not exist. `quoth search`\n"
    "and `quoth speakers` read it; docs/schema.sql describes its tables.\n"
    "\n"
    "Each document is stored under its id (the JSONL id field, the file name, or\n"
    "the WARC-Target-URI). Indexing it again with the same text changes nothing;\n"
    "with another text, its quotes are replaced. A document without an id is\n"
    "reported as an error. Quotes that differ only in case, punctuation, white\n"
    "space or Unicode compatibility forms are one group, as is a quote that is\n"
    "part of a longer one by the same speaker.\n"
    "\n"
    "Input and extraction, as for `quoth extract` (see quoth --help):\n"
    "  --input KIND, --id-field NAME, --text-field NAME, --max-doc-bytes N,\n"
    "  --strict-utf8, --repair-utf8, --no-indirect, --min-confidence X, -j N\n"
    "\n"
    "Document fields, read from JSONL records (dotted NAMEs reach into nested\n"
    "objects; a missing field, or one that is not a string, is stored as NULL):\n"
    "  --url-field NAME     the article's URL (default \"url\")\n"
    "  --title-field NAME   its title (default \"title\")\n"
    "  --date-field NAME    its date (default \"date\"): ISO 8601, YYYY-MM-DD with\n"
    "                       an optional time; any other value is not stored\n"
    "  --source-field NAME  the outlet (default \"source\")\n"
    "\n"
    "  -q, --quiet          no progress line and no summary on standard error\n"
    "  -h, --help           print this help and exit\n"
    "\n",
    "Documents are committed in batches (every second or so). If the run is\n"
    "killed, the store keeps every batch committed before; the same command run\n"
    "again completes it. `quoth search` and `quoth speakers` can read the store\n"
    "while it is being written.\n"
    "\n"
    "Exit status:\n"
    "  0  every document was stored\n"
    "  1  all input was read, but some documents were reported as errors and\n"
    "     skipped\n"
    "  2  bad command line; nothing was read\n"
    "  3  the store could not be used: not a quoth store, a newer schema,\n"
    "     read-only, the disk full; what was not committed is not stored\n",
    NULL};

/* ---- command line -------------------------------------------------------- */

static const cli_option options[] = {
    {"help", 'h', 0, CLI_OPT_HELP},
    CLI_EXTRACTION_OPTIONS,
    {"url-field", 0, 1, FIELD_URL},
    {"title-field", 0, 1, FIELD_TITLE},
    {"date-field", 0, 1, FIELD_DATE},
    {"source-field", 0, 1, FIELD_SOURCE},
    {NULL, 0, 0, 0},
};

typedef struct request {
    cli_extraction ex;
    const char *fields[FIELDS];
    const char *db;
    const char **inputs;
    size_t ninputs;
} request;

/* --url-field and the like. */
static int set_doc_field(request *req, int field, const char *v)
{
    static const char *const option[FIELDS] = {"url-field", "title-field", "date-field",
                                               "source-field"};
    return cli_field_option(option[field], v, &req->fields[field]);
}

/* One argument (a cli_apply_fn): DB, an INPUT, or an option. */
static int apply(void *userdata, int id, const char *v)
{
    request *req = userdata;
    int rc;
    switch (id) {
    case CLI_ARG_OPERAND:
        if (req->db == NULL)
            req->db = v;
        else
            req->inputs[req->ninputs++] = v;
        return 0;
    case CLI_ARG_END:
        if (req->db != NULL)
            return 0;
        fputs("quoth: index: no DB given\n", stderr);
        return -1;
    case FIELD_URL: case FIELD_TITLE: case FIELD_DATE: case FIELD_SOURCE:
        return set_doc_field(req, id, v);
    default:
        rc = cli_extraction_option(&req->ex, id, v);
        return rc > 0 ? 0 : rc;
    }
}

static void request_init(request *req, int argc)
{
    static const char *const defaults[FIELDS] = {"url", "title", "date", "source"};
    memset(req, 0, sizeof *req);
    cli_extraction_init(&req->ex);
    memcpy(req->fields, defaults, sizeof defaults);
    /* Every document comes back, quotes or not, with its fields. */
    req->ex.set.packed = 1;
    req->ex.set.extra_fields = req->fields;
    req->ex.set.nextra = FIELDS;
    req->inputs = cli_xrealloc(NULL, (size_t)argc * sizeof *req->inputs);
}

/* ---- records ------------------------------------------------------------- */

static int is_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

/* A date that sorts as text: YYYY-MM-DD, then anything (a time). */
static const char *iso_date(quoth_str d)
{
    if (d.ptr == NULL || d.len < 10 || !is_digits(d.ptr, 4) || d.ptr[4] != '-' ||
        !is_digits(d.ptr + 5, 2) || d.ptr[7] != '-' || !is_digits(d.ptr + 8, 2))
        return NULL;
    int month = (d.ptr[5] - '0') * 10 + (d.ptr[6] - '0');
    int day = (d.ptr[8] - '0') * 10 + (d.ptr[9] - '0');
    return month >= 1 && month <= 12 && day >= 1 && day <= 31 ? d.ptr : NULL;
}

/* ---- speakers ------------------------------------------------------------ */

static void add_variant(store *st, sqlite3_int64 speaker, const char *name, size_t len)
{
    sqlite3_stmt *s = store_sql(st,
        "INSERT OR IGNORE INTO speaker_variant(speaker, name) VALUES (?1, ?2)");
    sqlite3_bind_int64(s, 1, speaker);
    store_bind_text(s, 2, name, len);
    store_run(st, s);
}

/* The id of the speaker `name`, made if new. */
static sqlite3_int64 find_speaker(indexer *ix, quoth_str name)
{
    store *st = &ix->st;
    store_cache_entry *e = store_cache_find(&ix->speakers, name.ptr, name.len);
    if (e != NULL)
        return e->value;
    store_canon(st, &ix->name_key, name.ptr, name.len);
    if (ix->name_key.len == 0)
        cli_buf_add(&ix->name_key, name.ptr, name.len);
    sqlite3_stmt *s = store_sql(st, "SELECT id FROM speaker WHERE key = ?1");
    store_bind_text(s, 1, ix->name_key.ptr, ix->name_key.len);
    sqlite3_int64 id = store_int(st, s, 0);
    if (id == 0) {
        s = store_sql(st, "INSERT INTO speaker(key, name) VALUES (?1, ?2)");
        store_bind_text(s, 1, ix->name_key.ptr, ix->name_key.len);
        store_bind_text(s, 2, name.ptr, name.len);
        id = store_insert(st, s);
    }
    add_variant(st, id, name.ptr, name.len);
    store_cache_put(&ix->speakers, name.ptr, name.len, id, 0);
    return id;
}

/* Keep a mention that is part of the speaker's name ("Clinton" of
 * "Hillary Clinton") as a name variant; pronouns and descriptions are not
 * part of it. */
static void add_mention(indexer *ix, sqlite3_int64 id, quoth_str name, quoth_str mention)
{
    store *st = &ix->st;
    ix->scratch.len = 0;
    cli_buf_add(&ix->scratch, (const char *)&id, sizeof id);  /* a key in memory only */
    cli_buf_add(&ix->scratch, mention.ptr, mention.len);
    if (store_cache_find(&ix->mentions, ix->scratch.ptr, ix->scratch.len) != NULL)
        return;
    store_cache_put(&ix->mentions, ix->scratch.ptr, ix->scratch.len, 1, 0);
    store_canon(st, &ix->name_key, name.ptr, name.len);
    store_canon(st, &ix->mention_key, mention.ptr, mention.len);
    if (ix->mention_key.len > 0 && store_contains(&ix->name_key, &ix->mention_key))
        add_variant(st, id, mention.ptr, mention.len);
}

/* The speaker of a quote and its names; 0 for no speaker. */
static sqlite3_int64 speaker_id(indexer *ix, const quoth_quote *q)
{
    if (q->speaker.ptr == NULL)
        return 0;
    sqlite3_int64 id = find_speaker(ix, q->speaker);
    if (q->has_mention && q->mention.text.ptr != NULL)
        add_mention(ix, id, q->speaker, q->mention.text);
    return id;
}

/* Speakers left without quotes by replaced documents go, names and all. */
static void drop_orphan_speakers(store *st)
{
    store_run(st, store_sql(st,
        "DELETE FROM speaker_variant WHERE speaker NOT IN"
        " (SELECT speaker FROM quote WHERE speaker IS NOT NULL)"));
    store_run(st, store_sql(st,
        "DELETE FROM speaker WHERE id NOT IN"
        " (SELECT speaker FROM quote WHERE speaker IS NOT NULL)"));
}

/* ---- documents ----------------------------------------------------------- */

static void bind_str(sqlite3_stmt *s, int i, quoth_str v)
{
    store_bind_text(s, i, v.ptr, v.len);
}

static void store_quote(indexer *ix, sqlite3_int64 doc, const char *date, const quoth_quote *q)
{
    store *st = &ix->st;
    int same;
    sqlite3_int64 speaker = speaker_id(ix, q);
    sqlite3_int64 grp = store_group_add(st, q->text.ptr ? q->text.ptr : "", q->text.len, speaker,
                                        date, &same);
    sqlite3_stmt *s = store_sql(st,
        "INSERT INTO quote(doc, grp, start, end, kind, text, speaker, mention_start,"
        " mention_end, mention, cue_start, cue_end, cue, gender, confidence)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)");
    sqlite3_bind_int64(s, 1, doc);
    sqlite3_bind_int64(s, 2, grp);
    sqlite3_bind_int64(s, 3, (sqlite3_int64)q->start);
    sqlite3_bind_int64(s, 4, (sqlite3_int64)q->end);
    sqlite3_bind_int(s, 5, (int)q->kind);
    if (!same)
        bind_str(s, 6, q->text);
    if (speaker != 0)
        sqlite3_bind_int64(s, 7, speaker);
    if (q->has_mention) {
        sqlite3_bind_int64(s, 8, (sqlite3_int64)q->mention.start);
        sqlite3_bind_int64(s, 9, (sqlite3_int64)q->mention.end);
        bind_str(s, 10, q->mention.text);
    }
    if (q->has_cue) {
        sqlite3_bind_int64(s, 11, (sqlite3_int64)q->cue.start);
        sqlite3_bind_int64(s, 12, (sqlite3_int64)q->cue.end);
        bind_str(s, 13, q->cue.text);
    }
    sqlite3_bind_int(s, 14, (int)q->speaker_gender);
    /* To two decimals, as extraction prints it and search shows it. */
    sqlite3_bind_double(s, 15, nearbyint(q->confidence * 100) / 100);
    store_run(st, s);
    ix->quotes++;
}

/* Is document `d` stored with this text already? *id gets its row id (0
 * if it is new). */
static int unchanged(indexer *ix, const cli_packed_doc *d, sqlite3_int64 *id)
{
    store *st = &ix->st;
    sqlite3_stmt *s = store_sql(st, "SELECT id, hash, bytes FROM document WHERE key = ?1");
    bind_str(s, 1, d->id);
    *id = 0;
    if (store_step(st, s) != SQLITE_ROW)
        return 0;
    *id = sqlite3_column_int64(s, 0);
    return sqlite3_column_int64(s, 1) == (sqlite3_int64)d->hash &&
           sqlite3_column_int64(s, 2) == (sqlite3_int64)d->bytes;
}

/* Write the document row: a new one, or over `id` after taking its old
 * quotes out. Returns its id. */
static sqlite3_int64 put_document(indexer *ix, sqlite3_int64 id, const cli_packed_doc *d,
                                  const char *date)
{
    const quoth_str *f = d->fields;
    store *st = &ix->st;
    sqlite3_stmt *s;
    if (id != 0) {
        store_group_remove_doc(st, id);
        s = store_sql(st, "UPDATE document SET url = ?2, title = ?3, date = ?4, source = ?5,"
                          " bytes = ?6, hash = ?7 WHERE id = ?1");
        sqlite3_bind_int64(s, 1, id);
        ix->replaced++;
        ix->batch_replaced = 1;
    } else {
        s = store_sql(st, "INSERT INTO document(key, url, title, date, source, bytes, hash)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
        bind_str(s, 1, d->id);
        ix->added++;
    }
    bind_str(s, 2, f[FIELD_URL]);
    bind_str(s, 3, f[FIELD_TITLE]);
    store_bind_text(s, 4, date, date ? f[FIELD_DATE].len : 0);
    bind_str(s, 5, f[FIELD_SOURCE]);
    sqlite3_bind_int64(s, 6, (sqlite3_int64)d->bytes);
    sqlite3_bind_int64(s, 7, (sqlite3_int64)d->hash);
    if (id != 0) {
        store_run(st, s);
        return id;
    }
    return store_insert(st, s);
}

/* File the document of a job and its quotes, which `u` reads. */
static void index_document(indexer *ix, const cli_job *j, cli_unpack *u,
                           const cli_packed_doc *d)
{
    sqlite3_int64 id;
    quoth_quote q;
    if (d->id.ptr == NULL) {
        if (d->line != 0)
            fprintf(stderr, "quoth: %s:%zu: %s\n", j->where.ptr, d->line, no_id);
        else
            fprintf(stderr, "quoth: %s: %s\n", j->where.ptr, no_id);
        ix->bad++;
        return;
    }
    if (unchanged(ix, d, &id)) {
        ix->unchanged++;
        return;
    }
    /* Packed strings end in NUL, so the date can be passed on as is. */
    const char *date = iso_date(d->fields[FIELD_DATE]);
    id = put_document(ix, id, d, date);
    while (cli_unpack_quote(u, &q))
        store_quote(ix, id, date, &q);
}

static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void forget_speakers(indexer *ix)
{
    store_cache_clear(&ix->speakers);
    store_cache_clear(&ix->mentions);
}

static void end_batch(indexer *ix)
{
    if (ix->batch_replaced) {
        drop_orphan_speakers(&ix->st);
        forget_speakers(ix);
    }
    store_commit(&ix->st);
    ix->batch_docs = 0;
    ix->batch_replaced = 0;
}

static void start_batch(indexer *ix)
{
    if (store_begin(&ix->st))
        forget_speakers(ix);  /* another writer may have dropped some */
    ix->batch_start = seconds_now();
}

/* The pool's writer: each job, in input order, in the main thread. */
static void write_job(cli_job *j, void *userdata)
{
    indexer *ix = userdata;
    if (j->err.len > 0) {
        if (ix->progress.live)
            fputs("\r\033[K", stderr);  /* not on top of the progress line */
        fwrite(j->err.ptr, 1, j->err.len, stderr);
    }
    cli_unpack u;
    cli_packed_doc d;
    quoth_quote q;
    cli_unpack_init(&u, j->out.ptr, j->out.len);
    while (cli_unpack_doc(&u, &d)) {
        index_document(ix, j, &u, &d);
        while (cli_unpack_quote(&u, &q))
            ;  /* the quotes of a document that was not stored */
        ix->batch_docs++;
    }
    ix->bad += j->bad;
    ix->progress.docs += j->docs;
    ix->progress.quotes += j->quotes;
    ix->progress.errors += j->bad;
    if (ix->batch_docs >= BATCH_DOCS || seconds_now() - ix->batch_start >= BATCH_SECONDS) {
        end_batch(ix);
        start_batch(ix);
    }
    cli_progress_tick(&ix->progress);
}

/* ---- the command --------------------------------------------------------- */

static void print_summary(const indexer *ix)
{
    fprintf(stderr, "quoth: %s: %zu new, %zu replaced and %zu unchanged documents;"
                    " %zu quotes stored\n",
            ix->st.path, ix->added, ix->replaced, ix->unchanged, ix->quotes);
}

static int run_index(request *req, indexer *ix)
{
    int stop = 0;
    if (store_open(&ix->st, req->db, 1) != CLI_EXIT_OK)
        return CLI_EXIT_SYSTEM;
    int live = !req->ex.quiet && isatty(STDERR_FILENO);
    start_batch(ix);
    if (cli_extraction_run(&req->ex, req->inputs, req->ninputs, write_job, ix, &ix->progress,
                           live, &stop) != CLI_EXIT_OK) {
        store_close(&ix->st);  /* the open batch is rolled back */
        return CLI_EXIT_SYSTEM;
    }
    end_batch(ix);
    cli_progress_end(&ix->progress, !req->ex.quiet);
    if (!req->ex.quiet)
        print_summary(ix);
    store_close(&ix->st);
    return ix->bad > 0 ? CLI_EXIT_BAD_INPUT : CLI_EXIT_OK;
}

int cli_index_main(int argc, char **argv)
{
    /* Static: the indexer is big and lives for the run. */
    static indexer ix;
    request req;
    request_init(&req, argc);
    /* A file size limit (ulimit -f) must show up as a failed write, which
     * is reported and rolled back, rather than kill the command. */
    signal(SIGXFSZ, SIG_IGN);
    int rc = cli_parse(argc, argv, options, usage_text, "index", apply, &req);
    if (rc < 0)
        rc = run_index(&req, &ix);
    cli_buf_free(&ix.name_key);
    cli_buf_free(&ix.mention_key);
    cli_buf_free(&ix.scratch);
    store_cache_free(&ix.speakers);
    store_cache_free(&ix.mentions);
    free(req.inputs);
    return rc;
}
