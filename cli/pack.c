/* pack.c - see pack.h. Each item is a tag byte, then its numbers in
 * machine order and its strings as a length, the bytes and a NUL. */
#include <string.h>

#include "pack.h"

enum { TAG_DOC = 'D', TAG_QUOTE = 'Q' };

/* A string's length when its pointer is NULL. */
#define NO_STRING SIZE_MAX

static void put_u64(cli_buf *b, uint64_t v)
{
    cli_buf_add(b, (const char *)&v, sizeof v);
}

static void put_str(cli_buf *b, const char *s, size_t len)
{
    put_u64(b, s == NULL ? NO_STRING : len);
    if (s != NULL) {
        cli_buf_add(b, s, len);
        cli_buf_add(b, "", 1);
    }
}

/* A span that is not there (`has` 0) may hold anything: it packs as empty. */
static void put_span(cli_buf *b, int has, const quoth_span *sp)
{
    put_u64(b, has != 0);
    put_u64(b, has ? sp->start : 0);
    put_u64(b, has ? sp->end : 0);
    put_str(b, has ? sp->text.ptr : NULL, sp->text.len);
}

void cli_pack_doc(cli_buf *b, const char *id, size_t id_len, size_t line, const char *text,
                  size_t len, const quoth_str *fields, size_t nfields)
{
    if (nfields > CLI_PACK_FIELDS)
        nfields = CLI_PACK_FIELDS;  /* what cli_unpack has room for (pack.h) */
    cli_buf_add(b, (const char[]){TAG_DOC}, 1);
    put_str(b, id, id_len);
    put_u64(b, line);
    put_u64(b, cli_hash(text, len));
    put_u64(b, len);
    put_u64(b, nfields);
    for (size_t i = 0; i < nfields; i++)
        put_str(b, fields[i].ptr, fields[i].len);
}

void cli_pack_quote(cli_buf *b, const quoth_quote *q)
{
    double confidence = q->confidence;
    uint64_t bits;
    memcpy(&bits, &confidence, sizeof bits);
    cli_buf_add(b, (const char[]){TAG_QUOTE}, 1);
    put_u64(b, (uint64_t)q->kind);
    put_u64(b, q->start);
    put_u64(b, q->end);
    put_str(b, q->text.ptr, q->text.len);
    put_str(b, q->speaker.ptr, q->speaker.len);
    put_span(b, q->has_mention, &q->mention);
    put_span(b, q->has_cue, &q->cue);
    put_u64(b, (uint64_t)q->speaker_gender);
    put_u64(b, bits);
}

/* ---- reading ------------------------------------------------------------- */

void cli_unpack_init(cli_unpack *u, const char *bytes, size_t len)
{
    memset(u, 0, sizeof *u);
    u->at = bytes;
    u->end = len > 0 ? bytes + len : bytes;  /* an empty job's buffer may be NULL */
}

static int next_is(cli_unpack *u, char tag)
{
    if (u->at == u->end || *u->at != tag)
        return 0;
    u->at++;
    return 1;
}

static uint64_t get_u64(cli_unpack *u)
{
    uint64_t v;
    memcpy(&v, u->at, sizeof v);
    u->at += sizeof v;
    return v;
}

static quoth_str get_str(cli_unpack *u)
{
    quoth_str s = {NULL, 0};
    uint64_t len = get_u64(u);
    if (len != NO_STRING) {
        s.ptr = u->at;
        s.len = (size_t)len;
        u->at += s.len + 1;
    }
    return s;
}

static int get_span(cli_unpack *u, quoth_span *sp)
{
    int has = (int)get_u64(u);
    sp->start = (size_t)get_u64(u);
    sp->end = (size_t)get_u64(u);
    sp->text = get_str(u);
    return has;
}

int cli_unpack_doc(cli_unpack *u, cli_packed_doc *d)
{
    if (!next_is(u, TAG_DOC))
        return 0;
    d->id = get_str(u);
    d->line = (size_t)get_u64(u);
    d->hash = get_u64(u);
    d->bytes = (size_t)get_u64(u);
    d->nfields = (size_t)get_u64(u);
    for (size_t i = 0; i < d->nfields; i++)
        u->fields[i] = get_str(u);
    d->fields = u->fields;
    return 1;
}

int cli_unpack_quote(cli_unpack *u, quoth_quote *q)
{
    if (!next_is(u, TAG_QUOTE))
        return 0;
    q->kind = (quoth_kind)get_u64(u);
    q->start = (size_t)get_u64(u);
    q->end = (size_t)get_u64(u);
    q->text = get_str(u);
    q->speaker = get_str(u);
    q->has_mention = get_span(u, &q->mention);
    q->has_cue = get_span(u, &q->cue);
    q->speaker_gender = (quoth_gender)get_u64(u);
    uint64_t bits = get_u64(u);
    memcpy(&q->confidence, &bits, sizeof bits);
    return 1;
}
