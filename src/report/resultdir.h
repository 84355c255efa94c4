/* resultdir.h - the results directory of one run (see DESIGN "Output
 * conventions"): created if missing and proven writable before the test
 * starts, so a run never measures for minutes and then fails to save. */
#ifndef DB_REPORT_RESULTDIR_H
#define DB_REPORT_RESULTDIR_H

#include "../util/error.h"

/* mkdir -p dir (mode 0755 before umask), check that it is a directory and
 * that a file can be created in it (a probe file is created and removed:
 * access(2) alone says yes to root on a read-only mount).  0, or -1 with
 * err = DB_EXIT_OUTPUT "cannot write results to DIR: REASON". */
int db_resultdir_prepare(const char *dir, db_error *err);

#endif
