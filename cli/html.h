/* html.h - the readable text of a web page, for extraction. */
#ifndef QUOTH_CLI_HTML_H
#define QUOTH_CLI_HTML_H

#include <stddef.h>

#include "cli.h"

/*
 * Replace `out` with the text of the page `html`: script, style, head,
 * nav, aside, footer and the like dropped, whitespace folded as a browser
 * shows it, one line per paragraph (a blank line between blocks, a line
 * break for <br>). `charset` is the one the HTTP header gave, or NULL:
 * then a <meta> charset counts, else UTF-8. Bytes that are not in the
 * charset fail the page when `strict` (-1, with the reason in `why`);
 * otherwise libxml2 reads them as Latin-1 and goes on. Returns 0 on
 * success. Call cli_html_init() once before any thread starts.
 */
int cli_html_text(const char *html, size_t len, const char *charset, int strict,
                  cli_buf *out, char *why, size_t why_size);

void cli_html_init(void);
void cli_html_cleanup(void);

#endif
