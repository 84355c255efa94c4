/* suite.h - every test that applies to one drive and disc, in one
 * results directory with a report.
 *
 * Method (also in the README):
 *  - `info` first: its assessment (info_assess.c) says which tests can run
 *    on this drive and disc, and why the others cannot;
 *  - then, in this order, each test that applies and was not left out with
 *    --tests: transfer (data tracks), dae (audio tracks), seek, quality
 *    (a vendor C1/C2 protocol) or else c2scan (C2 pointers), scan; each in
 *    its own subdirectory DIR/<test>/ with its usual files;
 *  - a test that fails does not stop the others (a drive that stops
 *    answering makes the following tests fail quickly and say so); SIGINT
 *    stops the suite after the running test has kept its results;
 *  - DIR/info.json (as `info --json`), DIR/suite.csv (one row per test),
 *    DIR/summary.json and, written by suite_report(), DIR/report.md.
 *
 * Several drives run one suite each, in a thread each (cli/cmd_suite.c):
 * a suite touches only its own drive, its own directory and its own
 * result; nothing here is shared or global. */
#ifndef DB_BENCH_SUITE_H
#define DB_BENCH_SUITE_H

#include <stdbool.h>

#include "bench.h"
#include "info.h"

typedef enum suite_test {
    SUITE_TRANSFER, SUITE_DAE, SUITE_SEEK, SUITE_QUALITY, SUITE_C2SCAN, SUITE_SCAN, SUITE_TESTS
} suite_test;

/* "transfer", "dae", "seek", "quality", "c2scan", "scan" */
const char *suite_test_name(suite_test t);
/* Parse --tests "transfer,seek,..." into a mask of (1 << suite_test);
 * -1 with err on an unknown name. */
int suite_parse_tests(const char *list, unsigned *mask, db_error *err);

typedef struct suite_opts {
    unsigned tests;        /* mask of tests allowed (default all) */
    int zones;             /* transfer, dae, c2scan, scan; 0 = each test's default */
    int samples;           /* seek samples per kind; -1 = default */
    bool no_cpu;           /* seek: no CPU measurement (several drives share the process) */
    /* Called after each test with its directory and exit code (the CLI
     * records it in the results store); may be NULL. */
    void (*after_test)(void *arg, suite_test t, const char *dir, int rc);
    void *after_arg;
} suite_opts;

typedef struct suite_test_result {
    bool applies;          /* info says it can run here */
    bool selected;         /* not left out by --tests */
    bool ran;
    int rc;                /* its exit code */
    char why[DB_INFO_WHY]; /* why it did not run */
    char ran_as[16];       /* the test whose files it wrote (quality may fall back to c2scan) */
    char status[32];       /* its summary.json status */
    char headline[400];    /* the figures in one line */
    char error[512];       /* its one-line error, if any */
    char picture[96];      /* its PNG relative to the suite directory, "" none */
    char picture2[96];     /* dae: data-vs-audio.png */
} suite_test_result;

typedef struct suite_result {
    db_info info;          /* asked at the start */
    char drive_name[96];   /* "LITE-ON LTR-40125S ZS0K" */
    char device[256];
    bool simulated;
    char disc[256];        /* the drive's disc description ("" for a real drive) */
    double write_speed_x;  /* --write-speed, 0 = not given */
    suite_test_result tests[SUITE_TESTS];
    int rc;                /* the suite's exit code: 130 interrupted, else the first failing test's */
    char status[32];       /* complete, partial, interrupted, failed */
    char error[512];       /* why the suite could not start */
    double wall_s;
} suite_result;

/* Run the suite on ctx->drive into ctx->out_dir (created by the caller).
 * res is large (the info): allocate it.  Returns res->rc. */
int suite_run(const db_bench_ctx *ctx, const suite_opts *opts, suite_result *res, db_error *err);

/* DIR/report.md for one drive (prefix[0] = "") or several (prefix[i] =
 * the drive's subdirectory), with the comparison pictures (compare[]:
 * directories relative to DIR holding compare*.png) when there are
 * several drives.  0, or -1 with err. */
int suite_report(const char *dir, const char *command, const suite_result *const *res,
                 const char *const *prefix, int n, const char *const *compare, int ncompare, db_error *err);

/* DIR/summary.json of a suite over several drives: each drive's status and
 * directory (each drive directory has its own summary.json), the
 * comparisons, the exit code. */
int suite_top_summary(const char *dir, const char *command, const suite_result *const *res,
                      const char *const *prefix, int n, const char *const *compare, int ncompare, int rc,
                      db_error *err);

/* ---- parts ---- */

/* DIR/info.json, DIR/suite.csv and DIR/summary.json of one drive's suite
 * (suite_out.c). */
int suite_write_files(const db_bench_ctx *ctx, const db_identity *id, const suite_result *res, db_error *err);

#endif
