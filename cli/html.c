/* html.c - see html.h. libxml2's HTML parser does the reading (entities,
 * charsets, tag soup, implied end tags); its SAX events build the text
 * directly, so no DOM tree is allocated per page. */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>

#include "html.h"

typedef struct page {
    cli_buf *out;
    int skip;          /* depth inside elements whose text is dropped */
    int owe_space;     /* whitespace came since the last text */
    int owe_break;     /* 0, 1 (line break) or 2 (paragraph break) */
    int bad_bytes;     /* a byte was not in the charset */
    int bad_line;      /* where the first one was */
    int cut;           /* a charset conversion failed: the text stops there */
} page;

static int name_in(const xmlChar *name, const char *const *list)
{
    for (; *list != NULL; list++)
        if (xmlStrcasecmp(name, (const xmlChar *)*list) == 0)
            return 1;
    return 0;
}

/* Not article text: code, page furniture, embedded documents. */
static const char *const skipped[] = {
    "script", "style", "noscript", "template", "head", "nav", "aside",
    "footer", "svg", "math", "iframe", "object", "select", "button", NULL};

/* Elements that start a new paragraph. */
static const char *const blocks[] = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl",
    "dt", "dd", "blockquote", "pre", "section", "article", "header", "main",
    "figure", "figcaption", "table", "tr", "caption", "hr", "address",
    "details", "summary", "form", "fieldset", "center", NULL};

static void on_boundary(page *p, const xmlChar *name, int opening)
{
    if (name_in(name, skipped)) {
        if (opening || p->skip > 0)  /* a stray end tag closes nothing */
            p->skip += opening ? 1 : -1;
    } else if (name_in(name, blocks)) {
        p->owe_break = 2;
    } else if (xmlStrcasecmp(name, (const xmlChar *)"br") == 0) {
        if (opening && p->owe_break < 1)
            p->owe_break = 1;
    } else if (xmlStrcasecmp(name, (const xmlChar *)"td") == 0 ||
               xmlStrcasecmp(name, (const xmlChar *)"th") == 0) {
        p->owe_space = 1;  /* cells run on, but not into each other */
    }
}

static void on_start(void *ud, const xmlChar *name, const xmlChar **attrs)
{
    (void)attrs;
    on_boundary(ud, name, 1);
}

static void on_end(void *ud, const xmlChar *name)
{
    on_boundary(ud, name, 0);
}

/* Pending breaks and spaces are written only before more text, so the
 * text never starts or ends with blank space. */
static void pay_debts(page *p)
{
    if (p->out->len > 0 && p->owe_break)
        cli_buf_add(p->out, "\n\n", (size_t)p->owe_break);
    else if (p->out->len > 0 && p->owe_space)
        cli_buf_add(p->out, " ", 1);
    p->owe_break = p->owe_space = 0;
}

static int is_html_space(xmlChar c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static void on_text(void *ud, const xmlChar *s, int len)
{
    page *p = ud;
    if (p->skip > 0)
        return;
    for (int i = 0; i < len;) {
        if (is_html_space(s[i])) {
            p->owe_space = 1;
            i++;
            continue;
        }
        int j = i;
        while (j < len && !is_html_space(s[j]))
            j++;
        pay_debts(p);
        cli_buf_add(p->out, (const char *)s + i, (size_t)(j - i));
        i = j;
    }
}

/* libxml2 reports bytes that do not decode as XML_ERR_INVALID_ENCODING
 * (and conversion failures in its i18n domain); nothing else matters here:
 * tag soup is what the parser is for. */
static void on_error(void *ud, xmlErrorPtr e)
{
    page *p = ud;
    if (e->code != XML_ERR_INVALID_ENCODING && e->domain != XML_FROM_I18N)
        return;
    if (!p->bad_bytes)
        p->bad_line = e->line;
    p->bad_bytes = 1;
}

static void set_encoding(htmlParserCtxtPtr ctxt, const char *charset)
{
    xmlCharEncodingHandlerPtr h = charset ? xmlFindCharEncodingHandler(charset) : NULL;
    if (h != NULL)
        xmlSwitchToEncoding(ctxt, h);
    else
        /* libxml2 would guess Latin-1; the web is UTF-8. A <meta> charset
         * still switches the parser afterwards. */
        xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8);
}

/* libxml2 reports a failed charset conversion (bytes that are not
 * Shift JIS, say) with no parser at hand, through the thread's generic
 * error function, which prints to stderr, and reads no further. Each
 * worker thread has its own such function: set it around each parse. */
static void on_generic_error(void *ud, const char *msg, ...)
{
    (void)msg;
    ((page *)ud)->cut = 1;
}

/* Parse `html` into p->out, in `charset` (NULL: UTF-8 unless declared). */
static void parse(page *p, const char *html, size_t len, const char *charset)
{
    xmlSAXHandler sax;
    htmlParserCtxtPtr ctxt = htmlCreateMemoryParserCtxt(html, (int)len);
    if (ctxt == NULL)
        cli_die_nomem();
    memset(&sax, 0, sizeof sax);
    sax.initialized = XML_SAX2_MAGIC;  /* else serror is not called */
    sax.startElement = on_start;
    sax.endElement = on_end;
    sax.characters = on_text;
    sax.ignorableWhitespace = on_text;
    sax.serror = on_error;
    memcpy(ctxt->sax, &sax, sizeof sax);
    ctxt->userData = p;
    htmlCtxtUseOptions(ctxt, HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                                 HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
    xmlSetGenericErrorFunc(p, on_generic_error);
    set_encoding(ctxt, charset);
    htmlParseDocument(ctxt);
    htmlFreeParserCtxt(ctxt);
    xmlSetGenericErrorFunc(NULL, NULL);  /* libxml2's default again */
}

int cli_html_text(const char *html, size_t len, const char *charset, int strict,
                  cli_buf *out, char *why, size_t why_size)
{
    page p = {out, 0, 0, 0, 0, 0, 0};
    out->len = 0;
    if (len == 0)
        return 0;  /* libxml2 makes no parser for nothing */
    if (len > INT_MAX) {
        snprintf(why, why_size, "the page is too big for the HTML parser");
        return -1;
    }
    parse(&p, html, len, charset);
    if ((p.bad_bytes || p.cut) && strict) {
        const char *what = charset ? charset : "UTF-8 nor in its declared charset";
        if (p.bad_bytes)
            snprintf(why, why_size, "the page is not valid %s (line %d)", what, p.bad_line);
        else
            snprintf(why, why_size, "the page is not valid %s", what);
        return -1;
    }
    if (p.cut) {
        /* Not to lose the rest of the page: read it all again as Latin-1,
         * which every byte is, as libxml2 does with an undeclared page. */
        page again = {out, 0, 0, 0, 0, 0, 0};
        out->len = 0;
        parse(&again, html, len, "ISO-8859-1");
    }
    /* Told the page is UTF-8 (by HTTP), libxml2 passes bytes that are not
     * through as they are, where a guessed charset falls back to Latin-1.
     * The text must be UTF-8 either way: it is what --emit-text prints
     * and what the offsets count, so a bad byte becomes U+FFFD here. */
    if (out->len > 0 && cli_utf8_check(out->ptr, out->len) < out->len) {
        cli_buf fixed = {NULL, 0, 0};
        cli_utf8_repair(&fixed, out->ptr, out->len);
        cli_buf_free(out);
        *out = fixed;
    }
    return 0;
}

void cli_html_init(void)
{
    xmlInitParser();
}

void cli_html_cleanup(void)
{
    xmlCleanupParser();
}
