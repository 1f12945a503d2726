/*
 * extract.c - `quoth [extract] [OPTIONS] [FILE...]`: the command line, and
 * the writing of the run (extraction.c): source.c reads the input into
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

#include "quoth.h"

#include "args.h"
#include "cli.h"
#include "extraction.h"
#include "output.h"

typedef enum format_kind { FORMAT_DETECT, FORMAT_JSONL, FORMAT_TEXT } format_kind;

/* What the command line asked for. */
typedef struct request {
    cli_extraction ex;
    format_kind format;
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

/* In parts: C compilers need only take string literals of 4095 bytes.
 * `quoth --help` lands here, so it names the other commands too. */
static const char *const usage_text[] = {
    "Usage: quoth [extract] [OPTIONS] [FILE...]\n"
    "   or: quoth COMMAND [OPTIONS] [ARGUMENTS...]\n"
    "\n"
    "Find quotations (who said what) in news text. With no FILE, or when FILE\n"
    "is -, read standard input. A directory is read recursively, in name order,\n"
    "skipping names that start with a dot.\n"
    "\n"
    "Commands (`quoth COMMAND --help` lists the options of each):\n"
    "  extract              find the quotations in FILEs: the default, whose\n"
    "                       options follow\n"
    "  index DB [INPUT...]  extract quotations and keep them in the quote store DB\n"
    "  search DB QUERY      search the quotes of a quote store\n"
    "  speakers DB          list the speakers of a quote store, most quoted first\n"
    "  serve                serve a web page and an HTTP API for extraction and\n"
    "                       for searching a quote store\n"
    "\n",
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
    "                       number is printed as written (\"1.50\"); a missing or\n"
    "                       null id gives \"doc\":null. A dotted NAME reaches into\n"
    "                       nested objects: \"meta.id\".\n"
    "  --text-field NAME    JSONL field with the text (default \"text\"); dotted\n"
    "                       NAMEs as for --id-field.\n"
    "  --extra-fields LIST  JSONL fields (comma-separated, dotted NAMEs allowed)\n"
    "                       copied into every quote of the record, and into its\n"
    "                       text record (--emit-text), under their NAME, as JSON;\n"
    "                       null when missing: url,title,date\n"
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
    "                       and the --extra-fields\n"
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
    "`quoth extract ...` is the same as `quoth ...`; a first FILE named like a\n"
    "command (extract, index, search, speakers, serve) needs a ./ before it.\n",
    NULL};

/* ---- command line -------------------------------------------------------- */

/* Extraction's own options; the shared ones are extraction.h's. */
enum { OPT_FORMAT, OPT_EXTRA_FIELDS, OPT_THOUGHTS, OPT_EMIT_TEXT };

static const cli_option options[] = {
    {"help", 'h', 0, CLI_OPT_HELP},
    {"version", 'V', 0, CLI_OPT_VERSION},
    CLI_EXTRACTION_OPTIONS,
    {"format", 0, 1, OPT_FORMAT},
    {"extra-fields", 0, 1, OPT_EXTRA_FIELDS},
    {"thoughts", 0, 0, OPT_THOUGHTS},
    {"emit-text", 0, 0, OPT_EMIT_TEXT},
    {NULL, 0, 0, 0},
};

/* --extra-fields: split a copy of the list at its commas. 0, or -1. */
static int set_extra_fields(request *req, const char *list)
{
    cli_settings *set = &req->ex.set;
    size_t n = 1;
    for (const char *c = list; *c; c++)
        n += *c == ',';
    free(req->extra_copy);
    free(set->extra_fields);
    req->extra_copy = cli_xrealloc(NULL, strlen(list) + 1);
    strcpy(req->extra_copy, list);
    set->extra_fields = cli_xrealloc(NULL, n * sizeof *set->extra_fields);
    set->nextra = 0;
    for (char *f = req->extra_copy; f != NULL;) {
        char *comma = strchr(f, ',');
        if (comma != NULL)
            *comma = '\0';
        if (*f == '\0' || cli_is_record_key(f))
            return -1;
        set->extra_fields[set->nextra++] = f;
        f = comma ? comma + 1 : NULL;
    }
    return 0;
}

/* One argument (a cli_apply_fn): an operand, an option of extraction's
 * own, or a shared one. */
static int apply(void *userdata, int id, const char *v)
{
    static const char *const formats[] = {"jsonl", "text", NULL};
    request *req = userdata;
    int rc;
    switch (id) {
    case CLI_ARG_OPERAND:
        req->files[req->nfiles++] = v;
        return 0;
    case OPT_FORMAT:
        if ((rc = cli_pick(v, formats)) < 0)
            return cli_bad_value("format", v, "text or jsonl");
        req->format = rc == 0 ? FORMAT_JSONL : FORMAT_TEXT;
        return 0;
    case OPT_EXTRA_FIELDS:
        if (set_extra_fields(req, v) != 0)
            return cli_bad_value("extra-fields", v,
                                 "field names separated by commas, none a key of quote records");
        return 0;
    case OPT_THOUGHTS:
        req->ex.set.lib.flags |= QUOTH_FLAG_THOUGHTS;
        return 0;
    case OPT_EMIT_TEXT:
        req->ex.set.emit_text = 1;
        return 0;
    default:
        rc = cli_extraction_option(&req->ex, id, v);
        return rc > 0 ? 0 : rc;  /* CLI_ARG_END: nothing is required */
    }
}

static void request_init(request *req, int argc)
{
    memset(req, 0, sizeof *req);
    cli_extraction_init(&req->ex);
    req->format = FORMAT_DETECT;
    req->files = cli_xrealloc(NULL, (size_t)argc * sizeof *req->files);
}

static void request_free(request *req)
{
    free(req->extra_copy);
    free(req->ex.set.extra_fields);
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
    req->ex.set.text_format = req->format == FORMAT_TEXT || (req->format == FORMAT_DETECT && tty);
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

static int run_files(request *req)
{
    run r;
    memset(&r, 0, sizeof r);
    setup_output(&r, req);
    /* Only when the output goes elsewhere: on the same terminal, the line
     * would be torn by the listing, which shows the progress anyway. */
    int live = !req->ex.quiet && isatty(STDERR_FILENO) && !isatty(STDOUT_FILENO);
    if (cli_extraction_run(&req->ex, req->files, req->nfiles, write_job, &r, &r.progress, live,
                           &r.stop) != CLI_EXIT_OK)
        return CLI_EXIT_SYSTEM;
    int rc = finish_run(&r);
    cli_progress_end(&r.progress, !req->ex.quiet && rc != CLI_EXIT_SYSTEM);
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
    request_init(&req, argc);
    int rc = cli_parse(argc, argv, options, usage_text, NULL, apply, &req);
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
