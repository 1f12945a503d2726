/*
 * extract.c - `quoth [extract] [OPTIONS] [FILE...]`: the command line, and
 * the run that ties the parts together: source.c reads the input into
 * jobs, pool.c has worker threads (work.c) extract them, and the jobs come
 * back here in input order to be written.
 *
 * A bad document never stops the run: it becomes one error record (in
 * jsonl format) plus a line on stderr, and the exit status says so at the
 * end. Only a failure to write the output, or running out of memory, stops
 * the run early.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "quoth.h"

#include "args.h"
#include "cli.h"
#include "html.h"
#include "job.h"
#include "output.h"
#include "pool.h"
#include "progress.h"
#include "source.h"

/* More threads than this is a typo, not a machine. */
enum { MAX_JOBS = 256 };

typedef enum format_kind { FORMAT_DETECT, FORMAT_JSONL, FORMAT_TEXT } format_kind;

/* What the command line asked for. */
typedef struct request {
    cli_settings set;
    format_kind format;
    size_t jobs;           /* -j; 0: one per core */
    int quiet;
    char *extra_copy;      /* --extra-fields, split in place at the commas */
    const char **files;
    size_t nfiles;
} request;

typedef struct run {
    cli_out out;
    cli_progress progress;
    size_t listings;       /* --format text: documents listed so far */
    size_t bad_docs;
    int stop;              /* the output failed: read no more */
} run;

/* In parts: C compilers need only take string literals of 4095 bytes. */
static const char *const usage_text[] = {
    "Usage: quoth [extract] [OPTIONS] [FILE...]\n"
    "\n"
    "Find quotations (who said what) in news text. With no FILE, or when FILE\n"
    "is -, read standard input. A directory is read recursively, in name order,\n"
    "skipping names that start with a dot.\n"
    "\n"
    "Input:\n"
    "  --input KIND         what each FILE holds (default: auto):\n"
    "                       text: one document, whose id is the FILE name as\n"
    "                         given (\"-\" for standard input);\n"
    "                       jsonl: one JSON object per line, one document each;\n"
    "                         blank lines are skipped;\n"
    "                       html: one web page, id the FILE name; its article\n"
    "                         text is extracted (no scripts, styles, navigation,\n"
    "                         asides or footers; a line per paragraph) and the\n"
    "                         offsets are into that text (see --emit-text);\n"
    "                       warc: a web archive; each response record with an\n"
    "                         HTML or plain-text payload is a document, its id\n"
    "                         the WARC-Target-URI;\n"
    "                       auto: from the name (.jsonl .ndjson .html .htm .warc\n"
    "                         .txt), else from the first bytes.\n"
    "                       Any of them may be compressed with gzip (also a WARC\n"
    "                       compressed record by record), zstd, bzip2 or xz.\n"
    "  --id-field NAME      JSONL field with the document id (default \"id\"). A\n"
    "                       number is printed as its decimal text; a missing or\n"
    "                       null id gives \"doc\":null. A dotted NAME reaches into\n"
    "                       nested objects: \"meta.id\".\n"
    "  --text-field NAME    JSONL field with the text (default \"text\"); dotted\n"
    "                       NAMEs as for --id-field.\n"
    "  --extra-fields LIST  JSONL fields (comma-separated, dotted NAMEs allowed)\n"
    "                       copied into every quote of the record, under their\n"
    "                       NAME, as JSON; null when missing: url,title,date\n"
    "  --max-doc-bytes N    largest document in bytes: a longer text file, JSONL\n"
    "                       line, page or WARC payload is reported as an error\n"
    "                       and skipped unread. Suffixes K, M, G multiply by\n"
    "                       1024, 1024^2, 1024^3; 0 means no limit. Default 16M.\n"
    "  --strict-utf8        report a document holding invalid UTF-8 or a NUL byte\n"
    "                       as an error (the default); for HTML: bytes that are\n"
    "                       not in the page's charset (UTF-8 unless declared)\n"
    "  --repair-utf8        extract from it anyway, reading each bad byte as\n"
    "                       U+FFFD; offsets stay those of the input bytes\n"
    "\n",
    "Extraction:\n"
    "  --no-indirect        report only quotations between quote marks (direct\n"
    "                       and mixed), no reported speech\n"
    "  --thoughts           also report thoughts and beliefs (\"X believes that\n"
    "                       ...\") as indirect quotations; they are not speech\n"
    "  --min-confidence X   leave out quotations whose confidence is below X\n"
    "                       (0 to 1, default 0)\n"
    "  -j, --jobs N         extract on N threads (default 0: one per core). The\n"
    "                       output is the same for every N: in input order.\n"
    "\n"
    "Output:\n"
    "  --format jsonl|text  jsonl: one JSON object per quotation, one per line;\n"
    "                       text: a listing per document for reading. Default:\n"
    "                       text when standard output is a terminal, else jsonl.\n"
    "  --emit-text          jsonl: before the quotes of each document, write\n"
    "                       {\"type\":\"text\",\"doc\":ID,\"text\":TEXT} with the text\n"
    "                       the offsets refer to (for HTML, the extracted text)\n"
    "  -q, --quiet          no progress line (shown when standard error is a\n"
    "                       terminal and standard output is not) and no\n"
    "                       summary at the end\n"
    "  -h, --help           print this help and exit\n"
    "  -V, --version        print the version of libquoth and exit\n"
    "\n",
    "A document that cannot be read or parsed (unreadable or truncated file,\n"
    "bad JSON, no text field, invalid UTF-8, too big) is skipped, and the\n"
    "others are still processed. It is reported on standard error as\n"
    "\"quoth: FILE:LINE: message\" and, in jsonl format, by a record on\n"
    "standard output:\n"
    "  {\"type\":\"error\",\"doc\":ID,\"line\":N,\"message\":\"...\"}\n"
    "where ID is the document id (null if unknown) and N the JSONL line, or for\n"
    "a text document the line of the bad byte (null if there is none).\n"
    "\n"
    "At the end, unless --quiet, a summary goes to standard error: documents,\n"
    "quotes, errors, seconds and MB/s (of input bytes as stored).\n"
    "\n"
    "Exit status:\n"
    "  0  every document was processed\n"
    "  1  all input was read, but some documents were reported as errors\n"
    "  2  bad command line; nothing was read\n"
    "  3  the output could not be written (a closed pipe too, then silently),\n"
    "     or memory ran out; the run stopped there\n"
    "\n"
    "`quoth extract ...` is the same as `quoth ...`; write ./extract for a file\n"
    "of that name.\n",
    NULL};

/* ---- command line -------------------------------------------------------- */

enum {
    OPT_HELP, OPT_VERSION, OPT_INPUT, OPT_FORMAT, OPT_ID_FIELD, OPT_TEXT_FIELD,
    OPT_EXTRA_FIELDS, OPT_MAX_DOC_BYTES, OPT_STRICT_UTF8, OPT_REPAIR_UTF8,
    OPT_NO_INDIRECT, OPT_THOUGHTS, OPT_MIN_CONFIDENCE, OPT_JOBS, OPT_EMIT_TEXT, OPT_QUIET
};

static const cli_option options[] = {
    {"help", 'h', 0, OPT_HELP},
    {"version", 'V', 0, OPT_VERSION},
    {"input", 0, 1, OPT_INPUT},
    {"format", 0, 1, OPT_FORMAT},
    {"id-field", 0, 1, OPT_ID_FIELD},
    {"text-field", 0, 1, OPT_TEXT_FIELD},
    {"extra-fields", 0, 1, OPT_EXTRA_FIELDS},
    {"max-doc-bytes", 0, 1, OPT_MAX_DOC_BYTES},
    {"strict-utf8", 0, 0, OPT_STRICT_UTF8},
    {"repair-utf8", 0, 0, OPT_REPAIR_UTF8},
    {"no-indirect", 0, 0, OPT_NO_INDIRECT},
    {"thoughts", 0, 0, OPT_THOUGHTS},
    {"min-confidence", 0, 1, OPT_MIN_CONFIDENCE},
    {"jobs", 'j', 1, OPT_JOBS},
    {"emit-text", 0, 0, OPT_EMIT_TEXT},
    {"quiet", 'q', 0, OPT_QUIET},
    {NULL, 0, 0, 0},
};

/* "16M" and the like. 0 on success. */
static int parse_size(const char *s, size_t *out)
{
    char *end;
    unsigned shift = 0;
    if (*s < '0' || *s > '9')
        return -1;  /* strtoull would accept " 5" and "-5" */
    errno = 0;
    unsigned long long n = strtoull(s, &end, 10);
    if (errno != 0)
        return -1;
    switch (*end) {
    case 'k': case 'K': shift = 10; end++; break;
    case 'm': case 'M': shift = 20; end++; break;
    case 'g': case 'G': shift = 30; end++; break;
    default: break;
    }
    if (*end != '\0' || n > (SIZE_MAX >> shift))
        return -1;
    *out = (size_t)n << shift;
    return 0;
}

static int parse_confidence(const char *s, double *out)
{
    char *end;
    errno = 0;
    double x = strtod(s, &end);
    if (end == s || *end != '\0' || errno != 0 || !(x >= 0.0 && x <= 1.0))
        return -1;  /* the negated test also rejects NaN */
    *out = x;
    return 0;
}

static int usage_error(const char *option, const char *value, const char *expected)
{
    fprintf(stderr, "quoth: bad value '%s' for --%s: expected %s\n", value, option, expected);
    return -1;
}

/* `name` as one of `names`, at its index in `values`. 0, or -1. */
static int pick(const char *name, const char *const *names, const int *values, int *out)
{
    for (size_t i = 0; names[i] != NULL; i++) {
        if (strcmp(name, names[i]) == 0) {
            *out = values[i];
            return 0;
        }
    }
    return -1;
}

/* A key that quote records have already: an extra field must not repeat it. */
static int is_quote_key(const char *name)
{
    static const char *const keys[] = {"type", "doc", "start", "end", "text", "kind",
                                       "speaker", "mention", "cue", "speaker_gender",
                                       "confidence", NULL};
    for (size_t i = 0; keys[i] != NULL; i++)
        if (strcmp(name, keys[i]) == 0)
            return 1;
    return 0;
}

/* --extra-fields: split a copy of the list at its commas. 0, or -1. */
static int set_extra_fields(request *req, const char *list)
{
    size_t n = 1;
    for (const char *c = list; *c; c++)
        n += *c == ',';
    free(req->extra_copy);
    free(req->set.extra_fields);
    req->extra_copy = cli_xrealloc(NULL, strlen(list) + 1);
    strcpy(req->extra_copy, list);
    req->set.extra_fields = cli_xrealloc(NULL, n * sizeof *req->set.extra_fields);
    req->set.nextra = 0;
    for (char *f = req->extra_copy; f != NULL;) {
        char *comma = strchr(f, ',');
        if (comma != NULL)
            *comma = '\0';
        if (*f == '\0' || is_quote_key(f))
            return -1;
        req->set.extra_fields[req->set.nextra++] = f;
        f = comma ? comma + 1 : NULL;
    }
    return 0;
}

static int set_jobs(request *req, const char *v)
{
    char *end;
    errno = 0;
    unsigned long n = strtoul(v, &end, 10);
    if (*v < '0' || *v > '9' || *end != '\0' || errno != 0 || n > MAX_JOBS)
        return -1;
    req->jobs = n;
    return 0;
}

/* Apply one option that takes a value. 0, or -1 after a message. */
static int set_valued(request *req, int id, const char *v)
{
    static const char *const inputs[] = {"auto", "text", "jsonl", "html", "warc", NULL};
    static const int input_kinds[] = {CLI_KIND_DETECT, CLI_KIND_TEXT, CLI_KIND_JSONL,
                                      CLI_KIND_HTML, CLI_KIND_WARC};
    static const char *const formats[] = {"jsonl", "text", NULL};
    static const int format_kinds[] = {FORMAT_JSONL, FORMAT_TEXT};
    cli_settings *set = &req->set;
    int k;
    switch (id) {
    case OPT_INPUT:
        if (pick(v, inputs, input_kinds, &k) != 0)
            return usage_error("input", v, "auto, text, jsonl, html or warc");
        set->input = (cli_kind)k;
        return 0;
    case OPT_FORMAT:
        if (pick(v, formats, format_kinds, &k) != 0)
            return usage_error("format", v, "text or jsonl");
        req->format = (format_kind)k;
        return 0;
    case OPT_ID_FIELD:
    case OPT_TEXT_FIELD:
        if (v[0] == '\0')
            return usage_error(id == OPT_ID_FIELD ? "id-field" : "text-field", v, "a field name");
        if (id == OPT_ID_FIELD)
            set->id_field = v;
        else
            set->text_field = v;
        return 0;
    case OPT_EXTRA_FIELDS:
        if (set_extra_fields(req, v) != 0)
            return usage_error("extra-fields", v,
                               "field names separated by commas, none a key of quote records");
        return 0;
    case OPT_MAX_DOC_BYTES:
        if (parse_size(v, &set->lib.max_doc_bytes) != 0)
            return usage_error("max-doc-bytes", v, "a byte count such as 65536, 512K or 16M");
        return 0;
    case OPT_MIN_CONFIDENCE:
        if (parse_confidence(v, &set->lib.min_confidence) != 0)
            return usage_error("min-confidence", v, "a number from 0 to 1");
        return 0;
    case OPT_JOBS:
        if (set_jobs(req, v) != 0)
            return usage_error("jobs", v, "a number of threads from 0 (one per core) to 256");
        return 0;
    default:
        return 0;
    }
}

/* Apply one option without a value. */
static void set_flag(request *req, int id)
{
    switch (id) {
    case OPT_STRICT_UTF8:
        req->set.lib.flags |= QUOTH_FLAG_STRICT_UTF8;
        break;
    case OPT_REPAIR_UTF8:
        req->set.lib.flags &= ~QUOTH_FLAG_STRICT_UTF8;
        break;
    case OPT_NO_INDIRECT:
        req->set.lib.flags |= QUOTH_FLAG_NO_INDIRECT;
        break;
    case OPT_THOUGHTS:
        req->set.lib.flags |= QUOTH_FLAG_THOUGHTS;
        break;
    case OPT_EMIT_TEXT:
        req->set.emit_text = 1;
        break;
    case OPT_QUIET:
        req->quiet = 1;
        break;
    default:
        break;
    }
}

/*
 * Fill `req` from the command line. Returns -1 to go on and extract, or
 * the exit status when there is nothing to extract (--help, --version, a
 * usage error).
 */
static int parse_command_line(int argc, char **argv, request *req)
{
    cli_args args;
    const char *v;
    int id;
    cli_args_init(&args, argc, argv);
    while ((id = cli_args_next(&args, options, &v)) != CLI_ARG_END) {
        switch (id) {
        case CLI_ARG_ERROR:
            goto bad;
        case CLI_ARG_OPERAND:
            req->files[req->nfiles++] = v;
            break;
        case OPT_HELP:
            for (size_t i = 0; usage_text[i] != NULL; i++)
                fputs(usage_text[i], stdout);
            return fflush(stdout) == 0 ? CLI_EXIT_OK : CLI_EXIT_SYSTEM;
        case OPT_VERSION:
            printf("quoth %s\n", quoth_version_string());
            return fflush(stdout) == 0 ? CLI_EXIT_OK : CLI_EXIT_SYSTEM;
        default:
            if (v == NULL)
                set_flag(req, id);
            else if (set_valued(req, id, v) != 0)
                goto bad;
        }
    }
    return -1;
bad:
    fputs("Try 'quoth --help' for more information.\n", stderr);
    return CLI_EXIT_USAGE;
}

static void request_init(request *req, int argc)
{
    memset(req, 0, sizeof *req);
    req->set.input = CLI_KIND_DETECT;
    req->set.id_field = "id";
    req->set.text_field = "text";
    quoth_options_init(&req->set.lib);
    /* The project's rule for bad input is "report it and skip the
     * document", so the command is strict unless told to repair. */
    req->set.lib.flags |= QUOTH_FLAG_STRICT_UTF8;
    req->format = FORMAT_DETECT;
    req->files = cli_xrealloc(NULL, (size_t)argc * sizeof *req->files);
}

static void request_free(request *req)
{
    free(req->extra_copy);
    free(req->set.extra_fields);
    free(req->files);
}

/* ---- the run ------------------------------------------------------------- */

/* The pool's writer: each job, in input order, in the main thread. */
static void write_job(cli_job *j, void *userdata)
{
    run *r = userdata;
    if (j->err.len > 0) {
        if (r->progress.live)
            fputs("\r\033[K", stderr);  /* not on top of the progress line */
        fwrite(j->err.ptr, 1, j->err.len, stderr);
    }
    /* A blank line between the listings of --format text. */
    if (j->listed && r->listings++ > 0)
        cli_out_write("\n", 1, &r->out);
    cli_out_write(j->out.ptr, j->out.len, &r->out);
    r->progress.docs += j->docs;
    r->progress.quotes += j->quotes;
    r->progress.errors += j->bad;
    r->bad_docs += j->bad;
    r->stop = r->out.error != 0;
    cli_progress_tick(&r->progress);
}

/* Decide the output format and buffering before anything is written. */
static void setup_output(run *r, request *req)
{
    static char buffer[1 << 16];
    int tty = isatty(fileno(stdout));
    r->out.f = stdout;
    r->out.error = 0;
    req->set.text_format = req->format == FORMAT_TEXT || (req->format == FORMAT_DETECT && tty);
    /* A terminal stays line-buffered so that output shows as it comes. */
    if (!tty)
        setvbuf(stdout, buffer, _IOFBF, sizeof buffer);
}

static int finish_run(run *r)
{
    cli_out_flush(&r->out);
    if (r->out.error != 0) {
        /* A reader that went away (`quoth ... | head`) is no news. */
        if (r->out.error != EPIPE)
            fprintf(stderr, "quoth: cannot write output: %s\n", strerror(r->out.error));
        return CLI_EXIT_SYSTEM;
    }
    return r->bad_docs > 0 ? CLI_EXIT_BAD_INPUT : CLI_EXIT_OK;
}

static size_t thread_count(const request *req)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    if (req->jobs > 0)
        return req->jobs;
    return cores > 0 ? (size_t)(cores < MAX_JOBS ? cores : MAX_JOBS) : 1;
}

static int run_files(request *req)
{
    static const char *const stdin_only[] = {"-"};
    run r;
    cli_source src;
    memset(&r, 0, sizeof r);
    if (req->nfiles == 0) {
        memcpy(req->files, stdin_only, sizeof stdin_only);
        req->nfiles = 1;
    }
    setup_output(&r, req);
    /* Both libraries set up shared state lazily; do it before threads. */
    json_object_seed(0);
    cli_html_init();
    cli_pool *pool = cli_pool_new(&req->set, thread_count(req), write_job, &r);
    if (pool == NULL)
        return CLI_EXIT_SYSTEM;
    /* Only when the output goes elsewhere: on the same terminal, the line
     * would be torn by the listing, which shows the progress anyway. */
    int live = !req->quiet && isatty(STDERR_FILENO) && !isatty(STDOUT_FILENO);
    cli_progress_start(&r.progress, live, live ? cli_source_total(req->files, req->nfiles) : 0);
    cli_source_init(&src, &req->set, pool, &r.progress, &r.stop);
    for (size_t i = 0; i < req->nfiles && !r.stop; i++)
        cli_source_read(&src, req->files[i]);
    cli_pool_finish(pool);
    cli_source_free(&src);
    cli_html_cleanup();
    int rc = finish_run(&r);
    cli_progress_end(&r.progress, !req->quiet && rc != CLI_EXIT_SYSTEM);
    return rc;
}

/* Extraction reads files and writes stdout; it needs nothing else. */
static int drop_privileges(void)
{
#ifdef __OpenBSD__
    return pledge("stdio rpath", NULL);
#else
    return 0;
#endif
}

int cli_extract_main(int argc, char **argv)
{
    request req;
    request_init(&req, argc + 1);
    int rc = parse_command_line(argc, argv, &req);
    if (rc < 0) {
        if (drop_privileges() != 0) {
            perror("quoth: pledge");
            rc = CLI_EXIT_SYSTEM;
        } else {
            rc = run_files(&req);
        }
    }
    request_free(&req);
    return rc;
}
