/*
 * quoth.h - who said what in news text.
 *
 * This header is the whole public API of libquoth. Everything else in src/
 * is private and may change between releases.
 *
 * Usage, one document at a time:
 *
 *     static int print_quote(const quoth_quote *q, void *ud) {
 *         printf("%.*s -- %.*s\n", (int)q->text.len, q->text.ptr,
 *                (int)q->speaker.len, q->speaker.ptr);
 *         return 0;                      // non-zero stops extraction
 *     }
 *
 *     quoth_options opt;
 *     quoth_options_init(&opt);
 *     opt.on_quote = print_quote;
 *     quoth_extractor *x = NULL;
 *     if (quoth_extractor_new(&opt, &x, NULL) != QUOTH_OK) abort();
 *     quoth_extractor_feed(x, text, len, NULL);   // any number of times
 *     quoth_extractor_finish(x, NULL);            // quotes arrive here
 *     quoth_extractor_free(x);
 *
 * Thread safety: an extractor is not shared between threads, but separate
 * extractors may be used from separate threads at the same time; the library
 * keeps no mutable global state.
 */
#ifndef QUOTH_H
#define QUOTH_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Symbols of the shared library; everything else in it is hidden. */
#if defined(QUOTH_BUILDING) && defined(__GNUC__) && __GNUC__ >= 4
#define QUOTH_API __attribute__((visibility("default")))
#else
#define QUOTH_API
#endif

/* ==== MARK: Version ==== */

#define QUOTH_VERSION_MAJOR 0
#define QUOTH_VERSION_MINOR 1
#define QUOTH_VERSION_PATCH 0
/* (major << 16) | (minor << 8) | patch, comparable with < and >. */
#define QUOTH_VERSION \
    ((QUOTH_VERSION_MAJOR << 16) | (QUOTH_VERSION_MINOR << 8) | QUOTH_VERSION_PATCH)
#define QUOTH_VERSION_STRING "0.1.0"

/* The version of the library actually linked, as QUOTH_VERSION. */
QUOTH_API int quoth_version(void);
/* The same as a string. Borrowed, static: never free it. */
QUOTH_API const char *quoth_version_string(void);

/* ==== MARK: Errors ==== */

/* Every fallible call returns one of these. New codes may be added. */
typedef enum quoth_status {
    QUOTH_OK = 0,        /* success */
    QUOTH_ENOMEM = 1,    /* an allocation failed */
    QUOTH_EINVAL = 2,    /* a NULL handle, bad option or misuse of the API */
    QUOTH_EUTF8 = 3,     /* invalid UTF-8 or a NUL byte (QUOTH_FLAG_STRICT_UTF8) */
    QUOTH_ETOOBIG = 4,   /* the document is longer than max_doc_bytes */
    QUOTH_EABORTED = 5   /* the on_quote callback returned non-zero */
} quoth_status;

/*
 * Details of a failure, filled by any call that takes a `quoth_error *`.
 * Pass NULL if you don't need it. `msg` is static: never free it.
 * `byte_offset` is the offset into the current document where the problem
 * was found (0 when it has no position).
 */
typedef struct quoth_error {
    int code;
    const char *msg;
    size_t byte_offset;
} quoth_error;

/* A one-line English description of a status code. Static: never free it. */
QUOTH_API const char *quoth_strerror(int code);

/*
 * Turn a byte offset into a 1-based line and column (column in code points).
 * Either out-pointer may be NULL. An offset past `len` is clamped to `len`.
 */
QUOTH_API void quoth_locate(const char *buf, size_t len, size_t offset,
                  size_t *line, size_t *column);

/* ==== MARK: Memory ==== */

/*
 * Custom allocator. NULL in the options means the C library's malloc,
 * realloc and free. `ctx` is passed back unchanged.
 */
typedef struct quoth_allocator {
    void *(*malloc)(void *ctx, size_t size);
    void *(*realloc)(void *ctx, void *ptr, size_t old_size, size_t new_size);
    void (*free)(void *ctx, void *ptr);
    void *ctx;
} quoth_allocator;

/* Free memory that a quoth_* function says the caller owns. NULL is a no-op. */
QUOTH_API void quoth_free(void *ptr);

/* ==== MARK: Quotes ==== */

/* A string slice: not NUL-terminated. `ptr` is NULL when absent. */
typedef struct quoth_str {
    const char *ptr;
    size_t len;
} quoth_str;

/* A piece of the document: byte offsets [start, end) and its text. */
typedef struct quoth_span {
    size_t start;
    size_t end;
    quoth_str text;
} quoth_span;

typedef enum quoth_kind {
    QUOTH_KIND_DIRECT = 0,   /* words between quote marks, said as a whole */
    QUOTH_KIND_MIXED = 1,    /* a quoted fragment inside reported speech */
    QUOTH_KIND_INDIRECT = 2  /* reported speech without quote marks */
} quoth_kind;

typedef enum quoth_gender {
    QUOTH_GENDER_UNKNOWN = 0, /* no evidence in the text */
    QUOTH_GENDER_FEMALE = 1,  /* she/her/Mrs./Ms. corefer with the speaker */
    QUOTH_GENDER_MALE = 2     /* he/him/Mr. corefer with the speaker */
} quoth_gender;

/*
 * One quotation. All strings are borrowed and valid only during the
 * on_quote call; copy what you keep. Offsets are UTF-8 byte offsets into
 * the document as fed, end exclusive, so `text` is exactly the bytes
 * [start, end) of the document.
 */
typedef struct quoth_quote {
    quoth_kind kind;
    size_t start, end;
    quoth_str text;
    /* Fullest name of the speaker found in the document, an organisation,
     * or a description ("a spokesperson"). ptr NULL when nobody is named.
     * Built by the library, so not a slice of the document. */
    quoth_str speaker;
    /* The words the quote is attached to ("he", "Simmons"); has_mention 0
     * when the speaker comes from context or is unknown. */
    int has_mention;
    quoth_span mention;
    /* The introducing verb or phrase ("said", "according to", ":"). */
    int has_cue;
    quoth_span cue;
    quoth_gender speaker_gender;
    /* Estimated probability that quote and speaker are both right. */
    double confidence;
} quoth_quote;

/*
 * Called once per quotation, in document order. Return 0 to go on; any
 * other value stops extraction of this document, and the call that was
 * running returns QUOTH_EABORTED.
 */
typedef int (*quoth_quote_fn)(const quoth_quote *quote, void *userdata);

/* ==== MARK: Options ==== */

typedef uint32_t quoth_flag;

/* Default behaviour, exactly: repair invalid UTF-8 and NUL bytes (they are
 * read as U+FFFD, offsets unchanged), report direct, mixed and indirect
 * quotations of speech and writing (not of thoughts). */
#define QUOTH_FLAG_NONE ((quoth_flag)0)
/* Reject a document with invalid UTF-8 or a NUL byte: QUOTH_EUTF8, with the
 * byte offset of the first bad byte in quoth_error. */
#define QUOTH_FLAG_STRICT_UTF8 ((quoth_flag)1u << 0)
/* Report only quotations between quote marks (direct and mixed). */
#define QUOTH_FLAG_NO_INDIRECT ((quoth_flag)1u << 1)
/* Also report thoughts and beliefs ("X believes that …", "X fears …") as
 * indirect quotations. They are not speech, so they are off by default;
 * corpora such as PolNeAR annotate them as attributions. */
#define QUOTH_FLAG_THOUGHTS ((quoth_flag)1u << 2)

#define QUOTH_ABI_VERSION 1u

typedef struct quoth_options {
    unsigned abi_version;      /* QUOTH_ABI_VERSION; set by quoth_options_init */
    quoth_flag flags;          /* default QUOTH_FLAG_NONE */
    size_t max_doc_bytes;      /* default 16 MiB; 0 means no limit */
    double min_confidence;     /* quotes below it are not reported; default 0 */
    quoth_quote_fn on_quote;   /* default NULL: quotes are counted, not delivered */
    void *userdata;            /* passed to on_quote; default NULL */
    const quoth_allocator *allocator; /* default NULL: libc; must outlive the extractor */
    void *reserved;            /* set to NULL */
} quoth_options;

/* Fill `opt` with the defaults documented above. */
QUOTH_API void quoth_options_init(quoth_options *opt);

/* ==== MARK: Extraction ==== */

typedef struct quoth_extractor quoth_extractor;

/*
 * Make an extractor. The options are copied. On success *out holds the
 * handle; the caller owns it and frees it with quoth_extractor_free().
 */
QUOTH_API int quoth_extractor_new(const quoth_options *opt, quoth_extractor **out,
                        quoth_error *err);

/* Free an extractor and everything it holds. NULL is a no-op. */
QUOTH_API void quoth_extractor_free(quoth_extractor *x);

/*
 * Append `len` bytes of the current document. Chunks may split anything,
 * UTF-8 sequences included: the result equals feeding the whole text at
 * once. Nothing is reported until quoth_extractor_finish(). Returns
 * QUOTH_ETOOBIG once the document exceeds max_doc_bytes; the document is
 * then discarded at finish.
 */
QUOTH_API int quoth_extractor_feed(quoth_extractor *x, const char *buf, size_t len,
                         quoth_error *err);

/*
 * End the current document: find its quotations and deliver them through
 * on_quote, then reset for the next document (also after an error). The
 * quote strings point into the extractor's own copy of the document.
 */
QUOTH_API int quoth_extractor_finish(quoth_extractor *x, quoth_error *err);

/* Discard the current document without extracting anything. */
QUOTH_API void quoth_extractor_reset(quoth_extractor *x);

/* Quotes reported for the last finished document. */
QUOTH_API size_t quoth_extractor_quote_count(const quoth_extractor *x);

/* ==== MARK: Output ==== */

/* Receives output bytes; return non-zero to stop writing. */
typedef int (*quoth_write_fn)(const char *bytes, size_t len, void *userdata);

/*
 * Write `quote` as one line of SPEC JSON (with the trailing newline):
 * {"type":"quote","doc":...,"start":...}. `doc_id` (`id_len` bytes) may be
 * NULL for "doc":null. Invalid UTF-8 in any string is written as U+FFFD.
 * Returns 0, or the non-zero value `write` returned.
 */
QUOTH_API int quoth_quote_write_json(const quoth_quote *quote, const char *doc_id,
                           size_t id_len, quoth_write_fn write, void *userdata);

/*
 * Write `len` bytes of `s` as a JSON string literal, quotes included,
 * escaping what JSON requires and replacing invalid UTF-8 with U+FFFD.
 * Returns 0, or the non-zero value `write` returned.
 */
QUOTH_API int quoth_write_json_string(const char *s, size_t len, quoth_write_fn write,
                            void *userdata);

/* "direct", "mixed" or "indirect". Static: never free it. */
QUOTH_API const char *quoth_kind_name(quoth_kind kind);
/* "female", "male" or NULL for unknown. Static: never free it. */
QUOTH_API const char *quoth_gender_name(quoth_gender gender);

#ifdef __cplusplus
}
#endif

#endif /* QUOTH_H */
