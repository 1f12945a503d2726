/*
 * fuzz_warc.c - the WARC reader: a web archive, maybe compressed, read as
 * `quoth --input warc FILE` reads it (cli/warc.c for the records, input.c
 * for decompression, work.c for HTTP chunking and gzip/zstd content
 * encodings, html.c for pages). The first byte picks the options
 * (fuzz_cli.h); with its top bit set the rest is instead given straight to
 * cli_http_unchunk, the part a record's payload reaches only when it says
 * it is chunked.
 *
 * Beyond fuzz_cli.h's checks: every error record names its document (the
 * record's URI, or the file), as a WARC has no line numbers to give.
 */
#include "warc.h"

#include "fuzz_cli.h"

static void unchunk(const uint8_t *data, size_t size)
{
    cli_buf out = {NULL, 0, 0};
    if (cli_http_unchunk((const char *)data, size, &out) == 0)
        FUZZ_ASSERT(out.len <= size);
    cli_buf_free(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    unsigned bits = data[0];
    if (bits & 0x80) {
        unchunk(data + 1, size - 1);
        return 0;
    }
    fuzz_cli_result r;
    fuzz_cli_read(data + 1, size - 1, CLI_KIND_WARC, bits, &r);
    FUZZ_ASSERT(r.per_job_ok);
    if (!(bits & FUZZ_TEXT_FORMAT)) {
        /* Repaired text payloads keep the offsets of their bad bytes,
         * which the emitted text (bad bytes as U+FFFD) does not. */
        fuzz_cli_check(&r, (bits & FUZZ_EMIT_TEXT) && !(bits & FUZZ_REPAIR));
        FUZZ_ASSERT(!fuzz_has(&r.out, "\"type\":\"error\",\"doc\":null"));
    }
    fuzz_cli_free(&r);
    return 0;
}
