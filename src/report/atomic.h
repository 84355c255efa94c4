/* atomic.h - replace a results file all at once (summary.json, .gp
 * scripts): write DIR/.NAME.tmp, fsync it, rename it over DIR/NAME, fsync
 * DIR.  A reader (or a crash) sees the old file or the new one, never a
 * half-written one.
 *
 *   db_atomic a;
 *   if (db_atomic_open(&a, "out/summary.json", &err) != 0) return -1;
 *   fprintf(a.f, ...);
 *   if (db_atomic_commit(&a, &err) != 0) return -1;   // also on failure: a is released
 *
 * Call db_atomic_abort instead of commit to drop the temporary file. */
#ifndef DB_REPORT_ATOMIC_H
#define DB_REPORT_ATOMIC_H

#include <stdio.h>

#include "../util/error.h"

/* Linux's PATH_MAX, spelled out so the header needs no feature macros. */
#define DB_ATOMIC_PATH_MAX 4096

typedef struct db_atomic {
    FILE *f;                  /* write here; NULL once committed or aborted */
    char path[DB_ATOMIC_PATH_MAX];     /* the final name */
    char tmp_path[DB_ATOMIC_PATH_MAX];  /* DIR/.NAME.tmp */
} db_atomic;

/* Create the temporary file.  0, or -1 with err set (DB_EXIT_OUTPUT). */
int db_atomic_open(db_atomic *a, const char *path, db_error *err);
/* Flush, fsync, close, rename into place, fsync the directory.  0, or -1
 * with err set; on failure the temporary file is removed.  Either way a->f
 * is closed. */
int db_atomic_commit(db_atomic *a, db_error *err);
/* Close and remove the temporary file (no-op after commit). */
void db_atomic_abort(db_atomic *a);

#endif
