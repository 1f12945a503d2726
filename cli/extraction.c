/* extraction.c - see extraction.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "extraction.h"
#include "html.h"
#include "source.h"

/* More threads than this is a typo, not a machine. */
enum { MAX_JOBS = 256 };

void cli_settings_init(cli_settings *set)
{
    memset(set, 0, sizeof *set);
    set->input = CLI_KIND_DETECT;
    set->id_field = "id";
    set->text_field = "text";
    quoth_options_init(&set->lib);
    /* The project's rule for bad input is "report it and skip the
     * document", so the command is strict unless told to repair. */
    set->lib.flags |= QUOTH_FLAG_STRICT_UTF8;
}

void cli_extraction_init(cli_extraction *x)
{
    memset(x, 0, sizeof *x);
    cli_settings_init(&x->set);
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

int cli_field_option(const char *option, const char *value, const char **field)
{
    if (value[0] == '\0')
        return cli_bad_value(option, value, "a field name");
    *field = value;
    return 0;
}

/* The shared options that take a value; 1 for any other id. */
static int set_valued(cli_extraction *x, int id, const char *v)
{
    static const char *const inputs[] = {"auto", "text", "jsonl", "html", "warc", NULL};
    cli_settings *set = &x->set;
    long n;
    switch (id) {
    case CLI_OPT_INPUT:
        /* The names are in the order of cli_kind. */
        if ((n = cli_pick(v, inputs)) < 0)
            return cli_bad_value("input", v, "auto, text, jsonl, html or warc");
        set->input = (cli_kind)n;
        return 0;
    case CLI_OPT_ID_FIELD:
        return cli_field_option("id-field", v, &set->id_field);
    case CLI_OPT_TEXT_FIELD:
        return cli_field_option("text-field", v, &set->text_field);
    case CLI_OPT_MAX_DOC_BYTES:
        if (cli_parse_size(v, &set->lib.max_doc_bytes) != 0)
            return cli_bad_value("max-doc-bytes", v, "a byte count such as 65536, 512K or 16M");
        return 0;
    case CLI_OPT_MIN_CONFIDENCE:
        if (parse_confidence(v, &set->lib.min_confidence) != 0)
            return cli_bad_value("min-confidence", v, "a number from 0 to 1");
        return 0;
    case CLI_OPT_JOBS:
        if (cli_parse_number(v, 0, MAX_JOBS, &n) != 0)
            return cli_bad_value("jobs", v, "a number of threads from 0 (one per core) to 256");
        x->jobs = (size_t)n;
        return 0;
    default:
        return 1;
    }
}

int cli_extraction_option(cli_extraction *x, int id, const char *value)
{
    switch (id) {
    case CLI_OPT_STRICT_UTF8:
        x->set.lib.flags |= QUOTH_FLAG_STRICT_UTF8;
        return 0;
    case CLI_OPT_REPAIR_UTF8:
        x->set.lib.flags &= ~QUOTH_FLAG_STRICT_UTF8;
        return 0;
    case CLI_OPT_NO_INDIRECT:
        x->set.lib.flags |= QUOTH_FLAG_NO_INDIRECT;
        return 0;
    case CLI_OPT_QUIET:
        x->quiet = 1;
        return 0;
    default:
        return set_valued(x, id, value);
    }
}

int cli_is_record_key(const char *name)
{
    static const char *const keys[] = {"type", "doc", "start", "end", "text", "kind",
                                       "speaker", "mention", "cue", "speaker_gender",
                                       "confidence", NULL};
    return cli_pick(name, keys) >= 0;
}

static size_t thread_count(const cli_extraction *x)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    if (x->jobs > 0)
        return x->jobs;
    return cores > 0 ? (size_t)(cores < MAX_JOBS ? cores : MAX_JOBS) : 1;
}

int cli_extraction_run(const cli_extraction *x, const char *const *inputs, size_t ninputs,
                       cli_write_fn write, void *userdata, cli_progress *progress, int live,
                       const int *stop)
{
    static const char *const stdin_only[] = {"-"};
    cli_source src;
    if (ninputs == 0) {
        inputs = stdin_only;
        ninputs = 1;
    }
    /* libxml2 sets up shared state lazily; do it before threads. */
    cli_html_init();
    cli_pool *pool = cli_pool_new(&x->set, thread_count(x), write, userdata);
    if (pool == NULL) {
        cli_html_cleanup();
        return CLI_EXIT_SYSTEM;
    }
    cli_progress_start(progress, live, live ? cli_source_total(inputs, ninputs) : 0);
    cli_source_init(&src, &x->set, pool, progress, stop);
    for (size_t i = 0; i < ninputs && !*stop; i++)
        cli_source_read(&src, inputs[i]);
    cli_pool_finish(pool);
    cli_source_free(&src);
    cli_html_cleanup();
    return CLI_EXIT_OK;
}
