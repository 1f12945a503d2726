/* jsonl.h - JSON in: one JSONL input line to a document id and text, and
 * the JSON the store and the server read. */
#ifndef QUOTH_CLI_JSONL_H
#define QUOTH_CLI_JSONL_H

#include <stddef.h>

#include <json-c/json.h>

#include "cli.h"

/* A JSON parser with its state: one per thread, reused line after line. */
typedef struct cli_json_reader cli_json_reader;

cli_json_reader *cli_json_reader_new(void);
void cli_json_reader_free(cli_json_reader *r);

/*
 * Parse the JSON value in `text` (surrounding whitespace allowed). The
 * caller owns the result (json_object_put). NULL with the reason in `why`
 * for invalid JSON or invalid UTF-8; with `repair`, invalid UTF-8 is read
 * as U+FFFD instead.
 */
json_object *cli_json_parse(cli_json_reader *r, const char *text, size_t len, int repair,
                            char *why, size_t why_size);

/* The member `key` (`n` bytes) of an object, or NULL. */
json_object *cli_json_get(json_object *obj, const char *key, size_t n);
/* A string member's value and length (it may hold NUL), or NULL. */
const char *cli_json_str(json_object *obj, const char *key, size_t *len);

typedef struct cli_record {
    json_object *root; /* owned; id and text point into it */
    const char *id;    /* NULL when the record has no id (or a null one) */
    size_t id_len;
    const char *text;  /* may hold NUL bytes: JSON "\u0000" is let through
                        * so that the UTF-8 policy decides, not the parser */
    size_t text_len;
} cli_record;

/* What to find in a line, and how to treat invalid UTF-8 in it. */
typedef struct cli_record_spec {
    const char *id_field;   /* a dotted name ("article.body") walks */
    const char *text_field; /* into nested objects */
    int repair_utf8;        /* else invalid UTF-8 fails the line */
} cli_record_spec;

/*
 * Parse `line` and find its id and text. 0 on success; otherwise -1 with
 * the reason in `why` (and rec->id set when it was found, for the error
 * record). Free the record either way.
 */
int cli_record_parse(cli_json_reader *r, cli_record *rec, const char *line, size_t len,
                     const cli_record_spec *spec, char *why, size_t why_size);
void cli_record_free(cli_record *rec);

/* The value of the dotted `field` of a parsed record when it is a string
 * (*len its length), else NULL. */
const char *cli_record_field(const cli_record *rec, const char *field, size_t *len);

/* Append `,"FIELD":VALUE` for each of the `n` dotted `fields` of a parsed
 * record, VALUE as JSON, null when the record lacks the field. */
void cli_record_extras(const cli_record *rec, const char *const *fields, size_t n,
                       cli_buf *out);

#endif
