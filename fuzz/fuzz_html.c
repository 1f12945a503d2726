/*
 * fuzz_html.c - the HTML reader: cli_html_text (cli/html.c, libxml2's
 * parser underneath) and extraction from the text it gives.
 *
 * Input: one setting byte, then the page.
 *   bits 0-2  the HTTP charset: none (then <meta> or UTF-8), utf-8,
 *             iso-8859-1, windows-1252, utf-16, shift_jis, koi8-r, or a
 *             name no converter knows
 *   0x08      strict: bytes not in the charset fail the page
 *
 * Checks: a failure only when strict, with a reason; the text is UTF-8
 * without NUL bytes (libxml2 converts everything to UTF-8), never starts
 * or ends with white space, has at most one blank line in a row; and the
 * extractor takes it, strict, without complaint.
 */
#include "quoth.h"

#include "html.h"

#include "fuzz.h"

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const charsets[] = {NULL,        "utf-8",     "iso-8859-1",
                                           "windows-1252", "utf-16", "shift_jis",
                                           "koi8-r",    "x-no-such-charset"};
    static int ready;
    if (size < 1)
        return 0;
    if (!ready) {
        cli_html_init();
        ready = 1;
    }
    const char *charset = charsets[data[0] & 7];
    int strict = (data[0] & 0x08) != 0;
    cli_buf text = {NULL, 0, 0};
    char why[512] = "";
    int rc = cli_html_text((const char *)data + 1, size - 1, charset, strict, &text, why,
                           sizeof why);
    if (rc != 0) {
        FUZZ_ASSERT(rc == -1 && strict && why[0] != '\0');
        cli_buf_free(&text);
        return 0;
    }
    size_t bad = fuzz_utf8_bad(text.ptr, text.len, 1);
    if (bad < text.len)
        fuzz_fail("the page's text has a bad byte 0x%02X at %zu", (unsigned char)text.ptr[bad],
                  bad);
    if (text.len > 0)
        FUZZ_ASSERT(!is_space(text.ptr[0]) && !is_space(text.ptr[text.len - 1]));
    for (size_t i = 0; i + 2 < text.len; i++)
        FUZZ_ASSERT(!(text.ptr[i] == '\n' && text.ptr[i + 1] == '\n' && text.ptr[i + 2] == '\n'));

    quoth_options opt;
    quoth_options_init(&opt);
    opt.flags = QUOTH_FLAG_STRICT_UTF8;
    quoth_extractor *x = NULL;
    FUZZ_ASSERT(quoth_extractor_new(&opt, &x, NULL) == QUOTH_OK);
    FUZZ_ASSERT(quoth_extractor_feed(x, text.ptr ? text.ptr : "", text.len, NULL) == QUOTH_OK);
    FUZZ_ASSERT(quoth_extractor_finish(x, NULL) == QUOTH_OK);
    quoth_extractor_free(x);
    cli_buf_free(&text);
    return 0;
}
