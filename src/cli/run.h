/* run.h - what every test command shares: the common options (device,
 * disc, seed, realtime, label, output, no-plot, trace) and the steps around
 * a bench module (results directory checked first, drive opened, context
 * built, progress, drive closed).  A cmd_*.c file adds only its own options
 * and its summary. */
#ifndef DB_CLI_RUN_H
#define DB_CLI_RUN_H

#include <getopt.h>
#include <stdbool.h>

#include "../bench/bench.h"
#include "../drive/retry.h"
#include "cli.h"

/* Option codes of the long-only common options (outside the char range). */
enum {
    DB_OPT_DISC = 0x100, DB_OPT_SEED, DB_OPT_REALTIME, DB_OPT_LABEL, DB_OPT_NO_PLOT,
    DB_OPT_TRACE, DB_OPT_TRACE_NO_DATA, DB_OPT_DB, DB_OPT_NO_STORE, DB_OPT_WRITE_SPEED,
    DB_OPT_FAULT, DB_OPT_FORCE, DB_OPT_DISC_NAME
};

/* getopt_long entries of the common options; a command lists its own after. */
#define DB_RUN_LONGOPTS                                                                   \
    { "device", required_argument, 0, 'd' }, { "output", required_argument, 0, 'o' },    \
    { "help", no_argument, 0, 'h' }, { "disc", required_argument, 0, DB_OPT_DISC },      \
    { "seed", required_argument, 0, DB_OPT_SEED },                                        \
    { "realtime", no_argument, 0, DB_OPT_REALTIME },                                      \
    { "label", required_argument, 0, DB_OPT_LABEL },                                      \
    { "disc-name", required_argument, 0, DB_OPT_DISC_NAME },                              \
    { "no-plot", no_argument, 0, DB_OPT_NO_PLOT },                                        \
    { "trace", required_argument, 0, DB_OPT_TRACE },                                      \
    { "trace-no-data", no_argument, 0, DB_OPT_TRACE_NO_DATA },                             \
    { "db", required_argument, 0, DB_OPT_DB },                                            \
    { "no-store", no_argument, 0, DB_OPT_NO_STORE },                                      \
    { "write-speed", required_argument, 0, DB_OPT_WRITE_SPEED },                          \
    { "fault", required_argument, 0, DB_OPT_FAULT },                                      \
    { "force", no_argument, 0, DB_OPT_FORCE }
#define DB_RUN_SHORTOPTS ":d:o:h"

/* Help lines for the common options, for a command's usage text. */
#define DB_RUN_HELP                                                                        \
    "  -d, --device DEV   /dev/sr0, sim:NAME / sim:PATH for the virtual drive, or\n"       \
    "                     replay:TRACE to answer from a recorded trace\n"                  \
    "                     (default: first drive found, else " DB_DEFAULT_SIM ")\n"         \
    "      --disc DISC    virtual drive only: media profile name or path, disc image\n"    \
    "                     (.cue/.bin, .toc, .nrg, .iso) or synthetic:MINUTES\n"            \
    "      --seed N       seed of the virtual drive's error model and of sampling (1)\n"   \
    "      --realtime     virtual drive only: take real time instead of virtual time\n"    \
    "      --label TEXT   a label for the disc (brand, burn speed) kept in the results\n"  \
    "      --disc-name NAME  which physical disc this is (\"TY-48x-03\"): grade counts\n"  \
    "                     the scans of one named disc once, by its latest scan\n"        \
    "  -o, --output DIR   results directory (default results/TEST-DATE-TIME)\n"            \
    "      --no-plot      write the .gp script but do not run gnuplot\n"                   \
    "      --trace FILE   record every command sent to the drive (gzip'd text)\n"          \
    "      --trace-no-data  in the trace, replace data read from the disc by a digest\n"    \
    "      --write-speed X  the disc's burn speed, kept for grading (default: the X\n"     \
    "                     of --disc NAME:write=X)\n"                                        \
    "      --db PATH      results store (default $XDG_DATA_HOME/discbench/results.db)\n"    \
    "      --no-store     do not record this run in the results store\n"                   \
    "      --force        overwrite the results of an earlier run in DIR\n"                \
    "      --fault SPEC   virtual drive only: inject drive faults (repeatable), e.g.\n"   \
    "                     medium:lba=1000-1010, removed:cmd=500 (docs/reliability.md)\n"  \
    "  -h, --help         this text\n"

typedef struct db_cli_run {
    const char *test;           /* "transfer", for messages and the default directory */
    const char *usage;          /* the command's help text */
    db_device_opts dev;
    const char *label;
    const char *disc_name;      /* --disc-name, NULL: none */
    const char *outdir;         /* NULL: results/<test>-DATE-TIME */
    bool force;                 /* --force: overwrite an earlier run's results in outdir */
    bool no_plot;
    bool wants_outdir;          /* false for commands that write no results (info) */
    char outbuf[1024];
    char cmdline[2048];
    db_drive drive;
    bool drive_open;
    db_progress prog;
    db_bench_ctx ctx;
    db_fault_log faults;        /* ctx.faults: commands that failed (drive/retry.h) */
    uint64_t wall0_ns;
    /* the results store (store_cli.c): every run is recorded unless --no-store */
    const char *db_path;        /* --db, NULL = default */
    bool no_store;
    double write_speed_x;       /* --write-speed, 0 = not given */
    struct db_store *store;
    int64_t store_run;          /* the run's row, 0 = none */
} db_cli_run;

void db_cli_run_init(db_cli_run *r, const char *test, const char *usage, int argc, char **argv);

/* Handle option c (from getopt_long over DB_RUN_LONGOPTS).  Returns 1 when
 * handled, 0 when c is not a common option, 2 when --help was printed (exit
 * 0), -1 on a bad value or a getopt error (err set, DB_EXIT_USAGE). */
int db_cli_run_option(db_cli_run *r, int c, int argc, char **argv, db_error *err);

/* After getopt: no stray arguments allowed.  0 or -1 (err set). */
int db_cli_run_no_args(db_cli_run *r, int argc, char **argv, db_error *err);

/* A command's own options: handle getopt code c with its argument; 0, or
 * -1 with err set (DB_EXIT_USAGE) on a bad value. */
typedef int (*db_cli_opt_fn)(int c, const char *arg, void *opts, db_error *err);

/* The whole option loop: common options into r, the others to own(opts),
 * then no stray arguments.  0 = go on, 1 = --help was printed (exit 0),
 * -1 = usage error (err set). */
int db_cli_run_parse(db_cli_run *r, int argc, char **argv, const struct option *longopts,
                     db_cli_opt_fn own, void *opts, db_error *err);

/* Prepare the results directory (before the drive is touched: a test must
 * never run for minutes and have nowhere to put its results), open the
 * drive (with --trace when asked), print the device note, fill r->ctx. */
int db_cli_run_start(db_cli_run *r, const db_cli_env *env, db_error *err);

/* Wall seconds since db_cli_run_start. */
double db_cli_run_wall_s(const db_cli_run *r);

/* End the progress line and close the drive; then store the results
 * directory in the results store (prints where; a failure to store is a
 * warning on stderr, the results stay in the directory).  Idempotent. */
void db_cli_run_close(db_cli_run *r);

/* Print "discbench: TEST: message" and return the exit code to use. */
int db_cli_run_fail(const db_cli_run *r, const db_error *err);

#endif
