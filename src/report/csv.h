/* csv.h - RFC 4180 CSV results: one header row, units in column names, one
 * row per zone.  Each row is formatted in memory and written with a single
 * write(2) then fdatasync'd, so an interrupted run (even kill -9) keeps every
 * complete row and never a torn one. */
#ifndef DB_REPORT_CSV_H
#define DB_REPORT_CSV_H

#include <stddef.h>

#include "../util/error.h"

typedef struct db_csv db_csv;

/* Create (truncate) path and write the header row. */
db_csv *db_csv_create(const char *path, const char *const *columns, size_t ncols, db_error *err);
/* Write one row of ncols fields (quoted as RFC 4180 requires).  A NULL
 * among the first ncols fields (a short, NULL-terminated array) is an error. */
int db_csv_row(db_csv *csv, const char *const *fields, db_error *err);
/* The same with the caller's field count: nfields != ncols is an error
 * (DB_EXIT_OUTPUT), so a row can never shift columns. */
int db_csv_row_n(db_csv *csv, const char *const *fields, size_t nfields, db_error *err);
/* fdatasync only every n-th row (and at close) instead of every row, for
 * CSVs with thousands of rows (a row per second of disc).  Each row is
 * still one write(2): a killed process still leaves whole rows only; a
 * power cut may lose the last n - 1.  n = 0 or 1: every row (default). */
void db_csv_sync_every(db_csv *csv, unsigned n);
/* Number of columns in the header. */
size_t db_csv_ncols(const db_csv *csv);
void db_csv_close(db_csv *csv);

/* Format helpers for fields: fixed decimals, "" for NaN and +-inf. */
void db_csv_fmt_double(char *buf, size_t len, double v, int decimals);

/* Quote one field into out per RFC 4180 (only when needed). Returns length, or
 * (size_t)-1 if out is too small. */
size_t db_csv_quote(const char *field, char *out, size_t out_len);

#endif
