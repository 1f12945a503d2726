/* jsonl.c - see jsonl.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "quoth.h"

#include "cli.h"
#include "jsonl.h"

/* The value at a dotted path, or NULL. A key that itself contains a dot
 * cannot be named; news dumps don't use such keys. */
static json_t *lookup(json_t *v, const char *path)
{
    for (;;) {
        const char *dot = strchr(path, '.');
        size_t n = dot ? (size_t)(dot - path) : strlen(path);
        v = json_is_object(v) ? json_object_getn(v, path, n) : NULL;
        if (v == NULL || dot == NULL)
            return v;
        path = dot + 1;
    }
}

static int find_id(cli_record *rec, const char *field, char *why, size_t why_size)
{
    json_t *id = lookup(rec->root, field);
    if (id == NULL || json_is_null(id))
        return 0;
    if (json_is_string(id)) {
        rec->id = json_string_value(id);
        rec->id_len = json_string_length(id);
        return 0;
    }
    if (json_is_number(id)) {
        rec->id_number = json_dumps(id, JSON_ENCODE_ANY);
        if (rec->id_number == NULL)
            cli_die_nomem();
        rec->id = rec->id_number;
        rec->id_len = strlen(rec->id_number);
        return 0;
    }
    snprintf(why, why_size, "the \"%s\" field is not a string or a number", field);
    return -1;
}

static int find_text(cli_record *rec, const char *field, char *why, size_t why_size)
{
    json_t *text = lookup(rec->root, field);
    if (text == NULL) {
        snprintf(why, why_size, "no \"%s\" field", field);
        return -1;
    }
    if (!json_is_string(text)) {
        snprintf(why, why_size, "the \"%s\" field is not a string", field);
        return -1;
    }
    rec->text = json_string_value(text);
    rec->text_len = json_string_length(text);
    return 0;
}

/* jansson checks UTF-8 as it parses, so the line is not checked twice:
 * only when jansson refuses it is the bad byte looked for, to say where
 * it is, or repaired before a second try when asked. */
static json_t *load(const char *line, size_t len, int repair, char *why, size_t why_size)
{
    json_error_t jerr;
    json_t *root = json_loadb(line, len, JSON_ALLOW_NUL, &jerr);
    if (root == NULL && json_error_code(&jerr) == json_error_invalid_utf8) {
        size_t bad = cli_utf8_check(line, len), col;
        if (!repair) {
            quoth_locate(line, len, bad, NULL, &col);
            snprintf(why, why_size, "invalid UTF-8 at column %zu (byte %zu)", col, bad);
            return NULL;
        }
        cli_buf fixed = {NULL, 0, 0};
        cli_utf8_repair(&fixed, line, len);
        root = json_loadb(fixed.ptr, fixed.len, JSON_ALLOW_NUL, &jerr);
        cli_buf_free(&fixed);
    }
    if (root == NULL) {
        if (json_error_code(&jerr) == json_error_out_of_memory)
            cli_die_nomem();
        snprintf(why, why_size, "invalid JSON at column %d: %s", jerr.column, jerr.text);
    }
    return root;
}

int cli_record_parse(cli_record *rec, const char *line, size_t len,
                     const cli_record_spec *spec, char *why, size_t why_size)
{
    memset(rec, 0, sizeof *rec);
    rec->root = load(line, len, spec->repair_utf8, why, why_size);
    if (rec->root == NULL)
        return -1;
    if (!json_is_object(rec->root)) {
        snprintf(why, why_size, "the line is not a JSON object");
        return -1;
    }
    if (find_id(rec, spec->id_field, why, why_size) != 0)
        return -1;
    return find_text(rec, spec->text_field, why, why_size);
}

void cli_record_extras(const cli_record *rec, const char *const *fields, size_t n,
                       cli_buf *out)
{
    for (size_t i = 0; i < n; i++) {
        json_t *v = lookup(rec->root, fields[i]);
        cli_buf_add(out, ",", 1);
        quoth_write_json_string(fields[i], strlen(fields[i]), cli_buf_write, out);
        cli_buf_add(out, ":", 1);
        if (v == NULL)
            cli_buf_add(out, "null", 4);
        else if (json_dump_callback(v, cli_buf_write, out, JSON_ENCODE_ANY | JSON_COMPACT) != 0)
            cli_die_nomem();
    }
}

void cli_record_free(cli_record *rec)
{
    json_decref(rec->root);
    free(rec->id_number);
    memset(rec, 0, sizeof *rec);
}
