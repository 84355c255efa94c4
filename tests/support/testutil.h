/* testutil.h - helpers shared by the cmocka tests (not part of discbench). */
#ifndef DB_TESTUTIL_H
#define DB_TESTUTIL_H

#include <stddef.h>

/* A fresh empty directory under $TMPDIR (or /tmp); caller frees. */
char *tu_tmpdir(const char *tag);
/* rm -rf dir (best effort). */
void tu_rmrf(const char *dir);

/* Run the discbench binary ($DISCBENCH_BIN) with args (NULL-terminated),
 * capturing stdout and stderr (malloc'd, NUL-terminated; may be NULL to
 * discard).  Returns the exit status, or 128+signal if killed. */
int tu_run_discbench(char **out, char **err, const char *const *args);
/* Run any argv likewise (argv[0] looked up on PATH). */
int tu_run(char **out, char **err, const char *const *argv);

/* Start discbench with args (output discarded), wait until csv_path holds
 * at least min_rows rows (header included) or timeout_ms passes, send sig,
 * and return how it ended: its exit status, or 128+signal. */
int tu_signal_after_rows(const char *const *args, const char *csv_path, size_t min_rows,
                         int timeout_ms, int sig);

/* Whole file, NUL-terminated; NULL if unreadable.  *len optional. */
char *tu_read_file(const char *path, size_t *len);

/* A parsed CSV: rows[0] is the header. */
typedef struct tu_csv {
    size_t nrows, ncols;
    char ***rows;
} tu_csv;
/* Parse RFC 4180 text (quoted fields allowed); 0 on success. */
int tu_csv_load(const char *path, tu_csv *out);
void tu_csv_free(tu_csv *c);
/* Column index by header name, -1 if absent. */
int tu_csv_col(const tu_csv *c, const char *name);
/* Numeric value at data row r (0-based, header excluded), column name. */
double tu_csv_num(const tu_csv *c, size_t r, const char *name);

/* Call fn(name, arg) for every shipped drive profile ($DB_SRC/profiles/
 * drives/NAME.profile); returns how many there were. */
int tu_for_each_drive_profile(void (*fn)(const char *name, void *arg), void *arg);

/* Path of a shipped profile: $DB_SRC/profiles/<kind>/<name>.profile (static buffer per call site is not used: caller frees). */
char *tu_profile(const char *kind, const char *name);

#endif
