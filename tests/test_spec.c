/*
 * test_spec.c - run the examples in tests/spec/ against the library.
 *
 *     build/test_spec                      every .txt file in tests/spec
 *     build/test_spec tests/spec/dash.txt  just these files
 *     QUOTH_SPEC_DIR=dir build/test_spec   another directory
 *
 * The files are documentation with examples in cmark's format:
 *
 *     ```````````````````````````````` example
 *     "We will build it," Ortiz said.
 *     .
 *     direct<TAB>We will build it,<TAB>Lena Ortiz<TAB>Ortiz<TAB>said
 *     ````````````````````````````````
 *
 * Input lines up to the lone "." form the document, each line ending in a
 * newline. Each line after it is one expected quotation, in document order:
 * kind, text, speaker, mention text, cue text, and optionally speaker gender,
 * tab-separated, "-" for none. A file uses 5 columns or 6 throughout. In the
 * text columns a backslash escapes: \n newline, \t tab, \\ backslash. Every
 * example is one check (the summary counts examples); a failure prints
 * file:line with both lists.
 *
 * Files whose name starts with "indirect" run with default flags; all others
 * with QUOTH_FLAG_NO_INDIRECT, so they need not list reported speech.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "quoth.h"

#define FENCE "````````````````````````````````"

/* A growable string. Out of memory ends the program: it is a test. */
typedef struct str {
    char *ptr;
    size_t len, cap;
} str;

static void str_add(str *s, const char *p, size_t n) {
    if (s->len + n + 1 > s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 256;
        while (cap < s->len + n + 1) cap *= 2;
        s->ptr = realloc(s->ptr, cap);
        if (s->ptr == NULL) {
            fputs("test_spec: out of memory\n", stderr);
            exit(2);
        }
        s->cap = cap;
    }
    memcpy(s->ptr + s->len, p, n);
    s->len += n;
    s->ptr[s->len] = '\0';
}

static void str_cat(str *s, const char *p) { str_add(s, p, strlen(p)); }

/* A field as the spec file writes it: escaped, "-" when absent. */
static void add_field(str *s, const char *p, size_t n, int present) {
    str_add(s, "\t", 1);
    if (!present) {
        str_add(s, "-", 1);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        switch (p[i]) {
        case '\n': str_add(s, "\\n", 2); break;
        case '\t': str_add(s, "\\t", 2); break;
        case '\\': str_add(s, "\\\\", 2); break;
        default: str_add(s, p + i, 1);
        }
    }
}

typedef struct actual {
    str lines;   /* one line per quote, each ending in '\n' */
    int gender;  /* add the sixth column */
} actual;

static int on_quote(const quoth_quote *q, void *userdata) {
    actual *a = userdata;
    const char *kind = quoth_kind_name(q->kind);
    str_cat(&a->lines, kind ? kind : "?");
    add_field(&a->lines, q->text.ptr, q->text.len, 1);
    add_field(&a->lines, q->speaker.ptr, q->speaker.len, q->speaker.ptr != NULL);
    add_field(&a->lines, q->mention.text.ptr, q->mention.text.len, q->has_mention);
    add_field(&a->lines, q->cue.text.ptr, q->cue.text.len, q->has_cue);
    if (a->gender) {
        const char *g = quoth_gender_name(q->speaker_gender);
        add_field(&a->lines, g, g ? strlen(g) : 0, g != NULL);
    }
    str_add(&a->lines, "\n", 1);
    return 0;
}

static void print_indented(const char *text) {
    if (*text == '\0') {
        fputs("      (no quotes)\n", stderr);
        return;
    }
    while (*text) {
        const char *nl = strchr(text, '\n');
        size_t n = nl ? (size_t)(nl - text) : strlen(text);
        fprintf(stderr, "      %.*s\n", (int)n, text);
        text += n + (nl != NULL);
    }
}

static size_t count_tabs(const char *p, size_t n) {
    size_t tabs = 0;
    for (size_t i = 0; i < n; i++) tabs += p[i] == '\t';
    return tabs;
}

static char *read_file(const char *path) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) return NULL;
    str s = {0};
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) str_add(&s, buf, n);
    fclose(f);
    str_add(&s, "", 0);
    return s.ptr;
}

static const char *base_name(const char *path) {
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* Read the example starting after the fence on line `*lineno`; leaves `*p`
 * after the closing fence. Returns 0 on a format error (already reported). */
static int parse_example(const char *path, char **p, int *lineno, str *input, str *expected) {
    int in_expected = 0, start = *lineno;
    while (**p) {
        char *line = *p, *nl = strchr(line, '\n');
        size_t n = nl ? (size_t)(nl - line) : strlen(line);
        *p = line + n + (nl != NULL);
        ++*lineno;
        if (n == strlen(FENCE) && memcmp(line, FENCE, n) == 0) {
            if (in_expected) return 1;
            break;
        }
        if (!in_expected && n == 1 && line[0] == '.') {
            in_expected = 1;
        } else if (in_expected) {
            str_add(expected, line, n);
            str_add(expected, "\n", 1);
        } else {
            str_add(input, line, n);
            str_add(input, "\n", 1);
        }
    }
    harness_report(0, path, start, in_expected ? "example has no closing fence"
                                               : "example has no '.' line");
    return 0;
}

/* The number of columns every expected line of a file uses, or -1 when
 * lines disagree or a count is neither 5 nor 6. 5 when nothing is listed. */
static int file_columns(const char *path, const char *text) {
    int cols = 0, in_expected = 0, lineno = 0, in_example = 0;
    for (const char *p = text; *p;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        lineno++;
        if (n >= strlen(FENCE) && memcmp(p, FENCE, strlen(FENCE)) == 0) {
            in_example = n > strlen(FENCE);
            in_expected = 0;
        } else if (in_example && !in_expected && n == 1 && *p == '.') {
            in_expected = 1;
        } else if (in_expected) {
            int c = (int)count_tabs(p, n) + 1;
            if ((c != 5 && c != 6) || (cols && c != cols)) {
                harness_report(0, path, lineno, "expected line needs 5 (or, file-wide, 6) columns");
                return -1;
            }
            cols = c;
        }
        p += n + (nl != NULL);
    }
    return cols ? cols : 5;
}

static void run_example(const char *path, int lineno, int number, const quoth_options *base,
                        int gender, const str *input, const str *expected) {
    actual a = {{0}, gender};
    str_add(&a.lines, "", 0);
    quoth_options opt = *base;
    opt.on_quote = on_quote;
    opt.userdata = &a;
    quoth_extractor *x = NULL;
    quoth_error err = {0, NULL, 0};
    int status = quoth_extractor_new(&opt, &x, &err);
    if (status == QUOTH_OK) status = quoth_extractor_feed(x, input->ptr, input->len, &err);
    if (status == QUOTH_OK) status = quoth_extractor_finish(x, &err);
    quoth_extractor_free(x);

    const char *want = expected->ptr ? expected->ptr : "";
    int ok = status == QUOTH_OK && strcmp(a.lines.ptr, want) == 0;
    if (!harness_report(ok, path, lineno, "example differs")) {
        fprintf(stderr, "    example %d\n    input:\n", number);
        print_indented(input->ptr);
        if (status != QUOTH_OK)
            fprintf(stderr, "    status %d: %s\n", status, err.msg ? err.msg : "");
        fputs("    expected:\n", stderr);
        print_indented(want);
        fputs("    actual:\n", stderr);
        print_indented(a.lines.ptr);
    }
    free(a.lines.ptr);
}

static void run_file(const char *path) {
    char *text = read_file(path);
    if (text == NULL) {
        harness_report(0, path, 0, "cannot read spec file");
        return;
    }

    quoth_options opt;
    quoth_options_init(&opt);
    if (strncmp(base_name(path), "indirect", 8) != 0) opt.flags |= QUOTH_FLAG_NO_INDIRECT;
    int cols = file_columns(path, text);
    if (cols < 0) {
        free(text);
        return;
    }

    int lineno = 0, number = 0;
    for (char *p = text; *p;) {
        char *line = p, *nl = strchr(line, '\n');
        size_t n = nl ? (size_t)(nl - line) : strlen(line);
        p = line + n + (nl != NULL);
        lineno++;
        if (n > strlen(FENCE) && memcmp(line, FENCE, strlen(FENCE)) == 0) {
            if (n - strlen(FENCE) != 8 || memcmp(line + strlen(FENCE), " example", 8) != 0)
                continue;
            int start = lineno;
            str input = {0}, expected = {0};
            number++;
            if (parse_example(path, &p, &lineno, &input, &expected))
                run_example(path, start, number, &opt, cols == 6, &input, &expected);
            free(input.ptr);
            free(expected.ptr);
        }
    }
    if (number == 0) harness_report(0, path, 0, "spec file has no examples");
    free(text);
}

static int by_name(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv) {
    if (argc > 1) {
        for (int i = 1; i < argc; i++) run_file(argv[i]);
        return harness_done();
    }
    const char *dir = getenv("QUOTH_SPEC_DIR");
    if (dir == NULL || *dir == '\0') dir = "tests/spec";
    DIR *d = opendir(dir);
    if (d == NULL) {
        harness_report(0, dir, 0, "cannot open spec directory (run from the repo root)");
        return harness_done();
    }

    char **names = NULL;
    size_t count = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (n < 5 || strcmp(e->d_name + n - 4, ".txt") != 0) continue;
        str path = {0};
        str_cat(&path, dir);
        str_cat(&path, "/");
        str_cat(&path, e->d_name);
        char **grown = realloc(names, (count + 1) * sizeof *names);
        if (grown == NULL) return 2;
        names = grown;
        names[count++] = path.ptr;
    }
    closedir(d);
    /* readdir order is arbitrary; sorted, the output is stable. */
    qsort(names, count, sizeof *names, by_name);
    for (size_t i = 0; i < count; i++) {
        run_file(names[i]);
        free(names[i]);
    }
    free(names);
    if (count == 0) harness_report(0, dir, 0, "spec directory has no .txt files");
    return harness_done();
}
