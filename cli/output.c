/* output.c - see output.h. */
#include <ctype.h>
#include <errno.h>
#include <string.h>

#include "cli.h"
#include "output.h"

int cli_out_write(const char *bytes, size_t len, void *userdata)
{
    cli_out *o = userdata;
    if (o->error != 0)
        return 1;
    if (len == 0)
        return 0;  /* `bytes` may then be NULL, which fwrite must not see */
    errno = 0;
    if (fwrite(bytes, 1, len, o->f) != len) {
        o->error = errno ? errno : EIO;
        return 1;
    }
    return 0;
}

int cli_out_flush(cli_out *o)
{
    errno = 0;
    if (o->error == 0 && fflush(o->f) != 0)
        o->error = errno ? errno : EIO;
    return o->error != 0;
}

static void buf_str(cli_buf *b, const char *s)
{
    cli_buf_add(b, s, strlen(s));
}

void cli_error_record(cli_buf *b, const char *doc, size_t doc_len, size_t line,
                      const char *message)
{
    buf_str(b, "{\"type\":\"error\",\"doc\":");
    if (doc != NULL)
        quoth_write_json_string(doc, doc_len, cli_buf_write, b);
    else
        buf_str(b, "null");
    buf_str(b, ",\"line\":");
    if (line != 0)
        cli_buf_printf(b, "%zu", line);
    else
        buf_str(b, "null");
    buf_str(b, ",\"message\":");
    quoth_write_json_string(message, strlen(message), cli_buf_write, b);
    buf_str(b, "}\n");
}

/*
 * Append `s` made safe for a terminal: whitespace runs become one space
 * and are trimmed at both ends; other control characters (which could
 * drive the terminal) and invalid UTF-8 (possible with --repair-utf8)
 * become U+FFFD.
 */
static void add_clean(cli_buf *b, const char *str, size_t len)
{
    static const char replacement[] = "\xEF\xBF\xBD";
    const unsigned char *s = (const unsigned char *)str;
    int owe_space = 0, started = 0;
    for (size_t i = 0; i < len;) {
        size_t n = cli_utf8_len(s + i, len - i);
        if (n == 1 && strchr(" \t\n\v\f\r", s[i]) != NULL && s[i] != '\0') {
            owe_space = started;
            i++;
            continue;
        }
        if (owe_space)
            cli_buf_add(b, " ", 1);
        owe_space = 0;
        started = 1;
        int control = (n == 1 && (s[i] < 0x20 || s[i] == 0x7F)) ||
                      (n == 2 && s[i] == 0xC2 && s[i + 1] < 0xA0);
        if (n == 0 || control)
            buf_str(b, replacement);
        else
            cli_buf_add(b, str + i, n);
        i += n ? n : 1;
    }
}

/* Terminal columns of clean UTF-8 text, taking one per code point: wide
 * CJK characters would need tables the command does not carry. */
static size_t columns(const char *s, size_t len)
{
    size_t cols = 0;
    for (size_t i = 0; i < len; i++)
        cols += ((unsigned char)s[i] & 0xC0) != 0x80;
    return cols;
}

enum { INDENT = 2, HANG = 6 };

/* Append the words of `s` (separated by spaces) as lines of at
 * most `width` columns: the first indented by INDENT, the rest by HANG.
 * A word longer than a line gets a line of its own. */
static void wrap(cli_buf *out, const char *s, size_t len, size_t width)
{
    static const char spaces[] = "        ";
    size_t col = INDENT, words_on_line = 0;
    cli_buf_add(out, spaces, INDENT);
    for (size_t i = 0; i < len;) {
        size_t j = i;
        while (j < len && s[j] != ' ')
            j++;
        if (j == i) {  /* an empty field, such as a blank speaker */
            i++;
            continue;
        }
        size_t w = columns(s + i, j - i);
        if (words_on_line > 0 && col + 1 + w > width) {
            cli_buf_add(out, "\n", 1);
            cli_buf_add(out, spaces, HANG);
            col = HANG;
            words_on_line = 0;
        }
        if (words_on_line > 0) {
            cli_buf_add(out, " ", 1);
            col++;
        }
        cli_buf_add(out, s + i, j - i);
        col += w;
        words_on_line++;
        i = j < len ? j + 1 : j;
    }
    cli_buf_add(out, "\n", 1);
}

/* A cue worth showing has a letter or digit: ":" and dashes say nothing
 * that the line's own ": " does not. */
static int is_wordy(quoth_str s)
{
    for (size_t i = 0; i < s.len; i++) {
        if (isalnum((unsigned char)s.ptr[i]))
            return 1;
    }
    return 0;
}

void cli_text_heading(cli_buf *b, const char *id, size_t id_len, size_t quotes)
{
    char count[48];
    if (id != NULL)
        add_clean(b, id, id_len);
    else
        buf_str(b, "(no id)");
    snprintf(count, sizeof count, ": %zu quote%s\n", quotes, quotes == 1 ? "" : "s");
    buf_str(b, count);
}

void cli_text_quote(cli_buf *b, const quoth_quote *q, size_t width)
{
    cli_buf line = {NULL, 0, 0};
    buf_str(&line, "[");
    buf_str(&line, quoth_kind_name(q->kind));
    buf_str(&line, "] ");
    /* Without a name, the words the quote hangs on ("she") still help. */
    if (q->speaker.ptr != NULL && q->speaker.len > 0)
        add_clean(&line, q->speaker.ptr, q->speaker.len);
    else if (q->has_mention)
        add_clean(&line, q->mention.text.ptr, q->mention.text.len);
    else
        buf_str(&line, "?");
    if (q->has_cue && is_wordy(q->cue.text)) {
        buf_str(&line, " (");
        add_clean(&line, q->cue.text.ptr, q->cue.text.len);
        buf_str(&line, ")");
    }
    buf_str(&line, ": \"");
    add_clean(&line, q->text.ptr, q->text.len);
    buf_str(&line, "\"");
    wrap(b, line.ptr, line.len, width);
    cli_buf_free(&line);
}
