/* csv.c - RFC 4180 results files (see csv.h).
 *
 * Line ends are LF, not the CRLF that RFC 4180 section 2 describes: RFC 4180
 * readers (Python's csv, LibreOffice, R's read.csv) and gnuplot all accept
 * LF, and LF keeps the files diffable and greppable on the systems that run
 * discbench.  A field that itself contains CR or LF is quoted, so a reader
 * never mistakes it for a row end.
 *
 * Durability: every row is formatted completely in memory and handed to the
 * kernel in one write(2), then fdatasync'd.  If the process is killed between
 * rows the file ends on a complete row.  Two cases can still leave the last
 * row cut short, always without its line end: a short write (disk full),
 * which write_all() continues and reports, and a SIGKILL landing inside the
 * one write of a row that spans a 4 KiB page boundary (Linux copies a write
 * into the page cache a page at a time and stops between pages for a fatal
 * signal).  No row is ever mixed with another; readers drop or refuse an
 * unterminated last line (tests/unit/test_report_csv.c). */
#include "csv.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../util/safefile.h"

struct db_csv {
    int fd;
    size_t ncols;
    char *path;   /* for error messages */
    unsigned sync_every, unsynced; /* db_csv_sync_every */
};

static int needs_quotes(const char *s)
{
    return strpbrk(s, ",\"\r\n") != NULL;
}

/* Bytes the field takes once quoted (without a NUL). */
static size_t quoted_len(const char *s)
{
    if (!needs_quotes(s))
        return strlen(s);
    size_t n = 2;
    for (; *s; s++)
        n += *s == '"' ? 2 : 1;
    return n;
}

/* Caller guarantees room for quoted_len(s) bytes; no NUL is written. */
static size_t quote_into(const char *s, char *out)
{
    if (!needs_quotes(s)) {
        size_t n = strlen(s);
        memcpy(out, s, n);
        return n;
    }
    size_t n = 0;
    out[n++] = '"';
    for (; *s; s++) {
        if (*s == '"')
            out[n++] = '"';
        out[n++] = *s;
    }
    out[n++] = '"';
    return n;
}

size_t db_csv_quote(const char *field, char *out, size_t out_len)
{
    size_t need = quoted_len(field);
    if (need + 1 > out_len)
        return (size_t)-1;
    size_t n = quote_into(field, out);
    out[n] = '\0';
    return n;
}

void db_csv_fmt_double(char *buf, size_t len, double v, int decimals)
{
    if (len == 0)
        return;
    /* An empty field is what spreadsheets and gnuplot read as "no value";
     * "nan" or "inf" would be parsed as text or as a huge number. */
    if (!isfinite(v)) {
        buf[0] = '\0';
        return;
    }
    if (decimals < 0)
        decimals = 0;
    if (decimals > 17)
        decimals = 17;
    int n = snprintf(buf, len, "%.*f", decimals, v);
    /* "-0.00" would make a column of zeros look signed; print it as 0. */
    if (n > 0 && (size_t)n < len && buf[0] == '-' && strspn(buf + 1, "0.") == (size_t)n - 1)
        memmove(buf, buf + 1, (size_t)n);
}

/* write(2) until everything is out: a signal or a short write must not
 * leave half a row behind silently. */
static int write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Join fields into one line (with the trailing LF) and write it. */
static int write_line(db_csv *csv, const char *const *fields, size_t n, db_error *err)
{
    /* n - 1 separators and the LF make n; the spare byte only spares the
     * compiler from proving n > 0. */
    size_t total = n + 1;
    for (size_t i = 0; i < n; i++)
        total += quoted_len(fields[i]);
    char *line = malloc(total);
    if (!line)
        return db_error_set(err, DB_EXIT_OUTPUT, "cannot write results to %s: out of memory", csv->path);
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        if (i)
            line[at++] = ',';
        at += quote_into(fields[i], line + at);
    }
    line[at++] = '\n';
    int rc = write_all(csv->fd, line, at);
    free(line);
    if (rc == 0 && ++csv->unsynced >= csv->sync_every) {
        csv->unsynced = 0;
        if (fdatasync(csv->fd) != 0)
            rc = -1;
    }
    if (rc != 0)
        return db_error_set(err, DB_EXIT_OUTPUT, "cannot write results to %s: %s", csv->path,
                            strerror(errno));
    return 0;
}

db_csv *db_csv_create(const char *path, const char *const *columns, size_t ncols, db_error *err)
{
    if (ncols == 0) {
        db_error_set(err, DB_EXIT_OUTPUT, "cannot write results to %s: no columns", path);
        return NULL;
    }
    for (size_t i = 0; i < ncols; i++) {
        if (!columns[i]) {
            db_error_set(err, DB_EXIT_OUTPUT, "cannot write results to %s: column %zu has no name",
                         path, i + 1);
            return NULL;
        }
    }
    db_csv *csv = calloc(1, sizeof *csv);
    char *p = strdup(path);
    if (!csv || !p) {
        free(csv);
        free(p);
        db_error_set(err, DB_EXIT_OUTPUT, "cannot write results to %s: out of memory", path);
        return NULL;
    }
    csv->path = p;
    csv->ncols = ncols;
    csv->sync_every = 1;
    csv->fd = db_open_write(path, 0); /* never through a symbolic link */
    if (csv->fd < 0) {
        db_error_set(err, DB_EXIT_OUTPUT, "cannot write results to %s: %s", path, db_write_strerror(errno));
        free(csv->path);
        free(csv);
        return NULL;
    }
    if (write_line(csv, columns, ncols, err) != 0) {
        db_csv_close(csv);
        return NULL;
    }
    return csv;
}

int db_csv_row_n(db_csv *csv, const char *const *fields, size_t nfields, db_error *err)
{
    if (nfields != csv->ncols)
        return db_error_set(err, DB_EXIT_OUTPUT,
                            "cannot write results to %s: row has %zu fields, header has %zu",
                            csv->path, nfields, csv->ncols);
    for (size_t i = 0; i < nfields; i++) {
        if (!fields[i])
            return db_error_set(err, DB_EXIT_OUTPUT,
                                "cannot write results to %s: row has %zu fields, header has %zu",
                                csv->path, i, csv->ncols);
    }
    return write_line(csv, fields, nfields, err);
}

int db_csv_row(db_csv *csv, const char *const *fields, db_error *err)
{
    return db_csv_row_n(csv, fields, csv->ncols, err);
}

void db_csv_sync_every(db_csv *csv, unsigned n)
{
    csv->sync_every = n ? n : 1;
}

size_t db_csv_ncols(const db_csv *csv)
{
    return csv->ncols;
}

void db_csv_close(db_csv *csv)
{
    if (!csv)
        return;
    if (csv->fd >= 0) {
        if (csv->unsynced)
            fdatasync(csv->fd);
        close(csv->fd);
    }
    free(csv->path);
    free(csv);
}
