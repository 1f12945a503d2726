/*
 * fuzz_jsonl.c - the JSONL reader: a file of JSON lines, maybe compressed,
 * read as `quoth --input jsonl FILE` reads it (cli/source.c, input.c,
 * jsonl.c, work.c). The first byte picks the options (fuzz_cli.h), the
 * rest is the file.
 *
 * Beyond fuzz_cli.h's checks on the output: every line of an uncompressed
 * file that is not blank is exactly one item, a document or an error
 * record, so nothing is lost and nothing is counted twice.
 */
#include "fuzz_cli.h"

/* Compressed: libarchive will decompress it, so its lines are unknown. */
static int compressed(const uint8_t *d, size_t n)
{
    return (n >= 2 && d[0] == 0x1F && d[1] == 0x8B) ||
           (n >= 4 && memcmp(d, "\x28\xB5\x2F\xFD", 4) == 0) ||
           (n >= 4 && (d[0] & 0xF0) == 0x50 && memcmp(d + 1, "\x2A\x4D\x18", 3) == 0) ||
           (n >= 3 && memcmp(d, "BZh", 3) == 0) ||
           (n >= 4 && memcmp(d, "\xFD" "7zX", 4) == 0);
}

/* The lines source.c must turn into items: not blank, or too long. */
static size_t items(const uint8_t *d, size_t n, size_t limit)
{
    size_t count = 0, i = 0;
    if (n >= 3 && memcmp(d, "\xEF\xBB\xBF", 3) == 0)
        i = 3;  /* a byte order mark is skipped */
    while (i < n) {
        const uint8_t *nl = memchr(d + i, '\n', n - i);
        size_t end = nl ? (size_t)(nl - d) : n, len = end - i;
        int blank = 1;
        for (size_t k = i; k < end && blank; k++)
            blank = d[k] == ' ' || d[k] == '\t' || d[k] == '\r' || d[k] == '\f' || d[k] == '\v';
        count += (limit != 0 && len > limit) || !blank;
        i = end + 1;
    }
    return count;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    unsigned bits = data[0];
    const uint8_t *file = data + 1;
    size_t len = size - 1;
    fuzz_cli_result r;
    fuzz_cli_read(file, len, CLI_KIND_JSONL, bits, &r);
    FUZZ_ASSERT(r.per_job_ok);
    if (!(bits & FUZZ_TEXT_FORMAT))
        fuzz_cli_check(&r, (bits & FUZZ_EMIT_TEXT) != 0);
    /* A stream that fails to read ends the file early, with one error. */
    int cut = r.err.len > 0 && fuzz_has(&r.err, ": cannot read");
    if (!compressed(file, len) && !cut) {
        size_t want = items(file, len, (bits & FUZZ_SMALL) ? 300 : 0);
        if (r.docs + r.bad != want)
            fuzz_fail("%zu items from %zu lines that are not blank", r.docs + r.bad, want);
    }
    fuzz_cli_free(&r);
    return 0;
}
