/* csv_kind.h - which discbench test wrote a CSV, told from its header:
 * each test's CSV has columns no other one has.  Only the columns compare
 * and the results store rely on are required, so a column added to a test
 * later does not make its older CSVs unreadable (or the reverse).
 *
 * Every discbench CSV has a `source` column saying "simulated" or
 * "measured" on every row; a CSV without it, or with another word there,
 * is not one of ours. */
#ifndef DB_REPORT_CSV_KIND_H
#define DB_REPORT_CSV_KIND_H

#include "../util/error.h"
#include "csv_read.h"

/* The test whose columns the header has ("transfer", "dae", "seek",
 * "quality", "c2scan", "scan"), or NULL. */
const char *db_csv_kind_of(const db_csv_table *t);

/* Check t is a discbench CSV of `test` (NULL: of any test) with rows whose
 * source column is simulated or measured.  *kind gets the test.  0, or -1
 * with err (DB_EXIT_INPUT, "NAME: ...") naming what is missing. */
int db_csv_kind_check(const db_csv_table *t, const char *name, const char *test, const char **kind,
                      db_error *err);

/* True if any row's source column says simulated. */
int db_csv_any_simulated(const db_csv_table *t);

#endif
