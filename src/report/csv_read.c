/* csv_read.c - RFC 4180 reader with limits (csv_read.h).
 *
 * One pass over the text with a small state machine.  Unquoted field bytes
 * go into one buffer (each field NUL-terminated): a field's bytes plus its
 * NUL never exceed its raw bytes plus the separator after it, so a buffer
 * of len + 1 bytes always suffices and is allocated once. */
#include "csv_read.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util/kv.h"

const db_csv_limits db_csv_default_limits = {
    .max_bytes = 64u << 20, .max_rows = 1000000, .max_cols = 256, .max_field = 4096
};

typedef struct parser {
    const char *name;
    const db_csv_limits *lim;
    char *text;           /* output buffer */
    size_t used;
    char **fields;        /* every field of every row, header first */
    size_t nfields, cap;
    size_t row_start;     /* index in fields of the current row's first field */
    size_t ncols;         /* header width, 0 until the header is done */
    size_t rows;          /* data rows completed */
    size_t line;          /* 1-based line of the current row's start */
    db_error *err;
} parser;

static int fail(parser *p, size_t line, const char *what)
{
    return db_error_set(p->err, DB_EXIT_INPUT, "%s:%zu: %s", p->name, line, what);
}

static int push_field(parser *p, size_t start)
{
    if (p->used - start > p->lim->max_field) {
        char m[96];
        snprintf(m, sizeof m, "a field longer than %zu bytes (not a discbench CSV?)", p->lim->max_field);
        return fail(p, p->line, m);
    }
    p->text[p->used++] = '\0';
    if (p->nfields - p->row_start >= p->lim->max_cols) {
        char m[96];
        snprintf(m, sizeof m, "more than %zu columns (not a discbench CSV?)", p->lim->max_cols);
        return fail(p, p->line, m);
    }
    if (p->nfields == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 256;
        char **f = realloc(p->fields, cap * sizeof *f);
        if (!f)
            return db_error_set(p->err, DB_EXIT_INPUT, "%s: out of memory", p->name);
        p->fields = f;
        p->cap = cap;
    }
    p->fields[p->nfields++] = p->text + start;
    return 0;
}

static int check_header(parser *p)
{
    for (size_t i = 0; i < p->ncols; i++) {
        if (!p->fields[i][0])
            return fail(p, 1, "an empty column name in the header");
        for (size_t k = 0; k < i; k++)
            if (!strcmp(p->fields[i], p->fields[k])) {
                char m[160];
                snprintf(m, sizeof m, "column '%.80s' appears twice in the header", p->fields[i]);
                return fail(p, 1, m);
            }
    }
    return 0;
}

static int end_row(parser *p)
{
    size_t n = p->nfields - p->row_start;
    if (p->ncols == 0) {
        p->ncols = n;
        if (check_header(p))
            return -1;
    } else if (n != p->ncols) {
        char m[160];
        snprintf(m, sizeof m, "%zu field%s, the header has %zu (a cut or foreign CSV)", n, n == 1 ? "" : "s",
                 p->ncols);
        return fail(p, p->line, m);
    } else if (++p->rows > p->lim->max_rows) {
        char m[96];
        snprintf(m, sizeof m, "more than %zu rows", p->lim->max_rows);
        return fail(p, p->line, m);
    }
    p->row_start = p->nfields;
    return 0;
}

static int run(parser *p, const char *s, size_t len)
{
    enum { FIELD_START, UNQUOTED, QUOTED, QUOTE_SEEN } st = FIELD_START;
    size_t start = 0, quote_line = 0;
    p->line = 1;
    size_t line = 1;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '\0')
            return fail(p, line, "a NUL byte: a binary file, not a CSV");
        switch (st) {
        case FIELD_START:
            start = p->used;
            if (c == '"') {
                st = QUOTED;
                quote_line = line;
                break;
            }
            st = UNQUOTED;
            /* fall through */
        case UNQUOTED:
            if (c == ',') {
                if (push_field(p, start))
                    return -1;
                st = FIELD_START;
            } else if (c == '\n' || (c == '\r' && i + 1 < len && s[i + 1] == '\n')) {
                if (c == '\r')
                    i++;
                if (push_field(p, start) || end_row(p))
                    return -1;
                p->line = ++line;
                st = FIELD_START;
            } else if (c == '"') {
                return fail(p, line, "a quote inside an unquoted field");
            } else if (c == '\r') {
                return fail(p, line, "a carriage return without a line feed");
            } else {
                p->text[p->used++] = c;
            }
            break;
        case QUOTED:
            if (c == '"') {
                st = QUOTE_SEEN;
            } else {
                if (c == '\n')
                    line++;
                p->text[p->used++] = c;
            }
            break;
        case QUOTE_SEEN:
            if (c == '"') {
                p->text[p->used++] = '"';
                st = QUOTED;
            } else if (c == ',') {
                if (push_field(p, start))
                    return -1;
                st = FIELD_START;
            } else if (c == '\n' || (c == '\r' && i + 1 < len && s[i + 1] == '\n')) {
                if (c == '\r')
                    i++;
                if (push_field(p, start) || end_row(p))
                    return -1;
                p->line = ++line;
                st = FIELD_START;
            } else {
                return fail(p, line, "text after a closing quote");
            }
            break;
        }
    }
    if (st == QUOTED) {
        char m[128];
        snprintf(m, sizeof m, "a quoted field opened on line %zu never ends (the file was cut?)", quote_line);
        return fail(p, line, m);
    }
    if (st != FIELD_START)
        return fail(p, line, "the last row has no line end: the file was cut (discbench ends every row "
                             "with one)");
    return 0;
}

int db_csv_parse(const char *text, size_t len, const char *name, const db_csv_limits *lim,
                 db_csv_table *out, db_error *err)
{
    memset(out, 0, sizeof *out);
    if (!lim)
        lim = &db_csv_default_limits;
    if (len > lim->max_bytes)
        return db_error_set(err, DB_EXIT_INPUT, "%s: larger than %zu MiB (not a discbench CSV?)", name,
                            lim->max_bytes >> 20);
    if (len == 0)
        return db_error_set(err, DB_EXIT_INPUT, "%s: empty file (no header row)", name);
    parser p = { .name = name, .lim = lim, .err = err };
    p.text = malloc(len + 1);
    if (!p.text)
        return db_error_set(err, DB_EXIT_INPUT, "%s: out of memory", name);
    if (run(&p, text, len)) {
        free(p.text);
        free(p.fields);
        return -1;
    }
    out->ncols = p.ncols;
    out->nrows = p.rows;
    out->header = p.fields;
    out->cells = p.fields + p.ncols;
    out->text_ = p.text;
    return 0;
}

int db_csv_read(const char *path, const db_csv_limits *lim, db_csv_table *out, db_error *err)
{
    memset(out, 0, sizeof *out);
    if (!lim)
        lim = &db_csv_default_limits;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return db_error_set(err, DB_EXIT_INPUT, "%s: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
        close(fd);
        return db_error_set(err, DB_EXIT_INPUT, "%s: not a regular file", path);
    }
    if ((uint64_t)st.st_size > lim->max_bytes) {
        close(fd);
        return db_error_set(err, DB_EXIT_INPUT, "%s: larger than %zu MiB (not a discbench CSV?)", path,
                            lim->max_bytes >> 20);
    }
    size_t len = (size_t)st.st_size;
    char *buf = malloc(len ? len : 1);
    if (!buf) {
        close(fd);
        return db_error_set(err, DB_EXIT_INPUT, "%s: out of memory", path);
    }
    size_t got = 0;
    while (got < len) {
        ssize_t n = read(fd, buf + got, len - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    close(fd);
    int rc = db_csv_parse(buf, got, path, lim, out, err);
    free(buf);
    return rc;
}

void db_csv_table_free(db_csv_table *t)
{
    free(t->header);
    free(t->text_);
    memset(t, 0, sizeof *t);
}

int db_csv_table_col(const db_csv_table *t, const char *name)
{
    for (size_t i = 0; i < t->ncols; i++)
        if (!strcmp(t->header[i], name))
            return (int)i;
    return -1;
}

int db_csv_cell_num(const db_csv_table *t, size_t r, int c, double *out)
{
    if (c < 0 || (size_t)c >= t->ncols || r >= t->nrows)
        return -1;
    const char *s = db_csv_cell(t, r, (size_t)c);
    return *s ? db_parse_double(s, out) : -1;
}
