/* errscan_cli.h - what the error-test commands (quality, c2scan, scan)
 * share beyond run.h: the --speed option (X or max) and the c2scan's
 * terminal summary, which quality prints when it falls back to c2scan. */
#ifndef DB_CLI_ERRSCAN_CLI_H
#define DB_CLI_ERRSCAN_CLI_H

#include "../bench/c2scan.h"
#include "run.h"

/* Long-option code of --speed in these commands. */
enum { DB_OPT_ERRSCAN_SPEED = 0x180 };

/* --speed X (1..100) -> X; "max" -> -1 (the drive's maximum).  -1 with
 * err set (DB_EXIT_USAGE) on a bad value. */
int db_cli_errscan_speed(const char *arg, double *out, db_error *err);

void db_print_c2scan_summary(const db_drive *d, const c2scan_result *r, const char *dir, double wall_s);

#endif
