/* errscan_cli.h - what the error-test commands (quality, c2scan, scan)
 * share on the command line: the common options and the set-up between
 * parsing and the test (results directory, drive, context). */
#ifndef DB_CLI_ERRSCAN_CLI_H
#define DB_CLI_ERRSCAN_CLI_H

#include <getopt.h>

#include "../bench/bench.h"
#include "cli.h"

typedef struct db_errscan_common {
    db_device_opts dev;
    double speed_x;            /* 0: the test's default */
    const char *label, *outdir;
    bool no_plot;
} db_errscan_common;

/* getopt_long rows of the common options; the short codes used are
 * d D s S l r o P h. */
#define DB_ERRSCAN_LONGOPTS                                                            \
    { "device", required_argument, 0, 'd' }, { "disc", required_argument, 0, 'D' },   \
    { "speed", required_argument, 0, 's' }, { "seed", required_argument, 0, 'S' },    \
    { "label", required_argument, 0, 'l' }, { "realtime", no_argument, 0, 'r' },      \
    { "output", required_argument, 0, 'o' }, { "no-plot", no_argument, 0, 'P' },      \
    { "help", no_argument, 0, 'h' }

/* 1: c was a common option (handled), 0: not one, -1: bad value (err set). */
int db_errscan_common_opt(db_errscan_common *o, int c, const char *arg, db_error *err);

typedef struct db_errscan_session {
    db_drive drive;
    db_bench_ctx ctx;
    db_progress prog;
    char cmdline[2048];
    char outbuf[1024];
    uint64_t wall0;
} db_errscan_session;

/* Results directory checked (before the drive is touched), drive opened,
 * context ready.  0, or -1 with err set. */
int db_errscan_open(db_errscan_common *o, const char *test, int argc, char **argv, const db_cli_env *env,
                    db_errscan_session *s, db_error *err);
/* Seconds of wall time since open. */
double db_errscan_wall_s(const db_errscan_session *s);
void db_errscan_close(db_errscan_session *s);

/* The c2scan's terminal summary (cmd_c2scan.c; quality prints it when it
 * falls back). */
struct c2scan_result;
void db_print_c2scan_summary(const db_drive *d, const struct c2scan_result *r, const char *dir, double wall_s);

#endif
