/*
 * serve.c - `quoth serve`: extraction and the quote store over HTTP, and a
 * page for people (cli/web/, compiled in by tools/embed.sh).
 *
 * libmicrohttpd reads requests on a pool of threads, and each request is
 * answered on the thread that read it. Extraction borrows a cli_worker
 * (work.c: the same code, the same records as `quoth extract`) from a free
 * list, so threads wait for each other only on the store, which is one
 * SQLite connection behind a mutex. Memory is bounded by the connection
 * limit times --max-body: a body is refused (413) as soon as it is known
 * to be too big, before it is read when Content-Length says so.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <microhttpd.h>

#include "quoth.h"

#include "args.h"
#include "cli.h"
#include "extraction.h"
#include "job.h"
#include "output.h"
#include "serve.h"
#include "store.h"
#include "work.h"

/* cli/web/index.html, app.css and app.js as web_index_html etc. */
#include "web_assets.inc"

enum {
    DEFAULT_PORT = 8080,
    DEFAULT_TIMEOUT = 30,
    MAX_THREADS = 256,
    /* Each connection may hold a body of --max-body bytes: the limit caps
     * what a burst can take, at the price of turning away connection 65. */
    MAX_CONNECTIONS = 64,
    DEFAULT_RESULTS = 20,
    MAX_RESULTS = 1000,
    WHY_SIZE = 512
};

#define DEFAULT_MAX_BODY ((size_t)10 << 20)

static const char *const usage_text[] = {
    "Usage: quoth serve [OPTIONS]\n"
    "\n"
    "Serve quoth over HTTP: a page at / where a person pastes an article and sees\n"
    "who said what, and a JSON API:\n"
    "\n"
    "  POST /api/extract   the body is one document: text (UTF-8), or with\n"
    "                      Content-Type: application/json {\"id\":ID,\"text\":TEXT};\n"
    "                      answers {\"quotes\":[QUOTE...]}, each QUOTE as `quoth`\n"
    "                      prints it (offsets are bytes of the text)\n"
    "  GET /api/search?q=QUERY&speaker=NAME&since=DATE&until=DATE&limit=N\n"
    "                      search the store as `quoth search` does (with --db),\n"
    "                      dates YYYY-MM-DD; answers {\"results\":[GROUP...]}\n"
    "  GET /api/speakers?top=N\n"
    "                      the N most quoted speakers, as `quoth speakers` lists\n"
    "                      them (with --db); answers {\"quotes\":N,\"speakers\":[...]}\n"
    "  GET /healthz        {\"status\":\"ok\",\"version\":V,\"store\":true|false}\n"
    "\n"
    "A request that fails gets a 4xx or 5xx status and an error record,\n"
    "{\"type\":\"error\",\"doc\":ID,\"line\":N,\"message\":WHY}: 400 for malformed JSON,\n"
    "a missing text, invalid UTF-8 or a bad query, 404, 405, 413 for a body over\n"
    "--max-body. limit and top go from 1 to 1000 (default 20).\n"
    "\n"
    "  --db DB            the quote store to search (made by `quoth index`)\n"
    "  --bind ADDRESS     the IP address to listen on (default 127.0.0.1: this\n"
    "                     machine only)\n"
    "  --port N           the port (default 8080; 0: any free port)\n"
    "  --threads N        threads answering requests (default: one per core)\n"
    "  --max-body N       the largest request body, in bytes (default 10M; K, M\n"
    "                     and G suffixes)\n"
    "  --timeout SECONDS  close a connection that stays silent this long\n"
    "                     (default 30)\n"
    "  -h, --help         print this help and exit\n"
    "\n"
    "The address listened on is printed on standard error. SIGINT (Ctrl-C) or\n"
    "SIGTERM stops the server. Exit status: 0 after a stop, 2 for a bad command\n"
    "line, 3 when the address or the store cannot be opened.\n",
    NULL};

/* ---- command line -------------------------------------------------------- */

enum { OPT_DB, OPT_BIND, OPT_PORT, OPT_THREADS, OPT_MAX_BODY, OPT_TIMEOUT };

static const cli_option options[] = {
    {"help", 'h', 0, CLI_OPT_HELP},
    {"db", 0, 1, OPT_DB},
    {"bind", 0, 1, OPT_BIND},
    {"port", 0, 1, OPT_PORT},
    {"threads", 0, 1, OPT_THREADS},
    {"max-body", 0, 1, OPT_MAX_BODY},
    {"timeout", 0, 1, OPT_TIMEOUT},
    {NULL, 0, 0, 0},
};

typedef struct config {
    const char *db, *bind;
    long port, threads, timeout;
    size_t max_body;
    struct sockaddr_storage addr;
    int ipv6;
} config;

/* --bind and --port as a socket address. 0 on success. */
static int set_address(config *cfg)
{
    struct sockaddr_in *v4 = (struct sockaddr_in *)&cfg->addr;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&cfg->addr;
    uint16_t port = htons((uint16_t)cfg->port);
    memset(&cfg->addr, 0, sizeof cfg->addr);
    if (inet_pton(AF_INET, cfg->bind, &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = port;
        return 0;
    }
    if (inet_pton(AF_INET6, cfg->bind, &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = port;
        cfg->ipv6 = 1;
        return 0;
    }
    return -1;
}

/* One argument: a cli_apply_fn. */
static int apply(void *userdata, int id, const char *v)
{
    config *cfg = userdata;
    switch (id) {
    case OPT_DB:
        cfg->db = v;
        return 0;
    case OPT_BIND:
        cfg->bind = v;
        return 0;
    case OPT_PORT:
        return cli_parse_number(v, 0, 65535, &cfg->port) == 0
                   ? 0 : cli_bad_value("port", v, "a port number from 0 to 65535");
    case OPT_THREADS:
        return cli_parse_number(v, 1, MAX_THREADS, &cfg->threads) == 0
                   ? 0 : cli_bad_value("threads", v, "a number of threads from 1 to 256");
    case OPT_MAX_BODY:
        /* An empty body is all that a limit of 0 would let in. */
        return cli_parse_size(v, &cfg->max_body) == 0 && cfg->max_body > 0
                   ? 0 : cli_bad_value("max-body", v, "a byte count such as 65536, 512K or 10M");
    case OPT_TIMEOUT:
        return cli_parse_number(v, 1, 3600, &cfg->timeout) == 0
                   ? 0 : cli_bad_value("timeout", v, "seconds from 1 to 3600");
    case CLI_ARG_OPERAND:
        fprintf(stderr, "quoth: serve: unexpected argument '%s'\n", v);
        return -1;
    default: /* CLI_ARG_END: --bind and --port are in */
        return set_address(cfg) == 0
                   ? 0 : cli_bad_value("bind", cfg->bind, "an IP address such as 127.0.0.1 or ::1");
    }
}

static long core_count(void)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    return cores < 1 ? 1 : cores > MAX_THREADS ? MAX_THREADS : cores;
}

/* -1 to go on, or the exit status (--help, a usage error). */
static int parse_command_line(int argc, char **argv, config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->bind = "127.0.0.1";
    cfg->port = DEFAULT_PORT;
    cfg->threads = core_count();
    cfg->timeout = DEFAULT_TIMEOUT;
    cfg->max_body = DEFAULT_MAX_BODY;
    return cli_parse(argc, argv, options, usage_text, "serve", apply, cfg);
}

/* ---- the server ---------------------------------------------------------- */

typedef struct server {
    cli_settings set;      /* for the workers: one text in, SPEC records out */
    size_t max_body;
    /* Idle workers. A thread uses one at a time, so there are never more
     * than --threads of them. */
    pthread_mutex_t workers_lock;
    cli_worker **idle;
    size_t nidle, cap;
    /* The store, with --db. */
    int has_store;
    store st;
    pthread_mutex_t store_lock;
} server;

/* 0, or a message and -1. */
static int server_init(server *sv, const config *cfg)
{
    memset(sv, 0, sizeof *sv);
    /* As `quoth extract`: a document with bad bytes is refused, not
     * guessed at (SPEC: "cannot be read or parsed"). */
    cli_settings_init(&sv->set);
    sv->set.input = CLI_KIND_TEXT;
    sv->max_body = cfg->max_body;
    sv->cap = (size_t)cfg->threads;
    sv->idle = cli_xrealloc(NULL, sv->cap * sizeof *sv->idle);
    pthread_mutex_init(&sv->workers_lock, NULL);
    pthread_mutex_init(&sv->store_lock, NULL);
    if (cfg->db != NULL) {
        if (store_open(&sv->st, cfg->db, 0) != CLI_EXIT_OK)
            return -1;
        sv->has_store = 1;
    }
    return 0;
}

static void server_free(server *sv)
{
    while (sv->nidle > 0)
        cli_worker_free(sv->idle[--sv->nidle]);
    free(sv->idle);
    if (sv->has_store)
        store_close(&sv->st);
    pthread_mutex_destroy(&sv->workers_lock);
    pthread_mutex_destroy(&sv->store_lock);
}

/* NULL when the extractor cannot be made (a message is on stderr). */
static cli_worker *take_worker(server *sv)
{
    cli_worker *w = NULL;
    pthread_mutex_lock(&sv->workers_lock);
    if (sv->nidle > 0)
        w = sv->idle[--sv->nidle];
    pthread_mutex_unlock(&sv->workers_lock);
    return w != NULL ? w : cli_worker_new(&sv->set);
}

static void give_back(server *sv, cli_worker *w)
{
    pthread_mutex_lock(&sv->workers_lock);
    if (sv->nidle < sv->cap) {
        sv->idle[sv->nidle++] = w;
        w = NULL;
    }
    pthread_mutex_unlock(&sv->workers_lock);
    cli_worker_free(w);
}

/* ---- replies ------------------------------------------------------------- */

typedef struct reply {
    unsigned status;
    const char *type;            /* Content-Type */
    const unsigned char *data;   /* a compiled-in file, or NULL: then body */
    size_t len;
    cli_buf body;
    const char *allow;           /* the Allow header of a 405 */
} reply;

/* On every reply. The page loads only its own script and style, so a
 * quotation that slipped through unescaped still could not run. */
static const char *const common_headers[][2] = {
    {"X-Content-Type-Options", "nosniff"},
    {"Content-Security-Policy",
     "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
     "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"},
    {"Referrer-Policy", "no-referrer"},
    {"Cache-Control", "no-store"},
};

static const reply no_reply = {0, NULL, NULL, 0, {NULL, 0, 0}, NULL};

static void json_reply(reply *out, unsigned status)
{
    out->status = status;
    out->type = "application/json";
}

static void error_reply(reply *out, unsigned status, const char *fmt, ...)
{
    char msg[WHY_SIZE];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    out->body.len = 0;
    cli_error_record(&out->body, NULL, 0, 0, msg);
    json_reply(out, status);
}

/* Queue the reply; the body goes to libmicrohttpd, which frees it. */
static enum MHD_Result send_reply(struct MHD_Connection *c, reply *out)
{
    struct MHD_Response *resp;
    if (out->data != NULL)
        resp = MHD_create_response_from_buffer(out->len, (void *)out->data,
                                               MHD_RESPMEM_PERSISTENT);
    else
        resp = MHD_create_response_from_buffer(out->body.len, out->body.ptr,
                                               MHD_RESPMEM_MUST_FREE);
    if (resp == NULL) {
        cli_buf_free(&out->body);
        return MHD_NO;
    }
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, out->type);
    for (size_t i = 0; i < sizeof common_headers / sizeof common_headers[0]; i++)
        MHD_add_response_header(resp, common_headers[i][0], common_headers[i][1]);
    if (out->allow != NULL)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, out->allow);
    enum MHD_Result rc = MHD_queue_response(c, out->status, resp);
    MHD_destroy_response(resp);
    return rc;
}

/* ---- requests ------------------------------------------------------------ */

typedef struct request request;
typedef void (*handler_fn)(server *sv, struct MHD_Connection *c, request *r, reply *out);

typedef struct asset {
    const char *type;
    const unsigned char *data;
    size_t len;
} asset;

typedef struct route {
    const char *path;
    const char *method;  /* "GET" (which takes HEAD too) or "POST" */
    handler_fn run;
    const asset *file;   /* for send_file */
} route;

struct request {
    const route *route;
    cli_buf body;
    int too_big;         /* the body grew past --max-body: 413 */
};

static const asset page_html = {"text/html; charset=utf-8", web_index_html,
                                sizeof web_index_html};
static const asset page_css = {"text/css; charset=utf-8", web_app_css, sizeof web_app_css};
static const asset page_js = {"text/javascript; charset=utf-8", web_app_js,
                              sizeof web_app_js};

static void send_file(server *sv, struct MHD_Connection *c, request *r, reply *out)
{
    (void)sv;
    (void)c;
    out->status = MHD_HTTP_OK;
    out->type = r->route->file->type;
    out->data = r->route->file->data;
    out->len = r->route->file->len;
}

static void healthz(server *sv, struct MHD_Connection *c, request *r, reply *out)
{
    (void)c;
    (void)r;
    cli_buf_printf(&out->body, "{\"status\":\"ok\",\"version\":\"%s\",\"store\":%s}\n",
                   quoth_version_string(), sv->has_store ? "true" : "false");
    json_reply(out, MHD_HTTP_OK);
}

static int is_json(struct MHD_Connection *c)
{
    static const char json[] = "application/json";
    const char *t = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                MHD_HTTP_HEADER_CONTENT_TYPE);
    size_t n = sizeof json - 1;
    return t != NULL && strncasecmp(t, json, n) == 0 &&
           (t[n] == '\0' || t[n] == ';' || t[n] == ' ');
}

/* {"quotes":[...]} from the worker's JSON lines: each line one element. */
static void quotes_reply(reply *out, const cli_buf *lines)
{
    cli_buf_add(&out->body, "{\"quotes\":[", 11);
    size_t first = out->body.len;
    cli_buf_add(&out->body, lines->ptr, lines->len);
    /* JSON escapes every newline inside a record, so each raw one ends
     * a record: the last goes, the others separate elements. */
    for (size_t i = first; i < out->body.len; i++)
        if (out->body.ptr[i] == '\n')
            out->body.ptr[i] = i + 1 == out->body.len ? ' ' : ',';
    cli_buf_add(&out->body, "]}\n", 3);
    json_reply(out, MHD_HTTP_OK);
}

static void api_extract(server *sv, struct MHD_Connection *c, request *r, reply *out)
{
    cli_job j;
    memset(&j, 0, sizeof j);
    cli_worker *w = take_worker(sv);
    if (w == NULL) {
        error_reply(out, MHD_HTTP_INTERNAL_SERVER_ERROR, "cannot start the extractor");
        return;
    }
    /* JSON goes through the JSONL path: the same fields, the same
     * messages for a line that is not an object or has no text. */
    j.kind = is_json(c) ? CLI_JOB_JSONL : CLI_JOB_TEXT;
    j.in = r->body;
    r->body = (cli_buf){NULL, 0, 0};
    cli_buf_add(&j.where, "request body", 13);
    cli_worker_run(w, &j);
    give_back(sv, w);
    if (j.bad > 0) {
        /* The error record that `quoth` would print. */
        out->body = j.out;
        j.out = (cli_buf){NULL, 0, 0};
        json_reply(out, MHD_HTTP_BAD_REQUEST);
    } else {
        quotes_reply(out, &j.out);
    }
    cli_buf_free(&j.in);
    cli_buf_free(&j.where);
    cli_buf_free(&j.out);
    cli_buf_free(&j.err);
}

/* A query parameter, NULL when absent or empty. */
static const char *param(struct MHD_Connection *c, const char *name)
{
    const char *v = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, name);
    return v != NULL && *v != '\0' ? v : NULL;
}

/* A count parameter: DEFAULT_RESULTS when absent. 0, or -1 after the
 * error reply. */
static int count_param(struct MHD_Connection *c, const char *name, long *n, reply *out)
{
    const char *v = param(c, name);
    *n = DEFAULT_RESULTS;
    if (v == NULL || cli_parse_number(v, 1, MAX_RESULTS, n) == 0)
        return 0;
    error_reply(out, MHD_HTTP_BAD_REQUEST, "%s must be a number from 1 to %d", name,
                MAX_RESULTS);
    return -1;
}

/* A date parameter, NULL when absent. 0, or -1 after the error reply. */
static int date_param(struct MHD_Connection *c, const char *name, const char **date,
                      reply *out)
{
    *date = param(c, name);
    if (*date == NULL || store_is_date(*date))
        return 0;
    error_reply(out, MHD_HTTP_BAD_REQUEST, "%s must be a date YYYY-MM-DD", name);
    return -1;
}

/* Both store endpoints: 0 to go on, or -1 after the error reply. */
static int store_ready(const server *sv, reply *out)
{
    if (sv->has_store)
        return 0;
    error_reply(out, MHD_HTTP_NOT_FOUND,
                "no quote store here: start the server with --db DB to search");
    return -1;
}

/* The reply to a store call that gave the SQLite code `rc`, with its
 * message `why`. A search's SQL is fixed, so a plain SQL error from it can
 * only be the query's. */
static void store_reply(reply *out, int rc, int search, const char *why)
{
    if (rc == SQLITE_DONE)
        json_reply(out, MHD_HTTP_OK);
    else if (search && rc == SQLITE_ERROR)
        error_reply(out, MHD_HTTP_BAD_REQUEST, "bad search query: %s", why);
    else
        error_reply(out, MHD_HTTP_INTERNAL_SERVER_ERROR, "cannot read the store: %s", why);
}

/* A JSON array being appended to a reply body, one element at a time. */
typedef struct json_list {
    cli_buf *body;
    size_t n;
} json_list;

/* Before each element: a comma, unless it is the first. */
static void list_next(json_list *l)
{
    if (l->n++ > 0)
        cli_buf_add(l->body, ",", 1);
}

static int add_result(const store_result *r, void *userdata)
{
    json_list *l = userdata;
    list_next(l);
    store_result_json(l->body, r);
    return 0;
}

static void api_search(server *sv, struct MHD_Connection *c, request *r, reply *out)
{
    store_query q = {param(c, "q"), param(c, "speaker"), NULL, NULL, 0};
    json_list results = {&out->body, 0};
    char why[WHY_SIZE];
    (void)r;
    if (store_ready(sv, out) != 0 || count_param(c, "limit", &q.limit, out) != 0 ||
        date_param(c, "since", &q.since, out) != 0 || date_param(c, "until", &q.until, out) != 0)
        return;
    if (q.fts == NULL) {
        error_reply(out, MHD_HTTP_BAD_REQUEST, "no search query: give q=WORDS");
        return;
    }
    /* The store's keys are made from valid UTF-8 only. */
    if (q.speaker != NULL && cli_utf8_check(q.speaker, strlen(q.speaker)) != strlen(q.speaker)) {
        error_reply(out, MHD_HTTP_BAD_REQUEST, "the speaker is not valid UTF-8");
        return;
    }
    cli_buf_add(&out->body, "{\"results\":[", 12);
    pthread_mutex_lock(&sv->store_lock);
    int rc = store_search(&sv->st, &q, add_result, &results);
    snprintf(why, sizeof why, "%s", sqlite3_errmsg(sv->st.db));
    pthread_mutex_unlock(&sv->store_lock);
    cli_buf_add(&out->body, "]}", 2);
    store_reply(out, rc, 1, why);
}

typedef struct speaker_list {
    json_list list;
    const store_totals *totals;
} speaker_list;

static int add_speaker(const store_speaker *sp, void *userdata)
{
    speaker_list *l = userdata;
    list_next(&l->list);
    store_speaker_json(l->list.body, sp, l->totals);
    return 0;
}

/* {"quotes":N,"speakers":[...]}: SQLITE_DONE, or the error. */
static int speakers_json(store *st, long top, cli_buf *body)
{
    store_totals t;
    speaker_list l = {{body, 0}, &t};
    int rc = store_get_totals(st, &t);
    if (rc != SQLITE_OK)
        return rc;
    cli_buf_printf(body, "{\"quotes\":%lld,\"speakers\":[", (long long)t.quotes);
    rc = store_speakers(st, top, add_speaker, &l);
    cli_buf_add(body, "]}", 2);
    return rc;
}

static void api_speakers(server *sv, struct MHD_Connection *c, request *r, reply *out)
{
    long top;
    char why[WHY_SIZE];
    (void)r;
    if (store_ready(sv, out) != 0 || count_param(c, "top", &top, out) != 0)
        return;
    pthread_mutex_lock(&sv->store_lock);
    int rc = speakers_json(&sv->st, top, &out->body);
    snprintf(why, sizeof why, "%s", sqlite3_errmsg(sv->st.db));
    pthread_mutex_unlock(&sv->store_lock);
    store_reply(out, rc, 0, why);
}

static const route routes[] = {
    {"/", "GET", send_file, &page_html},
    {"/app.css", "GET", send_file, &page_css},
    {"/app.js", "GET", send_file, &page_js},
    {"/healthz", "GET", healthz, NULL},
    {"/api/extract", "POST", api_extract, NULL},
    {"/api/search", "GET", api_search, NULL},
    {"/api/speakers", "GET", api_speakers, NULL},
};

static const route *find_route(const char *url)
{
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++)
        if (strcmp(url, routes[i].path) == 0)
            return &routes[i];
    return NULL;
}

static int method_allowed(const route *rt, const char *method)
{
    return strcmp(method, rt->method) == 0 ||
           (strcmp(method, "HEAD") == 0 && strcmp(rt->method, "GET") == 0);
}

static void too_big_reply(reply *out, const server *sv)
{
    error_reply(out, MHD_HTTP_CONTENT_TOO_LARGE,
                "the request body is larger than --max-body (%zu bytes)", sv->max_body);
}

/* Content-Length over the limit: refused before a byte of it is read. */
static int declared_too_big(const server *sv, struct MHD_Connection *c)
{
    const char *v = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (v == NULL)
        return 0;
    errno = 0;
    unsigned long long n = strtoull(v, NULL, 10);
    return errno != 0 || n > sv->max_body;
}

/* The first call, with the headers: answer now what can be answered
 * without the body, else make the request that will collect it. */
static enum MHD_Result start_request(server *sv, struct MHD_Connection *c, const char *url,
                                     const char *method, void **req_cls)
{
    reply out = no_reply;
    const route *rt = find_route(url);
    if (rt == NULL) {
        error_reply(&out, MHD_HTTP_NOT_FOUND, "not found: no page or API at this path");
    } else if (!method_allowed(rt, method)) {
        error_reply(&out, MHD_HTTP_METHOD_NOT_ALLOWED, "%s: use %s", rt->path, rt->method);
        out.allow = strcmp(rt->method, "GET") == 0 ? "GET, HEAD" : rt->method;
    } else if (declared_too_big(sv, c)) {
        too_big_reply(&out, sv);
    } else {
        request *r = cli_xrealloc(NULL, sizeof *r);
        memset(r, 0, sizeof *r);
        r->route = rt;
        *req_cls = r;
        return MHD_YES;
    }
    return send_reply(c, &out);
}

/* A piece of the body. One that outgrows the limit (no Content-Length,
 * as in chunked encoding) is read to the end but not kept. */
static void take_body(const server *sv, request *r, const char *data, size_t n)
{
    if (r->too_big || n > sv->max_body - r->body.len) {
        r->too_big = 1;
        cli_buf_free(&r->body);
        return;
    }
    cli_buf_add(&r->body, data, n);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *upload, size_t *upload_size, void **req_cls)
{
    server *sv = cls;
    request *r = *req_cls;
    reply out = no_reply;
    (void)version;
    if (r == NULL)
        return start_request(sv, c, url, method, req_cls);
    if (*upload_size > 0) {
        take_body(sv, r, upload, *upload_size);
        *upload_size = 0;
        return MHD_YES;
    }
    if (r->too_big)
        too_big_reply(&out, sv);
    else
        r->route->run(sv, c, r, &out);
    return send_reply(c, &out);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **req_cls,
                         enum MHD_RequestTerminationCode why)
{
    request *r = *req_cls;
    (void)cls;
    (void)c;
    (void)why;
    if (r != NULL) {
        cli_buf_free(&r->body);
        free(r);
        *req_cls = NULL;
    }
}

/* ---- running ------------------------------------------------------------- */

/* libmicrohttpd's complaints (a malformed request, a failed bind) with the
 * command's prefix, like every other message of quoth. */
static void log_mhd(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    fputs("quoth: serve: ", stderr);
    vfprintf(stderr, fmt, ap);
}

static void say_where(struct MHD_Daemon *d, const config *cfg)
{
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    fprintf(stderr, "quoth: serving http://%s%s%s:%u/%s%s\n", cfg->ipv6 ? "[" : "", cfg->bind,
            cfg->ipv6 ? "]" : "", info ? (unsigned)info->port : 0u,
            cfg->db ? " with the store " : "", cfg->db ? cfg->db : "");
    fflush(stderr);
}

/* Serve until SIGINT or SIGTERM. A cli_exit. */
static int run(server *sv, const config *cfg)
{
    sigset_t stop;
    int sig;
    unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    /* Blocked before the daemon's threads start, which inherit the mask:
     * the signal can only come to sigwait() below. */
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    struct MHD_Daemon *d = MHD_start_daemon(
        flags | (cfg->ipv6 ? MHD_USE_IPv6 : 0), (uint16_t)cfg->port, NULL, NULL, on_request, sv,
        MHD_OPTION_EXTERNAL_LOGGER, log_mhd, (void *)NULL, /* first: it logs the rest */
        MHD_OPTION_SOCK_ADDR, (const struct sockaddr *)&cfg->addr,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)cfg->threads,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)MAX_CONNECTIONS,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)cfg->timeout,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, (void *)sv,
        MHD_OPTION_END);
    if (d == NULL) {
        fprintf(stderr, "quoth: serve: cannot listen on %s port %ld\n", cfg->bind, cfg->port);
        return CLI_EXIT_SYSTEM;
    }
    say_where(d, cfg);
    sigwait(&stop, &sig);
    MHD_stop_daemon(d);
    return CLI_EXIT_OK;
}

int cli_serve_main(int argc, char **argv)
{
    config cfg;
    server sv;
    int rc = parse_command_line(argc, argv, &cfg);
    if (rc >= 0)
        return rc;
    if (server_init(&sv, &cfg) == 0)
        rc = run(&sv, &cfg);
    else
        rc = CLI_EXIT_SYSTEM;
    server_free(&sv);
    return rc;
}
