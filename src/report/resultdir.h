/* resultdir.h - the results directory of one run (see DESIGN "Output
 * conventions"): created if missing and proven writable before the test
 * starts, so a run never measures for minutes and then fails to save. */
#ifndef DB_REPORT_RESULTDIR_H
#define DB_REPORT_RESULTDIR_H

#include <stdbool.h>

#include "../util/error.h"

/* mkdir -p dir (mode 0755 before umask), check that it is a directory and
 * that a file can be created in it (a probe file is created and removed:
 * access(2) alone says yes to root on a read-only mount).  0, or -1 with
 * err = DB_EXIT_OUTPUT "cannot write results to DIR: REASON". */
int db_resultdir_prepare(const char *dir, db_error *err);

/* A run's results go to a fresh directory: before a test writes into dir,
 * refuse (DB_EXIT_OUTPUT, one line naming --force) when dir already holds
 * an earlier run's results - summary.json or TEST.csv - unless force; and
 * refuse always when dir itself is a symbolic link (results are never
 * written through a link: docs/reliability.md).  0 or -1 with err. */
int db_resultdir_claim(const char *dir, const char *test, bool force, db_error *err);

#endif
