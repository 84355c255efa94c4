/* csv_read.h - reading a results CSV back (compare, the results store):
 * RFC 4180 with limits, because a CSV handed to `discbench compare` may
 * come from anywhere.
 *
 * Accepted: fields separated by commas; a field may be quoted with double
 * quotes, a quote inside it doubled (""), and then hold commas, CR and LF;
 * rows end with LF or CRLF.  The first row is the header; every row must
 * have exactly as many fields as the header.
 *
 * Refused, each with one line "PATH:LINE: what is wrong":
 *   - a file larger than max_bytes, more than max_rows rows, more than
 *     max_cols columns or a field longer than max_field bytes;
 *   - a NUL byte (a binary file), an unterminated quoted field, a quote in
 *     the middle of an unquoted field or text after a closing quote;
 *   - a row with a different number of fields than the header;
 *   - a last row without its line end: discbench writes every row in one
 *     write(2) with its LF, so a missing one means the file was cut;
 *   - an empty file, an empty or duplicated column name. */
#ifndef DB_REPORT_CSV_READ_H
#define DB_REPORT_CSV_READ_H

#include <stddef.h>

#include "../util/error.h"

typedef struct db_csv_limits {
    size_t max_bytes;   /* whole file */
    size_t max_rows;    /* data rows, header excluded */
    size_t max_cols;
    size_t max_field;   /* bytes of one field once unquoted */
} db_csv_limits;

/* 64 MiB, 1,000,000 rows, 256 columns, 4096 bytes: far above anything
 * discbench writes (a quality scan of a 99-minute disc is 5,940 rows). */
extern const db_csv_limits db_csv_default_limits;

typedef struct db_csv_table {
    size_t ncols, nrows;
    char **header;      /* ncols names */
    char **cells;       /* nrows * ncols fields, row-major, NUL-terminated */
    char *text_;        /* every field's bytes (owned; the pointers above point into it) */
} db_csv_table;

/* Parse text (len bytes; need not be NUL-terminated).  name is used in
 * messages.  lim NULL = the defaults.  0, or -1 with err set
 * (DB_EXIT_INPUT) and *out empty. */
int db_csv_parse(const char *text, size_t len, const char *name, const db_csv_limits *lim,
                 db_csv_table *out, db_error *err);

/* Read and parse a file (its size is checked before it is read). */
int db_csv_read(const char *path, const db_csv_limits *lim, db_csv_table *out, db_error *err);

void db_csv_table_free(db_csv_table *t);

/* Column index by name, -1 when absent. */
int db_csv_table_col(const db_csv_table *t, const char *name);

/* Field at data row r, column c (both in range). */
static inline const char *db_csv_cell(const db_csv_table *t, size_t r, size_t c)
{
    return t->cells[r * t->ncols + c];
}

/* The field as a number: 0 with *out set, -1 when empty or not a number. */
int db_csv_cell_num(const db_csv_table *t, size_t r, int c, double *out);

#endif
